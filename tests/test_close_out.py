"""Closing a fund (art. 34(9)): the balance left after everything owed back is divided, two
thirds owed to the republican budget and one third to the party, to the tiyn (the budget gets
the tiyn a third leaves over); a closed fund books no receipt or spending, in the code and in
the database, but pays what it owes; the chain still verifies."""
import datetime as dt
import io
import json

import pytest
from conftest import at_desk, new_book
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from ledger.core.errors import FundClosed, LedgerError, OverspendRefused
from ledger.core.money import Money
from ledger.db.models import Entry
from ledger.fund import ReceiptInput, SpendingInput, divide_unspent
from ledger.journal.verify import verify_book
from ledger.reports.audit import write_audit_workbook
from ledger.reports.beancount import export_beancount
from ledger.reports.status import fund_status
from ledger.rules.donors import DonorFacts
from ledger.rules.receipts import FundSource

T = Money.parse
D = dt.date(2007, 8, 1)
CLOSE = dt.date(2007, 8, 25)
PARTY = "Партия «Жасыл Дала»"


@pytest.mark.parametrize("balance, budget, party", [
    ("700 000", "466 666,67", "233 333,33"),    # 70 000 000 tiyn: a third leaves 1 tiyn, to the budget
    ("100,01", "66,68", "33,33"),               # 10 001 tiyn: 2 tiyn left over, both to the budget
    ("300", "200", "100"),                      # divides evenly
    ("0,01", "0,01", "0"),
])
def test_two_thirds_to_the_budget_one_third_to_the_party_the_odd_tiyn_to_the_budget(balance, budget, party):
    division = divide_unspent(T(balance))
    assert (division.budget, division.party) == (T(budget), T(party))
    assert division.budget + division.party == T(balance)


def receipt(amount, name, document, source=FundSource.VOLUNTARY, day=D):
    return ReceiptInput(source, T(amount), day, DonorFacts(name, None, None, None), document)


@pytest.fixture
def closed(engine, book):
    """Own funds 1 000 000, an anonymous 500 000,01 (owed to the budget), printing 300 000:
    700 000 left to divide."""
    at_desk(engine, book, lambda desk: [
        desk.receive(receipt("1 000 000", PARTY, "1", FundSource.OWN_FUNDS)),
        desk.receive(receipt("500 000,01", "", "2")),
        desk.spend(SpendingInput(T("300 000"), D + dt.timedelta(days=1), "printed", payee="Типография")),
    ])
    done = at_desk(engine, book, lambda desk: desk.close_out(CLOSE))
    return book, done


def entries(engine, book) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Entry).where(Entry.book_id == book.id)).scalar_one()


def test_the_close_out_books_the_division_as_owed_and_status_counts_it(engine, closed):
    book, done = closed
    assert (done.seq, done.balance, done.budget, done.party) == (4, T("700 000"), T("466 666,67"), T("233 333,33"))
    with engine.connect() as conn:
        s = fund_status(conn, book)
        assert verify_book(conn, book).ok
    assert s.closed and s.dates.closed_on == CLOSE
    # budget_due: the anonymous money and the budget's two thirds; party_due: the party's third.
    assert (s.budget_due, s.party_due, s.available) == (T("966 666,68"), T("233 333,33"), T("0"))
    assert (s.close_out_budget, s.close_out_party) == (T("466 666,67"), T("233 333,33"))
    assert (s.bank_balance, s.spent, s.total.accepted) == (T("1 200 000,01"), T("300 000"), T("1 000 000"))
    assert s.as_json()["closed_on"] == "2007-08-25"
    assert s.as_json()["close_out"] == {"budget": "466666.67", "party": "233333.33"}


def test_a_closed_fund_refuses_receipts_and_spending_and_changes_nothing(engine, closed):
    book, _ = closed
    before = entries(engine, book)
    refused = [
        lambda desk: desk.receive(receipt("1 000", "Иванов Иван", "9", day=CLOSE)),
        lambda desk: desk.spend(SpendingInput(T("1 000"), CLOSE, "rent")),
        lambda desk: desk.supplier_refund(3, CLOSE),
        lambda desk: desk.reverse(1, CLOSE),
        lambda desk: desk.close_out(CLOSE),
    ]
    for action in refused:
        with pytest.raises(FundClosed) as err:
            at_desk(engine, book, action)
        assert err.value.code == "FUND_CLOSED"
        assert str(err.value).startswith("the fund was closed on 25.08.2007: ")
    assert entries(engine, book) == before


def test_a_closed_fund_pays_what_it_owes_and_the_chain_verifies(engine, closed):
    book, _ = closed
    paid = at_desk(engine, book, lambda desk: [
        desk.pay_out("budget_due", CLOSE, T("400 000")),
        desk.pay_out("budget_due", CLOSE),                    # the rest of the budget's share
        desk.pay_out("party_due", CLOSE + dt.timedelta(days=1)),
        desk.refund(2, CLOSE),                                # the anonymous money, to the budget
    ])
    assert [(r.seq, r.amount) for r in paid] == [(5, T("400 000")), (6, T("66 666,67")), (7, T("233 333,33")),
                                                 (8, T("500 000,01"))]
    assert paid[1].reason == f"paid to the republican budget; {T('0').human()} still owed"
    with engine.connect() as conn:
        s = fund_status(conn, book)
        report = verify_book(conn, book)
    assert report.ok, report.problems
    assert report.entries == 8
    assert (s.bank_balance, s.budget_due, s.party_due, s.refunded) == (T("0"), T("0"), T("0"), T("1 200 000,01"))
    with pytest.raises(LedgerError) as err:
        at_desk(engine, book, lambda desk: desk.pay_out("party_due", CLOSE + dt.timedelta(days=2)))
    assert err.value.code == "NOTHING_OWED_BACK"


def test_the_database_refuses_an_entry_written_behind_the_programs_back(engine, closed):
    book, _ = closed
    with engine.connect() as conn:
        bank, own = (conn.execute(text("SELECT id FROM accounts WHERE book_id = :b AND role = :r"),
                                  {"b": book.id, "r": role}).scalar_one() for role in ("bank", "own_funds"))
    insert_entry = text(
        "INSERT INTO entries (book_id, seq, kind, entry_date, memo, idempotency_key, content_digest, details, "
        "recorded_at, prev_hash, hash) VALUES (:b, 5, :kind, '2007-08-26', '', 'raw', '', '{}', '', '', '')")
    with pytest.raises(DBAPIError, match="the fund is closed: only payments of what it owes"):
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO postings (book_id, entry_seq, line_no, account_id, amount_tiyn) "
                              "VALUES (:b, 5, 1, :bank, 100), (:b, 5, 2, :own, -100)"),
                         {"b": book.id, "bank": bank, "own": own})
            conn.execute(insert_entry, {"b": book.id, "kind": "contribution"})
    with pytest.raises(DBAPIError, match="a closed fund stays closed"):
        with engine.begin() as conn:
            conn.execute(text("UPDATE books SET closed_on = NULL WHERE id = :b"), {"b": book.id})
    assert entries(engine, book) == 4
    with engine.connect() as conn:
        assert verify_book(conn, book).ok
        assert fund_status(conn, book).closed


def test_an_overspent_fund_or_a_day_before_its_last_entry_cannot_be_closed(engine, book):
    at_desk(engine, book, lambda desk: [
        desk.receive(receipt("1 000", "", "1")),                                    # owed to the budget
        desk.spend(SpendingInput(T("600"), D, "rent"), refuse_overspend=False),     # spends money owed back
    ])
    with pytest.raises(OverspendRefused) as err:
        at_desk(engine, book, lambda desk: desk.close_out(CLOSE))
    assert err.value.code == "CLOSE_OUT_OVERSPENT"
    with pytest.raises(LedgerError) as err:
        at_desk(engine, book, lambda desk: desk.close_out(D - dt.timedelta(days=1)))
    assert err.value.code == "CLOSE_OUT_BEFORE_THE_LAST_ENTRY"
    with engine.connect() as conn:
        assert not fund_status(conn, book).closed


def test_an_empty_fund_closes_with_nothing_to_divide(engine):
    book = new_book(engine)
    done = at_desk(engine, book, lambda desk: desk.close_out(CLOSE))
    assert (done.seq, done.balance, done.budget, done.party) == (None, T("0"), T("0"), T("0"))
    with engine.connect() as conn:
        assert fund_status(conn, book).closed and verify_book(conn, book).ok


def test_the_reports_of_a_closed_fund(engine, closed, tmp_path):
    book, _ = closed
    summary = write_audit_workbook(engine, book, tmp_path / "audit.xlsx", lang="en")
    assert summary.status.closed
    from openpyxl import load_workbook
    wb = load_workbook(tmp_path / "audit.xlsx")
    trial = {row[0]: row for row in wb["Trial balance"].iter_rows(min_row=2, values_only=True)}
    assert trial["4000"][1:3] == ("    Unspent balance divided at close-out", "division of the balance")
    owed = {row[0]: row[1:5] for row in wb["Summary"].iter_rows(values_only=True) if row[0] and str(row[0])[:4] in (
        "2200", "2300")}
    assert owed == {"2200 Due to the republican budget": (966666.68, 0, 0, 966666.68),
                    "2300 Due to the party (own funds over the cap)": (233333.33, 0, 0, 233333.33)}
    journal = [row for row in wb["Journal"].iter_rows(min_row=2, values_only=True) if row[0] == 4]
    assert [r[2] for r in journal] == ["close-out"] * 3
    out = io.StringIO()
    with engine.connect() as conn:
        export_beancount(conn, book, out)
    assert "Equity:ClosedOut" in out.getvalue()


def test_close_from_the_command_line(run):
    assert run("init", "--party", PARTY, "--election", "Мажилис 2007", "--election-date", "18.08.2007").exit_code == 0
    assert run("receive", "--own-funds", "--amount", "100,01", "--date", "01.08.2007", "--name", PARTY,
               "--document", "1").exit_code == 0
    dry = run("close", "--date", "25.08.2007", "--dry-run", "--format", "json")
    assert dry.exit_code == 0, dry.output
    assert json.loads(dry.output) == {"dry_run": True, "closed_on": "2007-08-25", "entry": 2, "balance": "100.01",
                                      "budget_due": "66.68", "party_due": "33.33"}
    assert json.loads(run("status", "--format", "json").output)["closed_on"] is None   # a dry run wrote nothing
    assert run("close", "--date", "25.08.2007").exit_code == 0
    refused = run("receive", "--amount", "10", "--date", "26.08.2007", "--name", "Иванов", "--document", "2")
    assert refused.exit_code == 1 and refused.output.startswith("error: the fund was closed on 25.08.2007")
    status = run("status")
    assert "CLOSED on 25/08/2007" in status.output
    paid = run("pay-out", "--to", "party", "--date", "26.08.2007", "--format", "json")
    assert json.loads(paid.output)["amount"] == "33.33"
    assert run("verify").exit_code == 0


CANDIDATE = "Ахметов Арман Болатович"


@pytest.mark.parametrize("lang, closed_line, pay_them, paid", [
    ("en", ("closed on 25/04/2015: balance 100.01 KZT divided, 66.68 KZT to the republican budget and 33.33 KZT to "
            "the candidate"),
     "entry 2; pay them with `fundledger pay-out --to budget` and `--to candidate`",
     "entry 3: paid out 33.33 KZT; paid to the candidate; 0.00 KZT still owed"),
    ("ru", ("фонд закрыт 25.04.2015: остаток 100,01 ₸ распределён, 66,68 ₸ в республиканский бюджет и 33,33 ₸ "
            "кандидату"),
     "запись 2; перечислите их командами `fundledger pay-out --to budget` и `--to candidate`", "кандидату"),
    ("kk", "қор 25.04.2015 жабылды: 100,01 ₸ қалдық бөлінді, 66,68 ₸ республикалық бюджетке және 33,33 ₸ кандидатқа",
     "2 жазба; оларды `fundledger pay-out --to budget` және `--to candidate` арқылы аударыңыз",
     "кандидатқа"),
])
def test_close_and_pay_out_name_the_candidate_in_a_candidates_fund(run, lang, closed_line, pay_them, paid):
    """A presidential candidate's fund gives its third back to the candidate: close says so, and
    pay-out takes --to candidate (the party's word is refused with the one that fits)."""
    assert run("init", "--party", CANDIDATE, "--election", "Президент 2015", "--profile", "kz-president-2015").exit_code == 0
    assert run("receive", "--own-funds", "--amount", "100,01", "--date", "20.03.2015", "--name", CANDIDATE,
               "--document", "1").exit_code == 0
    closed = run("--lang", lang, "close", "--date", "25.04.2015")
    assert closed.exit_code == 0, closed.output
    assert closed.output.replace("\xa0", " ").splitlines() == [closed_line, pay_them]
    refused = run("--lang", lang, "pay-out", "--to", "party", "--date", "26.04.2015")
    assert refused.exit_code == 2
    if lang == "en":
        assert refused.output.startswith("error: --to party: the third of this fund's balance goes to the candidate; "
                                          "give --to candidate")
    assert "--to candidate" in refused.output and "NOT_THE_HOLDER" in refused.output
    done = run("--lang", lang, "pay-out", "--to", "candidate", "--date", "26.04.2015")
    assert done.exit_code == 0, done.output
    assert paid in done.output.replace("\xa0", " ") and "парти" not in done.output and "party" not in done.output


def test_a_partys_pay_out_refuses_the_candidates_word(run):
    assert run("init", "--party", PARTY, "--election", "Мажилис 2007").exit_code == 0
    assert run("receive", "--own-funds", "--amount", "300", "--date", "01.08.2007", "--name", PARTY,
               "--document", "1").exit_code == 0
    closed = run("close", "--date", "25.08.2007")
    assert closed.output.replace("\xa0", " ").splitlines() == [
        ("closed on 25/08/2007: balance 300.00 KZT divided, 200.00 KZT to the republican budget and 100.00 KZT to the "
         "party"),
        "entry 2; pay them with `fundledger pay-out --to budget` and `--to party`"]
    refused = run("pay-out", "--to", "candidate", "--date", "26.08.2007")
    assert refused.exit_code == 2 and "give --to party" in refused.output
    assert run("pay-out", "--to", "party", "--date", "26.08.2007").output.replace("\xa0", " ").startswith(
        "entry 3: paid out 100.00 KZT; paid to the party")
