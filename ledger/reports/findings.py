"""Findings for people and machines: what `check` prints and the audit workbook lists."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from ledger.db.models import Donor, Finding
from ledger.journal.engine import BookInfo
from ledger.money import Money
from ledger.rules.profiles import RULE_CODES


@dataclass(frozen=True)
class FindingView:
    id: int
    rule: str
    amount: Money
    status: str
    entry_seq: int | None
    file: str | None
    sheet: str | None
    row: int | None
    donor: str | None
    donor_id_number: str | None
    evidence: str
    article: str
    resolved_by: int | None

    def as_json(self) -> dict:
        return {"rule": self.rule, "amount": self.amount.machine(), "status": self.status,
                "entry": self.entry_seq, "file": self.file, "sheet": self.sheet, "row": self.row,
                "donor": self.donor, "id_number": self.donor_id_number, "evidence": self.evidence,
                "article": self.article, "resolved_by": self.resolved_by}


def findings(conn: Connection, book: BookInfo, open_only: bool = False) -> list[FindingView]:
    q = (select(Finding.__table__, Donor.name.label("donor_name"), Donor.id_number.label("donor_number")).outerjoin(Donor, Donor.id == Finding.donor_id)
         .where(Finding.book_id == book.id).order_by(Finding.entry_seq, Finding.id))
    if open_only:
        q = q.where(Finding.status == "open")
    out = []
    for f in conn.execute(q):
        name, number = f.donor_name, f.donor_number
        out.append(FindingView(f.id, f.rule, Money(f.amount_tiyn), f.status, f.entry_seq, f.source_file,
                               f.source_sheet, f.source_row, name, number, f.evidence, f.article,
                               f.resolved_by_seq))
    order = {code: i for i, code in enumerate(RULE_CODES)}
    return sorted(out, key=lambda v: (v.entry_seq or 0, order.get(v.rule, 99), v.id))
