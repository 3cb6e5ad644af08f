"""The Commission report sheet: the fund in the rows of the commission's published report,
and beside it a notes sheet saying how each row was read.

Rows 1, 1.1, 1.2 and 2 were seen in a published copy; the 2.x breakdown and row 3 are our
best reading. The form itself carries only what the commission's form does (row, indicator,
amount), so it can be printed and filed as it is; which rows are read and which seen is said
on the notes sheet, row by row. The grid's ``refs`` name rows 1, 2 and 3 ("received",
"spent", "balance"), which the Checks sheet holds against the summary.
"""
from __future__ import annotations

from typing import NamedTuple

from ledger.core.money import Money
from ledger.journal.chart import CHART
from ledger.reports.sheets import Audit
from ledger.reports.status import FundStatus, balances_by_role
from ledger.reports.xlsx import MONEY, TEXT, Grid

WIDTHS = (10, 64, 22)
NOTE_WIDTHS = (10, 64, 60)


class CommissionSheets(NamedTuple):
    form: Grid       # its refs name rows 1, 2 and 3
    notes: Grid


def commission_sheet(audit: Audit, status: FundStatus) -> CommissionSheets:
    L = audit.labels
    g = Grid(audit.writer, L["sheet.commission"], WIDTHS)
    s = g.styles
    balances = balances_by_role(audit.conn, audit.book.id)
    g.add(g.label("commission.title", s.title))
    g.add(g.data(audit.book.party), span=True)
    g.add(*g.header("col.row_no", "col.indicator", "summary.amount"))
    seen, best = "commission.seen", "commission.best_reading"
    notes: list[tuple[str, str, str]] = []    # (row, indicator, how it was read)

    def row(number: str, indicator, key: str, amount: Money, bold: bool = False, ref: str | None = None) -> None:
        g.add(g.data(number), indicator, g.value(MONEY, amount, bold=bold), ref=ref, ref_col=3)
        notes.append((number, indicator.value if hasattr(indicator, "value") else indicator, key))

    row("1", g.label("commission.received", s.bold[TEXT]), seen, status.total.accepted, True, "received")
    row("1.1", g.label("commission.own"), seen, status.own_funds.accepted)
    row("1.2", g.label("commission.voluntary"), seen, status.voluntary.accepted)
    row("2", g.label("commission.spent", s.bold[TEXT]), seen, status.spent, True, "spent")
    for spec in CHART:
        if spec.type == "expense" and spec.commission_row and spec.commission_row != "2":
            indent = "    " * (spec.commission_row.count(".") - 1)
            row(spec.commission_row, g.data(indent + L.account(spec.name_ru, spec.name_en)), best,
                Money(balances.get(spec.role, 0)))
    row("3", g.label("commission.balance", s.bold[TEXT]), best, status.total.accepted - status.spent, True, "balance")
    g.write(freeze="A4", header_row=3)
    return CommissionSheets(g, _notes_sheet(audit, notes))


def _notes_sheet(audit: Audit, notes: list[tuple[str, str, str]]) -> Grid:
    """How each row of the form was read: seen in a published copy, or our best reading."""
    g = Grid(audit.writer, audit.labels["sheet.commission_notes"], NOTE_WIDTHS)
    g.add(g.label("commission.notes_title", g.styles.title))
    g.add(*g.header("col.row_no", "col.indicator", "col.note"))
    for number, indicator, key in notes:
        g.add(g.data(number), g.data(indicator.strip()), g.label(key, g.styles.note))
    g.write(freeze="A3", header_row=2)
    return g
