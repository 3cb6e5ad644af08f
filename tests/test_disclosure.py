"""The public disclosure, worked through the fund of test_audit_workbook.

Published: a heading (the party, the election, the day it was made, the masking note), the
totals per source and every accepted gift, the party's own funds labelled as its own; Петрова Анна's 25,000 over the cap
shows as the 10,000 the fund took; the state enterprise and the anonymous donor, whose money
was held back, do not appear. IINs show their last four digits only; the BIN is whole.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from test_audit_workbook import (
    IVANOV,
    PETROVA,
    ROMASHKA,
    ROMASHKA_LLP,
    TWO_NAMES_BIN,
    build_two_names_book,
    build_worked_book,
)

from ledger.core.errors import LedgerError
from ledger.core.ids import mask
from ledger.reports.disclosure import published_id, write_disclosure
from ledger.reports.status import fund_status

PERSON_IINS = (IVANOV, PETROVA)
MADE_ON = dt.date(2007, 8, 24)
HEADING = [
    "Сведения о средствах, принятых в избирательный фонд",
    "Партия;Партия «Тест»",
    "Выборы;Выборы в Мажилис 2007",
    "Дата составления;24.08.2007",
    "ИИН физических лиц скрыты, кроме последних четырёх цифр",
    "",
]


def all_text(path) -> str:
    if path.suffix == ".csv":
        return path.read_bytes().decode("utf-8-sig")
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def test_csv_for_excel_in_a_russian_locale(engine, tmp_path):
    book = build_worked_book(engine)
    path = tmp_path / "disclosure.csv"
    result = write_disclosure(engine, book, path, made_on=MADE_ON)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                       # UTF-8 with a BOM
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[:6] == HEADING
    lines = lines[6:]
    assert lines[:5] == [
        "Раздел;Источник;Жертвователь или партия;ИИН/БИН;Дата;Сумма, тенге",
        "Итого;Собственные средства партии;;;;20000,00",
        "Итого;Добровольные пожертвования граждан;;;;70000,00",
        "Итого;Добровольные пожертвования организаций;;;;30000,00",
        "Итого;Всего принято в избирательный фонд;;;;120000,00",
    ]
    assert lines[5:9] == [
        f"Пожертвование;Добровольные пожертвования граждан;Иванов Иван;{mask(IVANOV)};01.08.2007;60000,00",
        f"Пожертвование;Добровольные пожертвования организаций;ТОО «Ромашка»;{ROMASHKA};02.08.2007;30000,00",
        f"Пожертвование;Добровольные пожертвования граждан;Петрова Анна;{mask(PETROVA)};03.08.2007;10000,00",
        "Собственные средства;Собственные средства партии;Партия «Тест»;;04.08.2007;20000,00",
    ]
    # then what the fund spent, by category, and the money owed back, each table under its header
    spending, owed = lines[9:23], lines[23:]
    assert spending[:3] == ["", "Вид расходов;Строка отчёта ЦИК;Сумма, тенге", "5110 СМИ: телевидение;2.1.1;5000,00"]
    assert spending[6] == "5200 Печатные агитационные материалы;2.2;3000,00"
    assert spending[-1] == "Израсходовано, всего;;8000,00"
    assert owed == [
        "", "Кому вернуть;Возникло;Перечислено;Принято в фонд после идентификации;Остаток долга",
        "2100 Возврат жертвователям;16000,00;15000,00;0,00;1000,00",
        "2200 К перечислению в республиканский бюджет;500,00;500,00;0,00;0,00",
        "2300 Возврат партии (собственные средства сверх предела);0,00;0,00;0,00;0,00",
        "Итого;16500,00;15500,00;0,00;1000,00", ""]
    assert result.gifts == 4
    with engine.connect() as conn:
        status = fund_status(conn, book)
    assert result.totals["all"] == status.total.accepted
    assert result.totals["own_funds"] == status.own_funds.accepted
    assert result.totals["voluntary_individuals"] + result.totals["voluntary_organisations"] == status.voluntary.accepted


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_no_person_iin_and_nothing_personal_is_published(engine, tmp_path, suffix):
    book = build_worked_book(engine)
    path = tmp_path / f"disclosure{suffix}"
    write_disclosure(engine, book, path)
    text = all_text(path)
    for iin in PERSON_IINS:
        assert iin not in text
        assert iin[:8] not in text                 # not even the birth date and sex digits
    assert ROMASHKA in text                        # a BIN is public
    digits = set(re.findall(r"(?<!\d)\d{12}(?!\d)", text))
    assert digits <= {ROMASHKA}
    for private in ("Больница", "аноним", "name marker", "взносы.xlsx", "=1+1", "CAP_VOLUNTARY", "Лист1"):
        assert private not in text


def test_xlsx_disclosure(engine, tmp_path):
    book = build_worked_book(engine)
    path = tmp_path / "disclosure.xlsx"
    write_disclosure(engine, book, path, lang="en", made_on=MADE_ON)
    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == ["Totals", "Money accepted"]
    totals = wb.get_sheet_by_name("Totals").to_python()
    heading = [r[:2] for r in totals[:6]]
    assert heading == [
        ["Money accepted into the election fund", ""],
        ["Party", "Партия «Тест»"],
        ["Election", "Выборы в Мажилис 2007"],
        ["Made on", MADE_ON],                                  # a date cell
        ["Individuals' IINs are masked except their last four digits", ""],
        ["", ""]]
    assert [r[:2] for r in totals[6:12]] == [
        ["Money accepted, by source", ""],
        ["Source", "Amount, tenge"],
        ["Own funds of the party", 20000], ["Voluntary contributions of citizens", 70000],
        ["Voluntary contributions of organisations", 30000], ["Total accepted into the election fund", 120000]]
    assert totals[13:16] == [["Spending of the election fund by category", "", "", "", ""],
                             ["Category", "Commission row", "Amount, tenge", "", ""],
                             ["5110 Mass media: television", "2.1.1", 5000, "", ""]]
    assert totals[26] == ["Spent, total", "", 8000, "", ""]
    assert totals[28:] == [
        ["Money owed back: arose, paid back, still owed", "", "", "", ""],
        ["Owed to", "Arose", "Paid", "Moved into the fund (identified)", "Outstanding"],
        ["2100 Refunds due to donors", 16000, 15000, 0, 1000],
        ["2200 Due to the republican budget", 500, 500, 0, 0],
        ["2300 Due to the party (own funds over the cap)", 0, 0, 0, 0],
        ["Total", 16500, 15500, 0, 1000]]
    gifts = wb.get_sheet_by_name("Money accepted").to_python()
    assert gifts[0] == ["No.", "Date", "Source", "Donor or party", "IIN/BIN", "Amount, tenge"]
    assert [(r[3], r[4], r[5]) for r in gifts[1:]] == [
        ("Иванов Иван", mask(IVANOV), 60000), ("ТОО «Ромашка»", ROMASHKA, 30000),
        ("Петрова Анна", mask(PETROVA), 10000), ("Партия «Тест»", "", 20000)]

    # The heading sits above the three tables and heads every printed page; no filter spans them.
    wb = load_workbook(path)
    totals = wb["Totals"]
    assert (totals.auto_filter.ref, totals.freeze_panes, totals.print_title_rows) == (None, None, "$1:$5")
    assert "B2:E2" in {str(r) for r in totals.merged_cells.ranges}     # the party's name across the page
    # English: 1,250,000.00 and day-first dates with slashes (en-GB)
    assert totals["B4"].number_format == "[$-809]dd\\/mm\\/yyyy"
    assert {totals[f"B{n}"].number_format for n in range(9, 13)} == {"[$-809]#,##0.00"}
    gifts = wb["Money accepted"]
    assert (gifts.auto_filter.ref, gifts.freeze_panes) == ("A1:F5", "A2")
    assert gifts["B2"].number_format == "[$-809]dd\\/mm\\/yyyy" and gifts["F2"].number_format == "[$-809]#,##0.00"


def test_hostile_names_in_the_csv_get_an_apostrophe(engine, tmp_path):
    from test_audit_workbook import HOSTILE, PROFILE, receipt, valid_id

    from ledger.books import create_book
    from ledger.db.engine import run_write
    from ledger.fund import Desk

    def work(conn):
        book = create_book(conn, "=cmd|' /C calc'!A0", "Выборы", PROFILE, code="hostile")
        desk = Desk(conn, book)
        for i, name in enumerate(HOSTILE[:5]):
            # each with an IIN: a name of signs alone identifies nobody, and would not be published
            desk.receive(receipt(name, valid_id(f"8503123{i:04d}"), 100 + i, 1))
        desk.flush()
        return book
    book = run_write(engine, work)
    path = tmp_path / "hostile.csv"
    write_disclosure(engine, book, path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == "Партия;'=cmd|' /C calc'!A0"
    donors = [line.split(";")[2] for line in lines[11:16]]
    assert donors == ['"\'=HYPERLINK(""http://x"",""click"")"', "'+1+1", "'-2", "'@SUM(A1)", "'=1"]
    xlsx = tmp_path / "hostile.xlsx"
    write_disclosure(engine, book, xlsx)
    with zipfile.ZipFile(xlsx) as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_published_id():
    assert published_id(IVANOV) == "********" + IVANOV[-4:]
    assert published_id(ROMASHKA) == ROMASHKA
    assert published_id(ROMASHKA[:-1] + str((int(ROMASHKA[-1]) + 1) % 10)).startswith("********")
    assert published_id(None) is None


def test_only_xlsx_or_csv(engine, tmp_path):
    book = build_worked_book(engine)
    with pytest.raises(LedgerError, match=r"\.xlsx or \.csv"):
        write_disclosure(engine, book, tmp_path / "disclosure.pdf")
    from ledger.i18n import speaking
    with speaking("kk"), pytest.raises(LedgerError) as refused:
        write_disclosure(engine, book, tmp_path / "disclosure")
    assert str(refused.value) == (f"{tmp_path / 'disclosure'}: жариялау файлы .xlsx немесе .csv ретінде жазылады, "
                                  "'кеңейтімсіз' емес")


def test_a_gift_is_published_under_the_name_on_its_receipt(engine, tmp_path):
    """The BIN was first seen as ГУ «Отдел образования» (held back and refunded); the gift
    the fund took came from ТОО «Ромашка» under the same BIN."""
    book = build_two_names_book(engine)
    path = tmp_path / "disclosure.csv"
    write_disclosure(engine, book, path)
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    assert lines[11:13] == [
        f"Пожертвование;Добровольные пожертвования организаций;{ROMASHKA_LLP};{TWO_NAMES_BIN};02.08.2007;100000,00",
        "",
    ]
