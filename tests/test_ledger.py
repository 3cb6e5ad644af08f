"""Worked examples of the ledger: tiny books from literal tables, exact balances and findings.
Every test here runs on SQLite and on PostgreSQL."""
import datetime as dt

import pytest
from conftest import at_desk, new_book
from sqlalchemy import func, select

from ledger.core.errors import (
    CeilingExceeded,
    LedgerError,
    OverspendRefused,
    UnbalancedEntry,
)
from ledger.core.ids import check_digit
from ledger.core.money import Money
from ledger.core.types import EntryDraft, Line
from ledger.db.models import Entry, Finding
from ledger.fund import ReceiptInput, SpendingInput
from ledger.reports.findings import findings
from ledger.reports.status import fund_status
from ledger.rules.donors import DonorFacts
from ledger.rules.receipts import FundSource, Outcome

D = dt.date(2007, 8, 1)
T = Money.parse


def iin(seed: int) -> str:
    for n in range(seed, seed + 1000):
        first11 = f"8503054{n % 10000:04d}"
        if check_digit(first11) is not None:
            return first11 + str(check_digit(first11))
    raise AssertionError


def contribution(amount, name="Иванов Иван", id_number=None, doc=None, day=D, **kw):
    return ReceiptInput(FundSource.VOLUNTARY, T(amount), day, DonorFacts(name, id_number, kw.get("type"), kw.get("citizenship")), doc)


def own(amount, doc=None, day=D):
    return ReceiptInput(FundSource.OWN_FUNDS, T(amount), day, DonorFacts("Партия «Жасыл Дала»", None, "юр. лицо"), doc)


def status_of(engine, book):
    with engine.connect() as conn:
        return fund_status(conn, book)


def test_a_small_book_from_a_table(engine, book):
    table = [
        own("30 000 000", "п/п 1"),
        contribution("1 000 000", "Иванов Иван", iin(1), "п/п 2"),
        contribution("500 000", "Smith John", iin(2), "п/п 3", citizenship="Великобритания"),
        contribution("10 000", "", None, "п/п 4"),
        own("20 000 000", "п/п 5"),
    ]
    results = at_desk(engine, book, lambda desk: [desk.receive(r) for r in table])
    assert [r.outcome for r in results] == [Outcome.POSTED, Outcome.POSTED, Outcome.HELD, Outcome.HELD, Outcome.SPLIT]
    assert results[4].due_to_party == T("1 240 000")
    s = status_of(engine, book)
    assert s.own_funds.accepted == T("48 760 000")
    assert s.voluntary.accepted == T("1 000 000")
    assert s.total.accepted == T("49 760 000")
    assert s.received == T("51 510 000")
    assert (s.refunds_due, s.budget_due, s.party_due) == (T("500 000"), T("10 000"), T("1 240 000"))
    assert s.bank_balance == T("51 510 000")
    assert s.available == T("49 760 000")
    assert s.received == s.total.accepted + s.refunds_due + s.budget_due + s.party_due + s.refunded
    assert s.open_findings == 3
    with engine.connect() as conn:
        assert [(f.rule, f.amount.machine(), f.entry_seq) for f in findings(conn, book)] == [
            ("BAN_FOREIGN", "500000.00", 3), ("BAN_ANONYMOUS", "10000.00", 4), ("CAP_OWN", "1240000.00", 5)]


def test_refunds_clear_the_liability_and_resolve_the_finding(engine, book):
    at_desk(engine, book, lambda d: d.receive(contribution("500 000", "Smith", iin(2), "1", citizenship="США")))
    part = at_desk(engine, book, lambda d: d.refund(1, D, T("200 000")))
    assert part.reason == "paid to the donor; 300\u00a0000,00\u00a0₸ still owed"
    assert status_of(engine, book).open_findings == 1
    rest = at_desk(engine, book, lambda d: d.refund(1, D))
    assert rest.amount == T("300 000")
    s = status_of(engine, book)
    assert (s.refunds_due, s.refunded, s.bank_balance, s.open_findings) == (Money(0), T("500 000"), Money(0), 0)
    with engine.connect() as conn:
        (f,) = findings(conn, book)
    assert (f.status, f.resolved_by) == ("resolved", 3)
    with pytest.raises(LedgerError, match="nothing is owed back for entry 1") as refused:
        at_desk(engine, book, lambda d: d.refund(1, D))
    assert refused.value.code == "NOTHING_OWED_BACK"


def test_anonymous_money_is_paid_to_the_budget(engine, book):
    at_desk(engine, book, lambda d: d.receive(contribution("7 000", "", None, "9")))
    r = at_desk(engine, book, lambda d: d.refund(1, D))
    assert r.reason.startswith("paid to the republican budget")
    s = status_of(engine, book)
    assert (s.budget_due, s.refunded, s.open_findings) == (Money(0), T("7 000"), 0)


def test_spending_may_not_use_money_owed_back(engine, book):
    at_desk(engine, book, lambda d: [d.receive(own("1 000 000", "1")),
                                     d.receive(contribution("400 000", "Ли", iin(3), "2", citizenship="Китай"))])
    with pytest.raises(OverspendRefused) as err:
        at_desk(engine, book, lambda d: d.spend(SpendingInput(T("1 000 000,01"), D, "media_tv", "Телеканал"),
                                                refuse_overspend=True))
    assert err.value.code == "OVERSPEND_REFUSED"
    assert str(err.value) == ("spending 1\u00a0000\u00a0000,01\u00a0₸ would overspend the fund: only "
                              "1\u00a0000\u00a0000,00\u00a0₸ is available (money owed back cannot be spent)")
    assert status_of(engine, book).spent == Money(0)
    at_desk(engine, book, lambda d: d.spend(SpendingInput(T("1 000 000"), D, "media_tv", "Телеканал", candidate="Петров П.П.")))
    recorded = at_desk(engine, book, lambda d: d.spend(SpendingInput(T("50 000"), D, "printed", "Типография")))
    assert [(f.rule, f.amount) for f in recorded.findings] == [("OVERSPEND", T("50 000"))]
    s = status_of(engine, book)
    assert (s.spent, s.available, s.refunds_due) == (T("1 050 000"), T("-50 000"), T("400 000"))


def test_a_reversal_mirrors_the_entry_and_resolves_its_findings(engine, book):
    at_desk(engine, book, lambda d: [d.receive(own("48 000 000", "1")), d.receive(own("1 000 000", "2"))])
    assert status_of(engine, book).open_findings == 1            # CAP_OWN on entry 2
    at_desk(engine, book, lambda d: d.reverse(2, D, "entered twice"))
    s = status_of(engine, book)
    assert (s.own_funds.accepted, s.party_due, s.received, s.open_findings) == (T("48 000 000"), Money(0), T("48 000 000"), 0)
    with engine.connect() as conn:
        rev = conn.execute(select(Entry.__table__).where(Entry.book_id == book.id, Entry.seq == 3)).one()
    assert (rev.kind, rev.reverses_seq) == ("reversal", 2)
    with pytest.raises(LedgerError, match="entry 2 was already reversed by entry 3") as refused:
        at_desk(engine, book, lambda d: d.reverse(2, D))
    assert refused.value.code == "ALREADY_REVERSED"
    with pytest.raises(LedgerError, match="entry 3 is itself a reversal") as refused:
        at_desk(engine, book, lambda d: d.reverse(3, D))
    assert refused.value.code == "REVERSAL_OF_A_REVERSAL"


def test_a_paid_back_receipt_cannot_be_reversed_before_its_refund(engine, book):
    at_desk(engine, book, lambda d: d.receive(contribution("5 000", "", None, "1")))
    at_desk(engine, book, lambda d: d.refund(1, D))
    with pytest.raises(LedgerError, match=r"entry 1 has later entries that settle it \(2\); reverse those first") as refused:
        at_desk(engine, book, lambda d: d.reverse(1, D))
    assert refused.value.code == "REVERSAL_WITH_LATER_SETTLEMENTS"
    at_desk(engine, book, lambda d: d.reverse(2, D))          # the budget transfer is undone...
    assert status_of(engine, book).open_findings == 1         # ...so BAN_ANONYMOUS is open again


def test_the_same_receipt_twice_is_a_duplicate_and_a_changed_one_a_conflict(engine, book):
    first = at_desk(engine, book, lambda d: d.receive(contribution("1 000", "Иванов", iin(1), "77")))
    again = at_desk(engine, book, lambda d: d.receive(contribution("1 000", "Иванов", iin(1), "77")))
    assert (again.outcome, again.seq, again.reason) == (Outcome.DUPLICATE, first.seq, "already in the book as entry 1")
    changed = at_desk(engine, book, lambda d: d.receive(contribution("1 000", "Иванов", iin(1), "77", citizenship="РК")))
    assert changed.outcome is Outcome.REJECTED
    assert changed.reason.startswith("conflicts with entry 1: same payer, document, date and amount")
    assert status_of(engine, book).received == T("1 000")


def test_an_invalid_iin_is_held_until_a_correction_identifies_the_donor(engine, book):
    good = iin(5)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    r = at_desk(engine, book, lambda d: d.receive(contribution("300 000", "Жанна Омарова", bad, "5")))
    assert (r.outcome, r.refund_due, [f.rule for f in r.findings]) == (Outcome.HELD, T("300 000"), ["ID_INVALID"])
    fixed = at_desk(engine, book, lambda d: d.identify(1, good, D))
    assert (fixed.outcome, fixed.accepted) == (Outcome.POSTED, T("300 000"))
    s = status_of(engine, book)
    assert (s.voluntary.accepted, s.refunds_due, s.open_findings) == (T("300 000"), Money(0), 0)


def test_the_engine_refuses_an_unbalanced_entry_and_a_broken_ceiling(engine, book):
    def unbalanced(desk):
        desk.ledger.post(EntryDraft("contribution", D, [Line("bank", T("10")), Line("own_funds", -T("9"))], "k1", {}))

    with pytest.raises(UnbalancedEntry, match="does not balance: its postings sum to 1,00") as refused:
        at_desk(engine, book, unbalanced)
    assert refused.value.code == "ENTRY_UNBALANCED"

    def over_cap(desk):
        desk.ledger.post(EntryDraft("own_funds", D, [Line("bank", T("48 760 000,01")),
                                                     Line("own_funds", -T("48 760 000,01"))], "k2", {}))

    with pytest.raises(CeilingExceeded, match="3100 Own funds of the party would hold 48\u00a0760\u00a0000,01") as refused:
        at_desk(engine, book, over_cap)
    assert refused.value.code == "CEILING_EXCEEDED"
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Entry)).scalar_one() == 0


def test_two_books_in_one_database_keep_apart(engine, book):
    other = new_book(engine, party="Партия «Алға»", code="alga-2007")
    at_desk(engine, book, lambda d: d.receive(own("1 000", "1")))
    at_desk(engine, other, lambda d: d.receive(own("2 000", "1")))
    assert status_of(engine, book).own_funds.accepted == T("1 000")
    assert status_of(engine, other).own_funds.accepted == T("2 000")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Finding)).scalar_one() == 0


def test_a_reversed_receipt_can_be_booked_again_corrected_and_only_once(engine, book):
    wrong = contribution("5 000", "ТОО Альфа", iin(7), "77", type="физ. лицо")
    right = contribution("5 000", "ТОО Альфа", iin(7), "77", type="юр. лицо")
    at_desk(engine, book, lambda d: d.receive(wrong))
    conflict = at_desk(engine, book, lambda d: d.receive(right))
    assert conflict.reason == ("conflicts with entry 1: same payer, document, date and amount but different "
                               "details; correct the row, or reverse entry 1 and book it again")
    at_desk(engine, book, lambda d: d.reverse(1, D))
    again = at_desk(engine, book, lambda d: d.receive(right))
    assert (again.outcome, again.seq) == (Outcome.POSTED, 3)
    twice = at_desk(engine, book, lambda d: d.receive(right))
    assert (twice.outcome, twice.seq) == (Outcome.DUPLICATE, 3)
    with engine.connect() as conn:
        keys = conn.execute(select(Entry.idempotency_key).where(Entry.book_id == book.id).order_by(Entry.seq)).scalars().all()
    assert keys[2] == keys[0] + "|after-2"
    assert status_of(engine, book).received == T("5 000")


def test_reversing_part_of_a_repayment_reopens_the_finding(engine, book):
    at_desk(engine, book, lambda d: d.receive(contribution("500", "", None, "1")))      # 1: BAN_ANONYMOUS
    at_desk(engine, book, lambda d: d.refund(1, D, T("200")))                           # 2
    at_desk(engine, book, lambda d: d.refund(1, D))                                     # 3: resolves
    assert status_of(engine, book).open_findings == 0
    at_desk(engine, book, lambda d: d.reverse(2, D))                                    # 4: 200 owed again
    s = status_of(engine, book)
    assert (s.budget_due, s.open_findings) == (T("200"), 1)
    at_desk(engine, book, lambda d: d.refund(1, D))                                     # 5
    with engine.connect() as conn:
        (f,) = findings(conn, book)
    assert (f.status, f.resolved_by) == ("resolved", 5)
    at_desk(engine, book, lambda d: d.reverse(5, D))
    at_desk(engine, book, lambda d: d.reverse(3, D))
    at_desk(engine, book, lambda d: d.reverse(1, D))    # the receipt itself, once nothing settles it
    assert status_of(engine, book).received == Money(0)


def test_identify_is_only_for_an_invalid_id_and_its_cap_excess_is_the_receipts(engine, book):
    good = iin(5)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    at_desk(engine, book, lambda d: d.receive(contribution("97 519 000", "ТОО Бета", iin(9), "1")))
    at_desk(engine, book, lambda d: d.receive(contribution("5 000", "Жанна", bad, "2")))
    with pytest.raises(LedgerError, match="entry 1 has no open ID_INVALID finding") as refused:
        at_desk(engine, book, lambda d: d.identify(1, good, D))
    assert refused.value.code == "IDENTIFY_WITHOUT_ID_INVALID"
    with pytest.raises(LedgerError, match=r"--date 31.07.2007 is before the receipt itself \(01.08.2007\)") as refused:
        at_desk(engine, book, lambda d: d.identify(2, good, dt.date(2007, 7, 31)))
    assert refused.value.code == "DATE_BEFORE_THE_ENTRY"
    fixed = at_desk(engine, book, lambda d: d.identify(2, good, D))
    assert (fixed.outcome, fixed.accepted, [f.rule for f in fixed.findings]) == (Outcome.SPLIT, T("1 000"), ["CAP_VOLUNTARY"])
    with engine.connect() as conn:
        assert [(f.rule, f.status, f.entry_seq) for f in findings(conn, book)] == [
            ("CAP_VOLUNTARY", "open", 2), ("ID_INVALID", "resolved", 2)]
    at_desk(engine, book, lambda d: d.refund(2, D))
    s = status_of(engine, book)
    assert (s.voluntary.accepted, s.refunds_due, s.open_findings) == (T("97 520 000"), Money(0), 0)


def test_reversing_a_receipt_already_spent_is_an_overspend(engine, book):
    at_desk(engine, book, lambda d: d.receive(own("10 000", "1")))
    at_desk(engine, book, lambda d: d.spend(SpendingInput(T("8 000"), D, "printed", "Типография")))
    at_desk(engine, book, lambda d: d.reverse(1, D))
    with engine.connect() as conn:
        assert [(f.rule, f.amount, f.entry_seq) for f in findings(conn, book)] == [("OVERSPEND", T("8 000"), 3)]


def test_money_is_not_paid_back_nor_an_entry_reversed_before_the_entry_itself(engine, book):
    day = dt.date(2007, 8, 4)
    at_desk(engine, book, lambda d: d.receive(contribution("500 000", "Smith", iin(2), "1", day, citizenship="США")))
    with pytest.raises(LedgerError) as early_refund:
        at_desk(engine, book, lambda d: d.refund(1, dt.date(2007, 1, 1)))
    assert early_refund.value.code == "DATE_BEFORE_THE_ENTRY"
    assert str(early_refund.value) == "--date 01.01.2007 is before entry 1 itself (04.08.2007)"
    with pytest.raises(LedgerError) as early_reversal:
        at_desk(engine, book, lambda d: d.reverse(1, dt.date(2007, 8, 3)))
    assert early_reversal.value.code == "DATE_BEFORE_THE_ENTRY"
    assert str(early_reversal.value) == "--date 03.08.2007 is before entry 1 itself (04.08.2007)"
    assert status_of(engine, book).refunded == Money(0)

    paid = at_desk(engine, book, lambda d: d.refund(1, day))          # the same day will do
    with pytest.raises(LedgerError) as early_undo:
        at_desk(engine, book, lambda d: d.reverse(paid.seq, dt.date(2007, 8, 3)))
    assert early_undo.value.code == "DATE_BEFORE_THE_ENTRY"
    assert str(early_undo.value) == "--date 03.08.2007 is before entry 2 itself (04.08.2007)"
    at_desk(engine, book, lambda d: d.reverse(paid.seq, day))
    s = status_of(engine, book)
    assert (s.refunds_due, s.refunded, s.open_findings) == (T("500 000"), Money(0), 1)


def test_a_donor_known_only_by_number_is_named_by_it_in_the_journal(engine, book):
    table = [
        contribution("1 000", "", "070440000006", "1"),       # a BIN is public
        contribution("2 000", "", iin(1), "2"),               # an IIN tells a birth date: masked
        contribution("3 000", "Иванов Иван", iin(1), "3"),
        contribution("4 000", "", None, "4"),
    ]
    at_desk(engine, book, lambda d: [d.receive(r) for r in table])
    with engine.connect() as conn:
        memos = conn.execute(select(Entry.memo).where(Entry.book_id == book.id).order_by(Entry.seq)).scalars().all()
    assert memos == ["Contribution from BIN 070440000006", "Contribution from IIN ********0010",
                     "Contribution from Иванов Иван", "Contribution from an anonymous donor"]


def test_money_owed_back_cannot_be_paid_from_an_account_the_fund_overspent(engine, book):
    at_desk(engine, book, lambda d: d.receive(own("1 000 000", "1")))
    at_desk(engine, book, lambda d: d.receive(contribution("500 000", "Smith", iin(2), "2", citizenship="США")))
    at_desk(engine, book, lambda d: d.spend(SpendingInput(T("1 000 000"), D, "media_tv", payee="ТВ")))
    at_desk(engine, book, lambda d: d.reverse(1, D))   # the own funds go: the account is 500 000 short
    with pytest.raises(OverspendRefused) as err:
        at_desk(engine, book, lambda d: d.refund(2, D))
    assert err.value.code == "REFUND_OVER_THE_BANK_BALANCE"
    assert str(err.value) == ("paying back 500\u00a0000,00\u00a0₸ would take the fund's account below zero: it holds "
                              "-500\u00a0000,00\u00a0₸ (the fund has spent money it owed back)")


def test_a_supplier_refund_brings_money_back_and_lessens_that_spending(engine, book):
    at_desk(engine, book, lambda d: d.receive(own("1 000 000", "1")))
    at_desk(engine, book, lambda d: d.spend(SpendingInput(T("300 000"), D, "printed", "Типография «Альфа»",
                                                          candidate="Петров П.П.", document="15")))
    part = at_desk(engine, book, lambda d: d.supplier_refund(2, D, T("120 000"), "unused advance"))
    assert (part.seq, part.amount, part.reason) == (3, T("120 000"), "180\u00a0000,00\u00a0₸ of entry 2 still spent")
    s = status_of(engine, book)
    assert (s.spent, s.bank_balance, s.available, s.received) == (T("180 000"), T("820 000"), T("820 000"), T("1 000 000"))
    with pytest.raises(LedgerError, match=r"entry 2 has only 180\u00a0000,00\u00a0₸ left to pay back; "
                                          r"cannot take back 180\u00a0000,01\u00a0₸") as refused:
        at_desk(engine, book, lambda d: d.supplier_refund(2, D, T("180 000,01")))
    assert refused.value.code == "SUPPLIER_REFUND_OVER_WHAT_IS_LEFT"
    with pytest.raises(LedgerError, match="entry 2 has later entries that settle it") as refused:
        at_desk(engine, book, lambda d: d.reverse(2, D))
    assert refused.value.code == "REVERSAL_WITH_LATER_SETTLEMENTS"
    rest = at_desk(engine, book, lambda d: d.supplier_refund(2, D))      # the rest, by default
    assert rest.amount == T("180 000")
    assert (status_of(engine, book).spent, status_of(engine, book).bank_balance) == (Money(0), T("1 000 000"))
    with pytest.raises(LedgerError, match="entry 2 was paid back in full already") as refused:
        at_desk(engine, book, lambda d: d.supplier_refund(2, D))
    assert refused.value.code == "SUPPLIER_REFUND_ALREADY_WHOLE"
    at_desk(engine, book, lambda d: d.reverse(4, D, "the bank returned it"))   # undoing a refund spends it again
    assert status_of(engine, book).spent == T("180 000")
    with engine.connect() as conn:
        from ledger.reports.registers import SPENDING, register_lines
        assert [(ln.seq, ln.kind, ln.amount, ln.category, ln.candidate, ln.linked_seq)
                for ln in register_lines(conn, book, [SPENDING])] == [
            (2, "spending", T("300 000"), "printed", "Петров П.П.", None),
            (3, "supplier_refund", T("-120 000"), "printed", "Петров П.П.", 2),
            (4, "supplier_refund", T("-180 000"), "printed", "Петров П.П.", 2),
            (5, "reversal", T("180 000"), "printed", "Петров П.П.", 4)]


def test_only_spending_is_paid_back_by_a_supplier_and_not_before_it(engine, book):
    at_desk(engine, book, lambda d: d.receive(own("1 000 000", "1")))
    at_desk(engine, book, lambda d: d.spend(SpendingInput(T("300 000"), D, "printed", "Типография")))
    with pytest.raises(LedgerError, match=r"entry 1 is not spending \(own_funds\)") as refused:
        at_desk(engine, book, lambda d: d.supplier_refund(1, D))
    assert refused.value.code == "SUPPLIER_REFUND_OF_A_NON_SPENDING"
    with pytest.raises(LedgerError, match=r"--date 31.07.2007 is before entry 2 itself \(01.08.2007\)") as refused:
        at_desk(engine, book, lambda d: d.supplier_refund(2, dt.date(2007, 7, 31)))
    assert refused.value.code == "DATE_BEFORE_THE_ENTRY"
    at_desk(engine, book, lambda d: d.reverse(2, D))
    with pytest.raises(LedgerError, match="entry 2 was reversed: nothing of it is left to pay back") as refused:
        at_desk(engine, book, lambda d: d.supplier_refund(2, D))
    assert refused.value.code == "SUPPLIER_REFUND_OF_A_REVERSED_ENTRY"


def test_a_refusal_at_the_desk_carries_its_code_and_its_values(engine, book):
    from ledger.core.errors import LedgerError

    at_desk(engine, book, lambda d: d.receive(contribution("5 000", doc="1")))          # 1
    at_desk(engine, book, lambda d: d.reverse(1, D))                                     # 2
    for work, code, text in (
            (lambda d: d.reverse(1, D), "ALREADY_REVERSED", "entry 1 was already reversed by entry 2"),
            (lambda d: d.reverse(2, D), "REVERSAL_OF_A_REVERSAL", "entry 2 is itself a reversal; post the "
                                                                  "original again instead"),
            (lambda d: d.refund(1, D), "NOTHING_OWED_BACK", "nothing is owed back for entry 1"),
            (lambda d: d.reverse(9, D), "ENTRY_NOT_FOUND", f"no entry 9 in book {book.code}")):
        with pytest.raises(LedgerError) as err:
            at_desk(engine, book, work)
        assert (err.value.code, str(err.value)) == (code, text)
