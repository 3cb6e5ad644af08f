"""Properties that hold for any sequence of receipts, refunds, spending and reversals:
the trial balance is zero, accepted money never exceeds a cap, and every tenge received is
accounted for: received = accepted + refunds due + budget due + due to the party + paid back."""
import dataclasses
import datetime as dt
import itertools

from conftest import at_desk, new_book
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ledger.core.errors import LedgerError
from ledger.core.money import Money
from ledger.db.models import Account
from ledger.fund import ReceiptInput, SpendingInput
from ledger.journal.verify import verify_book
from ledger.reports.status import fund_status
from ledger.rules.donors import DonorFacts
from ledger.rules.profiles import BUILT_IN
from ledger.rules.receipts import FundSource

# Caps of 5 000 / 10 000 / 12 000 tenge (the 2007 source multiples on a base of 1 tenge, the
# whole fund's cut to 12 000): small enough that random receipts cross all three.
SMALL = dataclasses.replace(BUILT_IN["kz-2007"], code="small", base_amount=Money.tenge(1), total_multiple=12_000)
assert (SMALL.own_cap, SMALL.voluntary_cap) == (Money.tenge(5_000), Money.tenge(10_000))
DONORS = [DonorFacts("Иванов", None), DonorFacts("ТОО Альфа", None, "юр. лицо"), DonorFacts("", None),
          DonorFacts("Smith", None, None, "США"), DonorFacts("ГУ Аппарат акима", None)]
_codes = itertools.count()

receipt = st.tuples(st.just("receive"), st.sampled_from(list(FundSource)), st.integers(1, 400_000),
                    st.integers(0, len(DONORS) - 1))
spending = st.tuples(st.just("spend"), st.integers(1, 300_000))
refund = st.tuples(st.just("refund"), st.integers(1, 40))
reversal = st.tuples(st.just("reverse"), st.integers(1, 40))
operations = st.lists(st.one_of(receipt, receipt, spending, refund, reversal), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_any_sequence_keeps_the_books_whole(engine, ops):
    book = new_book(engine, SMALL, code=f"prop-{next(_codes)}")
    day = dt.date(2007, 8, 1)
    for n, op in enumerate(ops):
        try:
            if op[0] == "receive":
                _, source, tiyn, who = op
                at_desk(engine, book, lambda d: d.receive(ReceiptInput(source, Money(tiyn * 10), day, DONORS[who], f"d{n}")))
            elif op[0] == "spend":
                at_desk(engine, book, lambda d: d.spend(SpendingInput(Money(op[1] * 10), day, "printed", f"p{n}")))
            elif op[0] == "refund":
                at_desk(engine, book, lambda d: d.refund(op[1], day))
            else:
                at_desk(engine, book, lambda d: d.reverse(op[1], day))
        except LedgerError:
            pass   # refused operations (nothing owed, no such entry...) must leave no trace

    with engine.connect() as conn:
        s = fund_status(conn, book)
        trial = conn.execute(select(func.sum(Account.balance_tiyn)).where(Account.book_id == book.id)).scalar_one()
        report = verify_book(conn, book)
    assert int(trial) == 0
    assert report.ok, report.problems
    for cap in (s.own_funds, s.voluntary, s.total):
        assert Money(0) <= cap.accepted <= cap.limit
    assert s.received == s.total.accepted + s.refunds_due + s.budget_due + s.party_due + s.refunded
    assert s.bank_balance == s.received - s.refunded - s.spent
