"""The party's report on the use of its election fund, as it is handed to the commission.

Due within 5 days after the results are published (``rules.calendar``). One printed A4 page
(or more, its header repeated): what was received into the fund and from which source, what
was spent and on what, the balance (rows 1-3, the commission's own report's rows, written by
``sheets.commission.commission_rows`` as the audit workbook writes them), then what came into
the account but not into the fund and is owed back, the close-out's division of the balance
(art. 34(9)), what is still owed and the account's balance, and the lines the party's head and
its treasurer sign. In Russian, Kazakh or English, with the labels of ``reports.i18n``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from ledger.core.codes import RECEIPT_KINDS
from ledger.core.money import Money
from ledger.core.types import BookInfo
from ledger.db.engine import snapshot
from ledger.journal.chart import LIABILITY_ROLES
from ledger.reports import registers as reg
from ledger.reports.i18n import rules_caveat, whose
from ledger.reports.sheets.commission import commission_rows
from ledger.reports.status import FundStatus, balances_by_role, fund_status
from ledger.reports.xlsx import DATE, MONEY, TEXT, Grid, WorkbookWriter

WIDTHS = (8, 80, 22)


@dataclass(frozen=True)
class FinalReport:
    path: Path
    lang: str
    status: FundStatus
    rows: int


def write_final_report(engine: Engine, book: BookInfo, path: str | Path, lang: str = "ru",
                       today: dt.date | None = None) -> FinalReport:
    """Write the report on the fund's use of ``book`` to ``path`` (an .xlsx), made ``today``."""
    path, today = Path(path), today or dt.date.today()
    writer = WorkbookWriter(lang)
    L = writer.labels
    with snapshot(engine) as conn:
        status = fund_status(conn, book, today)
        balances = balances_by_role(conn, book.id)
        flows = reg.flows(conn, book)
    g = Grid(writer, L["sheet.final_report"], WIDTHS)
    s = g.styles
    bold = s.bold[TEXT]
    g.add(g.label("final.title", s.title))
    dates, report = status.dates, status.report
    def of_holder(key: str) -> str:
        return whose(key, book.profile)

    heading = [(of_holder("summary.party"), g.data(book.party)), ("summary.election", g.data(book.election)),
               ("final.election_date", _day(g, dates.election_date)),
               ("final.results_date", _day(g, dates.results_date))]
    for key, cell in heading:
        g.add(None, g.label(key, bold), cell)
    if report is not None:
        g.add(None, g.label("final.due", bold), g.value(DATE, report.due))
        g.add(None, g.note(L["final.due_rule"] if report.from_results else L["final.due_from_election"]))
    g.add(None, g.label("final.closed_on", bold),
          g.value(DATE, dates.closed_on) if dates.closed_on else g.label("final.not_closed"))
    g.add(None, g.label("final.made_on", bold), g.value(DATE, today))
    caveat = rules_caveat(book.profile, L.lang)
    if caveat:
        g.add(None, g.note(caveat))
    g.add()
    header_row = g.add(*g.header("col.row_no", "col.indicator", "summary.amount"))
    commission_rows(g, status, balances)

    def arose(role: str) -> Money:
        return Money(-sum(flows.get((role, kind), Money(0)).tiyn for kind in RECEIPT_KINDS))

    owed = {role: arose(role) for role in LIABILITY_ROLES}
    g.add(g.data("4"), g.label("final.owed", bold), g.value(MONEY, sum(owed.values(), Money(0)), bold=True))
    for n, role in enumerate(LIABILITY_ROLES, start=1):
        g.add(g.data(f"4.{n}"), g.label(of_holder(f"final.owed.{role}")), g.value(MONEY, owed[role]))
    g.add(g.data("5"), g.label("final.division", bold),
          g.value(MONEY, status.close_out_budget + status.close_out_party, bold=True))
    if not status.closed:
        g.add(None, g.note(L["final.division.pending"]))
    g.add(g.data("5.1"), g.label("final.division.budget"), g.value(MONEY, status.close_out_budget))
    g.add(g.data("5.2"), g.label(of_holder("final.division.party")), g.value(MONEY, status.close_out_party))
    g.add(g.data("6"), g.label("final.still_owed", bold),
          g.value(MONEY, status.refunds_due + status.budget_due + status.party_due, bold=True))
    g.add(g.data("7"), g.label("final.bank", bold), g.value(MONEY, status.bank_balance, bold=True))
    for line in L["final.rows_note"].splitlines():
        g.add(None, g.note(line))
    g.add()
    g.add()
    for who in (of_holder("final.sign.head"), "final.sign.treasurer"):
        g.add(None, g.label(who, bold))
        g.add(None, g.label("final.sign.line"))
        g.add(None, g.note(L["final.sign.under"]))
        g.add()
    g.add(None, g.label("final.sign.date"))
    g.add(None, g.label("final.sign.seal"))
    g.write(header_row=header_row)
    g.ws.auto_filter.ref = None      # a page to print and sign, not a table to filter
    writer.save(path)
    return FinalReport(path, L.lang, status, len(g.rows))


def _day(g: Grid, day: dt.date | None):
    return g.value(DATE, day) if day else g.label("final.not_recorded")
