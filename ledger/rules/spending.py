"""What happens to money that leaves: the verdict on one spending, and on undoing a receipt
whose money was already spent.

The fund may spend only what it holds less what it owes back (money over a cap or from a
banned donor is in the account but is not the fund's). Spending beyond that is refused when
the treasurer asks first, and otherwise booked as it happened with an ``OVERSPEND`` finding;
spending outside the fund's dates is booked with ``OUTSIDE_WINDOW``.

Pure, like ``ledger.rules.receipts``: the desk gives the figures, this decides.
"""
from __future__ import annotations

import datetime as dt

from ledger.core.codes import EvidenceCode as E
from ledger.core.codes import RuleCode
from ledger.core.errors import OverspendRefused
from ledger.core.money import Money
from ledger.i18n import _
from ledger.rules.profiles import RuleProfile
from ledger.rules.receipts import FindingDraft
from ledger.rules.wording import evidence


def judge_spending(amount: Money, day: dt.date, available: Money, profile: RuleProfile,
                   refuse_overspend: bool = False) -> tuple[FindingDraft, ...]:
    """The findings one spending of ``amount`` on ``day`` opens, with ``available`` in the fund
    before it. ``refuse_overspend``: raise ``OverspendRefused`` instead of booking it."""
    findings = []
    if amount > available:
        over = amount - available.max(Money(0))
        if refuse_overspend:
            raise OverspendRefused(_(
                "spending {amount} would overspend the fund: only {available} is available (money owed back "
                "cannot be spent)").format(amount=amount.human(), available=available.max(Money(0)).human()))
        findings.append(FindingDraft(RuleCode.OVERSPEND, over, evidence(
            E.SPENT_MORE_THAN_AVAILABLE, amount=amount, available=available, over=over)))
    if not profile.in_window(day):
        findings.append(FindingDraft(RuleCode.OUTSIDE_WINDOW, amount,
                                     evidence(E.SPENT_OUTSIDE_WINDOW, day=day, window=profile.window)))
    return tuple(findings)


def judge_reversed_receipt(seq: int, available_after: Money) -> tuple[FindingDraft, ...]:
    """Undoing receipt ``seq`` leaves ``available_after`` in the fund: below zero, its money
    was already spent, and the fund is overspent by that much."""
    if not available_after.is_negative:
        return ()
    short = -available_after
    return (FindingDraft(RuleCode.OVERSPEND, short, evidence(E.REVERSAL_LEAVES_FUND_SHORT, seq=seq, short=short)),)
