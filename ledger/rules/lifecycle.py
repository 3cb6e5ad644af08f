"""The life of a finding: what opens it, what resolves it, what opens it again.

The desk that writes findings (``ledger.fund``) and ``verify`` that checks them against the
journal follow these rules, so they are said once, here:

- A receipt's findings open with the receipt (and an entry that leaves the fund overspent
  opens its own ``OVERSPEND``). A receipt that credited money owed back must have a finding:
  that finding is the reason the money is owed.
- A finding is resolved only by an entry that settles or reverses the finding's entry: a
  payment back, a correction (``identify``), or a reversal.
- A receipt's findings are resolved once nothing is owed back for it; while money is owed,
  at least one stays open. A reversed payment back (or correction) owes the money again, and
  the findings it had resolved open again.
- A ``NOT_IN_BANK`` finding of a register row imported beside the bank's statements belongs to
  that row, not to an entry (the row booked no money: the bank never received it). It has no
  entry; the entry of a later statement's line that shows the money resolves it.
  On a register's receipt booked before the statement came, it is that receipt's finding and a
  reversal of the receipt resolves it, like any other.
"""
from __future__ import annotations

from ledger.core.codes import RECEIPT_KINDS, SETTLING_KINDS, RuleCode

# Findings that may belong to a source row and no entry.
OF_A_ROW: tuple[RuleCode, ...] = (RuleCode.NOT_IN_BANK,)


def may_resolve(finding_entry: int, reverses: int | None, settles: int | None) -> bool:
    """Whether an entry that reverses ``reverses`` and settles ``settles`` may resolve a
    finding of entry ``finding_entry``."""
    return finding_entry in (reverses, settles)


def needs_a_finding(kind: str, owed_tiyn: int) -> bool:
    """A receipt that credited ``owed_tiyn`` to money owed back is owed back for a reason."""
    return owed_tiyn > 0 and kind in RECEIPT_KINDS


def settled(still_owed_tiyn: int) -> bool:
    """Whether a receipt's findings are all resolved: nothing of it is owed back any more."""
    return still_owed_tiyn <= 0


def reopens(reversed_kind: str) -> bool:
    """Whether reversing an entry of this kind owes its receipt's money again (and so opens
    the findings it had resolved)."""
    return reversed_kind in SETTLING_KINDS

