"""One fixture, two engines: every test that takes ``engine`` runs on SQLite and on
PostgreSQL. Each PostgreSQL test gets a schema of its own, dropped afterwards, so tests never
see each other's rows. Without a reachable PostgreSQL the PostgreSQL half is skipped with the
reason, except in CI (CI=true), where that is a failure."""
from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text

from ledger.db.engine import make_engine, upgrade

PG_URL = os.environ.get("FUNDLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_available() -> str | None:
    try:
        eng = create_engine(PG_URL)
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        eng.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}"


_PG_PROBLEM = _pg_available()


@pytest.fixture(autouse=True)
def _english_unless_a_test_chooses(monkeypatch):
    """The tests read English prose and Russian workbooks: a developer's ru_RU or kk_KZ locale,
    or a FUNDLEDGER_LANG of their own, must not translate them."""
    for name in ("FUNDLEDGER_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def pg_schema_url():
    """A URL whose connections live in a fresh PostgreSQL schema; dropped afterwards."""
    if _PG_PROBLEM:
        if os.environ.get("CI"):
            pytest.fail(_PG_PROBLEM + " (CI must run the PostgreSQL tests)")
        pytest.skip(_PG_PROBLEM)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'book.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'book.db'}"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def engine(db_url):
    """A migrated, empty database of each engine."""
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="module")
def fuzz_engine(tmp_path_factory):
    """One SQLite database for all the examples of a fuzz module: a fresh book per example is
    cheap, a fresh database is not."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def print_fuzz_tally(what: str, seen) -> None:
    """How many inputs a slow fuzz ran and how each ended: the figure a note reports."""
    print(f"\n{sum(seen.values())} mutated {what}: {seen['booked']} booked whole, {seen['refused']} refused in one line")


def new_book(engine, profile=None, party="Партия «Жасыл Дала»", election="Мажилис 2007", code=None):
    """A fresh book in ``engine`` with the default (or given) rule profile."""
    from ledger.books import create_book
    from ledger.db.engine import run_write
    from ledger.rules.profiles import BUILT_IN

    return run_write(engine, lambda conn: create_book(conn, party, election, profile or BUILT_IN["kz-2007"], code))


def at_desk(engine, book, work):
    """Run ``work(desk)`` in one write transaction and flush, as every command does."""
    from ledger.fund import at_desk as run_at_desk

    return run_at_desk(engine, book, work)


@pytest.fixture
def run(db_url):
    """The command line as a user meets it, on a database of each engine."""
    from click.testing import CliRunner

    from ledger.cli import main

    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, ["--db", db_url, *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def book(engine):
    return new_book(engine)
