"""The treasurer's desk: receipts, refunds, spending, reversals and corrections.

Every way money moves through a fund goes through one ``Desk``, whether a row comes from an
imported spreadsheet or is typed in with ``fundledger receive``: the same classification, the
same rules, the same posting engine, the same findings. A desk works inside one write
transaction on one locked book; the caller commits (or rolls everything back).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection

from ledger.books import CandidateRef, DonorRegistry, candidate_ids, reference_lists
from ledger.core.codes import RECEIPT_KINDS, EntryKind, FindingStatus, RuleCode
from ledger.core.errors import EntryNotFound, FundClosed, LedgerError, OverspendRefused
from ledger.core.ids import document_key
from ledger.core.money import Money
from ledger.core.notices import Notice
from ledger.core.types import BookInfo, DonorRef, EntryDraft, Line, SourceRef
from ledger.db import queries as q
from ledger.db.bulk import bulk_insert
from ledger.db.models import Finding, ReceiptNotes
from ledger.i18n import N_, _
from ledger.journal.chart import BY_ROLE, LIABILITY_ROLES
from ledger.journal.engine import OpenBook
from ledger.rules import lifecycle
from ledger.rules.donors import DonorClassification, DonorFacts, classify
from ledger.rules.profiles import HOLDER_WORDS
from ledger.rules.receipts import (
    Accepted,
    FindingDraft,
    FundSource,
    Outcome,
    ReceiptJudge,
    judge_receipt,
    source_account_role,
)
from ledger.rules.spending import judge_reversed_receipt, judge_spending
from ledger.rules.wording import in_words
from ledger.rules.words import NOTHING_SAID, markers, normalise


@dataclass(frozen=True, slots=True)
class ReceiptInput:
    source: FundSource
    amount: Money
    day: dt.date
    donor: DonorFacts
    document: str | None = None
    purpose: str | None = None
    origin: SourceRef = field(default_factory=SourceRef)
    occurrence: int = 1


@dataclass(frozen=True, slots=True)
class SpendingInput:
    amount: Money
    day: dt.date
    category: str                 # a spending account role
    payee: str | None = None
    payee_id: str | None = None
    candidate: str | None = None
    document: str | None = None
    purpose: str | None = None
    origin: SourceRef = field(default_factory=SourceRef)
    occurrence: int = 1


@dataclass(slots=True)
class Result:
    """What happened to one receipt, spending or payment."""

    outcome: Outcome
    seq: int | None = None
    amount: Money = Money(0)
    accepted: Money = Money(0)
    refund_due: Money = Money(0)
    budget_due: Money = Money(0)
    due_to_party: Money = Money(0)
    findings: tuple[FindingDraft, ...] = ()
    warnings: tuple[str, ...] = ()
    reason: str = ""
    donor: DonorClassification | None = None


def receipt_key(inp: ReceiptInput, donor: DonorClassification) -> str:
    """A receipt's business key: who paid, and by which payment document; without a document,
    also when and how much, and identical rows are told apart by their occurrence in the file.
    A payment document is one payment, so a row that gives the same payer and document with
    another date or amount (a corrected copy, a row typed twice) finds the booked entry under
    the same key: a conflict, never a second gift."""
    return _business_key(inp.source.value, donor.payer, inp.document, inp.day, inp.amount, inp.occurrence)


def receipt_older_keys(inp: ReceiptInput, donor: DonorClassification) -> list[str]:
    return _older_keys(inp.source.value, donor.payer, inp.document, inp.day, inp.amount)


def _business_key(prefix: str, who: str, document: str | None, day: dt.date, amount: Money, occurrence: int) -> str:
    doc = document_key(document)
    if doc:
        return f"{prefix}|{who}|{doc}"
    return f"{prefix}|{who}||{day.isoformat()}|{amount.tiyn}#{occurrence}"


def _older_keys(prefix: str, who: str, document: str | None, day: dt.date, amount: Money) -> list[str]:
    """The keys books kept before have for the same payment, so that they import their rows
    again as duplicates: a document's key with its date and amount (before a document was one
    payment), and the document number as typed (before "№401" and 401 were one number)."""
    typed = (document or "").strip()
    if not typed:
        return []
    doc, dated = document_key(document), f"|{day.isoformat()}|{amount.tiyn}"
    keys = [f"{prefix}|{who}|{doc}{dated}"] if doc else []
    if typed != doc:
        keys += [f"{prefix}|{who}|{typed}{dated}", f"{prefix}|{who}|{typed}"]
    return keys


def _when_and_how_much(content: dict) -> str:
    return f"{dt.date.fromisoformat(content['date']):%d.%m.%Y}, {Money.of(content['amount']).human()}"


def receipt_content(inp: ReceiptInput) -> dict:
    d = inp.donor
    return {
        "source": inp.source.value, "amount": inp.amount.machine(), "date": inp.day.isoformat(),
        "name": (d.name or "").strip(), "id_number": None if d.id_number is None else str(d.id_number),
        "donor_type": d.donor_type or None, "citizenship": d.citizenship or None,
        "document": inp.document or None, "purpose": inp.purpose or None,
    }


def donor_in_memo(donor: DonorClassification) -> str:
    """How the journal names a donor: by name, else by a valid IIN/BIN, which identifies them
    as well. The journal is shown to people, so a person's IIN appears masked."""
    if donor.name:
        return donor.name
    if donor.id_number is not None and donor.id_number.valid:
        return f"{donor.id_number.label} {donor.id_number.masked()}"
    return "an anonymous donor"


def spending_key(inp: SpendingInput) -> str:
    return _business_key("spending", _payee(inp), inp.document, inp.day, inp.amount, inp.occurrence)


def spending_older_keys(inp: SpendingInput) -> list[str]:
    return _older_keys("spending", _payee(inp), inp.document, inp.day, inp.amount)


def _payee(inp: SpendingInput) -> str:
    return (inp.payee_id or "").strip() or normalise(inp.payee) or "-"


def spending_content(inp: SpendingInput) -> dict:
    return {
        "amount": inp.amount.machine(), "date": inp.day.isoformat(), "category": inp.category,
        "payee": inp.payee or None, "payee_id": inp.payee_id or None,
        "candidate": inp.candidate or None, "document": inp.document or None,
        "purpose": inp.purpose or None,
    }


# Whom a payment of each liability goes to, as the journal's memos and the desk's reasons say.
# The third of the close-out (``party_due``) goes to the fund's holder (``HOLDER_WORDS``).
PAID_TO = {"refunds_due": "the donor", "budget_due": "the republican budget"}


@dataclass(frozen=True)
class Division:
    """The close-out's division of a fund's unspent balance (art. 34(9))."""

    budget: Money
    party: Money


def divide_unspent(balance: Money) -> Division:
    """Two thirds to the republican budget, one third back to the party, to the tiyn: the
    party's third is rounded down, so the budget gets the tiyn (one or two) a third leaves
    over."""
    party = Money(balance.tiyn // 3)
    return Division(balance - party, party)


@dataclass(frozen=True)
class CloseOut:
    """What closing a fund booked: the balance divided and the entry (None when nothing was left)."""

    day: dt.date
    balance: Money
    budget: Money
    party: Money
    seq: int | None


# How an entry's memo names what arrived (the journal's memos are English, as stored).
MEMO_OF_SOURCE = {FundSource.OWN_FUNDS: "Own funds", FundSource.ASSOCIATION_FUNDS: "Association's funds",
                  FundSource.VOLUNTARY: "Contribution"}


# What a candidate column says of spending for the whole party (``party_wide`` in the marker files).
PARTY_WIDE = markers("party_wide")


# A recorded finding's values, in this order.
FINDING_COLUMNS = ("book_id", "entry_seq", "rule", "amount_tiyn", "donor_id", "source_file", "source_sheet",
                   "source_row", "evidence", "evidence_code", "evidence_params", "article", "status",
                   "resolved_by_seq")


class Desk:
    """All money movements of one book, inside the caller's write transaction."""

    def __init__(self, conn: Connection, book: BookInfo, booked_by: str | None = None,
                 remember_verdicts: bool = True):
        self.conn = conn
        self.book = book
        self.profile = book.profile
        self.ledger = OpenBook.lock(conn, book)
        self.ledger.booked_by = booked_by
        self.lists = reference_lists(conn, book)
        self.donors = DonorRegistry(conn)
        self._candidates: dict[str, CandidateRef] | None = None
        self._findings: list[tuple] = []   # of FINDING_COLUMNS
        self._notes: list[dict] = []
        self._classified: dict[DonorFacts, DonorClassification] = {}
        self._prepared: dict[int, tuple[ReceiptInput, DonorClassification, str]] = {}
        self._posted_keys: set[str] = set()   # business keys booked in this transaction
        self._accepted: tuple[tuple[int, ...], Accepted] | None = None
        self._source_codes = self.profile.source_codes   # asked before every receipt
        # Whether the book held entries when this desk took it. Only those can be under the keys of
        # an earlier format (``_older_keys``): this code books none, so in a book taken empty (a
        # party's first import) the older keys of its rows are neither made nor looked up.
        self._kept_before = self.ledger.tip_seq > 0
        # Read once the book is locked: nobody closes it under this desk.
        self.closed_on = q.book_dates(conn, book.id).closed_on
        self.association = q.book_association(conn, book.id)
        self._judge = ReceiptJudge(self.profile, book.party, self.association_bin, remember=remember_verdicts)

    # -- state -----------------------------------------------------------------------------
    @property
    def association_bin(self) -> str | None:
        """The BIN of a candidate's nominating association, when the book records it."""
        return self.association.bin if self.association else None

    def accepted(self) -> Accepted:
        """What the fund's sources hold now; made again only when one of them changed (an
        import asks before every receipt, and past a cap most receipts change none)."""
        codes = self._source_codes
        held = self.ledger.credit_tiyn(codes)
        if self._accepted is None or self._accepted[0] != held:
            self._accepted = (held, Accepted(**{code: Money(t) for code, t in zip(codes, held)}))
        return self._accepted[1]

    def owed(self) -> Money:
        return sum((self.ledger.credit_balance(r) for r in LIABILITY_ROLES), Money(0))

    def available(self) -> Money:
        """Money the fund may spend: the bank balance less everything owed back."""
        return self.ledger.balance("bank") - self.owed()

    # -- receipts --------------------------------------------------------------------------
    def classify(self, inp: ReceiptInput) -> DonorClassification:
        found = self._classified.get(inp.donor)
        if found is None:
            found = self._classified[inp.donor] = classify(inp.donor, self.lists)
        return found

    def prepare(self, receipts: list[ReceiptInput]) -> dict[str, tuple[int, str]]:
        """Get ready to book many receipts: classify them, find or create their donors in
        bulk, and return the keys already in the book (pass it to ``receive`` as ``known``)."""
        donors = [self.classify(r) for r in receipts]
        keys = [receipt_key(r, d) for r, d in zip(receipts, donors)]
        # Each receipt's donor and key, for ``receive`` to book it without working them out
        # again (the receipt itself is kept beside them: an id is only unique while it lives).
        self._prepared = {id(r): (r, d, k) for r, d, k in zip(receipts, donors, keys)}
        found = self._find_keys(keys, lambda: [receipt_older_keys(r, d) for r, d in zip(receipts, donors)])
        # After the look-up of keys: on SQLite the donors' rows are queued for the writer
        # thread, and a look-up queued behind them would wait for them to be written.
        self.donors.ensure_many(donors)
        return found

    def prepare_spending(self, items: list[SpendingInput]) -> dict[str, tuple[int, str]]:
        """The keys of ``items`` already in the book (pass it to ``spend`` as ``known``)."""
        return self._find_keys([spending_key(i) for i in items], lambda: [spending_older_keys(i) for i in items])

    def _find_keys(self, keys: list[str], older: Callable[[], list[list[str]]]) -> dict:
        """``find_keys``, where a key also counts as found under a key its row had in a book
        kept before (``older()``, each key's, see ``_older_keys``): such a book imports the same
        rows again as duplicates, not as new payments. In a book taken empty they are not even
        made (``_kept_before``)."""
        older_of = {k: alternatives for k, alternatives in zip(keys, older() if self._kept_before else [])
                    if alternatives}
        found = self.ledger.find_keys(keys + [o for alternatives in older_of.values() for o in alternatives])
        for key, alternatives in older_of.items():
            if key not in found:
                hit = next((o for o in alternatives if o in found), None)
                if hit is not None:
                    found[key] = found[hit]
        return found

    def receive(self, inp: ReceiptInput, known: dict[str, tuple[int, str]] | None = None) -> Result:
        """Book one receipt. ``known`` is a prefetch of existing keys (imports pass it)."""
        result, = self.receive_many([inp], known)
        if isinstance(result, LedgerError):
            raise result
        return result

    def receive_many(self, receipts: list[ReceiptInput],
                     known: dict[str, tuple[int, str]] | None = None) -> list[Result | LedgerError]:
        """Book receipts in their order, each as ``receive`` books it: its result, or the
        ``LedgerError`` that refused it (the others are booked all the same).

        The one implementation of booking a receipt, written for a chunk of an import's rows
        (100k of them): what the loop asks of the desk and the journal again and again is
        looked up once, and what the fund had accepted is read again only after a receipt
        that added to it."""
        results: list[Result | LedgerError] = []
        add = results.append
        prepared_of, classify, judge = self._prepared.get, self.classify, self._judge
        ensure, append, posted_keys = self.donors.ensure, self.ledger.append, self._posted_keys
        before: Accepted | None = None
        for inp in receipts:
            try:
                if self.closed_on is not None:
                    self._open_for(N_("a receipt"))
                prepared = prepared_of(id(inp))
                if prepared is not None and prepared[0] is inp:
                    donor, business_key = prepared[1], prepared[2]
                else:
                    donor = classify(inp)
                    business_key = receipt_key(inp, donor)
                content = receipt_content(inp)
                if known is not None and business_key not in known and business_key not in posted_keys:
                    key = business_key   # most rows of an import: nothing is booked under their key
                else:
                    duplicate, key = self._claim(business_key, content, known,
                                                 lambda: receipt_older_keys(inp, donor))
                    if duplicate is not None:
                        duplicate.donor = donor
                        duplicate.amount = inp.amount
                        add(duplicate)
                        continue
                posted_keys.add(business_key)
                if before is None:
                    before = self.accepted()
                amount, source, origin = inp.amount, inp.source, inp.origin
                verdict = judge(amount, inp.day, source, donor, before)
                ref = ensure(donor)
                # The entry's lines as the journal's ``append`` takes them: (role, signed tiyn, donor, candidate).
                lines = [("bank", amount.tiyn, ref, None)]
                parts = ((source_account_role(source, donor), verdict.accepted), ("refunds_due", verdict.refund_due),
                         ("budget_due", verdict.budget_due), ("party_due", verdict.due_to_party))
                lines += [(role, -part.tiyn, ref, None) for role, part in parts if part.tiyn > 0]
                memo = f"{MEMO_OF_SOURCE[source]} from {donor_in_memo(donor)}"
                seq, _hash = append(source.entry_kind, inp.day, lines, key, content, memo, origin)
                if verdict.accepted.tiyn:
                    # Only the first credit is to a fund source: the rest is owed back (liabilities),
                    # which leaves what the fund accepted as it was.
                    before = None
                self._record_findings(seq, verdict.findings, ref, origin)
                if inp.donor.notes:
                    self.keep_notes(seq, inp.donor.notes, origin)
                add(Result(verdict.outcome, seq, amount, verdict.accepted, verdict.refund_due, verdict.budget_due,
                           verdict.due_to_party, verdict.findings, verdict.warnings, donor=donor))
            except LedgerError as exc:
                add(exc)
        return results

    def _claim(self, key: str, content: dict, known, older) -> tuple[Result | None, str]:
        """Whether this payment is already in the book (a duplicate, or a conflict when its
        details differ), and otherwise the key to book it under. ``older()`` gives the keys
        books kept before have for it (see ``_find_keys``)."""
        from ledger.core.canonical import content_digest

        if known is None or key in self._posted_keys:   # look again: this transaction booked it
            state = self._find_keys([key], lambda: [older()]).get(key)
        else:
            state = known.get(key)
        if state is None:
            return None, key
        if state.seq is None:
            if known is not None and state.reversed and state.reversed[1] == content_digest(content):
                # An import of the same row again must not undo the treasurer's reversal;
                # typing it in again (no ``known``) books it anew on purpose.
                seq, _, reversal = state.reversed
                return Result(Outcome.DUPLICATE, seq, reason=Notice(
                    "DUPLICATE_OF_REVERSED", f"already in the book as entry {seq}, reversed by entry {reversal}: an "
                    "unchanged row is not booked again (book it again with `fundledger receive` if the reversal was "
                    "the mistake)", seq=seq, reversal=reversal)), key
            return None, state.key
        if state.digest == content_digest(content):
            return Result(Outcome.DUPLICATE, state.seq, reason=Notice(
                "DUPLICATE", f"already in the book as entry {state.seq}", seq=state.seq)), key
        booked = self._entry(state.seq).details or {}
        if (booked.get("date"), booked.get("amount")) != (content["date"], content["amount"]):
            # One payment document, another date or amount: a corrected copy, or a row typed twice.
            return Result(Outcome.REJECTED, None, reason=Notice(
                "CONFLICT_PAYMENT_DOCUMENT",
                f"conflicts with entry {state.seq}: the same payer's payment document {content['document']} is "
                f"booked there ({_when_and_how_much(booked)}) and this row says {_when_and_how_much(content)}; a "
                f"payment document is one payment: if this row corrects it, reverse entry {state.seq} and import "
                "again, and if it is another payment, give it its own document number",
                seq=state.seq, document=content["document"], booked=_when_and_how_much(booked),
                said=_when_and_how_much(content))), key
        return Result(Outcome.REJECTED, None, reason=Notice(
            "CONFLICT_DETAILS", f"conflicts with entry {state.seq}: same payer, document, date and amount but "
            f"different details; correct the row, or reverse entry {state.seq} and book it again", seq=state.seq)), key

    def record_findings(self, seq: int | None, findings, donor: DonorClassification | None, origin: SourceRef) -> None:
        """Record findings that no receipt of this desk raised: a reconciliation's NOT_IN_BANK
        belongs to a register row (``seq`` None when it booked no money) or to a register's
        receipt the bank's statement does not show."""
        self._record_findings(seq, findings, self.donors.ensure(donor) if donor else None, origin)

    def keep_notes(self, seq: int, notes: str | None, origin: SourceRef) -> None:
        """Keep what a notes column said of receipt ``seq``'s donor, and where it said it (beside
        the entry, outside the chain: see ``ReceiptNotes``)."""
        if notes and notes.strip():
            self._notes.append({"book_id": self.book.id, "entry_seq": seq, "notes": notes.strip(),
                                "source_file": origin.file, "source_sheet": origin.sheet, "source_row": origin.row})

    def _record_findings(self, seq: int, findings, donor: DonorRef | None, origin: SourceRef) -> None:
        for f in findings:
            text, code, params = f.stored
            self._findings.append((
                self.book.id, seq, f.rule, f.amount.tiyn, donor.id if donor else None, origin.file,
                origin.sheet, origin.row, text, code, params, self.profile.article(f.rule), FindingStatus.OPEN, None))

    # -- spending --------------------------------------------------------------------------
    def spend(self, inp: SpendingInput, refuse_overspend: bool = False,
              known: dict[str, tuple[int, str]] | None = None) -> Result:
        if inp.category not in BY_ROLE or BY_ROLE[inp.category].type != "expense" or not BY_ROLE[inp.category].postable:
            raise LedgerError(_("unknown spending category {category!r}").format(category=inp.category), code="SPENDING_CATEGORY_UNKNOWN")
        self._open_for(N_("spending"))
        business_key, content = spending_key(inp), spending_content(inp)
        duplicate, key = self._claim(business_key, content, known, lambda: spending_older_keys(inp))
        if duplicate is not None:
            duplicate.amount = inp.amount
            return duplicate
        self._posted_keys.add(business_key)
        candidate = self._candidate(inp.candidate)
        warnings = []
        if candidate is not None and not candidate.on_list:
            warnings.append(Notice("CANDIDATE_NOT_ON_LIST", f"candidate {inp.candidate.strip()!r} is not on the "
                                   "party's list: check the name, or load the list with `fundledger lists import "
                                   "candidates`", name=inp.candidate.strip()))
        findings = judge_spending(inp.amount, inp.day, self.available(), self.profile, refuse_overspend)
        lines = [Line(inp.category, inp.amount, candidate_id=candidate.id if candidate else None),
                 Line("bank", -inp.amount)]
        memo = f"{BY_ROLE[inp.category].name_en}: {inp.payee or ''} {inp.purpose or ''}".strip()
        posted = self.ledger.post(EntryDraft(EntryKind.SPENDING, inp.day, lines, key, content, memo=memo, source=inp.origin))
        self._record_findings(posted.seq, findings, None, inp.origin)
        return Result(Outcome.POSTED, posted.seq, inp.amount, findings=findings, warnings=tuple(warnings))

    def _candidate(self, name: str | None) -> CandidateRef | None:
        """The candidate spending names; one the book does not know yet is recorded as not on
        the party's list (a list import that names them later puts them on it)."""
        said = normalise(name)
        if not said or said in NOTHING_SAID or said in PARTY_WIDE:
            return None   # "общепартийные расходы", "-", "нет": the party's, no candidate's
        if self._candidates is None:
            self._candidates = candidate_ids(self.conn, self.book)
        key = name.strip() if name.strip().isdigit() else normalise(name)
        if key not in self._candidates:
            self._candidates[key] = CandidateRef(q.add_candidate_off_list(self.conn, self.book.id, name.strip()), False)
        return self._candidates[key]

    # -- paying money back -----------------------------------------------------------------
    def outstanding(self, receipt_seq: int) -> dict[str, Money]:
        """What is still owed back for one receipt, per liability account."""
        self.flush()
        return {role: Money(v) for role, v in q.owed_back(self.conn, self.book.id, receipt_seq).items()}

    def refund(self, receipt_seq: int, day: dt.date, amount: Money | None = None,
               memo: str = "", key: str | None = None) -> Result:
        entry = self._entry(receipt_seq)
        if entry.kind not in RECEIPT_KINDS:
            raise LedgerError(_("entry {seq} is a {kind}, not a receipt: only receipts are refunded").format(
                seq=receipt_seq, kind=entry.kind), code="REFUND_OF_A_NON_RECEIPT")
        self._not_before(entry, day)
        owed = self.outstanding(receipt_seq)
        if not owed:
            raise LedgerError(_("nothing is owed back for entry {seq}").format(seq=receipt_seq), code="NOTHING_OWED_BACK")
        role, due = next(iter(owed.items()))
        amount = amount or due
        posted, remaining = self._pay(receipt_seq, role, due, amount, day, self._entry_donor(receipt_seq), memo,
                                      key or f"refund|{receipt_seq}|{self.ledger.tip_seq + 1}", {"receipt": receipt_seq})
        self._settle_findings(receipt_seq, posted.seq)
        return self._paid(posted.seq, amount, role, remaining)

    def _pay(self, seq: int, role: str, due: Money, amount: Money, day: dt.date, donor: DonorRef | None, memo: str,
             key: str, content: dict):
        """Pay ``amount`` of the ``due`` that entry ``seq`` left owed on ``role`` out of the fund's account."""
        if amount > due:
            raise LedgerError(_("entry {seq} has only {due} owed back; cannot pay {amount}").format(
                seq=seq, due=due.human(), amount=amount.human()), code="REFUND_OVER_WHAT_IS_OWED")
        bank = self.ledger.balance("bank")
        if amount > bank:
            # What is owed back should still be in the account; an overspent fund has spent it.
            raise OverspendRefused(_("paying back {amount} would take the fund's account below zero: it holds "
                                     "{bank} (the fund has spent money it owed back)").format(
                amount=amount.human(), bank=bank.human()), code="REFUND_OVER_THE_BANK_BALANCE")
        content = {**content, "amount": amount.machine(), "date": day.isoformat(), "to": role}
        kind = EntryKind.BUDGET_TRANSFER if role == "budget_due" else EntryKind.REFUND
        posted = self.ledger.post(EntryDraft(
            kind, day, [Line(role, amount, donor), Line("bank", -amount, donor)], key, content,
            memo=memo or f"Paid back to {self.paid_to(role)} for entry {seq}", settles=seq))
        return posted, due - amount

    def paid_to(self, role: str) -> str:
        """Whom the liability ``role`` is paid to: a presidential candidate's fund owes its third
        of the close-out to the candidate, a party's to the party."""
        if role == "party_due":
            return HOLDER_WORDS[self.profile.holder]
        return PAID_TO[role]

    def _paid(self, seq: int, amount: Money, role: str, remaining: Money) -> Result:
        to = self.paid_to(role)
        return Result(Outcome.POSTED, seq, amount, reason=Notice(
            "PAID", f"paid to {to}; {remaining.human()} still owed", to=to, remaining=remaining.machine()))

    def supplier_refund(self, spending_seq: int, day: dt.date, amount: Money | None = None,
                        memo: str = "", key: str | None = None) -> Result:
        """Money a supplier paid back into the fund for spending ``spending_seq`` (an unused
        advance, a cancelled order): the bank holds it again and that spending is less by it,
        in its own category and for its own candidate. No more comes back than went out."""
        self._open_for(N_("a supplier's refund"))
        entry = self._entry(spending_seq)
        if entry.kind != EntryKind.SPENDING:
            raise LedgerError(_("entry {seq} is not spending ({kind}): only spending is paid back by a "
                                "supplier").format(seq=spending_seq, kind=entry.kind), code="SUPPLIER_REFUND_OF_A_NON_SPENDING")
        self._not_before(entry, day)
        if q.reversal_of(self.conn, self.book.id, spending_seq):
            raise LedgerError(_("entry {seq} was reversed: nothing of it is left to pay back").format(seq=spending_seq), code="SUPPLIER_REFUND_OF_A_REVERSED_ENTRY")
        role, candidate_id, left_tiyn = q.spending_left(self.conn, self.book.id, spending_seq)
        left = Money(left_tiyn)   # spent, less what came back already
        amount = amount or left
        if not left.is_positive:
            raise LedgerError(_("entry {seq} was paid back in full already").format(seq=spending_seq), code="SUPPLIER_REFUND_ALREADY_WHOLE")
        if amount > left:
            raise LedgerError(_("entry {seq} has only {left} left to pay back; cannot take back {amount}").format(
                seq=spending_seq, left=left.human(), amount=amount.human()), code="SUPPLIER_REFUND_OVER_WHAT_IS_LEFT")
        key = key or f"supplier-refund|{spending_seq}|{self.ledger.tip_seq + 1}"
        payee = (entry.details or {}).get("payee")
        content = {"spending": spending_seq, "payee": payee, "amount": amount.machine(), "date": day.isoformat(),
                   "purpose": memo}
        posted = self.ledger.post(EntryDraft(
            EntryKind.SUPPLIER_REFUND, day, [Line("bank", amount), Line(role, -amount, candidate_id=candidate_id)], key,
            content, memo=memo or f"Paid back by {payee or 'the supplier'} for entry {spending_seq}", settles=spending_seq))
        return Result(Outcome.POSTED, posted.seq, amount,
                      reason=f"{(left - amount).human()} of entry {spending_seq} still spent")

    def _entry(self, seq: int):
        self.flush()
        row = q.entry_row(self.conn, self.book.id, seq)
        if row is None:
            raise EntryNotFound(_("no entry {seq} in book {book}").format(seq=seq, book=self.book.code), code="ENTRY_NOT_FOUND")
        return row

    @staticmethod
    def _not_before(entry, day: dt.date) -> None:
        """Money is not paid back, nor an entry undone, before the entry itself."""
        if day < entry.entry_date:
            raise LedgerError(_("--date {day} is before entry {seq} itself ({entry_day})").format(
                day=f"{day:%d.%m.%Y}", seq=entry.seq, entry_day=f"{entry.entry_date:%d.%m.%Y}"), code="DATE_BEFORE_THE_ENTRY")

    def _entry_donor(self, seq: int) -> DonorRef | None:
        row = q.entry_donor(self.conn, self.book.id, seq)
        return DonorRef(*row) if row else None

    # -- corrections -----------------------------------------------------------------------
    def reverse(self, seq: int, day: dt.date, memo: str = "") -> Result:
        """Write the mirror entry of ``seq``. The original stays; both stay in the chain."""
        self._open_for(N_("a reversal"))
        entry = self._entry(seq)
        if entry.kind == EntryKind.REVERSAL:
            raise LedgerError(_("entry {seq} is itself a reversal; post the original again instead").format(seq=seq), code="REVERSAL_OF_A_REVERSAL")
        self._not_before(entry, day)
        already = q.reversal_of(self.conn, self.book.id, seq)
        if already:
            raise LedgerError(_("entry {seq} was already reversed by entry {by}").format(seq=seq, by=already), code="ALREADY_REVERSED")
        live = q.live_settlements(self.conn, self.book.id, seq)
        if live:
            raise LedgerError(_("entry {seq} has later entries that settle it ({later}); reverse those first").format(
                seq=seq, later=", ".join(map(str, live))), code="REVERSAL_WITH_LATER_SETTLEMENTS")
        donor = self._entry_donor(seq)
        lines = [Line(role, Money(-amount), donor if donor_id else None, candidate_id)
                 for role, amount, donor_id, candidate_id in q.entry_postings(self.conn, self.book.id, seq)]
        posted = self.ledger.post(EntryDraft(
            EntryKind.REVERSAL, day, lines, f"reversal|{seq}", {"reverses": seq, "date": day.isoformat(), "memo": memo},
            memo=memo or f"Reversal of entry {seq}", reverses=seq, settles=entry.settles_seq))
        self.flush()
        q.resolve_findings(self.conn, self.book.id, seq, posted.seq)
        if lifecycle.reopens(entry.kind):
            # A reversed payment or correction: the money is owed again, its findings reopen.
            self._settle_findings(entry.settles_seq, posted.seq)
        if entry.kind in RECEIPT_KINDS:
            self._record_findings(posted.seq, judge_reversed_receipt(seq, self.available()), donor, SourceRef())
        return Result(Outcome.POSTED, posted.seq, reason=f"entry {seq} reversed")

    def _settle_findings(self, receipt_seq: int, by_seq: int) -> None:
        """A receipt's findings are resolved while nothing is owed back for it, and open again
        when a payment back (or a correction) is reversed and money is owed once more."""
        still_owed = sum(m.tiyn for m in self.outstanding(receipt_seq).values())
        if lifecycle.settled(still_owed):
            q.resolve_findings(self.conn, self.book.id, receipt_seq, by_seq)
        else:
            q.reopen_findings_paid_by_settlements(self.conn, self.book.id, receipt_seq)

    def identify(self, seq: int, id_number: str, day: dt.date, name: str | None = None, memo: str = "") -> Result:
        """A receipt held because its IIN/BIN failed the check digit, now identified: what is
        still held moves into the fund, under the caps as they stand now and the rules as of
        the day it arrived. Its ID_INVALID finding is resolved; a new cap finding is the
        receipt's own, resolved when that excess is paid back."""
        entry = self._entry(seq)
        if entry.kind not in RECEIPT_KINDS:
            raise LedgerError(_("entry {seq} is not a receipt").format(seq=seq), code="IDENTIFY_A_NON_RECEIPT")
        if not q.has_open_finding(self.conn, self.book.id, seq, RuleCode.ID_INVALID):
            raise LedgerError(_("entry {seq} has no open ID_INVALID finding: only a receipt held for an invalid "
                                "IIN/BIN is identified").format(seq=seq), code="IDENTIFY_WITHOUT_ID_INVALID")
        if day < entry.entry_date:
            raise LedgerError(_("--date {day} is before the receipt itself ({entry_day})").format(
                day=f"{day:%d.%m.%Y}", entry_day=f"{entry.entry_date:%d.%m.%Y}"), code="DATE_BEFORE_THE_ENTRY")
        owed = self.outstanding(seq).get("refunds_due")
        if not owed:
            raise LedgerError(_("entry {seq} holds nothing as refund due").format(seq=seq), code="IDENTIFY_NOTHING_HELD")
        details = dict(entry.details)
        facts = DonorFacts(name or details.get("name"), id_number, details.get("donor_type"), details.get("citizenship"))
        donor = classify(facts, self.lists)
        if donor.bans:
            raise LedgerError(_("entry {seq} cannot enter the fund: {bans}").format(
                seq=seq, bans="; ".join(f"{b.rule}: {in_words(b.evidence)}" for b in donor.bans)), code="IDENTIFY_BANNED_DONOR")
        source = FundSource(details["source"])
        verdict = judge_receipt(owed, entry.entry_date, source, donor, self.profile, self.accepted(), self.book.party,
                                self.association_bin)
        if not verdict.accepted.is_positive:
            raise LedgerError(_("entry {seq}: the cap leaves no room; the money stays owed back").format(seq=seq), code="IDENTIFY_NO_ROOM_UNDER_THE_CAP")
        ref = self.donors.ensure(donor)
        lines = [Line("refunds_due", verdict.accepted, ref),
                 Line(source_account_role(source, donor), -verdict.accepted, ref)]
        posted = self.ledger.post(EntryDraft(
            EntryKind.CORRECTION, day, lines, f"identify|{seq}|{self.ledger.tip_seq + 1}",
            {"identifies": seq, "id_number": id_number, "name": facts.name, "date": day.isoformat()},
            memo=memo or f"Donor of entry {seq} identified as {donor.key}", settles=seq))
        self.flush()
        q.resolve_findings(self.conn, self.book.id, seq, posted.seq, rule=RuleCode.ID_INVALID)
        origin = SourceRef(entry.source_file, entry.source_sha256, entry.source_sheet, entry.source_row)
        self._record_findings(seq, verdict.findings, ref, origin)
        return Result(verdict.outcome, posted.seq, owed, verdict.accepted, owed - verdict.accepted,
                      findings=verdict.findings, warnings=verdict.warnings, donor=donor)

    # -- the fund's end --------------------------------------------------------------------
    def _open_for(self, what: str) -> None:
        if self.closed_on is not None:
            raise FundClosed(_("the fund was closed on {day}: {what} is refused; a closed fund only pays what it owes "
                               "(`fundledger refund`, `fundledger pay-out`)").format(
                day=f"{self.closed_on:%d.%m.%Y}", what=_(what)), day=self.closed_on.isoformat())

    def close_out(self, day: dt.date) -> CloseOut:
        """Close the fund on ``day`` (art. 34(9)): the balance left after everything owed back
        is divided, two thirds owed to the republican budget and one third to the party, and
        booked as those liabilities; nothing is paid (``pay_out`` pays them). From then on the
        fund books only the payments of what it owes."""
        self._open_for(N_("closing it again"))
        self.flush()
        last = q.last_entry_date(self.conn, self.book.id)
        if last is not None and day < last:
            raise LedgerError(_("--date {day} is before the book's last entry ({last}): a fund is closed after "
                                "everything in it").format(day=f"{day:%d.%m.%Y}", last=f"{last:%d.%m.%Y}"),
                              code="CLOSE_OUT_BEFORE_THE_LAST_ENTRY")
        left = self.available()
        if left.is_negative:
            raise OverspendRefused(_("the fund owes {owed} but its account holds {bank}: it spent {short} of money it "
                                     "owes back, and cannot be closed until that is made good").format(
                owed=self.owed().human(), bank=self.ledger.balance("bank").human(), short=(-left).human()),
                code="CLOSE_OUT_OVERSPENT")
        division = divide_unspent(left)
        q.add_account(self.conn, self.book.id, BY_ROLE["close_out"])
        booked_by = self.ledger.booked_by
        self.ledger = OpenBook.lock(self.conn, self.book)    # again, with the close-out account
        self.ledger.booked_by = booked_by
        seq = None
        if left.is_positive:
            lines = [Line("close_out", left), Line("budget_due", -division.budget)]
            if division.party.is_positive:
                lines.append(Line("party_due", -division.party))
            posted = self.ledger.post(EntryDraft(
                EntryKind.CLOSE_OUT, day, lines, "close-out",
                {"date": day.isoformat(), "balance": left.machine(), "budget": division.budget.machine(),
                 "party": division.party.machine()},
                memo=f"Close-out: {division.budget.human()} to the republican budget, {division.party.human()} "
                     f"to {self.paid_to('party_due')} (art. 34(9))"))
            seq = posted.seq
        self.flush()
        q.set_book_dates(self.conn, self.book.id, closed_on=day)
        self.closed_on = day
        return CloseOut(day, left, division.budget, division.party, seq)

    def pay_out(self, role: str, day: dt.date, amount: Money | None = None, memo: str = "") -> Result:
        """Pay the budget's or the party's share of a closed fund's balance (``role``:
        ``budget_due`` or ``party_due``), all of what is left of it unless ``amount`` says less."""
        if self.closed_on is None:
            raise LedgerError(_("the fund is not closed: close it with `fundledger close` first; money owed back for a "
                                "receipt is paid with `fundledger refund`"), code="PAY_OUT_OF_AN_OPEN_FUND")
        seq = q.close_out_seq(self.conn, self.book.id)
        owed = self.outstanding(seq) if seq is not None else {}
        due = owed.get(role, Money(0))
        if not due.is_positive:
            raise LedgerError(_("nothing of the close-out is owed to {to}").format(to=_(self.paid_to(role))),
                              code="NOTHING_OWED_BACK")
        amount = amount or due
        if day < self.closed_on:
            raise LedgerError(_("--date {day} is before the close-out ({closed})").format(
                day=f"{day:%d.%m.%Y}", closed=f"{self.closed_on:%d.%m.%Y}"), code="DATE_BEFORE_THE_ENTRY")
        posted, remaining = self._pay(seq, role, due, amount, day, None, memo,
                                      f"pay-out|{seq}|{self.ledger.tip_seq + 1}", {"close_out": seq})
        return self._paid(posted.seq, amount, role, remaining)

    def forget(self) -> None:
        """Drop what was remembered to book the last batch of rows, so that a long import's
        memory does not grow with its length. What it booked stays buffered until ``flush``
        (``find_keys`` still finds it there): an import prepares its next batch before it
        queues this one's last writes."""
        self._classified.clear()
        self._prepared = {}
        self._posted_keys.clear()
        self.donors.forget()

    # -- end -------------------------------------------------------------------------------
    def flush(self) -> None:
        self.ledger.flush()
        if self._findings:
            bulk_insert(self.conn, Finding.__table__, self._findings, FINDING_COLUMNS)
            self._findings = []
        if self._notes:
            bulk_insert(self.conn, ReceiptNotes.__table__, self._notes)
            self._notes = []


def at_desk(engine, book: BookInfo, action, dry_run: bool = False, booked_by: str | None = None):
    """Run ``action(desk)`` in one write transaction on the book (retried on lock conflicts)
    and flush: the shape of every command that moves money. A dry run does all of it, the
    caps and bans judged against the book as it stands, then rolls back: the treasurer
    learns what would happen before it does. ``booked_by``: the web user every entry names."""
    from ledger.db.engine import run_write

    def work(conn: Connection):
        desk = Desk(conn, book, booked_by)
        result = action(desk)
        desk.flush()
        return result

    return run_write(engine, work, dry_run=dry_run)
