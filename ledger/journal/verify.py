"""Re-prove a book from its journal alone.

``verify`` trusts nothing but the rows of ``entries`` and ``postings``: it walks the chain in
order, recomputes every hash, checks that each entry balances and that the sequence has no
gap, replays the balances to check every ceiling after every entry and that no liability ever
went below zero, and compares the replayed balances with the cached ones. It reports the
first bad entry and the tip digest an auditor can keep; given an earlier digest, it checks
that the chain still extends it.

Findings are not in the chain (their status changes as money is paid back), but the journal
says where they must be, so deleting a breach or marking it resolved cannot hide it from
``check`` and the audit workbook: a receipt that credited a liability was booked because of a
breach and keeps at least one finding, one still owed money back keeps an open one, a
resolved finding names an entry that settles or reverses its own, and every finding points
at an entry of its book.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, String, Text, cast, func, or_, select

from ledger.core import canonical
from ledger.core.codes import (
    AFTER_CLOSE_OUT_KINDS,
    EntryKind,
    FindingStatus,
    VerifyProblem,
)
from ledger.core.codes import VerifyProblem as P
from ledger.core.money import Money
from ledger.core.notices import Notice, as_json
from ledger.core.types import BookInfo
from ledger.db import queries as q
from ledger.db.models import Account, Donor, Entry, Finding, Posting
from ledger.i18n import N_
from ledger.journal.chart import BY_ROLE, chart_for
from ledger.rules import lifecycle
from ledger.rules.wording import written

# Each problem's sentence: written in English with its figures (the report keeps the code and
# the figures beside it), and a message id the catalogues translate, so ``check``'s neighbour
# ``verify``, the web desk and the audit workbook say it in their reader's language
# (``ledger.reports.i18n.problem_words``). Amounts are given as Money, accounts by code.
PROBLEMS: dict[VerifyProblem, str] = {
    P.POSTING_WITHOUT_ENTRY: N_("posting {seq}/{line} belongs to no entry"),
    P.CHAIN_SEQ_GAP: N_("entry {seq}: expected entry {expected} next; the sequence has a gap"),
    P.CHAIN_LINK_BROKEN: N_("entry {seq}: prev_hash does not match the hash of entry {previous}"),
    P.CHAIN_GENESIS_MISMATCH: N_("entry {seq}: the chain does not start from this book's code and rule profile (the "
                                 "book's caps were changed after it was opened)"),
    P.CHAIN_HASH_MISMATCH: N_("entry {seq}: its content does not match its hash (changed after it was written)"),
    P.DETAILS_DIGEST_MISMATCH: N_("entry {seq}: its details do not match their digest"),
    P.POSTINGS_UNBALANCED: N_("entry {seq}: does not balance ({postings} postings summing to {total})"),
    P.LIABILITY_OVERPAID: N_("entry {seq}: {account} paid out more than was owed"),
    P.CEILING_OVERRUN: N_("entry {seq}: {account} {account_name} holds {holds}, over its ceiling {ceiling}"),
    P.BALANCE_CACHE_MISMATCH: N_("account {account}: cached balance {cached} differs from the journal's {journal}"),
    P.DIGEST_NOT_IN_CHAIN: N_("digest {digest} is not in this book's chain: the journal no longer extends it"),
    P.CHART_ACCOUNT_MISSING: N_("account {account} {account_name} is missing from the chart"),
    P.CHART_ACCOUNT_CHANGED: N_("account {account} {account_name} was changed: type {type}, parent {parent}, ceiling "
                                "{ceiling} (must be {must_type}, {must_parent}, {must_ceiling})"),
    P.CHART_ACCOUNT_UNKNOWN: N_("account {account} is not part of the chart"),
    P.FINDING_MISSING: N_("entry {seq}: a receipt that credited {account} has no finding (the breach it was booked "
                          "for was deleted)"),
    P.FINDING_NONE_OPEN: N_("entry {seq}: {owed} is still owed back but none of its findings is open"),
    P.FINDING_STATUS_UNKNOWN: N_("entry {seq}: finding {finding} ({rule}) has the unknown status {said}"),
    P.FINDING_RESOLVED_BY_NOTHING: N_("entry {seq}: finding {finding} ({rule}) is marked resolved but names no entry "
                                      "that resolved it"),
    P.FINDING_RESOLVED_BY_WRONG_ENTRY: N_("entry {seq}: finding {finding} ({rule}) is marked resolved by entry {by}, "
                                          "which neither settles nor reverses entry {seq}"),
    P.FINDING_RESOLVED_BY_MISSING_ENTRY: N_("entry {seq}: finding {finding} ({rule}) is marked resolved by entry {by}, "
                                            "which is not in the book"),
    P.FINDING_ASTRAY: N_("finding {finding} ({rule}) points at entry {seq}, which is not in the book"),
    P.FINDING_OF_NO_ENTRY: N_("finding {finding} ({rule}) points at no entry"),
    P.ENTRY_AFTER_CLOSE_OUT: N_("entry {seq}: a {entry_kind} after the close-out (entry {closed_by}): a closed fund "
                                "only pays what it owes"),
    P.CLOSE_OUT_IN_OPEN_BOOK: N_("entry {seq}: a close-out in a book that is not closed"),
}


@dataclass
class VerifyReport:
    book: str
    entries: int = 0
    postings: int = 0
    tip_seq: int = 0
    tip_hash: str = canonical.GENESIS
    problems: list[Notice] = field(default_factory=list)   # each with its VerifyProblem code
    digest_found: bool | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.digest_found is not False

    def as_json(self) -> dict:
        return {"book": self.book, "ok": self.ok, "entries": self.entries, "postings": self.postings,
                "tip": {"seq": self.tip_seq, "digest": self.tip_hash},
                "digest_found": self.digest_found, "problems": [str(p) for p in self.problems],
                "notices": [as_json(p) for p in self.problems]}   # the problems with their codes


def verify_book(conn: Connection, book: BookInfo, digest: str | None = None) -> VerifyReport:
    report = VerifyReport(book.code)
    accounts = conn.execute(select(Account.id, Account.code, Account.name_en, Account.type,
                                   Account.parent_id, Account.ceiling_tiyn, Account.balance_tiyn)
                            .where(Account.book_id == book.id)).all()
    code_of = {a.id: a.code for a in accounts}
    closed_on = q.book_dates(conn, book.id).closed_on
    _check_chart(report, book, accounts, closed_on is not None)
    by_id = {a.id: a for a in accounts}
    ceiling_chain: dict[int, list[int]] = {}
    for a in accounts:
        ups, cur = [], a
        while cur is not None:
            if cur.ceiling_tiyn is not None:
                ups.append(cur.id)
            cur = by_id.get(cur.parent_id) if cur.parent_id else None
        ceiling_chain[a.id] = ups
    liabilities = {a.id for a in accounts if a.type == "liability"}
    donor_keys = dict(conn.execute(
        select(Donor.id, Donor.donor_key).where(Donor.id.in_(
            select(Posting.donor_id).where(Posting.book_id == book.id, Posting.donor_id.isnot(None))))).all())

    leaf_balance = {a.id: 0 for a in accounts}
    subtree = {a.id: 0 for a in accounts}   # running credit-side sums for ceilinged accounts
    wanted = digest.lower().strip() if digest else None
    if wanted is not None:
        report.digest_found = False

    # Plain driver rows, dates and details as the text stored: verify reads every row of the
    # book, and converting each one into Python objects was most of its time.
    stream = conn.execution_options(stream_results=True, yield_per=5000)
    postings = iter(stream.execute(
        select(Posting.entry_seq, Posting.line_no, Posting.account_id, Posting.amount_tiyn,
               Posting.donor_id, Posting.candidate_id)
        .where(Posting.book_id == book.id).order_by(Posting.entry_seq, Posting.line_no)))
    f_cols, at = Finding.__table__.c, func.coalesce(Finding.__table__.c.entry_seq, 0)
    findings = _FindingsCheck(report, stream.execute(
        select(at.label("at"), f_cols.entry_seq, f_cols.id, f_cols.rule, f_cols.status, f_cols.resolved_by_seq)
        .where(f_cols.book_id == book.id, or_(f_cols.entry_seq.isnot(None), f_cols.rule.notin_(lifecycle.OF_A_ROW)))
        .order_by(at, f_cols.id)))
    e_cols = Entry.__table__.c
    entries = stream.execute(
        select(e_cols.seq, e_cols.kind, cast(e_cols.entry_date, String), e_cols.memo, e_cols.idempotency_key,
               e_cols.content_digest, e_cols.reverses_seq, e_cols.settles_seq, e_cols.source_file,
               e_cols.source_sha256, e_cols.source_sheet, e_cols.source_row, e_cols.recorded_at,
               e_cols.prev_hash, e_cols.hash, cast(e_cols.details, Text))
        .where(e_cols.book_id == book.id).order_by(e_cols.seq))

    pending = next(postings, None)
    prev = book.genesis
    expected_seq = 1
    closed_by = None   # the close-out entry: after it, only payments of what the fund owes
    for (seq, kind, day, memo, key, digest, reverses, settles, source_file, source_sha, source_sheet,
         source_row, recorded_at, prev_hash, stored_hash, details) in entries:
        lines = []
        while pending is not None and pending[0] < seq:
            _problem(report, P.POSTING_WITHOUT_ENTRY, seq=pending[0], line=pending[1])
            pending = next(postings, None)
        while pending is not None and pending[0] == seq:
            lines.append(pending)
            pending = next(postings, None)
        report.entries += 1
        report.postings += len(lines)
        if seq != expected_seq:
            _problem(report, P.CHAIN_SEQ_GAP, seq=seq, expected=expected_seq)
        expected_seq = seq + 1
        if prev_hash != prev and seq > 1:
            _problem(report, P.CHAIN_LINK_BROKEN, seq=seq, previous=seq - 1)
        elif prev_hash != prev:
            _problem(report, P.CHAIN_GENESIS_MISMATCH, seq=seq)
        canon = canonical.canonical(
            (seq, kind, day[:10], memo, key, digest, reverses, settles, source_file, source_sha, source_sheet,
             source_row, recorded_at),
            [(p[1], code_of.get(p[2]), p[3], donor_keys.get(p[4]), p[5]) for p in lines])
        if canonical.link(prev_hash, canon) != stored_hash:
            _problem(report, P.CHAIN_HASH_MISMATCH, seq=seq)
        # Details are stored in canonical form; only text stored otherwise is parsed again.
        if canonical.digest_of_text(details) != digest and \
                canonical.content_digest(json.loads(details)) != digest:
            _problem(report, P.DETAILS_DIGEST_MISMATCH, seq=seq)
        total = sum(p[3] for p in lines)
        if len(lines) < 2 or total != 0:
            _problem(report, P.POSTINGS_UNBALANCED, seq=seq, postings=len(lines), total=Money(total))
        touched = set()
        owed, credited = 0, None
        for p in lines:
            account_id, amount = p[2], p[3]
            leaf_balance[account_id] = leaf_balance.get(account_id, 0) + amount
            if account_id in liabilities:
                owed -= amount
                credited = credited or code_of[account_id]
            for up in ceiling_chain.get(account_id, ()):
                subtree[up] -= amount
                touched.add(up)
            if account_id in liabilities and leaf_balance[account_id] > 0:
                _problem(report, P.LIABILITY_OVERPAID, seq=seq, account=code_of[account_id])
        for up in touched:
            if subtree[up] > by_id[up].ceiling_tiyn:
                _problem(report, P.CEILING_OVERRUN, seq=seq, account=by_id[up].code, account_name=by_id[up].name_en,
                         holds=Money(subtree[up]), ceiling=Money(by_id[up].ceiling_tiyn))
        findings.entry(seq, kind, reverses, settles, owed, credited)
        if closed_by is not None and kind not in AFTER_CLOSE_OUT_KINDS:
            _problem(report, P.ENTRY_AFTER_CLOSE_OUT, seq=seq, entry_kind=kind, closed_by=closed_by)
        if kind == EntryKind.CLOSE_OUT:
            if closed_on is None:
                _problem(report, P.CLOSE_OUT_IN_OPEN_BOOK, seq=seq)
            closed_by = closed_by or seq
        prev = stored_hash
        if wanted is not None and stored_hash == wanted:
            report.digest_found = True
        report.tip_seq, report.tip_hash = seq, stored_hash
    while pending is not None:
        _problem(report, P.POSTING_WITHOUT_ENTRY, seq=pending[0], line=pending[1])
        pending = next(postings, None)
    findings.finish()
    for a in accounts:
        if leaf_balance.get(a.id, 0) != a.balance_tiyn:
            _problem(report, P.BALANCE_CACHE_MISMATCH, account=a.code, cached=Money(a.balance_tiyn),
                     journal=Money(leaf_balance.get(a.id, 0)))
    if wanted is not None and not report.digest_found:
        report.problems.append(written(P.DIGEST_NOT_IN_CHAIN, PROBLEMS[P.DIGEST_NOT_IN_CHAIN], digest=wanted))
    return report


def _check_chart(report: VerifyReport, book: BookInfo, accounts, closed: bool) -> None:
    """The chart is not in the hash chain, so it is compared with what it must be: the
    standard chart with the book's own caps as ceilings. A moved account or a raised ceiling
    would otherwise switch a cap off without a trace in the journal."""
    by_id = {a.id: a for a in accounts}
    actual = {a.code: a for a in accounts}
    for spec in chart_for(book.profile.source_codes, closed):
        a = actual.pop(spec.code, None)
        if a is None:
            _problem(report, P.CHART_ACCOUNT_MISSING, account=spec.code, account_name=spec.name_en)
            continue
        parent = by_id[a.parent_id].code if a.parent_id in by_id else None
        expected_parent = BY_ROLE[spec.parent].code if spec.parent else None
        ceiling = book.profile.cap(spec.cap).tiyn if spec.cap else None
        if (a.type, parent, a.ceiling_tiyn) != (spec.type, expected_parent, ceiling):
            _problem(report, P.CHART_ACCOUNT_CHANGED, account=spec.code, account_name=spec.name_en, type=a.type,
                     parent=parent, ceiling=_money_or_none(a.ceiling_tiyn), must_type=spec.type,
                     must_parent=expected_parent, must_ceiling=_money_or_none(ceiling))
    for code in actual:
        _problem(report, P.CHART_ACCOUNT_UNKNOWN, account=code)


class _FindingsCheck:
    """Findings against what the journal says of them, read beside the entries in their
    order: a large book has a finding on most receipts, so none is kept longer than it must
    be. As ``ledger.fund.Desk`` writes them: a receipt's findings come with it; they are
    resolved by the payment back, correction or reversal that leaves nothing owed for it, and
    open again when that is reversed."""

    def __init__(self, report: VerifyReport, rows):
        self.report = report
        self.rows = iter(rows)
        self.pending = next(self.rows, None)
        self.awaited: dict[int, list] = {}   # resolving entry not reached yet -> its findings
        self.settled: dict[int, int] = {}    # receipt with no open finding -> what it still owes

    def entry(self, seq: int, kind: str, reverses: int | None, settles: int | None, owed: int,
              credited: str | None) -> None:
        """``owed``: what the entry credited to liabilities (negative for a payment back).
        Rows are (at, entry_seq, id, rule, status, resolved_by_seq); this runs for every
        entry of the book, hence the indexes."""
        mine, any_open = (), False
        pending = self.pending
        if pending is not None and pending[0] <= seq:
            mine = []
            while pending is not None and pending[0] < seq:
                self._astray(pending)
                pending = next(self.rows, None)
            while pending is not None and pending[0] == seq:
                mine.append(pending)
                pending = next(self.rows, None)
            self.pending = pending
            for f in mine:
                status, by = f[4], f[5]
                if status == FindingStatus.OPEN:
                    any_open = True
                elif status != FindingStatus.RESOLVED:
                    self._problem(f, P.FINDING_STATUS_UNKNOWN, said=status)
                elif by is None:
                    self._problem(f, P.FINDING_RESOLVED_BY_NOTHING)
                elif by <= seq:
                    self._not_resolved_by(f, by)
                else:
                    self.awaited.setdefault(by, []).append(f)
        if self.awaited and seq in self.awaited:
            for f in self.awaited.pop(seq):
                if not lifecycle.may_resolve(f[1], reverses, settles):
                    self._not_resolved_by(f, seq)
        if lifecycle.needs_a_finding(kind, owed):
            if not mine:
                _problem(self.report, P.FINDING_MISSING, seq=seq, account=credited)
            elif not any_open:
                self.settled[seq] = owed
        elif self.settled and (settles or reverses) in self.settled:
            # A payment back or a correction settles its receipt, a reversal reverses it; a
            # reversed payment does both, and settles the receipt.
            self.settled[settles or reverses] += owed

    def finish(self) -> None:
        while self.pending is not None:
            self._astray(self.pending)
            self.pending = next(self.rows, None)
        for by, waiting in self.awaited.items():
            for f in waiting:
                self._problem(f, P.FINDING_RESOLVED_BY_MISSING_ENTRY, by=by)
        for seq, owed in self.settled.items():
            if not lifecycle.settled(owed):
                _problem(self.report, P.FINDING_NONE_OPEN, seq=seq, owed=Money(owed))

    def _astray(self, f) -> None:
        if f.entry_seq is None:
            _problem(self.report, P.FINDING_OF_NO_ENTRY, finding=f.id, rule=f.rule)
        else:
            _problem(self.report, P.FINDING_ASTRAY, finding=f.id, rule=f.rule, seq=f.entry_seq)

    def _not_resolved_by(self, f, by: int) -> None:
        self._problem(f, P.FINDING_RESOLVED_BY_WRONG_ENTRY, by=by)

    def _problem(self, f, code: VerifyProblem, **params) -> None:
        _problem(self.report, code, seq=f.entry_seq, finding=f.id, rule=f.rule, **params)


def _problem(report: VerifyReport, code: VerifyProblem, **params) -> None:
    """One problem of the book: its English sentence (``PROBLEMS``) with its code and the values
    it names (amounts kept as machine text); the first 50 are kept."""
    if len(report.problems) < 50:
        report.problems.append(written(code, PROBLEMS[code], **params))


def _money_or_none(tiyn: int | None) -> Money | None:
    return None if tiyn is None else Money(tiyn)

