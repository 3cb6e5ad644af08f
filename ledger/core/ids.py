"""IIN and BIN: the 12-digit identifiers of people and organisations in Kazakhstan.

They are the strongest evidence the ledger has about who gave money: the check digit tells a
typing error from a real number, digit 5 tells a person (0-3) from an organisation (4-6), and
a BIN's digit 5 = 5 marks a non-resident, that is foreign, legal entity. An IIN also reveals a
person's date of birth and sex, so anything published shows at most its last four digits.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from operator import mul

from ledger.core.errors import IdNumberError

_WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_SEPARATORS = re.compile(r"[\s\u00a0\-–.]")
# "ИИН 951231300115", "'150340000015" (Excel's mark of a number kept as text).
_LABEL = re.compile(r"^['`‘’]|^(?:(?:иин|бин|жсн|бсн|iin|bin)[\s/:№]*)+", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"\d[.,]\d+e\+?\d+", re.IGNORECASE)   # "8,80808E+11": Excel's display


class IdKind(enum.Enum):
    PERSON = "person"                      # IIN
    RESIDENT_ORG = "resident_org"          # BIN, digit 5 = 4
    NONRESIDENT_ORG = "nonresident_org"    # BIN, digit 5 = 5: a foreign legal entity
    JOINT_ENTREPRENEURSHIP = "joint_ip"    # BIN, digit 5 = 6
    UNKNOWN = "unknown"


# What the fifth digit says: 0-3 a person's IIN (the century and sex), 4-6 a BIN.
_KIND_OF_DIGIT_5 = {**dict.fromkeys("0123", IdKind.PERSON), "4": IdKind.RESIDENT_ORG,
                    "5": IdKind.NONRESIDENT_ORG, "6": IdKind.JOINT_ENTREPRENEURSHIP}


@dataclass(frozen=True, slots=True)
class IdNumber:
    """A normalised 12-digit IIN/BIN and what can be read from it."""

    digits: str
    valid: bool
    # What digit 5 says, and whether that is a person: read once, since classifying a donor
    # and booking their receipt ask both again and again.
    kind: IdKind = field(init=False, repr=False, compare=False)
    is_person: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kind = _KIND_OF_DIGIT_5.get(self.digits[4], IdKind.UNKNOWN)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "is_person", kind is IdKind.PERSON)

    @property
    def label(self) -> str:
        return "IIN" if self.is_person else "BIN"

    def masked(self) -> str:
        """For publication: a person's IIN shows only its last four digits; a BIN is public."""
        return mask(self.digits) if self.is_person else self.digits

    def __str__(self) -> str:
        return self.digits


def check_digit(first11: str) -> int | None:
    """The 12th digit for the first eleven, or None when no check digit exists."""
    digits = [ord(c) - 48 for c in first11]
    value = sum(map(mul, digits, _WEIGHTS_1)) % 11
    if value == 10:
        value = sum(map(mul, digits, _WEIGHTS_2)) % 11
        if value == 10:
            return None
    return value


def is_valid(digits: str) -> bool:
    return why_invalid(digits) is None


def why_invalid(digits: str) -> str | None:
    """Why 12 digits are no IIN or BIN, or None: the check digit, and what the number must
    say of itself (an IIN a birth month and day and a century digit 1-6, a BIN a registration
    month and a kind 4-6), so that 000000000000 or a typo that happens to pass the check
    digit is not taken for someone."""
    if len(digits) != 12 or not digits.isdigit():
        return "it must be 12 digits"
    if check_digit(digits[:11]) != int(digits[11]):
        return "fails its check digit"
    if not 1 <= int(digits[2:4]) <= 12:
        return f"has no month {digits[2:4]} in digits 3-4"
    if digits[4] in "0123":
        if not 1 <= int(digits[4:6]) <= 31:
            return f"has no day {digits[4:6]} in digits 5-6"
        if digits[6] not in "123456":
            return f"has {digits[6]} for the century digit (7th), which is 1-6"
    elif digits[4] not in "456":
        return f"has {digits[4]} for the kind of entity (5th digit), which is 0-6"
    return None


def normalise(value: object) -> str | None:
    """The 12 digits of an IIN/BIN as a cell gives it, or None for an empty cell.

    Numbers typed into Excel lose their leading zeros (a BIN registered in 2000-2009 starts
    with 0, the IIN of someone born in January-September 2000 with 000): a number of 9 to 11
    digits gets its zeros back only when the padded form passes the check digit, so a truly
    short, mistyped number stays visibly wrong. Raises IdNumberError when the cell holds
    something that is not an identifier at all.
    """
    if value is None:
        return None
    if type(value) is str and len(value) == 12 and value.isdigit():   # already as it should be
        return value
    if isinstance(value, bool):
        raise IdNumberError(f"{value!r} is not an IIN/BIN")
    if isinstance(value, float):
        if value != int(value):
            raise IdNumberError(f"{value!r} is not an IIN/BIN")
        value = int(value)
    text = _LABEL.sub("", str(value).strip())
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    if _SCIENTIFIC.fullmatch(text):
        raise IdNumberError(f"{text!r} is an IIN/BIN in Excel's scientific notation, which has lost its "
                            "last digits: format the column as text and type the number again")
    text = _SEPARATORS.sub("", text)
    if not text:
        return None
    if not text.isdigit():
        raise IdNumberError(f"{str(value)!r} is not an IIN/BIN: it must be 12 digits")
    if 9 <= len(text) < 12 and is_valid(text.zfill(12)):
        text = text.zfill(12)
    if len(text) != 12:
        raise IdNumberError(f"{text!r} has {len(text)} digits; an IIN/BIN has 12")
    return text


def parse(value: object) -> IdNumber | None:
    """Read a cell as an IdNumber (valid or not, see ``why_invalid``), or None when empty."""
    digits = normalise(value)
    if digits is None:
        return None
    return IdNumber(digits, is_valid(digits))


def mask(digits: str) -> str:
    """Show at most the last four digits: '********1234'."""
    return "*" * (len(digits) - 4) + digits[-4:]


# --- payment documents ------------------------------------------------------------------------

# "№ 401", "ПП 403", "п/п №3002", "Doc. 0401": the number without its label; "б/н" (без номера)
# is no number at all.
_DOCUMENT_LABEL = re.compile(r"^(?:платежн\w*\s+поручени\w*|плат\.?\s*пор|п/п|пп|pp|doc|док|no|n|№|#)"
                             r"(?=[\s\d.:№#-]|$)[\s.:№#-]*", re.IGNORECASE)
NO_DOCUMENT = frozenset({"б/н", "бн", "б.н.", "б/н.", "безномера", "-", "—", "–", "нет", "жоқ", "n/a", "na", "none"})


def document_key(text: object) -> str:
    """A payment document's number as a business key compares it: the same order written
    "№401", "ПП 401", "401" or "0401" is one; "б/н" is none ("")."""
    if text is None:
        return ""
    if type(text) is str and text.isdigit() and text[0] != "0":   # most are plain numbers already
        return text
    key = " ".join(str(text).split())
    while True:
        unlabelled = _DOCUMENT_LABEL.sub("", key, count=1)
        if unlabelled == key:
            break
        key = unlabelled
    key = key.replace(" ", "")
    if key.lower() in NO_DOCUMENT:
        return ""
    return (key.lstrip("0") or "0") if key.isdigit() else key
