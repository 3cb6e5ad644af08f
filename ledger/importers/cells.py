"""Reading one cell as an amount, a date, an IIN/BIN or text.

A cell that cannot be read is not an exception that stops an import: it is a ``RowProblem``,
a value saying which field, what the cell held, what is wrong and what to fix. The row is then
booked as ``rejected`` with that reason and every other row still goes in.

Only the amount and the date decide whether a row can be booked. A bad IIN/BIN does not reject
a receipt: the money is in the bank account either way, so it is booked and held as a refund
due with an ``ID_INVALID`` finding (see ``ledger.rules.donors``); ``id_text`` keeps what the
cell said for that.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from ledger.core import ids
from ledger.core.errors import AmountError, IdNumberError
from ledger.core.money import Money
from ledger.rules.words import NOTHING_SAID, normalise

# Excel's day 0 in the 1900 date system (it counts the non-existent 29.02.1900, so the
# epoch is 30.12.1899 for every date after February 1900).
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serial numbers of 01.01.1990 and 31.12.2099: a number outside is not meant as a date.
SERIALS = range(32874, 73051)

# Day, month, year in the orders treasurers and banks write them: "01.08.2007", "01.08.07",
# "01/08/2007", "01-08-2007", and year first: "2007-08-01", "2007.08.01", "2007/08/01".
_DATE_TEXT = (
    (re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2})"), "dmy2"),
    (re.compile(r"(\d{4})[./-](\d{1,2})[./-](\d{1,2})"), "ymd"),
)
_SPACED_SEPARATOR = re.compile(r"\s*([./-])\s*")   # "18 .02.2023"
# "14 февраля 2023 г.", "14 ақпан 2023 ж.", "14 February 2023": the month as a word.
_DATE_WORDS = re.compile(r"(\d{1,2})[\s.-]+([^\W\d_]+)\.?[\s.,-]+(\d{4})")
_DATE_WORDS_MONTH_FIRST = re.compile(r"([^\W\d_]+)\.?\s*(\d{1,2}),?\s+(\d{4})")   # "Oct 15, 2007"
# "2007 жылғы 7 тамыз", "2007 ж. 8 тамызда": the Kazakh order, year first.
_DATE_WORDS_YEAR_FIRST = re.compile(r"(\d{4})\s*(?:(?:жылғы|жыл|ж|г|года)\.?)?\s*(\d{1,2})\s+([^\W\d_]+)")
_MONTHS = (   # Russian, Kazakh, English, and Kazakh in the Latin alphabet (2018 and 2021 spellings)
    ("январ", "қаңтар", "jan", "qańtar", "qantar"), ("феврал", "ақпан", "feb", "aqpan"),
    ("март", "наурыз", "mar", "naýryz", "nauryz"), ("апрел", "сәуір", "apr", "sáýir", "sauir"),
    ("мая", "май", "мамыр", "may", "mamyr"), ("июн", "маусым", "jun", "maýsym", "mausym"),
    ("июл", "шілде", "jul", "shilde"), ("август", "тамыз", "aug", "tamyz"),
    ("сентябр", "қыркүйек", "sep", "qyrkúiek", "qyrkuiek", "qyrküyek"), ("октябр", "қазан", "oct", "qazan"),
    ("ноябр", "қараша", "nov", "qarasha"), ("декабр", "желтоқсан", "dec", "jeltoqsan"),
)
# "01.08.2007 г.", "01.08.2007 ж.", "2007-08-01 00:00:00", "2007-08-01T09:30": the day is what counts.
_DATE_TAIL = re.compile(r"(\s*(г|ж|года|жыл)\.?)?([\sT]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?$")

FIELD_LABELS = {
    "date": "date", "amount": "amount", "id_number": "IIN/BIN", "name": "name",
    "document": "document number", "category": "spending category",
}


@dataclass(frozen=True)
class RowProblem:
    """Why a row cannot be booked: the field, the cell's value as shown, the fix, and the
    stable code of the problem (for machines and translations; not part of equality)."""

    field: str
    value: str
    reason: str
    code: str = dataclass_field(default="ROW_UNREADABLE", compare=False)

    def __str__(self) -> str:
        return self.reason


_PLAIN_SPACES = dict.fromkeys(map(ord, "\u00a0\u202f\u2009\u2007"), " ")


def _shown(value: object) -> str:
    """The cell as a message shows it: non-breaking spaces as plain ones, so the reason
    reads "'-50 000,00'" and not "'-50\\xa0000,00'"."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else Money.displayed(value)
    return str(value).strip().translate(_PLAIN_SPACES)


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def signed_amount(value: object, scale: int = 1) -> Money | RowProblem:
    """An amount that may be negative (a statement's money out), else as ``amount``."""
    if not is_empty(value) and not isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        try:
            money = Money.of(value, scale)
        except AmountError:
            money = None
        if money is not None and money.is_negative:
            return money
    return amount(value, scale)


def amount(value: object, scale: int = 1) -> Money | RowProblem:
    """A positive amount of tenge with at most two decimals, in a column whose unit is
    ``scale`` tenge (1000 for "тыс. тенге")."""
    if is_empty(value):
        return RowProblem("amount", "", "amount is empty: enter the amount in tenge", code="AMOUNT_EMPTY")
    shown = _shown(value)
    if isinstance(value, (bool, dt.date, dt.time, dt.timedelta)):
        return RowProblem("amount", shown, f"amount {shown!r} is not an amount: "
                          "enter a number like 1 250 000,00", code="AMOUNT_NOT_A_NUMBER")
    try:
        money = Money.of(value, scale)
    except AmountError as exc:
        if "decimals" in str(exc):
            return RowProblem("amount", shown, f"amount {shown!r} has more than 2 decimals: "
                              "round it to whole tiyn (0,01 tenge)", code="AMOUNT_TOO_MANY_DECIMALS")
        return RowProblem("amount", shown, f"amount {shown!r} is not an amount: "
                          "enter a number like 1 250 000,00", code="AMOUNT_NOT_A_NUMBER")
    if money.is_negative:
        return RowProblem("amount", shown, f"amount {shown!r} is negative: enter what moved as a "
                          "positive number (money paid back is booked with `fundledger refund` or "
                          "`fundledger supplier-refund`, a mistake undone with `fundledger reverse`)", code="AMOUNT_NEGATIVE")
    if not money:
        return RowProblem("amount", shown, f"amount {shown!r} is zero: enter the amount or "
                          "delete the row", code="AMOUNT_ZERO")
    return money


_TENGE = frozenset({"kzt", "тенге", "теңге", "тг", "tenge", "kz", "398",   # 398: the ISO number of the tenge
                    "kzt тенге", "тенге рк", "тенге kzt", "kzt 398", "₸"})


def currency(value: object) -> RowProblem | None:
    """A currency column's cell: None for tenge (or nothing said), else why the row cannot be
    booked as it stands: the fund's account is in tenge, and a conversion is the bank's."""
    if is_empty(value):
        return None
    shown = _shown(value)
    if normalise(shown) in _TENGE or shown.strip() == "₸":
        return None
    return RowProblem("amount", shown, f"amount in {shown!r}, not in tenge: enter the tenge the bank "
                      "credited to the fund's account", code="AMOUNT_OTHER_CURRENCY")


def day(value: object, month_first: bool = False) -> dt.date | RowProblem:
    """A calendar day from an Excel date, an Excel serial number or dd.mm.yyyy-style text;
    ``month_first`` reads "08/15/2007" the American way (see ``slash_order``)."""
    if is_empty(value):
        return RowProblem("date", "", "date is empty: enter the date as dd.mm.yyyy", code="DATE_EMPTY")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    shown = _shown(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if int(value) in SERIALS:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        return RowProblem("date", shown, f"date {shown!r} is a number, not a date between 1990 "
                          "and 2099: enter the date as dd.mm.yyyy", code="DATE_A_NUMBER")
    if isinstance(value, str):
        text = _DATE_TAIL.sub("", value.strip().replace("«", "").replace("»", ""))   # «9» тамыз 2007 ж.
        if " " in text:
            text = _SPACED_SEPARATOR.sub(r"\1", text)
        found = _day_of_text(text, month_first)
        if isinstance(found, dt.date):
            if not 1990 <= found.year <= 2099:
                return RowProblem("date", shown, f"date {shown!r} is not between 1990 and 2099: correct the year", code="DATE_YEAR_OUT_OF_RANGE")
            return found
        if found == "not a day":
            return RowProblem("date", shown, f"date {shown!r} is not a real day: correct it "
                              "(dd.mm.yyyy)", code="DATE_NOT_A_DAY")
        if text.isdigit() and int(text) in SERIALS:   # a serial number saved as text
            return EXCEL_EPOCH + dt.timedelta(days=int(text))
    return RowProblem("date", shown, f"date {shown!r} is not a date: enter it as dd.mm.yyyy", code="DATE_NOT_A_DATE")


_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")


def slash_order(values) -> str | None:
    """How a column writes slashed dates: "month first" when one of them can only be read so
    (08/15/2007), "day first" when one can only be read that way (15/08/2007), None when
    none says (or they disagree)."""
    orders = set()
    for value in values:
        match = _SLASHED.fullmatch(value.strip()) if isinstance(value, str) else None
        if match:
            a, b = int(match[1]), int(match[2])
            if a <= 12 < b <= 31:
                orders.add("month first")
            elif b <= 12 < a <= 31:
                orders.add("day first")
    return orders.pop() if len(orders) == 1 else None


def _day_of_text(text: str, month_first: bool = False) -> dt.date | str | None:
    """The day a text names, "not a day" when it has a date's shape but no such day
    exists (31.02.2007), None when it has no date's shape."""
    for pattern, order in _DATE_TEXT:
        match = pattern.fullmatch(text)
        if match is not None:
            a, b, c = (int(g) for g in match.groups())
            d, m, y = (c, b, a) if order == "ymd" else (a, b, c)
            if month_first and "/" in text and order != "ymd":
                d, m = m, d
            if order == "dmy2":
                y += 2000
            break
    else:
        match = _DATE_WORDS.fullmatch(text)
        if match:
            d, word, y = match.groups()
        elif match := _DATE_WORDS_MONTH_FIRST.fullmatch(text):
            word, d, y = match.groups()
        elif match := _DATE_WORDS_YEAR_FIRST.fullmatch(text):
            y, d, word = match.groups()
        month = _month(word) if match else None
        if month is None:
            return None
        d, m, y = int(d), month, int(y)
    try:
        return dt.date(y, m, d)
    except ValueError:
        return "not a day"


def _month(word: str) -> int | None:
    """The month a word names, whole or cut short ("авг", "Oct"): three letters at least."""
    word = word.lower()
    if len(word) < 3:
        return None
    return next((n for n, stems in enumerate(_MONTHS, start=1)
                 if word.startswith(stems) or any(stem.startswith(word) for stem in stems)), None)


def id_number(value: object) -> str | None | RowProblem:
    """The 12 digits of a valid IIN/BIN, None for an empty cell, or the problem (used where
    a wrong number must stop the row, as in reference lists)."""
    try:
        digits = ids.normalise(value if not isinstance(value, str) else value.strip() or None)
    except IdNumberError as exc:
        return RowProblem("id_number", _shown(value), f"IIN/BIN {exc}: correct it", code="ID_UNREADABLE")
    if digits is None:
        return None
    problem = ids.why_invalid(digits)
    if problem:
        return RowProblem("id_number", digits, f"IIN/BIN {digits} {problem}: correct the number", code="ID_INVALID")
    return digits




def id_text(value: object) -> str | None:
    """What an IIN/BIN cell says, as the donor's rules should see it: the 12 digits when the
    cell can be read as a number (one that lost its leading zeros gets them back), None when
    it says there is no number ("нет", "жоқ", "н/д"), otherwise the text as typed, so the
    rules can name the problem."""
    if is_empty(value):
        return None
    try:
        return ids.normalise(value)
    except IdNumberError:
        if isinstance(value, str) and normalise(value) in NOTHING_SAID:
            return None
        return _only_id_in(value) or _shown(value)


_TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")


def _only_id_in(value: object) -> str | None:
    """The one valid IIN/BIN inside a longer text ("Ахметов Ерлан\nИИН 750312100118\nKZ12...",
    as a bank puts the correspondent in one cell), or None when there is none or several."""
    found = {d for d in _TWELVE_DIGITS.findall(str(value)) if ids.is_valid(d)}
    return found.pop() if len(found) == 1 else None


# What a bank puts beside the correspondent's name in one cell: the IIN/BIN (with its label),
# the account (IBAN), the bank's code.
_NOT_THE_NAME = re.compile(
    r"\b(?:ИИН|БИН|ЖСН|БСН|IIN|BIN|ИИК|ЖСК|IBAN|БИК|BIC|КБе|КОд)\b[\s:№.]*(?:[0-9A-Z]{8,22}\b)?"   # a label, its value
    r"|\b\d{12}\b|\bKZ\d{2}[0-9A-Z]{13,20}\b", re.IGNORECASE)


def name_beside_id(value: object) -> str | None:
    """The correspondent's name in a bank's cell that holds it with the IIN/BIN and account
    ("Ахметов Ерлан\nИИН 750312100118\nKZ12..."), or None when the cell holds no name."""
    if not isinstance(value, str):
        return None
    name = " ".join(_NOT_THE_NAME.sub(" ", value).replace(",", " ").split()).strip(" ,;/()-")
    return name if sum(map(str.isalpha, name)) >= 2 else None


def text(value: object) -> str | None:
    """A cell as text: None when empty, whole numbers without ".0", dates as dd.mm.yyyy."""
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    return " ".join(_shown(value).split())
