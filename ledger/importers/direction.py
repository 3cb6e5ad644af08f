"""Which way a row's money went: the one place that decides it.

A book of receipts records money in and a spending book money out; a bank's statement records
both. Which way a row went is written in one of four ways: two columns (credit and debit,
"Приход" and "Расход"), a column of words or marks beside one sum (Поступление/Списание,
Входящий/Исходящий, Кіріс/Шығыс, Д/К), or a sign (money out negative). The header says which
(``column_direction``: the credit column is a receipt's amount, the debit one a spending's;
``signed``: a spending book of negative sums); each row is then read by ``amount`` (this book's
way, or why it is the other's) and, on a statement, ``both_ways`` (money in or out, in the
amount its cell gives). The words are the vocabulary's (``[direction]`` in vocabulary/*.toml)
or a layout's own (``HeaderMap.marks``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ledger.core.money import Money
from ledger.importers import cells
from ledger.importers.vocabulary import WORDS, has, normalise_header
from ledger.rules.words import normalise

if TYPE_CHECKING:
    from ledger.importers.headers import HeaderMap


# A bank statement's two sums: money in is a receipt's amount, money out a spending's.
MONEY_IN, MONEY_OUT = WORDS.money_in, WORDS.money_out


def other_way_advice(kind: str) -> str:
    """Where money that went the other way from this kind of book belongs."""
    return ("money in is imported with `fundledger import contributions`, or, when a supplier paid it back, "
            "booked with `fundledger supplier-refund ENTRY`" if kind == "spending"
            else "a payment out is imported with `fundledger import spending`")


def money_in(mark: object, marks: tuple[frozenset, frozenset] | None = None) -> bool | None:
    """What a debit/credit mark says: True for money in (К, Кт, Кредит, C), False for money
    out (Д, Дт, Дебет, D), None when it says neither; ``marks`` are a layout's own words."""
    text = normalise(mark) or (mark.strip() if isinstance(mark, str) else "")
    ins, outs = marks or (WORDS.marks_in, WORDS.marks_out)
    return True if text in ins else False if text in outs else None


def signed(header: HeaderMap, sample: list[list], kind: str) -> None:
    """One sum column with signs, as a statement writes it: money in positive, money out
    negative. A spending book whose sums are mostly negative writes its payments so, and
    its positive rows are money in. (In a book of receipts a negative row stays a mistake
    to correct: a register's typo is likelier than a statement's debit.)"""
    col = header.columns.get("amount")
    if kind != "spending" or col is None or header.other_way is not None or "direction" in header.columns:
        return
    sums = [m for m in (cells.signed_amount(r[col]) for r in sample if col < len(r)) if isinstance(m, Money)]
    if sum(1 for m in sums if m.is_negative) * 2 > len(sums):
        header.sign = -1


def column_direction(kind: str, name: str, text: str) -> int | None:
    """For an amount: +1 when the header says the money went the way this kind of book
    records, None (not this column) when it says only the other way, 0 when it says neither."""
    if name != "amount":
        return 0
    tokens = normalise_header(text).split()
    incoming, outgoing = has(tokens, MONEY_IN), has(tokens, MONEY_OUT)
    ours, theirs = (outgoing, incoming) if kind == "spending" else (incoming, outgoing)
    if theirs and not ours:
        return None
    return 1 if ours else 0


# --- each row ---------------------------------------------------------------------------------

def plain(header: HeaderMap) -> bool:
    """Whether a row's amount is its amount cell alone: no sign or mark says which way it went."""
    return not header.sign and "direction" not in header.columns


def amount(row, header: HeaderMap, read_plain=None) -> Money | cells.RowProblem:
    """The row's amount, when it went this book's way: a signed sum column and a debit/credit
    mark column say which way each row's money went. ``read_plain``: how a ``plain`` sheet's
    amount cells are read (``columns.SheetReaders.amount``), else ``cells.amount``."""
    cell = header.value(row.cells, "amount")
    if plain(header):
        return read_plain(cell) if read_plain is not None else cells.amount(cell, header.amount_scale)
    money = cells.signed_amount(cell, header.amount_scale)
    if not isinstance(money, Money):
        return money
    if "direction" in header.columns:
        mark = header.value(row.cells, "direction")
        went_in = money_in(mark, header.marks)
        if went_in is not None and went_in != header.money_in:
            return the_other_way(header, mark, header.columns["direction"])
    elif (header.sign < 0) != money.is_negative:
        # sign -1: a spending book's payments are negative; 1: a statement's money in is positive
        return the_other_way(header, cell, header.columns["amount"])
    return -money if money.is_negative else money


def both_ways(parsed, row, header: HeaderMap) -> None:
    """A spreadsheet statement's row is money in or out: what a book of receipts refuses as
    the other way (a debit beside the credit column, a negative sum, a debit mark) is money
    out, in the amount its cell gives."""
    if parsed.problem is None:
        parsed.values["way"] = "in"
        return
    if parsed.problem.field != "amount":
        return
    credit = header.value(row.cells, "amount")
    debit = row.cells[header.other_way] if header.other_way is not None and header.other_way < len(row.cells) else None
    written = cells.signed_amount(credit, header.amount_scale)
    if cells.is_empty(credit) and not cells.is_empty(debit):
        money = cells.amount(debit, header.amount_scale)
    elif isinstance(written, Money) and written.is_negative:
        money = -written
    elif "direction" in header.columns and money_in(header.value(row.cells, "direction"), header.marks) is False:
        money = written
    else:
        return
    day = cells.day(header.value(row.cells, "date"), header.month_first)
    problem = next((p for p in (day, money) if isinstance(p, cells.RowProblem)), None)
    parsed.problem = problem
    if problem is None:
        parsed.day, parsed.amount, parsed.values["way"] = day, money, "out"


def the_other_way(header: HeaderMap, shown: object, col: int) -> cells.RowProblem:
    """Why a row whose money went the other way is none of this book's, and where it belongs."""
    return went_the_other_way(f"{cells.text(shown)} in {header.headers[col]!r}", header.other_way_advice)


def went_the_other_way(shown: str, advice: str) -> cells.RowProblem:
    return cells.RowProblem("amount", "", f"the money went the other way on this row ({shown}); {advice}",
                            code="MONEY_THE_OTHER_WAY")
