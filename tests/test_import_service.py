"""Importing books end to end, as worked examples: every data row gets exactly one outcome,
the sums add up to the tiyn, a second import adds nothing, and a failure or a dry run leaves
the book as it was. Each test runs on SQLite and on PostgreSQL."""
from __future__ import annotations

import datetime as dt
import gc

import openpyxl
import pytest
from conftest import at_desk
from sqlalchemy import func, select

from ledger.books import create_book, load_book
from ledger.core.errors import InputFileError
from ledger.core.money import Money
from ledger.core.notices import code_of
from ledger.db.engine import run_write
from ledger.db.models import (
    Account,
    Candidate,
    Entry,
    ImportBatch,
    ReferenceId,
    SourceRow,
)
from ledger.fund import Desk, ReceiptInput
from ledger.importers.lists import (
    ListEntry,
    ReferenceRow,
    list_entries,
    read_reference_list,
    remove_from_list,
    store_reference_list,
)
from ledger.importers.service import import_books
from ledger.journal.engine import OpenBook
from ledger.journal.verify import verify_book
from ledger.reports.findings import findings
from ledger.rules.donors import DonorFacts
from ledger.rules.profiles import BUILT_IN
from ledger.rules.receipts import FundSource

IVANOV = "870412300005"      # valid IINs and BINs (check digits computed)
PETROVA = "880115400003"
SIDOROV = "900520500008"
ALFA_BIN = "070140400000"    # a 2007 BIN: typed as a number it loses its leading zero
FOREIGN_BIN = "070550000004"  # digit 5 is 5: a non-resident legal entity
TITLE = ["Сведения о добровольных пожертвованиях в избирательный фонд партии «Пример»"]
HEADER = ["№ п/п", "Дата поступления", "Ф.И.О. / Наименование жертвователя", "ИИН/БИН",
          "Сумма, тенге", "Номер платёжного поручения", "Сумма прописью"]


@pytest.fixture
def book(engine):
    return run_write(engine, lambda conn: create_book(conn, "Партия «Пример»", "Мажилис 2007",
                                                      BUILT_IN["kz-2007"], code="primer"))


def xlsx(path, rows, title=True, sheet="Взносы"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    if title:
        ws.append(TITLE)
        ws.merge_cells("A1:G1")
        ws.append([])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def contributions(path, rows, **kw):
    return xlsx(path, [HEADER, *rows], **kw)


def count(engine, model, **where):
    with engine.connect() as conn:
        q = select(func.count()).select_from(model)
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return conn.execute(q).scalar_one()


def balances(engine):
    with engine.connect() as conn:
        return dict(conn.execute(select(Account.role, Account.balance_tiyn)).all())


def source_rows(engine):
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(
            select(SourceRow.row_number, SourceRow.outcome, SourceRow.reason, SourceRow.entry_seq)
            .order_by(SourceRow.id))]


def assert_adds_up(tally):
    assert tally.received == tally.accepted + tally.refunds_due + tally.budget_due + tally.due_to_party


def test_worked_example_each_row_gets_one_outcome(engine, book, tmp_path):
    path = contributions(tmp_path / "взносы.xlsx", [
        [1, dt.date(2007, 8, 1), "Иванов Иван Иванович", IVANOV, 1250000, "101", "один миллион ..."],
        [2, "02.08.2007", "ТОО «Альфа»", int(ALFA_BIN), "2 500 000,00", "102", None],
        [3, "03.08.2007", None, None, "5 000", None, None],                       # anonymous
        [4, "03.08.2007", "Foreign Trading GmbH", FOREIGN_BIN, 300000, "104", None],
        [5, "04.08.2007", "Петрова А.", PETROVA, "-5 000", "105", None],           # negative
        [6, "31.02.2007", "Сидоров", SIDOROV, 1000, "106", None],                 # no such day
        [],
        [None, None, "Итого", None, "=SUM(E4:E9)", None, None],
    ])
    report = import_books(engine, book="primer", kind="contributions", paths=[path])

    assert dict(report.total.outcomes) == {"posted": 2, "held": 2, "rejected": 2}
    assert report.total.received == Money.tenge(4_055_000)
    assert report.total.accepted == Money.tenge(3_750_000)
    assert report.total.budget_due == Money.tenge(5_000)
    assert report.total.refunds_due == Money.tenge(300_000)
    assert report.total.due_to_party == Money(0)
    assert_adds_up(report.total)
    assert report.findings == {"BAN_ANONYMOUS": [1, Money.tenge(5_000)], "BAN_FOREIGN": [1, Money.tenge(300_000)]}
    assert [(r.row, r.reason) for r in report.rejected] == [
        (8, "amount '-5 000' is negative: enter what moved as a positive number (money paid back is booked "
            "with `fundledger refund` or `fundledger supplier-refund`, a mistake undone with `fundledger reverse`)"),
        (9, "date '31.02.2007' is not a real day: correct it (dd.mm.yyyy)"),
    ]
    assert [r.code for r in report.rejected] == ["AMOUNT_NEGATIVE", "DATE_NOT_A_DAY"]
    # Row numbers are the spreadsheet's; the blank row and the totals row are not data rows.
    assert source_rows(engine) == [
        (4, "posted", "", 1),
        (5, "posted", "", 2),
        (6, "held", "BAN_ANONYMOUS: no name and no valid IIN/BIN: the donor cannot be identified", 3),
        (7, "held", "BAN_FOREIGN: BIN 070550000004: digit 5 is 5, a non-resident legal entity", 4),
        (8, "rejected", report.rejected[0].reason, None),
        (9, "rejected", report.rejected[1].reason, None),
    ]
    assert balances(engine)["voluntary_organisations"] == -250_000_000   # the BIN got its zero back
    with engine.connect() as conn:
        raw = conn.execute(select(SourceRow.raw).where(SourceRow.row_number == 5)).scalar_one()
        batch = conn.execute(select(ImportBatch.file_name, ImportBatch.kind, ImportBatch.file_sha256)).one()
        entry = conn.execute(select(Entry.source_file, Entry.source_sheet, Entry.source_row)
                             .where(Entry.seq == 1)).one()
    assert raw == [2, "02.08.2007", "ТОО «Альфа»", 70140400000, "2 500 000,00", "102"]
    assert batch == ("взносы.xlsx", "contributions", report.files[0].sha256)
    assert tuple(entry) == ("взносы.xlsx", "Взносы", 4)


def test_a_receipt_over_the_cap_is_split(engine, book, tmp_path):
    path = contributions(tmp_path / "big.xlsx", [
        [1, "01.08.2007", "Иванов", IVANOV, 97_000_000, "1", None],
        [2, "02.08.2007", "Петрова", PETROVA, 1_000_000, "2", None],
    ])
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 1, "split": 1}
    assert report.total.accepted == Money.tenge(97_520_000)       # the 2007 cap, exactly
    assert report.total.refunds_due == Money.tenge(480_000)
    assert_adds_up(report.total)
    assert report.findings["CAP_VOLUNTARY"] == [1, Money.tenge(480_000)]
    assert report.as_json()["totals"]["accepted"] == "97520000.00"
    assert source_rows(engine)[1][:2] == (5, "split")


def test_rows_are_posted_in_date_order_across_files(engine, book, tmp_path):
    late = contributions(tmp_path / "a.xlsx", [[1, "10.08.2007", "Иванов", IVANOV, 97_000_000, "1", None]])
    early = contributions(tmp_path / "b.xlsx", [[1, "01.08.2007", "Петрова", PETROVA, 1_000_000, "2", None]])
    report = import_books(engine, book="primer", kind="contributions", paths=[late, early])
    # The earlier receipt went in first, so the later one crossed the cap.
    assert [f.tally.outcomes["split"] for f in report.files] == [1, 0]
    assert report.files[0].tally.accepted == Money.tenge(96_520_000)


def test_reimport_posts_nothing_twice_and_an_overlapping_file_adds_only_new_rows(engine, book, tmp_path):
    week1 = [
        [1, "01.08.2007", "Иванов", IVANOV, 5000, None, None],
        [2, "01.08.2007", "Иванов", IVANOV, 5000, None, None],   # the same again: a second gift
        [3, "02.08.2007", "Петрова", PETROVA, 7000, "17", None],
    ]
    first = import_books(engine, book="primer", kind="contributions",
                         paths=[contributions(tmp_path / "week1.xlsx", week1)])
    assert dict(first.total.outcomes) == {"posted": 3}

    again = import_books(engine, book="primer", kind="contributions", paths=[tmp_path / "week1.xlsx"])
    assert dict(again.total.outcomes) == {"duplicate": 3}
    assert again.total.received == Money(0)
    assert [r[1:] for r in source_rows(engine)[3:]] == [
        ("duplicate", "already in the book as entry 1", 1),
        ("duplicate", "already in the book as entry 2", 2),
        ("duplicate", "already in the book as entry 3", 3),
    ]
    assert [(r.file, r.row, r.reason) for r in again.duplicates] == [
        ("week1.xlsx", 4, "already in the book as entry 1"), ("week1.xlsx", 5, "already in the book as entry 2"),
        ("week1.xlsx", 6, "already in the book as entry 3")]
    assert [code_of(r.reason) for r in again.duplicates] == ["DUPLICATE", "DUPLICATE", "DUPLICATE"]
    assert "Duplicate rows, not booked again (3):\n  week1.xlsx, sheet 'Взносы', row 4: already in the book as entry 1" \
        in again.as_text()

    weeks12 = contributions(tmp_path / "weeks1-2.xlsx", week1 + [
        [4, "08.08.2007", "Сидоров", SIDOROV, 9000, None, None],
        [5, "01.08.2007", "Иванов", IVANOV, 5000, None, None],   # a third gift of the same
    ])
    overlap = import_books(engine, book="primer", kind="contributions", paths=[weeks12])
    assert dict(overlap.total.outcomes) == {"duplicate": 3, "posted": 2}
    assert overlap.total.received == Money.tenge(14_000)
    assert count(engine, Entry) == 5
    assert count(engine, ImportBatch) == 3


def test_same_key_different_details_is_rejected_as_a_conflict(engine, book, tmp_path):
    import_books(engine, book="primer", kind="contributions", paths=[
        contributions(tmp_path / "a.xlsx", [[1, "01.08.2007", "Иванов", IVANOV, 5000, "7", None]])])
    changed = xlsx(tmp_path / "b.xlsx", [HEADER + ["Назначение платежа"],
                                         [1, "01.08.2007", "Иванов", IVANOV, 5000, "7", None, "взнос"]])
    report = import_books(engine, book="primer", kind="contributions", paths=[changed])
    assert [r.reason for r in report.rejected] == [
        "conflicts with entry 1: same payer, document, date and amount but different details; "
        "correct the row, or reverse entry 1 and book it again"]
    assert [r.code for r in report.rejected] == ["CONFLICT_DETAILS"]


def test_a_reversed_row_is_not_booked_again_by_importing_the_same_file(engine, book, tmp_path):
    path = contributions(tmp_path / "a.xlsx", [[1, "01.08.2007", "Иванов", IVANOV, 5000, "7", None]])
    import_books(engine, book="primer", kind="contributions", paths=[path])
    run_write(engine, lambda conn: Desk(conn, book).reverse(1, dt.date(2007, 8, 2)))
    again = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert [r.reason for r in again.duplicates] == [
        "already in the book as entry 1, reversed by entry 2: an unchanged row is not booked again (book it "
        "again with `fundledger receive` if the reversal was the mistake)"]
    assert [code_of(r.reason) for r in again.duplicates] == ["DUPLICATE_OF_REVERSED"]
    corrected = xlsx(tmp_path / "b.xlsx", [HEADER + ["Назначение платежа"],
                                           [1, "01.08.2007", "Иванов", IVANOV, 5000, "7", None, "взнос"]])
    assert dict(import_books(engine, book="primer", kind="contributions", paths=[corrected]).total.outcomes) == {
        "posted": 1}
    assert count(engine, Entry) == 3


def test_a_failure_mid_import_leaves_the_book_unchanged(engine, book, tmp_path, monkeypatch):
    import_books(engine, book="primer", kind="contributions", paths=[
        contributions(tmp_path / "first.xlsx", [[1, "01.07.2007", "Петрова", PETROVA, 1000, "0", None]])])
    before = (count(engine, Entry), count(engine, SourceRow), count(engine, ImportBatch), balances(engine))
    rows = [[i, "01.08.2007", "Иванов", IVANOV, 1000 + i, str(i), None] for i in range(1, 101)]
    path = contributions(tmp_path / "hundred.xlsx", rows)
    real_append = OpenBook.append
    calls = []

    def failing_append(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 50:
            raise RuntimeError("disk full")
        return real_append(self, *args, **kwargs)

    monkeypatch.setattr(OpenBook, "append", failing_append)
    with pytest.raises(RuntimeError, match="disk full"):
        import_books(engine, book="primer", kind="contributions", paths=[path])
    assert len(calls) == 50
    assert (count(engine, Entry), count(engine, SourceRow), count(engine, ImportBatch), balances(engine)) == before
    assert gc.isenabled()   # the import turns the cycle collector off for its length only


def test_the_cycle_collector_is_off_during_an_import_and_back_after(engine, book, tmp_path, monkeypatch):
    seen = []
    real_append = OpenBook.append
    monkeypatch.setattr(OpenBook, "append", lambda self, *args, **kwargs: (
        seen.append(gc.isenabled()), real_append(self, *args, **kwargs))[1])
    path = contributions(tmp_path / "a.xlsx", [[1, "01.08.2007", "Иванов", IVANOV, 1000, "1", None]])
    import_books(engine, book="primer", kind="contributions", paths=[path])
    assert seen == [False]
    assert gc.isenabled()


def test_dry_run_reports_everything_and_writes_nothing(engine, book, tmp_path):
    path = contributions(tmp_path / "a.xlsx", [
        [1, "01.08.2007", "Иванов", IVANOV, 97_000_000, "1", None],
        [2, "02.08.2007", "Петрова", PETROVA, 1_000_000, "2", None],
        [3, "02.08.2007", None, None, 10, None, None],
    ])
    dry = import_books(engine, book="primer", kind="contributions", paths=[path], dry_run=True)
    assert dry.dry_run is True
    assert dict(dry.total.outcomes) == {"posted": 1, "split": 1, "held": 1}
    assert (count(engine, Entry), count(engine, SourceRow), count(engine, ImportBatch)) == (0, 0, 0)
    assert set(balances(engine).values()) == {0}
    real = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert real.as_json()["totals"] == dry.as_json()["totals"]
    assert "(dry run: nothing was written)" in dry.as_text().splitlines()[0]


def test_own_funds_without_a_payer_are_the_partys_money(engine, book, tmp_path):
    path = xlsx(tmp_path / "own.xlsx", [["Дата", "Сумма, тенге", "Назначение"],
                                        ["01.08.2007", 48_000_000, "перечисление собственных средств"],
                                        ["02.08.2007", 1_000_000, "перечисление"]], title=False)
    report = import_books(engine, book="primer", kind="own-funds", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 1, "split": 1}
    assert report.total.accepted == Money.tenge(48_760_000)
    assert report.total.due_to_party == Money.tenge(240_000)
    assert_adds_up(report.total)
    assert report.findings == {"CAP_OWN": [1, Money.tenge(240_000)]}   # the party is neither a person nor a firm


def test_own_funds_from_another_organisation_are_booked_and_questioned(engine, book, tmp_path):
    path = xlsx(tmp_path / "own.xlsx", [["Дата", "Плательщик", "БИН", "Сумма, тенге"],
                                        ["01.08.2007", "ТОО «Альфа Строй»", None, 3_000_000],
                                        ["02.08.2007", "Филиал партии «Пример» по г. Алматы", None, 1_000_000]],
                title=False)
    report = import_books(engine, book="primer", kind="own-funds", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 2}
    assert report.findings == {"OWN_FUNDS_SOURCE": [1, Money.tenge(3_000_000)]}
    with engine.connect() as conn:
        (finding,) = findings(conn, load_book(conn, "primer"))
    assert (finding.rule, finding.status, finding.row, finding.evidence) == (
        "OWN_FUNDS_SOURCE", "open", 2,
        "own funds from an organisation other than the party (ТОО «Альфа Строй»): own funds come from the party "
        "itself and its branches; if this is the organisation's gift, reverse it and book it as a voluntary "
        "contribution")


def test_spending_categories_become_accounts(engine, book, tmp_path):
    import_books(engine, book="primer", kind="contributions", paths=[
        contributions(tmp_path / "in.xlsx", [[1, "01.08.2007", "Иванов", IVANOV, 10_000_000, "1", None]])])
    path = xlsx(tmp_path / "spending.xlsx", [
        ["Дата оплаты", "Получатель", "Статья расходов", "Кандидат", "Сумма, тенге", "Назначение платежа",
         "№ платёжного поручения"],
        ["05.08.2007", "ТОО «Телеканал»", "Реклама на ТВ", "Иванов И.И.", 3_000_000, "эфир", "201"],
        ["06.08.2007", "ИП Печать", "Листовки", None, "500 000,00", "тираж", "202"],
        ["07.08.2007", "Банк", None, None, 1500, "комиссия банка", "203"],
    ], title=False)
    report = import_books(engine, book="primer", kind="spending", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 3}
    assert report.total.spent == Money.tenge(3_501_500)
    assert report.as_json()["totals"] == {"rows": 3, "counts": {"posted": 3, "split": 0, "held": 0,
                                                                "rejected": 0, "duplicate": 0},
                                          "spent": "3501500.00"}
    b = balances(engine)
    assert (b["media_tv"], b["printed"], b["other_spending"]) == (300_000_000, 50_000_000, 150_000)
    assert [r[2] for r in source_rows(engine)[1:]] == [
        "category 'Реклама на ТВ' matched 'тв'",
        "category 'Листовки' matched 'листов'",
        "category 'комиссия банка': no known word, booked as other spending",
    ]
    assert count(engine, Candidate, name="Иванов И.И.") == 1


def test_cp1251_csv_with_semicolons(engine, book, tmp_path):
    path = tmp_path / "взносы.csv"
    path.write_bytes(("Дата;ФИО;ИИН;Сумма, тг\r\n01.08.2007;Иванов;" + IVANOV + ";1 250 000,00\r\n"
                      "02.08.2007;Петрова;" + PETROVA + ";\"2 000,50\"\r\nИтого;;;1 252 000,50\r\n").encode("cp1251"))
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 2}
    assert report.total.accepted == Money(125_200_050)
    assert report.files[0].sheets == ["взносы"]


def test_sheets_first_with_a_book_by_default_one_by_name_or_all(engine, book, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Обложка"
    wb.active.append(["Отчёт партии"])
    for name, amount in (("Август", 1000), ("Сентябрь", 2000)):
        ws = wb.create_sheet(name)
        ws.append(["Дата", "ФИО", "ИИН", "Сумма"])
        ws.append(["01.08.2007", "Иванов", IVANOV, amount])
    wb.save(path := tmp_path / "months.xlsx")

    first = import_books(engine, book="primer", kind="contributions", paths=[path], dry_run=True)
    assert first.files[0].sheets == ["Август"]
    assert first.warnings == ["months.xlsx, sheet 'Сентябрь' also looks like a book and was not "
                              "imported; use --all-sheets or --sheet to import it"]
    assert [code_of(w) for w in first.warnings] == ["ANOTHER_BOOK_NOT_IMPORTED"]
    one = import_books(engine, book="primer", kind="contributions", paths=[path], sheet="Сентябрь", dry_run=True)
    assert one.total.received == Money.tenge(2000)
    both = import_books(engine, book="primer", kind="contributions", paths=[path], all_sheets=True)
    assert both.total.received == Money.tenge(3000)
    assert both.files[0].sheets == ["Август", "Сентябрь"]
    with pytest.raises(InputFileError) as err:
        import_books(engine, book="primer", kind="contributions", paths=[path], sheet="Октябрь")
    assert err.value.code == "SHEET_MISSING"
    assert str(err.value) == "months.xlsx: no sheet 'Октябрь'; its sheets are 'Обложка', 'Август', 'Сентябрь'"


def test_map_names_a_column_the_detection_does_not_know(engine, book, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", [["Дата", "ФИО", "Деньги"], ["01.08.2007", "Иванов", 5000]], title=False)
    with pytest.raises(InputFileError) as err:
        import_books(engine, book="primer", kind="contributions", paths=[path])
    assert err.value.code == "COLUMN_MISSING"
    assert str(err.value) == ("a.xlsx, sheet 'Взносы', row 1: no amount column among the headers 'Дата', "
                              "'ФИО', 'Деньги'; name it with --map FIELD=HEADER, e.g. --map amount='Деньги'")
    report = import_books(engine, book="primer", kind="contributions", paths=[path], mapping={"amount": "Деньги"})
    assert report.total.received == Money.tenge(5000)


def test_progress_is_reported_every_thousand_rows(engine, book, tmp_path):
    rows = [[i, "01.08.2007", f"Донор {i}", None, 100, str(i), None] for i in range(1, 2501)]
    path = contributions(tmp_path / "many.xlsx", rows)
    calls = []
    report = import_books(engine, book="primer", kind="contributions", paths=[path], dry_run=True,
                          progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1000, 2500), (2000, 2500), (2500, 2500)]
    assert report.total.rows == 2500
    assert report.rows_per_second > 0


def test_report_as_text(engine, book, tmp_path):
    path = contributions(tmp_path / "a.xlsx", [[1, "01.08.2007", "Иванов", IVANOV, 5000, "1", None],
                                               [2, "01.08.2007", "Иванов", IVANOV, "пять", "2", None]])
    lines = import_books(engine, book="primer", kind="contributions", paths=[path]).as_text().splitlines()
    assert lines[:7] == [
        "Imported voluntary contributions into book primer",
        "  a.xlsx (Взносы): 2 rows: 1 posted, 0 split, 0 held, 1 rejected, 0 duplicate",
        "Total: 2 rows: 1 posted, 0 split, 0 held, 1 rejected, 0 duplicate",
        "Received 5,000.00\u00a0KZT: into the fund 5,000.00\u00a0KZT, refunds due 0.00\u00a0KZT, "
        "due to the budget 0.00\u00a0KZT, due to the party 0.00\u00a0KZT",
        "Rejected rows (1):",
        "  a.xlsx, sheet 'Взносы', row 5: amount 'пять' is not an amount: enter a number like 1 250 000,00",
        lines[6],
    ]
    assert lines[6].startswith("2 rows in ")


# --- reference lists -------------------------------------------------------------------------

def test_reference_lists_found_by_their_header_and_stored_once(engine, book, tmp_path):
    path = xlsx(tmp_path / "state.xlsx", [["Перечень государственных организаций"], [],
                                          ["№", "Наименование", "БИН"],
                                          [1, "РГП «Казгидромет»", int(ALFA_BIN)],
                                          [2, "ГУ «Аппарат акима»", "080340400004"]], title=False)
    rows = read_reference_list(path, "state")
    assert rows == [ReferenceRow(ALFA_BIN, "РГП «Казгидромет»"), ReferenceRow("080340400004", "ГУ «Аппарат акима»")]
    assert run_write(engine, lambda conn: store_reference_list(conn, book, "state", rows, "state.xlsx")) == 2
    assert run_write(engine, lambda conn: store_reference_list(conn, book, "state", rows, "state.xlsx")) == 0
    assert count(engine, ReferenceId, list_kind="state") == 2


def test_candidates_with_positions(engine, book, tmp_path):
    path = xlsx(tmp_path / "candidates.xlsx", [["№ п/п", "Ф.И.О. кандидата", "ИИН"],
                                               [1, "Иванов Иван", IVANOV], [2, "Петрова Анна", None]], title=False)
    rows = read_reference_list(path, "candidates")
    assert rows == [ReferenceRow(IVANOV, "Иванов Иван", 1), ReferenceRow(None, "Петрова Анна", 2)]
    assert run_write(engine, lambda conn: store_reference_list(conn, book, "candidates", rows, "c.xlsx")) == 2
    assert run_write(engine, lambda conn: store_reference_list(conn, book, "candidates", rows, "c.xlsx")) == 0


def test_a_candidates_list_with_the_name_in_three_columns(tmp_path):
    path = xlsx(tmp_path / "список.xlsx", [["№", "Фамилия", "Имя", "Отчество", "ИИН"],
                                           [1, "Иванов", "Иван", "Иванович", IVANOV],
                                           [2, "Петрова", "Анна", None, None]], title=False)
    assert read_reference_list(path, "candidates") == [ReferenceRow(IVANOV, "Иванов Иван Иванович", 1),
                                                      ReferenceRow(None, "Петрова Анна", 2)]


def test_a_list_loaded_by_mistake_is_shown_and_taken_back(engine, book, tmp_path):
    state = [ReferenceRow(ALFA_BIN, "ТОО «Альфа»"), ReferenceRow("080340400004", "ГУ «Аппарат акима»")]
    run_write(engine, lambda conn: store_reference_list(conn, book, "state", state, "suppliers.xlsx"))
    run_write(engine, lambda conn: store_reference_list(conn, book, "state", [ReferenceRow(FOREIGN_BIN, "X")], "x.csv"))
    with engine.connect() as conn:
        assert list_entries(conn, book, "state") == [
            ListEntry(ALFA_BIN, "ТОО «Альфа»", "suppliers.xlsx"), ListEntry(FOREIGN_BIN, "X", "x.csv"),
            ListEntry("080340400004", "ГУ «Аппарат акима»", "suppliers.xlsx")]
    assert run_write(engine, lambda conn: remove_from_list(conn, book, "state", [FOREIGN_BIN])) == 1
    assert run_write(engine, lambda conn: remove_from_list(conn, book, "state", [], "suppliers.xlsx")) == 2
    assert count(engine, ReferenceId) == 0

    candidates = [ReferenceRow(IVANOV, "Иванов Иван", 1), ReferenceRow(None, "Петрова Анна", 2)]
    run_write(engine, lambda conn: store_reference_list(conn, book, "candidates", candidates, "c.xlsx"))
    assert run_write(engine, lambda conn: remove_from_list(conn, book, "candidates", ["петрова  анна"])) == 1
    with engine.connect() as conn:
        assert [(e.name, e.source) for e in list_entries(conn, book, "candidates")] == [
            ("Иванов Иван", "the party's list"), ("Петрова Анна", "named by spending, not on the list")]
    gift = run_write(engine, lambda conn: Desk(conn, book).receive(ReceiptInput(
        FundSource.VOLUNTARY, Money.tenge(1000), dt.date(2007, 8, 1), DonorFacts("Петрова Анна"))))
    assert gift.findings == ()   # off the list: her gift is no candidate's own money


def test_a_reference_list_with_a_bad_check_digit_names_the_row(tmp_path):
    path = tmp_path / "grantees.csv"
    path.write_text(f"БИН;Наименование\n{ALFA_BIN};ОФ «Грант»\n070140400001;ОФ «Другой»\n", encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        read_reference_list(path, "foreign-grantees")
    assert err.value.code == "LIST_ID_INVALID"
    assert str(err.value) == ("grantees.csv, row 3: IIN/BIN 070140400001 fails its check digit: "
                              "correct the number or remove the row")
    from ledger.i18n import speaking
    with speaking("ru"), pytest.raises(InputFileError) as err:
        read_reference_list(path, "foreign-grantees")
    assert (err.value.code, str(err.value)) == ("LIST_ID_INVALID", (
        "grantees.csv, строка 3: ИИН/БИН 070140400001: не сходится контрольная цифра; исправьте номер или удалите "
        "строку"))


def test_a_payer_named_total_is_a_payment_and_a_dated_subtotal_is_not(engine, book, tmp_path):
    path = tmp_path / "bank.csv"
    path.write_text("Дата;ФИО / Наименование;ИИН/БИН;Сумма, тенге;Номер документа\n"
                    "32.06.2007;TOTAL E&P Kazakhstan;050140000011;2000000;п/п 5\n"
                    "01.06.2007;Иванов Иван;;5000;п/п 6\n"
                    "02.06.2007;Итого за день;;7000;\n", encoding="utf-8")
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert report.as_json()["totals"]["counts"] == {"posted": 1, "split": 0, "held": 0, "rejected": 1, "duplicate": 0}
    assert [(r.row, r.reason) for r in report.rejected] == [
        (2, "date '32.06.2007' is not a real day: correct it (dd.mm.yyyy)")]
    assert [r.code for r in report.rejected] == ["DATE_NOT_A_DAY"]
    assert report.warnings == ["bank.csv, row 4: read as a totals row and not booked (02.06.2007 | Итого за день | "
                               "7000); if it is a payment, give it the payer's IIN/BIN"]
    assert [code_of(w) for w in report.warnings] == ["TOTALS_ROW_NOT_BOOKED"]
    assert count(engine, SourceRow) == 2


def test_what_stands_under_the_table_is_not_a_payment(engine, book, tmp_path):
    path = contributions(tmp_path / "реестр.xlsx", [
        [None, "Август 2007", None, None, None, None, None],                          # a month heading
        [1, "01.08.2007", "Иванов Иван", IVANOV, 100000, "1", None],
        [None, None, "Иванов Иван", None, 5000, None, None],                          # a payment that lost its date
        [2, "02.08.2007", "Петрова А.", PETROVA, 250000, "2", None],
        [None, None, None, None, 350000, None, None],                                 # a bare total
        [None, "в том числе:", "от физических лиц", None, 350000, None, None],       # its breakdown
        [None, None, "от юридических лиц", None, 0, None, None],
        [None, "Сумма прописью: триста пятьдесят тысяч тенге", None, None, None, None, None],
        [None, "Казначей ____________ Омаров Е.", None, None, None, None, None],
    ])
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert report.as_json()["totals"]["counts"] == {"posted": 2, "split": 0, "held": 0, "rejected": 1, "duplicate": 0}
    assert [(r.row, r.reason) for r in report.rejected] == [(6, "date is empty: enter the date as dd.mm.yyyy")]
    assert [r.code for r in report.rejected] == ["DATE_EMPTY"]
    assert report.warnings == [
        "реестр.xlsx, sheet 'Взносы': 3 row(s) with no amount, date or IIN/BIN read as notes, not payments: "
        "row 4 'Август 2007', row 11 'Сумма прописью: триста пятьдесят тысяч тенге', "
        "row 12 'Казначей ____________ Омаров Е.'"]
    assert [code_of(w) for w in report.warnings] == ["ROWS_READ_AS_NOTES"]
    assert count(engine, SourceRow) == 3


def test_two_candidate_columns_are_a_warning_in_the_report(engine, book, tmp_path):
    path = xlsx(tmp_path / "двойной.xlsx", [
        ["Дата", "Дата поступления", "ФИО", "ИИН", "Сумма, тенге"],
        ["30.07.2007", "01.08.2007", "Иванов Иван", IVANOV, 100000],
        ["30.07.2007", "02.08.2007", "Петрова А.", PETROVA, 250000],
        ["31.07.2007", "03.08.2007", "Сидоров С.", SIDOROV, 50000],
    ], title=False)
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert report.warnings == [
        "двойной.xlsx, sheet 'Взносы': columns 'Дата поступления' and 'Дата' both look like the date; "
        "'Дата поступления' was used; to take the other, --map date='Дата'"]
    assert [code_of(w) for w in report.warnings] == ["TWO_COLUMNS_FOR_ONE_FIELD"]
    with engine.connect() as conn:
        assert conn.execute(select(Entry.entry_date).order_by(Entry.seq)).scalars().all() == [
            dt.date(2007, 8, 1), dt.date(2007, 8, 2), dt.date(2007, 8, 3)]


def test_an_amount_in_another_currency_is_not_booked_as_tenge(engine, book, tmp_path):
    path = xlsx(tmp_path / "валюта.xlsx", [
        ["Дата", "ФИО", "ИИН", "Сумма", "Валюта"],
        ["01.08.2007", "Иванов Иван", IVANOV, 100000, "KZT"],
        ["02.08.2007", "Петрова А.", PETROVA, 1000, "USD"],
        ["03.08.2007", "Сидоров С.", SIDOROV, 5000, None],
    ], title=False)
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert report.as_json()["totals"]["counts"] == {"posted": 2, "split": 0, "held": 0, "rejected": 1, "duplicate": 0}
    assert [(r.row, r.reason) for r in report.rejected] == [
        (3, "amount in 'USD', not in tenge: enter the tenge the bank credited to the fund's account")]
    assert [r.code for r in report.rejected] == ["AMOUNT_OTHER_CURRENCY"]


def test_merged_cells_in_data_rows_mean_every_row_they_span_and_hidden_sheets_stay_out(engine, book, tmp_path):
    wb = openpyxl.Workbook()
    old = wb.active
    old.title = "Черновик"
    old.sheet_state = "hidden"
    old.append(["Дата", "ФИО", "ИИН", "Сумма"])
    old.append(["01.09.2007", "Ахметов", None, 999999])
    ws = wb.create_sheet("Реестр")
    ws.append(["Дата", "ФИО", "ИИН", "Сумма"])
    ws.append(["01.08.2007", "Иванов Иван", IVANOV, 1000])
    ws.append(["02.08.2007", None, None, 2000])          # Иванов again: his cells are merged over both rows
    ws.append(["03.08.2007", "Петрова А.", PETROVA, 3000])
    ws.append([None, "Сидоров С.", SIDOROV, 4000])       # the date is merged down from the row above
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:C3")
    ws.merge_cells("A4:A5")
    wb.save(tmp_path / "merged.xlsx")
    report = import_books(engine, book="primer", kind="contributions", paths=[tmp_path / "merged.xlsx"])
    assert report.as_json()["totals"]["counts"] == {"posted": 4, "split": 0, "held": 0, "rejected": 0, "duplicate": 0}
    assert report.warnings == ["merged.xlsx, sheet 'Черновик' is hidden and was not imported; to import it, "
                               "--sheet 'Черновик'"]
    assert [code_of(w) for w in report.warnings] == ["HIDDEN_SHEET"]
    with engine.connect() as conn:
        assert conn.execute(select(Entry.memo, Entry.entry_date).order_by(Entry.seq)).all() == [
            ("Contribution from Иванов Иван", dt.date(2007, 8, 1)), ("Contribution from Иванов Иван", dt.date(2007, 8, 2)),
            ("Contribution from Петрова А.", dt.date(2007, 8, 3)), ("Contribution from Сидоров С.", dt.date(2007, 8, 3))]


def test_a_bank_statement_books_its_credits_and_says_why_its_debits_are_not_receipts(engine, book, tmp_path):
    path = xlsx(tmp_path / "выписка.xlsx", [
        ["Выписка по счёту KZ12345678901234567890 за август 2007"],
        ["Дата операции", "Корреспондент", "ИИН/БИН корреспондента", "Сумма по дебету", "Сумма по кредиту",
         "Назначение платежа"],
        ["01.08.2007", "Иванов Иван", IVANOV, None, 100000, "Добровольное пожертвование"],
        ["02.08.2007", "ТОО «Медиа Принт»", ALFA_BIN, 480000, None, "Оплата за листовки"],
        ["03.08.2007", "Петрова А.", PETROVA, None, 250000, "Добровольное пожертвование"],
    ], title=False)
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert report.total.received == Money.tenge(350_000)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (4, "the money went the other way on this row (480000 in 'Сумма по дебету'); a payment out is imported "
            "with `fundledger import spending`")]
    assert [r.code for r in report.rejected] == ["MONEY_THE_OTHER_WAY"]


def test_a_spending_statement_says_where_money_in_belongs(engine, book, tmp_path):
    import_books(engine, book="primer", kind="contributions", paths=[
        contributions(tmp_path / "in.xlsx", [[1, "01.08.2007", "Иванов", IVANOV, 1_000_000, "1", None]])])
    path = xlsx(tmp_path / "выписка.xlsx", [
        ["Дата операции", "Корреспондент", "Сумма по дебету", "Сумма по кредиту", "Назначение платежа"],
        ["02.08.2007", "ТОО «Медиа Принт»", 480000, None, "Оплата за листовки"],
        ["09.08.2007", "ТОО «Медиа Принт»", None, 80000, "Возврат неиспользованного аванса"],
    ], title=False)
    report = import_books(engine, book="primer", kind="spending", paths=[path])
    assert [(r.row, r.reason) for r in report.rejected] == [
        (3, "the money went the other way on this row (80000 in 'Сумма по кредиту'); money in is imported with "
            "`fundledger import contributions`, or, when a supplier paid it back, booked with "
            "`fundledger supplier-refund ENTRY`")]
    assert [r.code for r in report.rejected] == ["MONEY_THE_OTHER_WAY"]


def test_a_row_dated_after_today_is_booked_with_a_warning(engine, book, tmp_path):
    path = contributions(tmp_path / "год.xlsx", [[1, "01.08.2097", "Иванов Иван", IVANOV, 1000, "1", None]])
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 1}
    assert report.warnings == ["год.xlsx, sheet 'Взносы': 1 row(s) dated after today, which no payment made can be "
                               "(a mistyped year?): row 4 (01.08.2097)"]
    assert [code_of(w) for w in report.warnings] == ["DATES_AFTER_TODAY"]


def test_american_dates_are_read_month_first_when_the_column_says_so(engine, book, tmp_path):
    rows_ = [["Date received", "Contributor", "IIN", "Amount, KZT"]]
    rows_ += [[f"08/{d:02d}/2007", f"Donor {d}", None, 1000] for d in (1, 2, 15, 20)]
    report = import_books(engine, book="primer", kind="contributions",
                          paths=[xlsx(tmp_path / "us.xlsx", rows_, title=False)])
    assert report.warnings == ["us.xlsx, sheet 'Взносы': the dates are written month first (as 08/15/2007) and are read so"]
    assert [code_of(w) for w in report.warnings] == ["DATES_MONTH_FIRST"]
    with engine.connect() as conn:
        assert conn.execute(select(Entry.entry_date).order_by(Entry.seq)).scalars().all() == [
            dt.date(2007, 8, d) for d in (1, 2, 15, 20)]


def test_one_payment_document_with_two_amounts_is_booked_once_and_questioned(engine, book, tmp_path):
    path = contributions(tmp_path / "in.xlsx", [
        [1, "01.08.2007", "Иванов И.И.", IVANOV, 50_000, "15", None],
        [2, "03.08.2007", "Иванов И.И.", IVANOV, 500_000, "15", None],    # the same order, ten times the money
        [3, "03.08.2007", "Петрова А.А.", PETROVA, 20_000, "15", None],   # another payer's order 15
        [4, "04.08.2007", "Сидоров С.С.", SIDOROV, 20_000, None, None],
        [5, "05.08.2007", "Сидоров С.С.", SIDOROV, 30_000, None, None],   # no document: nothing to compare
    ])
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 4, "rejected": 1}
    (rejected,) = report.rejected
    assert rejected.row == 5
    assert rejected.reason.startswith("conflicts with entry 1: the same payer's payment document 15 is booked there "
                                      "(01.08.2007, 50\u00a0000,00\u00a0₸) and this row says 03.08.2007, "
                                      "500\u00a0000,00\u00a0₸")
    assert rejected.code == "CONFLICT_PAYMENT_DOCUMENT"
    assert [w for w in report.warnings if "payment document" in w] == [
        "2 rows give the same payer and payment document with different dates or amounts: "
        "in.xlsx, sheet 'Взносы', row 4 (01.08.2007, 50,000.00\u00a0KZT), "
        "in.xlsx, sheet 'Взносы', row 5 (03.08.2007, 500,000.00\u00a0KZT); a payment document is one "
        "payment, so check for a mistyped date or amount, or a payment entered twice"]
    assert [code_of(w) for w in report.warnings if "payment document" in w] == ["PAYMENT_DOCUMENT_REUSED"]


def test_a_donor_named_in_three_columns_is_no_anonymous_donor(engine, book, tmp_path):
    path = xlsx(tmp_path / "реестр.xlsx", [
        ["Дата", "Фамилия", "Имя", "Отчество", "Сумма, тенге"],
        ["01.08.2007", "Иванов", "Иван", "Иванович", 5000],
        ["02.08.2007", "Петрова", "Анна", None, 7000],
        ["03.08.2007", None, None, None, 300],
    ], title=False)
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 2, "held": 1}
    assert report.findings == {"BAN_ANONYMOUS": [1, Money.tenge(300)]}
    with engine.connect() as conn:
        assert conn.execute(select(Entry.memo).order_by(Entry.seq)).scalars().all() == [
            "Contribution from Иванов Иван Иванович", "Contribution from Петрова Анна",
            "Contribution from an anonymous donor"]


def test_a_statement_and_a_register_of_the_same_payments_are_booked_once(engine, book, tmp_path):
    statement = xlsx(tmp_path / "выписка.xlsx", [
        ["Дата", "Плательщик", "ИИН", "Сумма по кредиту", "№ док."],
        ["01.08.2007", "Иванов Иван", IVANOV, 100000, "0401"],
        ["02.08.2007", "Петрова Анна", PETROVA, 250000, "403"],
        ["03.08.2007", "Сидоров С.", SIDOROV, 30000, "б/н"],
        ["03.08.2007", "Сидоров С.", SIDOROV, 30000, "б/н"],       # "без номера": two payments, not one
    ], title=False)
    register = contributions(tmp_path / "реестр.xlsx", [
        [1, "01.08.2007", "Иванов Иван", IVANOV, 100000, "№401", None],
        [2, "02.08.2007", "Петрова Анна", PETROVA, 250000, "ПП 403", None],
    ])
    first = import_books(engine, book="primer", kind="contributions", paths=[statement])
    assert dict(first.total.outcomes) == {"posted": 4}
    again = import_books(engine, book="primer", kind="contributions", paths=[register])
    assert dict(again.total.outcomes) == {"rejected": 2}      # the same payments, described otherwise
    assert again.rejected[0].reason.startswith("conflicts with entry 1: same payer, document, date and amount")
    assert again.rejected[0].code == "CONFLICT_DETAILS"
    assert balances(engine)["bank"] == Money.tenge(410_000).tiyn


def test_a_payment_with_and_without_its_document_in_two_files_is_questioned(engine, book, tmp_path):
    statement = xlsx(tmp_path / "выписка.xlsx", [["Дата", "Плательщик", "ИИН", "Сумма по кредиту", "№ док."],
                                                 ["01.08.2007", "Иванов Иван", IVANOV, 100000, "401"]], title=False)
    register = contributions(tmp_path / "реестр.xlsx", [[1, "01.08.2007", "Иванов Иван", IVANOV, 100000, None, None]])
    report = import_books(engine, book="primer", kind="contributions", paths=[statement, register])
    assert dict(report.total.outcomes) == {"posted": 2}
    assert [w for w in report.warnings if "some with a payment document" in w] == [
        "2 rows in different files give the same payer, date and amount, some with a payment document and some "
        "without: выписка.xlsx, sheet 'Взносы', row 2 (01.08.2007, 100,000.00\u00a0KZT), реестр.xlsx, sheet "
        "'Взносы', row 4 (01.08.2007, 100,000.00\u00a0KZT); if they are one payment (a statement and a register "
        "of the same money), it was booked twice: reverse the extra entry with `fundledger reverse`"]
    assert [code_of(w) for w in report.warnings if "some with a payment document" in w] == ["SAME_PAYMENT_IN_TWO_FILES"]


def test_a_book_kept_before_document_numbers_were_compared_imports_again_as_duplicates(engine, book, tmp_path,
                                                                                       monkeypatch):
    path = contributions(tmp_path / "in.xlsx", [[1, "01.08.2007", "Иванов Иван", IVANOV, 100000, "№ 401", None]])
    monkeypatch.setattr("ledger.fund.document_key", lambda text: (text or "").strip())   # the keys as they were
    import_books(engine, book="primer", kind="contributions", paths=[path])
    monkeypatch.undo()
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert dict(report.total.outcomes) == {"duplicate": 1}
    assert report.duplicates[0].reason == "already in the book as entry 1"
    assert code_of(report.duplicates[0].reason) == "DUPLICATE"


def test_a_bank_cell_with_the_name_the_iin_and_the_account_gives_each(engine, book, tmp_path):
    path = xlsx(tmp_path / "үзінді.xlsx", [
        ["Күні", "Құжат №", "Корреспондент (атауы, БСН/ЖСН, ЖСК)", "Дебет", "Кредит", "Төлем мақсаты"],
        ["20.07.2007", "500", f"Садыков Талгат\nЖСН {IVANOV}\nKZ302376830022670507", None, 50000, "Ерікті жарна"],
        ["27.07.2007", "507", f"Ресей азаматы Петров П.\nЖСН {PETROVA}", None, 25000, "Ерікті жарна"],
    ], title=False)
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 1, "held": 1}
    assert report.findings == {"BAN_FOREIGN": [1, Money.tenge(25_000)]}
    with engine.connect() as conn:
        assert conn.execute(select(Entry.memo).order_by(Entry.seq)).scalars().all() == [
            "Contribution from Садыков Талгат", "Contribution from Ресей азаматы Петров П."]


def test_a_spending_book_of_real_shape(engine, book, tmp_path):
    import_books(engine, book="primer", kind="own-funds", paths=[
        xlsx(tmp_path / "own.xlsx", [["Дата", "Сумма, тенге"], ["01.08.2007", 10_000_000]], title=False)])
    path = xlsx(tmp_path / "расходы.xlsx", [
        ["Дата", "Получатель", "Кандидат", "Сумма, тенге", "Назначение платежа"],
        ["02.08.2007", "ТОО «Дала ТВ»", "общепартийные расходы", 2_000_000, "Эфирное время (Хабар)"],
        ["03.08.2007", "ТОО «Дала ТВ»", "-", 200_000, "Возврат неиспользованного аванса"],
        ["Дата", "Получатель", "Кандидат", "Сумма, тенге", "Назначение платежа"],     # after a page break
        ["04.08.2007", "ИП «Принт»", "Петров П.П.", 300_000, "Типографские услуги"],
        [None, "Обороты за период", None, 2_500_000, None],
    ], title=False)
    report = import_books(engine, book="primer", kind="spending", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 2, "rejected": 1}
    assert [(r.row, r.reason) for r in report.rejected] == [
        (3, "the purpose says this is money paid back ('Возврат неиспользованного аванса'), not spending: a supplier "
            "paying the fund back is booked with `fundledger supplier-refund ENTRY`, money paid back to a donor "
            "with `fundledger refund ENTRY`")]
    assert [r.code for r in report.rejected] == ["MONEY_PAID_BACK"]
    assert [w for w in report.warnings if "candidate" in w] == [
        "candidate 'Петров П.П.' is not on the party's list: check the name, or load the list with "
        "`fundledger lists import candidates`"]          # "общепартийные расходы" is no candidate
    assert [code_of(w) for w in report.warnings if "candidate" in w] == ["CANDIDATE_NOT_ON_LIST"]
    roles = balances(engine)
    assert (roles["media_tv"], roles["printed"]) == (Money.tenge(2_000_000).tiyn, Money.tenge(300_000).tiyn)


def test_a_row_rejected_by_each_import_of_a_file_is_listed_once(engine, book, tmp_path):
    from ledger.reports.registers import rejected_rows

    path = contributions(tmp_path / "in.xlsx", [[1, "01.08.2007", "Иванов", IVANOV, "сто", "1", None],
                                                [2, "02.08.2007", "Петрова", PETROVA, 5000, "2", None]])
    for _ in range(2):
        assert dict(import_books(engine, book="primer", kind="contributions", paths=[path]).total.outcomes)["rejected"] == 1
    with engine.connect() as conn:
        assert [(r.file, r.row) for r in rejected_rows(conn, load_book(conn, "primer"))] == [("in.xlsx", 4)]


def _spending_after_own_funds(engine, tmp_path, rows):
    import_books(engine, book="primer", kind="own-funds", paths=[
        xlsx(tmp_path / "own.xlsx", [["Дата", "Сумма, тенге"], ["01.08.2007", 10_000_000]], title=False)])
    return import_books(engine, book="primer", kind="spending", paths=[xlsx(tmp_path / "s.xlsx", rows, title=False)])


@pytest.mark.parametrize("rows, shown", [
    ([["Дата", "Контрагент", "Назначение платежа", "Сумма операции, KZT"],      # money out is negative
      ["03.08.2007", "ТОО «Дала ТВ»", "Эфир на телевидении", -1_000_000],
      ["04.08.2007", "ТОО «Шалкар FM»", "Радиоролики", -300_000],
      ["05.08.2007", "ТОО «Шалкар FM»", "Аванс", 50_000]], "50000 in 'Сумма операции, KZT'"),
    ([["Дата", "Контрагент", "Назначение платежа", "Сумма, тенге", "Д/К"],      # a debit/credit mark
      ["03.08.2007", "ТОО «Дала ТВ»", "Эфир на телевидении", 1_000_000, "Д"],
      ["04.08.2007", "ТОО «Шалкар FM»", "Радиоролики", 300_000, "Дт"],
      ["05.08.2007", "ТОО «Шалкар FM»", "Аванс", 50_000, "К"]], "К in 'Д/К'"),
])
def test_a_statement_with_one_sum_column_says_which_way_by_sign_or_mark(engine, book, tmp_path, rows, shown):
    report = _spending_after_own_funds(engine, tmp_path, rows)
    assert report.total.spent == Money.tenge(1_300_000)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (4, f"the money went the other way on this row ({shown}); money in is imported with `fundledger import "
            "contributions`, or, when a supplier paid it back, booked with `fundledger supplier-refund ENTRY`")]
    assert [r.code for r in report.rejected] == ["MONEY_THE_OTHER_WAY"]


def test_section_headings_give_the_category_of_the_rows_under_them(engine, book, tmp_path):
    report = _spending_after_own_funds(engine, tmp_path, [
        ["№", "Дата", "Получатель", "Назначение платежа", "Сумма, тенге"],
        ["1. Телевидение", None, None, None, None],
        [1, "03.08.2007", "ТОО «Дала ТВ»", "Оплата по договору № 15", 3_000_000],
        [None, "Итого по разделу", None, None, 3_000_000],
        ["2. Печатная продукция", None, None, None, None],
        [2, "05.08.2007", "ТОО «Полиграф»", "Оплата по счету № 101", 1_500_000],
        [None, "Сумма прописью: четыре миллиона пятьсот тысяч тенге", None, None, None],
    ])
    assert report.total.spent == Money.tenge(4_500_000)
    roles = balances(engine)
    assert (roles["media_tv"], roles["printed"], roles["other_spending"]) == (
        Money.tenge(3_000_000).tiyn, Money.tenge(1_500_000).tiyn, 0)
    assert [w for w in report.warnings if "notes" in w] == [
        "s.xlsx, sheet 'Взносы': 1 row(s) with no amount, date or IIN/BIN read as notes, not payments: row 7 "
        "'Сумма прописью: четыре миллиона пятьсот тысяч тенге'"]
    assert [code_of(w) for w in report.warnings if "notes" in w] == ["ROWS_READ_AS_NOTES"]


def test_a_corrected_copy_imported_later_is_a_conflict_that_names_the_booked_entry(engine, book, tmp_path):
    """The treasurer fixes a mistyped amount in the register and imports it again: the old
    amount is in the book, so the new one would be a second gift of one payment order."""
    first = contributions(tmp_path / "реестр.xlsx", [
        [1, "01.08.2007", "Иванов И.И.", IVANOV, 50_000, "15", None],
        [2, "02.08.2007", "Петрова А.А.", PETROVA, 20_000, "16", None],
    ])
    assert dict(import_books(engine, book="primer", kind="contributions", paths=[first]).total.outcomes) == {"posted": 2}
    corrected = contributions(tmp_path / "реестр (исправленный).xlsx", [
        [1, "01.08.2007", "Иванов И.И.", IVANOV, 5_000, "15", None],       # the amount corrected
        [2, "02.08.2007", "Петрова А.А.", PETROVA, 20_000, "16", None],    # unchanged
        [3, "03.08.2007", "Сидоров С.С.", SIDOROV, 10_000, "15", None],   # another payer's order 15
    ])
    report = import_books(engine, book="primer", kind="contributions", paths=[corrected])
    assert dict(report.total.outcomes) == {"rejected": 1, "duplicate": 1, "posted": 1}
    (rejected,) = report.rejected
    assert (rejected.row, rejected.reason) == (4, (
        "conflicts with entry 1: the same payer's payment document 15 is booked there (01.08.2007, "
        "50\u00a0000,00\u00a0₸) and this row says 01.08.2007, 5\u00a0000,00\u00a0₸; a payment document is one "
        "payment: if this row corrects it, reverse entry 1 and import again, and if it is another payment, give it "
        "its own document number"))
    assert rejected.code == "CONFLICT_PAYMENT_DOCUMENT"

    # As the reason says: reverse the booked entry, import again; the correction is booked.
    at_desk(engine, book, lambda desk: desk.reverse(1, dt.date(2007, 8, 5)))
    report = import_books(engine, book="primer", kind="contributions", paths=[corrected])
    assert dict(report.total.outcomes) == {"posted": 1, "duplicate": 2}
    with engine.connect() as conn:
        assert verify_book(conn, book).ok


def test_a_book_kept_before_a_document_was_one_payment_imports_again_as_duplicates(engine, book, tmp_path,
                                                                                  monkeypatch):
    """Books kept before keyed a row with a document by its date and amount as well."""
    import ledger.fund as fund

    path = contributions(tmp_path / "in.xlsx", [[1, "01.08.2007", "Иванов Иван", IVANOV, 100000, "401", None]])
    monkeypatch.setattr(fund, "receipt_key", lambda inp, donor: fund._older_keys(
        inp.source.value, donor.payer, inp.document, inp.day, inp.amount)[0])   # the keys as they were
    import_books(engine, book="primer", kind="contributions", paths=[path])
    monkeypatch.undo()
    with engine.connect() as conn:
        assert conn.execute(select(Entry.idempotency_key)).scalar_one() == f"voluntary|{IVANOV}|401|2007-08-01|10000000"
    report = import_books(engine, book="primer", kind="contributions", paths=[path])
    assert dict(report.total.outcomes) == {"duplicate": 1}
    assert report.duplicates[0].reason == "already in the book as entry 1"
    assert code_of(report.duplicates[0].reason) == "DUPLICATE"


def test_the_older_keys_are_looked_up_only_in_a_book_that_held_entries(engine, book, tmp_path, monkeypatch):
    """Only entries booked before this transaction can be under a key of an earlier format: a
    party's first import, into an empty book, neither makes nor looks up its rows' older keys."""
    import ledger.fund as fund

    made = []
    real = fund._older_keys
    monkeypatch.setattr(fund, "_older_keys", lambda *args: made.append(args) or real(*args))
    first = contributions(tmp_path / "first.xlsx", [[1, "01.08.2007", "Иванов Иван", IVANOV, 100000, "401", None]])
    assert dict(import_books(engine, book="primer", kind="contributions", paths=[first]).total.outcomes) == {
        "posted": 1}
    assert made == []
    second = contributions(tmp_path / "second.xlsx", [[1, "02.08.2007", "Петрова Анна", PETROVA, 5000, "402", None]])
    assert dict(import_books(engine, book="primer", kind="contributions", paths=[second]).total.outcomes) == {
        "posted": 1}
    assert [(who, document) for _source, who, document, *_rest in made] == [(PETROVA, "402")]


def test_the_import_report_gives_each_rejected_row_and_warning_its_code(engine, book, tmp_path):
    path = contributions(tmp_path / "in.xlsx", [
        [1, "01.08.2007", "Иванов И.И.", IVANOV, 50_000, "15", None],
        [2, "03.08.2007", "Иванов И.И.", IVANOV, 500_000, "15", None],     # the same order again
        [3, "31.02.2007", "Петрова А.А.", PETROVA, 20_000, None, None],    # no such day
        [4, "04.08.2007", "Сидоров С.С.", SIDOROV, -300, None, None],      # negative
    ])
    report = import_books(engine, book="primer", kind="contributions", paths=[path]).as_json()
    assert [(r["row"], r["code"]) for r in report["rejected"]] == [
        (5, "CONFLICT_PAYMENT_DOCUMENT"), (6, "DATE_NOT_A_DAY"), (7, "AMOUNT_NEGATIVE")]
    again = import_books(engine, book="primer", kind="contributions", paths=[path]).as_json()
    assert [(r["row"], r["code"]) for r in again["duplicates"]] == [(4, "DUPLICATE")]
    assert [n["text"] for n in report["notices"]] == report["warnings"]
    assert [(n["code"], n["params"]) for n in report["notices"]] == [("PAYMENT_DOCUMENT_REUSED", {"count": 2})]
