"""Worked examples of the importer's words as data (vocabulary/*.toml, Latin Kazakh derived from
the Cyrillic) and of the ordered row rules (ledger.importers.rows): a literal sheet, the verdict
on each of its rows."""
from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.importers import rows, vocabulary
from ledger.importers.headers import find_header, header_scores, is_totals
from ledger.importers.readers import Row
from ledger.rules.words import latin


@pytest.mark.parametrize(("cyrillic", "forms"), [
    ("күні", ("kúni", "küni", "kuni")),
    ("жсн", ("jsn", "zhsn")),
    ("аты жөні", ("aty jóni", "aty jöni", "aty joni", "aty zhoni")),
    ("құжат", ("qujat", "qūjat", "quzhat")),
    ("азаматтығы", ("azamattyǵy", "azamattyğy", "azamattygy")),
    ("теңге", ("teńge", "teñge", "tenge")),
    ("төлеуші", ("tóleushi", "töleuşi", "toleushi")),
    ("барлығы", ("barlyǵy", "barlyğy", "barlygy")),
])
def test_latin_kazakh_comes_from_the_cyrillic_in_both_alphabets(cyrillic, forms):
    assert latin(cyrillic) == forms


def test_kazakh_is_written_in_cyrillic_alone_and_every_language_has_its_file():
    for code in vocabulary.LANGUAGES:
        assert (vocabulary.HERE / f"{code}.toml").is_file()
    data = tomllib.loads((vocabulary.HERE / "kk.toml").read_text("utf-8"))
    words = [w for table in data["columns"].values() for w in table]
    words += [w for section in ("excluded", "preferred", "avoided") for ws in data[section].values() for w in ws]
    latin_written = [w for w in words if any("a" <= ch <= "z" for ch in w)]
    assert latin_written == []


@pytest.mark.parametrize(("header", "field", "words"), [
    ("Tóleushiniń aty-jóni", "name", "aty jóni"),       # 2018 alphabet
    ("Töleuşi", "name", "töleuşi"),                     # 2021 alphabet, listed nowhere by hand
    ("Somasy, teñge", "amount", "somasy"),
    ("Qūjat nómiri", "document", "qūjat"),
    ("Kiris / Shyǵys", "direction", "kiris shyǵys"),
])
def test_a_latin_kazakh_header_is_read_by_the_derived_words(header, field, words):
    scores = header_scores(header)
    assert max(scores, key=lambda f: scores[f][0]) == field
    assert scores[field][1] == words


def test_a_latin_kazakh_total_is_a_total():
    header = find_header([Row(1, ["Kúni", "Aty-jóni", "JSN", "Somasy"])], "contributions", "kk.xlsx")
    assert is_totals(Row(9, [None, "Barlyǵy:", None, 350_000]), header)
    assert not is_totals(Row(10, ["05.07.2007", "Barlybekov Asan", "870412300005", 5_000]), header)


def test_a_language_is_one_more_file(tmp_path):
    (tmp_path / "xx.toml").write_text('[columns.amount]\n"betrag" = 6\n\n[totals]\nfirst_words = ["summe"]\n',
                                      encoding="utf-8")
    words = vocabulary.load(tmp_path, ("xx",))
    assert words.columns == {"amount": ((("betrag",), 6),)}
    assert words.total_first_words == ("summe",)


# --- the row rules ----------------------------------------------------------------------------

SHEET = [
    ["Реестр добровольных пожертвований"],
    ["Дата", "Ф.И.О.", "ИИН", "Сумма"],
    ["05.07.2007", "Иванов Иван", "870412300005", 150_000],
    [None, None, None, None],
    ["Август"],
    ["Дата", "Ф.И.О.", "ИИН", "Сумма"],
    ["Итого за август по донору", None, None, 150_000],
    ["TOTAL Kazakhstan Services LLP", None, "070140400000", 5_000],
    ["06.08.2007", "Петрова Анна", None, "=SUM(D3:D8)"],
]


def test_each_row_gets_the_first_rules_verdict():
    sheet_rows = [Row(i, cells) for i, cells in enumerate(SHEET, start=1)]
    header = find_header(sheet_rows, "contributions", "book.xlsx")
    sheet = rows.Sheet(header)
    assert [rows.judge(r, sheet).kind for r in sheet_rows] == [
        rows.RowKind.ABOVE, rows.RowKind.ABOVE, rows.RowKind.DATA, rows.RowKind.BLANK, rows.RowKind.NOTE,
        rows.RowKind.HEADER_AGAIN, rows.RowKind.TOTAL, rows.RowKind.DATA, rows.RowKind.TOTAL]
    assert rows.judge(sheet_rows[6], sheet).reason == "a total: its label or a formula sums the rows above"


def test_a_spending_books_heading_names_its_section_and_a_statements_balance_is_its_own():
    spending = [Row(1, ["Дата", "Получатель", "Сумма", "Назначение"]), Row(2, ["1. Телевидение"]),
                Row(3, ["Входящий остаток", None, None, None]), Row(4, ["Подпись казначея"])]
    header = find_header(spending, "spending", "spending.xlsx")
    assert [rows.judge(r, rows.Sheet(header, sections=True)).kind for r in spending[1:]] == [
        rows.RowKind.SECTION, rows.RowKind.NOTE, rows.RowKind.NOTE]
    assert [rows.judge(r, rows.Sheet(header, statement=True)).kind for r in spending[1:]] == [
        rows.RowKind.NOTE, rows.RowKind.BALANCE, rows.RowKind.NOTE]


# Cells a rule looks at closer: column numbers and letters, totals' words, the header's words,
# formulas, IIN/BINs as numbers and text, a date's kinds, blanks.
GLANCED_CELLS = st.one_of(
    st.sampled_from([None, "", " ", "1", "2", "3", 1, 2, 3, 1.0, 2.0, 100, 100.0, 99.0, 1e20, float("inf"),
                     float("nan"), True, "гр.1", "гр.2", "(3)", "А", "Б", "В", "A", "Итого", "Всего", "в том числе",
                     "Дата", "ИИН", "Сумма", "=SUM(D3:D8)", "870412300005", "870412300005 ", "050", "099", "100",
                     "٣٣٣", "²²²", "05.07.2007", "Август", "Входящий остаток", "1. Телевидение", "TOTAL LLP",
                     870412300005, 870412300005.0, dt.date(2007, 7, 5), 150_000, -5.0]),
    st.integers(), st.floats(), st.text(max_size=4),
)


@given(st.lists(GLANCED_CELLS, max_size=6), st.integers(1, 6), st.sampled_from([0, 1, 2]),
       st.booleans(), st.booleans())
def test_a_row_data_at_a_glance_is_data_by_every_rule(cells, number, layout, statement, sections):
    headers = (["Дата", "Ф.И.О.", "ИИН", "Сумма"], ["ИИН", "Дата", "Ф.И.О.", "Сумма"], ["№", "ИИН", "Сумма", "Дата"])
    header = find_header([Row(1, headers[layout])], "contributions", "book.xlsx")
    row = Row(number, cells)
    if rows.at_a_glance(row, header):
        sheet = rows.Sheet(header, statement=statement, sections=sections)
        assert [rule(row, sheet) for rule in rows.RULES] == [None] * len(rows.RULES)
