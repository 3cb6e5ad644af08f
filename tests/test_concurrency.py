"""Many writers, one book: eight processes post receipts into the same fund at once.

The caps are the law's ceilings and the hash chain is the auditor's evidence; both are only
worth something if they hold when several treasurers (or an import and a treasurer) write at
the same moment. Each worker is a separate operating-system process with its own connections
(SQLite file handle, PostgreSQL backend) and posts every receipt in its own ``run_write``
transaction, so the writers interleave receipt by receipt. All of them wait on a barrier and
start together.

The profile is the 2007 one with an MZP of 10 tenge, so 320 receipts of 150 to 2,500 tenge
cross every cap within the first few dozen: own funds 50,000, voluntary 100,000, whole fund
150,000 tenge; and a variant with a whole-fund cap of 120,000 tenge (12,000 x MZP), below own
plus voluntary, so CAP_TOTAL is the one that binds.

What must come out, to the tiyn:

* ``verify_book`` passes: every hash, every balance, every ceiling after every entry;
* the chain has no fork: seq runs 1..n without a gap and no two entries share a prev_hash;
* no idempotency key is in the book twice, and no receipt is lost: n = receipts sent;
* the bank holds exactly what arrived; per source, accepted + owed back = what arrived;
* accepted money: with the whole-fund cap not binding (150,000 = 50,000 + 100,000), each
  source holds min(its cap, what arrived for it), whatever order the writers took. With
  CAP_TOTAL binding, the fund as a whole holds min(total cap, min(own cap, own arrived) +
  min(voluntary cap, voluntary arrived)) = 120,000 tenge exactly; how that splits between
  the sources depends on the order the receipts were posted, so per source only "at most
  min(cap, arrived)" can be asserted.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ledger.books import create_book, load_book
from ledger.core.money import Money
from ledger.db.engine import make_engine, run_write, upgrade
from ledger.db.models import Entry
from ledger.journal.verify import verify_book
from ledger.reports.status import fund_status
from ledger.rules.receipts import FundSource

HELPERS = Path(__file__).with_name("helpers_procs.py")
sys.path.insert(0, str(HELPERS.parent))
import helpers_procs as procs  # noqa: E402

WORKERS = 8
RECEIPTS_EACH = 40


def start_worker(command: str, args: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HELPERS), command, json.dumps(args)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def race(url: str, book: str, tag: str, workers: list[int], count: int) -> list[dict]:
    """Start one process per worker number, wait until all are connected, let them go
    together; return each one's report. A worker that fails fails the test with its stderr."""
    procs_ = [start_worker("post", {"url": url, "book": book, "tag": tag, "worker": w,
                                    "count": count, "barrier": True}) for w in workers]
    try:
        for p in procs_:
            line = p.stdout.readline().strip()
            assert line == "ready", f"worker did not start: {line!r} {p.stderr.read()[-3000:]}"
        for p in procs_:
            p.stdin.write("go\n")
            p.stdin.flush()
        reports = []
        for p in procs_:
            out, err = p.communicate(timeout=300)
            assert p.returncode == 0, f"worker failed (exit {p.returncode}):\n{err[-4000:]}"
            reports.append(json.loads(out.strip().splitlines()[-1]))
        return reports
    finally:
        for p in procs_:
            if p.poll() is None:
                p.kill()
                p.wait()


def new_book(url: str, code: str, profile) -> tuple:
    engine = make_engine(url)
    upgrade(engine)
    book = run_write(engine, lambda conn: create_book(conn, "Партия «Пример»", "Мажилис 2007",
                                                       profile, code=code))
    return engine, book


def assert_chain_sound(engine, book, expected_entries: int) -> None:
    with engine.connect() as conn:
        report = verify_book(conn, book)
        assert report.problems == []
        assert report.ok
        assert report.entries == expected_entries
        seqs = conn.execute(select(Entry.seq).where(Entry.book_id == book.id)
                            .order_by(Entry.seq)).scalars().all()
        assert seqs == list(range(1, expected_entries + 1)), "the sequence has a gap or a repeat"
        forks = conn.execute(select(func.count(func.distinct(Entry.prev_hash)))
                             .where(Entry.book_id == book.id)).scalar_one()
        assert forks == expected_entries, "two entries extend the same prev_hash: the chain forked"
        keys = conn.execute(select(func.count(func.distinct(Entry.idempotency_key)))
                            .where(Entry.book_id == book.id)).scalar_one()
        assert keys == expected_entries, "an idempotency key was posted twice"
        assert report.tip_seq == expected_entries


def arrived(tag: str, workers: list[int], count: int) -> dict[FundSource, Money]:
    sums = {FundSource.OWN_FUNDS: Money(0), FundSource.VOLUNTARY: Money(0)}
    for w in workers:
        for n in range(count):
            r = procs.stress_receipt(tag, w, n)
            sums[r.source] += r.amount
    return sums


@pytest.mark.slow
@pytest.mark.parametrize("total_multiple", [None, 12_000], ids=["source-caps", "total-cap-binds"])
def test_eight_writers_cross_every_cap_and_lose_nothing(db_url, total_multiple):
    profile = procs.small_profile(total_multiple)
    engine, book = new_book(db_url, "race", profile)
    workers = list(range(WORKERS))
    started = time.perf_counter()
    reports = race(db_url, "race", "stress", workers, RECEIPTS_EACH)
    elapsed = time.perf_counter() - started

    sent = WORKERS * RECEIPTS_EACH
    outcomes: dict[str, int] = {}
    for r in reports:
        for k, v in r["outcomes"].items():
            outcomes[k] = outcomes.get(k, 0) + v
    assert "duplicate" not in outcomes and "rejected" not in outcomes
    assert sum(outcomes.values()) == sent
    assert outcomes.get("split", 0) >= 1 and outcomes.get("held", 0) > 0, outcomes

    assert_chain_sound(engine, book, sent)

    came = arrived("stress", workers, RECEIPTS_EACH)
    own_in, voluntary_in = came[FundSource.OWN_FUNDS], came[FundSource.VOLUNTARY]
    # The receipts really do cross every cap (worked out from the generator, not assumed).
    assert own_in > profile.own_cap and voluntary_in > profile.voluntary_cap
    own_max = profile.own_cap.min(own_in)
    voluntary_max = profile.voluntary_cap.min(voluntary_in)
    total_expected = profile.total_cap.min(own_max + voluntary_max)

    with engine.connect() as conn:
        status = fund_status(conn, load_book(conn, "race"))
    assert status.entries == sent
    assert status.bank_balance == status.received == own_in + voluntary_in
    # Per source, nothing lost: what was not accepted is owed back (the party's own funds
    # to the party, voluntary money to its donors); nothing went to the budget.
    assert status.own_funds.accepted + status.party_due == own_in
    assert status.voluntary.accepted + status.refunds_due == voluntary_in
    assert status.budget_due == Money(0)
    assert status.total.accepted == total_expected
    if total_multiple is None:
        assert profile.total_cap == Money.tenge(150_000)
        assert status.own_funds.accepted == Money.tenge(50_000) == own_max
        assert status.voluntary.accepted == Money.tenge(100_000) == voluntary_max
        assert status.total.accepted == Money.tenge(150_000)
    else:
        assert profile.total_cap == Money.tenge(120_000)
        assert status.total.accepted == Money.tenge(120_000)
        assert status.own_funds.accepted <= own_max
        assert status.voluntary.accepted <= voluntary_max
    print(f"\n{engine.dialect.name}: {sent} receipts by {WORKERS} processes in {elapsed:.2f}s "
          f"({sent / elapsed:.0f}/s); outcomes {outcomes}")
    engine.dispose()


@pytest.mark.slow
def test_two_processes_posting_the_same_keys_post_each_once(db_url):
    engine, book = new_book(db_url, "same-keys", procs.small_profile())
    # Both processes are "worker 0": the same 40 receipts, the same documents, the same keys.
    reports = race(db_url, "same-keys", "twice", [0, 0], RECEIPTS_EACH)

    assert_chain_sound(engine, book, RECEIPTS_EACH)
    duplicates = sum(r["outcomes"].get("duplicate", 0) for r in reports)
    posted = sum(v for r in reports for k, v in r["outcomes"].items() if k != "duplicate")
    assert (posted, duplicates) == (RECEIPTS_EACH, RECEIPTS_EACH)
    came = arrived("twice", [0], RECEIPTS_EACH)
    with engine.connect() as conn:
        status = fund_status(conn, book)
    assert status.bank_balance == status.received == came[FundSource.OWN_FUNDS] + came[FundSource.VOLUNTARY]
    assert status.entries == RECEIPTS_EACH
    engine.dispose()
