"""IIN/BIN: check digits, kinds, lost leading zeros, masking; payment documents' numbers."""
import pytest

from ledger.core import ids
from ledger.core.errors import IdNumberError


def with_check_digit(first11: str) -> str:
    return first11 + str(ids.check_digit(first11))


def test_check_digit_first_weights():
    # 8*1+8*2+0*3+1*4+0*5+1*6+3*7+0*8+0*9+1*10+2*11 = 87; 87 mod 11 = 10 -> second weights
    # 8*3+8*4+0*5+1*6+0*7+1*8+3*9+0*10+0*11+1*1+2*2 = 102; 102 mod 11 = 3
    assert ids.check_digit("88010130012") == 3
    assert ids.is_valid("880101300123")
    assert not ids.is_valid("880101300124")


def test_no_check_digit_exists_for_some_numbers():
    for n in range(10_000):
        first11 = f"9001013{n:04d}"
        if ids.check_digit(first11) is None:
            assert not any(ids.is_valid(first11 + str(d)) for d in range(10))
            break
    else:  # pragma: no cover
        pytest.fail("expected some number without a check digit")


@pytest.mark.parametrize("first11, kind", [
    ("88010130012", ids.IdKind.PERSON),
    ("05014000001", ids.IdKind.RESIDENT_ORG),
    ("05015000001", ids.IdKind.NONRESIDENT_ORG),
    ("05016000001", ids.IdKind.JOINT_ENTREPRENEURSHIP),
])
def test_digit_five_tells_people_from_organisations(first11, kind):
    number = None
    for last in range(1000):
        candidate = first11[:8] + f"{last:03d}"
        if ids.check_digit(candidate) is not None:
            number = ids.parse(with_check_digit(candidate))
            break
    assert number.valid and number.kind is kind


def test_a_number_typed_into_excel_gets_its_leading_zero_back():
    bin_ = with_check_digit("05014000001")
    assert bin_.startswith("0")
    assert ids.normalise(int(bin_)) == bin_
    assert ids.normalise(float(int(bin_))) == bin_
    assert ids.normalise(f"{int(bin_)}.0") == bin_


def test_a_short_number_whose_padded_form_is_invalid_stays_wrong():
    eleven = next(f"8801013{n:04d}" for n in range(10_000) if not ids.is_valid(f"08801013{n:04d}"))
    with pytest.raises(IdNumberError, match="has 11 digits; an IIN/BIN has 12") as refused:
        ids.normalise(int(eleven))
    assert refused.value.code == "ID_NUMBER_UNREADABLE"


@pytest.mark.parametrize("cell, digits", [
    ("880101300123", "880101300123"),
    (" 880 101 300 123 ", "880101300123"),
    ("880101-300123", "880101300123"),
    (None, None),
    ("", None),
])
def test_normalise_cells(cell, digits):
    assert ids.normalise(cell) == digits


@pytest.mark.parametrize("cell, message", [
    ("ИИН 88010130", "'88010130' has 8 digits; an IIN/BIN has 12"),
    ("тел. 87011234567", "'тел. 87011234567' is not an IIN/BIN: it must be 12 digits"),
    ("12345", "'12345' has 5 digits; an IIN/BIN has 12"),
    ("8,80808E+11", "'8,80808E+11' is an IIN/BIN in Excel's scientific notation, which has lost its "
                    "last digits: format the column as text and type the number again"),
])
def test_what_is_not_an_id_is_refused(cell, message):
    with pytest.raises(IdNumberError) as err:
        ids.normalise(cell)
    assert err.value.code == "ID_NUMBER_UNREADABLE"
    assert str(err.value) == message


def test_mask_shows_at_most_the_last_four_digits():
    assert ids.mask("880101300123") == "********0123"
    person = ids.parse("880101300123")
    assert person.masked() == "********0123"
    org = ids.parse(with_check_digit("05014000001"))
    assert org.masked() == org.digits   # a BIN is public


@pytest.mark.parametrize("digits, why", [
    ("000000000000", "has no month 00 in digits 3-4"),        # passes the check digit
    ("871312300009", "has no month 13 in digits 3-4"),
    ("870400300004", "has no day 00 in digits 5-6"),
    ("870412700005", "has 7 for the century digit (7th), which is 1-6"),
    ("070470000002", "has 7 for the kind of entity (5th digit), which is 0-6"),
    ("870412300006", "fails its check digit"),
    ("870412300005", None),
])
def test_a_number_must_say_something_true_of_itself(digits, why):
    assert ids.check_digit(digits[:11]) == int(digits[11]) or why == "fails its check digit"
    assert ids.why_invalid(digits) == why


@pytest.mark.parametrize("typed, key", [
    ("401", "401"), ("№401", "401"), ("№ 401", "401"), ("ПП 401", "401"), ("п/п №401", "401"), ("0401", "401"),
    ("Платежное поручение № 401", "401"), ("плат. пор. 401", "401"), ("N401", "401"), ("No. 401", "401"),
    ("док. 401", "401"), ("D-2", "D-2"), ("счёт 17", "счёт17"), ("Nord-5", "Nord-5"), ("0", "0"),
    ("б/н", ""), ("Б/Н", ""), ("-", ""), ("", ""), (None, ""),
])
def test_a_payment_documents_number_as_keys_compare_it(typed, key):
    assert ids.document_key(typed) == key
