"""A presidential candidate's fund: three sources under three caps (kz-president-2015), worked
through the ledger, its status, findings, workbook and Beancount export; and a self-nominated
candidate's fund, which has no nominating association's funds."""
import datetime as dt
import io
import json

import pytest
from click.testing import CliRunner
from conftest import at_desk, new_book
from openpyxl import load_workbook
from sqlalchemy import func, select

from ledger.cli import main
from ledger.core.errors import SourceNotInFund
from ledger.core.money import Money
from ledger.db.models import Account, Entry, ImportBatch, SourceRow
from ledger.fund import ReceiptInput
from ledger.importers.service import import_books
from ledger.journal.verify import verify_book
from ledger.reports.audit import write_audit_workbook
from ledger.reports.beancount import export_beancount
from ledger.reports.findings import findings
from ledger.reports.status import fund_status
from ledger.rules.donors import DonorFacts
from ledger.rules.profiles import BUILT_IN, DEFAULT_PROFILE
from ledger.rules.receipts import FundSource, Outcome

PRESIDENT = BUILT_IN["kz-president-2015"]
T = Money.parse
D = dt.date(2015, 3, 20)
CANDIDATE = "Ахметов Арман Болатович"
ASSOCIATION = "ОО «Народная инициатива»"


def test_the_caps_are_the_ones_the_commission_announced_for_2015():
    assert [(s.code, PRESIDENT.cap_of(s)) for s in PRESIDENT.sources] == [
        ("own_funds", T("106 820 000")), ("association_funds", T("149 548 000")), ("voluntary", T("320 460 000"))]
    assert PRESIDENT.base_amount == T("21 364") and PRESIDENT.election == "presidential_candidate"
    # No whole-fund cap was found in the law: the whole fund's is the three caps' sum, and never binds.
    assert PRESIDENT.total_cap == T("576 828 000") == sum((PRESIDENT.cap_of(s) for s in PRESIDENT.sources), Money(0))
    assert PRESIDENT.standing == "unconfirmed" and "no cap on the whole fund" in PRESIDENT.note
    assert PRESIDENT.article("CAP_ASSOCIATION").startswith("Constitutional Law \"On Elections\", art. 58")


def receipt(source, amount, name, document, id_number=None):
    return ReceiptInput(source, T(amount), D, DonorFacts(name, id_number, None, None), document)


@pytest.fixture
def candidate_book(engine):
    book = new_book(engine, PRESIDENT, party=CANDIDATE, election="Президент 2015")
    results = at_desk(engine, book, lambda desk: [desk.receive(r) for r in (
        receipt(FundSource.OWN_FUNDS, "100 000 000", CANDIDATE, "1"),
        receipt(FundSource.ASSOCIATION_FUNDS, "149 000 000", ASSOCIATION, "2"),
        receipt(FundSource.ASSOCIATION_FUNDS, "1 000 000,50", ASSOCIATION, "3"),   # crosses its cap
        receipt(FundSource.VOLUNTARY, "2 500 000", "ТОО «Алтын Дән»", "4"),
        receipt(FundSource.VOLUNTARY, "300 000", "", "5"),                          # anonymous
    )])
    return book, results


def test_money_from_all_three_sources_lands_on_its_own_account_under_its_own_cap(engine, candidate_book):
    book, results = candidate_book
    assert [r.outcome for r in results] == [Outcome.POSTED, Outcome.POSTED, Outcome.SPLIT, Outcome.POSTED, Outcome.HELD]
    # The association's funds stop at their cap; the rest (452 000,50) is owed back to the association.
    assert (results[2].accepted, results[2].refund_due) == (T("548 000"), T("452 000,50"))
    # A candidate's own funds are a person's money by nature: no OWN_FUNDS_SOURCE finding.
    assert results[0].findings == ()
    with engine.connect() as conn:
        s = fund_status(conn, book)
        found = findings(conn, book)
    assert [(code, cap.accepted, cap.headroom) for code, cap in s.source_caps] == [
        ("own_funds", T("100 000 000"), T("6 820 000")),
        ("association_funds", T("149 548 000"), T("0")),
        ("voluntary", T("2 500 000"), T("317 960 000"))]
    assert s.total.accepted == T("252 048 000")
    assert (s.received, s.refunds_due, s.budget_due, s.bank_balance, s.available) == (
        T("252 800 000,50"), T("452 000,50"), T("300 000"), T("252 800 000,50"), T("252 048 000"))
    assert s.as_json()["caps"]["association_funds"] == {
        "limit": "149548000.00", "accepted": "149548000.00", "headroom": "0.00", "percent": "100.00"}
    assert sorted((f.rule, f.amount) for f in found) == [("BAN_ANONYMOUS", T("300 000")), ("CAP_ASSOCIATION", T("452 000,50"))]
    cap_finding = next(f for f in found if f.rule == "CAP_ASSOCIATION")
    assert cap_finding.evidence == (f"the nominating association's funds would reach {T('150 000 000,50').human()} "
                                    f"of the cap {T('149 548 000').human()}; {T('452 000,50').human()} over")
    with engine.connect() as conn:
        report = verify_book(conn, book)
    assert report.ok, report.problems


def test_paying_the_association_back_resolves_its_finding(engine, candidate_book):
    book, results = candidate_book
    paid = at_desk(engine, book, lambda desk: desk.refund(results[2].seq, D + dt.timedelta(days=2)))
    assert paid.amount == T("452 000,50")
    with engine.connect() as conn:
        s = fund_status(conn, book)
        open_rules = sorted(f.rule for f in findings(conn, book, open_only=True))
        assert verify_book(conn, book).ok
    assert (s.refunds_due, s.refunded, s.bank_balance) == (T("0"), T("452 000,50"), T("252 348 000"))
    assert open_rules == ["BAN_ANONYMOUS"]


def test_the_workbook_has_the_association_register_and_its_cap(engine, candidate_book, tmp_path):
    book, _ = candidate_book
    summary = write_audit_workbook(engine, book, tmp_path / "audit.xlsx", lang="en")
    wb = load_workbook(tmp_path / "audit.xlsx")
    assert "Association's funds" in wb.sheetnames
    register = list(wb["Association's funds"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[7], row[8], row[9]) for row in register] == [
        (2, 149000000, 149000000, 0), (3, 1000000.5, 548000, 452000.5)]
    caps = {row[0]: row[1:3] for row in wb["Summary"].iter_rows(values_only=True) if row[0] and row[0] in (
        "Own funds", "Funds of the nominating association", "Voluntary contributions", "Whole fund")}
    assert caps == {"Own funds": (106820000, 100000000), "Funds of the nominating association": (149548000, 149548000),
                    "Voluntary contributions": (320460000, 2500000), "Whole fund": (576828000, 252048000)}
    labels = [label for label, _ in summary.checks]
    assert "Accepted within the cap: Funds of the nominating association" in labels
    assert "Register 'Association's funds', Accepted, tenge, less the summary" in labels
    commission = [row for row in wb["Commission report"].iter_rows(values_only=True) if row[0] == "1.3"]
    assert commission and commission[0][2] == 149548000


def test_a_party_book_has_no_association_account_register_or_row(engine, book, tmp_path):
    write_audit_workbook(engine, book, tmp_path / "audit.xlsx", lang="en")
    wb = load_workbook(tmp_path / "audit.xlsx")
    assert "Association's funds" not in wb.sheetnames
    with pytest.raises(SourceNotInFund) as err:
        at_desk(engine, book, lambda desk: desk.receive(receipt(FundSource.ASSOCIATION_FUNDS, "1 000", ASSOCIATION, "1")))
    assert err.value.code == "SOURCE_NOT_IN_FUND"
    with engine.connect() as conn:
        assert "association_funds" not in fund_status(conn, book).as_json()["caps"]
        assert verify_book(conn, book).ok


def test_the_beancount_export_names_three_caps_and_the_association_account(engine, candidate_book):
    book, _ = candidate_book
    out = io.StringIO()
    with engine.connect() as conn:
        export_beancount(conn, book, out)
    text = out.getvalue()
    assert ("caps 106820000.00 own funds, 149548000.00 association's funds, 320460000.00 voluntary, "
            "576828000.00 whole fund (KZT)") in text
    assert "Equity:FundSources:AssociationFunds" in text


def test_a_self_nominated_candidate_has_no_association_funds(db_url):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, ["--db", db_url, *args], catch_exceptions=False)

    made = run("init", "--party", CANDIDATE, "--election", "Президент 2015", "--profile", "kz-president-2015",
               "--self-nominated", "--code", "self")
    assert made.exit_code == 0, made.output
    assert "caps: own funds 106,820,000.00 KZT, voluntary 320,460,000.00 KZT" in made.output.replace("\u00a0", " ")
    refused = run("receive", "--association-funds", "--amount", "1000", "--date", "20.03.2015", "--name", ASSOCIATION)
    assert refused.exit_code == 1
    assert refused.output.strip().endswith("the nominating association's funds are no source of this fund under "
                                           "its rules (kz-president-2015: own funds, voluntary contributions) "
                                           "[SOURCE_NOT_IN_FUND]")
    status = json.loads(run("status", "--format", "json").output)
    assert list(status["caps"]) == ["own_funds", "voluntary", "total"]
    assert run("verify").exit_code == 0
    party = run("init", "--party", "Партия", "--election", "Мажилис", "--self-nominated", "--code", "p")
    assert party.exit_code == 2 and "has no nominating association's funds to leave out" in party.output


def test_profiles_lists_the_presidential_profile_with_its_status_and_three_sources():
    out = CliRunner().invoke(main, ["profiles", "--format", "json"]).output
    described = {p["code"]: p for p in json.loads(out)["profiles"]}["kz-president-2015"]
    assert described["status"] == "unconfirmed, check against the law in force"
    assert [(s["code"], s["cap"]) for s in described["sources"]] == [
        ("own_funds", "106820000.00"), ("association_funds", "149548000.00"), ("voluntary", "320460000.00")]
    text = CliRunner().invoke(main, ["profiles"]).output
    assert "kz-president-2015: Presidential election, MZP of 2015" in text
    assert "election: President, a candidate's fund; status: unconfirmed, check against the law in force" in text


# --- the association's money through the importers ---------------------------------------------

ASSOCIATION_REGISTER = """Дата;Наименование;БИН;Сумма;Номер п/п
20.03.2015;ОО «Народная инициатива»;070140400000;149 000 000;11
21.03.2015;ОО «Народная инициатива»;070140400000;1 000 000,50;12
"""

PRESIDENT_ACCOUNT = "KZ12601A871234567890"


def _credit(number: int, day: str, amount: str, payer: str, id_number: str, code: str, purpose: str) -> str:
    """One payment document of money in, as the bank's 1C exchange file writes it."""
    return "\n".join(("СекцияДокумент=Платежное поручение", f"Номер={number}", f"Дата={day}", f"Сумма={amount}",
                      f"СуммаПриход={amount}", f"Плательщик={payer}", f"ПлательщикБИН_ИИН={id_number}",
                      f"ПлательщикКБЕ={code}", f"ПолучательИИК={PRESIDENT_ACCOUNT}", "КодНазначенияПлатежа=119",
                      f"НазначениеПлатежа={purpose}", "КонецДокумента"))


# 20-22 March 2015: the candidate's own 5 000 000, the association's 5 000 000 (its purpose names
# it), a citizen's 250 000.
PRESIDENT_STATEMENT = "\n".join((
    "1CClientBankExchange", "ВерсияФормата=1.02", "Кодировка=Windows", "ДатаНачала=20.03.2015",
    "ДатаКонца=22.03.2015", f"РасчСчет={PRESIDENT_ACCOUNT}", "СекцияРасчСчет", "ДатаНачала=20.03.2015",
    "ДатаКонца=22.03.2015", f"РасчСчет={PRESIDENT_ACCOUNT}", "НачальныйОстаток=0.00", "ВсегоПоступило=10250000.00",
    "ВсегоСписано=0.00", "КонечныйОстаток=10250000.00", "КонецРасчСчет",
    _credit(1, "20.03.2015", "5000000.00", CANDIDATE, "870412300005", "19", "Перечисление в избирательный фонд кандидата"),
    _credit(2, "21.03.2015", "5000000.00", ASSOCIATION, "070140400000", "18",
            "Перечисление средств выдвинувшего общественного объединения в избирательный фонд"),
    _credit(3, "22.03.2015", "250000.00", "Петрова Анна Сергеевна", "880115400003", "19", "Добровольное пожертвование"),
    "КонецФайла", ""))


def _import(engine, book, kind, path, **options):
    return import_books(engine, book=book.code, kind=kind, paths=[path], **options)


def _accounts(engine, book) -> dict:
    with engine.connect() as conn:
        return {role: Money(-tiyn) for role, tiyn in conn.execute(
            select(Account.role, Account.balance_tiyn).where(Account.book_id == book.id)) if tiyn}


def test_a_register_of_the_association_books_its_transfers_under_its_cap(engine, tmp_path):
    book = new_book(engine, PRESIDENT, party=CANDIDATE, election="Президент 2015", code="pres")
    path = tmp_path / "association.csv"
    path.write_text(ASSOCIATION_REGISTER, encoding="utf-8")
    report = _import(engine, book, "association-funds", path)
    assert (report.total.outcomes["posted"], report.total.outcomes["split"], report.total.rows) == (1, 1, 2)
    assert (report.total.received, report.total.accepted, report.total.refunds_due) == (
        T("150 000 000,50"), T("149 548 000"), T("452 000,50"))
    assert report.findings == {"CAP_ASSOCIATION": [1, T("452 000,50")]}
    assert report.as_text().startswith("Imported the nominating association's funds into book pres")
    assert _accounts(engine, book)["association_funds"] == T("149 548 000")
    again = _import(engine, book, "association-funds", path)
    assert again.total.outcomes["duplicate"] == 2 and again.total.received == T("0")
    with engine.connect() as conn:
        assert verify_book(conn, book).ok


def _everything(engine) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(m)).scalar() for m in (Entry, SourceRow, ImportBatch))


@pytest.mark.parametrize("fund", ["party", "self-nominated"])
def test_a_fund_without_the_association_source_refuses_its_register_with_nothing_written(engine, tmp_path, fund):
    profile = BUILT_IN[DEFAULT_PROFILE] if fund == "party" else PRESIDENT.without_source("association_funds")
    book = new_book(engine, profile, code="f")
    path = tmp_path / "association.csv"
    path.write_text(ASSOCIATION_REGISTER, encoding="utf-8")
    before = _everything(engine)
    with pytest.raises(SourceNotInFund) as err:
        _import(engine, book, "association-funds", path)
    assert str(err.value) == (
        f"import association-funds into book f: the nominating association's funds are no source of this fund under "
        f"its rules ({profile.code}: own funds, voluntary contributions); book each transfer as what it is "
        "(own funds or a voluntary contribution)")
    assert err.value.code == "SOURCE_NOT_IN_FUND"
    assert _everything(engine) == before


def test_the_bank_statement_books_the_association_credit_as_its_funds_by_its_purpose(engine, tmp_path):
    book = new_book(engine, PRESIDENT, party=CANDIDATE, election="Президент 2015", code="pres")
    path = tmp_path / "march.txt"
    path.write_bytes(PRESIDENT_STATEMENT.encode("cp1251"))
    report = _import(engine, book, "statement", path)
    assert report.total.outcomes["posted"] == 3 and report.total.accepted == T("10 250 000")
    assert _accounts(engine, book) == {
        "bank": T("-10 250 000"), "own_funds": T("5 000 000"), "association_funds": T("5 000 000"),
        "voluntary_individuals": T("250 000")}
    with engine.connect() as conn:
        reasons = list(conn.execute(select(SourceRow.reason).order_by(SourceRow.row_number)).scalars())
        assert verify_book(conn, book).ok
    assert "the nominating association's funds: the purpose says 'выдвинувшего общественного объединения'" in reasons


def test_a_self_nominated_candidates_statement_books_the_same_credit_as_a_contribution(engine, tmp_path):
    book = new_book(engine, PRESIDENT.without_source("association_funds"), party=CANDIDATE, code="self")
    path = tmp_path / "march.txt"
    path.write_bytes(PRESIDENT_STATEMENT.encode("cp1251"))
    _import(engine, book, "statement", path)
    balances = _accounts(engine, book)
    assert "association_funds" not in balances
    assert (balances["own_funds"], balances["voluntary_organisations"], balances["voluntary_individuals"]) == (
        T("5 000 000"), T("5 000 000"), T("250 000"))


# --- who gets the third and own funds back: the candidate -------------------------------------

def _cells(path, sheet) -> list:
    return [c for row in load_workbook(path)[sheet].iter_rows(values_only=True) for c in row if isinstance(c, str)]


def test_status_workbook_and_final_report_say_the_candidate_where_a_partys_say_the_party(engine, candidate_book, tmp_path):
    from ledger.cli import render_status
    from ledger.reports.final_report import write_final_report

    book, _results = candidate_book
    at_desk(engine, book, lambda desk: desk.close_out(D + dt.timedelta(days=30)))
    with engine.connect() as conn:
        text = render_status(fund_status(conn, book))
    assert "due back to the candidate" in text and "to the party" not in text
    assert "to the candidate (counted in what is due above)" in text
    write_final_report(engine, book, tmp_path / "final.xlsx", lang="en", today=D + dt.timedelta(days=31))
    final = _cells(tmp_path / "final.xlsx", "Report on the fund")
    assert {"Candidate", "to the candidate (own funds over the cap)", "to the candidate (one third)",
            "of which: the candidate's own funds"} <= set(final)
    assert not [c for c in final if "party" in c.lower()]
    write_audit_workbook(engine, book, tmp_path / "audit.xlsx", lang="en")
    summary = _cells(tmp_path / "audit.xlsx", "Summary")
    assert {"Candidate", "3100 Own funds of the candidate", "2300 Due to the candidate (own funds over the cap)"} <= set(summary)
    assert "of which: the candidate's own funds" in _cells(tmp_path / "audit.xlsx", "Commission report")


def test_a_partys_reports_still_say_the_party(engine, book, tmp_path):
    from ledger.cli import render_status

    with engine.connect() as conn:
        assert "due back to the party" in render_status(fund_status(conn, book))
    write_audit_workbook(engine, book, tmp_path / "audit.xlsx", lang="en")
    summary = _cells(tmp_path / "audit.xlsx", "Summary")
    assert {"Party", "3100 Own funds of the party", "2300 Due to the party (own funds over the cap)"} <= set(summary)


def test_the_command_line_imports_the_association_register_and_refuses_it_for_a_party(run, tmp_path):
    path = tmp_path / "association.csv"
    path.write_text(ASSOCIATION_REGISTER, encoding="utf-8")
    assert run("init", "--party", CANDIDATE, "--election", "Президент 2015", "--profile", "kz-president-2015",
               "--code", "pres").exit_code == 0
    assert run("init", "--party", "Партия", "--election", "Мажилис 2007", "--code", "party").exit_code == 0
    done = json.loads(run("import", "--book", "pres", "association-funds", str(path), "--format", "json").output)
    assert (done["kind"], done["totals"]["accepted"], done["totals"]["refunds_due"]) == (
        "association-funds", "149548000.00", "452000.50")
    refused = run("import", "--book", "party", "association-funds", str(path))
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert refused.output.strip().splitlines() == [(
        "error: import association-funds into book party: the nominating association's funds are no source of this "
        "fund under its rules (kz-2007: own funds, voluntary contributions); book each transfer as what it is (own "
        "funds or a voluntary contribution) [SOURCE_NOT_IN_FUND]")]
    assert json.loads(run("status", "--book", "party", "--format", "json").output)["entries"] == 0
    own = run("receive", "--book", "pres", "--own-funds", "--amount", "106 820 001", "--date", "22.03.2015",
              "--name", CANDIDATE).output.replace("\u00a0", " ")
    assert "106,820,000.00 KZT  into the fund (3100 Own funds of the candidate)" in own
    assert " 1.00 KZT  due back to the candidate" in own


def test_a_candidates_fund_speaks_of_the_candidate_where_a_partys_speaks_of_the_party(engine):
    """Own funds from an organisation are no candidate's own money; own funds over their cap go
    back to the candidate, as does the third of the close-out; in Russian as in English."""
    from ledger.i18n import speaking
    from ledger.rules.wording import finding_in_words, in_words

    book = new_book(engine, PRESIDENT, party=CANDIDATE, election="Президент 2015", code="cand")
    company = "ТОО «Алтын Дән»"
    own, full = at_desk(engine, book, lambda desk: [desk.receive(r) for r in (
        receipt(FundSource.OWN_FUNDS, "1 000 000", company, "1"),
        receipt(FundSource.OWN_FUNDS, "105 820 000", CANDIDATE, "2"))])
    (finding,) = own.findings
    assert (finding.rule, finding.evidence.code, finding.evidence.params) == (
        "OWN_FUNDS_SOURCE", "CANDIDATES_OWN_FUNDS_FROM_ORGANISATION", {"payer": company})
    assert finding.evidence == (f"own funds from an organisation ({company}): a candidate's own funds are the "
                                "candidate's own money; if this is the organisation's gift, reverse it and book it as "
                                "a voluntary contribution, or as the nominating association's funds if it nominated "
                                "the candidate")
    assert "the party" not in finding.evidence
    (reached,) = [w for w in full.warnings if w.code == "CAP_REACHED"]
    assert reached.endswith(": further own funds are owed back to the candidate")
    closed = at_desk(engine, book, lambda desk: desk.close_out(D + dt.timedelta(days=1)))
    assert (closed.budget, closed.party) == (T("71 213 333,34"), T("35 606 666,66"))
    paid = at_desk(engine, book, lambda desk: desk.pay_out("party_due", D + dt.timedelta(days=2)))
    assert paid.reason == f"paid to the candidate; {Money(0).human()} still owed"
    with engine.connect() as conn:
        (stored,) = findings(conn, book)
    with speaking("ru"):
        assert in_words(paid.reason) == f"перечислено: кандидату; ещё к возврату {Money(0).human()}"
        assert finding_in_words(stored.evidence, stored.evidence_code, stored.evidence_params).startswith(
            f"собственные средства от организации ({company}): собственные средства кандидата")


def test_the_disclosure_of_a_candidates_fund_names_the_candidate(engine, candidate_book, tmp_path):
    from ledger.reports.disclosure import write_disclosure

    book, _results = candidate_book
    for suffix in (".xlsx", ".csv"):
        path = tmp_path / f"public{suffix}"
        write_disclosure(engine, book, path, lang="en")
        words = (set(_cells(path, "Totals")) | set(_cells(path, "Money accepted")) if suffix == ".xlsx"
                 else set(path.read_text(encoding="utf-8-sig").replace("\n", ";").split(";")))
        assert {"Candidate", "Own funds of the candidate", "Donor or candidate"} <= words, suffix
        assert not [w for w in words if "party" in w.lower()], suffix


# --- the nominating association named with the book: its BIN is evidence -------------------------

ASSOCIATION_BIN = "070140400000"
OTHER_BIN = "080540000120"      # a company's: not the association that nominated the candidate


def _president_book(engine, association_bin=ASSOCIATION_BIN):
    from ledger.books import nominating_association, set_association
    from ledger.db.engine import run_write

    book = new_book(engine, PRESIDENT, party=CANDIDATE, election="Президент 2015", code="pres")
    run_write(engine, lambda conn: set_association(conn, book, nominating_association(
        PRESIDENT, ASSOCIATION, association_bin)))
    return book


def test_init_records_the_association_and_status_shows_it(run):
    made = run("init", "--party", CANDIDATE, "--election", "Президент 2015", "--profile", "kz-president-2015",
               "--association", ASSOCIATION, "--association-bin", ASSOCIATION_BIN)
    assert made.exit_code == 0, made.output
    assert f"nominating association: {ASSOCIATION}, BIN {ASSOCIATION_BIN}" in made.output.splitlines()
    assert f"nominating association: {ASSOCIATION}, BIN {ASSOCIATION_BIN}" in run("status").output.splitlines()
    assert json.loads(run("status", "--format", "json").output)["association"] == {
        "name": ASSOCIATION, "bin": ASSOCIATION_BIN}


@pytest.mark.parametrize("args, message", [
    (["--profile", "kz-president-2015", "--association-bin", "070140400001"],
     "error: --association-bin '070140400001' is no BIN: fails its check digit [ASSOCIATION_BIN_INVALID]"),
    (["--profile", "kz-president-2015", "--association-bin", "870412300005"],
     ("error: --association-bin '870412300005' is no Kazakh legal entity's BIN (its 5th digit is 1, not 4): give the "
     "BIN of the public association that nominated the candidate [ASSOCIATION_BIN_INVALID]")),
    (["--association", ASSOCIATION],
     ("error: --association: a fund under profile kz-2007 has no nominating association's funds (a party's fund, or "
     "a self-nominated candidate's) [SOURCE_NOT_IN_FUND]")),
    (["--profile", "kz-president-2015", "--self-nominated", "--association-bin", ASSOCIATION_BIN],
     ("error: --association: a fund under profile kz-president-2015 has no nominating association's funds (a party's "
     "fund, or a self-nominated candidate's) [SOURCE_NOT_IN_FUND]")),
])
def test_a_bad_association_at_init_is_one_line_and_no_book(run, args, message):
    r = run("init", "--party", CANDIDATE, "--election", "Президент 2015", *args)
    assert (r.exit_code, r.output) == (2, message + "\n")
    listed = json.loads(run("books", "--format", "json").stdout)   # no book, or not even a database
    assert listed == [] or listed["error"]["code"] == "NO_BOOK_YET"


def test_a_party_book_records_no_association(engine, book):
    with engine.connect() as conn:
        assert fund_status(conn, book).as_json()["association"] is None


# The statement of March 2015 again, with the association's transfer saying nothing of whose money
# it is, and one from another organisation whose purpose says it is the association's funds.
def _statement(association_purpose: str) -> str:
    return PRESIDENT_STATEMENT.replace(
        "Перечисление средств выдвинувшего общественного объединения в избирательный фонд", association_purpose
    ).replace("КонецФайла", "\n".join((
        _credit(4, "22.03.2015", "1000000.00", "ТОО «Дала Строй»", OTHER_BIN, "17",
                "Средства выдвинувшего общественного объединения"), "КонецФайла")))


def test_a_transfer_from_the_associations_bin_is_its_funds_whatever_its_purpose(engine, tmp_path):
    book = _president_book(engine)
    path = tmp_path / "march.txt"
    path.write_bytes(_statement("Перечисление в избирательный фонд кандидата").replace(
        "ВсегоПоступило=10250000.00", "ВсегоПоступило=11250000.00").replace(
        "КонечныйОстаток=10250000.00", "КонечныйОстаток=11250000.00").encode("cp1251"))
    report = _import(engine, book, "statement", path)
    assert report.total.rows == 4 and report.rejected == []
    # The association's 5 000 000 by its BIN; the company's 1 000 000 by its purpose, and flagged.
    assert _accounts(engine, book)["association_funds"] == T("6 000 000")
    assert report.findings == {"ASSOCIATION_FUNDS_SOURCE": [1, T("1 000 000")]}
    with engine.connect() as conn:
        reasons = list(conn.execute(select(SourceRow.reason).order_by(SourceRow.row_number)).scalars())
        [finding] = findings(conn, book)
        assert verify_book(conn, book).ok
    assert f"the nominating association's funds: the payer's BIN {ASSOCIATION_BIN} is the nominating association's" in reasons
    assert (finding.rule, finding.amount, finding.evidence_code) == (
        "ASSOCIATION_FUNDS_SOURCE", T("1 000 000"), "ASSOCIATION_FUNDS_FROM_ANOTHER_PAYER")
    assert finding.evidence == (
        f"the nominating association's funds from ТОО «Дала Строй» (BIN {OTHER_BIN}), not from the nominating "
        f"association (BIN {ASSOCIATION_BIN}): the association's funds come from the association itself; if this is "
        "a gift, reverse it and book it as a voluntary contribution")


@pytest.mark.parametrize("payer, id_number, flagged", [
    (ASSOCIATION, ASSOCIATION_BIN, False),
    ("ТОО «Дала Строй»", OTHER_BIN, True),
    ("Иванов Иван", "870412300005", True),      # a person's IIN, masked in the evidence
    (ASSOCIATION, None, True),                  # no BIN: nothing shows it is the association's
])
def test_the_associations_funds_from_any_other_payer_are_flagged(engine, payer, id_number, flagged):
    book = _president_book(engine)
    result = at_desk(engine, book, lambda desk: desk.receive(receipt(
        FundSource.ASSOCIATION_FUNDS, "2 000 000", payer, "9", id_number)))
    assert result.accepted == T("2 000 000")           # booked as it came, under the association's cap
    rules = [f.rule for f in result.findings]
    assert rules == (["ASSOCIATION_FUNDS_SOURCE"] if flagged else [])
    if flagged and id_number == "870412300005":
        assert "(IIN ********0005)" in result.findings[0].evidence and id_number not in result.findings[0].evidence


def test_without_the_associations_bin_nothing_is_flagged(engine):
    book = new_book(engine, PRESIDENT, party=CANDIDATE, election="Президент 2015", code="pres")
    result = at_desk(engine, book, lambda desk: desk.receive(receipt(
        FundSource.ASSOCIATION_FUNDS, "2 000 000", "ТОО «Дала Строй»", "9", OTHER_BIN)))
    assert result.findings == ()


def test_a_book_made_before_gets_its_association_later(run):
    assert run("init", "--party", CANDIDATE, "--election", "Президент 2015", "--profile", "kz-president-2015").exit_code == 0
    assert json.loads(run("status", "--format", "json").output)["association"] is None
    done = run("set-association", ASSOCIATION, "--bin", ASSOCIATION_BIN)
    assert (done.exit_code, done.output) == (
        0, f"book ахметов-арман-болатович-президент-2015: nominating association: {ASSOCIATION}, BIN {ASSOCIATION_BIN}\n")
    assert json.loads(run("status", "--format", "json").output)["association"] == {
        "name": ASSOCIATION, "bin": ASSOCIATION_BIN}
    refused = run("set-association", ASSOCIATION, "--bin", "12")
    assert (refused.exit_code, refused.output) == (
        2, "error: --association-bin '12' is no BIN: '12' has 2 digits; an IIN/BIN has 12 [ASSOCIATION_BIN_INVALID]\n")
