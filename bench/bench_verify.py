"""`verify` beside `bean-check` on the same 100,000-entry book.

    python bench/bench_verify.py [--entries 100000] [--db URL] [--keep DIR]

``verify_book`` re-proves a book from its journal alone: every hash, every balance, every
ceiling after every entry. ``bean-check`` parses, books and checks the same journal exported
to Beancount (with a balance assertion per account), so it is a fair yardstick for "walk a
ledger of this size and check it". Targets (issue 6): verify in at most 0.3x bean-check's
time and at most 0.5x its peak memory.

Steps:
1. build the book in a fresh SQLite file (or the database at --db, in a fresh PostgreSQL
   schema): 100,000 entries posted through one Desk in a single transaction - receipts from
   2,000 citizens and 200 organisations, the party's own funds, and every tenth entry a
   payment for campaign materials; the 2007 caps are crossed, so there are splits and
   held receipts too;
2. ``verify_book`` in a child process of its own: the wall time of the call, and the
   process's peak RSS (from ``/usr/bin/time -v``) beside the RSS it had before verifying
   (interpreter, SQLAlchemy, connection);
3. ``export_beancount`` to a file (timed, for information);
4. ``bean-check --no-cache FILE`` as a child process: wall time, and peak RSS from
   ``/usr/bin/time -v`` (or getrusage(RUSAGE_CHILDREN) without it).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_PG_HINT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def build(url: str, entries: int) -> float:
    from ledger.books import create_book
    from ledger.core.money import Money
    from ledger.db.engine import make_engine, run_write, upgrade
    from ledger.fund import Desk, ReceiptInput, SpendingInput
    from ledger.journal.chart import SPENDING_ROLES
    from ledger.rules.donors import DonorFacts
    from ledger.rules.profiles import BUILT_IN
    from ledger.rules.receipts import FundSource

    sys.path.insert(0, str(ROOT / "tests"))
    from helpers_procs import PARTY_BIN, org_bin, person_iin

    engine = make_engine(url)
    upgrade(engine)
    book = run_write(engine, lambda c: create_book(c, "Партия «Пример»", "Мажилис 2007",
                                                   BUILT_IN["kz-2007"], code="bench"))
    people = [person_iin(i * 3) for i in range(2000)]
    orgs = [org_bin(i * 3) for i in range(200)]
    start = dt.date(2007, 7, 1)

    def work(conn):
        desk = Desk(conn, book)
        known: dict = {}
        for n in range(entries):
            day = start + dt.timedelta(days=n % 60)
            amount = Money(500_000 + (n * 7919) % 2_000_000)    # 5,000 to 25,000 tenge
            if n % 10 == 9:
                desk.spend(SpendingInput(amount, day, SPENDING_ROLES[n % len(SPENDING_ROLES)],
                                         payee="ТОО «Типография»", document=f"inv-{n}"), known=known)
            elif n % 10 == 0:
                desk.receive(ReceiptInput(FundSource.OWN_FUNDS, amount * 20, day,
                                          DonorFacts("Партия «Пример»", PARTY_BIN), f"own-{n}"), known)
            elif n % 10 == 5:
                desk.receive(ReceiptInput(FundSource.VOLUNTARY, amount, day,
                                          DonorFacts(f"ТОО «Спонсор {n % 200}»", orgs[n % 200]), f"p-{n}"), known)
            else:
                desk.receive(ReceiptInput(FundSource.VOLUNTARY, amount, day,
                                          DonorFacts(f"Гражданин {n % 2000}", people[n % 2000]), f"p-{n}"), known)
        desk.flush()

    started = time.perf_counter()
    run_write(engine, work)
    engine.dispose()
    return time.perf_counter() - started


def child_verify(url: str) -> None:
    """Run in a child process: verify and report time and memory as JSON."""
    from ledger.books import load_book
    from ledger.db.engine import make_engine
    from ledger.journal.verify import verify_book

    engine = make_engine(url)
    with engine.connect() as conn:
        book = load_book(conn, "bench")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        report = verify_book(conn, book)
        seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "rss_before_kb": rss_before, "peak_kb": peak,
                      "ok": report.ok, "entries": report.entries, "postings": report.postings,
                      "problems": report.problems[:3]}))


def child_export(url: str, path: str) -> None:
    from ledger.books import load_book
    from ledger.db.engine import make_engine
    from ledger.reports.beancount import export_beancount

    engine = make_engine(url)
    started = time.perf_counter()
    with engine.connect() as conn, open(path, "w", encoding="utf-8") as out:
        n = export_beancount(conn, load_book(conn, "bench"), out)
    print(json.dumps({"seconds": time.perf_counter() - started, "entries": n}))


def timed(cmd: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Run ``cmd`` as a child; its wall time and its own peak RSS in KiB.

    The peak comes from ``/usr/bin/time -v`` (wait4 on a process forked from the small
    ``time`` program). ru_maxrss read inside a child of this Python process is not used
    for it: Linux carries the parent's high-water mark across fork/vfork + exec, so a child
    of a large parent reports the parent's peak."""
    timer = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    out = subprocess.run(([timer, "-v"] if timer else []) + cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if timer:
        peak = next((int(line.split(":")[1]) for line in out.stderr.splitlines()
                     if "Maximum resident set size" in line), 0)
        out.stderr = "\n".join(line for line in out.stderr.splitlines()
                                if not line.startswith("\t") and "Command exited" not in line)
    else:
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        if peak <= before:
            print("warning: a child's peak RSS is not above an earlier child's; figure is an upper bound")
    return seconds, peak, out


def run_child(*args: str) -> tuple[dict, int]:
    """A phase of this script in a child process: its JSON report and its peak RSS (KiB)."""
    _, peak, out = timed([sys.executable, __file__, *args])
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1]), peak


def bean_check(path: Path) -> tuple[float, int, str]:
    exe = Path(sys.executable).with_name("bean-check")
    exe = str(exe) if exe.exists() else shutil.which("bean-check")
    if exe is None:
        raise SystemExit("bean-check not found (pip install beancount)")
    seconds, peak, out = timed([exe, "--no-cache", str(path)])
    if out.returncode:
        raise SystemExit(f"bean-check failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    return seconds, peak, (out.stdout + out.stderr).strip()


def child_build(url: str, entries: int) -> None:
    print(json.dumps({"seconds": build(url, entries)}))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child-verify":
        return child_verify(sys.argv[2])
    if len(sys.argv) > 1 and sys.argv[1] == "--child-export":
        return child_export(sys.argv[2], sys.argv[3])
    if len(sys.argv) > 1 and sys.argv[1] == "--child-build":
        return child_build(sys.argv[2], int(sys.argv[3]))

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--db", help=f"a PostgreSQL URL to use instead of SQLite (e.g. {DEFAULT_PG_HINT})")
    parser.add_argument("--keep", help="directory to keep the database and the .beancount file in")
    args = parser.parse_args()

    tmp = Path(args.keep or tempfile.mkdtemp(prefix="fundledger-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    schema = None
    if args.db:
        from sqlalchemy import create_engine, text
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(args.db.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{args.db}{'&' if '?' in args.db else '?'}options=-csearch_path%3D{schema}"
    else:
        db = tmp / "bench.db"
        if db.exists():
            db.unlink()
        url = f"sqlite:///{db}"
    try:
        built, _ = run_child("--child-build", url, str(args.entries))
        seconds = built["seconds"]
        print(f"built {args.entries:,} entries in {seconds:.1f}s ({args.entries / seconds:,.0f}/s) at {url}")

        v, v_peak = run_child("--child-verify", url)
        assert v["ok"] and v["entries"] == args.entries, v
        print(f"verify_book      {v['seconds']:7.2f} s   peak RSS {v_peak / 1024:7.1f} MiB "
              f"(of which {v['rss_before_kb'] / 1024:.1f} MiB before verifying: interpreter, "
              f"SQLAlchemy, connection; {v['postings']:,} postings)")

        path = tmp / "bench.beancount"
        e, e_peak = run_child("--child-export", url, str(path))
        print(f"export_beancount {e['seconds']:7.2f} s   peak RSS {e_peak / 1024:7.1f} MiB "
              f"({path.stat().st_size / 1e6:.1f} MB)")

        b_seconds, b_peak, said = bean_check(path)
        print(f"bean-check       {b_seconds:7.2f} s   peak RSS {b_peak / 1024:7.1f} MiB (wall time of "
              "the whole process, start-up included)" + (f"   [{said[:200]}]" if said else ""))

        print(f"ratios: time {v['seconds'] / b_seconds:.3f}x (target <= 0.3x), "
              f"memory {v_peak / b_peak:.3f}x (target <= 0.5x)")
    finally:
        if schema:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
