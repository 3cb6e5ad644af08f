"""Import benchmark: the whole import beside merely reading the same file.

    python bench/bench_import.py bench/data/contributions_100k.xlsx [--pg URL]
    python bench/bench_import.py --rows 1m          # a CSV of a million rows (made if missing): memory

Each phase runs in a child process of its own so that its wall time and its peak memory
(ru_maxrss from wait4) are its alone:

  openpyxl  - openpyxl read-only mode iterating every row (values only), nothing else
  calamine  - python-calamine reading every row
  import    - `fundledger import contributions` end to end into a fresh SQLite file
              (read, parse, classify, post, commit)
  import-pg - the same into a fresh PostgreSQL schema (with --pg)

A CSV book (make_books.py --csv) is read by neither openpyxl nor calamine: only the import
phases run, to show its time and its memory as N grows.

Each phase's wall seconds, CPU seconds (user + system, from wait4: the machine is shared, and
CPU time is what a busy neighbour does not inflate) and peak memory are printed, then both
sides of every ratio. Targets (issue 17): the import on SQLite in at most 0.5x (aim 0.4x) of
openpyxl's read of the same file; PostgreSQL at most 1.3x SQLite; memory flat in N (a CSV of
1M rows in at most 200 MB). ``FUNDLEDGER_PER_ROW=1`` in the environment times the per-row path.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path


def phase_openpyxl(path: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = 0
    for ws in wb.worksheets:
        for _ in ws.iter_rows(values_only=True):
            rows += 1
    wb.close()
    return rows


def phase_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    rows = 0
    for name in wb.sheet_names:
        for _ in wb.get_sheet_by_name(name).iter_rows():
            rows += 1
    return rows


def phase_import(path: Path, url: str) -> int:
    from ledger.books import create_book
    from ledger.db.engine import make_engine, run_write, upgrade
    from ledger.importers.service import import_books
    from ledger.rules.profiles import BUILT_IN

    engine = make_engine(url)
    upgrade(engine)
    book = run_write(engine, lambda conn: create_book(conn, "Bench party", "Bench election", BUILT_IN["kz-2007"]))
    report = import_books(engine, book=book.code, kind="contributions", paths=[path], all_sheets=True)
    data = report.as_json()
    return sum(int(v) for v in data["totals"]["counts"].values()) if "totals" in data else 0


def run_child(args: list[str]) -> tuple[float, int, str, float]:
    """(wall seconds, peak MB, what the phase printed, CPU seconds: user + system)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    out = proc.stdout.read().strip()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"phase {args[1]} failed: {out}")
    return elapsed, usage.ru_maxrss // 1024, out, usage.ru_utime + usage.ru_stime


def csv_of(rows: str) -> Path:
    """The benchmark's CSV book of ``rows`` rows ("1m", "200k"), made by make_books.py if missing."""
    here = Path(__file__).resolve().parent
    sys.path.insert(0, str(here))
    from make_books import count, label

    path = here / "data" / f"contributions_{label(count(rows))}.csv"
    if not path.exists():
        subprocess.run([sys.executable, str(here / "make_books.py"), rows, "--csv", "-o", str(path)], check=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", type=Path, nargs="?")
    parser.add_argument("--rows", default=None, help="import a CSV of this many rows (1m, 200k), made if missing")
    parser.add_argument("--pg", default=None, help="PostgreSQL URL to also import into (a fresh schema is made)")
    parser.add_argument("--phase", choices=["openpyxl", "calamine", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--db", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.file is None:
        if not args.rows:
            parser.error("give a book, or --rows N for a CSV of N rows")
        args.file = csv_of(args.rows)

    if args.phase:
        rows = {"openpyxl": lambda: phase_openpyxl(args.file), "calamine": lambda: phase_calamine(args.file),
                "import": lambda: phase_import(args.file, args.db)}[args.phase]()
        print(rows)
        return

    results = {}
    csv = args.file.suffix.lower() == ".csv"
    if not csv:   # neither reader opens CSV: for a CSV book only the import is timed
        results["openpyxl"] = run_child(["--phase", "openpyxl", str(args.file)])
        results["calamine"] = run_child(["--phase", "calamine", str(args.file)])
    with tempfile.TemporaryDirectory() as tmp:
        results["import"] = run_child(["--phase", "import", "--db", f"sqlite:///{tmp}/bench.db", str(args.file)])
    if args.pg:
        from sqlalchemy import create_engine, text

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in args.pg else "?"
        try:
            results["import-pg"] = run_child(["--phase", "import", "--db",
                                              f"{args.pg}{sep}options=-csearch_path%3D{schema}", str(args.file)])
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))

    size = args.file.stat().st_size / 1e6
    print(f"file: {args.file} ({size:.1f} MB)")
    print(f"{'phase':<10} {'seconds':>9} {'CPU s':>7} {'peak MB':>8}  rows")
    for name, (secs, mb, out, cpu) in results.items():
        print(f"{name:<10} {secs:9.2f} {cpu:7.2f} {mb:8d}  {out}")
    imp, imp_mb, _, imp_cpu = results["import"]
    if not csv:
        opx, cal, cal_mb = results["openpyxl"][0], results["calamine"][0], results["calamine"][1]
        opx_cpu = results["openpyxl"][3]
        print(f"openpyxl read / calamine read: {opx:.2f} s / {cal:.2f} s = {opx / cal:.1f}x")
        print(f"import (SQLite) / openpyxl read: {imp:.2f} s / {opx:.2f} s = {imp / opx:.2f} (target <= 0.50, aim 0.40)")
        print(f"  in CPU seconds: {imp_cpu:.2f} s / {opx_cpu:.2f} s = {imp_cpu / opx_cpu:.2f}")
        print(f"memory: import {imp_mb} MB, calamine's read alone {cal_mb} MB, the import's own beyond the "
              f"reader {imp_mb - cal_mb} MB")
    else:
        print(f"memory: import {imp_mb} MB (target for a CSV of 1M rows <= 200 MB)")
    if "import-pg" in results:
        pg, _, _, pg_cpu = results["import-pg"]
        print(f"import (PostgreSQL) / import (SQLite): {pg:.2f} s / {imp:.2f} s = {pg / imp:.2f} (target <= 1.30)")
        print(f"  in CPU seconds of the importing process: {pg_cpu:.2f} s / {imp_cpu:.2f} s = {pg_cpu / imp_cpu:.2f}")


if __name__ == "__main__":
    main()
