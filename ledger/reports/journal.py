"""The journal as people read it: entries in ledger order with their postings."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, select

from ledger.core.money import Money
from ledger.core.types import BookInfo
from ledger.db.models import Account, Candidate, Donor, Entry, Posting
from ledger.reports import registers as reg


@dataclass(frozen=True)
class PostingLine:
    account_code: str
    account_name: str
    amount: Money
    donor: str | None
    candidate: str | None


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    entry_date: dt.date
    kind: str
    memo: str
    reverses: int | None
    settles: int | None
    source: str
    hash: str
    postings: list[PostingLine]

    def as_json(self) -> dict:
        return {"seq": self.seq, "date": self.entry_date.isoformat(), "kind": self.kind, "memo": self.memo,
                "reverses": self.reverses, "settles": self.settles, "source": self.source, "hash": self.hash,
                "postings": [{"account": p.account_code, "name": p.account_name, "amount": p.amount.machine(),
                              "donor": p.donor, "candidate": p.candidate} for p in self.postings]}


def journal_lines(conn: Connection, book: BookInfo, limit: int | None = None) -> list[JournalEntry]:
    q = select(Entry.__table__).where(Entry.book_id == book.id).order_by(Entry.seq)
    if limit:
        first = conn.execute(select(Entry.seq).where(Entry.book_id == book.id)
                             .order_by(Entry.seq.desc()).limit(1).offset(limit - 1)).scalar()
        if first:
            q = q.where(Entry.seq >= first)
    entries = {e.seq: e for e in conn.execute(q)}
    if not entries:
        return []
    lines: dict[int, list[PostingLine]] = {}
    P, D, E = Posting.__table__, Donor.__table__, Entry.__table__
    receipt, receipt_on = reg.receipt_of(E)
    rows = conn.execute(
        select(P.c.entry_seq, Account.code, Account.name_en, P.c.amount_tiyn,
               reg.posting_donor_name(P, D, E, receipt), Candidate.name)
        .select_from(P)
        .join(E, and_(E.c.book_id == P.c.book_id, E.c.seq == P.c.entry_seq))
        .outerjoin(receipt, receipt_on)
        .join(Account, Account.id == P.c.account_id)
        .outerjoin(D, D.c.id == P.c.donor_id)
        .outerjoin(Candidate, Candidate.id == P.c.candidate_id)
        .where(P.c.book_id == book.id, P.c.entry_seq >= min(entries))
        .order_by(P.c.entry_seq, P.c.line_no))
    for seq, code, name, amount, donor, candidate in rows:
        lines.setdefault(seq, []).append(PostingLine(code, name, Money(amount), donor, candidate))
    out = []
    for seq, e in entries.items():
        source = ""
        if e.source_file:
            source = f"{e.source_file}" + (f" [{e.source_sheet}]" if e.source_sheet else "") + \
                     (f" row {e.source_row}" if e.source_row else "")
        out.append(JournalEntry(seq, e.entry_date, e.kind, e.memo, e.reverses_seq, e.settles_seq, source,
                                e.hash, lines.get(seq, [])))
    return out
