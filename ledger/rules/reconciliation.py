"""The donors' register against the bank's statement: which register row is which bank line.

The bank's statement is the truth of what money arrived; the register is evidence of who gave
it. A register row and a bank line are one payment when they have the same payer (the same
IIN/BIN; a side without a valid one is compared by name) and

1. the same payment document (where both give one): a pair whatever its amount and date, so a
   mistyped amount or date is shown as a difference, not as two payments;
2. else the same amount within ``WINDOW_DAYS`` days of each other, and no two different
   document numbers: a register notes the day of the payment order, the bank the day the
   money was credited, and a transfer takes up to three working days to arrive;
3. else the same day with another amount (a mistyped amount without a document number).

Each bank line is one payment and pairs with at most one register row: the closest in date
first, then the earliest line. A pair of equal amounts within the window is ``MATCHED``; a pair
by document whose dates are further apart is ``DATE_DIFFERS``; any pair of two amounts is
``AMOUNT_DIFFERS``. A register row with no bank line is ``NOT_IN_BANK``.

Pure: the caller reads the lines from the book and records the pairs.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ledger.core.codes import Reconciliation
from ledger.core.money import Money
from ledger.core.notices import Notice
from ledger.rules import wording

WINDOW_DAYS = 3


@dataclass(frozen=True)
class Line:
    """One side's record of a payment. ``ref`` is the caller's own (a row, an entry)."""

    ref: object
    id_number: str | None   # valid IIN/BIN digits, or None
    name: str               # normalised
    day: dt.date
    amount: Money
    document: str = ""      # ids.document_key of the payment document, "" for none


@dataclass(frozen=True)
class Pair:
    register: Line
    bank: Line | None
    status: Reconciliation

    @property
    def days_apart(self) -> int | None:
        return None if self.bank is None else (self.bank.day - self.register.day).days


def _documents_agree(a: Line, b: Line) -> bool:
    return not a.document or not b.document or a.document == b.document


def match(register: list[Line], bank: list[Line], window: int = WINDOW_DAYS) -> list[Pair]:
    """One pair for every register row, in the order of ``register``. The bank's lines are
    looked up by payer, so a chunk of thousands of rows against a statement of thousands of
    lines costs their sum, not their product."""
    by_id: dict[str, list[int]] = {}
    by_name: dict[str, list[int]] = {}
    for n, b in enumerate(bank):
        if b.id_number:
            by_id.setdefault(b.id_number, []).append(n)
        if b.name:
            by_name.setdefault(b.name, []).append(n)
    free = set(range(len(bank)))
    paired: dict[int, Pair] = {}

    def payers(row: Line) -> list[int]:
        if row.id_number:
            return by_id.get(row.id_number, []) + [n for n in by_name.get(row.name, []) if not bank[n].id_number]
        return by_name.get(row.name, [])

    def take(tests) -> None:
        for i, row in enumerate(register):
            if i in paired:
                continue
            candidates = [n for n in payers(row) if n in free and tests(row, bank[n])]
            if not candidates:
                continue
            best = min(candidates, key=lambda n: (abs((bank[n].day - row.day).days), n))
            free.discard(best)
            paired[i] = Pair(row, bank[best], _status(row, bank[best], window))

    take(lambda r, b: bool(r.document) and r.document == b.document)
    take(lambda r, b: r.amount == b.amount and abs((b.day - r.day).days) <= window and _documents_agree(r, b))
    take(lambda r, b: r.day == b.day and _documents_agree(r, b))
    return [paired.get(i) or Pair(row, None, Reconciliation.NOT_IN_BANK) for i, row in enumerate(register)]


def _status(row: Line, bank: Line, window: int) -> Reconciliation:
    if row.amount != bank.amount:
        return Reconciliation.AMOUNT_DIFFERS
    if abs((bank.day - row.day).days) > window:
        return Reconciliation.DATE_DIFFERS
    return Reconciliation.MATCHED


def line_reason(status: Reconciliation, amount: Money | None, day: dt.date | None, bank_amount: Money | None,
                bank_day: dt.date | None) -> Notice:
    """Why a reconciliation's line has its status, from what each side says (the register's
    amount and day, the bank's): English with the status as its code and the values as its
    parameters (``wording.RECONCILIATION_REASONS``), put into the reader's language where shown."""
    said = {Reconciliation.MATCHED: {}, Reconciliation.AMOUNT_DIFFERS: {"amount": amount, "bank_amount": bank_amount},
            Reconciliation.DATE_DIFFERS: {"day": day, "bank_day": bank_day, "days": WINDOW_DAYS},
            Reconciliation.NOT_IN_BANK: {"amount": amount, "day": day},
            Reconciliation.UNDOCUMENTED: {"bank_amount": bank_amount, "bank_day": bank_day}}[status]
    return wording.reconciliation_reason(str(status), **said)
