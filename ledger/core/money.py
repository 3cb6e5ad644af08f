"""Money in integer tiyn.

Every amount in the ledger is a whole number of tiyn (1/100 tenge). Spreadsheets hand us
amounts as numbers, as floats that only look exact, and as text written every way a
treasurer can write it ("1 250 000,00", "1,250,000.00", "1250000"). This module turns all
of them into an exact ``Money`` or refuses with the reason; it never rounds silently and
never lets a float near the arithmetic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ledger.core.errors import AmountError

# Spaces people and spreadsheet programs put between thousands: ordinary, non-breaking,
# narrow non-breaking, thin, figure space, and the apostrophe some locales use.
_GROUP_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009\u2007'\u2019"), None)
# "20 000 (двадцать тысяч) тенге": the amount in words beside the number.
_WORDS_IN_PARENS = re.compile(r"\([^()]*[^\W\d_][^()]*\)")
_CURRENCY_WORD = r"(₸|тенге|тг\.?|теңге|kzt|tenge)"
_CURRENCY = re.compile(f"^{_CURRENCY_WORD}|{_CURRENCY_WORD}$", re.IGNORECASE)   # before or after the number
# Accountants' whole amounts and dash decimals: "5000,-", "5000.-", "300 000-00".
_WHOLE_DASH = re.compile(r"(\d)[,.]-$")
_DASH_DECIMALS = re.compile(r"(\d)-(\d\d)$")
_PLAIN = re.compile(r"[+-]?\d+(\.\d+)?")
def _displayed(value: float) -> str:
    """A float as a spreadsheet displays it: 15 significant digits, no exponent."""
    return format(Decimal(format(value, ".15g")), "f")


_PLAIN_FLOAT = re.compile(r"(-?)(\d+)\.(\d{1,2})")   # repr() of most amounts: "1250.5", "1000.0"
# A thousand billion tenge: beyond any election fund, and well inside a 64-bit column.
LARGEST = 10**14 * 100


@dataclass(frozen=True, order=True, slots=True)
class Money:
    """An exact amount of tenge, held as integer tiyn."""

    tiyn: int

    def __post_init__(self) -> None:
        if type(self.tiyn) is not int:  # not float, not Decimal, not bool
            raise TypeError(f"Money needs integer tiyn, not {type(self.tiyn).__name__}")

    # -- construction ------------------------------------------------------------------
    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def tenge(cls, whole: int) -> Money:
        return cls(whole * 100)

    @classmethod
    def of(cls, value: object, scale: int = 1) -> Money:
        """Money from a cell value: int, Decimal, float (as a spreadsheet shows it) or text.
        ``scale``: the unit of the column in tenge (1000 for "тыс. тенге"), applied exactly,
        before the check that what is left is whole tiyn."""
        if isinstance(value, Money):
            return value * scale
        if isinstance(value, bool):
            raise AmountError(f"{value!r} is not an amount")
        if isinstance(value, int):
            if abs(value) * 100 * scale > LARGEST:
                return cls._from_decimal(Decimal(value), str(value), scale)   # refused, with the reason
            return cls(value * 100 * scale)
        if isinstance(value, float):
            if value != value or value in (float("inf"), float("-inf")):
                raise AmountError(f"{value!r} is not an amount")
            shown = repr(value)
            plain = _PLAIN_FLOAT.fullmatch(shown)
            if plain and len(plain[2]) + len(plain[3]) <= 15 and scale == 1:   # the digits are all shown
                tiyn = int(plain[2]) * 100 + int(plain[3].ljust(2, "0"))
                return cls(-tiyn if plain[1] else tiyn)
            # A spreadsheet shows a number to 15 significant digits, so what the treasurer saw
            # is what is read: binary noise such as 114.99999999999999 is 115, while a third
            # decimal the sheet shows (1250.555) is refused, never rounded.
            shown = _displayed(value)
            return cls._from_decimal(Decimal(shown), shown, scale)
        if isinstance(value, Decimal):
            return cls._from_decimal(value, str(value), scale)
        if isinstance(value, str):
            return cls.parse(value, scale)
        raise AmountError(f"{value!r} is not an amount")

    displayed = staticmethod(_displayed)

    @classmethod
    def parse(cls, text: str, scale: int = 1) -> Money:
        """Parse an amount written by a person: spaces or commas between thousands, a comma
        or a dot before the tiyn, an optional currency word."""
        original = text
        number = _CURRENCY.sub("", (_WORDS_IN_PARENS.sub("", text) if "(" in text else text).strip()).strip()
        s = number.translate(_GROUP_SPACES)
        space_grouped = s != number
        if "-" in s[1:]:
            s = _DASH_DECIMALS.sub(r"\1,\2", _WHOLE_DASH.sub(r"\1", s))
        if s.startswith("(") and s.endswith(")"):  # accountants' negative
            s = "-" + s[1:-1]
        if not s:
            raise AmountError(f"empty amount {original!r}")
        has_comma, has_dot = "," in s, "." in s
        if has_comma and has_dot:
            # The later mark is the decimal one: "1,250,000.00" or "1.250.000,00".
            decimal_mark = "," if s.rfind(",") > s.rfind(".") else "."
            group_mark = "." if decimal_mark == "," else ","
            whole, _, fraction = s.rpartition(decimal_mark)
            if not _grouped(whole, group_mark):
                raise AmountError(f"{original!r} is not an amount")
            s = whole.replace(group_mark, "") + "." + fraction
        elif has_comma or has_dot:
            mark = "," if has_comma else "."
            # "1,250,000" and "1.250.000" group thousands; "1250000,50" has a decimal mark.
            # Three digits after a lone mark can only be grouping ("1,250", "1.250"): money has
            # no third decimal. "0,500" and "1000,505" are decimals (and refused if they are
            # more than tiyn); "1,5,0" is neither.
            tail, grouped = s.rpartition(mark)[2], _grouped(s, mark)
            if space_grouped and len(tail) == 3 and tail.endswith("0") and not grouped:
                # "1 500,000": spaces group the thousands, so is ",000" more of them or tiyn?
                # (",505" can only be too many decimals, and is refused as that.)
                raise AmountError(f"{original!r} is ambiguous: are the three digits after {mark!r} more thousands "
                                  "or tiyn? write it as 1 500 000 or 1 500,00")
            if grouped:
                s = s.replace(mark, "")
            elif s.count(mark) > 1:
                raise AmountError(f"{original!r} is not an amount")
            else:
                s = s.replace(mark, ".")
        if not _PLAIN.fullmatch(s):
            raise AmountError(f"{original!r} is not an amount")
        return cls._from_decimal(Decimal(s), original, scale)

    @classmethod
    def _from_decimal(cls, value: Decimal, shown: str, scale: int = 1) -> Money:
        try:
            scaled = value * 100 * scale
            if scaled != scaled.to_integral_value():
                raise AmountError(f"{shown!r} has more than 2 decimals (tiyn are the smallest unit)")
            if abs(scaled) > LARGEST:
                raise AmountError(f"{shown!r} is larger than any election fund; check the amount")
            return cls(int(scaled))
        except InvalidOperation as exc:  # pragma: no cover - Decimal of a checked pattern
            raise AmountError(f"{shown!r} is not an amount") from exc

    # -- arithmetic --------------------------------------------------------------------
    def __add__(self, other: Money) -> Money:
        return Money(self.tiyn + other.tiyn)

    def __sub__(self, other: Money) -> Money:
        return Money(self.tiyn - other.tiyn)

    def __neg__(self) -> Money:
        return Money(-self.tiyn)

    def __mul__(self, factor: int) -> Money:
        if not isinstance(factor, int) or isinstance(factor, bool):
            raise TypeError("Money multiplies by whole numbers only")
        return Money(self.tiyn * factor)

    __rmul__ = __mul__

    def __bool__(self) -> bool:
        return self.tiyn != 0

    @property
    def is_positive(self) -> bool:
        return self.tiyn > 0

    @property
    def is_negative(self) -> bool:
        return self.tiyn < 0

    def min(self, other: Money) -> Money:
        return self if self.tiyn <= other.tiyn else other

    def max(self, other: Money) -> Money:
        return self if self.tiyn >= other.tiyn else other

    def percent_of(self, whole: Money) -> Decimal:
        """This amount as a percentage of ``whole``, to two decimals (exact division)."""
        if whole.tiyn == 0:
            return Decimal(0)
        return (Decimal(self.tiyn) * 100 / Decimal(whole.tiyn)).quantize(Decimal("0.01"))

    # -- formatting --------------------------------------------------------------------
    def machine(self) -> str:
        """For machines and JSON: "1250000.00", "-0.01"."""
        sign = "-" if self.tiyn < 0 else ""
        whole, tiyn = divmod(abs(self.tiyn), 100)
        return f"{sign}{whole}.{tiyn:02d}"

    def human(self, currency: bool = True) -> str:
        """For people: "1 250 000,00 ₸" with narrow no-break spaces between thousands."""
        sign = "-" if self.tiyn < 0 else ""
        whole, tiyn = divmod(abs(self.tiyn), 100)
        grouped = f"{whole:,}".replace(",", "\u00a0")
        text = f"{sign}{grouped},{tiyn:02d}"
        return f"{text}\u00a0₸" if currency else text

    def as_decimal(self) -> Decimal:
        return Decimal(self.tiyn).scaleb(-2)

    def __str__(self) -> str:
        return self.human()

    def __repr__(self) -> str:
        return f"Money({self.machine()})"


def _grouped(text: str, mark: str) -> bool:
    """Whether ``text`` is digits grouped in thousands by ``mark``: "1,250,000", "12.500"."""
    head, *groups = text.lstrip("+-").split(mark)
    return (bool(groups) and 1 <= len(head) <= 3 and head.isdigit() and not head.startswith("0")
            and all(len(g) == 3 and g.isdigit() for g in groups))


def total(amounts) -> Money:
    """Sum of Money values (``sum`` would need a Money start value every time)."""
    return Money(sum(m.tiyn for m in amounts))
