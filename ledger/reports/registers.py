"""The registers: every receipt, spending and payment back, read from its postings.

The audit workbook and the public disclosure both list the fund's money movements; they
read them here, so the two can never tell different stories. A line's parts come from its
own postings, never from what the importer thought: the accepted part is what it credited
to the fund's source accounts, the owed part what it credited to a liability (refunds due,
due to the budget, due to the party). A reversal or a correction is listed in the register
of the entry it changes, with its own (signed) parts, so each register's totals equal the
accounts' balances to the tiyn.

A CSV file has no sheets, though the importer files its rows under the file's name as if it
had one; a source row from a CSV is shown with its file and row only (``shown_sheet``).

A donor is shown by the name on its receipt (the entry's details keep what the row said),
not by ``donors.name``: that is the first name ever seen for an IIN/BIN, and a second
organisation booked under the same BIN, or a person who signs differently, would be listed
under it. A payment back or a reversal shows the name on the receipt it settles or reverses.

The other figures of the audit workbook are read here too (findings, accounts and their
turnovers, the journal's postings, spending by candidate, open findings by rule, the chain's
tip), so every query of the workbook has one home and a sheet module only lays out rows.

Every query that can be long streams (``yield_per``): a book of a million receipts is read a
batch at a time.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from sqlalchemy import Connection, and_, case, func, select

from ledger.core import canonical
from ledger.core.codes import (
    PAYBACK_KINDS,
    RECEIPT_KINDS,
    RULE_ORDER,
    EntryKind,
    Reconciliation,
)
from ledger.core.money import Money
from ledger.core.notices import Notice
from ledger.core.types import BookInfo
from ledger.db import reconciliation as recon_db
from ledger.db.models import (
    Account,
    Candidate,
    Donor,
    Entry,
    Finding,
    ImportBatch,
    Posting,
    SourceRow,
)
from ledger.db.queries import receipt_notes
from ledger.importers.readers import has_sheets
from ledger.rules.reconciliation import line_reason

BATCH = 5_000

CONTRIBUTIONS, OWN_FUNDS, SPENDING, REFUNDS = "contributions", "own_funds", "spending", "refunds"
ASSOCIATION_FUNDS = "association_funds"   # a presidential candidate's fund only
REGISTERS = (CONTRIBUTIONS, OWN_FUNDS, ASSOCIATION_FUNDS, SPENDING, REFUNDS)
RECEIPT_REGISTERS = (CONTRIBUTIONS, OWN_FUNDS, ASSOCIATION_FUNDS)
# The registers of money from one payer's side, each its source account's whole row.
_SOURCE_REGISTERS = (OWN_FUNDS, ASSOCIATION_FUNDS)
_REGISTER_OF_KIND = {
    "contribution": CONTRIBUTIONS, "own_funds": OWN_FUNDS, "association_funds": ASSOCIATION_FUNDS,
    "spending": SPENDING, "supplier_refund": SPENDING,
    "refund": REFUNDS, "budget_transfer": REFUNDS,
}


class RegisterLine(NamedTuple):
    """One entry as a register shows it. ``amount`` is the money that moved in the bank
    account, from the register's point of view: received for receipts, spent for spending,
    paid out for refunds; negative on a reversal, and on a supplier's refund of spending."""

    register: str
    seq: int
    day: dt.date
    kind: str
    outcome: str            # posted | split | held (receipts), posted, reversal, correction
    amount: Money
    accepted: Money         # credited to the fund's source accounts
    owed: Money             # credited to a liability (negative when a payment clears one)
    owed_role: str | None   # which liability
    source_role: str | None  # which fund-source account it credited (or debited, on a reversal)
    linked_seq: int | None  # the entry a reversal, correction or payment refers to
    donor_name: str | None
    donor_id_number: str | None
    donor_kind: str | None
    category: str | None    # spending account role
    candidate: str | None
    details: dict
    source_file: str | None
    source_sheet: str | None
    source_row: int | None
    findings: str | None    # rule codes of the entry's findings, comma separated

    @property
    def flagged(self) -> bool:
        """Worth a reader's eye: a finding, or money not (wholly) accepted."""
        return bool(self.findings) or self.outcome in ("held", "split")


def shown_sheet(source_file: str | None, sheet: str | None) -> str | None:
    """The sheet a source row is shown with: none for a CSV (or other text) file, which the
    importer files under the file's own name."""
    return sheet if not source_file or has_sheets(source_file) else None


def name_as_received(donor_name, *entries):
    """The donor's name as its row said it: from the details of the first of ``entries``
    (aliases of the entries table: the entry itself, then the receipt it settles or
    reverses) that holds one, else the donor's registered name."""
    return func.coalesce(*(details_name(e) for e in entries), donor_name)


def posting_donor_name(posting, donor, entry, receipt):
    """A posting's donor by ``name_as_received``; NULL where the posting names no donor."""
    return case((posting.c.donor_id.isnot(None), name_as_received(donor.c.name, entry, receipt)))


def details_name(entry):
    """The name an entry's details hold (what the row said), NULL when it has none."""
    return func.nullif(entry.c.details["name"].as_string(), "")


def receipt_of(entry):
    """An alias of the entries table and the condition that joins it to the receipt
    ``entry`` settles (a payment back, a correction) or else reverses."""
    receipt = Entry.__table__.alias("receipt_of")
    return receipt, and_(receipt.c.book_id == entry.c.book_id,
                         receipt.c.seq == func.coalesce(entry.c.settles_seq, entry.c.reverses_seq))


def with_donor_names(F, D):
    """Findings joined to their donors, and the donor's name as on the receipt the finding
    is about (the finding's entry, or the receipt it settles or reverses: ``name_as_received``)."""
    entry = Entry.__table__.alias("finding_entry")
    receipt, receipt_on = receipt_of(entry)
    joined = (F.outerjoin(D, D.c.id == F.c.donor_id)
              .outerjoin(entry, and_(entry.c.book_id == F.c.book_id, entry.c.seq == F.c.entry_seq))
              .outerjoin(receipt, receipt_on))
    return joined, name_as_received(D.c.name, entry, receipt)


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def register_of(kind: str, target_kind: str | None, receipt_kind: str | None) -> str | None:
    """The register an entry belongs to. A reversal belongs where the entry it reverses does
    (the reversal of a correction, to its receipt's); a correction to its receipt's."""
    if kind in (EntryKind.REVERSAL, EntryKind.CORRECTION):
        kind = receipt_kind if target_kind == EntryKind.CORRECTION else target_kind
    return _REGISTER_OF_KIND.get(kind)


def _entry_parts(book_id: int):
    P, A = Posting.__table__, Account.__table__
    return (
        select(
            P.c.entry_seq.label("seq"),
            func.sum(case((A.c.role == "bank", P.c.amount_tiyn), else_=0)).label("bank"),
            func.sum(case((A.c.type == "source", -P.c.amount_tiyn), else_=0)).label("accepted"),
            func.sum(case((A.c.type == "liability", -P.c.amount_tiyn), else_=0)).label("owed"),
            func.sum(case((A.c.type == "expense", P.c.amount_tiyn), else_=0)).label("expense"),
            func.max(case((A.c.type == "liability", A.c.role))).label("owed_role"),
            func.max(case((A.c.type == "source", A.c.role))).label("source_role"),
            func.max(case((A.c.type == "expense", A.c.role))).label("category"),
            func.max(P.c.donor_id).label("donor_id"),
            func.max(P.c.candidate_id).label("candidate_id"),
        )
        .join(A, A.c.id == P.c.account_id)
        .where(P.c.book_id == book_id)
        .group_by(P.c.entry_seq)
        .subquery("parts"))


def _finding_rules(book_id: int):
    F = Finding.__table__
    return (select(F.c.entry_seq, func.aggregate_strings(F.c.rule, ", ").label("rules"))
            .where(F.c.book_id == book_id, F.c.entry_seq.isnot(None))
            .group_by(F.c.entry_seq).subquery("entry_findings"))


def register_lines(conn: Connection, book: BookInfo,
                   registers: Iterable[str] = REGISTERS) -> Iterator[RegisterLine]:
    """Every entry of the chosen registers, in ledger order (one pass over the journal)."""
    wanted = frozenset(registers)
    E = Entry.__table__
    target, receipt = E.alias("target"), E.alias("receipt")
    D, C = Donor.__table__, Candidate.__table__
    parts, rules = _entry_parts(book.id), _finding_rules(book.id)
    q = (
        select(E.c.seq, E.c.entry_date, E.c.kind, E.c.reverses_seq, E.c.settles_seq, E.c.details,
               E.c.source_file, E.c.source_sheet, E.c.source_row,
               target.c.kind.label("target_kind"), receipt.c.kind.label("receipt_kind"),
               parts.c.bank, parts.c.accepted, parts.c.owed, parts.c.expense, parts.c.owed_role,
               parts.c.source_role, parts.c.category, name_as_received(D.c.name, E, receipt, target).label("name"),
               D.c.id_number, D.c.kind.label("donor_kind"),
               C.c.name.label("candidate"), rules.c.rules)
        .select_from(E)
        .join(parts, parts.c.seq == E.c.seq)
        .outerjoin(target, and_(target.c.book_id == E.c.book_id,
                                target.c.seq == func.coalesce(E.c.reverses_seq, E.c.settles_seq)))
        .outerjoin(receipt, and_(receipt.c.book_id == E.c.book_id, receipt.c.seq == E.c.settles_seq))
        .outerjoin(D, D.c.id == parts.c.donor_id)
        .outerjoin(C, C.c.id == parts.c.candidate_id)
        .outerjoin(rules, rules.c.entry_seq == E.c.seq)
        .where(E.c.book_id == book.id)
        .order_by(E.c.seq)
        .execution_options(yield_per=BATCH))
    for r in conn.execute(q):
        register = register_of(r.kind, r.target_kind, r.receipt_kind)
        if register not in wanted:
            continue
        accepted, owed = Money(int(r.accepted)), Money(int(r.owed))
        if register in RECEIPT_REGISTERS:
            amount = Money(int(r.bank))
        elif register == SPENDING:
            amount = Money(int(r.expense))
        else:
            amount = Money(-int(r.bank))
        if r.kind in (EntryKind.REVERSAL, EntryKind.CORRECTION):
            outcome = r.kind
        elif register in RECEIPT_REGISTERS:
            outcome = "posted" if not owed else ("split" if accepted.is_positive else "held")
        else:
            outcome = "posted"
        yield RegisterLine(
            register, r.seq, _day(r.entry_date), r.kind, outcome, amount, accepted, owed, r.owed_role,
            r.source_role, r.reverses_seq if r.reverses_seq is not None else r.settles_seq,
            r.name, r.id_number, r.donor_kind, r.category, r.candidate, r.details or {},
            r.source_file, shown_sheet(r.source_file, r.source_sheet), r.source_row, r.rules)


class AcceptedGift(NamedTuple):
    """What one receipt finally brought into the fund: its own accepted part, plus any
    later correction, less any reversal."""

    seq: int
    day: dt.date
    source_role: str        # own_funds | voluntary_individuals | voluntary_organisations
    donor_name: str | None
    donor_id_number: str | None
    donor_kind: str | None
    accepted: Money


def accepted_gifts(conn: Connection, book: BookInfo) -> Iterator[AcceptedGift]:
    """Every receipt whose net accepted part is positive, in ledger order.

    An entry's receipt is the one it settles (a correction, or the reversal of a correction
    or of a payment), else the one it reverses, else itself."""
    E, P, A, D = Entry.__table__, Posting.__table__, Account.__table__, Donor.__table__
    root = func.coalesce(E.c.settles_seq, E.c.reverses_seq, E.c.seq)
    net = (
        select(root.label("root"), P.c.donor_id, A.c.role, func.sum(-P.c.amount_tiyn).label("accepted"))
        .select_from(P)
        .join(E, and_(E.c.book_id == P.c.book_id, E.c.seq == P.c.entry_seq))
        .join(A, A.c.id == P.c.account_id)
        .where(P.c.book_id == book.id, A.c.type == "source")
        .group_by(root, P.c.donor_id, A.c.role)
        .having(func.sum(-P.c.amount_tiyn) > 0)
        .subquery("net"))
    receipt = E.alias("receipt")
    q = (select(net.c.root, receipt.c.entry_date, net.c.role, name_as_received(D.c.name, receipt).label("name"),
                D.c.id_number, D.c.kind, net.c.accepted)
         .select_from(net)
         .join(receipt, and_(receipt.c.book_id == book.id, receipt.c.seq == net.c.root))
         .outerjoin(D, D.c.id == net.c.donor_id)
         .order_by(net.c.root, net.c.role)
         .execution_options(yield_per=BATCH))
    for r in conn.execute(q):
        yield AcceptedGift(r.root, _day(r.entry_date), r.role, r.name, r.id_number, r.kind,
                           Money(int(r.accepted)))


def flows(conn: Connection, book: BookInfo) -> dict[tuple[str, str], Money]:
    """Signed sums (debit positive) per (account role, kind of entry). A reversal counts as
    the kind it reverses, so every figure is net of reversals."""
    E, P, A = Entry.__table__, Posting.__table__, Account.__table__
    orig = E.alias("orig")
    kind = func.coalesce(orig.c.kind, E.c.kind)
    q = (select(A.c.role, kind, func.sum(P.c.amount_tiyn))
         .select_from(P)
         .join(E, and_(E.c.book_id == P.c.book_id, E.c.seq == P.c.entry_seq))
         .outerjoin(orig, and_(orig.c.book_id == E.c.book_id, orig.c.seq == E.c.reverses_seq))
         .join(A, A.c.id == P.c.account_id)
         .where(P.c.book_id == book.id)
         .group_by(A.c.role, kind))
    return {(role, k): Money(int(total)) for role, k, total in conn.execute(q)}


class OwedBack(NamedTuple):
    """The money one liability (to donors, the budget, the party) was owed and what became of
    it: ``arose`` from receipts, ``paid`` back, ``moved`` into the fund once its donor was
    identified, and ``outstanding``, the liability's balance now."""

    role: str
    arose: Money
    paid: Money
    moved: Money
    outstanding: Money


def owed_back(conn: Connection, book: BookInfo) -> list[OwedBack]:
    """Money owed back, per liability in the chart's order (the audit's summary and the
    disclosure both show it)."""
    from ledger.journal.chart import LIABILITY_ROLES
    from ledger.reports.status import balances_by_role

    by_kind = flows(conn, book)
    balances = balances_by_role(conn, book.id)

    def flow(role: str, *kinds: str) -> Money:
        return Money(sum(by_kind.get((role, k), Money(0)).tiyn for k in kinds))

    # What arose: every receipt's part owed back, and a closed fund's division of its balance.
    return [OwedBack(role, Money(-flow(role, *RECEIPT_KINDS, EntryKind.CLOSE_OUT).tiyn), flow(role, *PAYBACK_KINDS),
                     flow(role, "correction"), Money(-balances.get(role, 0))) for role in LIABILITY_ROLES]


def spending_by_category(conn: Connection, book: BookInfo) -> list[tuple[object, Money]]:
    """Every postable spending account of the chart (its ``AccountSpec``) with what it holds."""
    from ledger.journal.chart import CHART
    from ledger.reports.status import balances_by_role

    balances = balances_by_role(conn, book.id)
    return [(spec, Money(balances.get(spec.role, 0))) for spec in CHART if spec.type == "expense" and spec.postable]


UNIDENTIFIED = "unidentified"
"""The row of voluntary receipts from nobody identifiable: anonymous money, owed to the budget."""
_ROW_OF_DONOR_KIND = {"person": "voluntary_individuals", "organisation": "voluntary_organisations"}


class SourceTally(NamedTuple):
    """The receipts of one source as the registers list them. ``receipts`` counts payments
    into the bank (not their reversals or corrections); the money is net of reversals and
    corrections, so ``received == accepted + owed`` always."""

    receipts: int
    received: Money
    accepted: Money
    owed: Money


class ReceiptsBySource:
    """The receipt registers summed per fund-source account, fed line by line while they are
    written (a book of a million receipts is not read twice).

    A receipt belongs to the account it credited. One that credited none (banned, over a cap
    already reached, its IIN/BIN invalid) belongs to the account that would have taken it,
    as ``rules.receipts.source_account_role`` decides: the organisations' for an
    organisation, the citizens' for a person; to ``UNIDENTIFIED`` when nobody is known. If
    its donor is identified later and the money moved into the fund, it belongs to the
    account it moved into. Reversals and corrections go with their receipt. So each row's
    ``accepted`` is that account's balance, and the rows add up to the registers' totals."""

    VOLUNTARY = ("voluntary_individuals", "voluntary_organisations", UNIDENTIFIED)
    ROWS = (OWN_FUNDS, ASSOCIATION_FUNDS, *VOLUNTARY)

    def __init__(self, conn: Connection, book: BookInfo):
        E, P, A = Entry.__table__, Posting.__table__, Account.__table__
        # Corrections are few (one per donor identified after the fact): kept in memory.
        self._moved_into = dict(conn.execute(
            select(E.c.settles_seq, func.max(A.c.role))
            .select_from(E)
            .join(P, and_(P.c.book_id == E.c.book_id, P.c.entry_seq == E.c.seq))
            .join(A, A.c.id == P.c.account_id)
            .where(E.c.book_id == book.id, E.c.kind == EntryKind.CORRECTION, A.c.type == "source")
            .group_by(E.c.settles_seq)).all())
        self._sums = {row: [0, 0, 0, 0] for row in self.ROWS}

    def add(self, line: RegisterLine) -> None:
        if line.register in _SOURCE_REGISTERS:
            row = line.register
        else:
            receipt = line.seq if line.kind in RECEIPT_KINDS else line.linked_seq
            row = (line.source_role or self._moved_into.get(receipt)
                   or _ROW_OF_DONOR_KIND.get(line.donor_kind, UNIDENTIFIED))
        sums = self._sums[row]
        if line.kind in RECEIPT_KINDS:
            sums[0] += 1
        sums[1] += line.amount.tiyn
        sums[2] += line.accepted.tiyn
        sums[3] += line.owed.tiyn

    def __getitem__(self, row: str) -> SourceTally:
        return self.total(row)

    def total(self, *rows: str) -> SourceTally:
        """The sum of ``rows`` (all rows when none is named)."""
        n, received, accepted, owed = (sum(column) for column in zip(*(self._sums[r] for r in rows or self.ROWS)))
        return SourceTally(n, Money(received), Money(accepted), Money(owed))


class DonorTotal(NamedTuple):
    name: str
    id_number: str | None
    kind: str
    given: Money           # into the bank, net of reversals
    gifts: int
    accepted: Money
    owed: Money            # credited to liabilities on receipt, net of reversals
    findings: int
    open_findings: int
    other_names: tuple[str, ...] = ()   # names on its receipts other than ``name``

    @property
    def flagged(self) -> bool:
        return self.findings > 0 or bool(self.other_names)


def donor_totals(conn: Connection, book: BookInfo) -> Iterator[DonorTotal]:
    """Per donor of this book: what it gave, how often, what the fund accepted, its findings."""
    E, P, A, D, F = (Entry.__table__, Posting.__table__, Account.__table__, Donor.__table__,
                     Finding.__table__)
    orig = E.alias("orig")
    kind = func.coalesce(orig.c.kind, E.c.kind)
    receipt = kind.in_(RECEIPT_KINDS)
    money = (
        select(P.c.donor_id,
               func.sum(case((and_(A.c.role == "bank", receipt), P.c.amount_tiyn), else_=0)).label("given"),
               func.sum(case((and_(A.c.role == "bank", E.c.kind.in_(RECEIPT_KINDS)), 1), else_=0)).label("gifts"),
               func.sum(case((A.c.type == "source", -P.c.amount_tiyn), else_=0)).label("accepted"),
               func.sum(case((and_(A.c.type == "liability", receipt), -P.c.amount_tiyn), else_=0)).label("owed"))
        .select_from(P)
        .join(E, and_(E.c.book_id == P.c.book_id, E.c.seq == P.c.entry_seq))
        .outerjoin(orig, and_(orig.c.book_id == E.c.book_id, orig.c.seq == E.c.reverses_seq))
        .join(A, A.c.id == P.c.account_id)
        .where(P.c.book_id == book.id, P.c.donor_id.isnot(None))
        .group_by(P.c.donor_id)
        .subquery("money"))
    found = (select(F.c.donor_id, func.count().label("n"),
                    func.sum(case((F.c.status == "open", 1), else_=0)).label("n_open"))
             .where(F.c.book_id == book.id, F.c.donor_id.isnot(None))
             .group_by(F.c.donor_id).subquery("found"))
    other_names = _other_names(conn, book)
    q = (select(D.c.id, D.c.name, D.c.id_number, D.c.kind, money.c.given, money.c.gifts, money.c.accepted,
                money.c.owed, found.c.n, found.c.n_open)
         .select_from(money)
         .join(D, D.c.id == money.c.donor_id)
         .outerjoin(found, found.c.donor_id == money.c.donor_id)
         .order_by(money.c.accepted.desc(), D.c.id)
         .execution_options(yield_per=BATCH))
    for r in conn.execute(q):
        yield DonorTotal(r.name, r.id_number, r.kind, Money(int(r.given)), int(r.gifts),
                         Money(int(r.accepted)), Money(int(r.owed)), int(r.n or 0), int(r.n_open or 0),
                         other_names.get(r.id, ()))


def _other_names(conn: Connection, book: BookInfo) -> dict[int, tuple[str, ...]]:
    """Per donor, the names its receipts carry other than the one it is registered under:
    one IIN/BIN given under two names is either a typing slip or two payers, and an auditor
    should see which. Only such donors are returned, so the result stays small."""
    E, P, A, D = Entry.__table__, Posting.__table__, Account.__table__, Donor.__table__
    name = details_name(E)
    q = (select(P.c.donor_id, name).distinct()
         .select_from(P)
         .join(E, and_(E.c.book_id == P.c.book_id, E.c.seq == P.c.entry_seq))
         .join(A, A.c.id == P.c.account_id)
         .join(D, D.c.id == P.c.donor_id)
         .where(P.c.book_id == book.id, A.c.role == "bank", E.c.kind.in_(RECEIPT_KINDS), name != D.c.name)
         .order_by(P.c.donor_id, name))
    found: dict[int, tuple[str, ...]] = {}
    for donor_id, other in conn.execute(q):
        found[donor_id] = found.get(donor_id, ()) + (other,)
    return found


class RejectedRow(NamedTuple):
    file: str
    sheet: str | None
    row: int
    raw: list
    reason: str


def rejected_rows(conn: Connection, book: BookInfo) -> Iterator[RejectedRow]:
    """Every row an import rejected, once: the same file imported again rejects the same row
    again, and the auditor needs it listed once, from the first import that met it."""
    S, B = SourceRow.__table__, ImportBatch.__table__
    first = (select(func.min(S.c.id)).select_from(S).join(B, B.c.id == S.c.batch_id)
             .where(S.c.book_id == book.id, S.c.outcome == "rejected")
             .group_by(B.c.file_sha256, S.c.sheet, S.c.row_number, S.c.reason))
    q = (select(B.c.file_name, S.c.sheet, S.c.row_number, S.c.raw, S.c.reason)
         .select_from(S).join(B, B.c.id == S.c.batch_id)
         .where(S.c.id.in_(first))
         .order_by(S.c.batch_id, S.c.sheet, S.c.row_number, S.c.id)
         .execution_options(yield_per=BATCH))
    for r in conn.execute(q):
        yield RejectedRow(r.file_name, shown_sheet(r.file_name, r.sheet), r.row_number, list(r.raw or []),
                          r.reason or "")


# -- the workbook's other sheets ------------------------------------------------------------

def chain_tip(conn: Connection, book: BookInfo) -> tuple[int, str]:
    """The last entry's number and stored hash, as written (not re-proved); (0, zeros) for
    a book with no entries yet."""
    last = conn.execute(select(Entry.seq, Entry.hash).where(Entry.book_id == book.id)
                        .order_by(Entry.seq.desc()).limit(1)).first()
    return (last[0], last[1]) if last else (0, canonical.GENESIS)


class FindingLine(NamedTuple):
    rule: str
    article: str
    amount: Money
    donor_name: str | None
    donor_id_number: str | None
    source_file: str | None
    source_sheet: str | None     # as ``shown_sheet`` shows it
    source_row: int | None
    evidence: str                # in English, as written
    status: str
    entry_seq: int | None
    resolved_by_seq: int | None
    evidence_code: str | None
    evidence_params: str | None  # JSON, as stored
    notes: str | None = None     # what a notes column said of the donor of the finding's entry


def finding_lines(conn: Connection, book: BookInfo) -> Iterator[FindingLine]:
    """Every finding of the book in ledger order, and within an entry in the order of the
    rule codes; the donor by the name on its receipt."""
    F, D = Finding.__table__, Donor.__table__
    order = case(RULE_ORDER, value=F.c.rule, else_=99)
    joined, donor_name = with_donor_names(F, D)
    q = (select(F.c.rule, F.c.article, F.c.amount_tiyn, donor_name.label("name"), D.c.id_number, F.c.source_file,
                F.c.source_sheet, F.c.source_row, F.c.evidence, F.c.status, F.c.entry_seq, F.c.resolved_by_seq,
                F.c.evidence_code, F.c.evidence_params)
         .select_from(joined)
         .where(F.c.book_id == book.id)
         .order_by(func.coalesce(F.c.entry_seq, 0), order, F.c.id)
         .execution_options(yield_per=BATCH))
    notes = receipt_notes(conn, book.id)
    for r in conn.execute(q):
        yield FindingLine(r.rule, r.article, Money(int(r.amount_tiyn)), r.name, r.id_number, r.source_file,
                          shown_sheet(r.source_file, r.source_sheet), r.source_row, r.evidence, r.status,
                          r.entry_seq, r.resolved_by_seq, r.evidence_code, r.evidence_params, notes.get(r.entry_seq))


def open_findings_by_rule(conn: Connection, book: BookInfo) -> list[tuple[str, int, Money]]:
    """(rule, how many, their amount) of the open findings, in the order of the rule codes."""
    F = Finding.__table__
    rows = conn.execute(
        select(F.c.rule, func.count(), func.sum(F.c.amount_tiyn))
        .where(F.c.book_id == book.id, F.c.status == "open").group_by(F.c.rule)).all()
    order = RULE_ORDER
    return sorted(((r, int(n), Money(int(t))) for r, n, t in rows), key=lambda x: (order.get(x[0], 99), x[0]))


def spending_by_candidate(conn: Connection, book: BookInfo) -> list[tuple[str | None, Money]]:
    """What the fund spent per candidate (None: spending for no candidate), most first."""
    P, A, C = Posting.__table__, Account.__table__, Candidate.__table__
    q = (select(C.c.name, func.sum(P.c.amount_tiyn))
         .select_from(P).join(A, A.c.id == P.c.account_id).outerjoin(C, C.c.id == P.c.candidate_id)
         .where(P.c.book_id == book.id, A.c.type == "expense")
         .group_by(C.c.id, C.c.name).order_by(func.sum(P.c.amount_tiyn).desc(), C.c.name))
    return [(name, Money(int(total))) for name, total in conn.execute(q)]


def book_accounts(conn: Connection, book: BookInfo) -> list:
    """The book's chart of accounts by code: rows of the accounts table (id, code, names,
    type, ``is_postable``, cached ``balance_tiyn``)."""
    A = Account.__table__
    return conn.execute(select(A).where(A.c.book_id == book.id).order_by(A.c.code)).all()


def turnovers(conn: Connection, book: BookInfo) -> dict[int, tuple[Money, Money]]:
    """Per account id, the sums of its debits and of its credits (both positive)."""
    P = Posting.__table__
    q = (select(P.c.account_id, func.sum(case((P.c.amount_tiyn > 0, P.c.amount_tiyn), else_=0)),
                func.sum(case((P.c.amount_tiyn < 0, -P.c.amount_tiyn), else_=0)))
         .where(P.c.book_id == book.id).group_by(P.c.account_id))
    return {aid: (Money(int(dr)), Money(int(cr))) for aid, dr, cr in conn.execute(q)}


class PostingRow(NamedTuple):
    """One posting as the journal sheet lists it, with its entry's date, kind and source."""

    seq: int
    day: dt.date
    kind: str
    line_no: int
    account_id: int
    amount: Money            # debit positive
    donor_name: str | None   # as on the receipt (``posting_donor_name``)
    donor_id_number: str | None
    candidate: str | None
    memo: str | None
    source_file: str | None
    source_sheet: str | None  # as ``shown_sheet`` shows it
    source_row: int | None


def posting_rows(conn: Connection, book: BookInfo) -> Iterator[PostingRow]:
    """Every posting of the book in ledger order (entry, then line)."""
    P, E, D, C = Posting.__table__, Entry.__table__, Donor.__table__, Candidate.__table__
    receipt, receipt_on = receipt_of(E)
    q = (select(P.c.entry_seq, E.c.entry_date, E.c.kind, P.c.line_no, P.c.account_id, P.c.amount_tiyn,
                posting_donor_name(P, D, E, receipt).label("name"),
                D.c.id_number, C.c.name.label("candidate"), E.c.memo, E.c.source_file,
                E.c.source_sheet, E.c.source_row)
         .select_from(P)
         .join(E, and_(E.c.book_id == P.c.book_id, E.c.seq == P.c.entry_seq))
         .outerjoin(receipt, receipt_on)
         .outerjoin(D, D.c.id == P.c.donor_id)
         .outerjoin(C, C.c.id == P.c.candidate_id)
         .where(P.c.book_id == book.id)
         .order_by(P.c.entry_seq, P.c.line_no)
         .execution_options(yield_per=BATCH))
    for r in conn.execute(q):
        yield PostingRow(r.entry_seq, _day(r.entry_date), r.kind, r.line_no, r.account_id, Money(int(r.amount_tiyn)),
                         r.name, r.id_number, r.candidate, r.memo, r.source_file,
                         shown_sheet(r.source_file, r.source_sheet), r.source_row)


class ReconciliationLine(NamedTuple):
    """One line of the reconciliation of the donors' register with the bank: a pair, a register
    row the bank never received (NOT_IN_BANK), or a bank credit no register row documents
    (UNDOCUMENTED). ``open`` while it asks for something to be done."""

    status: str
    name: str
    id_number: str | None
    register_file: str | None
    register_sheet: str | None
    register_row: int | None
    register_date: dt.date | None
    register_amount: Money | None
    bank_entry: int | None
    bank_date: dt.date | None
    bank_amount: Money | None
    open: bool

    @property
    def reason(self) -> Notice:
        """Why the line has its status, in English with its code and values (``in_words`` shows
        it in the reader's language)."""
        return line_reason(Reconciliation(self.status), self.register_amount, self.register_date, self.bank_amount,
                           self.bank_date)

    def as_json(self) -> dict:
        def money(m):
            return m.machine() if m is not None else None

        def day(d):
            return d.isoformat() if d is not None else None

        return {"status": self.status, "name": self.name, "id_number": self.id_number,
                "register": {"file": self.register_file, "sheet": self.register_sheet, "row": self.register_row,
                             "date": day(self.register_date), "amount": money(self.register_amount)},
                "bank": {"entry": self.bank_entry, "date": day(self.bank_date), "amount": money(self.bank_amount)},
                "open": self.open, "reason": self.reason.as_json()}


def statements_imported(conn: Connection, book: BookInfo) -> int:
    return len(recon_db.statement_periods(conn, book.id))


def reconciliation(conn: Connection, book: BookInfo) -> list[ReconciliationLine]:
    """Every register row held against the bank, then the bank's credits no register row
    documents; in the order of ``Reconciliation`` (matched first), then by date."""
    from ledger.db.models import ReconciledRow

    R, E = ReconciledRow.__table__, Entry.__table__
    reversed_ = select(E.c.reverses_seq).where(E.c.book_id == book.id, E.c.reverses_seq.isnot(None))
    lines = []
    for r in conn.execute(select(R, R.c.register_seq.in_(reversed_).label("undone"))
                          .where(R.c.book_id == book.id).order_by(R.c.register_date, R.c.id)):
        evidence = r.evidence or {}
        status = Reconciliation(r.status)
        lines.append(ReconciliationLine(
            status, evidence.get("name") or "", r.payer.removeprefix("ID:") if r.payer.startswith("ID:") else None,
            r.register_file, shown_sheet(r.register_file, r.register_sheet), r.register_row, _day(r.register_date),
            Money(r.register_tiyn), r.bank_seq, _day(r.bank_date) if r.bank_date else None,
            Money(r.bank_tiyn) if r.bank_tiyn is not None else None,
            status is not Reconciliation.MATCHED and not r.undone))
    periods = recon_db.statement_periods(conn, book.id)
    if periods:
        for b in recon_db.bank_receipts(conn, book.id, periods[0][0], periods[-1][1]):
            lines.append(ReconciliationLine(Reconciliation.UNDOCUMENTED, b.details.get("name") or "",
                                            b.details.get("id_number"), None, None, None, None, None, b.seq, b.day,
                                            Money(b.tiyn), True))
    order = {code: i for i, code in enumerate(Reconciliation)}
    return sorted(lines, key=lambda line: (order[line.status], line.register_date or line.bank_date))
