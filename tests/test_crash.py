"""An import killed at a random moment leaves all of it or none of it, and a re-run finishes it.

Imports are where a crash hurts: thousands of receipts, minutes of work, a treasurer who
presses Ctrl-C or a laptop that dies. An import is ONE write transaction (every receipt of the
file through the Desk, flushed at the end, committed once), so the database's own atomicity
must give "all or nothing", and idempotency keys must make "run it again" safe.

Each trial: a fresh book already holding an earlier import of 100 rows; a 2,000-row import
started in its own process and killed with SIGKILL (no handler, no cleanup, like a power cut).
In most trials the kill comes after a random delay drawn from 0 to 1.5 x the time the import's
transaction takes, so it lands while receipts are being built, while rows are being flushed,
during COMMIT or just after it. Every third trial holds the import just before its COMMIT, with
every row written, and kills it there: so the test proves "nothing" on a fixed number of
trials however fast or busy the machine is, instead of hoping the random kills land early
enough. After the kill, once the database has finished with the dead client:

* ``verify_book`` passes (chain, balances, ceilings);
* the book holds 100 entries or 2,100: the import is wholly there or wholly absent;
* running the import again completes it: 2,100 entries, posting exactly the rows that were
  missing (2,000 or 0), and running it once more posts nothing: all 2,000 are duplicates
  (checked in every fourth trial, with a final ``verify_book``).

When ``ledger.importers.service.import_books`` exists, the real importer is used on a CSV
file (header ``Дата;ФИО;ИИН;Сумма``); until then a worker does what an import does (see
``tests/helpers_procs.py``: ``import_rows``).
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from ledger.books import create_book
from ledger.db.engine import make_engine, run_write, upgrade
from ledger.db.models import Entry
from ledger.journal.verify import verify_book
from ledger.rules.profiles import BUILT_IN

HELPERS = Path(__file__).with_name("helpers_procs.py")
sys.path.insert(0, str(HELPERS.parent))
import helpers_procs as procs  # noqa: E402

TRIALS = 20
ROWS = 2_000
SEED_ROWS = 100


def service_available() -> bool:
    try:
        from ledger.importers.service import import_books  # noqa: F401
    except ImportError:
        return False
    return True


class Import:
    """One import of a file into a book, runnable in a killable process or in this one."""

    def __init__(self, url: str, book: str, tag: str, rows: int, tmp: Path, first_row: int = 1):
        if service_available():
            path = tmp / f"{tag}.csv"
            if not path.exists():
                procs.contributions_csv(path, tag, rows, first_row)
            self.command, self.args = "service", {"url": url, "book": book, "path": str(path)}
        else:
            self.command, self.args = "import", {"url": url, "book": book, "tag": tag, "rows": rows,
                                                 "first_row": first_row}

    def start(self, url: str, hold_before_commit: bool = False) -> subprocess.Popen:
        args = dict(self.args, url=url, announce=True, hold_before_commit=hold_before_commit)
        return subprocess.Popen([sys.executable, str(HELPERS), self.command, json.dumps(args)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def run_here(self) -> dict:
        return procs.COMMANDS[self.command](dict(self.args))


def entries(engine, book) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Entry)
                            .where(Entry.book_id == book.id)).scalar_one()


def with_app_name(url: str, name: str) -> str:
    if not url.startswith("postgresql"):
        return url
    return f"{url}{'&' if '?' in url else '?'}application_name={name}"


def wait_until_server_forgets(engine, name: str) -> None:
    """PostgreSQL: wait until the killed client's backend has gone (rolled back or, if its
    COMMIT had arrived, committed), so what we read next is final."""
    if engine.dialect.name != "postgresql":
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with engine.connect() as conn:
            alive = conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :n"),
                                 {"n": name}).scalar_one()
        if not alive:
            return
        time.sleep(0.02)
    raise AssertionError(f"the backend of killed client {name} is still there after 30s")


def posted_count(report: dict) -> int:
    return sum(v for k, v in report["outcomes"].items() if k != "duplicate")


@pytest.mark.slow
def test_import_killed_at_random_moments_is_all_or_nothing_and_rerun_completes(db_url, tmp_path):
    engine = make_engine(db_url)
    upgrade(engine)
    seed = random.randrange(1 << 30)
    print(f"seed {seed}")
    rng = random.Random(seed)

    # Calibrate: how long does the import's transaction take here?
    calib_book = run_write(engine, lambda c: create_book(c, "Калибровка", "Мажилис 2007",
                                                         BUILT_IN["kz-2007"], code="calibration"))
    calib = Import(db_url, "calibration", "calibration", ROWS, tmp_path)
    started = time.perf_counter()
    report = calib.run_here()
    txn_seconds = report.get("seconds", time.perf_counter() - started)
    assert entries(engine, calib_book) == ROWS

    whole, none, held, started_all = 0, 0, 0, time.perf_counter()
    for trial in range(TRIALS):
        code = f"crash-{trial}"
        book = run_write(engine, lambda c: create_book(c, f"Партия {trial}", "Мажилис 2007",
                                                       BUILT_IN["kz-2007"], code=code))
        Import(db_url, code, f"seed-{trial}", SEED_ROWS, tmp_path, first_row=ROWS + 1).run_here()
        before = entries(engine, book)
        assert before == SEED_ROWS

        the_import = Import(db_url, code, f"import-{trial}", ROWS, tmp_path)
        name = f"fl-crash-{trial}-{seed}"
        hold = trial % 3 == 0
        proc = the_import.start(with_app_name(db_url, name), hold_before_commit=hold)
        try:
            line = proc.stdout.readline().strip()
            assert line == "ready", f"import did not start: {line!r} {proc.stderr.read()[-3000:]}"
            if hold:
                line = proc.stdout.readline().strip()
                assert line == "committing", f"import did not reach its commit: {line!r}"
                delay = -1.0   # killed at the COMMIT, all rows written
                held += 1
            else:
                delay = rng.uniform(0, 1.5 * txn_seconds)
                time.sleep(delay)
        finally:
            proc.kill()                      # SIGKILL
            proc.communicate()
        wait_until_server_forgets(engine, name)

        after_kill = entries(engine, book)
        with engine.connect() as conn:
            report = verify_book(conn, book)
        assert report.problems == [], f"trial {trial} (seed {seed}, kill at {delay:.3f}s)"
        assert report.ok
        assert after_kill in (before, before + ROWS), (
            f"trial {trial}: {after_kill - before} of {ROWS} rows survived the kill at "
            f"{delay:.3f}s (seed {seed}): an import must be all or nothing")
        if hold:
            assert after_kill == before, f"trial {trial}: killed before its COMMIT, the import left {after_kill - before} rows"
        if after_kill == before:
            none += 1
        else:
            whole += 1

        # Run it again: it completes, posting exactly what was missing.
        rerun = the_import.run_here()
        assert entries(engine, book) == before + ROWS
        assert posted_count(rerun) == before + ROWS - after_kill
        # And once more: nothing new (every fourth trial and the last, to keep the test fast).
        if trial % 4 == 3 or trial == TRIALS - 1:
            again = the_import.run_here()
            assert entries(engine, book) == before + ROWS
            assert again["outcomes"] == {"duplicate": ROWS}
            with engine.connect() as conn:
                final = verify_book(conn, book)
            assert final.ok and final.entries == before + ROWS

    elapsed = time.perf_counter() - started_all
    via = "the import service" if service_available() else "the import worker"
    print(f"\n{engine.dialect.name}, {via}: {TRIALS} kills (seed {seed}, import transaction "
          f"{txn_seconds:.2f}s): {none} left nothing ({held} held at the COMMIT), {whole} left the whole "
          f"import; {elapsed:.1f}s")
    assert held == len(range(0, TRIALS, 3)) and none >= held
    engine.dispose()
