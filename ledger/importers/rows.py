"""What a row of a sheet is: one ordered list of small row rules.

Under a book's header stand payments, and also what is no payment: blank rows, the header
printed again after a page break, a bank's turnovers and balances, totals and subtotals of
every kind (whatever follows "Итого": per donor, per month, per page; "в том числе"), section
headings of a spending book ("1. Телевидение") and notes (a month's name, the treasurer's
signature). Each rule looks at one row and either gives its verdict, with the reason, or
passes; ``RULES`` holds them in the order they are asked, and the first verdict is the row's
(``judge``); a row no rule claims is data. The order matters: a layout's balance row is never
a total, a total is never a note.

Two verdicts can only come after a row is parsed, and are given there: a bare number under
the table that is the sum of the rows above it (``RunningSums``), and money that went the other
way (``ledger.importers.direction``).

Every rule runs once per row, so each looks at a cell or two before it looks closer.
**Adding a rule**: a function ``(row, sheet) -> Verdict | None`` placed in ``RULES`` where it
must be asked; its words belong in the vocabulary (vocabulary/*.toml), not in the rule.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ledger.core.money import Money
from ledger.importers import cells, headers
from ledger.importers.readers import Row
from ledger.importers.statement import is_balance_row


class RowKind(StrEnum):
    DATA = "data"
    ABOVE = "above the table"
    BLANK = "blank"
    HEADER_AGAIN = "header again"
    SKIPPED = "skipped by the layout"
    BALANCE = "balance"
    TOTAL = "total"
    SECTION = "section heading"
    NOTE = "note"


@dataclass(frozen=True)
class Verdict:
    """What a rule says a row is, and why (for the tests and for whoever traces a row)."""

    kind: RowKind
    reason: str


@dataclass(frozen=True)
class Sheet:
    """What the rules know of the sheet: its header, whether it is a bank statement (whose
    balance rows give the statement its figures) and whether its sections name spending
    categories (a spending book with no category column)."""

    header: headers.HeaderMap
    statement: bool = False
    sections: bool = False


RowRule = Callable[[Row, Sheet], "Verdict | None"]

DATA = Verdict(RowKind.DATA, "a payment: no rule says otherwise")
_ABOVE = Verdict(RowKind.ABOVE, "above the first data row: the title, the account block or the header")
_BLANK = Verdict(RowKind.BLANK, "no cell holds anything")
_HEADER_AGAIN = Verdict(RowKind.HEADER_AGAIN, "the header, or its column numbers, printed again after a page break")
_SKIPPED = Verdict(RowKind.SKIPPED, "its first words are the layout's turnovers, totals or balances")
_BALANCE = Verdict(RowKind.BALANCE, "the statement's opening or closing balance")
_TOTAL = Verdict(RowKind.TOTAL, "a total: its label or a formula sums the rows above")
_SECTION = Verdict(RowKind.SECTION, "words alone that name a spending category: the section's heading")
_NOTE = Verdict(RowKind.NOTE, "words alone: no amount, date or IIN/BIN")


def above_header(row: Row, sheet: Sheet) -> Verdict | None:
    return _ABOVE if row.number < sheet.header.data_from else None


def blank(row: Row, sheet: Sheet) -> Verdict | None:
    return _BLANK if headers.is_blank(row) else None


def header_again(row: Row, sheet: Sheet) -> Verdict | None:
    return _HEADER_AGAIN if headers.is_header_again(row, sheet.header) else None


def skipped_by_layout(row: Row, sheet: Sheet) -> Verdict | None:
    """A known layout's own rows that are no payment (see ``layouts``: ``[skip]``)."""
    skip = sheet.header.skip
    if skip is None or not skip(row):
        return None
    return _BALANCE if sheet.statement and is_balance_row(row.cells) else _SKIPPED


def total(row: Row, sheet: Sheet) -> Verdict | None:
    return _TOTAL if headers.is_totals(row, sheet.header) else None


def words_alone(row: Row, sheet: Sheet) -> Verdict | None:
    """A row of words with no amount, date or IIN/BIN: a statement's balance, a spending
    section's heading, or a note."""
    if not headers.is_note(row, sheet.header):
        return None
    if sheet.statement and is_balance_row(row.cells):
        return _BALANCE
    if sheet.sections and headers.spending_role(shown(row)).role != "other_spending":
        return _SECTION
    return _NOTE


RULES: tuple[RowRule, ...] = (above_header, blank, header_again, skipped_by_layout, total, words_alone)


def judge(row: Row, sheet: Sheet) -> Verdict:
    """The first verdict of ``RULES`` on the row; a row none of them claims is data."""
    if RULES is _GLANCED and at_a_glance(row, sheet.header):
        return DATA
    for rule in RULES:
        verdict = rule(row, sheet)
        if verdict is not None:
            return verdict
    return DATA


# The rules ``at_a_glance`` answers for; a rule added to RULES must be added there too.
_GLANCED = RULES
_INFINITY = float("inf")


def at_a_glance(row: Row, header: headers.HeaderMap) -> bool:
    """Whether a row is data by what its IIN/BIN and date cells alone say, as every rule of
    ``RULES`` would find after looking at the whole row; nearly every payment is, and the
    rules are then not asked. A row below the header, in a sheet without a layout's own rows
    to skip, whose IIN/BIN cell holds a number of three digits or more (a number from 100, or
    digits alone) and whose date cell does not begin with a letter:

    - is not blank, not a total and not words alone: its IIN/BIN cell holds digits (a row
      with an IIN/BIN is always a payment, whatever its name says);
    - is not the header again: its date cell is no header's word, and no column number
      (1, "гр.2", "(3)") or letter is three digits long, so the row is no row of them.

    Any other row is for the rules to judge, one by one."""
    if row.number < header.data_from or header.skip is not None:
        return False
    row_cells = row.cells
    width = len(row_cells)
    col = header.columns.get("id_number")
    if col is None or col >= width:
        return False
    number = row_cells[col]
    kind = type(number)
    if not ((kind is float or kind is int) and 100 <= number < _INFINITY
            or kind is str and len(number) >= 3 and number.isdigit()):
        return False
    col = header.columns.get("date")
    day = row_cells[col] if col is not None and col < width else None
    return not (isinstance(day, str) and day[:1].isalpha())


def shown(row: Row) -> str:
    """The row's cells as a person reads them: "Итого | 350 000"."""
    return " | ".join(cells.text(c) or "" for c in row.cells if not cells.is_empty(c))


class RunningSums:
    """Running sums of a sheet's amounts, to know a bare number under the table ("350 000"
    with no date, name or IIN/BIN) for the total of the rows above it, or of the section
    since the last totals row, and not a payment that lost its date; bare numbers right
    after a total are its breakdown ("в том числе ... 400 000")."""

    def __init__(self):
        self.since_total = self.since_header = 0
        self.after_total = False

    def add(self, row) -> None:
        self.after_total = False
        if row.amount is not None:
            self.since_total += row.amount.tiyn
            self.since_header += row.amount.tiyn

    def total_seen(self) -> None:
        self.since_total = 0
        self.after_total = True

    def is_total(self, parsed, row: Row, header: headers.HeaderMap) -> bool:
        """Whether a parsed row with no date is a total after all."""
        if parsed.problem is None or parsed.problem.field != "date" or parsed.values.get("id_number"):
            return False
        if self.after_total:   # "от юридических лиц ... 400 000" under "в том числе"
            return True
        amount = cells.amount(header.value(row.cells, "amount"))
        return (not parsed.values.get("name") and isinstance(amount, Money)
                and amount.tiyn in (self.since_total, self.since_header))
