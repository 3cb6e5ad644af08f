"""The codes of the domain, each spelt once: rule codes, entry kinds, fund sources, caps.

They are string enums, so what the database stores, what JSON carries and what a test compares
is the plain code ("CAP_OWN", "contribution"), while the code that uses them cannot misspell one.
A new code is added here and nowhere else; its words (in every language) and its legal article
are looked up by the code at the edge.
"""
from __future__ import annotations

import enum


class RuleCode(enum.StrEnum):
    """What a finding says the money broke."""

    CAP_OWN = "CAP_OWN"
    CAP_VOLUNTARY = "CAP_VOLUNTARY"
    CAP_TOTAL = "CAP_TOTAL"
    BAN_FOREIGN = "BAN_FOREIGN"
    BAN_STATE = "BAN_STATE"
    BAN_CHARITY = "BAN_CHARITY"
    BAN_RELIGIOUS = "BAN_RELIGIOUS"
    BAN_ANONYMOUS = "BAN_ANONYMOUS"
    BAN_CANDIDATE_OWN = "BAN_CANDIDATE_OWN"
    ID_INVALID = "ID_INVALID"
    OUTSIDE_WINDOW = "OUTSIDE_WINDOW"
    OVERSPEND = "OVERSPEND"
    OWN_FUNDS_SOURCE = "OWN_FUNDS_SOURCE"
    NOT_IN_BANK = "NOT_IN_BANK"            # the register reports a gift no statement of the account shows
    # Last, after the codes books kept before it: a presidential candidate's fund only.
    CAP_ASSOCIATION = "CAP_ASSOCIATION"


RULE_CODES: tuple[RuleCode, ...] = tuple(RuleCode)
RULE_ORDER: dict[str, int] = {code: i for i, code in enumerate(RULE_CODES)}   # how reports list findings


class Reconciliation(enum.StrEnum):
    """What the reconciliation of a donors' register with the bank's statements says of a row."""

    MATCHED = "MATCHED"                  # the register row and a bank line are one payment
    AMOUNT_DIFFERS = "AMOUNT_DIFFERS"    # one payment (payer and document, or payer and day), two amounts
    DATE_DIFFERS = "DATE_DIFFERS"        # one payment document, dates further apart than the window
    NOT_IN_BANK = RuleCode.NOT_IN_BANK.value   # the register reports a gift the bank never received
    UNDOCUMENTED = "UNDOCUMENTED"        # money on the account that no register row documents


# What a register row's source row records when a statement covers its day: it books no money.
RECONCILED_OUTCOMES: tuple[str, ...] = ("matched", "not_in_bank")


class EntryKind(enum.StrEnum):
    """What a journal entry is."""

    CONTRIBUTION = "contribution"          # a voluntary contribution arrived
    OWN_FUNDS = "own_funds"                # the party's own funds arrived
    ASSOCIATION_FUNDS = "association_funds"  # the nominating association's funds arrived (a candidate's fund)
    SPENDING = "spending"
    SUPPLIER_REFUND = "supplier_refund"    # a supplier paid part of a spending back
    REFUND = "refund"                      # money owed back paid to a donor or the party
    BUDGET_TRANSFER = "budget_transfer"    # money owed to the republican budget paid to it
    CORRECTION = "correction"              # a held receipt moved into the fund (identify)
    REVERSAL = "reversal"                  # the mirror of an earlier entry
    CLOSE_OUT = "close_out"                # the unspent balance divided: 2/3 to the budget, 1/3 to the party


RECEIPT_KINDS: tuple[EntryKind, ...] = (EntryKind.CONTRIBUTION, EntryKind.OWN_FUNDS, EntryKind.ASSOCIATION_FUNDS)
PAYBACK_KINDS: tuple[EntryKind, ...] = (EntryKind.REFUND, EntryKind.BUDGET_TRANSFER)
# What a closed fund still books: the payments of what it owes (the database's guard, revision
# 0010, spells the same list).
AFTER_CLOSE_OUT_KINDS: tuple[EntryKind, ...] = PAYBACK_KINDS
# What settles a receipt's debt: paying it back, or moving it into the fund.
SETTLING_KINDS: tuple[EntryKind, ...] = PAYBACK_KINDS + (EntryKind.CORRECTION,)


class FundSource(enum.Enum):
    """The sources of a fund the law keeps apart: a party's fund has own funds and voluntary
    contributions; a presidential candidate's also the nominating association's funds. Which
    of them a fund has is its rule profile's to say."""

    OWN_FUNDS = "own_funds"
    ASSOCIATION_FUNDS = "association_funds"
    VOLUNTARY = "voluntary"

    @property
    def entry_kind(self) -> EntryKind:
        return _ENTRY_KIND_OF_SOURCE[self]

    @property
    def cap_key(self) -> CapKey:
        return _CAP_OF_SOURCE[self]


class CapKey(enum.StrEnum):
    """Which cap of a rule profile an account's ceiling is."""

    OWN = "own"
    ASSOCIATION = "association"
    VOLUNTARY = "voluntary"
    TOTAL = "total"


_ENTRY_KIND_OF_SOURCE = {FundSource.OWN_FUNDS: EntryKind.OWN_FUNDS, FundSource.ASSOCIATION_FUNDS: EntryKind.ASSOCIATION_FUNDS,
                         FundSource.VOLUNTARY: EntryKind.CONTRIBUTION}
_CAP_OF_SOURCE = {FundSource.OWN_FUNDS: CapKey.OWN, FundSource.ASSOCIATION_FUNDS: CapKey.ASSOCIATION,
                  FundSource.VOLUNTARY: CapKey.VOLUNTARY}



class FindingStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
