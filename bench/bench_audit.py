"""How much the audit workbook costs beside openpyxl writing the same cells and nothing else.

    python bench/bench_audit.py                 # 100,000 contributions, SQLite
    python bench/bench_audit.py 1000000         # a million
    python bench/bench_audit.py 100000 --db postgresql+psycopg://postgres@127.0.0.1:5432/test

Builds a book of N contributions straight through the posting engine (``OpenBook``, one
transaction, donors bulk-inserted; one receipt in 50 anonymous and held for the budget, with
its finding; one spending per 20 receipts), then runs, each in a fresh subprocess so its peak
memory (VmHWM) is its own:

* ``write_audit_workbook`` without and with re-verifying the chain;
* openpyxl write-only writing the same sheets with the same number of rows and columns of
  plain values (ints, text, Decimals, dates), no styles, no database.

Targets: the workbook at most 1.3x the bare write; peak memory under 300 MB at 1M.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path


def build(url: str, n: int) -> None:
    import dataclasses

    from sqlalchemy import insert, select

    from ledger.books import create_book
    from ledger.core.ids import check_digit
    from ledger.core.money import Money
    from ledger.core.types import DonorRef, EntryDraft, Line, SourceRef
    from ledger.db.engine import make_engine, run_write, upgrade
    from ledger.db.models import Donor, Finding
    from ledger.journal.engine import OpenBook
    from ledger.rules.profiles import BUILT_IN

    engine = make_engine(url)
    upgrade(engine)
    # Caps scaled so that ordinary gifts fit: the bench measures writing, not refusing.
    profile = dataclasses.replace(BUILT_IN["kz-2007"], code="bench",
                                  base_amount=Money.tenge(max(9_752, n // 10)))
    donors_n = max(1, n // 3)

    def person_iin(i: int) -> str:
        for serial in range(i, i + 50):
            first11 = f"{70 + serial % 30:02d}{1 + serial % 12:02d}{1 + serial % 28:02d}3{serial % 10_000:04d}"
            digit = check_digit(first11)
            if digit is not None:
                return first11 + str(digit)
        raise AssertionError(i)

    def work(conn):
        book = create_book(conn, "Партия «Бенчмарк»", "Выборы в Мажилис", profile, code="bench")
        rows, seen = [], set()
        for i in range(donors_n):
            number = person_iin(i)
            key = f"ID:{number}" if number not in seen else f"NAME:donor {i}"
            seen.add(number)
            rows.append({"donor_key": key, "id_number": number, "name": f"Жертвователь {i}", "kind": "person"})
        for start in range(0, len(rows), 10_000):
            conn.execute(insert(Donor.__table__), rows[start:start + 10_000])
        ids = [DonorRef(i, k) for i, k in conn.execute(select(Donor.id, Donor.donor_key).order_by(Donor.id))]
        anon = conn.execute(insert(Donor.__table__).values(
            donor_key="ANONYMOUS", id_number=None, name="аноним", kind="unknown").returning(Donor.id)).scalar_one()
        anonymous = DonorRef(anon, "ANONYMOUS")
        ledger = OpenBook.lock(conn, book)
        start_day = dt.date(2007, 7, 1)
        findings = []
        categories = ("media_tv", "media_press", "printed", "events", "transport", "rent")
        for i in range(n):
            day = start_day + dt.timedelta(days=i % 45)
            amount = Money(50_000 + (i * 7919) % 95_000)
            origin = SourceRef("bank_statement.xlsx", None, "Выписка", 2 + i)
            if i % 50 == 49:
                lines = [Line("bank", amount, anonymous), Line("budget_due", -amount, anonymous)]
                posted = ledger.post(EntryDraft("contribution", day, lines, f"c|{i}", {"i": i},
                                                memo="Contribution from an anonymous donor", source=origin))
                findings.append({"book_id": book.id, "entry_seq": posted.seq, "rule": "BAN_ANONYMOUS",
                                 "amount_tiyn": amount.tiyn, "donor_id": anon, "source_file": origin.file,
                                 "source_sheet": origin.sheet, "source_row": origin.row,
                                 "evidence": "no name and no valid IIN/BIN", "article": "art. 34(3)",
                                 "status": "open", "resolved_by_seq": None})
            else:
                donor = ids[i % len(ids)]
                lines = [Line("bank", amount, donor), Line("voluntary_individuals", -amount, donor)]
                ledger.post(EntryDraft("contribution", day, lines, f"c|{i}", {"i": i},
                                       memo=f"Contribution from donor {i}", source=origin))
            if i % 20 == 19:
                spend = Money(amount.tiyn // 2)
                ledger.post(EntryDraft("spending", day, [Line(categories[i % 6], spend), Line("bank", -spend)],
                                       f"s|{i}", {"i": i}, memo="Spending"))
        ledger.flush()
        for start in range(0, len(findings), 10_000):
            conn.execute(insert(Finding.__table__), findings[start:start + 10_000])

    run_write(engine, work)
    engine.dispose()


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux carries ru_maxrss
    over an exec, so a child would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _user_cpu() -> float:
    """User CPU seconds of this process: on a shared machine, less disturbed than the wall clock
    by what others run."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_utime


def phase_workbook(url: str, out: str, verify: bool) -> dict:
    from ledger.books import load_book
    from ledger.db.engine import make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        book = load_book(conn, "bench")
    started, cpu = time.perf_counter(), _user_cpu()
    summary = write_audit_workbook_timed(engine, book, out, verify)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "user_cpu": _user_cpu() - cpu, "peak_mb": _peak_mb(), "cells": summary.cells,
            "shape": {t: [summary.rows[t], summary.columns[t]] for t in summary.sheets},
            "size_mb": os.path.getsize(out) / 2**20}


def write_audit_workbook_timed(engine, book, out, verify):
    from ledger.reports.audit import write_audit_workbook

    return write_audit_workbook(engine, book, out, verify=verify)


def phase_bare(shape: dict, out: str) -> dict:
    from openpyxl import Workbook

    started, cpu = time.perf_counter(), _user_cpu()
    wb = Workbook(write_only=True)
    template = (12345, "Жертвователь 12345", Decimal("1234.56"), dt.date(2007, 8, 1))
    cells = 0
    for title, (rows, cols) in shape.items():
        ws = wb.create_sheet(title)
        header = [f"column {i}" for i in range(cols)]
        ws.append(header)
        row = [template[i % len(template)] for i in range(cols)]
        for _ in range(rows):
            ws.append(row)
        cells += rows * cols
    wb.save(out)
    return {"seconds": time.perf_counter() - started, "user_cpu": _user_cpu() - cpu, "peak_mb": _peak_mb(),
            "cells": cells}


def _run(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000, help="contributions (default 100000)")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--phase", choices=("workbook", "workbook-verify", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--shape", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "bare":
        print(json.dumps(phase_bare(json.loads(Path(args.shape).read_text()), args.out)))
        return
    if args.phase:
        print(json.dumps(phase_workbook(args.db, args.out, verify=args.phase == "workbook-verify")))
        return

    with tempfile.TemporaryDirectory(prefix="bench_audit_") as tmp:
        url = args.db or f"sqlite:///{tmp}/bench.db"
        if url.startswith("postgresql"):
            print("note: the book is created with code 'bench'; use an empty database or schema")
        started = time.perf_counter()
        build(url, args.n)
        print(f"built a book of {args.n:,} contributions in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})")
        plain = _run(["--phase", "workbook", "--db", url, "--out", f"{tmp}/audit.xlsx"])
        verified = _run(["--phase", "workbook-verify", "--db", url, "--out", f"{tmp}/audit_verified.xlsx"])
        shape_file = Path(tmp, "shape.json")
        shape_file.write_text(json.dumps(plain["shape"]))
        bare = _run(["--phase", "bare", "--shape", str(shape_file), "--out", f"{tmp}/bare.xlsx"])
        assert bare["cells"] == plain["cells"], (bare["cells"], plain["cells"])
        print(f"cells written: {plain['cells']:,} in {len(plain['shape'])} sheets; workbook {plain['size_mb']:.1f} MB")
        print(f"bare openpyxl write-only:          {bare['seconds']:8.2f} s   user CPU {bare['user_cpu']:7.2f} s"
              f"   peak {bare['peak_mb']:7.1f} MB")
        for label, run in (("write_audit_workbook:             ", plain), ("write_audit_workbook, verify=True:", verified)):
            print(f"{label} {run['seconds']:8.2f} s   user CPU {run['user_cpu']:7.2f} s   peak {run['peak_mb']:7.1f} MB"
                  f"   ratio {run['seconds'] / bare['seconds']:.2f}x (user CPU {run['user_cpu'] / bare['user_cpu']:.2f}x)")
        ok = plain["seconds"] <= 1.3 * bare["seconds"] and plain["peak_mb"] < 300
        print("targets (<= 1.3x, < 300 MB):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
