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
from functools import cached_property

from ledger.core.codes import EvidenceCode as E
from ledger.core.codes import FundSource, RuleCode
from ledger.core.money import Money
from ledger.core.notices import Notice, code_of
from ledger.rules.donors import (
    DonorClassification,
    DonorKind,
    is_the_party,
    names_the_party,
)
from ledger.rules.profiles import PRESIDENTIAL_CANDIDATE, RuleProfile
from ledger.rules.wording import evidence, params_json


class Outcome(enum.Enum):
    POSTED = "posted"        # wholly into the fund
    SPLIT = "split"          # partly over a cap
    HELD = "held"            # wholly to a liability (banned or unidentifiable)
    REJECTED = "rejected"    # cannot be booked at all
    DUPLICATE = "duplicate"  # already in the book


@dataclass(frozen=True)
class FindingDraft:
    """A finding a rule opens: its rule, the amount concerned, and its evidence, written with
    ``rules.wording.evidence(EvidenceCode.X, **params)`` so that it is stored with its code and
    parameters and shown in any language (plain English text is kept and shown as it is)."""

    rule: str
    amount: Money
    evidence: str

    @cached_property
    def stored(self) -> tuple[str, str | None, str | None]:
        """The evidence as the findings table keeps it: its text, code and parameters (JSON);
        worked out once for a draft that many receipts share (see ``ReceiptJudge``)."""
        return str(self.evidence), code_of(self.evidence), params_json(self.evidence)

    def as_json(self) -> dict:
        return {"rule": self.rule, "amount": self.amount.machine(), "evidence": str(self.evidence),
                "evidence_code": code_of(self.evidence), "evidence_params": dict(getattr(self.evidence, "params", {}))}


@dataclass(frozen=True)
class Accepted:
    """What the fund had accepted before a receipt, per source (a party's fund has no
    association's funds: zero)."""

    own_funds: Money = Money(0)
    voluntary: Money = Money(0)
    association_funds: Money = Money(0)

    def of(self, source: FundSource) -> Money:
        return getattr(self, source.value)

    @property
    def total(self) -> Money:
        return self.own_funds + self.voluntary + self.association_funds

    def __hash__(self) -> int:
        # ``ReceiptJudge`` looks a verdict up under (amount, Accepted) once per receipt: the
        # tiyn themselves, not a hash of three Money objects each.
        return hash((self.own_funds.tiyn, self.voluntary.tiyn, self.association_funds.tiyn))


@dataclass(frozen=True)
class ReceiptVerdict:
    amount: Money
    source: FundSource
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


# What a cap reached means for the next receipt of each source.
FURTHER = {FundSource.OWN_FUNDS: "further own funds are owed back to the party",
           FundSource.ASSOCIATION_FUNDS: "further association's funds are owed back to the association",
           FundSource.VOLUNTARY: "further contributions are owed back to their donors"}
FURTHER_OWN_FUNDS_OF_A_CANDIDATE = "further own funds are owed back to the candidate"


def source_account_role(source: FundSource, donor: DonorClassification) -> str:
    """Which fund-source account receives the accepted part."""
    if source is not FundSource.VOLUNTARY:
        return source.value
    if donor.kind is DonorKind.ORGANISATION:
        return "voluntary_organisations"
    return "voluntary_individuals"


class ReceiptJudge:
    """``judge_receipt`` for one desk's book, remembering the verdicts that hang on nothing but
    the amount and what the fund had accepted before it.

    A large register is mostly contributions with no ban, inside the window, and
    past the cap every one of them leaves the fund's figures as they were: the same amount
    meets the same ``before`` again and again, and its verdict (split, the excess owed back,
    the finding's evidence) is the same each time. Only such a verdict is remembered, under
    (amount, before); any other receipt is judged afresh. The verdict is frozen, so sharing
    it between receipts shares nothing that changes. ``remember=False`` judges every receipt
    afresh (the per-row path, which the equivalence test compares with this one)."""

    # Verdicts remembered at most, in two generations of half as many: when the young one is
    # full it becomes the old one, and a verdict found there is remembered again. The amounts a
    # register repeats (whole thousands) stay remembered among a stream of amounts met once,
    # which in one memory cleared when full pushed them out again and again.
    LIMIT = 4096

    def __init__(self, profile: RuleProfile, party: str | None = None, association_bin: str | None = None,
                 remember: bool = True):
        self.profile, self.party, self.association_bin = profile, party, association_bin
        self.remember = remember
        self._seen: dict[tuple[int, Accepted], ReceiptVerdict] = {}
        self._older: dict[tuple[int, Accepted], ReceiptVerdict] = {}

    def __call__(self, amount: Money, day: dt.date, source: FundSource, donor: DonorClassification,
                 before: Accepted) -> ReceiptVerdict:
        if not (self.remember and source is FundSource.VOLUNTARY and not donor.bans and not donor.cautions
                and self.profile.in_window(day)
                and (donor.kind is DonorKind.PERSON or not self.party or not is_the_party(donor.name, self.party))):
            return judge_receipt(amount, day, source, donor, self.profile, before, self.party, self.association_bin)
        # Nothing else of such a contribution has a say in judge_receipt: not its day (inside
        # the window), not its donor (no ban, no caution, and not the party itself).
        key = (amount.tiyn, before)
        verdict = self._seen.get(key)
        if verdict is None:
            verdict = self._older.get(key)
            if verdict is None:
                verdict = judge_receipt(amount, day, source, donor, self.profile, before, self.party,
                                        self.association_bin)
            if len(self._seen) >= self.LIMIT // 2:
                self._older, self._seen = self._seen, {}
            self._seen[key] = verdict
        return verdict


def judge_receipt(
    amount: Money,
    day: dt.date,
    source: FundSource,
    donor: DonorClassification,
    profile: RuleProfile,
    before: Accepted,
    party: str | None = None,
    association_bin: str | None = None,
) -> ReceiptVerdict:
    """The verdict on ``amount`` arriving from ``donor`` when the fund had ``before``; ``party``
    (the book's party) tells own funds from the party apart from another organisation's money,
    ``association_bin`` (a candidate's nominating association, when the book records it) the
    association's funds from another payer's."""
    if not amount.is_positive:
        raise ValueError("a receipt must be a positive amount")
    profile.require_source(source.value)
    findings = [FindingDraft(b.rule, amount, b.evidence) for b in donor.bans]
    if not profile.in_window(day):
        findings.append(FindingDraft(
            RuleCode.OUTSIDE_WINDOW, amount,
            evidence(E.RECEIVED_OUTSIDE_WINDOW, day=day, window=profile.window)))

    zero = Money.zero()
    if findings:
        # Banned, unidentifiable or out of time: none of it enters the fund.
        if donor.anonymous:
            return ReceiptVerdict(amount, source, zero, zero, amount, zero, tuple(findings), donor.cautions)
        if source is FundSource.OWN_FUNDS and not donor.banned:
            return ReceiptVerdict(amount, source, zero, zero, zero, amount, tuple(findings), donor.cautions)
        return ReceiptVerdict(amount, source, zero, amount, zero, zero, tuple(findings), donor.cautions)

    # Plain integers of tiyn from here: this runs once per row of a 100k-row import.
    capped = profile.source(source.value)
    source_rule, source_cap, source_before, label = capped.cap_rule, profile.cap_of(capped), before.of(source), capped.name
    total_cap = profile.total_cap
    cap, was, total_limit, total_was, paid = (source_cap.tiyn, source_before.tiyn, total_cap.tiyn,
                                              before.total.tiyn, amount.tiyn)
    source_headroom = max(cap - was, 0)
    accepted = min(paid, source_headroom, max(total_limit - total_was, 0))
    excess = paid - accepted
    if excess:
        if paid > source_headroom:
            findings.append(FindingDraft(
                source_rule, Money(excess),
                evidence(E.OVER_CAP, source=label, reached=Money(was + paid), cap=source_cap, over=Money(excess))))
        else:
            findings.append(FindingDraft(
                RuleCode.CAP_TOTAL, Money(excess),
                evidence(E.OVER_CAP, source="the whole fund", reached=Money(total_was + paid), cap=total_cap,
                         over=Money(excess))))

    warnings = list(donor.cautions)
    threshold = profile.warn_at_percent
    candidates_own = profile.election == PRESIDENTIAL_CANDIDATE
    further = FURTHER_OWN_FUNDS_OF_A_CANDIDATE if candidates_own and source is FundSource.OWN_FUNDS else FURTHER[source]
    for what, limit, before_tiyn, limit_money in ((label, cap, was, source_cap),
                                                  ("the whole fund", total_limit, total_was, total_cap)):
        now = before_tiyn + accepted
        if before_tiyn * 100 <= limit * threshold < now * 100 and now < limit:
            warnings.append(Notice(
                "CAP_NEARLY_REACHED", f"{what} now at {Money(now).percent_of(limit_money)}% of the cap "
                f"{limit_money.human()} (headroom {Money(limit - now).human()})",
                what=what, percent=Money(now).percent_of(limit_money), cap=limit_money.machine(),
                headroom=Money(limit - now).machine()))
        elif now == limit and before_tiyn < limit:
            warnings.append(Notice("CAP_REACHED", f"{what} has reached the cap {limit_money.human()}: {further}",
                                   what=what, cap=limit_money.machine()))

    accepted_money, excess_money = Money(accepted), Money(excess)
    # Own funds are the party's own money: a person's or another organisation's money booked as
    # own funds would escape the voluntary cap. It is booked as it came, and flagged. A
    # presidential candidate's own funds are the candidate's own money, a person's: an
    # organisation's money is never a candidate's own funds, whatever its name.
    if source is FundSource.OWN_FUNDS and donor.kind is DonorKind.PERSON and not candidates_own:
        findings.append(FindingDraft(RuleCode.OWN_FUNDS_SOURCE, amount,
                                     evidence(E.OWN_FUNDS_FROM_PERSON, payer=donor.name or donor.key)))
    elif source is FundSource.OWN_FUNDS and donor.kind is DonorKind.ORGANISATION and candidates_own:
        findings.append(FindingDraft(RuleCode.OWN_FUNDS_SOURCE, amount,
                                     evidence(E.CANDIDATES_OWN_FUNDS_FROM_ORGANISATION, payer=donor.name)))
    elif (source is FundSource.OWN_FUNDS and donor.kind is DonorKind.ORGANISATION and party
          and not names_the_party(donor.name, party)):
        findings.append(FindingDraft(RuleCode.OWN_FUNDS_SOURCE, amount,
                                     evidence(E.OWN_FUNDS_FROM_ORGANISATION, payer=donor.name)))
    # The association's funds, likewise, are the nominating association's own money: from a
    # payer without its BIN they would escape the voluntary cap.
    if source is FundSource.ASSOCIATION_FUNDS and association_bin and (
            donor.id_number is None or donor.id_number.digits != association_bin):
        payer = donor.name or donor.key
        if donor.id_number is not None:
            payer = f"{payer} ({donor.id_number.label} {donor.id_number.masked()})"
        findings.append(FindingDraft(RuleCode.ASSOCIATION_FUNDS_SOURCE, amount,
                                     evidence(E.ASSOCIATION_FUNDS_FROM_ANOTHER_PAYER, payer=payer, bin=association_bin)))
    if source is FundSource.VOLUNTARY and party and donor.kind is not DonorKind.PERSON and is_the_party(donor.name, party):
        warnings.append(Notice(
            "PARTY_MONEY_AS_CONTRIBUTION", f"a contribution from the party itself ({donor.name}): the party's own "
            "money is own funds, kept apart from contributions; book it with `fundledger import own-funds` (as a "
            "contribution it uses up the voluntary cap)", name=donor.name))
    if source is FundSource.OWN_FUNDS:
        # Over the cap, own funds go back to the party (or the candidate); the nominating
        # association's funds, like a contribution, to whoever paid them.
        return ReceiptVerdict(amount, source, accepted_money, zero, zero, excess_money, tuple(findings), tuple(warnings))
    return ReceiptVerdict(amount, source, accepted_money, excess_money, zero, zero, tuple(findings), tuple(warnings))
