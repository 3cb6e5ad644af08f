"""Numbers, money and dates in the reader's convention: worked examples in each language."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ledger.core.money import Money
from ledger.i18n import (
    amounts_in_reader_convention,
    count_text,
    date_text,
    money_text,
    percent_text,
    seconds_text,
    speaking,
    spreadsheet_formats,
)

NB = "\u00a0"


@pytest.mark.parametrize("lang, money, bare, percent, day, count, seconds", [
    ("ru", f"1{NB}250{NB}000,00{NB}₸", "-0,01", f"41,02{NB}%", "04.03.2007", f"12{NB}346", "0,09"),
    ("kk", f"1{NB}250{NB}000,00{NB}₸", "-0,01", f"41,02{NB}%", "04.03.2007", f"12{NB}346", "0,09"),
    ("en", f"1,250,000.00{NB}KZT", "-0.01", "41.02%", "04/03/2007", "12,346", "0.09"),
])
def test_each_language_writes_figures_its_own_way(lang, money, bare, percent, day, count, seconds):
    assert money_text(Money(125_000_000), lang=lang) == money
    assert money_text(Money(-1), currency=False, lang=lang) == bare
    assert percent_text(Decimal("41.02"), lang=lang) == percent
    assert date_text(dt.date(2007, 3, 4), lang=lang) == day
    assert count_text(12_345.6, lang=lang) == count
    assert seconds_text(0.0912, lang=lang) == seconds      # an import's time, "2 rows in 0,09 s"


def test_money_is_formatted_exactly_beyond_what_a_float_holds():
    # 99 999 999 999 999,99 has 16 significant digits: a float would round the last tiyn
    assert money_text(Money(9_999_999_999_999_999), currency=False, lang="en") == "99,999,999,999,999.99"


def test_the_language_spoken_is_the_default():
    with speaking("kk"):
        assert money_text(Money(5)) == f"0,05{NB}₸"
    with speaking("en"):
        assert percent_text(Decimal("100")) == "100.00%"


def test_stored_sentences_show_their_amounts_the_readers_way():
    stored = f"own funds would reach 48{NB}760{NB}000,01{NB}₸ of the cap; now at 95.00% of it"
    with speaking("en"):
        assert amounts_in_reader_convention(stored) == (
            f"own funds would reach 48,760,000.01{NB}KZT of the cap; now at 95.00% of it")
    with speaking("ru"):
        assert amounts_in_reader_convention(stored) == (
            f"own funds would reach 48{NB}760{NB}000,01{NB}₸ of the cap; now at 95,00{NB}% of it")
    assert amounts_in_reader_convention("entry 12 of 2007, 1.5 x MZP") == "entry 12 of 2007, 1.5 x MZP"


def test_workbooks_get_number_formats_with_the_readers_language():
    assert spreadsheet_formats("ru") == {"money": "[$-419]#,##0.00", "tenge": "[$-419]#,##0",
                                         "percent": "[$-419]0.00\\ %", "date": "[$-419]dd.mm.yyyy",
                                         "datetime": "[$-419]dd.mm.yyyy hh:mm:ss"}
    assert spreadsheet_formats("kk")["percent"] == "[$-43F]0.00\\ %"
    assert spreadsheet_formats("en")["date"] == "[$-809]dd\\/mm\\/yyyy"


def test_status_prints_the_caps_in_the_readers_convention(run):
    assert run("init", "--party", "П", "--election", "Е", "--code", "p").exit_code == 0
    r = run("receive", "--own-funds", "--amount", "20 000 000", "--date", "01.07.2007", "--name", "Партия П")
    assert r.exit_code == 0, r.output
    own = {lang: next(line for line in run("--lang", lang, "status").output.splitlines()
                      if line.startswith(word))
           for lang, word in (("ru", "собственные"), ("kk", "өз қаражаты"), ("en", "own funds"))}
    # 20 000 000 of 48 760 000 is 41,02 %
    assert own["ru"].split() == ["собственные", "средства", "48", "760", "000,00", "20", "000", "000,00", "28", "760",
                                 "000,00", "41,02", "%"]
    assert own["kk"].endswith(f"41,02{NB}%")
    assert own["en"].split() == ["own", "funds", "48,760,000.00", "20,000,000.00", "28,760,000.00", "41.02%"]
