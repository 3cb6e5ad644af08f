"""`verify` guards the findings too. They are not in the hash chain (their status changes as
money is paid back), but the journal says where they must be, so a breach deleted from the
findings table, or marked resolved by hand, no longer leaves `verify` saying ok while `check`
and the audit workbook quietly lose it.

The worked book (profile with a base of 10 tenge: voluntary cap 100,000), every way a
finding is written and resolved:

  seq  what                                                  findings
  1    an anonymous donor, 500 (due to the budget)           BAN_ANONYMOUS
  2    Иванов Иван, 98,000 accepted                          -
  3    Жанна Омарова, 5,000, her IIN fails its check digit   ID_INVALID (held as refund due)
  4    РГП на ПХВ «Больница», 1,000 (a state enterprise)     BAN_STATE
  5    200 of entry 1 transferred to the budget
  6    the other 300                                         BAN_ANONYMOUS resolved by 6
  7    reversal of 5: 200 owed again                         BAN_ANONYMOUS open again
  8    200 of entry 1 transferred again                      BAN_ANONYMOUS resolved by 8
  9    correction: entry 3 identified, 2,000 accepted        ID_INVALID resolved by 9;
                                                             CAP_VOLUNTARY 3,000 on entry 3
  10   refund of the 3,000 to Жанна Омарова                  CAP_VOLUNTARY resolved by 10
  11   reversal of 4, booked by mistake                      BAN_STATE resolved by 11
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from test_audit_workbook import IVANOV, PETROVA, PROFILE, day, receipt

from ledger.books import create_book
from ledger.cli import main
from ledger.core.money import Money
from ledger.core.notices import code_of
from ledger.db.engine import run_write
from ledger.fund import Desk
from ledger.journal.verify import verify_book
from ledger.reports.findings import findings

OMAROVA_TYPED = PETROVA[:-1] + str((int(PETROVA[-1]) + 1) % 10)    # fails its check digit


def build_book(engine):
    def work(conn):
        book = create_book(conn, "Партия «Тест»", "Выборы в Мажилис 2007", PROFILE, code="findings")
        desk = Desk(conn, book)
        desk.receive(receipt("", None, 500, 1))
        desk.receive(receipt("Иванов Иван", IVANOV, 98_000, 1))
        desk.receive(receipt("Жанна Омарова", OMAROVA_TYPED, 5_000, 1))
        desk.receive(receipt("РГП на ПХВ «Больница»", None, 1_000, 1))
        desk.refund(1, day(2), Money.tenge(200))
        desk.refund(1, day(2))
        desk.reverse(5, day(3))
        desk.refund(1, day(3))
        desk.identify(3, PETROVA, day(4))
        desk.refund(3, day(5))
        desk.reverse(4, day(6))
        desk.flush()
        return book
    return run_write(engine, work)


def problems_after(engine, book, *statements) -> list[str]:
    """Edit the findings as anyone with the database in hand can (they are not guarded),
    then verify."""
    with engine.begin() as conn:
        for sql in statements:
            conn.execute(text(sql), {"b": book.id})
    with engine.connect() as conn:
        return verify_book(conn, book).problems


def finding_id(engine, book, rule: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT id FROM findings WHERE book_id = :b AND rule = :r"),
                            {"b": book.id, "r": rule}).scalar_one()


def test_a_book_whose_findings_were_paid_back_identified_and_reversed_verifies(engine):
    book = build_book(engine)
    with engine.connect() as conn:
        report = verify_book(conn, book)
        found = [(f.entry_seq, f.rule, f.status, f.resolved_by) for f in findings(conn, book)]
    assert report.problems == [] and report.ok
    assert found == [(1, "BAN_ANONYMOUS", "resolved", 8), (3, "CAP_VOLUNTARY", "resolved", 10),
                     (3, "ID_INVALID", "resolved", 9), (4, "BAN_STATE", "resolved", 11)]


def test_a_deleted_finding_fails_verify(engine):
    book = build_book(engine)
    problems = problems_after(engine, book, "DELETE FROM findings WHERE book_id = :b AND rule = 'BAN_STATE'")
    assert problems == [
        "entry 4: a receipt that credited 2100 has no finding (the breach it was booked for was deleted)"]
    assert [(code_of(p), p.params) for p in problems] == [("FINDING_MISSING", {"seq": 4, "account": "2100"})]


def test_a_finding_resolved_without_a_settling_entry_fails_verify(engine):
    book = build_book(engine)
    anonymous, cap, state = (finding_id(engine, book, rule)
                             for rule in ("BAN_ANONYMOUS", "CAP_VOLUNTARY", "BAN_STATE"))
    problems = problems_after(
        engine, book,
        "UPDATE findings SET resolved_by_seq = NULL WHERE book_id = :b AND rule = 'BAN_ANONYMOUS'",
        "UPDATE findings SET resolved_by_seq = 2 WHERE book_id = :b AND rule = 'BAN_STATE'",
        "UPDATE findings SET resolved_by_seq = 99 WHERE book_id = :b AND rule = 'CAP_VOLUNTARY'",
    )
    assert [code_of(p) for p in problems] == [
        "FINDING_RESOLVED_BY_NOTHING", "FINDING_RESOLVED_BY_WRONG_ENTRY", "FINDING_RESOLVED_BY_MISSING_ENTRY"]
    assert problems[1].params == {"seq": 4, "finding": state, "rule": "BAN_STATE", "by": 2}
    assert problems == [
        f"entry 1: finding {anonymous} (BAN_ANONYMOUS) is marked resolved but names no entry that resolved it",
        f"entry 4: finding {state} (BAN_STATE) is marked resolved by entry 2, which neither settles nor "
        "reverses entry 4",
        f"entry 3: finding {cap} (CAP_VOLUNTARY) is marked resolved by entry 99, which is not in the book",
    ]


def owed_book(engine):
    """One anonymous gift of 500, all of it owed to the budget."""
    def work(conn):
        book = create_book(conn, "Партия «Тест»", "Выборы в Мажилис 2007", PROFILE, code="owed")
        desk = Desk(conn, book)
        desk.receive(receipt("", None, 500, 1))
        desk.flush()
        return book
    return run_write(engine, work)


def test_a_breach_still_owed_back_cannot_be_marked_resolved(engine):
    """Before anything is paid back: entry 1's 500 is still due to the budget."""
    book = owed_book(engine)
    anonymous = finding_id(engine, book, "BAN_ANONYMOUS")
    problems = problems_after(engine, book, "UPDATE findings SET status = 'resolved' WHERE book_id = :b")
    assert problems == [
        f"entry 1: finding {anonymous} (BAN_ANONYMOUS) is marked resolved but names no entry that resolved it",
        "entry 1: 500,00\u00a0₸ is still owed back but none of its findings is open",
    ]
    assert [code_of(p) for p in problems] == ["FINDING_RESOLVED_BY_NOTHING", "FINDING_NONE_OPEN"]
    assert problems[1].params == {"seq": 1, "owed": "500.00"}


def test_a_finding_moved_off_its_entry_fails_verify(engine):
    book = build_book(engine)
    state = finding_id(engine, book, "BAN_STATE")
    problems = problems_after(engine, book,
                              "UPDATE findings SET entry_seq = 99 WHERE book_id = :b AND rule = 'BAN_STATE'")
    assert problems == [
        "entry 4: a receipt that credited 2100 has no finding (the breach it was booked for was deleted)",
        f"finding {state} (BAN_STATE) points at entry 99, which is not in the book",
    ]
    assert [code_of(p) for p in problems] == ["FINDING_MISSING", "FINDING_ASTRAY"]


@pytest.mark.parametrize("tampering, first_line", [
    ("DELETE FROM findings WHERE book_id = :b AND rule = 'BAN_STATE'",
     "FAILED: entry 4: a receipt that credited 2100 has no finding (the breach it was booked for was deleted)"),
    ("UPDATE findings SET status = 'resolved', resolved_by_seq = NULL WHERE book_id = :b AND rule = 'BAN_STATE'",
     "FAILED: entry 4: finding {state} (BAN_STATE) is marked resolved but names no entry that resolved it"),
], ids=["deleted", "resolved by hand"])
def test_the_verify_command_fails_on_tampered_findings(engine, db_url, tampering, first_line):
    book = build_book(engine)
    state = finding_id(engine, book, "BAN_STATE")
    problems_after(engine, book, tampering)
    r = CliRunner().invoke(main, ["--db", db_url, "verify"], catch_exceptions=False)
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == first_line.format(state=state)


@pytest.mark.parametrize("lang, lines", [
    ("en", ["FAILED: entry 1: finding {f} (BAN_ANONYMOUS) is marked resolved but names no entry that resolved it",
            "  also: entry 1: 500.00\u00a0KZT is still owed back but none of its findings is open"]),
    ("ru", ["НЕ ПРОЙДЕНА: запись 1: нарушение {f} (BAN_ANONYMOUS) отмечено устранённым, но не указана запись, "
            "которая его устранила",
            "  также: запись 1: 500,00\u00a0₸ ещё подлежит возврату, но ни одно из её нарушений не открыто"]),
    ("kk", ["ӨТПЕДІ: 1-жазба: {f} бұзушылығы (BAN_ANONYMOUS) жойылды деп белгіленген, бірақ оны жойған жазба "
            "көрсетілмеген",
            "  сондай-ақ: 1-жазба: 500,00\u00a0₸ әлі қайтарылуға тиіс, бірақ оның бірде-бір бұзушылығы ашық емес"]),
])
def test_the_verify_command_says_its_problems_in_the_readers_language(engine, db_url, lang, lines):
    """The problems keep their English, code and figures (``--format json``); printed, they are
    the reader's sentences, with the amount in the reader's convention."""
    book = owed_book(engine)
    anonymous = finding_id(engine, book, "BAN_ANONYMOUS")
    problems_after(engine, book, "UPDATE findings SET status = 'resolved' WHERE book_id = :b")
    r = CliRunner().invoke(main, ["--db", db_url, "--lang", lang, "verify"], catch_exceptions=False)
    assert r.exit_code == 1
    assert r.output.splitlines()[:2] == [line.format(f=anonymous) for line in lines]
    machine = CliRunner().invoke(main, ["--db", db_url, "--lang", lang, "verify", "--format", "json"])
    assert [n["code"] for n in json.loads(machine.output)["notices"]] == ["FINDING_RESOLVED_BY_NOTHING",
                                                                         "FINDING_NONE_OPEN"]
    assert json.loads(machine.output)["problems"][1] == \
        "entry 1: 500,00\u00a0₸ is still owed back but none of its findings is open"
