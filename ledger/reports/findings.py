"""Findings for people and machines: what `check` prints and the audit workbook lists.

Each finding points at the row it came from: file, sheet and row number (a CSV has no sheet,
so only its file and row; a receipt typed in at the command line has no file at all)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, select

from ledger.core.codes import RULE_ORDER
from ledger.core.money import Money
from ledger.core.types import BookInfo
from ledger.db.models import Donor, Finding
from ledger.reports import registers as reg
from ledger.rules.wording import finding_in_words


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
    evidence: str                  # in English, as written
    article: str
    resolved_by: int | None
    evidence_code: str | None = None
    evidence_params: str | None = None   # JSON, as stored
    notes: str | None = None             # what a notes column said of the donor of its entry

    def evidence_in_words(self) -> str:
        """The evidence in the reader's language (from its code and parameters where it has them)."""
        return finding_in_words(self.evidence, self.evidence_code, self.evidence_params)

    def as_json(self) -> dict:
        return {"rule": self.rule, "amount": self.amount.machine(), "status": self.status,
                "entry": self.entry_seq, "file": self.file, "sheet": self.sheet, "row": self.row,
                "donor": self.donor, "id_number": self.donor_id_number, "evidence": self.evidence,
                "evidence_code": self.evidence_code,
                "evidence_params": json.loads(self.evidence_params) if self.evidence_params else {},
                "article": self.article, "resolved_by": self.resolved_by, "notes": self.notes}


def findings(conn: Connection, book: BookInfo, open_only: bool = False) -> list[FindingView]:
    F, D = Finding.__table__, Donor.__table__
    joined, donor_name = reg.with_donor_names(F, D)
    q = (select(F, donor_name.label("donor_name"), D.c.id_number.label("donor_number"))
         .select_from(joined).where(F.c.book_id == book.id).order_by(F.c.entry_seq, F.c.id))
    if open_only:
        q = q.where(F.c.status == "open")
    out = []
    notes = reg.receipt_notes(conn, book.id)
    for f in conn.execute(q):
        name, number = f.donor_name, f.donor_number
        out.append(FindingView(f.id, f.rule, Money(f.amount_tiyn), f.status, f.entry_seq, f.source_file,
                               reg.shown_sheet(f.source_file, f.source_sheet), f.source_row, name, number,
                               f.evidence, f.article, f.resolved_by_seq, f.evidence_code, f.evidence_params,
                               notes.get(f.entry_seq)))
    order = RULE_ORDER
    return sorted(out, key=lambda v: (v.entry_seq or 0, order.get(v.rule, 99), v.id))
