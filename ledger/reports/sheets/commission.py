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

from ledger.core.codes import CapKey
from ledger.core.money import Money
from ledger.journal.chart import CHART
from ledger.reports.i18n import whose
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
    g.add(g.label("commission.title", s.title))
    g.add(g.data(audit.book.party), span=True)
    g.add(*g.header("col.row_no", "col.indicator", "summary.amount"))
    notes: list[tuple[str, str, str]] = []    # (row, indicator, how it was read)
    commission_rows(g, status, balances_by_role(audit.conn, audit.book.id), notes)
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


def commission_rows(g: Grid, status: FundStatus, balances: dict[str, int],
                    notes: list[tuple[str, str, str]] | None = None) -> None:
    """Rows 1 to 3 of the commission's report (received, of which each source; spent, by
    purpose; the balance) into ``g``, its columns: row number, item, amount. The form carries
    only that; ``notes``, when given, gains for each row its number, its item and the key of
    how it was read (seen in a published copy, or our best reading), for a notes sheet. The
    final report is made of the same rows (and says so once, below them)."""
    L, s = g.writer.labels, g.styles
    refs = {"1": "received", "2": "spent", "3": "balance"}

    def row(number: str, item, amount: Money, seen: bool, bold: bool = False) -> None:
        g.add(g.data(number), item, g.value(MONEY, amount, bold=bold), ref=refs.get(number), ref_col=3)
        if notes is not None:
            notes.append((number, item.value if hasattr(item, "value") else item,
                          "commission.seen" if seen else "commission.best_reading"))

    for h in headline_rows(status):
        top = "." not in h.row
        row(h.row, g.label(h.label, s.bold[TEXT] if top else None), h.amount, h.seen, top)
        if h.row == "2":
            for spec in CHART:
                if spec.type == "expense" and spec.commission_row and spec.commission_row != "2":
                    indent = "    " * (spec.commission_row.count(".") - 1)
                    row(spec.commission_row, g.data(indent + L.account(spec.name_ru, spec.name_en)),
                        Money(balances.get(spec.role, 0)), False)
