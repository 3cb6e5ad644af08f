"""Where a fund stands: caps, money received, owed back, spent and available.

Read from the accounts' cached balances (kept in the posting transaction) and the findings
table; ``verify`` proves the cache equals the journal. Every figure is exact Money.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, select

from ledger.core.codes import RECEIPT_KINDS, CapKey, EntryKind, FundSource
from ledger.core.money import Money
from ledger.core.types import BookInfo
from ledger.db import queries as q
from ledger.db.models import Account, Entry, Finding, Posting
from ledger.db.queries import Association, BookDates
from ledger.rules.calendar import ReportDue, report_due


@dataclass(frozen=True)
class CapStatus:
    limit: Money
    accepted: Money

    @property
    def headroom(self) -> Money:
        return self.limit - self.accepted

    @property
    def percent(self):
        return self.accepted.percent_of(self.limit)

    def as_json(self) -> dict:
        return {"limit": self.limit.machine(), "accepted": self.accepted.machine(),
                "headroom": self.headroom.machine(), "percent": str(self.percent)}


@dataclass(frozen=True)
class FundStatus:
    book: BookInfo
    caps: tuple[tuple[CapKey, CapStatus], ...]   # each source's cap in the profile's order, then the whole fund's
    received: Money
    refunds_due: Money
    budget_due: Money
    party_due: Money
    refunded: Money
    spent: Money
    bank_balance: Money
    open_findings: int
    entries: int
    dates: BookDates = BookDates(None, None, None)
    close_out_budget: Money = Money(0)    # the close-out's division, booked into budget_due and party_due
    close_out_party: Money = Money(0)
    report: ReportDue | None = None       # when the final report is due
    close_out_owed_budget: Money = Money(0)   # of the division, what is still to be paid out
    close_out_owed_party: Money = Money(0)
    association: Association | None = None   # a candidate's nominating association, when the book records it

    @property
    def close_out_paid_budget(self) -> Money:
        return self.close_out_budget - self.close_out_owed_budget

    @property
    def close_out_paid_party(self) -> Money:
        return self.close_out_party - self.close_out_owed_party

    @property
    def closed(self) -> bool:
        return self.dates.closed_on is not None

    def cap(self, key: CapKey | str) -> CapStatus | None:
        """A cap's status; None for a source the fund does not have."""
        return dict(self.caps).get(CapKey(key))

    @property
    def own_funds(self) -> CapStatus:
        return self.cap(CapKey.OWN)

    @property
    def voluntary(self) -> CapStatus:
        return self.cap(CapKey.VOLUNTARY)

    @property
    def total(self) -> CapStatus:
        return self.cap(CapKey.TOTAL)

    @property
    def source_caps(self) -> tuple[tuple[str, CapStatus], ...]:
        """Each source's code and cap, as ``status`` lists them."""
        return tuple((s.code, self.cap(FundSource(s.code).cap_key)) for s in self.book.profile.sources)

    @property
    def available(self) -> Money:
        return self.bank_balance - self.refunds_due - self.budget_due - self.party_due

    def as_json(self) -> dict:
        return {
            "book": self.book.code, "party": self.book.party, "election": self.book.election,
            "profile": self.book.profile.code, "profile_status": self.book.profile.status,
            "caveat": self.book.profile.caveat(),
            "caps": {**{code: cap.as_json() for code, cap in self.source_caps}, "total": self.total.as_json()},
            "received": self.received.machine(), "refunds_due": self.refunds_due.machine(),
            "budget_due": self.budget_due.machine(), "party_due": self.party_due.machine(),
            "refunded": self.refunded.machine(), "spent": self.spent.machine(),
            "bank_balance": self.bank_balance.machine(), "available": self.available.machine(),
            "open_findings": self.open_findings, "entries": self.entries,
            "closed_on": _iso(self.dates.closed_on),
            "close_out": {"budget": self.close_out_budget.machine(), "party": self.close_out_party.machine()},
            "close_out_still_owed": {"budget": self.close_out_owed_budget.machine(),
                                     "party": self.close_out_owed_party.machine()},
            "election_date": _iso(self.dates.election_date), "results_date": _iso(self.dates.results_date),
            "report": None if self.report is None else {
                "due": self.report.due.isoformat(), "days_left": self.report.days_left,
                "from_results": self.report.from_results},
            "association": None if self.association is None else {
                "name": self.association.name, "bin": self.association.bin},
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# The account whose balance a cap holds: a source's own account, the whole fund's sources.
_CAP_ROLE = {CapKey.TOTAL: "fund_sources", **{s.cap_key: s.value for s in FundSource}}


def balances_by_role(conn: Connection, book_id: int) -> dict[str, int]:
    """Signed balances (debit positive) of every account, rolled up into its parents."""
    rows = conn.execute(select(Account.id, Account.role, Account.parent_id, Account.balance_tiyn)
                        .where(Account.book_id == book_id)).all()
    by_id = {r.id: r for r in rows}
    totals = {r.role: 0 for r in rows}
    for r in rows:
        cur = r
        while cur is not None:
            totals[cur.role] += r.balance_tiyn
            cur = by_id.get(cur.parent_id) if cur.parent_id else None
    return totals


def fund_status(conn: Connection, book: BookInfo, today: dt.date | None = None) -> FundStatus:
    """Where ``book`` stands; ``today`` (the local day by default) counts the days left to report."""
    b = balances_by_role(conn, book.id)
    dates = q.book_dates(conn, book.id)
    division = close_out_division(conn, book.id)
    close_out = q.close_out_seq(conn, book.id)
    still_owed = q.owed_back(conn, book.id, close_out) if close_out is not None else {}
    p = book.profile
    # Received: what came into the bank from receipts; refunded: what left it to pay money
    # back. A reversal counts as the kind of entry it reverses, so both are net of them.
    entry, orig = Entry.__table__.alias("e"), Entry.__table__.alias("orig")
    kind = func.coalesce(orig.c.kind, entry.c.kind)
    flows = {k: int(v) for k, v in conn.execute(
        select(kind, func.coalesce(func.sum(Posting.amount_tiyn), 0))
        .select_from(Posting)
        .join(entry, and_(entry.c.book_id == Posting.book_id, entry.c.seq == Posting.entry_seq))
        .outerjoin(orig, and_(orig.c.book_id == entry.c.book_id, orig.c.seq == entry.c.reverses_seq))
        .join(Account, Account.id == Posting.account_id)
        .where(Posting.book_id == book.id, Account.role == "bank")
        .group_by(kind))}  # int(): PostgreSQL sums bigint as numeric
    open_findings = conn.execute(select(func.count()).select_from(Finding).where(
        Finding.book_id == book.id, Finding.status == "open")).scalar_one()
    entries = conn.execute(select(func.count()).select_from(Entry).where(Entry.book_id == book.id)).scalar_one()
    return FundStatus(
        book=book,
        caps=tuple((key, CapStatus(p.cap(key), Money(-b[_CAP_ROLE[key]]))) for key in p.cap_keys),
        received=Money(sum(flows.get(kind, 0) for kind in RECEIPT_KINDS)),
        refunds_due=Money(-b["refunds_due"]),
        budget_due=Money(-b["budget_due"]),
        party_due=Money(-b["party_due"]),
        refunded=Money(-(flows.get("refund", 0) + flows.get("budget_transfer", 0))),
        spent=Money(b["spending"]),
        bank_balance=Money(b["bank"]),
        open_findings=open_findings,
        entries=entries,
        dates=dates,
        close_out_budget=division.get("budget_due", Money(0)),
        close_out_party=division.get("party_due", Money(0)),
        report=report_due(dates.election_date, dates.results_date, today or dt.date.today()),
        close_out_owed_budget=Money(still_owed.get("budget_due", 0)),
        close_out_owed_party=Money(still_owed.get("party_due", 0)),
        association=q.book_association(conn, book.id),
    )


def close_out_division(conn: Connection, book_id: int) -> dict[str, Money]:
    """What the close-out credited to the budget's and the party's liabilities, by role."""
    rows = conn.execute(
        select(Account.role, func.sum(Posting.amount_tiyn))
        .join(Entry, and_(Entry.book_id == Posting.book_id, Entry.seq == Posting.entry_seq))
        .join(Account, Account.id == Posting.account_id)
        .where(Posting.book_id == book_id, Entry.kind == EntryKind.CLOSE_OUT, Account.type == "liability")
        .group_by(Account.role))
    return {role: Money(-int(total)) for role, total in rows}
