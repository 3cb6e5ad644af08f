"""The Checks sheet: live formulas that recompute the workbook's key identities, so a reader
need not trust this program: the trial balance and the journal sum to zero, each cap holds,
each register totals to the summary, the commission report agrees with it, and the summary's
own rows add up.

Every cell a formula points at comes from what the other sheets say of themselves: a
table's ``sum_formula`` (every part of a long register), the summary's and the commission
report's ``refs`` (a figure's name to its cell). No row or column number is written here,
so moving a row of the summary moves its checks with it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from ledger.core.codes import CapKey
from ledger.reports import registers as reg
from ledger.reports.sheets import Audit
from ledger.reports.xlsx import BOOL, MONEY, Grid, Table, styled

WIDTHS = (64, 20, 20, 14)
# Each receipt register and the cap whose accepted money it totals to.
RECEIPT_REGISTER_CAPS = ((reg.CONTRIBUTIONS, CapKey.VOLUNTARY), (reg.OWN_FUNDS, CapKey.OWN),
                         (reg.ASSOCIATION_FUNDS, CapKey.ASSOCIATION))


class Check(NamedTuple):
    label: str
    formula: str
    expected: Any       # True for a condition, 0 for a difference that must vanish


@dataclass(frozen=True)
class ChecksSheet:
    grid: Grid
    checks: tuple[Check, ...]


def checks_sheet(audit: Audit, summary: Mapping[str, str], commission: Mapping[str, str],
                 registers: Mapping[str, Table], donors: Table, trial: Table, journal: Table) -> ChecksSheet:
    """``summary`` and ``commission`` are those grids' ``refs``; ``registers`` the register
    tables by register."""
    L = audit.labels
    checks: list[Check] = []

    def difference(label: str, left: str, right: str) -> None:
        checks.append(Check(label, f"=ROUND({left}-{right},2)", 0))

    def register(table: Table, column: str, against: str) -> None:
        difference(L["checks.register"].format(sheet=table.title, column=L[column]), table.sum_formula(column), against)

    difference(L["checks.tb_zero"], trial.sum_formula("col.debit_balance"), f"({trial.sum_formula('col.credit_balance')})")
    difference(L["checks.tb_turnover"], trial.sum_formula("col.debit_turnover"),
               f"({trial.sum_formula('col.credit_turnover')})")
    difference(L["checks.journal"], journal.sum_formula("col.debit"), f"({journal.sum_formula('col.credit')})")
    for key in audit.book.profile.cap_keys:
        accepted, limit = summary[f"cap.{key}.accepted"], summary[f"cap.{key}.limit"]
        checks.append(Check(L["checks.cap"].format(cap=L[f"cap.{key}"]), f"=AND({accepted}>=0,{accepted}<={limit})", True))
    receipts = [(registers[r], summary[f"cap.{key}.accepted"]) for r, key in RECEIPT_REGISTER_CAPS if r in registers]
    for table, accepted in receipts:
        register(table, "col.accepted", accepted)
    difference(L["checks.register"].format(sheet=" + ".join(t.title for t, _ in receipts), column=L["col.received"]),
               "+".join(t.sum_formula("col.received") for t, _ in receipts), summary["by_source.received"])
    register(registers[reg.SPENDING], "col.amount", summary["spent"])
    register(registers[reg.REFUNDS], "col.amount", summary["owed.paid"])
    difference(L["checks.donors"], donors.sum_formula("col.accepted"), summary["cap.total.accepted"])
    difference(L["checks.commission_1"], commission["received"], summary["cap.total.accepted"])
    difference(L["checks.commission_3"], commission["balance"], f"({commission['received']}-{commission['spent']})")
    # the summary's own identities: received = accepted + owed back; arose - paid - moved = outstanding
    for key, ref, fields in (("checks.by_source", "by_source", ("received", "accepted", "owed")),
                             ("checks.owed", "owed", ("arose", "paid", "moved", "outstanding"))):
        first, *rest = (summary[f"{ref}.{f}"] for f in fields)
        difference(L[key], first, "-".join(rest))

    g = Grid(audit.writer, L["sheet.checks"], WIDTHS)
    g.add(*g.header("checks.check", "checks.value", "checks.expected", "checks.holds"))
    for label, formula, expected in checks:
        row = g.next_row
        kind = BOOL if expected is True else MONEY
        g.add(g.label(label, translate=False), styled(g.ws, g.styles.plain[kind], formula),
              g.value(kind, expected), styled(g.ws, g.styles.bold[BOOL], f"=B{row}=C{row}"))
    g.write(freeze="A2", header_row=1)
    return ChecksSheet(g, tuple(checks))
