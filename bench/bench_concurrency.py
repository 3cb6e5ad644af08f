"""Concurrent writers: eight processes' total throughput beside one writer's.

    python bench/bench_concurrency.py [--receipts 400] [--pg URL] [--no-pg]

Every receipt is its own write transaction (``run_write`` + a Desk + flush), as a treasurer
typing receipts or several small imports would write. One book has one lock (the hash chain
is per book and must not fork), so writers of one book queue; the question is how much the
queueing costs: with eight writers, does the total number of receipts per second hold up, or
do lock waits, retries (SQLITE_BUSY backoff) and connection overheads eat it?

Each writer is a separate process (``tests/helpers_procs.py post``) that connects first and
starts writing on a common "go", so the figures exclude interpreter start-up. Throughput is
receipts / (time from "go" to the last writer's end). Printed per engine: one writer,
eight writers, and eight's throughput as a ratio of one's.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELPERS = ROOT / "tests" / "helpers_procs.py"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HELPERS.parent))

DEFAULT_PG = os.environ.get("FUNDLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def run_writers(url: str, book: str, tag: str, writers: int, each: int) -> float:
    """Seconds from "go" to the last writer's end."""
    procs = [subprocess.Popen([sys.executable, str(HELPERS), "post", json.dumps(
        {"url": url, "book": book, "tag": tag, "worker": w, "count": each, "barrier": True})],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(writers)]
    for p in procs:
        line = p.stdout.readline().strip()
        if line != "ready":
            raise SystemExit(f"writer failed to start: {line!r}\n{p.stderr.read()}")
    started = time.perf_counter()
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    for p in procs:
        out, err = p.communicate()
        if p.returncode:
            raise SystemExit(f"writer failed:\n{err}")
    return time.perf_counter() - started


def fresh_book(url: str, code: str):
    from ledger.books import create_book
    from ledger.db.engine import make_engine, run_write, upgrade
    from ledger.rules.profiles import BUILT_IN

    engine = make_engine(url)
    upgrade(engine)
    run_write(engine, lambda conn: create_book(conn, "Партия «Пример»", "Мажилис 2007",
                                               BUILT_IN["kz-2007"], code=code))
    engine.dispose()


def bench_engine(label: str, url_for, receipts: int) -> tuple[float, float]:
    url = url_for("one")
    fresh_book(url, "one")
    one = receipts / run_writers(url, "one", "bench-one", 1, receipts)
    url = url_for("eight")
    fresh_book(url, "eight")
    each = receipts // 8
    eight = (each * 8) / run_writers(url, "eight", "bench-eight", 8, each)
    print(f"{label:<11} 1 writer {one:8.1f} receipts/s   8 writers {eight:8.1f} receipts/s   "
          f"ratio {eight / one:5.2f}")
    return one, eight


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--receipts", type=int, default=400, help="receipts per run (default 400)")
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL URL (a fresh schema is used)")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    print(f"{args.receipts} receipts per run, one transaction each; {os.cpu_count()} CPUs")

    with tempfile.TemporaryDirectory() as tmp:
        bench_engine("SQLite", lambda name: f"sqlite:///{Path(tmp) / name}.db", args.receipts)

    if args.no_pg:
        return
    from sqlalchemy import create_engine, text

    admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
    schemas = []

    def pg_url(name: str) -> str:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        schemas.append(schema)
        return f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"

    try:
        bench_engine("PostgreSQL", pg_url, args.receipts)
    finally:
        with admin.connect() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()
