"""Every layout read against its golden file, the way beangulp tests importers: each layout in
ledger/importers/layouts has a sample (tests/layouts/NAME/sample.*, made by
tests/layouts/make_samples.py) and the outcome its import must give (NAME.golden.json: the
layout that read it, the statement's figures, and each row's outcome, amount in tiyn, date,
payer, IIN/BIN, document, way, and the payer's code
(КОд) with the residency it gives). With FUNDLEDGER_REGENERATE_GOLDEN=1 the golden files are
written from what the import gives (read the difference before committing it); otherwise
they are compared. Then: what forcing a layout does, and the command line."""
from __future__ import annotations

import json
import os
import pathlib

import pytest
from onec_samples import FUND, PARTY
from sqlalchemy import select

from ledger.books import create_book
from ledger.core.errors import InputFileError, UnknownLayout
from ledger.db.engine import run_write
from ledger.db.models import SourceRow
from ledger.importers import layouts
from ledger.importers.bank import statement_json
from ledger.importers.service import _Spool, import_books, read_book_file
from ledger.rules.profiles import BUILT_IN

HERE = pathlib.Path(__file__).resolve().parent
REGENERATE = os.environ.get("FUNDLEDGER_REGENERATE_GOLDEN") == "1"
NAMES = [layout.name for layout in layouts.load()]
SPREADSHEETS = [layout.name for layout in layouts.load() if layout.kind == "spreadsheet"]


@pytest.fixture
def book(engine):
    return run_write(engine, lambda conn: create_book(conn, PARTY, "Мажилис 2007", BUILT_IN["kz-2007"], code="dala"))


def sample(name: str) -> pathlib.Path:
    return HERE.parent / layouts.named(name).sample


def parsed_rows(path: pathlib.Path, kind: str) -> dict[int, dict]:
    """What the reader made of each data row, before any of it is booked."""
    spool = _Spool()
    try:
        read_book_file(path, kind, 0, spool)
        rows = [*spool.bookable(), *spool.unbookable()]
    finally:
        spool.close()
    return {r.number: {"row": r.number, "date": r.day.isoformat() if r.day else None,
                       "amount_tiyn": r.amount.tiyn if r.amount else None, "way": r.values.get("way"),
                       "payer": r.values.get("name"), "id": r.values.get("id_number"),
                       "document": r.values.get("document"), "payer_code": r.values.get("payer_code"),
                       "citizenship": r.values.get("citizenship")} for r in rows}


def outcome(engine, path: pathlib.Path, kind: str = "statement") -> dict:
    report = import_books(engine, book="dala", kind=kind, paths=[path])
    rows = parsed_rows(path, kind)
    with engine.connect() as conn:
        for number, result, reason in conn.execute(select(SourceRow.row_number, SourceRow.outcome, SourceRow.reason)):
            rows[number].update(outcome=result, rejected_for=reason if result == "rejected" else None)
    return {"layout": report.as_json()["files"][0]["layout"], "kind": kind,
            "statement": statement_json(report.statements[0]) if report.statements else None,
            "warnings": [getattr(w, "code", None) for w in report.warnings],
            "rows": [rows[n] for n in sorted(rows)]}


@pytest.mark.parametrize("name", NAMES)
def test_each_layouts_sample_gives_its_golden_file(engine, book, name):
    golden = sample(name).parent / f"{name}.golden.json"
    got = outcome(engine, sample(name))
    if REGENERATE:
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pytest.skip(f"regenerated {golden}")
    assert golden.exists(), f"no golden file {golden}: run FUNDLEDGER_REGENERATE_GOLDEN=1 pytest {__file__}"
    assert got == json.loads(golden.read_text("utf-8"))


def test_every_golden_file_is_read_by_its_own_layout_and_books_the_month():
    """The golden files say what was read, not only that it matches: each is its own layout's, and
    each statement is July's, of the fund's account, with every row given one outcome."""
    for name in NAMES:
        golden = json.loads((sample(name).parent / f"{name}.golden.json").read_text("utf-8"))
        assert golden["layout"] == name
        assert golden["statement"]["account"] == FUND
        assert (golden["statement"]["start"], golden["statement"]["end"]) == ("2007-07-01", "2007-07-31")
        assert all(r["outcome"] in ("posted", "rejected") for r in golden["rows"])
        posted = [r for r in golden["rows"] if r["outcome"] == "posted"]
        assert sorted((r["way"], r["amount_tiyn"]) for r in posted) == [
            ("in", 15_000_000), ("in", 100_000_000), ("in", 500_000_000), ("out", 200_000_000)]


@pytest.mark.parametrize("name", SPREADSHEETS)
def test_a_book_of_one_kind_takes_its_way_and_refuses_the_other(engine, book, name):
    """Whatever way a layout writes the direction (two columns, words, a mark, a sign), an import of
    contributions books the money in and refuses the payment out, saying where it belongs."""
    got = outcome(engine, sample(name), kind="contributions")
    tv = next(r for r in got["rows"] if r["document"] == "401")
    assert (tv["outcome"], tv["amount_tiyn"]) == ("rejected", None)
    assert "the money went the other way on this row" in tv["rejected_for"]
    assert "a payment out is imported with `fundledger import spending`" in tv["rejected_for"]
    assert sorted((r["document"], r["amount_tiyn"]) for r in got["rows"] if r["outcome"] == "posted"
                  and r["document"] != "14") == [("11", 500_000_000), ("12", 15_000_000), ("13", 100_000_000)]


@pytest.mark.parametrize("name", SPREADSHEETS)
def test_a_spending_import_of_a_statement_books_the_payment_out(engine, book, name):
    got = outcome(engine, sample(name), kind="spending")
    assert [(r["document"], r["amount_tiyn"]) for r in got["rows"] if r["outcome"] == "posted"] == [("401", 200_000_000)]


def test_the_first_layout_that_recognises_a_file_reads_it_and_others_fall_to_the_generic_reader():
    from ledger.importers.readers import Row, open_spreadsheet

    for name in SPREADSHEETS:
        book_ = open_spreadsheet(sample(name))
        try:
            head = list(book_.rows(book_.sheet_names[0]))
        finally:
            book_.close()
        assert layouts.spreadsheet_layout(head).name == name
        assert layouts.spreadsheet_layout([r for r in head if r.number > 2]) is None   # the bank's name gone
    # A register with a bank's words above and some of its headers, but not all of them, is a register.
    almost = [Row(1, ["АО «Kaspi Bank»"]), Row(2, ["Дата операции", "Кредит", "Дебет", "ИИН/БИН"])]
    assert layouts.spreadsheet_layout(almost) is None
    assert layouts.exchange_layout("1CClientBankExchange").name == "1c-exchange"
    assert layouts.exchange_layout("Дата;Сумма") is None


def test_a_forced_layout_reads_a_statement_that_lost_its_block_and_refuses_another_banks(engine, book, tmp_path):
    import openpyxl

    wb = openpyxl.load_workbook(sample("kaspi"))
    wb.active.delete_rows(1, 1)   # "АО «Kaspi Bank»" gone: nothing says whose statement it is
    bare = tmp_path / "bare.xlsx"
    wb.save(bare)
    report = import_books(engine, book="dala", kind="statement", paths=[bare], layout="kaspi")
    assert (report.as_json()["files"][0]["layout"], report.total.outcomes["posted"]) == ("kaspi", 4)
    with pytest.raises(InputFileError, match="^sample.xlsx, sheet 'Выписка': not a file of the layout 'kaspi': "
                                             "no row in the first 60 has its headers 'Дата операции', 'Кредит', "
                                             "'Дебет', '№ документа', 'Отправитель / Получатель', 'ИИН/БИН', "
                                             "'Назначение платежа'; import it without --layout") as caught:
        import_books(engine, book="dala", kind="contributions", paths=[sample("halyk")], layout="kaspi")
    assert caught.value.code == "LAYOUT_DOES_NOT_FIT"
    with pytest.raises(InputFileError, match="^sample.xlsx: not a file of the layout '1c-exchange': it does not begin "
                                             "with '1CClientBankExchange'; import it without --layout"):
        import_books(engine, book="dala", kind="statement", paths=[sample("kaspi")], layout="1c-exchange")
    with pytest.raises(UnknownLayout, match="^unknown layout 'sberbank'; the known layouts are 1c-exchange, bcc, "):
        import_books(engine, book="dala", kind="statement", paths=[bare], layout="sberbank")


def test_a_register_is_read_by_the_generic_reader_and_the_report_says_so(engine, book, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["Дата", "ФИО", "ИИН", "Сумма"])
    wb.active.append(["05.07.2007", "Иванов Иван", "870412300005", 150_000])
    wb.save(tmp_path / "register.xlsx")
    report = import_books(engine, book="dala", kind="contributions", paths=[tmp_path / "register.xlsx"])
    assert report.as_json()["files"][0]["layout"] == "generic"
    assert report.as_text().splitlines()[-1] == "Read by: register.xlsx the generic register reader"


def test_the_command_line_lists_layouts_and_refuses_an_unknown_one(run, tmp_path):
    listed = json.loads(run("layouts", "--format", "json").output)
    assert [lay["name"] for lay in listed] == NAMES
    assert {lay["name"]: lay["direction"] for lay in listed} == {
        "1c-exchange": "columns", "bcc": "mark", "bereke": "columns", "forte": "words", "halyk": "words",
        "jusan": "sign", "kaspi": "columns"}
    assert all((HERE.parent / lay["sample"]).exists() for lay in listed)
    assert run("layouts").output.splitlines()[0].split() == ["layout", "kind", "recognises", "sample"]
    russian = run("--lang", "ru", "layouts").output.splitlines()
    assert russian[0].split() == ["макет", "вид", "узнаёт", "по", "образец"]
    assert "файл обмена 1С" in russian[2] and "первая строка '1CClientBankExchange'" in russian[2]
    assert "таблица" in russian[3] and "заголовок со столбцами 'Д/К', 'Сумма', '№ док.' под 'Банк ЦентрКредит'" \
        in russian[3]
    assert listed[1]["recognises"] == "a header with 'Д/К', 'Сумма', '№ док.' under 'Банк ЦентрКредит'"
    run("init", "--party", PARTY, "--election", "Мажилис 2007")
    r = run("import", "statement", str(sample("kaspi")), "--layout", "nope")
    assert r.exit_code == 2
    assert r.output.strip() == ("error: unknown layout 'nope'; the known layouts are 1c-exchange, bcc, bereke, "
                                "forte, halyk, jusan, kaspi [UNKNOWN_LAYOUT]")
    r = run("import", "statement", str(sample("halyk")), "--layout", "halyk", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["files"][0]["layout"] == "halyk"
