"""What any import must spend, beside the budget the import target allows.

    python bench/bench_floor.py bench/data/contributions_100k.xlsx

The import target (issue 4) is the whole import on SQLite in at most half the time openpyxl
needs merely to read the file. This script measures the parts no implementation can avoid
and prints how much time per row is left for Python once they are paid:

  start-up   - a fresh interpreter importing the package (every `fundledger import` pays it)
  calamine   - python-calamine reading every row (the reader the import uses)
  db floor   - the database work alone: the rows a real import of this file wrote (postings,
               entries, findings, source rows, donors) copied into a fresh book with
               ``INSERT ... SELECT``, so SQLite runs its guard triggers and indexes in C with
               no Python per row. A faster import still writes these rows.
  least      - the least Python per row: take the cells calamine gives, store them as JSON
               text (every source row keeps its raw values) and extend a sha256 chain
               (every entry is hashed): no parsing, no rules, no posting.

It then prints the budget (0.5 x openpyxl), the per-row time that budget leaves for Python
(on one core with the database on the other, and spread over both cores), and the per-row
Python time the real import spends.
Every phase runs in a child process of its own, like bench_import.py.
"""
from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_import  # noqa: E402  (the phases are shared with the import benchmark)

COPIED_TABLES = ("donors", "postings", "entries", "findings", "source_rows")


def phase_startup() -> int:
    import ledger.cli  # noqa: F401
    import ledger.importers.service  # noqa: F401
    return 0


def raw_hash_per_row(path: Path) -> float:
    """Seconds a row for the least Python work: the cells as JSON text and one sha256 link,
    timed as the difference between reading the rows with and without it."""
    from ledger.core.canonical import canonical_json
    from ledger.importers.readers import open_spreadsheet, raw_cells

    def read(work: bool) -> tuple[float, int]:
        book = open_spreadsheet(path)
        rows = [row for name in book.sheet_names for row in book.rows(name)]
        book.close()
        tip = "0" * 64
        start = time.perf_counter()
        for row in rows:
            if work:
                text = canonical_json(raw_cells(row.cells))
                tip = hashlib.sha256((tip + text).encode("utf-8")).hexdigest()
        return time.perf_counter() - start, len(rows)

    bare, rows = read(False)
    worked, _ = read(True)
    return (worked - bare) / rows


def db_floor(imported: Path, empty: Path) -> tuple[float, dict[str, int]]:
    """Copy what the import wrote into an empty book of the same schema, guards on."""
    db = sqlite3.connect(empty, isolation_level=None)
    db.execute("ATTACH ? AS done", (str(imported),))
    counts = {t: db.execute(f"SELECT COUNT(*) FROM done.{t}").fetchone()[0] for t in COPIED_TABLES}
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT OR IGNORE INTO main.import_batches SELECT * FROM done.import_batches")
    start = time.perf_counter()
    for table in COPIED_TABLES:
        # Postings before the entries that seal them, as the guards require.
        db.execute(f"INSERT OR IGNORE INTO main.{table} SELECT * FROM done.{table} ORDER BY rowid")
    db.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed, counts


def empty_book(url: str) -> None:
    from ledger.books import create_book
    from ledger.db.engine import make_engine, run_write, upgrade
    from ledger.rules.profiles import BUILT_IN

    engine = make_engine(url)
    upgrade(engine)
    run_write(engine, lambda conn: create_book(conn, "Bench party", "Bench election", BUILT_IN["kz-2007"]))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path)
    parser.add_argument("--phase", choices=["startup"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(phase_startup())
        return

    child = bench_import.run_child
    this = [sys.executable, __file__]
    results = {
        "openpyxl": child(["--phase", "openpyxl", str(args.file)]),
        "calamine": child(["--phase", "calamine", str(args.file)]),
        "start-up": _run(this + ["--phase", "startup", str(args.file)]),
    }
    with tempfile.TemporaryDirectory() as tmp:
        imported, empty = Path(tmp) / "imported.db", Path(tmp) / "empty.db"
        results["import"] = child(["--phase", "import", "--db", f"sqlite:///{imported}", str(args.file)])
        empty_book(f"sqlite:///{empty}")
        floor, counts = db_floor(imported, empty)

    rows = int(results["import"][2])
    opx, cal, start = (results[k][0] for k in ("openpyxl", "calamine", "start-up"))
    least = raw_hash_per_row(args.file)
    imp = results["import"][0]
    budget = 0.5 * opx
    print(f"file: {args.file}, {rows} data rows; rows written: "
          + ", ".join(f"{t} {n}" for t, n in counts.items()))
    print(f"{'phase':<10} {'seconds':>9}")
    for name in ("openpyxl", "calamine", "start-up", "import"):
        print(f"{name:<10} {results[name][0]:9.2f}")
    print(f"{'db floor':<10} {floor:9.2f}   (INSERT ... SELECT of the rows above, guards on)")
    print(f"budget: 0.5 x openpyxl read = 0.5 x {opx:.2f} s = {budget:.2f} s")
    left = budget - start - cal
    print(f"left for Python after start-up and calamine: {budget:.2f} - {start:.2f} - {cal:.2f} = {left:.2f} s "
          f"= {left / rows * 1e6:.0f} us a row on one core, the database on the other")
    both = 2 * left - floor
    print(f"or, Python split perfectly over both cores beside the database: 2 x {left:.2f} - {floor:.2f} = {both:.2f} s "
          f"= {both / rows * 1e6:.0f} us of CPU a row")
    print(f"least Python a row (the cells as JSON text and one sha256 link): {least * 1e6:.0f} us")
    print(f"the import's Python a row now: ({imp:.2f} - {start:.2f} - {cal:.2f}) s / {rows} "
          f"= {(imp - start - cal) / rows * 1e6:.0f} us")


def _run(cmd: list[str]) -> tuple[float, int, str]:
    import subprocess

    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip()
    return time.perf_counter() - start, 0, out


if __name__ == "__main__":
    main()
