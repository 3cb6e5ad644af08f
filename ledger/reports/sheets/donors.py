"""The Donors sheet: per donor, what it gave, what the fund accepted, what is owed back."""
from __future__ import annotations

from ledger.reports import registers as reg
from ledger.reports.sheets import Audit
from ledger.reports.xlsx import INT, MONEY, TEXT, Column, Table

COLUMNS = (
    Column("col.donor", TEXT, 40), Column("col.id_number", TEXT, 15), Column("col.donor_kind", TEXT, 16),
    Column("col.total_given", MONEY, 20), Column("col.gifts", INT, 12), Column("col.accepted", MONEY, 20),
    Column("col.owed", MONEY, 18), Column("col.findings", INT, 12), Column("col.other_names", TEXT, 40))


def donors_sheet(audit: Audit) -> Table:
    L = audit.labels
    t = Table(audit.writer, L["sheet.donors"], COLUMNS)
    kinds = audit.donor_kinds()
    for d in reg.donor_totals(audit.conn, audit.book):
        t.append((L.word("donor", d.name), d.id_number, kinds.get(d.kind, d.kind), d.given, d.gifts, d.accepted,
                  d.owed, d.findings, "; ".join(d.other_names) or None), d.flagged)
    t.close()
    return t
