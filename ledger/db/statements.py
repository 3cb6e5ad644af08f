"""The named queries of the fund's bank account: its number, and the statements imported.

An import of a bank statement asks three things of the database inside its write
transaction: which account is the fund's (and makes the first statement's the fund's when
none was given), which statements were imported already, and records the new one.
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import Connection, insert, select, update

from ledger.core.money import Money
from ledger.db.models import BankStatement, Book


class ImportedStatement(NamedTuple):
    file_name: str
    file_sha256: str
    account: str
    start: dt.date
    end: dt.date
    opening: Money | None
    closing: Money | None
    credits: Money
    debits: Money


def bank_account(conn: Connection, book_id: int) -> str | None:
    return conn.execute(select(Book.bank_account).where(Book.id == book_id)).scalar_one()


def set_bank_account(conn: Connection, book_id: int, account: str) -> None:
    conn.execute(update(Book.__table__).where(Book.__table__.c.id == book_id).values(bank_account=account))


def imported_statements(conn: Connection, book_id: int) -> list[ImportedStatement]:
    """The book's statements in the order of their periods."""
    s = BankStatement
    rows = conn.execute(select(s.file_name, s.file_sha256, s.account, s.period_start, s.period_end, s.opening_tiyn,
                               s.closing_tiyn, s.credits_tiyn, s.debits_tiyn)
                        .where(s.book_id == book_id).order_by(s.period_start, s.id))
    return [ImportedStatement(name, sha, account, start, end, _money(opening), _money(closing), Money(credits),
                              Money(debits))
            for name, sha, account, start, end, opening, closing, credits, debits in rows]


def record_statement(conn: Connection, book_id: int, batch_id: int, statement: ImportedStatement) -> None:
    conn.execute(insert(BankStatement.__table__).values(
        book_id=book_id, batch_id=batch_id, file_name=statement.file_name, file_sha256=statement.file_sha256,
        account=statement.account, period_start=statement.start, period_end=statement.end,
        opening_tiyn=statement.opening.tiyn if statement.opening is not None else None,
        closing_tiyn=statement.closing.tiyn if statement.closing is not None else None,
        credits_tiyn=statement.credits.tiyn, debits_tiyn=statement.debits.tiyn))


def _money(tiyn: int | None) -> Money | None:
    return None if tiyn is None else Money(tiyn)
