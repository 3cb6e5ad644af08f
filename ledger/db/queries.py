"""The named queries of the desk: what the journal says of one entry, its debts, its
settlements and its findings.

The desk (``ledger.fund``) decides the order of operations and the rules decide the money;
the SQL they need lives here, named for what it asks, so that the desk holds none and the
same question is asked the same way everywhere.
"""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sqlalchemy import Connection, and_, insert, or_, select, update

from ledger.core.codes import SETTLING_KINDS, EntryKind, FindingStatus
from ledger.db.models import (
    Account,
    Book,
    Candidate,
    Donor,
    Entry,
    Finding,
    Posting,
    ReceiptNotes,
)

_F = Finding.__table__


def entry_row(conn: Connection, book_id: int, seq: int):
    """The entry ``seq`` of a book as a row, or None."""
    return conn.execute(select(Entry.__table__).where(Entry.book_id == book_id, Entry.seq == seq)).first()


def reversal_of(conn: Connection, book_id: int, seq: int) -> int | None:
    """The entry that reversed ``seq``, if any."""
    return conn.execute(select(Entry.seq).where(Entry.book_id == book_id, Entry.reverses_seq == seq)).scalar()


def live_settlements(conn: Connection, book_id: int, seq: int) -> list[int]:
    """The entries that settle ``seq`` (payments back, corrections, supplier refunds) and were
    not themselves reversed."""
    settling = conn.execute(select(Entry.seq).where(
        Entry.book_id == book_id, Entry.settles_seq == seq, Entry.kind != EntryKind.REVERSAL)).scalars().all()
    return [s for s in settling if not reversal_of(conn, book_id, s)]


def owed_back(conn: Connection, book_id: int, receipt_seq: int) -> dict[str, int]:
    """What is still owed back for one receipt, in tiyn per liability account (roles with
    nothing owed left out)."""
    rows = conn.execute(
        select(Account.role, Posting.amount_tiyn)
        .join(Entry, and_(Entry.book_id == Posting.book_id, Entry.seq == Posting.entry_seq))
        .join(Account, Account.id == Posting.account_id)
        .where(Posting.book_id == book_id, Account.type == "liability",
               or_(Entry.seq == receipt_seq, Entry.settles_seq == receipt_seq,
                   Entry.reverses_seq == receipt_seq)))
    owed: dict[str, int] = {}
    for role, amount in rows:
        owed[role] = owed.get(role, 0) - amount
    return {role: v for role, v in owed.items() if v}


def spending_left(conn: Connection, book_id: int, spending_seq: int) -> tuple[str, int | None, int]:
    """A spending's category, candidate and what of it is still spent (tiyn), after what
    suppliers paid back."""
    rows = conn.execute(
        select(Account.role, Posting.candidate_id, Posting.amount_tiyn)
        .join(Entry, and_(Entry.book_id == Posting.book_id, Entry.seq == Posting.entry_seq))
        .join(Account, Account.id == Posting.account_id)
        .where(Posting.book_id == book_id, Account.type == "expense",
               or_(Entry.seq == spending_seq, Entry.settles_seq == spending_seq))
        .order_by(Entry.seq, Posting.line_no)).all()
    return rows[0][0], rows[0][1], sum(r[2] for r in rows)


def booked_under_keys(conn: Connection, book_id: int, keys: list[str]) -> list[tuple[str, int, str, int | None]]:
    """(key, seq, content digest, seq of its reversal or None) of the entries booked under
    ``keys`` (at most a few hundred at a time).

    On PostgreSQL each key is looked up on its own, by the unique index of (book, key): an
    import asks this before every chunk while the same transaction grows the table by a
    hundred thousand rows, which no statistics have seen yet, so for the plain ``IN`` query the
    planner took the whole book for a few hundred rows and read all of it for each chunk (50
    ms a chunk at 100k entries, 8 of the import's 30 s; this takes 3 ms). ``LIMIT 1`` keeps it
    from turning the look-ups back into that join. SQLite finds the index for ``IN`` itself."""
    if not keys:
        return []
    if conn.dialect.name == "postgresql":
        return conn.exec_driver_sql(
            "SELECT k.key, e.seq, e.content_digest, (SELECT r.seq FROM entries r "
            "WHERE r.book_id = %(book)s AND r.reverses_seq = e.seq LIMIT 1) "
            "FROM unnest(%(keys)s::text[]) AS k(key) CROSS JOIN LATERAL (SELECT seq, content_digest FROM entries "
            "WHERE book_id = %(book)s AND idempotency_key = k.key LIMIT 1) e",
            {"book": book_id, "keys": keys}).all()
    # As plain SQL too: SQLAlchemy's rendering of an IN of 500 values cost more than SQLite's search.
    return conn.exec_driver_sql(
        "SELECT e.idempotency_key, e.seq, e.content_digest, r.seq FROM entries e LEFT JOIN entries r "
        "ON r.book_id = e.book_id AND r.reverses_seq = e.seq "
        f"WHERE e.book_id = ? AND e.idempotency_key IN ({', '.join('?' * len(keys))})", (book_id, *keys)).all()


def donor_ids(conn: Connection, keys: list[str]) -> list[tuple[str, int]]:
    """(donor_key, id) of the donors among ``keys`` (at most a few hundred at a time)."""
    if not keys:
        return []
    if conn.dialect.name == "postgresql":
        # One probe of the unique index a key, as ``booked_under_keys`` does and for its reason:
        # an import grows the table by 100k rows that no statistics have seen.
        return conn.exec_driver_sql(
            "SELECT k.key, d.id FROM unnest(%(keys)s::text[]) AS k(key) CROSS JOIN LATERAL "
            "(SELECT id FROM donors WHERE donor_key = k.key LIMIT 1) d", {"keys": keys}).all()
    return conn.exec_driver_sql(f"SELECT donor_key, id FROM donors WHERE donor_key IN ({', '.join('?' * len(keys))})",
                                tuple(keys)).all()


def next_donor_id(conn: Connection) -> int:
    """The id after the largest donor's: SQLite's next, its write transaction holding the file."""
    return conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) + 1 FROM donors").scalar_one()


def entry_postings(conn: Connection, book_id: int, seq: int) -> list[tuple[str, int, int | None, int | None]]:
    """An entry's postings in line order: (account role, amount, donor id, candidate id)."""
    return conn.execute(
        select(Account.role, Posting.amount_tiyn, Posting.donor_id, Posting.candidate_id)
        .join(Account, Account.id == Posting.account_id)
        .where(Posting.book_id == book_id, Posting.entry_seq == seq).order_by(Posting.line_no)).all()


def entry_donor(conn: Connection, book_id: int, seq: int) -> tuple[int, str] | None:
    """The donor an entry's postings name: (id, donor key), or None."""
    row = conn.execute(
        select(Donor.id, Donor.donor_key).join(Posting, Posting.donor_id == Donor.id)
        .where(Posting.book_id == book_id, Posting.entry_seq == seq).limit(1)).first()
    return (row[0], row[1]) if row else None


def add_candidate_off_list(conn: Connection, book_id: int, name: str) -> int:
    """Record a candidate that spending names but the party's list does not (yet)."""
    return conn.execute(insert(Candidate.__table__).values(
        book_id=book_id, name=name, id_number=None, list_position=None, on_list=False)
        .returning(Candidate.__table__.c.id)).scalar_one()


def has_open_finding(conn: Connection, book_id: int, entry_seq: int, rule: str) -> bool:
    return conn.execute(select(_F.c.id).where(
        _F.c.book_id == book_id, _F.c.entry_seq == entry_seq, _F.c.rule == rule,
        _F.c.status == FindingStatus.OPEN)).first() is not None


def resolve_findings(conn: Connection, book_id: int, entry_seq: int, by_seq: int, rule: str | None = None) -> None:
    """Mark an entry's open findings (of one rule, or all) resolved by entry ``by_seq``."""
    where = [_F.c.book_id == book_id, _F.c.entry_seq == entry_seq, _F.c.status == FindingStatus.OPEN]
    if rule is not None:
        where.append(_F.c.rule == rule)
    conn.execute(update(_F).where(*where).values(status=FindingStatus.RESOLVED, resolved_by_seq=by_seq))


def reopen_findings_paid_by_settlements(conn: Connection, book_id: int, receipt_seq: int) -> None:
    """Open again a receipt's findings that a payment back or correction had resolved."""
    payments = select(Entry.seq).where(
        Entry.book_id == book_id, Entry.settles_seq == receipt_seq, Entry.kind.in_(SETTLING_KINDS))
    conn.execute(update(_F).where(
        _F.c.book_id == book_id, _F.c.entry_seq == receipt_seq, _F.c.status == FindingStatus.RESOLVED,
        _F.c.resolved_by_seq.in_(payments)).values(status=FindingStatus.OPEN, resolved_by_seq=None))



class BookDates(NamedTuple):
    """A book's days: its election, the publication of the results, and its close-out."""

    election_date: dt.date | None
    results_date: dt.date | None
    closed_on: dt.date | None


def book_dates(conn: Connection, book_id: int) -> BookDates:
    row = conn.execute(select(Book.election_date, Book.results_date, Book.closed_on).where(Book.id == book_id)).one()
    return BookDates(*(_day(v) for v in row))


def _day(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def set_book_dates(conn: Connection, book_id: int, **days: dt.date | None) -> None:
    """Record ``election_date``, ``results_date`` or ``closed_on`` of a book."""
    conn.execute(update(Book.__table__).where(Book.__table__.c.id == book_id).values(**days))


class Association(NamedTuple):
    """A presidential candidate's nominating public association, as the book records it."""

    name: str | None
    bin: str | None


def book_association(conn: Connection, book_id: int) -> Association | None:
    """The book's nominating association; None when it records none."""
    row = conn.execute(select(Book.association_name, Book.association_bin).where(Book.id == book_id)).one()
    return Association(*row) if any(row) else None


def set_book_association(conn: Connection, book_id: int, association: Association) -> None:
    conn.execute(update(Book.__table__).where(Book.__table__.c.id == book_id).values(
        association_name=association.name, association_bin=association.bin))


def add_account(conn: Connection, book_id: int, spec, parent_id: int | None = None, ceiling_tiyn: int | None = None) -> int:
    """Add one account of the chart (``journal.chart.AccountSpec``) to a book."""
    return conn.execute(insert(Account.__table__).values(
        book_id=book_id, code=spec.code, role=spec.role, name_en=spec.name_en, name_ru=spec.name_ru, type=spec.type,
        fund_source=spec.fund_source, parent_id=parent_id, is_postable=spec.postable, ceiling_tiyn=ceiling_tiyn,
        balance_tiyn=0).returning(Account.__table__.c.id)).scalar_one()


def close_out_seq(conn: Connection, book_id: int) -> int | None:
    """The close-out entry of a book, if it was closed with a balance to divide."""
    return conn.execute(select(Entry.seq).where(Entry.book_id == book_id, Entry.kind == EntryKind.CLOSE_OUT)).scalar()


def last_entry_date(conn: Connection, book_id: int) -> dt.date | None:
    return _day(conn.execute(select(Entry.entry_date).where(Entry.book_id == book_id)
                             .order_by(Entry.entry_date.desc()).limit(1)).scalar())


def receipt_notes(conn: Connection, book_id: int, seqs: list[int] | None = None) -> dict[int, str]:
    """What notes columns said of each receipt's donor (``ReceiptNotes``), by entry (of
    ``seqs``, or every entry that has some), joined in the order they were kept."""
    n = ReceiptNotes.__table__.c
    q = select(n.entry_seq, n.notes).where(n.book_id == book_id).order_by(n.id)
    if seqs is not None:
        if not seqs:
            return {}
        q = q.where(n.entry_seq.in_(sorted(set(seqs))))
    found: dict[int, list[str]] = {}
    for seq, notes in conn.execute(q):
        found.setdefault(seq, []).append(notes)
    return {seq: "; ".join(dict.fromkeys(said)) for seq, said in found.items()}
