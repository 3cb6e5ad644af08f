"""What happens to money that arrives: the verdict on one receipt.

The money is in the bank account whatever we decide, so every receipt is booked; the verdict
only chooses the credit side. Banned money goes wholly to a liability (anonymous money to the
republican budget, the rest back to its donor); money that crosses a cap is split, up to the
cap into the fund source and the excess to a liability. Caps are applied in ledger order:
this function is given what the fund had accepted before this receipt.

Pure: the posting engine turns a ``ReceiptVerdict`` into one balanced entry.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from ledger.money import Money
from ledger.rules.donors import DonorClassification, DonorKind
from ledger.rules.profiles import RuleProfile


class Source(enum.Enum):
    OWN_FUNDS = "own_funds"
    VOLUNTARY = "voluntary"


class Outcome(enum.Enum):
    POSTED = "posted"        # wholly into the fund
    SPLIT = "split"          # partly over a cap
    HELD = "held"            # wholly to a liability (banned or unidentifiable)
    REJECTED = "rejected"    # cannot be booked at all
    DUPLICATE = "duplicate"  # already in the book


@dataclass(frozen=True)
class FindingDraft:
    rule: str
    amount: Money
    evidence: str


@dataclass(frozen=True)
class Accepted:
    """What the fund had accepted before a receipt, per source."""

    own_funds: Money
    voluntary: Money

    @property
    def total(self) -> Money:
        return self.own_funds + self.voluntary


@dataclass(frozen=True)
class ReceiptVerdict:
    amount: Money
    source: Source
    accepted: Money          # into the fund source
    refund_due: Money        # owed back to the donor
    budget_due: Money        # owed to the republican budget
    due_to_party: Money      # own funds over the cap, owed back to the party
    findings: tuple[FindingDraft, ...]
    warnings: tuple[str, ...]

    @property
    def outcome(self) -> Outcome:
        if self.accepted == self.amount:
            return Outcome.POSTED
        if self.accepted.is_positive:
            return Outcome.SPLIT
        return Outcome.HELD

    @property
    def owed(self) -> Money:
        return self.refund_due + self.budget_due + self.due_to_party


def source_account_role(source: Source, donor: DonorClassification) -> str:
    """Which fund-source account receives the accepted part."""
    if source is Source.OWN_FUNDS:
        return "own_funds"
    if donor.kind is DonorKind.ORGANISATION:
        return "voluntary_organisations"
    return "voluntary_individuals"


def judge_receipt(
    amount: Money,
    day: dt.date,
    source: Source,
    donor: DonorClassification,
    profile: RuleProfile,
    before: Accepted,
) -> ReceiptVerdict:
    if not amount.is_positive:
        raise ValueError("a receipt must be a positive amount")
    findings = [FindingDraft(b.rule, amount, b.evidence) for b in donor.bans]
    if not profile.in_window(day):
        findings.append(FindingDraft(
            "OUTSIDE_WINDOW", amount,
            f"received {day:%d.%m.%Y}, outside the fund's window "
            f"{_day(profile.window_start)} - {_day(profile.window_end)}"))

    zero = Money.zero()
    if findings:
        # Banned, unidentifiable or out of time: none of it enters the fund.
        if donor.anonymous:
            return ReceiptVerdict(amount, source, zero, zero, amount, zero, tuple(findings), ())
        if source is Source.OWN_FUNDS and not donor.banned:
            return ReceiptVerdict(amount, source, zero, zero, zero, amount, tuple(findings), ())
        return ReceiptVerdict(amount, source, zero, amount, zero, zero, tuple(findings), ())

    own_cap, voluntary_cap, total_cap = profile.own_cap, profile.voluntary_cap, profile.total_cap
    if source is Source.OWN_FUNDS:
        source_rule, source_cap, source_before, label = "CAP_OWN", own_cap, before.own_funds, "own funds"
    else:
        source_rule, source_cap, source_before, label = "CAP_VOLUNTARY", voluntary_cap, before.voluntary, "voluntary contributions"
    source_headroom = (source_cap - source_before).max(zero)
    total_headroom = (total_cap - before.total).max(zero)
    accepted = amount.min(source_headroom).min(total_headroom)
    excess = amount - accepted
    if excess.is_positive:
        if amount > source_headroom:
            findings.append(FindingDraft(
                source_rule, excess,
                f"{label} would reach {(source_before + amount).human()} of the cap "
                f"{source_cap.human()}; {excess.human()} over"))
        else:
            findings.append(FindingDraft(
                "CAP_TOTAL", excess,
                f"the whole fund would reach {(before.total + amount).human()} of the cap "
                f"{total_cap.human()}; {excess.human()} over"))

    warnings = []
    threshold = profile.warn_at_percent
    for what, cap, was in ((label, source_cap, source_before), ("the whole fund", total_cap, before.total)):
        now = was + accepted
        if was * 100 <= cap * threshold < now * 100 and now < cap:
            warnings.append(f"{what} now at {now.percent_of(cap)}% of the cap {cap.human()} "
                            f"(headroom {(cap - now).human()})")
        elif now == cap and was < cap:
            warnings.append(f"{what} has reached the cap {cap.human()}: further receipts go to refunds due")

    if source is Source.OWN_FUNDS:
        return ReceiptVerdict(amount, source, accepted, zero, zero, excess, tuple(findings), tuple(warnings))
    return ReceiptVerdict(amount, source, accepted, excess, zero, zero, tuple(findings), tuple(warnings))


def _day(value: dt.date | None) -> str:
    return f"{value:%d.%m.%Y}" if value else "open"
