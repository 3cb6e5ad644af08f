"""Importing the bank's statement, as worked examples on SQLite and PostgreSQL: each payment
of the fund's account becomes one entry (money in a receipt, the party's own transfer its own
funds, money out spending), the book's bank balance comes out as the bank's closing balance,
the same statement twice books nothing twice, and a statement that is not the fund's, or
overlaps one imported already, is refused with nothing written."""
from __future__ import annotations

import json

import pytest
from onec_samples import (
    FUND,
    HALYK_JULY,
    KASPI_AUGUST,
    OTHER_ACCOUNT,
    PARTY,
    SUM_ONLY_AUGUST,
    UPPER_JULY,
    cp1251,
    utf8_bom,
)
from sqlalchemy import func, select

from ledger.books import create_book
from ledger.core.errors import InputFileError
from ledger.core.money import Money
from ledger.db.engine import run_write
from ledger.db.models import (
    Account,
    BankStatement,
    Book,
    Entry,
    Finding,
    ImportBatch,
    SourceRow,
)
from ledger.db.statements import set_bank_account
from ledger.importers.service import import_books
from ledger.rules.profiles import BUILT_IN


@pytest.fixture
def book(engine):
    return run_write(engine, lambda conn: create_book(conn, PARTY, "Мажилис 2007", BUILT_IN["kz-2007"], code="dala"))


@pytest.fixture
def files(tmp_path):
    written = {"july.txt": cp1251(HALYK_JULY), "july-upper.txt": cp1251(UPPER_JULY),
               "aug-1-3.txt": utf8_bom(KASPI_AUGUST), "aug-4-5.txt": SUM_ONLY_AUGUST.encode("utf-8")}
    for name, data in written.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in written}


def statement(engine, *paths, kind="statement", dry_run=False):
    return import_books(engine, book="dala", kind=kind, paths=list(paths), dry_run=dry_run)


def balances(engine) -> dict[str, Money]:
    with engine.connect() as conn:
        return {role: Money(-tiyn) for role, tiyn in conn.execute(select(Account.role, Account.balance_tiyn)) if tiyn}


def state(engine) -> tuple:
    """Everything an import writes."""
    with engine.connect() as conn:
        counts = tuple(conn.execute(select(func.count()).select_from(m)).scalar()
                       for m in (Entry, SourceRow, ImportBatch, BankStatement))
        return counts, conn.execute(select(Book.bank_account)).scalar(), balances(engine)


def plain(texts):
    return [t.replace("\xa0", " ") for t in texts]


def test_the_july_statement_books_each_payment_as_what_it_is(engine, book, files):
    report = statement(engine, files["july.txt"])

    assert report.total.outcomes["posted"] == 4 and report.total.rows == 4
    assert (report.total.received, report.total.accepted, report.total.spent) == (
        Money.tenge(6_150_000), Money.tenge(6_150_000), Money.tenge(2_000_000))
    assert balances(engine) == {
        "bank": Money.tenge(-4_150_000),             # a debit balance: the bank's closing balance
        "own_funds": Money.tenge(5_000_000), "voluntary_individuals": Money.tenge(150_000),
        "voluntary_organisations": Money.tenge(1_000_000), "media_tv": Money.tenge(-2_000_000)}
    with engine.connect() as conn:
        assert conn.execute(select(Book.bank_account)).scalar() == FUND       # the first statement's account
        assert conn.execute(select(BankStatement.period_start, BankStatement.period_end, BankStatement.opening_tiyn,
                                   BankStatement.closing_tiyn, BankStatement.credits_tiyn,
                                   BankStatement.debits_tiyn)).all() == [
            (dt(2007, 7, 1), dt(2007, 7, 31), 0, 415_000_000, 615_000_000, 200_000_000)]
        rows = conn.execute(select(SourceRow.row_number, SourceRow.outcome, SourceRow.reason, SourceRow.raw)
                            .order_by(SourceRow.row_number)).all()
        kinds = conn.execute(select(Entry.kind).order_by(Entry.seq)).scalars().all()
    assert kinds == ["own_funds", "contribution", "contribution", "spending"]
    assert [(r.row_number, r.outcome, r.reason) for r in rows] == [
        (21, "posted", "own funds: the payer 'ОО Партия «Жасыл Дала»' is the party"),
        (39, "posted", ""), (53, "posted", ""),
        (66, "posted", "category 'Оплата эфирного времени на телевидении' matched 'телевиден'")]
    # The bank's document is kept whole: the codes are the evidence behind the classification.
    assert "КодНазначенияПлатежа=119" in rows[1].raw and "ПлательщикКБЕ=19" in rows[1].raw
    assert report.statements[0].account == FUND and report.warnings == []


def dt(y, m, d):
    import datetime

    return datetime.date(y, m, d)


def test_the_same_statement_twice_books_nothing_twice(engine, book, files):
    statement(engine, files["july.txt"])
    before = state(engine)
    again = statement(engine, files["july.txt"])
    assert again.total.outcomes["duplicate"] == 4 and again.total.rows == 4
    (entries, rows, batches, kept), account, money = state(engine)
    assert (entries, kept, account, money) == (before[0][0], 1, FUND, before[2])
    assert (rows, batches) == (8, 2)       # every input row has its outcome, each time
    # The same statement exported again by another bank client (other bytes, same figures).
    assert statement(engine, files["july-upper.txt"]).total.outcomes["duplicate"] == 4


def test_a_month_and_its_days_add_up_to_the_banks_closing_balance(engine, book, files):
    statement(engine, files["july.txt"])
    gap = statement(engine, files["aug-4-5.txt"])
    assert plain(gap.warnings) == [
        "STATEMENT_GAP: no statement covers 01.08.2007 - 03.08.2007, between july.txt (01.07.2007 - 31.07.2007) "
        "and aug-4-5.txt (04.08.2007 - 05.08.2007); import the bank's statement of those days",
        "STATEMENT_UNBALANCED: aug-4-5.txt (04.08.2007 - 05.08.2007) opens with 4 550 000,00 ₸, but july.txt "
        "(01.07.2007 - 31.07.2007) closed with 4 150 000,00 ₸ (off by 400 000,00 ₸)"]
    filled = statement(engine, files["aug-1-3.txt"])
    assert filled.warnings == []           # it carries July's balance and ends where 4-5 August begins
    assert (filled.total.outcomes["posted"], filled.total.outcomes["held"]) == (2, 1)
    assert filled.findings == {"BAN_FOREIGN": [1, Money.tenge(500_000)]}   # КОд 27: a non-resident payer
    b = balances(engine)
    assert b["bank"] == Money.tenge(-4_480_000)          # the closing balance of 5 August
    assert (b["refunds_due"], b["rent"], b["printed"]) == (
        Money.tenge(500_000), Money.tenge(-120_000), Money.tenge(-300_000))


@pytest.mark.parametrize("account, message", [
    (OTHER_ACCOUNT, f"july.txt, line 10: a statement of account {FUND}, but the fund's account is {OTHER_ACCOUNT}; "
                    "import the statement of the election fund's special account"),
])
def test_a_statement_of_another_account_is_refused_with_nothing_written(engine, book, files, account, message):
    run_write(engine, lambda conn: set_bank_account(conn, book.id, account))
    before = state(engine)
    with pytest.raises(InputFileError) as refused:
        statement(engine, files["july.txt"])
    assert refused.value.code == "STATEMENT_OTHER_ACCOUNT"
    assert str(refused.value) == message
    assert state(engine) == before


def test_an_overlapping_statement_is_refused_with_nothing_written(engine, book, files, tmp_path):
    statement(engine, files["july.txt"])
    late = tmp_path / "late.txt"
    late.write_bytes(utf8_bom(KASPI_AUGUST.replace("ДатаНачала=01.08.2007\nДатаКонца=03.08.2007\nРасчСчет",
                                                   "ДатаНачала=31.07.2007\nДатаКонца=03.08.2007\nРасчСчет", 1)))
    before = state(engine)
    with pytest.raises(InputFileError) as refused:
        statement(engine, late)
    assert refused.value.code == "STATEMENT_PERIOD_OVERLAP"
    assert str(refused.value) == (
        "late.txt: the statement's period 31.07.2007 - 03.08.2007 overlaps the statement july.txt (01.07.2007 - "
        "31.07.2007) imported already; import each day of the account once (a statement of the days after it)")
    assert state(engine) == before
    from ledger.i18n import speaking
    with speaking("ru"), pytest.raises(InputFileError) as refused:
        statement(engine, late)
    assert (refused.value.code, str(refused.value)) == ("STATEMENT_PERIOD_OVERLAP", (
        "late.txt: период выписки 31.07.2007 - 03.08.2007 пересекается с уже импортированной выпиской july.txt "
        "(01.07.2007 - 31.07.2007); импортируйте каждый день счёта один раз (выписку за последующие дни)"))
    assert state(engine) == before


def test_a_dry_run_says_everything_and_writes_nothing(engine, book, files):
    before = state(engine)
    report = statement(engine, files["july.txt"], files["aug-1-3.txt"], dry_run=True)
    assert report.dry_run and report.total.rows == 7
    assert state(engine) == before


def test_a_statement_that_does_not_add_up_is_booked_with_a_warning(engine, book, tmp_path):
    path = tmp_path / "july.txt"
    path.write_bytes(cp1251(HALYK_JULY.replace("КонечныйОстаток=4150000.00", "КонечныйОстаток=4150100.00")))
    report = statement(engine, path)
    assert report.total.outcomes["posted"] == 4
    assert [w.split(":")[0] for w in report.warnings] == ["STATEMENT_UNBALANCED"]


def test_import_contributions_of_a_statement_books_the_money_in_and_rejects_the_money_out(engine, book, files):
    report = statement(engine, files["july.txt"], kind="contributions")
    assert (report.total.outcomes["posted"], report.total.outcomes["rejected"]) == (3, 1)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (66, "the money went the other way on this row (money out on the fund's account); a payment out is "
             "imported with `fundledger import spending`, or the whole statement with `fundledger import statement`")]
    assert [r.code for r in report.rejected] == ["MONEY_THE_OTHER_WAY"]
    spent = statement(engine, files["july.txt"], kind="spending")
    assert (spent.total.outcomes["posted"], spent.total.outcomes["rejected"]) == (1, 3)
    with engine.connect() as conn:                  # half a statement is no statement imported
        assert conn.execute(select(func.count()).select_from(BankStatement)).scalar() == 0
        assert conn.execute(select(Book.bank_account)).scalar() is None


# --- the command line -------------------------------------------------------------------------

def test_a_treasurer_imports_the_banks_statements(run, files):
    assert run("init", "--party", PARTY, "--election", "Мажилис 2007", "--account", "kz12 601a 8712 3456 7890"
               ).output.splitlines()[2] == f"bank account: {FUND}"
    r = run("import", "statement", str(files["july.txt"]))
    assert r.exit_code == 0, r.output
    lines = r.output.replace("\xa0", " ").splitlines()
    assert lines[:6] == [
        "Imported the bank statement into book партия-жасыл-дала-мажилис-2007",
        "  july.txt: 4 rows: 4 posted, 0 split, 0 held, 0 rejected, 0 duplicate",
        "Total: 4 rows: 4 posted, 0 split, 0 held, 0 rejected, 0 duplicate",
        f"Statement of {FUND}, 01.07.2007 - 31.07.2007: opening 0.00 KZT, received 6,150,000.00 KZT, spent "
        "2,000,000.00 KZT, closing 4,150,000.00 KZT",
        "Received 6,150,000.00 KZT: into the fund 6,150,000.00 KZT, refunds due 0.00 KZT, due to the budget 0.00 KZT, "
        "due to the party 0.00 KZT",
        "Spent 2,000,000.00 KZT"]
    data = json.loads(run("import", "statement", str(files["aug-1-3.txt"]), "--format", "json").output)
    assert data["statements"] == [{"file": "aug-1-3.txt", "account": FUND, "start": "2007-08-01",
                                   "end": "2007-08-03", "opening": "4150000.00", "received": "700000.00",
                                   "spent": "300000.00", "closing": "4550000.00"}]
    assert (data["totals"]["received"], data["totals"]["spent"], data["totals"]["refunds_due"]) == (
        "700000.00", "300000.00", "500000.00")


def test_a_bad_account_at_init_is_one_line(run):
    r = run("init", "--party", PARTY, "--election", "Мажилис 2007", "--account", "40702810900000001234")
    assert (r.exit_code, r.output) == (2, "error: --account '40702810900000001234' is no Kazakh account number: "
                                          "write the ИИК, KZ and 18 letters or digits, e.g. KZ12601A871234567890 "
                                          "[ACCOUNT_NUMBER_INVALID]\n")


@pytest.mark.parametrize("name, data, message", [
    ("cut.txt", cp1251(HALYK_JULY[:HALYK_JULY.index("КонецФайла")]),
     "cut.txt, line 79: the file ends without КонецФайла: it was cut off (truncated); export or copy the "
     "statement again"),
    ("cut-doc.txt", cp1251(HALYK_JULY[:HALYK_JULY.index("Номер=77")] + "КонецФайла\n"),
     "cut-doc.txt, line 53: the document that starts here has no КонецДокумента before line 54: the file was "
     "cut off or damaged; export or copy the statement again"),
    ("utf16.txt", HALYK_JULY.encode("utf-16"),
     "utf16.txt, line 1: the text is UTF-16, which no 1C exchange file is; export the statement again as "
     "Windows-1251 or UTF-8"),
    ("koi8.txt", HALYK_JULY.replace("«", '"').replace("»", '"').encode("koi8-r"),
     "koi8.txt, line 2: none of the 1C keys (ВерсияФормата, СекцияДокумент, КонецФайла) can be read: the text is "
     "in another encoding than Windows-1251 or UTF-8; export the statement again with Кодировка=Windows"),
    ("letter.txt", "Hello world\nthis is a letter\n".encode(),
     "letter.txt: no header row found in the first 60 rows (looked for columns like 'Дата' and 'Сумма, тенге'); "
     "the rows there hold 'Hello world', 'this is a letter'; add a header row or name the columns, e.g. --map "
     "date='Дата' --map amount='Сумма, тенге'"),
    ("other.txt", cp1251(HALYK_JULY.replace(FUND, OTHER_ACCOUNT)),
     f"other.txt, line 10: a statement of account {OTHER_ACCOUNT}, but the fund's account is {FUND}; import the "
     "statement of the election fund's special account"),
    ("overlap.txt", utf8_bom(KASPI_AUGUST.replace("ДатаНачала=01.08.2007\nДатаКонца=03.08.2007\nРасчСчет",
                                                  "ДатаНачала=30.07.2007\nДатаКонца=03.08.2007\nРасчСчет", 1)),
     "overlap.txt: the statement's period 30.07.2007 - 03.08.2007 overlaps the statement july.txt (01.07.2007 - "
     "31.07.2007) imported already; import each day of the account once (a statement of the days after it)"),
], ids=["truncated", "document-cut", "utf-16", "wrong-encoding", "not-1c", "other-account", "overlap"])
def test_bad_statements_are_one_line_exit_2_and_nothing_booked(run, files, tmp_path, name, data, message):
    run("init", "--party", PARTY, "--election", "Мажилис 2007")
    assert run("import", "statement", str(files["july.txt"])).exit_code == 0
    before = run("journal", "--format", "json").output, run("status", "--format", "json").output
    bad = tmp_path / name
    bad.write_bytes(data)
    r = run("import", "statement", str(bad))
    code = json.loads(run("import", "statement", str(bad), "--format", "json").stdout)["error"]["code"]
    assert (r.exit_code, r.output) == (2, f"error: {message} [{code}]\n")   # the code a script reads in JSON
    assert (run("journal", "--format", "json").output, run("status", "--format", "json").output) == before


# --- a statement saved as a spreadsheet -------------------------------------------------------

def july_workbook(path, account=FUND, closing=3_150_000):
    """July as a bank's xlsx: the account block above the table, debit and credit columns, the
    closing balance under it."""
    import datetime

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Выписка"
    ws.append([f"Выписка по счёту {account}"])
    ws.append(["за период с 01.07.2007 по 31.07.2007"])
    ws.append(["Входящий остаток", None, None, "0,00"])
    ws.append([])
    ws.append(["Дата", "Корреспондент", "ИИН/БИН", "Назначение платежа", "Дебет", "Кредит"])
    ws.append([datetime.date(2007, 7, 2), "ОО Партия «Жасыл Дала»", "990340001230", "Перечисление собственных средств",
               None, 5_000_000])
    ws.append([datetime.date(2007, 7, 5), "Иванов Иван", "870412300005", "Пожертвование", None, "150 000,00"])
    ws.append([datetime.date(2007, 7, 20), "ТОО «Телеканал Восток»", "051240004566",
               "Оплата эфирного времени на телевидении", 2_000_000, None])
    ws.append(["Итого обороты", None, None, None, 2_000_000, 5_150_000])
    ws.append(["Исходящий остаток", None, None, closing])
    wb.save(path)
    return path


def test_a_spreadsheet_statement_books_both_ways_and_gives_its_account_block(engine, book, tmp_path):
    report = statement(engine, july_workbook(tmp_path / "july.xlsx"))
    assert (report.total.outcomes["posted"], report.total.rows) == (3, 3)
    st = report.statements[0]
    assert (st.account, st.start, st.end, st.opening, st.closing, st.credits, st.debits) == (
        FUND, dt(2007, 7, 1), dt(2007, 7, 31), Money(0), Money.tenge(3_150_000), Money.tenge(5_150_000),
        Money.tenge(2_000_000))
    assert report.warnings == []
    assert balances(engine) == {"bank": Money.tenge(-3_150_000), "own_funds": Money.tenge(5_000_000),
                                "voluntary_individuals": Money.tenge(150_000), "media_tv": Money.tenge(-2_000_000)}
    with engine.connect() as conn:
        assert conn.execute(select(Book.bank_account)).scalar() == FUND
    assert statement(engine, tmp_path / "july.xlsx").total.outcomes["duplicate"] == 3


def test_a_spreadsheet_statement_whose_balance_does_not_carry_is_booked_with_the_figures(engine, book, tmp_path):
    report = statement(engine, july_workbook(tmp_path / "july.xlsx", closing=3_000_000))
    assert plain(report.warnings) == [
        "STATEMENT_UNBALANCED: july.xlsx, line 1: the section 01.07.2007 - 31.07.2007 does not add up by its "
        "payments: opening 0,00 ₸ + received 5 150 000,00 ₸ - spent 2 000 000,00 ₸ = 3 150 000,00 ₸, but the "
        "closing balance is 3 000 000,00 ₸ (off by -150 000,00 ₸)"]


def test_a_spreadsheet_statement_of_another_account_is_refused(engine, book, tmp_path):
    statement(engine, july_workbook(tmp_path / "july.xlsx"))
    before = state(engine)
    with pytest.raises(InputFileError, match=f"^other.xlsx, line 1: a statement of account {OTHER_ACCOUNT}, but the "
                                             f"fund's account is {FUND}") as refused:
        statement(engine, july_workbook(tmp_path / "other.xlsx", account=OTHER_ACCOUNT))
    assert refused.value.code == "STATEMENT_OTHER_ACCOUNT"
    assert state(engine) == before


def test_money_paid_back_into_the_fund_is_no_receipt(engine, book, tmp_path):
    path = tmp_path / "july.txt"
    path.write_bytes(cp1251(HALYK_JULY.replace("НазначениеПлатежа=Добровольное пожертвование\nКонецДокумента",
                                               "НазначениеПлатежа=Возврат неиспользованного аванса\nКонецДокумента")))
    report = statement(engine, path)
    assert [(r.row, r.reason) for r in report.rejected] == [
        (53, "the purpose says this is money paid back ('Возврат неиспользованного аванса'), not a receipt: a "
             "supplier paying the fund back is booked with `fundledger supplier-refund ENTRY`, money paid back to a "
             "donor with `fundledger refund ENTRY`")]
    assert [r.code for r in report.rejected] == ["MONEY_PAID_BACK"]
    assert report.total.outcomes["posted"] == 3


def test_statements_imported_together_are_checked_against_each_other(engine, book, files, tmp_path):
    report = statement(engine, files["aug-1-3.txt"], files["july.txt"])     # in any order
    assert (report.total.rows, report.warnings) == (7, [])
    assert balances(engine)["bank"] == Money.tenge(-4_550_000)
    late = tmp_path / "late.txt"
    late.write_bytes(SUM_ONLY_AUGUST.replace("ДатаНачала=04.08.2007", "ДатаНачала=03.08.2007").encode())
    before = state(engine)
    with pytest.raises(InputFileError, match="^late.txt: the statement's period 03.08.2007 - 05.08.2007 overlaps "
                                             "the statement aug-1-3.txt") as refused:
        statement(engine, files["aug-4-5.txt"], late)
    assert refused.value.code == "STATEMENT_PERIOD_OVERLAP"
    assert state(engine) == before          # the first file of the two is not booked either


@pytest.mark.parametrize("purpose, said", [
    ("Перечисление собственных средств партии", "the purpose says 'собственных средств'"),
    ("Сайлау қорына өз қаражатын аудару", "the purpose says 'өз қаражаты'"),
    ("Saılaý qoryna öz qarajatyn aýdarý", "the purpose says 'öz qarajaty'"),   # Latin forms from the vocabulary
    ("Добровольное пожертвование", None),
])
def test_own_funds_are_told_by_the_vocabularys_words_in_any_alphabet(purpose, said):
    from ledger.importers.statement import own_transfer
    assert own_transfer("Иванов Иван", purpose, "Партия «Жасыл Дала»") == said


def test_a_spreadsheet_statements_payer_code_is_evidence_as_a_1c_files_is(engine, book, tmp_path):
    """The КОд column of a statement saved as xlsx (the generic reader, no layout): residency 2 is
    a non-resident, sector 6 a state organisation, as the same codes say in a 1C file."""
    import openpyxl

    wb = openpyxl.Workbook()
    for row in ([f"Выписка по счёту {FUND}"], ["за период с 01.07.2007 по 31.07.2007"],
                ["Входящий остаток", None, None, None, "0,00"], [],
                ["Дата", "Корреспондент", "ИИН/БИН", "КОд", "Назначение платежа", "Дебет", "Кредит"],
                ["05.07.2007", "Иванов Иван", "870412300005", 19, "Пожертвование", None, "150 000,00"],
                ["06.07.2007", "ТОО «Альфа»", "070140400000", "27", "Пожертвование", None, "100 000,00"],
                ["07.07.2007", "ТОО «Бета»", "051240004566", "16", "Пожертвование", None, "50 000,00"],
                ["Исходящий остаток", None, None, None, "300 000,00"]):
        wb.active.append(row)
    path = tmp_path / "july.xlsx"
    wb.save(path)
    report = statement(engine, path)
    assert dict(report.total.outcomes) == {"posted": 1, "held": 2}
    assert report.findings == {"BAN_FOREIGN": [1, Money.tenge(100_000)], "BAN_STATE": [1, Money.tenge(50_000)]}
    assert balances(engine) == {"bank": Money.tenge(-300_000), "voluntary_individuals": Money.tenge(150_000),
                                "refunds_due": Money.tenge(150_000)}
    with engine.connect() as conn:
        evidence = dict(conn.execute(select(Finding.rule, Finding.evidence)).all())
    assert evidence == {
        "BAN_FOREIGN": "citizenship/residency 'нерезидент (код 27)' is not the Republic of Kazakhstan (matched "
                       "'нерез')",   # the code kept as the residency it says, as a 1C file's is
        "BAN_STATE": "the payer's code 16: sector 6, a state non-financial organisation (the National Bank's "
                     "sector codes)"}


def test_the_statements_own_figures_read_in_russian(files):
    from ledger.i18n import speaking
    from ledger.importers.bank import statement_line
    from ledger.importers.onec import read_exchange

    july = read_exchange(files["july.txt"].read_bytes(), "july.txt")
    nb = "\u00a0"
    with speaking("ru"):
        assert statement_line(july) == (
            f"Выписка по счёту {FUND}, 01.07.2007 - 31.07.2007: входящий остаток 0,00{nb}₸, поступило "
            f"6{nb}150{nb}000,00{nb}₸, списано 2{nb}000{nb}000,00{nb}₸, исходящий остаток 4{nb}150{nb}000,00{nb}₸")


def test_a_spreadsheet_statement_without_its_account_says_so_in_kazakh(engine, book, tmp_path):
    """Booked, as a bank's rows are, with the reader's one warning that it was not checked."""
    from ledger.i18n import speaking

    with speaking("kk"):
        report = statement(engine, july_workbook(tmp_path / "july.xlsx", account=""))
    assert report.total.outcomes["posted"] == 3
    assert [str(w) for w in report.warnings] == [
        "july.xlsx: кестенің үстінде шот нөмірі (ЖСК, KZ...) жоқ: үзінді өткізілді, бірақ қор шотымен және алдыңғы "
        "үзінділермен салыстырылмады"]
