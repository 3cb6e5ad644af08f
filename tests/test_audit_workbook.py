"""The audit workbook, worked through one small fund and read back with a second reader.

The fund (profile with a base of 10 tenge: caps 50,000 own funds, 100,000 voluntary,
150,000 whole fund):

  seq  what                                          amount   accepted  owed
  1    Иванов Иван (IIN)                             60,000    60,000      -
  2    ТОО «Ромашка» (BIN)                           30,000    30,000      -
  3    Петрова Анна (IIN), over the voluntary cap    25,000    10,000   15,000 to refund
  4    РГП на ПХВ «Больница», a state enterprise      1,000         -    1,000 to refund
  5    an anonymous donor                               500         -      500 to the budget
  6    own funds of the party                        20,000    20,000      -
  7    TV advertising for candidate Петров П.П.       5,000 spent
  8    leaflets                                       3,000 spent
  9    refund of entry 3                             15,000 paid
  10   transfer of entry 5 to the budget                500 paid

Every figure read back must equal ``fund_status`` to the tiyn.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import zipfile
from decimal import Decimal

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from sqlalchemy import insert

from ledger.books import create_book
from ledger.cli import main
from ledger.core.ids import check_digit
from ledger.core.money import Money
from ledger.core.types import SourceRef
from ledger.db.engine import run_write
from ledger.db.models import ImportBatch, SourceRow
from ledger.fund import Desk, ReceiptInput, SpendingInput
from ledger.journal.verify import verify_book
from ledger.reports import audit
from ledger.reports.audit import write_audit_workbook
from ledger.reports.findings import findings
from ledger.reports.journal import journal_lines
from ledger.reports.status import fund_status
from ledger.rules.donors import DonorFacts
from ledger.rules.profiles import BUILT_IN
from ledger.rules.receipts import FundSource

PROFILE = dataclasses.replace(BUILT_IN["kz-2007"], code="test-10", base_amount=Money.tenge(10))
MADE_AT = dt.datetime(2007, 8, 20, 9, 30)
RU_SHEETS = ["Сводка", "Нарушения", "Пожертвования", "Собственные средства", "Расходы", "Возвраты",
             "Отклонённые строки", "Жертвователи", "Отчёт для ЦИК", "Пояснения к отчёту для ЦИК", "Оборотная ведомость", "Журнал", "Проверки"]


def valid_id(first11: str) -> str:
    """A 12-digit IIN/BIN with its check digit (the serial is moved on when none exists)."""
    while check_digit(first11) is None:
        first11 = first11[:-1] + str((int(first11[-1]) + 1) % 10)
    return first11 + str(check_digit(first11))


IVANOV = valid_id("85031230001")
PETROVA = valid_id("90010240002")
ROMASHKA = valid_id("04054001234")     # digit 5 = 4: a resident legal entity


def day(n: int) -> dt.date:
    return dt.date(2007, 8, n)


def receipt(name, number, tenge, on, source=FundSource.VOLUNTARY, row=None):
    origin = SourceRef("взносы.xlsx", None, "Лист1", row) if row else SourceRef()
    return ReceiptInput(source, Money.tenge(tenge), day(on), DonorFacts(name, number, None, None), origin=origin)


def build_worked_book(engine, code: str = "test"):
    def work(conn):
        book = create_book(conn, "Партия «Тест»", "Выборы в Мажилис 2007", PROFILE, code=code)
        desk = Desk(conn, book)
        desk.receive(receipt("Иванов Иван", IVANOV, 60_000, 1, row=2))
        desk.receive(receipt("ТОО «Ромашка»", ROMASHKA, 30_000, 2, row=3))
        split = desk.receive(receipt("Петрова Анна", PETROVA, 25_000, 3, row=4))
        desk.receive(receipt("РГП на ПХВ «Больница»", None, 1_000, 3, row=5))
        anonymous = desk.receive(receipt("аноним", None, 500, 4, row=6))
        desk.receive(receipt("Партия «Тест»", None, 20_000, 4, source=FundSource.OWN_FUNDS))
        desk.spend(SpendingInput(Money.tenge(5_000), day(5), "media_tv", payee="Хабар", candidate="Петров П.П.",
                                 document="счёт 17"))
        desk.spend(SpendingInput(Money.tenge(3_000), day(6), "printed", payee="Типография"))
        desk.flush()
        desk.refund(split.seq, day(10))
        desk.refund(anonymous.seq, day(11))
        desk.flush()
        batch = conn.execute(insert(ImportBatch.__table__).values(
            book_id=book.id, kind="receipts", file_name="взносы.xlsx", file_sha256="0" * 64,
            imported_at="2007-08-12T00:00:00Z", summary={}).returning(ImportBatch.__table__.c.id)).scalar_one()
        conn.execute(insert(SourceRow.__table__).values(
            batch_id=batch, book_id=book.id, sheet="Лист1", row_number=7, raw=["07.08.2007", "=1+1", "сто"],
            outcome="rejected", reason="'сто' is not an amount", entry_seq=None))
        return book
    return run_write(engine, work)


def read_sheets(path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def tiyn(value) -> int:
    """A number read back from a cell, as exact tiyn (refusing anything finer)."""
    scaled = Decimal(repr(value)) * 100
    assert scaled == scaled.to_integral_value(), value
    return int(scaled)


def row_of(rows, label) -> list:
    for row in rows:
        if row and row[0] == label:
            return row
    raise AssertionError(f"no row {label!r}")


def table_under(rows, title) -> list[list]:
    """The rows of the summary's table headed ``title``, its header first, up to the blank
    row that ends it; trailing empty cells dropped."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == title) + 1
    table = []
    for row in rows[start:]:
        if not any(v != "" for v in row):
            break
        while row and row[-1] == "":
            row = row[:-1]
        table.append(row)
    return table


def column(rows, header) -> list:
    i = rows[0].index(header)
    return [r[i] for r in rows[1:]]


@pytest.fixture
def worked(engine, tmp_path):
    book = build_worked_book(engine)
    path = tmp_path / "audit.xlsx"
    summary = write_audit_workbook(engine, book, path, now=MADE_AT)
    with engine.connect() as conn:
        status = fund_status(conn, book)
        tip = verify_book(conn, book)
    return book, path, summary, status, tip


def test_summary_agrees_with_fund_status_to_the_tiyn(worked):
    book, path, summary, status, tip = worked
    sheets = read_sheets(path)
    assert list(sheets) == RU_SHEETS == list(summary.sheets)
    s = sheets["Сводка"]
    assert row_of(s, "Партия")[1] == "Партия «Тест»"
    assert row_of(s, "Профиль правил")[1] == "test-10"
    assert row_of(s, "Статус профиля")[1] == "действует (редакция 2007 года)"   # the status in the workbook's language
    assert tiyn(row_of(s, "Базовая величина")[1]) == 1_000
    assert row_of(s, "Книга составлена (UTC)")[1] == MADE_AT
    tip_row = row_of(s, "Вершина цепочки: запись и хеш")
    assert (tip_row[1], tip_row[2]) == (10, tip.tip_hash) and summary.tip_digest == tip.tip_hash
    assert row_of(s, "Проверка цепочки")[1] == "пройдена"

    for label, cap in (("Собственные средства", status.own_funds), ("Добровольные пожертвования", status.voluntary),
                       ("Весь фонд", status.total)):
        limit, accepted, headroom, used = row_of(s, label)[1:5]
        assert [tiyn(limit), tiyn(accepted), tiyn(headroom)] == [cap.limit.tiyn, cap.accepted.tiyn, cap.headroom.tiyn]
        assert Decimal(repr(used)) * 100 == cap.percent
    assert status.own_funds.accepted == Money.tenge(20_000)
    assert status.voluntary.accepted == Money.tenge(100_000)
    assert status.total.accepted == Money.tenge(120_000)

    # Receipts by source: each voluntary receipt on the row of its donor's kind, the anonymous
    # 500 on a row of its own; received = accepted + owed back on every row.
    assert table_under(s, "Поступления по источникам") == [
        ["Источник", "Поступлений", "Поступило, тенге", "Принято в фонд, тенге", "К возврату, тенге"],
        ["3100 Собственные средства партии", 1, 20000, 20000, 0],
        ["3200 Добровольные пожертвования", 5, 116500, 100000, 16500],
        ["  3210 Добровольные пожертвования граждан", 2, 85000, 70000, 15000],      # Иванов, Петрова
        ["  3220 Добровольные пожертвования организаций", 2, 31000, 30000, 1000],   # Ромашка, РГП
        ["  жертвователь не установлен (анонимные: в бюджет)", 1, 500, 0, 500],
        ["Итого", 6, 136500, 120000, 16500],
        ["Поступлений: платежей на специальный счёт (сторно и исправления не считаются); суммы за вычетом сторно."],
        ["Поступило = принято в фонд + к возврату. Не принятое (сверх предела, от запрещённого жертвователя)"],
        ["показано в строке граждан или организаций, смотря кто перечислил; принятое после идентификации"],
        ["жертвователя - в строке счёта, куда перенесено."],
    ]
    total = row_of(s, "Итого")
    assert [tiyn(v) for v in total[2:4]] == [status.received.tiyn, status.total.accepted.tiyn]
    assert status.received == Money.tenge(136_500)

    # Money owed back: arose - paid - moved into the fund = outstanding, on each row and in total.
    assert table_under(s, "Средства к возврату") == [
        ["Кому вернуть", "Возникло", "Перечислено", "Принято в фонд после идентификации", "Остаток долга"],
        ["2100 Возврат жертвователям", 16000, 15000, 0, 1000],
        ["2200 К перечислению в республиканский бюджет", 500, 500, 0, 0],
        ["2300 Возврат партии (собственные средства сверх предела)", 0, 0, 0, 0],
        ["Итого", 16500, 15500, 0, 1000],
    ]
    owed_total = table_under(s, "Средства к возврату")[-1]
    assert tiyn(owed_total[2]) == status.refunded.tiyn
    assert tiyn(owed_total[4]) == (status.refunds_due + status.budget_due + status.party_due).tiyn
    assert tiyn(row_of(s, "Израсходовано, всего")[1]) == status.spent.tiyn == 800_000
    assert tiyn(row_of(s, "5110 СМИ: телевидение")[1]) == 500_000
    assert tiyn(row_of(s, "Петров П.П.")[1]) == 500_000
    assert tiyn(row_of(s, "(партия в целом)")[1]) == 300_000
    assert tiyn(row_of(s, "Остаток на специальном счёте")[1]) == status.bank_balance.tiyn == 11_300_000
    assert tiyn(row_of(s, "Доступно к расходованию")[1]) == status.available.tiyn == 11_200_000
    assert row_of(s, "BAN_STATE")[1:3] == [1, 1000]       # the only finding still open
    assert status.open_findings == 1


def test_registers_show_each_entry_with_its_parts_and_source_row(worked):
    book, path, summary, status, _ = worked
    sheets = read_sheets(path)
    c = sheets["Пожертвования"]
    assert column(c, "Запись") == [1, 2, 3, 4, 5]
    assert column(c, "Результат") == ["принято", "принято", "частично принято", "не принято", "не принято"]
    assert [tiyn(v) for v in column(c, "Принято в фонд, тенге")] == [6_000_000, 3_000_000, 1_000_000, 0, 0]
    assert [tiyn(v) for v in column(c, "К возврату, тенге")] == [0, 0, 1_500_000, 100_000, 50_000]
    assert column(c, "Кому вернуть")[2:] == ["Возврат жертвователям", "Возврат жертвователям",
                                             "К перечислению в республиканский бюджет"]
    assert column(c, "Нарушения")[2:] == ["CAP_VOLUNTARY", "BAN_STATE", "BAN_ANONYMOUS"]
    assert column(c, "ИИН/БИН")[:3] == [IVANOV, ROMASHKA, PETROVA]
    assert column(c, "Дата")[0] == dt.date(2007, 8, 1)
    assert c[1][-3:] == ["взносы.xlsx", "Лист1", 2]
    assert sum(tiyn(v) for v in column(c, "Принято в фонд, тенге")) == status.voluntary.accepted.tiyn

    own = sheets["Собственные средства"]
    assert [tiyn(v) for v in column(own, "Принято в фонд, тенге")] == [status.own_funds.accepted.tiyn]

    spending = sheets["Расходы"]
    assert column(spending, "Вид расходов") == ["5110 СМИ: телевидение", "5200 Печатные агитационные материалы"]
    assert column(spending, "Строка отчёта ЦИК") == ["2.1.1", "2.2"]
    assert column(spending, "Кандидат") == ["Петров П.П.", ""]
    assert column(spending, "Документ") == ["счёт 17", ""]
    assert sum(tiyn(v) for v in column(spending, "Сумма, тенге")) == status.spent.tiyn

    refunds = sheets["Возвраты"]
    assert column(refunds, "Вид записи") == ["возврат", "перечисление в бюджет"]
    assert column(refunds, "Возвращаемое поступление") == [3, 5]
    assert column(refunds, "Кому перечислено") == ["Петрова Анна", "Республиканский бюджет"]
    assert column(refunds, "ИИН/БИН") == [PETROVA, ""]              # the auditor's copy: whole
    assert sum(tiyn(v) for v in column(refunds, "Сумма, тенге")) == status.refunded.tiyn == 1_550_000

    rejected = sheets["Отклонённые строки"]
    assert rejected[1] == ["взносы.xlsx", "Лист1", 7, "07.08.2007 | =1+1 | сто", "'сто' — не сумма"]   # the reason in the workbook's language

    donors = sheets["Жертвователи"]
    ivanov = row_of(donors, "Иванов Иван")
    assert ivanov[1:] == [IVANOV, "физическое лицо", 60000, 1, 60000, 0, 0, ""]
    petrova = row_of(donors, "Петрова Анна")
    assert [tiyn(v) for v in (petrova[3], petrova[5], petrova[6])] == [2_500_000, 1_000_000, 1_500_000]
    assert petrova[7] == 1
    assert sum(tiyn(v) for v in column(donors, "Принято в фонд, тенге")) == status.total.accepted.tiyn
    assert summary.rows["Пожертвования"] == 5 and summary.rows["Журнал"] == 21


def test_findings_commission_report_trial_balance_and_journal(worked):
    book, path, summary, status, _ = worked
    sheets = read_sheets(path)
    f = sheets["Нарушения"]
    assert column(f, "Правило") == ["CAP_VOLUNTARY", "BAN_STATE", "BAN_ANONYMOUS"]
    assert column(f, "Статус") == ["устранено", "открыто", "устранено"]
    assert [tiyn(v) for v in column(f, "Сумма, тенге")] == [1_500_000, 100_000, 50_000]
    assert [r[5:8] for r in f[1:]] == [["взносы.xlsx", "Лист1", 4], ["взносы.xlsx", "Лист1", 5],
                                       ["взносы.xlsx", "Лист1", 6]]
    assert column(f, "ИИН/БИН")[0] == PETROVA
    assert column(f, "Устранено записью") == [9, "", 10]
    assert column(f, "Норма закона")[1].startswith("Конституционный закон «О выборах», п. 3 ст. 34")   # the law in Russian

    cec = sheets["Отчёт для ЦИК"]
    by_row = {r[0]: r for r in cec[3:]}
    assert [tiyn(by_row[n][2]) for n in ("1", "1.1", "1.2", "2", "2.1", "2.1.1", "2.2", "3")] == [
        12_000_000, 2_000_000, 10_000_000, 800_000, 500_000, 500_000, 300_000, 11_200_000]
    assert by_row["3"][2] == 112000
    assert max(len(r) for r in cec) == 3            # the form alone: row, indicator, amount
    # how each row was read is on the notes sheet, row by row
    read = {r[0]: r[2] for r in sheets["Пояснения к отчёту для ЦИК"][2:]}
    best = "наше лучшее прочтение формы (в опубликованном экземпляре не видели)"
    assert read.keys() == by_row.keys()
    assert {read[n] for n in ("1", "1.1", "1.2", "2")} == {"строка опубликованной формы"}
    assert all(read[n] == best for n in read if n.startswith("2.") or n == "3")

    tb = sheets["Оборотная ведомость"]
    debit = sum(tiyn(v) for v in column(tb, "Сальдо по дебету") if v != "")
    credit = sum(tiyn(v) for v in column(tb, "Сальдо по кредиту") if v != "")
    assert debit == credit == 11_300_000 + 800_000
    assert row_of(tb, "1000")[3:] == [136500, 23500, 113000, 0]

    journal = sheets["Журнал"]
    assert len(journal) - 1 == 21
    assert sum(tiyn(v) for v in column(journal, "Дебет")) == sum(tiyn(v) for v in column(journal, "Кредит"))
    assert journal[1][:8] == [1, dt.date(2007, 8, 1), "пожертвование", 1, "1000",
                              "Специальный счёт избирательного фонда", 60000, 0]


def test_checks_are_live_formulas_with_their_expected_results(worked):
    _, path, summary, _, _ = worked
    ws = load_workbook(path)["Проверки"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 16 == len(summary.checks)
    for label, formula, expected, holds in rows:
        assert formula.startswith("="), label
        assert holds.startswith("=B") and "=C" in holds
    assert rows[0][1] == "=ROUND(SUM('Оборотная ведомость'!F2:F24)-(SUM('Оборотная ведомость'!G2:G24)),2)"
    assert rows[3][1] == "=AND('Сводка'!C14>=0,'Сводка'!C14<='Сводка'!B14)" and rows[3][2] is True
    assert rows[6][1] == "=ROUND(SUM('Пожертвования'!I2:I6)-'Сводка'!C15,2)" and rows[6][2] == 0
    # the summary's own identities: received = accepted + owed back; arose - paid - moved = outstanding
    assert rows[14][1] == "=ROUND('Сводка'!C25-'Сводка'!D25-'Сводка'!E25,2)"
    assert rows[15][1] == "=ROUND('Сводка'!B36-'Сводка'!C36-'Сводка'!D36-'Сводка'!E36,2)"


def test_workbook_is_made_for_people(worked):
    _, path, _, _, _ = worked
    wb = load_workbook(path)
    c = wb["Пожертвования"]
    assert c.freeze_panes == "A2"
    assert c.auto_filter.ref == "A1:Q6"
    assert c.print_title_rows == "$1:$1"
    assert c["H2"].number_format == "[$-419]#,##0.00" and c["B2"].number_format == "[$-419]dd.mm.yyyy"
    assert c.column_dimensions["E"].width == 36
    flagged = {row[0].row for row in c.iter_rows(min_row=2) if row[0].fill.fgColor.rgb == "FFFCE4D6"}
    assert flagged == {4, 5, 6}                   # split, held, held; the two posted rows are plain
    assert all(cell.font.bold for cell in c[1])
    summary = wb["Сводка"]
    assert len(summary._charts) == 3
    assert wb["Журнал"]["G2"].number_format == "[$-419]#,##0.00"


MONEY_HEADERS = {"Сумма, тенге", "Поступило, тенге", "Принято в фонд, тенге", "К возврату, тенге",
                 "Всего перечислено, тенге", "Дебет", "Кредит", "Оборот по дебету", "Оборот по кредиту",
                 "Сальдо по дебету", "Сальдо по кредиту"}
LONG_SHEETS = ["Нарушения", "Пожертвования", "Собственные средства", "Расходы", "Возвраты", "Отклонённые строки",
               "Жертвователи", "Оборотная ведомость", "Журнал"]


def test_money_is_numbers_in_tenge_dates_are_dates_and_long_sheets_filter(worked):
    _, path, _, _, _ = worked
    wb = load_workbook(path)
    for title in LONG_SHEETS:
        ws = wb[title]
        assert (ws.freeze_panes, ws.auto_filter.ref) == ("A2", f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}")
        headers = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            for header, cell in zip(headers, row):
                if header in MONEY_HEADERS and cell.value is not None:
                    assert isinstance(cell.value, (int, float)) and cell.number_format == "[$-419]#,##0.00", (title, header)
                if header == "Дата":
                    assert isinstance(cell.value, dt.datetime) and cell.number_format == "[$-419]dd.mm.yyyy", title
    summary = wb["Сводка"]
    money = [c for row in summary.iter_rows(min_row=14, max_col=5) for c in row
             if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)]
    # tenge, counts, percent used: numbers, in the Russian reader's convention (1 250 000,00; 41,02 %)
    assert {c.number_format for c in money} == {"[$-419]#,##0.00", "0", "[$-419]0.00\\ %"}
    assert summary["B9"].number_format == "[$-419]dd.mm.yyyy hh:mm:ss"


def test_english_workbook(engine, tmp_path):
    book = build_worked_book(engine)
    summary = write_audit_workbook(engine, book, tmp_path / "audit_en.xlsx", lang="en", verify=False)
    assert summary.sheets == ("Summary", "Findings", "Contributions", "Own funds", "Spending", "Refunds",
                              "Rejected rows", "Donors", "Commission report", "Notes on the commission report", "Trial balance",
                              "Journal", "Checks")
    sheets = read_sheets(tmp_path / "audit_en.xlsx")
    assert row_of(sheets["Summary"], "Chain verification")[1] == "not run (hash of the last entry)"
    assert column(sheets["Contributions"], "Outcome") == ["posted", "posted", "split", "held", "held"]
    assert summary.verified is None


@pytest.mark.parametrize("lang, title, verdict, said", [
    ("ru", "Сводка", "НЕ ПРОЙДЕНА", "счёт 1000: сохранённый остаток {cached} отличается от остатка по журналу {journal}"),
    ("kk", "Жиынтық", "ӨТПЕДІ", "1000 шоты: сақталған қалдық {cached} журнал бойынша қалдықтан ({journal}) өзгеше"),
    ("en", "Summary", "FAILED", "account 1000: cached balance {cached} differs from the journal's {journal}"),
])
def test_the_summary_says_what_verify_found_in_the_workbooks_language(engine, tmp_path, lang, title, verdict, said):
    from sqlalchemy import text

    from ledger.i18n import money_text
    book = build_worked_book(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE accounts SET balance_tiyn = balance_tiyn + 1 WHERE book_id = :b AND code = '1000'"),
                     {"b": book.id})
        journal = conn.execute(text("SELECT balance_tiyn - 1 FROM accounts WHERE book_id = :b AND code = '1000'"),
                               {"b": book.id}).scalar_one()
    summary = write_audit_workbook(engine, book, tmp_path / f"audit_{lang}.xlsx", lang=lang)
    assert summary.verified is False
    rows = read_sheets(tmp_path / f"audit_{lang}.xlsx")[title]
    at = next(i for i, row in enumerate(rows) if row and row[1] == verdict)
    shown = said.format(cached=money_text(Money(journal + 1), lang=lang), journal=money_text(Money(journal), lang=lang))
    assert rows[at + 1][1] == shown


HOSTILE = ['=HYPERLINK("http://x","click")', "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=2"]


def test_hostile_text_is_never_a_formula(engine, tmp_path):
    def work(conn):
        book = create_book(conn, "=cmd|' /C calc'!A0", "Выборы", PROFILE, code="hostile")
        desk = Desk(conn, book)
        for i, name in enumerate(HOSTILE):
            if i < 5:   # "\r=2" would be the same donor as "-2": both are "2" once normalised
                desk.receive(receipt(name, None, 100 + i, 1, row=i + 2))
            desk.spend(SpendingInput(Money.tenge(10), day(2), "other_spending", payee=name, purpose=name,
                                     occurrence=i + 1))
        desk.flush()
        return book
    book = run_write(engine, work)
    path = tmp_path / "hostile.xlsx"
    write_audit_workbook(engine, book, path)

    with zipfile.ZipFile(path) as z:
        names = {n for n in z.namelist() if n.startswith("xl/worksheets/sheet")}
        formula_sheets = {n for n in names if "<f>" in z.read(n).decode()}
    assert formula_sheets == {"xl/worksheets/sheet13.xml"}      # the Checks sheet alone

    wb = load_workbook(path)
    donors = [c for c in wb["Пожертвования"]["E"][1:]]
    payees = [c for c in wb["Расходы"]["G"][1:]]
    # Donor names are stripped by the classifier ("\t=1" arrives as "=1"); payees are kept as typed.
    assert [c.value for c in donors] == [n.strip() for n in HOSTILE[:5]]
    as_read = [n.replace("\r", "\n") for n in HOSTILE]   # XML reads a carriage return back as a line feed
    assert [c.value for c in payees] == as_read
    for cell in donors + payees + [wb["Сводка"]["B2"]]:
        assert cell.data_type == "s" and cell.quotePrefix, repr(cell.value)
    assert wb["Сводка"]["B2"].value == "=cmd|' /C calc'!A0"
    sheets = read_sheets(path)
    assert column(sheets["Расходы"], "Получатель") == as_read


def test_text_cell_quotes_every_formula_start():
    writer = audit.WorkbookWriter("ru")
    ws = writer.sheet("x")
    for text in HOSTILE + ["-", "=", "@"]:
        cell = audit.text_cell(ws, writer.styles, text)
        assert cell.data_type == "s" and cell.quotePrefix and cell.value == text
    plain = audit.text_cell(ws, writer.styles, "Иванов = 1")
    assert (plain.value, plain.quotePrefix, plain.alignment.wrap_text) == ("Иванов = 1", False, True)
    assert audit.text_cell(ws, writer.styles, "bell\x07").value == "bell"


def test_long_register_continues_on_a_second_sheet(engine, tmp_path, monkeypatch):
    monkeypatch.setattr(audit, "MAX_SHEET_ROWS", 5)       # a header and 4 rows per sheet
    book = build_worked_book(engine)
    path = tmp_path / "split.xlsx"
    summary = write_audit_workbook(engine, book, path, lang="en")
    assert summary.sheets == (
        "Summary", "Findings", "Contributions", "Contributions (2)", "Own funds", "Spending", "Refunds",
        "Rejected rows", "Donors", "Donors (2)", "Commission report", "Notes on the commission report", "Trial balance", "Trial balance (2)",
        "Trial balance (3)", "Trial balance (4)", "Trial balance (5)", "Trial balance (6)", "Journal",
        "Journal (2)", "Journal (3)", "Journal (4)", "Journal (5)", "Journal (6)", "Checks")
    assert summary.rows["Contributions"] == 4 and summary.rows["Contributions (2)"] == 1
    sheets = read_sheets(path)
    first, second = sheets["Contributions"], sheets["Contributions (2)"]
    assert first[0] == second[0]                                # the header repeats
    assert column(first, "Entry") + column(second, "Entry") == [1, 2, 3, 4, 5]
    accepted = column(first, "Accepted, tenge") + column(second, "Accepted, tenge")
    with engine.connect() as conn:
        assert sum(tiyn(v) for v in accepted) == fund_status(conn, book).voluntary.accepted.tiyn
    journal_rows = sum(summary.rows[t] for t in summary.sheets if t.startswith("Journal"))
    assert journal_rows == 21
    checks = load_workbook(path)["Checks"]
    assert checks["B8"].value == "=ROUND(SUM('Contributions'!I2:I5)+SUM('Contributions (2)'!I2:I2)-'Summary'!C15,2)"


def english_workbook_and_status(engine, book, tmp_path):
    """The English audit workbook's sheets, and the fund's status to hold them against."""
    path = tmp_path / f"{book.code}.xlsx"
    write_audit_workbook(engine, book, path, lang="en")
    with engine.connect() as conn:
        return read_sheets(path), fund_status(conn, book)


def test_reversals_and_corrections_stay_in_their_registers(engine, tmp_path):
    bad = IVANOV[:-1] + str((int(IVANOV[-1]) + 1) % 10)       # fails its check digit

    def work(conn):
        book = create_book(conn, "Партия", "Выборы", PROFILE, code="corrections")
        desk = Desk(conn, book)
        held = desk.receive(receipt("Иванов Иван", bad, 5_000, 1))
        gift = desk.receive(receipt("Петрова Анна", PETROVA, 7_000, 2))
        spent = desk.spend(SpendingInput(Money.tenge(1_000), day(3), "rent"))
        desk.flush()
        desk.identify(held.seq, IVANOV, day(4))
        desk.reverse(gift.seq, day(5))
        desk.reverse(spent.seq, day(5))
        desk.flush()
        return book
    sheets, status = english_workbook_and_status(engine, run_write(engine, work), tmp_path)
    c = sheets["Contributions"]
    assert column(c, "Entry") == [1, 2, 4, 5]
    assert column(c, "Outcome") == ["held", "posted", "correction", "reversal"]
    assert column(c, "Linked entry") == ["", "", 1, 2]
    assert [tiyn(v) for v in column(c, "Accepted, tenge")] == [0, 700_000, 500_000, -700_000]
    assert [tiyn(v) for v in column(c, "Owed back, tenge")] == [500_000, 0, -500_000, 0]
    assert sum(tiyn(v) for v in column(c, "Accepted, tenge")) == status.voluntary.accepted.tiyn == 500_000
    assert sum(tiyn(v) for v in column(c, "Received, tenge")) == status.received.tiyn == 500_000
    s = sheets["Spending"]
    assert [tiyn(v) for v in column(s, "Amount, tenge")] == [100_000, -100_000]
    assert status.spent == Money(0)


def test_a_supplier_refund_is_spending_given_back_in_its_category(engine, tmp_path):
    def work(conn):
        book = create_book(conn, "Партия", "Выборы", PROFILE, code="supplier")
        desk = Desk(conn, book)
        desk.receive(receipt("Петрова Анна", PETROVA, 7_000, 2))
        spent = desk.spend(SpendingInput(Money.tenge(3_000), day(3), "printed", payee="Типография", candidate="Петров П.П."))
        desk.flush()
        desk.supplier_refund(spent.seq, day(6), Money.tenge(1_200), "unused advance")
        desk.flush()
        return book
    sheets, status = english_workbook_and_status(engine, run_write(engine, work), tmp_path)
    s = sheets["Spending"]
    assert column(s, "Kind") == ["spending", "supplier refund"]
    assert column(s, "Payee") == ["Типография", "Типография"]
    assert column(s, "Candidate") == ["Петров П.П.", "Петров П.П."]
    assert column(s, "Linked entry") == ["", 2]
    assert [tiyn(v) for v in column(s, "Amount, tenge")] == [300_000, -120_000]
    assert sum(tiyn(v) for v in column(s, "Amount, tenge")) == status.spent.tiyn == 180_000
    assert status.bank_balance == Money.tenge(5_200)


# One BIN, two names: the registry keeps the first name it saw for a BIN, the receipts keep
# what each row said.
TWO_NAMES_BIN = "070440000006"
OTDEL, ROMASHKA_LLP = "ГУ «Отдел образования»", "ТОО «Ромашка»"


def build_two_names_book(engine):
    """The fund (voluntary cap 100,000):

      seq  what                                               findings
      1    ГУ «Отдел образования», BIN 070440000006, 1,000    BAN_STATE (a state institution)
      2    ТОО «Ромашка», the same BIN, 120,000               CAP_VOLUNTARY: 20,000 over
      3    a donor with no name and no IIN/BIN, 700           BAN_ANONYMOUS
      4    refund of entry 1 (1,000)
      5    refund of entry 2 (20,000)
    """
    def work(conn):
        book = create_book(conn, "Партия «Тест»", "Выборы в Мажилис 2007", PROFILE, code="two-names")
        desk = Desk(conn, book)
        desk.receive(receipt(OTDEL, TWO_NAMES_BIN, 1_000, 1, row=2))
        desk.receive(receipt(ROMASHKA_LLP, TWO_NAMES_BIN, 120_000, 2, row=3))
        desk.receive(receipt("", None, 700, 3, row=4))
        desk.refund(1, day(5))
        desk.refund(2, day(6))
        desk.flush()
        return book
    return run_write(engine, work)


def test_each_receipt_shows_the_name_it_came_with(engine, db_url, tmp_path):
    book = build_two_names_book(engine)
    # entries 1-5 have 2, 3, 2, 2 and 2 postings; a refund names the donor of its receipt
    posting_donors = [OTDEL] * 2 + [ROMASHKA_LLP] * 3 + ["anonymous"] * 2 + [OTDEL] * 2 + [ROMASHKA_LLP] * 2
    with engine.connect() as conn:
        assert [(f.entry_seq, f.rule, f.donor) for f in findings(conn, book)] == [
            (1, "BAN_STATE", OTDEL), (2, "CAP_VOLUNTARY", ROMASHKA_LLP),
            (3, "BAN_ANONYMOUS", "anonymous")]          # no name on the row: the registered one
        assert [p.donor for e in journal_lines(conn, book) for p in e.postings] == posting_donors
    r = CliRunner().invoke(main, ["--db", db_url, "check", "--all", "--format", "json"], catch_exceptions=False)
    assert [(f["entry"], f["donor"], f["id_number"]) for f in json.loads(r.output)["findings"]] == [
        (1, OTDEL, TWO_NAMES_BIN), (2, ROMASHKA_LLP, TWO_NAMES_BIN), (3, "anonymous", None)]

    path = tmp_path / "two_names.xlsx"
    write_audit_workbook(engine, book, path, lang="en")
    sheets = read_sheets(path)
    assert column(sheets["Findings"], "Donor") == [OTDEL, ROMASHKA_LLP, "anonymous"]
    assert column(sheets["Contributions"], "Donor") == [OTDEL, ROMASHKA_LLP, "anonymous"]
    assert column(sheets["Refunds"], "Donor") == [OTDEL, ROMASHKA_LLP]
    assert column(sheets["Refunds"], "Receipt returned") == [1, 2]
    assert column(sheets["Journal"], "Donor") == posting_donors
    # The donor is one (one BIN); its row says which other name its receipts carry.
    donors = sheets["Donors"]
    assert donors[0][-1] == "Other names on its receipts"
    assert row_of(donors, OTDEL)[1:2] + row_of(donors, OTDEL)[-2:] == [TWO_NAMES_BIN, 2, ROMASHKA_LLP]
    assert row_of(donors, "anonymous")[-1] == ""
    ru = tmp_path / "two_names_ru.xlsx"
    write_audit_workbook(engine, book, ru, lang="ru")
    assert column(read_sheets(ru)["Нарушения"], "Жертвователь")[-1] == "аноним (не установлен)"


def build_moved_book(engine):
    """Money that moves after it arrives (caps: own funds 50,000, voluntary 100,000):

      seq  what                                                         accepted  owed
      1    «Ромашка» 5,000, from взносы.csv row 2; its BIN fails the          -     5,000 to refund
           check digit (no legal form in the name: taken as a person)
      2    Иванов Иван 7,000, typed in                                    7,000       -
      3    an anonymous donor 500, typed in                                   -       500 to the budget
      4    own funds of the party 60,000, typed in                       50,000   10,000 to the party
      5    entry 1 identified under ROMASHKA's BIN: an organisation;      +5,000   -5,000
           the 5,000 moves into the organisations' account
      6    reversal of entry 2                                           -7,000       -
      7    the 10,000 over the own-funds cap paid back to the party
    """
    def work(conn):
        book = create_book(conn, "Партия «Тест»", "Выборы в Мажилис 2007", PROFILE, code="moved")
        desk = Desk(conn, book)
        # the importer files a CSV's rows under the file's name, as if it were a sheet
        from_csv = dataclasses.replace(receipt("Ромашка", ROMASHKA[:-1] + str((int(ROMASHKA[-1]) + 1) % 10), 5_000, 1),
                                       origin=SourceRef("взносы.csv", None, "взносы", 2))
        held = desk.receive(from_csv)
        gift = desk.receive(receipt("Иванов Иван", IVANOV, 7_000, 2))
        desk.receive(receipt("", None, 500, 3))
        own = desk.receive(receipt("Партия «Тест»", None, 60_000, 4, source=FundSource.OWN_FUNDS))
        desk.flush()
        desk.identify(held.seq, ROMASHKA, day(5))
        desk.reverse(gift.seq, day(6))
        desk.refund(own.seq, day(7))
        desk.flush()
        return book
    return run_write(engine, work)


def test_summary_follows_money_moved_after_it_arrived(engine, tmp_path):
    book = build_moved_book(engine)
    path = tmp_path / "moved.xlsx"
    write_audit_workbook(engine, book, path, lang="en")
    with engine.connect() as conn:
        status = fund_status(conn, book)
    s = read_sheets(path)["Summary"]
    # The identified 5,000 is on the organisations' row with its receipt, not on the citizens'
    # row its first donor kind would give; Иванов's gift, reversed, still counts as a receipt.
    assert table_under(s, "Receipts by source")[:7] == [
        ["Source", "Receipts", "Received, tenge", "Accepted, tenge", "Owed back, tenge"],
        ["3100 Own funds of the party", 1, 60000, 50000, 10000],
        ["3200 Voluntary contributions", 3, 5500, 5000, 500],
        ["  3210 Voluntary contributions of citizens", 1, 0, 0, 0],
        ["  3220 Voluntary contributions of organisations", 1, 5000, 5000, 0],
        ["  donor not identified (anonymous: to the budget)", 1, 500, 0, 500],
        ["Total", 4, 65500, 55000, 10500],
    ]
    assert table_under(s, "Money owed back") == [
        ["Owed to", "Arose", "Paid", "Moved into the fund (identified)", "Outstanding"],
        ["2100 Refunds due to donors", 5000, 0, 5000, 0],
        ["2200 Due to the republican budget", 500, 0, 0, 500],
        ["2300 Due to the party (own funds over the cap)", 10000, 10000, 0, 0],
        ["Total", 15500, 10000, 5000, 500],
    ]
    assert (status.refunds_due, status.budget_due, status.party_due, status.refunded) == (
        Money(0), Money.tenge(500), Money(0), Money.tenge(10_000))
    assert (status.received, status.total.accepted) == (Money.tenge(65_500), Money.tenge(55_000))


def test_payments_back_name_who_was_paid(engine, tmp_path):
    book = build_moved_book(engine)
    path = tmp_path / "moved.xlsx"
    write_audit_workbook(engine, book, path, lang="en")
    refunds = read_sheets(path)["Refunds"]
    assert [r[:5] for r in refunds[1:]] == [[7, dt.date(2007, 8, 7), "payment back", 4, "Партия «Тест»"]]


def test_a_csv_row_is_shown_by_file_and_row_and_a_typed_in_one_as_typed_in(engine, db_url, tmp_path):
    book = build_moved_book(engine)
    path = tmp_path / "moved.xlsx"
    write_audit_workbook(engine, book, path, lang="en")
    sheets = read_sheets(path)
    f = sheets["Findings"]
    assert [[r[0]] + r[5:8] for r in f[1:]] == [
        ["ID_INVALID", "взносы.csv", "", 2], ["BAN_ANONYMOUS", "typed in", "", ""],
        ["CAP_OWN", "typed in", "", ""]]
    c = sheets["Contributions"]
    assert c[1][-3:] == ["взносы.csv", "", 2]
    assert sheets["Journal"][1][-3:] == ["взносы.csv", "", 2]

    def reject(conn):
        batch = conn.execute(insert(ImportBatch.__table__).values(
            book_id=book.id, kind="receipts", file_name="взносы.csv", file_sha256="0" * 64,
            imported_at="2007-08-12T00:00:00Z", summary={}).returning(ImportBatch.__table__.c.id)).scalar_one()
        conn.execute(insert(SourceRow.__table__).values(
            batch_id=batch, book_id=book.id, sheet="взносы", row_number=3, raw=["сто"], outcome="rejected",
            reason="'сто' is not an amount", entry_seq=None))
    run_write(engine, reject)
    write_audit_workbook(engine, book, path, lang="en")
    assert read_sheets(path)["Rejected rows"][1][:3] == ["взносы.csv", "", 3]

    r = CliRunner().invoke(main, ["--db", db_url, "check", "--all"], catch_exceptions=False)
    assert "взносы.csv row 2 " in r.output and "[взносы]" not in r.output
    r = CliRunner().invoke(main, ["--db", db_url, "check", "--all", "--format", "json"], catch_exceptions=False)
    assert [(f["file"], f["sheet"], f["row"]) for f in json.loads(r.output)["findings"]] == [
        ("взносы.csv", None, 2), (None, None, None), (None, None, None)]


def test_every_sheet_prints_on_a4_fitted_to_the_width_with_its_labels_wrapped(worked):
    _, path, _, _, _ = worked
    wb = load_workbook(path)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (int(setup.paperSize), setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    for title in LONG_SHEETS:
        ws = wb[title]
        assert ws.print_title_rows == "$1:$1", title
        assert all(c.alignment.wrap_text for c in ws[1]), title
    # a header as long as "Принято в фонд, тенге" in a column 18 wide takes two lines, and the row is made so
    contributions = wb["Пожертвования"]
    assert contributions.row_dimensions[1].height == 30
    # a long evidence wraps within its column, its row tall enough; the amount beside it is a number
    findings = wb["Нарушения"]
    evidence = next(c for c in findings["I"][1:] if len(c.value) > 60)
    assert evidence.alignment.wrap_text and findings.row_dimensions[evidence.row].height >= 30
    assert isinstance(findings.cell(evidence.row, 3).value, (int, float))
    # a text that fits its column stays a bare cell, not wrapped
    contributions = wb["Пожертвования"]
    assert contributions["E2"].value == "Иванов Иван" and not contributions["E2"].alignment.wrap_text
    # the summary's long texts span to its last column rather than overflow the page
    summary = wb["Сводка"]
    assert "C5:F5" in {str(r) for r in summary.merged_cells.ranges}     # the profile's title
    assert len(wb["Отчёт для ЦИК"]["D"]) <= 1 or all(c.value is None for c in wb["Отчёт для ЦИК"]["D"])


def test_the_caps_chart_holds_what_was_accepted_against_the_cap_in_whole_tenge(worked):
    _, path, _, _, _ = worked
    charts = load_workbook(path)["Сводка"]._charts
    caps = charts[0]
    assert caps.y_axis.numFmt.formatCode == "[$-419]#,##0"
    assert caps.x_axis.tickLblSkip == 1
    bars, marks = caps.series[0], caps._charts[1].series[0]
    assert (bars.val.numRef.f, marks.val.numRef.f) == ("'Сводка'!$C$14:$C$16", "'Сводка'!$B$14:$B$16")
    assert marks.marker.symbol == "dash" and marks.graphicalProperties.line.noFill
    # the others are horizontal bars, one per category, every name shown
    assert [c.type for c in charts[1:]] == ["bar", "bar"]
