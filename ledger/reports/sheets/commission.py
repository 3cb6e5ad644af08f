"""The Commission report sheet: the fund in the rows of the commission's published report.

Rows 1, 1.1, 1.2 and 2 were seen in a published copy; the 2.x breakdown and row 3 are our
best reading, and each row's note says which it is. The grid's ``refs`` name rows 1, 2 and
3 ("received", "spent", "balance"), which the Checks sheet holds against the summary.
"""
from __future__ import annotations

from ledger.core.codes import CapKey
from ledger.core.money import Money
from ledger.journal.chart import CHART
from ledger.reports.sheets import Audit
from ledger.reports.status import FundStatus, balances_by_role
from ledger.reports.xlsx import MONEY, TEXT, Grid

WIDTHS = (10, 60, 20, 44)


def commission_sheet(audit: Audit, status: FundStatus) -> Grid:
    L = audit.labels
    g = Grid(audit.writer, L["sheet.commission"], WIDTHS)
    s = g.styles
    g.add(g.label("commission.title", s.title))
    g.add(g.data(audit.book.party), None, None)
    g.add(*g.header("col.row_no", "col.indicator", "summary.amount", "col.note"))
    commission_rows(g, status, balances_by_role(audit.conn, audit.book.id))
    g.write(freeze="A4")
    return g


def commission_rows(g: Grid, status: FundStatus, balances: dict[str, int], notes: bool = True) -> None:
    """Rows 1 to 3 of the commission's report (received, of which each source; spent, by
    purpose; the balance) into ``g``, its columns: row number, item, amount, and with
    ``notes`` a note saying whether the row was seen in a published copy. The final report
    is made of the same rows (and says so once, below them)."""
    L, s = g.writer.labels, g.styles
    seen, best = (L["commission.seen"], L["commission.best_reading"]) if notes else (None, None)
    g.add(g.data("1"), g.label("commission.received", s.bold[TEXT]), g.value(MONEY, status.total.accepted, bold=True),
          g.note(seen), ref="received", ref_col=3)
    g.add(g.data("1.1"), g.label("commission.own"), g.value(MONEY, status.own_funds.accepted), g.note(seen))
    g.add(g.data("1.2"), g.label("commission.voluntary"), g.value(MONEY, status.voluntary.accepted), g.note(seen))
    association = status.cap(CapKey.ASSOCIATION)
    if association is not None:   # a presidential candidate's fund: not in the party report we saw
        g.add(g.data("1.3"), g.label("commission.association"), g.value(MONEY, association.accepted), g.note(best))
    g.add(g.data("2"), g.label("commission.spent", s.bold[TEXT]), g.value(MONEY, status.spent, bold=True),
          g.note(seen), ref="spent", ref_col=3)
    for spec in CHART:
        if spec.type == "expense" and spec.commission_row and spec.commission_row != "2":
            indent = "    " * (spec.commission_row.count(".") - 1)
            g.add(g.data(spec.commission_row), g.data(indent + L.account(spec.name_ru, spec.name_en)),
                  g.value(MONEY, Money(balances.get(spec.role, 0))), g.note(best))
    g.add(g.data("3"), g.label("commission.balance", s.bold[TEXT]),
          g.value(MONEY, status.total.accepted - status.spent, bold=True), g.note(best), ref="balance", ref_col=3)
