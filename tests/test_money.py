"""Money as treasurers write it, read exactly or refused with the reason."""
import random
from decimal import Decimal

import pytest

from ledger.core.errors import AmountError
from ledger.core.money import Money, total


@pytest.mark.parametrize("text, tiyn", [
    ("1 250 000,00", 125_000_000),
    ("1\u00a0250\u00a0000,00", 125_000_000),     # non-breaking spaces
    ("1\u202f250\u202f000,5", 125_000_050),      # narrow no-break spaces, one decimal
    ("1\u2009250\u2009000", 125_000_000),         # thin spaces
    ("1,250,000.00", 125_000_000),
    ("1.250.000,00", 125_000_000),
    ("1250000", 125_000_000),
    ("1250000,75", 125_000_075),
    ("1250000.75", 125_000_075),
    ("1,250", 125_000),                           # three digits after a lone comma: grouping
    ("1.250", 125_000),                           # ... or a lone dot: money has no third decimal
    ("12.345", 1_234_500),
    ("0,500", 50),                                # a zero never leads a group: a decimal
    ("1.000.000", 100_000_000),
    ("0,01", 1),
    ("  97 520 000,00 ₸ ", 9_752_000_000),
    ("48760000 тенге", 4_876_000_000),
    ("KZT 5 000", 500_000),                       # the currency before the number
    ("₸ 10 000", 1_000_000),
    ("5000,-", 500_000),                          # accountants' whole tenge
    ("300 000-00", 30_000_000),                   # ... and dash before the tiyn
    ("20 000 (двадцать тысяч) тенге", 2_000_000),  # the amount in words beside it
    ("1500,000 тг", 150_000),                     # no spaces grouping it: a decimal comma
    ("-5,00", -500),
    ("(5,00)", -500),
])
def test_amounts_as_people_write_them(text, tiyn):
    assert Money.parse(text) == Money(tiyn)


@pytest.mark.parametrize("text, message", [
    ("1000,505", "'1000,505' has more than 2 decimals (tiyn are the smallest unit)"),
    ("1000.505", "'1000.505' has more than 2 decimals (tiyn are the smallest unit)"),
    ("0,001", "'0,001' has more than 2 decimals (tiyn are the smallest unit)"),
    ("1,5,0", "'1,5,0' is not an amount"),
    ("1.234.5", "'1.234.5' is not an amount"),
    ("1,25,000.00", "'1,25,000.00' is not an amount"),
    ("1.2,50", "'1.2,50' is not an amount"),
    ("1 500,000", "'1 500,000' is ambiguous: are the three digits after ',' more thousands or tiyn? write it as "
                  "1 500 000 or 1 500,00"),
    ("abc", "'abc' is not an amount"),
    ("", "empty amount ''"),
    ("1 000 тыс", "'1 000 тыс' is not an amount"),
])
def test_what_is_not_money_is_refused_with_the_reason(text, message):
    with pytest.raises(AmountError) as err:
        Money.parse(text)
    assert err.value.code == "AMOUNT_INVALID"
    assert str(err.value) == message


def test_spreadsheet_floats_are_read_as_the_spreadsheet_shows_them():
    assert Money.of(1250000.5) == Money(125_000_050)
    assert Money.of(0.1) == Money(10)
    assert Money.of(97520000.0) == Money(9_752_000_000)
    # Binary noise under the 15 significant digits a spreadsheet shows is not there for the
    # treasurer, who saw 0,30 and 115,00 ...
    assert Money.of(0.1 + 0.2) == Money(30)             # 0.30000000000000004
    assert Money.of(114.99999999999999) == Money(11_500)
    assert Money.of(1150.0000000000002) == Money(115_000)
    # ... but a third decimal the sheet shows is refused, never rounded.
    with pytest.raises(AmountError, match="'1250.555' has more than 2 decimals") as refused:
        Money.of(1250.555)
    assert refused.value.code == "AMOUNT_INVALID"
    with pytest.raises(AmountError) as refused:
        Money.of(float("nan"))
    assert refused.value.code == "AMOUNT_INVALID"


def test_a_scaled_column_is_scaled_exactly_before_the_tiyn_check():
    """'тыс. тенге': 1,2345 thousand is 1 234,50 tenge, whole tiyn; 1,23456 is 1 234,56."""
    assert Money.of(1.2345, 1000) == Money(123_450)
    assert Money.of("1,2345", 1000) == Money(123_450)
    assert Money.of(1.23456, 1000) == Money(123_456)
    assert Money.of(1250, 1000) == Money(125_000_000)
    assert Money.of(Decimal("0.5"), 1000) == Money(50_000)
    with pytest.raises(AmountError, match="more than 2 decimals") as refused:
        Money.of(1.234567, 1000)
    assert refused.value.code == "AMOUNT_INVALID"


def test_ints_and_decimals():
    assert Money.of(5) == Money(500)
    assert Money.of(Decimal("48760000.00")) == Money(4_876_000_000)
    with pytest.raises(AmountError) as refused:
        Money.of(Decimal("0.001"))
    assert refused.value.code == "AMOUNT_INVALID"
    with pytest.raises(AmountError) as refused:
        Money.of(True)
    assert refused.value.code == "AMOUNT_INVALID"


def test_formats_for_people_and_machines():
    m = Money(125_000_050)
    assert m.human() == "1\u00a0250\u00a0000,50\u00a0₸"
    assert m.human(currency=False) == "1\u00a0250\u00a0000,50"
    assert m.machine() == "1250000.50"
    assert Money(-1).machine() == "-0.01"
    assert Money(-1).human(False) == "-0,01"
    assert Money(0).machine() == "0.00"


def test_arithmetic_stays_exact_and_integer():
    a, b = Money.parse("0,10"), Money.parse("0,20")
    assert a + b == Money.parse("0,30")
    assert (b - a).tiyn == 10
    assert Money.tenge(9_752) * 5_000 == Money.parse("48 760 000,00")
    assert total([a, b, a]) == Money(40)
    assert Money(1).percent_of(Money(3)) == Decimal("33.33")
    with pytest.raises(TypeError):
        Money(1) * 1.5
    with pytest.raises(TypeError):
        Money(1.5)


def test_an_amount_beyond_any_fund_is_refused_not_overflowed():
    with pytest.raises(AmountError) as err:
        Money.parse("99999999999999999999")
    assert err.value.code == "AMOUNT_INVALID"
    assert str(err.value) == "'99999999999999999999' is larger than any election fund; check the amount"
    with pytest.raises(AmountError) as refused:
        Money.of(10**17)
    assert refused.value.code == "AMOUNT_INVALID"
    assert Money.of(10**14) == Money(10**16)


def test_every_float_reads_as_its_fifteen_digits_read_as_a_decimal():
    """Floats are read off their digits (the common case, fast); the result is always what
    the decimal reading of the 15 significant digits a spreadsheet shows gives, refusals
    included."""
    rng = random.Random(2007)
    values = [round(rng.uniform(0, 10 ** rng.randint(0, 14)), rng.choice([0, 1, 2, 3, 5])) for _ in range(20_000)]
    values += [-v for v in values[:500]] + [0.1 + 0.2, 1e16, 1e-05, 99_999_999_999_999.98, 1e14, 12.0]
    for value in values:
        shown = format(Decimal(format(value, ".15g")), "f")   # as a spreadsheet shows it
        try:
            expected = Money._from_decimal(Decimal(shown), shown)
        except AmountError as exc:
            with pytest.raises(AmountError) as err:
                Money.of(value)
            assert err.value.code == "AMOUNT_INVALID"
            assert str(err.value) == str(exc)
        else:
            assert Money.of(value) == expected, value


def test_every_error_carries_a_stable_code_and_its_parameters():
    from ledger.core.errors import InputFileError, LedgerError, NoBookYet, UsageError
    from ledger.core.notices import Notice

    with pytest.raises(AmountError) as err:
        Money.parse("сто тысяч")
    assert err.value.code == "AMOUNT_INVALID"
    assert (UsageError("x").code, InputFileError("x").code, NoBookYet("x").code) == ("USAGE", "INPUT_FILE", "NO_BOOK_YET")
    finer = LedgerError(Notice("ENTRY_IS_A_REVERSAL", "entry 7 is itself a reversal", seq=7))
    assert (str(finer), finer.code, finer.params) == ("entry 7 is itself a reversal", "ENTRY_IS_A_REVERSAL", {"seq": 7})
    assert LedgerError("plain", code="SOMETHING", seq=3).params == {"seq": 3}
