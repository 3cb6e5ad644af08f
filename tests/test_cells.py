"""Reading single cells: amounts, dates and IIN/BINs as treasurers type them, and the reason a
row is refused when a cell cannot be read."""
from __future__ import annotations

import datetime as dt

import pytest

from ledger.core.money import Money
from ledger.importers import cells
from ledger.importers.cells import RowProblem


@pytest.mark.parametrize("cell, tiyn", [
    (1250000, 125000000),
    (1250000.0, 125000000),
    (1250000.5, 125000050),
    ("1250000", 125000000),
    ("1 250 000,00", 125000000),            # ordinary spaces, decimal comma
    ("1\u00a0250\u00a0000,00", 125000000),  # non-breaking spaces (Excel, Russian locale)
    ("1\u2009250\u2009000,50", 125000050),  # thin spaces
    ("1\u202f250\u202f000", 125000000),      # narrow no-break spaces
    ("1,250,000.00", 125000000),
    ("1.250.000,00", 125000000),
    ("  5 000 тг ", 500000),
    ("0,01", 1),
])
def test_amounts_as_typed(cell, tiyn):
    assert cells.amount(cell) == Money(tiyn)


@pytest.mark.parametrize("cell, problem", [
    (None, RowProblem("amount", "", "amount is empty: enter the amount in tenge")),
    ("  ", RowProblem("amount", "", "amount is empty: enter the amount in tenge")),
    ("-5 000", RowProblem("amount", "-5 000", "amount '-5 000' is negative: enter what moved as a "
                          "positive number (money paid back is booked with `fundledger refund` or `fundledger supplier-refund`, a mistake undone with `fundledger reverse`)")),
    (-100.0, RowProblem("amount", "-100", "amount '-100' is negative: enter what moved as a positive "
                        "number (money paid back is booked with `fundledger refund` or `fundledger supplier-refund`, a mistake undone with `fundledger reverse`)")),
    (0, RowProblem("amount", "0", "amount '0' is zero: enter the amount or delete the row")),
    ("1250,555", RowProblem("amount", "1250,555", "amount '1250,555' has more than 2 decimals: "
                            "round it to whole tiyn (0,01 tenge)")),
    ("1250.555", RowProblem("amount", "1250.555", "amount '1250.555' has more than 2 decimals: "
                            "round it to whole tiyn (0,01 tenge)")),
    (1250.555, RowProblem("amount", "1250.555", "amount '1250.555' has more "
                          "than 2 decimals: round it to whole tiyn (0,01 tenge)")),
    ("сто тысяч", RowProblem("amount", "сто тысяч", "amount 'сто тысяч' is not an amount: "
                             "enter a number like 1 250 000,00")),
    (dt.date(2007, 8, 1), RowProblem("amount", "2007-08-01", "amount '2007-08-01' is not an amount: "
                                     "enter a number like 1 250 000,00")),
])
def test_amounts_refused_with_the_reason(cell, problem):
    assert cells.amount(cell) == problem
    assert cells.amount(cell).code == _code(problem)


@pytest.mark.parametrize("cell, day", [
    (dt.date(2007, 8, 1), dt.date(2007, 8, 1)),
    (dt.datetime(2007, 8, 1, 14, 30), dt.date(2007, 8, 1)),
    (39295, dt.date(2007, 8, 1)),            # an Excel serial number
    (39300.0, dt.date(2007, 8, 6)),
    (39295.75, dt.date(2007, 8, 1)),         # a serial with a time of day
    ("01.08.2007", dt.date(2007, 8, 1)),
    ("1.8.2007", dt.date(2007, 8, 1)),
    ("01.08.07", dt.date(2007, 8, 1)),
    ("2007-08-01", dt.date(2007, 8, 1)),
    ("2007-08-01 00:00:00", dt.date(2007, 8, 1)),
    ("01/08/2007", dt.date(2007, 8, 1)),
    ("01.08.2007 г.", dt.date(2007, 8, 1)),
    (" 01.08.2007 ", dt.date(2007, 8, 1)),
    ("01-08-2007", dt.date(2007, 8, 1)),
    ("01/08/07", dt.date(2007, 8, 1)),
    ("2007.08.01", dt.date(2007, 8, 1)),
    ("2007/08/01", dt.date(2007, 8, 1)),
    ("2007-08-01T09:30:00", dt.date(2007, 8, 1)),
    ("39295", dt.date(2007, 8, 1)),          # a serial number saved as text
    ("1 августа 2007 г.", dt.date(2007, 8, 1)),
    ("3 мая 2007", dt.date(2007, 5, 3)),
    ("1 тамыз 2007 ж.", dt.date(2007, 8, 1)),
    ("1 August 2007", dt.date(2007, 8, 1)),
    ("01 .08.2007", dt.date(2007, 8, 1)),      # a stray space by the dot
    ("15 авг. 2007", dt.date(2007, 8, 15)),    # months cut short
    ("15-окт-2007", dt.date(2007, 10, 15)),
    ("Oct 15, 2007", dt.date(2007, 10, 15)),
    ("Aug. 4, 2007", dt.date(2007, 8, 4)),
    ("2007 жылғы 7 тамыз", dt.date(2007, 8, 7)),   # Kazakh: the year first
    ("2007 ж. 8 тамыз", dt.date(2007, 8, 8)),
    ("2007 жылғы 15 тамызда", dt.date(2007, 8, 15)),
    ("«9» тамыз 2007 ж.", dt.date(2007, 8, 9)),     # a document's «day»
    ("9 tamyz 2007", dt.date(2007, 8, 9)),          # Kazakh in the Latin alphabet
    ("9 qyrkúiek 2007", dt.date(2007, 9, 9)),
])
def test_dates_as_typed(cell, day):
    assert cells.day(cell) == day


@pytest.mark.parametrize("cell, problem", [
    (None, RowProblem("date", "", "date is empty: enter the date as dd.mm.yyyy")),
    ("31.02.2007", RowProblem("date", "31.02.2007", "date '31.02.2007' is not a real day: correct it (dd.mm.yyyy)")),
    ("вчера", RowProblem("date", "вчера", "date 'вчера' is not a date: enter it as dd.mm.yyyy")),
    (12, RowProblem("date", "12", "date '12' is a number, not a date between 1990 and 2099: "
                    "enter the date as dd.mm.yyyy")),
    ("08/2007", RowProblem("date", "08/2007", "date '08/2007' is not a date: enter it as dd.mm.yyyy")),
    ("30 февраля 2007", RowProblem("date", "30 февраля 2007",
                                   "date '30 февраля 2007' is not a real day: correct it (dd.mm.yyyy)")),
    ("1 мэйтабря 2007", RowProblem("date", "1 мэйтабря 2007",
                                   "date '1 мэйтабря 2007' is not a date: enter it as dd.mm.yyyy")),
    ("123", RowProblem("date", "123", "date '123' is not a date: enter it as dd.mm.yyyy")),
    ("01.08.1907", RowProblem("date", "01.08.1907", "date '01.08.1907' is not between 1990 and 2099: correct the year")),
])
def test_dates_refused_with_the_reason(cell, problem):
    assert cells.day(cell) == problem
    assert cells.day(cell).code == _code(problem)


@pytest.mark.parametrize("cell, digits", [
    ("870412300005", "870412300005"),
    (870412300005, "870412300005"),
    (870412300005.0, "870412300005"),
    ("8704 1230 0005", "870412300005"),
    (70140400000, "070140400000"),       # a 2007 BIN typed as a number lost its zero
    ("70140400000", "070140400000"),
    (None, None),
    ("", None),
])
def test_id_numbers_read_and_given_their_zero_back(cell, digits):
    assert cells.id_number(cell) == digits


@pytest.mark.parametrize("cell, problem", [
    ("870412300006", RowProblem("id_number", "870412300006",
                                "IIN/BIN 870412300006 fails its check digit: correct the number")),
    ("87041230", RowProblem("id_number", "87041230",
                            "IIN/BIN '87041230' has 8 digits; an IIN/BIN has 12: correct it")),
    ("нет", RowProblem("id_number", "нет",
                       "IIN/BIN 'нет' is not an IIN/BIN: it must be 12 digits: correct it")),
])
def test_id_numbers_refused_where_they_must_be_right(cell, problem):
    assert cells.id_number(cell) == problem
    assert cells.id_number(cell).code == _code(problem)


def _code(problem: RowProblem) -> str:
    """The code each kind of reason carries: the test's own reading of the reason's words."""
    for words, code in (("is empty", f"{problem.field.upper()}_EMPTY"), ("more than 2 decimals", "AMOUNT_TOO_MANY_DECIMALS"),
                        ("is negative", "AMOUNT_NEGATIVE"), ("is zero", "AMOUNT_ZERO"), ("not in tenge", "AMOUNT_OTHER_CURRENCY"),
                        ("is not an amount", "AMOUNT_NOT_A_NUMBER"), ("is a number, not a date", "DATE_A_NUMBER"),
                        ("between 1990 and 2099: correct", "DATE_YEAR_OUT_OF_RANGE"), ("not a real day", "DATE_NOT_A_DAY"),
                        ("is not a date", "DATE_NOT_A_DATE"), ("correct the number", "ID_INVALID"),
                        ("IIN/BIN", "ID_UNREADABLE")):
        if words in problem.reason:
            return code
    raise AssertionError(f"no code expected for {problem.reason!r}")


@pytest.mark.parametrize("cell, shown", [
    (870412300005.0, "870412300005"),
    ("870412300006", "870412300006"),   # kept as typed: the rules flag the check digit
    ("н/а 8704", "н/а 8704"),
    ("нет", None),                      # "there is none": the same as an empty cell, like "-"
    ("Жоқ", None),
    ("н/д", None),
    ("-", None),
    (None, None),
    (101500021, "000101500021"),        # born in 2000: the number lost three zeros
    ("8,80808E+11", "8,80808E+11"),     # kept: the rules say what Excel did to it
    ("Ахметов Ерлан\nИИН 870412300005\nKZ123456789012345678", "870412300005"),   # a bank's correspondent cell
])
def test_id_text_keeps_what_the_rules_must_judge(cell, shown):
    assert cells.id_text(cell) == shown


def test_text_cells():
    assert cells.text("  ТОО  «Альфа» ") == "ТОО «Альфа»"
    assert cells.text(1234.0) == "1234"
    assert cells.text(dt.date(2007, 8, 1)) == "01.08.2007"
    assert cells.text("") is None


def test_a_rejected_amount_is_shown_with_plain_spaces():
    assert cells.amount("-50\u00a0000,00").reason == (
        "amount '-50 000,00' is negative: enter what moved as a positive number "
        "(money paid back is booked with `fundledger refund` or `fundledger supplier-refund`, a mistake undone with `fundledger reverse`)")
    assert cells.amount('-50\u00a0000,00').code == "AMOUNT_NEGATIVE"


def test_a_column_of_american_dates_is_read_month_first():
    assert cells.slash_order(["08/01/2007", "08/15/2007"]) == "month first"
    assert cells.slash_order(["15/08/2007", "01/08/2007"]) == "day first"
    assert cells.slash_order(["01/08/2007", "01.08.2007"]) is None
    assert cells.day("08/01/2007", month_first=True) == dt.date(2007, 8, 1)
    assert cells.day("01.08.2007", month_first=True) == dt.date(2007, 8, 1)   # only slashes are American


@pytest.mark.parametrize("cell, name", [
    ("Садыков Талгат Маратович\nЖСН 640116387108\nKZ302376830022670507", "Садыков Талгат Маратович"),
    ("ТОО «Альфа», БИН 040140000385, ИИК KZ302376830022670507, БИК HSBKKZKX", "ТОО «Альфа»"),
    ("ИИН: 870412300005", None),
    (870412300005, None),
])
def test_the_name_a_bank_writes_beside_the_iin(cell, name):
    assert cells.name_beside_id(cell) == name
