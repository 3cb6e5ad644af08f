"""A worked example per rule code, through the ledger: the finding is stored with its amount,
evidence, legal article and status, and the money lands on the right account."""
import dataclasses
import datetime as dt
import json

import pytest
from conftest import at_desk, new_book
from sqlalchemy import func, select

from ledger.core.ids import check_digit
from ledger.core.money import Money
from ledger.core.notices import code_of
from ledger.db.engine import run_write
from ledger.db.models import Candidate, Posting, ReferenceId
from ledger.fund import ReceiptInput, SpendingInput
from ledger.importers.lists import ReferenceRow, store_reference_list
from ledger.reports.findings import findings
from ledger.reports.status import fund_status
from ledger.rules.donors import DonorFacts
from ledger.rules.profiles import BUILT_IN
from ledger.rules.receipts import FundSource, Outcome

D = dt.date(2007, 8, 1)
T = Money.parse


def valid(first11):
    for n in range(1000):
        c = first11[:8] + f"{n:03d}"
        if check_digit(c) is not None:
            return c + str(check_digit(c))


PERSON, ORG, NONRESIDENT = valid("85030540000"), valid("06014000000"), valid("06015000000")
LISTED = valid("07024000000")


def receipt(name, id_number=None, donor_type=None, citizenship=None, amount="100 000", source=FundSource.VOLUNTARY, day=D):
    return ReceiptInput(source, T(amount), day, DonorFacts(name, id_number, donor_type, citizenship), "doc")


CASES = [
    ("BAN_FOREIGN", receipt("Nordic Trade GmbH", NONRESIDENT), "refunds_due",
     f"BIN {NONRESIDENT}: digit 5 is 5, a non-resident legal entity"),
    ("BAN_STATE", receipt("КГУ «Школа-гимназия № 5»", ORG), "refunds_due",
     "name marker 'КГУ' suggests a state organisation"),
    ("BAN_CHARITY", receipt("Благотворительный фонд «Мейірім»", ORG), "refunds_due",
     "name marker 'благотворительный' suggests a charitable organisation"),
    ("BAN_RELIGIOUS", receipt("Религиозное объединение «Нур»", ORG), "refunds_due",
     "name marker 'религиозное объединение' suggests a religious association"),
    ("BAN_ANONYMOUS", receipt("", None), "budget_due",
     "no name and no valid IIN/BIN: the donor cannot be identified"),
    ("BAN_CANDIDATE_OWN", receipt("Кандидатов К.К.", PERSON, "кандидат"), "refunds_due",
     "donor type 'кандидат' says a candidate of the party (matched 'кандидат')"),
    ("ID_INVALID", receipt("Омарова Ж.", PERSON[:-1] + str((int(PERSON[-1]) + 1) % 10)), "refunds_due",
     f"IIN/BIN {PERSON[:-1] + str((int(PERSON[-1]) + 1) % 10)} fails its check digit"),
]


# Which sentence each case's evidence is (``EvidenceCode``), as the findings table keeps it.
EVIDENCE_CODES = {"BAN_FOREIGN": "BIN_NON_RESIDENT", "BAN_STATE": "NAME_MARKER", "BAN_CHARITY": "NAME_MARKER",
                  "BAN_RELIGIOUS": "NAME_MARKER", "BAN_ANONYMOUS": "NO_NAME_NO_ID", "BAN_CANDIDATE_OWN": "DONOR_TYPE",
                  "ID_INVALID": "ID_CHECK_FAILED"}


@pytest.mark.parametrize("rule, item, account, evidence", CASES, ids=[c[0] for c in CASES])
def test_each_ban_is_held_whole_with_its_finding(engine, book, rule, item, account, evidence):
    result = at_desk(engine, book, lambda d: d.receive(item))
    assert [(f.rule, f.amount, f.evidence) for f in result.findings] == [(rule, T("100 000"), evidence)]
    assert [code_of(f.evidence) for f in result.findings] == [EVIDENCE_CODES[rule]]
    with engine.connect() as conn:
        s = fund_status(conn, book)
        (stored,) = findings(conn, book)
    assert {"refunds_due": s.refunds_due, "budget_due": s.budget_due}[account] == T("100 000")
    assert s.total.accepted == Money(0)
    assert (stored.rule, stored.amount, stored.status, stored.entry_seq) == (rule, T("100 000"), "open", 1)
    assert (stored.evidence, stored.evidence_code, json.loads(stored.evidence_params)) == (
        evidence, EVIDENCE_CODES[rule], result.findings[0].evidence.params)
    assert stored.article == BUILT_IN["kz-2007"].article(rule)


def test_a_receipt_breaking_several_rules_gets_each_finding_but_is_owed_once(engine, book):
    result = at_desk(engine, book, lambda d: d.receive(receipt("ГУ «Аппарат акима»", ORG, None, "Россия")))
    assert [f.rule for f in result.findings] == ["BAN_FOREIGN", "BAN_STATE"]
    with engine.connect() as conn:
        s = fund_status(conn, book)
    assert (s.refunds_due, s.open_findings) == (T("100 000"), 2)


def test_the_reference_list_marks_a_donor_no_name_would(engine, book):
    run_write(engine, lambda conn: conn.execute(ReferenceId.__table__.insert().values(
        list_kind="foreign-grantees", id_number=LISTED, name="ОФ «Открытое слово»", source_file="grantees.csv")))
    result = at_desk(engine, book, lambda d: d.receive(receipt("ОФ «Открытое слово»", LISTED)))
    assert [(f.rule, f.evidence) for f in result.findings] == [
        ("BAN_FOREIGN", f"{LISTED} is on the reference list of recipients of foreign grants")]
    assert [(code_of(f.evidence), f.evidence.params) for f in result.findings] == [
        ("LISTED_FOREIGN_GRANTEE", {"digits": LISTED})]


@pytest.mark.parametrize("rule, source, before, amount, over", [
    ("CAP_OWN", FundSource.OWN_FUNDS, "48 760 000", "0,01", "0,01"),
    ("CAP_VOLUNTARY", FundSource.VOLUNTARY, "97 000 000", "600 000", "80 000"),
])
def test_caps_split_in_one_balanced_entry(engine, book, rule, source, before, amount, over):
    at_desk(engine, book, lambda d: d.receive(receipt("Партия", ORG, amount=before, source=source)))
    result = at_desk(engine, book, lambda d: d.receive(ReceiptInput(source, T(amount), D, DonorFacts("Партия", ORG), "2")))
    assert [(f.rule, f.amount) for f in result.findings] == [(rule, T(over))]
    with engine.connect() as conn:
        s = fund_status(conn, book)
    cap = s.own_funds if source is FundSource.OWN_FUNDS else s.voluntary
    assert cap.accepted == cap.limit
    assert (s.party_due if source is FundSource.OWN_FUNDS else s.refunds_due) == T(over)


def test_cap_total_when_the_total_alone_binds(engine):
    tight = dataclasses.replace(BUILT_IN["kz-2007"], code="tight", total_multiple=12_000)
    book = new_book(engine, tight)
    at_desk(engine, book, lambda d: d.receive(receipt("Партия", ORG, amount="48 760 000", source=FundSource.OWN_FUNDS)))
    result = at_desk(engine, book, lambda d: d.receive(receipt("ТОО Альфа", ORG, amount="70 000 000")))
    assert [(f.rule, f.amount) for f in result.findings] == [("CAP_TOTAL", T("1 736 000"))]
    with engine.connect() as conn:
        assert fund_status(conn, book).total.headroom == Money(0)


def test_outside_window_and_overspend(engine):
    windowed = BUILT_IN["kz-2007"].with_window(dt.date(2007, 7, 1), dt.date(2007, 8, 18))
    book = new_book(engine, windowed)
    early = at_desk(engine, book, lambda d: d.receive(receipt("Иванов", PERSON, day=dt.date(2007, 6, 30))))
    assert [f.rule for f in early.findings] == ["OUTSIDE_WINDOW"]
    assert [code_of(f.evidence) for f in early.findings] == ["RECEIVED_OUTSIDE_WINDOW"]
    at_desk(engine, book, lambda d: d.receive(ReceiptInput(FundSource.VOLUNTARY, T("50 000"), D, DonorFacts("Петров", PERSON), "x")))
    spent = at_desk(engine, book, lambda d: d.spend(SpendingInput(T("60 000"), D, "events", "Зал")))
    assert [(f.rule, f.amount, f.evidence) for f in spent.findings] == [
        ("OVERSPEND", T("10 000"), "spent 60\u00a0000,00\u00a0₸ with 50\u00a0000,00\u00a0₸ available; "
                                   "10\u00a0000,00\u00a0₸ more than the fund had")]
    assert [(code_of(f.evidence), f.evidence.params) for f in spent.findings] == [
        ("SPENT_MORE_THAN_AVAILABLE", {"amount": "60000.00", "available": "50000.00", "over": "10000.00"})]


def test_donors_are_shared_across_books_by_their_number(engine, book):
    other = new_book(engine, party="Партия «Алға»", code="alga")
    at_desk(engine, book, lambda d: d.receive(receipt("Иванов И.", PERSON)))
    at_desk(engine, other, lambda d: d.receive(receipt("ИВАНОВ ИВАН", PERSON)))
    with engine.connect() as conn:
        from sqlalchemy import text
        assert conn.execute(text("SELECT COUNT(*) FROM donors")).scalar_one() == 1


SIDOROV = "Сидоров Сидор"
NOT_ON_THE_LIST = (f"candidate {SIDOROV!r} is not on the party's list: check the name, "
                   "or load the list with `fundledger lists import candidates`")


def spend_for(candidate, day=dt.date(2007, 8, 2)):
    return SpendingInput(T("100"), day, "rent", candidate=candidate)


def candidates(engine, book) -> list[tuple]:
    c = Candidate.__table__.c
    with engine.connect() as conn:
        return conn.execute(select(c.id, c.name, c.id_number, c.list_position, c.on_list)
                            .where(c.book_id == book.id).order_by(c.id)).all()


def test_a_candidate_named_only_by_spending_may_still_give(engine, book):
    """No list was loaded: spending for Сидоров records him as a candidate off the list, with a
    warning, and his own gift next day enters the fund like anyone's."""
    at_desk(engine, book, lambda d: d.receive(receipt("Партия «Жасыл Дала»", ORG, amount="1 000",
                                                      source=FundSource.OWN_FUNDS)))
    spent = at_desk(engine, book, lambda d: d.spend(spend_for(SIDOROV)))
    assert (spent.outcome, spent.findings, spent.warnings) == (Outcome.POSTED, (), (NOT_ON_THE_LIST,))
    assert [code_of(w) for w in spent.warnings] == ["CANDIDATE_NOT_ON_LIST"]
    gift = at_desk(engine, book, lambda d: d.receive(receipt(SIDOROV, amount="500", day=dt.date(2007, 8, 3))))
    assert (gift.outcome, gift.accepted, gift.findings) == (Outcome.POSTED, T("500"), ())
    with engine.connect() as conn:
        s = fund_status(conn, book)
        assert findings(conn, book) == []
    assert (s.voluntary.accepted, s.refunds_due, s.spent) == (T("500"), Money(0), T("100"))
    assert [row[1:] for row in candidates(engine, book)] == [(SIDOROV, None, None, False)]


def test_a_candidate_on_the_party_list_may_not_give(engine, book):
    run_write(engine, lambda conn: store_reference_list(conn, book, "candidates", [
        ReferenceRow(PERSON, SIDOROV, 1), ReferenceRow(None, "Петров Пётр", 2)], "list.xlsx"))
    spent = at_desk(engine, book, lambda d: d.spend(spend_for("Петров Пётр")))
    assert spent.warnings == ()
    by_number = at_desk(engine, book, lambda d: d.receive(receipt(SIDOROV, PERSON)))
    by_name = at_desk(engine, book, lambda d: d.receive(receipt("ПЕТРОВ ПЁТР")))
    assert [(r.outcome, [(f.rule, f.amount, f.evidence) for f in r.findings]) for r in (by_number, by_name)] == [
        (Outcome.HELD, [("BAN_CANDIDATE_OWN", T("100 000"), f"{PERSON} is a candidate on the party's list")]),
        (Outcome.HELD, [("BAN_CANDIDATE_OWN", T("100 000"),
                         "name 'ПЕТРОВ ПЁТР' matches a candidate on the party's list")])]
    assert [code_of(f.evidence) for r in (by_number, by_name) for f in r.findings] == [
        "LISTED_CANDIDATE", "CANDIDATE_NAME"]


def test_the_party_list_puts_a_candidate_named_by_spending_on_it(engine, book):
    """The list comes after the spending: Сидоров is the same candidate, now on the list with
    his IIN and place, his spending still his, and from then on his gifts are refused."""
    first = at_desk(engine, book, lambda d: d.spend(spend_for(SIDOROV)))
    assert first.warnings == (NOT_ON_THE_LIST,)
    assert [code_of(w) for w in first.warnings] == ["CANDIDATE_NOT_ON_LIST"]
    [(candidate_id, *_)] = candidates(engine, book)
    added = run_write(engine, lambda conn: store_reference_list(conn, book, "candidates", [
        ReferenceRow(PERSON, "Сидоров  Сидор", 4)], "list.xlsx"))
    assert added == 1
    assert candidates(engine, book) == [(candidate_id, "Сидоров  Сидор", PERSON, 4, True)]
    again = at_desk(engine, book, lambda d: d.spend(spend_for(SIDOROV, dt.date(2007, 8, 3))))
    assert again.warnings == ()
    with engine.connect() as conn:
        assert conn.execute(select(func.sum(Posting.amount_tiyn)).where(
            Posting.book_id == book.id, Posting.candidate_id == candidate_id)).scalar_one() == T("200").tiyn
    gift = at_desk(engine, book, lambda d: d.receive(receipt(SIDOROV)))
    assert [(f.rule, f.evidence) for f in gift.findings] == [
        ("BAN_CANDIDATE_OWN", f"name {SIDOROV!r} matches a candidate on the party's list")]
    assert [(code_of(f.evidence), f.evidence.params) for f in gift.findings] == [("CANDIDATE_NAME", {"name": SIDOROV})]
    assert run_write(engine, lambda conn: store_reference_list(conn, book, "candidates", [
        ReferenceRow(PERSON, SIDOROV, 4)], "list.xlsx")) == 0
