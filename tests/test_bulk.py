"""Bulk writes on a second thread: nothing overtakes them, and a failed one fails the whole
transaction (it is never committed past)."""
from __future__ import annotations

import threading
import time

import pytest
from conftest import new_book
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from ledger.db.bulk import BackgroundWrites, _run, bulk_insert, bulk_update
from ledger.db.engine import run_write
from ledger.db.models import Account, Donor


def donors(n: int, start: int = 0) -> list[dict]:
    return [{"donor_key": f"NAME:donor {i}", "id_number": None, "name": f"Donor {i}", "kind": "person"}
            for i in range(start, start + n)]


def count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT COUNT(*) FROM donors")).scalar_one()


def test_a_statement_after_queued_writes_sees_all_of_them(engine):
    def work(conn):
        with BackgroundWrites(conn):
            for chunk in range(5):
                bulk_insert(conn, Donor.__table__, donors(1200, chunk * 1200))   # more than one statement each
            seen = conn.execute(text("SELECT COUNT(*) FROM donors")).scalar_one()
        return seen

    assert run_write(engine, work) == 6000
    assert count(engine) == 6000


def test_balances_written_in_the_background_are_there_when_it_ends(engine):
    book = new_book(engine)

    def work(conn):
        bank = conn.execute(text("SELECT id FROM accounts WHERE book_id = :b AND role = 'bank'"),
                            {"b": book.id}).scalar_one()
        with BackgroundWrites(conn):
            bulk_update(conn, Account.__table__, "id", "balance_tiyn", [(12_345, bank)])
        return conn.execute(text("SELECT balance_tiyn FROM accounts WHERE id = :a"), {"a": bank}).scalar_one()

    assert run_write(engine, work) == 12_345


def test_a_failed_background_write_rolls_the_whole_transaction_back(engine):
    clash = donors(1, 41)   # already inserted below: the unique donor key refuses it

    def work(conn):
        with BackgroundWrites(conn):
            bulk_insert(conn, Donor.__table__, donors(100))
            bulk_insert(conn, Donor.__table__, clash)
            bulk_insert(conn, Donor.__table__, donors(100, 500))   # skipped: the transaction is lost
        return "committed"

    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        run_write(engine, work)
    assert count(engine) == 0


def test_a_failed_background_write_stops_the_next_statement_and_the_commit(engine):
    def work(conn):
        with BackgroundWrites(conn):
            bulk_insert(conn, Donor.__table__, donors(10) + donors(1, 3))
            with pytest.raises(Exception, match="(?i)unique|duplicate"):
                conn.execute(text("SELECT 1"))
            with pytest.raises(Exception, match="(?i)unique|duplicate"):
                conn.execute(text("SELECT 1"))   # still refused: the failure is not forgotten
        return "committed"

    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        run_write(engine, work)
    assert count(engine) == 0


def test_driver_level_statements_wait_for_a_write_still_running(engine):
    """``exec_driver_sql`` has no ``before_execute``; it must wait all the same."""
    release = threading.Event()

    def slow_write(driver):
        release.wait(5)

    def work(conn):
        with BackgroundWrites(conn):
            _run(conn, slow_write, "a slow write")
            threading.Timer(0.5, release.set).start()
            started = time.perf_counter()
            conn.exec_driver_sql("SELECT 1").all()
            return time.perf_counter() - started

    assert run_write(engine, work) >= 0.4


def test_a_failed_write_is_what_the_caller_hears_about(engine):
    """On PostgreSQL the next statement fails too ("current transaction is aborted"); the
    error raised is the write's own, and it is SQLAlchemy's like any other."""
    def work(conn):
        with BackgroundWrites(conn):
            bulk_insert(conn, Donor.__table__, donors(10) + donors(1, 3))
            time.sleep(0.3)
            conn.exec_driver_sql("SELECT COUNT(*) FROM donors").all()
        return "committed"

    with pytest.raises(IntegrityError, match="(?i)unique|duplicate"):
        run_write(engine, work)
    assert count(engine) == 0


def test_writes_without_a_second_thread_fail_as_sqlalchemy_errors_too(engine):
    with pytest.raises(IntegrityError, match="(?i)unique|duplicate"):
        run_write(engine, lambda conn: bulk_insert(conn, Donor.__table__, donors(2) + donors(1)))


def test_one_connection_writes_in_the_background_once_at_a_time(engine):
    def work(conn):
        with BackgroundWrites(conn):
            with pytest.raises(RuntimeError, match="already writes in the background"):
                with BackgroundWrites(conn):
                    pass
            bulk_insert(conn, Donor.__table__, donors(3))
        return conn.execute(text("SELECT COUNT(*) FROM donors")).scalar_one()

    assert run_write(engine, work) == 3
