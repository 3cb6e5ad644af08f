"""The Commission report sheet: the fund in the rows of the commission's published report.

Rows 1, 1.1, 1.2 and 2 were seen in a published copy; the 2.x breakdown and row 3 are our
best reading, and each row's note says which it is. The grid's ``refs`` name rows 1, 2 and
3 ("received", "spent", "balance"), which the Checks sheet holds against the summary.
"""
from __future__ import annotations

from typing import NamedTuple

from ledger.core.codes import CapKey
from ledger.core.money import Money
from ledger.journal.chart import CHART
from ledger.reports.i18n import whose
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


class Headline(NamedTuple):
    """A top row of the commission's report: its number, label key, figure, and whether the
    row was seen in a published copy."""

    row: str
    label: str
    amount: Money
    seen: bool


def headline_rows(status: FundStatus) -> list[Headline]:
    """Rows 1 (and each source's 1.x), 2 and 3 of one fund, as the commission publishes them
    (the final report and the commission's view over many books read the same rows)."""
    rows = [Headline("1", "commission.received", status.total.accepted, True),
            Headline("1.1", whose("commission.own", status.book.profile), status.own_funds.accepted, True),
            Headline("1.2", "commission.voluntary", status.voluntary.accepted, True)]
    association = status.cap(CapKey.ASSOCIATION)
    if association is not None:   # a presidential candidate's fund: not in the party report we saw
        rows.append(Headline("1.3", "commission.association", association.accepted, False))
    rows.append(Headline("2", "commission.spent", status.spent, True))
    rows.append(Headline("3", "commission.balance", status.total.accepted - status.spent, False))
    return rows


def commission_rows(g: Grid, status: FundStatus, balances: dict[str, int], notes: bool = True) -> None:
    """Rows 1 to 3 of the commission's report (received, of which each source; spent, by
    purpose; the balance) into ``g``, its columns: row number, item, amount, and with
    ``notes`` a note saying whether the row was seen in a published copy. The final report
    is made of the same rows (and says so once, below them)."""
    L, s = g.writer.labels, g.styles
    seen, best = (L["commission.seen"], L["commission.best_reading"]) if notes else (None, None)
    refs = {"1": "received", "2": "spent", "3": "balance"}
    for h in headline_rows(status):
        top = "." not in h.row
        g.add(g.data(h.row), g.label(h.label, s.bold[TEXT] if top else None), g.value(MONEY, h.amount, bold=top),
              g.note(seen if h.seen else best), ref=refs.get(h.row), ref_col=3)
        if h.row == "2":
            for spec in CHART:
                if spec.type == "expense" and spec.commission_row and spec.commission_row != "2":
                    indent = "    " * (spec.commission_row.count(".") - 1)
                    g.add(g.data(spec.commission_row), g.data(indent + L.account(spec.name_ru, spec.name_en)),
                          g.value(MONEY, Money(balances.get(spec.role, 0))), g.note(best))
