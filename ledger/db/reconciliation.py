"""The named queries of the reconciliation: the bank's lines and the register's receipts of a
period, and the pairs recorded.

An import asks them once per chunk of rows (never per row), inside its write transaction: the
bank's receipts booked from statements over the chunk's days (widened by the matching window),
the register's receipts booked before any statement covered them, and which register rows were
reconciled already.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import Connection, and_, exists, insert, or_, select, update

from ledger.core.codes import EntryKind
from ledger.core.money import Money
from ledger.db.models import BankStatement, Entry, Finding, ImportBatch, ReconciledRow

_E = Entry.__table__
_R = ReconciledRow.__table__
_B = ImportBatch.__table__


class BookedReceipt(NamedTuple):
    """A voluntary contribution in the journal, as its entry records it."""

    seq: int
    day: dt.date
    tiyn: int
    key: str
    details: dict[str, Any]
    source_file: str | None
    source_sha256: str | None
    source_sheet: str | None
    source_row: int | None


def statement_periods(conn: Connection, book_id: int) -> list[tuple[dt.date, dt.date]]:
    s = BankStatement
    return [(start, end) for start, end in conn.execute(
        select(s.period_start, s.period_end).where(s.book_id == book_id).order_by(s.period_start))]


def _from_batches(book_id: int, kind: str):
    return select(_B.c.file_sha256).where(_B.c.book_id == book_id, _B.c.kind == kind)


def _receipts(conn: Connection, book_id: int, start: dt.date, end: dt.date, keys: list[str], *where) -> list[BookedReceipt]:
    reversal = _E.alias("reversal")
    claimed = select(_R.c.id).where(_R.c.book_id == book_id)
    when = and_(_E.c.entry_date >= start, _E.c.entry_date <= end)
    rows = conn.execute(
        select(_E.c.seq, _E.c.entry_date, _E.c.details, _E.c.idempotency_key, _E.c.source_file,
               _E.c.source_sha256, _E.c.source_sheet, _E.c.source_row)
        .where(_E.c.book_id == book_id, _E.c.kind == EntryKind.CONTRIBUTION,
               or_(when, _E.c.idempotency_key.in_(sorted(set(keys)))) if keys else when, *where,
               ~exists(select(reversal.c.seq).where(reversal.c.book_id == book_id, reversal.c.reverses_seq == _E.c.seq)),
               ~exists(claimed.where((_R.c.bank_seq == _E.c.seq) | (_R.c.register_seq == _E.c.seq))))
        .order_by(_E.c.entry_date, _E.c.seq))
    return [BookedReceipt(seq, day, Money.of(details["amount"]).tiyn, key, details, file, sha, sheet, row)
            for seq, day, details, key, file, sha, sheet, row in rows]


def bank_receipts(conn: Connection, book_id: int, start: dt.date, end: dt.date,
                  keys: list[str] = ()) -> list[BookedReceipt]:
    """Contributions booked from the bank's statements between ``start`` and ``end``, or under
    one of ``keys`` whatever their day, not reversed and not paired with a register row yet."""
    return _receipts(conn, book_id, start, end, keys, _E.c.source_sha256.in_(_from_batches(book_id, "statement")))


def register_receipts(conn: Connection, book_id: int, start: dt.date, end: dt.date,
                      keys: list[str] = ()) -> list[BookedReceipt]:
    """Contributions booked from donors' registers (before a statement covered their day)
    between ``start`` and ``end``, or under one of ``keys`` whatever their day, not reversed
    and not paired with a bank line yet."""
    return _receipts(conn, book_id, start, end, keys, _E.c.source_sha256.in_(_from_batches(book_id, "contributions")),
                     _E.c.source_sha256.notin_(_from_batches(book_id, "statement")))


def reconciled(conn: Connection, book_id: int, keys: list[str], bank: bool = False) -> dict[str, tuple[str, int | None]]:
    """The register rows' keys (or, ``bank``, the bank lines' keys) among ``keys`` reconciled
    already: key -> (status, the entry that holds the money)."""
    if not keys:
        return {}
    column = _R.c.bank_key if bank else _R.c.register_key
    return {key: (status, seq) for key, status, seq in conn.execute(
        select(column, _R.c.status, _R.c.bank_seq).where(_R.c.book_id == book_id, column.in_(sorted(set(keys)))))}


def record(conn: Connection, book_id: int, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(_R), [{**row, "book_id": book_id} for row in rows])


def open_rules(conn: Connection, book_id: int, seqs: list[int]) -> dict[int, set[str]]:
    """The rules of each entry's open findings."""
    found: dict[int, set[str]] = {seq: set() for seq in seqs}
    if seqs:
        for seq, rule in conn.execute(select(Finding.entry_seq, Finding.rule).where(
                and_(Finding.book_id == book_id, Finding.entry_seq.in_(seqs), Finding.status == "open"))):
            found[seq].add(rule)
    return found


class UnmatchedRow(NamedTuple):
    id: int
    payer: str
    name: str | None
    document: str | None
    day: dt.date
    tiyn: int
    file: str | None
    sheet: str | None
    row: int | None
    evidence: dict[str, Any]
    register_seq: int | None = None   # the register's own receipt, booked before a statement came


def not_in_bank_rows(conn: Connection, book_id: int, start: dt.date, end: dt.date) -> list[UnmatchedRow]:
    """Register rows between ``start`` and ``end`` that no bank line showed yet (NOT_IN_BANK):
    those that booked no money, and the register's receipts booked before a statement came."""
    return [UnmatchedRow(r.id, r.payer, (r.evidence or {}).get("name"), r.document, r.register_date, r.register_tiyn,
                         r.register_file, r.register_sheet, r.register_row, r.evidence or {}, r.register_seq)
            for r in conn.execute(select(_R).where(
                _R.c.book_id == book_id, _R.c.status == "NOT_IN_BANK",
                _R.c.bank_seq.is_(None), _R.c.register_date >= start, _R.c.register_date <= end)
                .order_by(_R.c.register_date, _R.c.id))]


def pair_later(conn: Connection, book_id: int, row: UnmatchedRow, status: str, bank_seq: int, bank_key: str,
               bank_date: dt.date, bank_tiyn: int) -> None:
    """A later statement's line shows the money of a register row found in no statement
    before: the row is paired with it, and its NOT_IN_BANK finding (of the row: it booked no
    money) resolved by its entry. A register's receipt's finding is resolved by its reversal."""
    conn.execute(update(_R).where(_R.c.id == row.id).values(
        status=status, bank_seq=bank_seq, bank_key=bank_key, bank_date=bank_date, bank_tiyn=bank_tiyn))
    f = Finding.__table__
    conn.execute(update(f).where(
        f.c.book_id == book_id, f.c.rule == "NOT_IN_BANK", f.c.entry_seq.is_(None), f.c.status == "open",
        f.c.source_file == row.file, f.c.source_sheet == row.sheet, f.c.source_row == row.row)
        .values(status="resolved", resolved_by_seq=bank_seq))
