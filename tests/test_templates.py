"""Blank import books: canonical headers, formats and dropdowns, and a filled-in template
imports back with every column recognised."""
from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from ledger.books import create_book
from ledger.core.errors import UsageError
from ledger.core.money import Money
from ledger.db.engine import run_write
from ledger.importers.headers import spending_role
from ledger.importers.service import import_books
from ledger.importers.templates import template_spec, write_template
from ledger.journal.chart import SPENDING_ROLES
from ledger.rules.donors import DonorFacts, DonorKind, classify
from ledger.rules.profiles import BUILT_IN


def test_contributions_template_layout(tmp_path):
    write_template("contributions", path := tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Взносы"]
    assert ws["A1"].value.startswith("Добровольные пожертвования в избирательный фонд")
    assert [c.value for c in ws[3]] == [
        "Дата / Date", "Ф.И.О. / Наименование жертвователя / Donor", "ИИН/БИН / IIN/BIN",
        "Тип жертвователя / Donor type", "Гражданство / Citizenship", "Сумма, тенге / Amount, KZT",
        "Назначение платежа / Purpose", "Номер платёжного документа / Document No."]
    assert ws.freeze_panes == "A4"
    assert (ws["A4"].number_format, ws["C4"].number_format, ws["F4"].number_format) == ("DD.MM.YYYY", "@", "#,##0.00")
    [validation] = ws.data_validations.dataValidation
    assert (validation.type, validation.formula1, str(validation.sqref)) == ("list", "'Списки'!$A$1:$A$3", "D4:D2003")
    assert wb["Списки"].sheet_state == "hidden"


def test_spending_template_offers_every_spending_account_once(tmp_path):
    write_template("spending", path := tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    [validation] = wb["Расходы"].data_validations.dataValidation
    assert str(validation.sqref) == "D4:D2003"
    offered = [c.value for c in wb["Списки"]["A"]]
    assert [spending_role(c).role for c in offered] == list(SPENDING_ROLES)


def test_donor_types_offered_are_read_as_they_say():
    types = template_spec("contributions")["dropdowns"]["donor_types"]
    kinds = [classify(DonorFacts("Иванов", None, t)).kind for t in types]
    assert kinds == [DonorKind.PERSON, DonorKind.PERSON, DonorKind.ORGANISATION]


def test_unknown_template():
    with pytest.raises(UsageError) as err:
        template_spec("refunds")
    assert err.value.code == "USAGE"
    assert str(err.value) == ("no template for 'refunds'; there are templates for contributions, own-funds, "
                              "association-funds, spending")
    from ledger.i18n import speaking
    with speaking("ru"), pytest.raises(UsageError) as err:
        template_spec("refunds")
    assert str(err.value) == ("нет шаблона для 'refunds'; есть шаблоны для: contributions, own-funds, "
                              "association-funds, spending")


@pytest.mark.parametrize("kind, filled, outcome", [
    ("contributions", [[dt.date(2007, 8, 1), "Иванов Иван", "870412300005", "Физическое лицо / Individual",
                        "Республика Казахстан", 150000, "взнос", "11"],
                       [dt.date(2007, 8, 2), "ТОО «Альфа»", "070140400000", "Юридическое лицо / Legal entity",
                        "РК", 250000.5, "взнос", "12"]], "posted"),
    ("own-funds", [[dt.date(2007, 8, 1), "Партия «Пример»", None, 1000000, "перечисление", "1"],
                   [dt.date(2007, 8, 3), None, None, 500000, "перечисление", "2"]], "posted"),
])
def test_a_filled_template_imports_back(engine, tmp_path, kind, filled, outcome):
    run_write(engine, lambda conn: create_book(conn, "Партия «Пример»", "Мажилис 2007", BUILT_IN["kz-2007"], code="p"))
    write_template(kind, path := tmp_path / f"{kind}.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for r, values in enumerate(filled, start=4):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    wb.save(path)
    report = import_books(engine, book="p", kind=kind, paths=[path])
    assert dict(report.total.outcomes) == {outcome: 2}
    assert report.total.rows == 2
    assert report.rejected == [] and report.warnings == []


def test_a_filled_spending_template_imports_back(engine, tmp_path):
    run_write(engine, lambda conn: create_book(conn, "Партия", "Мажилис 2007", BUILT_IN["kz-2007"], code="p"))
    write_template("spending", path := tmp_path / "spending.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for r, values in enumerate([
            [dt.date(2007, 8, 5), "ТОО «Телеканал»", None, "СМИ: телевидение / Mass media: television", None, 100000, "эфир", "201"],
            [dt.date(2007, 8, 6), "ТОО «Аренда»", None, "Аренда помещений и оборудования / Rent of premises and equipment",
             None, 20000, "офис", "202"]], start=4):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    wb.save(path)
    report = import_books(engine, book="p", kind="spending", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 2}
    assert report.total.spent == Money.tenge(120_000)
    assert report.findings == {"OVERSPEND": [2, Money.tenge(120_000)]}   # nothing was received yet


def test_the_association_funds_template_imports_back_into_a_candidates_fund(engine, tmp_path):
    """A presidential candidate's fund: the nominating association's transfers, the association
    named on each row, booked to its source under its cap (7 000 x 21 364 = 149 548 000)."""
    run_write(engine, lambda conn: create_book(conn, "Ахметов Арман", "Президент 2015", BUILT_IN["kz-president-2015"],
                                               code="pres"))
    write_template("association-funds", path := tmp_path / "association.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Средства объединения"]
    assert ws["A1"].value == "Средства выдвинувшего общественного объединения / Funds of the nominating association"
    assert [c.value for c in ws[3]][:4] == ["Дата / Date", "Наименование объединения / Association", "БИН / BIN",
                                           "Сумма, тенге / Amount, KZT"]
    assert (ws["C4"].number_format, ws["D4"].number_format) == ("@", "#,##0.00")
    for r, values in enumerate([[dt.date(2015, 3, 20), "ОО «Народная инициатива»", "070140400000", 149_000_000, "", "11"],
                                [dt.date(2015, 3, 21), "ОО «Народная инициатива»", "070140400000", "1 000 000,50", "", "12"]],
                               start=4):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c, value)
    wb.save(path)
    report = import_books(engine, book="pres", kind="association-funds", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 1, "split": 1}
    assert (report.total.accepted, report.total.refunds_due) == (Money.tenge(149_548_000), Money.parse("452 000,50"))
    assert report.findings == {"CAP_ASSOCIATION": [1, Money.parse("452 000,50")]}
    assert report.rejected == []
    # Every column was recognised: the only warnings are the cap's.
    assert [w for w in report.warnings if "the cap 149" not in w] == [], report.warnings


def test_the_command_writes_the_association_funds_template(tmp_path):
    from click.testing import CliRunner

    from ledger.cli import main

    done = CliRunner().invoke(main, ["template", "association-funds", "-o", str(tmp_path / "a.xlsx")])
    assert (done.exit_code, done.output) == (0, f"wrote {tmp_path / 'a.xlsx'}\n")
    assert openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames == ["Средства объединения"]
