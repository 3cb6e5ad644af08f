"""The party's report on the fund's use: its days (election, results, due 5 days after the
results), in status and in the workbook, its rows in the commission's layout with what is owed
back and the close-out's division, in ru, kk and en, ready to print and sign."""
import datetime as dt
import json

import pytest
from conftest import at_desk
from openpyxl import load_workbook

from ledger.books import set_dates
from ledger.core.errors import LedgerError
from ledger.core.money import Money
from ledger.db.engine import run_write
from ledger.fund import ReceiptInput, SpendingInput
from ledger.reports.final_report import write_final_report
from ledger.reports.status import fund_status
from ledger.rules.calendar import report_due
from ledger.rules.donors import DonorFacts
from ledger.rules.receipts import FundSource

T = Money.parse
D = dt.date(2007, 8, 1)
PARTY = "Партия «Жасыл Дала»"
ELECTION, RESULTS = dt.date(2007, 8, 18), dt.date(2007, 8, 24)


def test_the_report_is_due_five_days_after_the_results():
    assert report_due(ELECTION, RESULTS, dt.date(2007, 8, 26)) == report_due(None, RESULTS, dt.date(2007, 8, 26))
    due = report_due(ELECTION, RESULTS, dt.date(2007, 8, 26))
    assert (due.due, due.days_left, due.from_results) == (dt.date(2007, 8, 29), 3, True)
    early = report_due(ELECTION, None, dt.date(2007, 8, 26))     # results not recorded: from election day
    assert (early.due, early.days_left, early.from_results) == (dt.date(2007, 8, 23), -3, False)
    assert report_due(None, None, dt.date(2007, 8, 26)) is None


@pytest.fixture
def kept(engine, book):
    at_desk(engine, book, lambda desk: [
        desk.receive(ReceiptInput(FundSource.OWN_FUNDS, T("48 000 000"), D, DonorFacts(PARTY, None), "1")),
        desk.receive(ReceiptInput(FundSource.OWN_FUNDS, T("1 000 000"), D, DonorFacts(PARTY, None), "2")),  # 240 000 over
        desk.receive(ReceiptInput(FundSource.VOLUNTARY, T("500 000,01"), D, DonorFacts("", None), "3")),     # anonymous
        desk.receive(ReceiptInput(FundSource.VOLUNTARY, T("2 500 000"), D, DonorFacts("ТОО «Алтын Дән»", None), "4")),
        desk.spend(SpendingInput(T("30 000 000"), D, "media_tv", payee="Хабар")),
        desk.spend(SpendingInput(T("5 300 000"), D, "printed", payee="Типография")),
    ])
    run_write(engine, lambda conn: set_dates(conn, book, ELECTION, RESULTS))
    return book


def rows_of(path):
    ws = load_workbook(path).worksheets[0]
    return ws, {row[0]: row[1:3] for row in ws.iter_rows(values_only=True) if row[0]}


def test_status_counts_the_days_left_to_report(engine, kept):
    with engine.connect() as conn:
        s = fund_status(conn, kept, today=dt.date(2007, 8, 27))
    assert (s.dates.election_date, s.dates.results_date) == (ELECTION, RESULTS)
    assert s.as_json()["report"] == {"due": "2007-08-29", "days_left": 2, "from_results": True}


def test_results_before_the_election_are_refused(engine, book):
    with pytest.raises(LedgerError) as err:
        run_write(engine, lambda conn: set_dates(conn, book, ELECTION, ELECTION - dt.timedelta(days=1)))
    assert err.value.code == "RESULTS_BEFORE_THE_ELECTION"


def test_the_report_in_the_commissions_layout_before_and_after_the_close_out(engine, kept, tmp_path):
    made = write_final_report(engine, kept, tmp_path / "open.xlsx", lang="ru", today=dt.date(2007, 8, 26))
    ws, rows = rows_of(made.path)
    assert rows["1"] == ("Всего поступило средств в избирательный фонд", 51260000)
    assert rows["1.1"][1] == 48760000 and rows["1.2"][1] == 2500000 and "1.3" not in rows
    assert rows["2"][1] == 35300000 and rows["2.1.1"][1] == 30000000 and rows["2.2"][1] == 5300000
    assert rows["3"][1] == 15960000
    assert rows["4"][1] == 740000.01
    assert (rows["4.1"][1], rows["4.2"][1], rows["4.3"][1]) == (0, 500000.01, 240000)
    assert (rows["5"][1], rows["5.1"][1], rows["5.2"][1]) == (0, 0, 0)
    assert rows["7"][1] == 16700000.01

    at_desk(engine, kept, lambda desk: desk.close_out(dt.date(2007, 8, 25)))
    made = write_final_report(engine, kept, tmp_path / "closed.xlsx", lang="ru", today=dt.date(2007, 8, 26))
    ws, rows = rows_of(made.path)
    assert (rows["5"][1], rows["5.1"][1], rows["5.2"][1]) == (15960000, 10640000, 5320000)
    assert rows["6"][1] == 16700000.01       # the division and the money owed back, none paid yet
    heading = {row[1]: row[2] for row in ws.iter_rows(values_only=True) if row[1] and row[2]}
    assert heading["Срок представления отчёта"] == dt.datetime(2007, 8, 29)
    assert heading["Фонд закрыт"] == dt.datetime(2007, 8, 25)
    texts = [row[1] for row in ws.iter_rows(values_only=True) if row[1]]
    assert "Руководитель политической партии (кандидат)" in texts and "М.П." in texts
    # ready to print: A4, portrait, fit to width, the table's header on every page
    assert (ws.page_setup.paperSize, ws.page_setup.orientation, ws.page_setup.fitToWidth) == (9, "portrait", 1)
    header = next(r for r, row in enumerate(ws.iter_rows(values_only=True), start=1) if row[0] == "№")
    assert ws.print_title_rows == f"${header}:${header}"


@pytest.mark.parametrize("lang, title, received", [
    ("kk", "Сайлау қорының қаражатын пайдалану туралы есеп", "Сайлау қорына барлығы түскен қаражат"),
    ("en", "Report on the use of the election fund", "Total received into the fund"),
])
def test_the_report_in_kazakh_and_english(engine, kept, tmp_path, lang, title, received):
    made = write_final_report(engine, kept, tmp_path / f"{lang}.xlsx", lang=lang, today=dt.date(2007, 8, 26))
    ws, rows = rows_of(made.path)
    assert ws["A1"].value == title
    assert rows["1"] == (received, 51260000)


def test_report_and_dates_from_the_command_line(run, tmp_path):
    assert run("init", "--party", PARTY, "--election", "Мажилис 2007", "--election-date", "18.08.2007").exit_code == 0
    status = json.loads(run("status", "--format", "json").output)
    assert (status["election_date"], status["results_date"], status["report"]["from_results"]) == (
        "2007-08-18", None, False)
    said = run("set-election-date", "18.08.2007", "--results", "24.08.2007")
    assert said.output.strip() == "book партия-жасыл-дала-мажилис-2007: election day 18/08/2007; results published 24/08/2007"
    assert json.loads(run("status", "--format", "json").output)["report"]["due"] == "2007-08-29"
    assert "final report due 29/08/2007 (5 days after the results of 24/08/2007)" in run("status").output
    out = tmp_path / "report.xlsx"
    made = run("--lang", "kk", "report", "-o", str(out))
    assert made.exit_code == 0 and out.exists()
    assert load_workbook(out).worksheets[0]["A1"].value == "Сайлау қорының қаражатын пайдалану туралы есеп"
    assert run("report", "-o", str(tmp_path / "report.pdf")).exit_code == 2
