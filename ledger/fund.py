"""The treasurer's desk: receipts, refunds, spending, reversals and corrections.

Every way money moves through a fund goes through one ``Desk``, whether a row comes from an
imported spreadsheet or is typed in with ``fundledger receive``: the same classification, the
same rules, the same posting engine, the same findings. A desk works inside one write
transaction on one locked book; the caller commits (or rolls everything back).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, insert, or_, select, update

from ledger.books import CandidateRef, DonorRegistry, candidate_ids, reference_lists
from ledger.db.bulk import bulk_insert
from ledger.db.models import Account, Entry, Finding, Posting
from ledger.errors import EntryNotFound, LedgerError, OverspendRefused
from ledger.i18n import _
from ledger.ids import document_key
from ledger.journal.chart import BY_ROLE, LIABILITY_ROLES
from ledger.journal.engine import BookInfo, DonorRef, EntryDraft, Line, OpenBook, SourceRef
from ledger.money import Money
from ledger.rules.donors import DonorClassification, DonorFacts, classify
from ledger.rules.wording import in_words
from ledger.rules.words import NOTHING_SAID, Markers, normalise
from ledger.rules.receipts import (
    Accepted,
    FindingDraft,
    Outcome,
    Source,
    judge_receipt,
    source_account_role,
)


@dataclass(frozen=True)
class ReceiptInput:
    source: Source
    amount: Money
    day: dt.date
    donor: DonorFacts
    document: str | None = None
    purpose: str | None = None
    origin: SourceRef = field(default_factory=SourceRef)
    occurrence: int = 1


@dataclass(frozen=True)
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


@dataclass
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


def receipt_key(inp: ReceiptInput, donor: DonorClassification, as_typed: bool = False) -> str:
    """A receipt's business key: who, which payment document, when, how much. Identical rows
    without a document number are told apart by their occurrence in the file. ``as_typed``:
    the key as books kept before document numbers were compared by ``document_key`` had it."""
    who = donor.id_number.digits if donor.id_number else normalise(donor.name) or "anonymous"
    return _business_key(inp.source.value, who, inp.document, inp.day, inp.amount, inp.occurrence, as_typed)


def _typed_otherwise(document: str | None) -> bool:
    """Whether a document number as typed is another key than ``document_key`` makes of it."""
    return (document or "").strip() != document_key(document)


def _business_key(prefix: str, who: str, document: str | None, day: dt.date, amount: Money, occurrence: int,
                  as_typed: bool) -> str:
    doc = (document or "").strip() if as_typed else document_key(document)
    return f"{prefix}|{who}|{doc}|{day.isoformat()}|{amount.tiyn}{'' if doc else f'#{occurrence}'}"


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


def spending_key(inp: SpendingInput, as_typed: bool = False) -> str:
    who = (inp.payee_id or "").strip() or normalise(inp.payee) or "-"
    return _business_key("spending", who, inp.document, inp.day, inp.amount, inp.occurrence, as_typed)


def spending_content(inp: SpendingInput) -> dict:
    return {
        "amount": inp.amount.machine(), "date": inp.day.isoformat(), "category": inp.category,
        "payee": inp.payee or None, "payee_id": inp.payee_id or None,
        "candidate": inp.candidate or None, "document": inp.document or None,
        "purpose": inp.purpose or None,
    }


# What a candidate column says of spending for the whole party.
PARTY_WIDE = Markers("общепартийн", "в целом", "вся партия", "всей партии", "общие", "жалпыпартиялық", "жалпы",
                     "party wide", "whole party", "general", "all candidates", "все кандидаты", "барлық кандидат")


class Desk:
    """All money movements of one book, inside the caller's write transaction."""

    def __init__(self, conn: Connection, book: BookInfo):
        self.conn = conn
        self.book = book
        self.profile = book.profile
        self.ledger = OpenBook.lock(conn, book)
        self.lists = reference_lists(conn, book)
        self.donors = DonorRegistry(conn)
        self._candidates: dict[str, CandidateRef] | None = None
        self._findings: list[dict] = []
        self._classified: dict[DonorFacts, DonorClassification] = {}
        self._posted_keys: set[str] = set()   # business keys booked in this transaction

    # -- state -----------------------------------------------------------------------------
    def accepted(self) -> Accepted:
        return Accepted(self.ledger.credit_balance("own_funds"), self.ledger.credit_balance("voluntary"))

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
        self.donors.ensure_many(donors)
        return self._find_keys([receipt_key(r, d) for r, d in zip(receipts, donors)],
                               [receipt_key(r, d, as_typed=True) if _typed_otherwise(r.document) else None
                                for r, d in zip(receipts, donors)])

    def prepare_spending(self, items: list[SpendingInput]) -> dict[str, tuple[int, str]]:
        """The keys of ``items`` already in the book (pass it to ``spend`` as ``known``)."""
        return self._find_keys([spending_key(i) for i in items],
                               [spending_key(i, as_typed=True) if _typed_otherwise(i.document) else None
                                for i in items])

    def _find_keys(self, keys: list[str], as_typed: list[str]) -> dict:
        """``find_keys``, where a key also counts as found under the key its row had when
        document numbers were compared as typed ("№401" for 401): such a book imports the
        same rows again as duplicates, not as new payments."""
        older = {k: t for k, t in zip(keys, as_typed) if t is not None and t != k}
        found = self.ledger.find_keys(keys + list(older.values()))
        for key, typed in older.items():
            if key not in found and typed in found:
                found[key] = found[typed]
        return found

    def receive(self, inp: ReceiptInput, known: dict[str, tuple[int, str]] | None = None) -> Result:
        """Book one receipt. ``known`` is a prefetch of existing keys (imports pass it)."""
        donor = self.classify(inp)
        business_key = receipt_key(inp, donor)
        content = receipt_content(inp)
        duplicate, key = self._claim(business_key, content, known, lambda: receipt_key(inp, donor, as_typed=True))
        if duplicate is not None:
            duplicate.donor = donor
            duplicate.amount = inp.amount
            return duplicate
        self._posted_keys.add(business_key)
        verdict = judge_receipt(inp.amount, inp.day, inp.source, donor, self.profile, self.accepted(), self.book.party)
        ref = self.donors.ensure(donor)
        lines = [Line("bank", inp.amount, ref)]
        parts = ((source_account_role(inp.source, donor), verdict.accepted),
                 ("refunds_due", verdict.refund_due), ("budget_due", verdict.budget_due),
                 ("party_due", verdict.due_to_party))
        lines += [Line(role, -amount, ref) for role, amount in parts if amount.is_positive]
        kind = "own_funds" if inp.source is Source.OWN_FUNDS else "contribution"
        memo = f"{'Own funds' if inp.source is Source.OWN_FUNDS else 'Contribution'} from {donor_in_memo(donor)}"
        posted = self.ledger.post(EntryDraft(kind, inp.day, lines, key, content, memo=memo, source=inp.origin))
        self._record_findings(posted.seq, verdict.findings, ref, inp.origin)
        return Result(verdict.outcome, posted.seq, inp.amount, verdict.accepted, verdict.refund_due,
                      verdict.budget_due, verdict.due_to_party, verdict.findings, verdict.warnings,
                      donor=donor)

    def _claim(self, key: str, content: dict, known, as_typed) -> tuple[Result | None, str]:
        """Whether this payment is already in the book (a duplicate, or a conflict when its
        details differ), and otherwise the key to book it under. ``as_typed()`` gives the key
        as older books have it (see ``_find_keys``)."""
        from ledger.journal.chain import content_digest

        if known is None or key in self._posted_keys:   # look again: this transaction booked it
            state = self._find_keys([key], [as_typed()]).get(key)
        else:
            state = known.get(key)
        if state is None:
            return None, key
        if state.seq is None:
            if known is not None and state.reversed and state.reversed[1] == content_digest(content):
                # An import of the same row again must not undo the treasurer's reversal;
                # typing it in again (no ``known``) books it anew on purpose.
                seq, _, reversal = state.reversed
                return Result(Outcome.DUPLICATE, seq, reason=f"already in the book as entry {seq}, reversed by "
                              f"entry {reversal}: an unchanged row is not booked again (book it again with "
                              "`fundledger receive` if the reversal was the mistake)"), key
            return None, state.key
        if state.digest == content_digest(content):
            return Result(Outcome.DUPLICATE, state.seq, reason=f"already in the book as entry {state.seq}"), key
        return Result(Outcome.REJECTED, None,
                      reason=f"conflicts with entry {state.seq}: same payer, document, date and amount "
                             f"but different details; correct the row, or reverse entry {state.seq} "
                             "and book it again"), key

    def _record_findings(self, seq: int, findings, donor: DonorRef | None, origin: SourceRef) -> None:
        for f in findings:
            self._findings.append({
                "book_id": self.book.id, "entry_seq": seq, "rule": f.rule, "amount_tiyn": f.amount.tiyn,
                "donor_id": donor.id if donor else None, "source_file": origin.file,
                "source_sheet": origin.sheet, "source_row": origin.row, "evidence": f.evidence,
                "article": self.profile.article(f.rule), "status": "open", "resolved_by_seq": None,
            })

    # -- spending --------------------------------------------------------------------------
    def spend(self, inp: SpendingInput, refuse_overspend: bool = False,
              known: dict[str, tuple[int, str]] | None = None) -> Result:
        if inp.category not in BY_ROLE or BY_ROLE[inp.category].type != "expense" or not BY_ROLE[inp.category].postable:
            raise LedgerError(_("unknown spending category {category!r}").format(category=inp.category))
        business_key, content = spending_key(inp), spending_content(inp)
        duplicate, key = self._claim(business_key, content, known, lambda: spending_key(inp, as_typed=True))
        if duplicate is not None:
            duplicate.amount = inp.amount
            return duplicate
        self._posted_keys.add(business_key)
        candidate = self._candidate(inp.candidate)
        findings, warnings = [], []
        if candidate is not None and not candidate.on_list:
            warnings.append(f"candidate {inp.candidate.strip()!r} is not on the party's list: check the name, "
                            "or load the list with `fundledger lists import candidates`")
        available = self.available()
        if inp.amount > available:
            over = inp.amount - available.max(Money(0))
            if refuse_overspend:
                raise OverspendRefused(_(
                    "spending {amount} would overspend the fund: only {available} is available (money owed back "
                    "cannot be spent)").format(amount=inp.amount.human(), available=available.max(Money(0)).human()))
            findings.append(FindingDraft("OVERSPEND", over,
                            f"spent {inp.amount.human()} with {available.human()} available; "
                            f"{over.human()} more than the fund had"))
        if not self.profile.in_window(inp.day):
            findings.append(FindingDraft("OUTSIDE_WINDOW", inp.amount,
                            f"spent {inp.day:%d.%m.%Y}, outside the fund's window {self.profile.window}"))
        lines = [Line(inp.category, inp.amount, candidate_id=candidate.id if candidate else None),
                 Line("bank", -inp.amount)]
        memo = f"{BY_ROLE[inp.category].name_en}: {inp.payee or ''} {inp.purpose or ''}".strip()
        posted = self.ledger.post(EntryDraft("spending", inp.day, lines, key, content, memo=memo, source=inp.origin))
        self._record_findings(posted.seq, findings, None, inp.origin)
        return Result(Outcome.POSTED, posted.seq, inp.amount, findings=tuple(findings), warnings=tuple(warnings))

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
            from ledger.db.models import Candidate

            cid = self.conn.execute(insert(Candidate.__table__).values(
                book_id=self.book.id, name=name.strip(), id_number=None, list_position=None, on_list=False)
                .returning(Candidate.__table__.c.id)).scalar_one()
            self._candidates[key] = CandidateRef(cid, False)
        return self._candidates[key]

    # -- paying money back -----------------------------------------------------------------
    def outstanding(self, receipt_seq: int) -> dict[str, Money]:
        """What is still owed back for one receipt, per liability account."""
        self.flush()
        rows = self.conn.execute(
            select(Account.role, Posting.amount_tiyn)
            .join(Entry, and_(Entry.book_id == Posting.book_id, Entry.seq == Posting.entry_seq))
            .join(Account, Account.id == Posting.account_id)
            .where(Posting.book_id == self.book.id, Account.type == "liability",
                   or_(Entry.seq == receipt_seq, Entry.settles_seq == receipt_seq,
                       Entry.reverses_seq == receipt_seq)))
        owed: dict[str, int] = {}
        for role, amount in rows:
            owed[role] = owed.get(role, 0) - amount
        return {role: Money(v) for role, v in owed.items() if v}

    def refund(self, receipt_seq: int, day: dt.date, amount: Money | None = None,
               memo: str = "", key: str | None = None) -> Result:
        entry = self._entry(receipt_seq)
        if entry.kind not in ("contribution", "own_funds"):
            raise LedgerError(_("entry {seq} is a {kind}, not a receipt: only receipts are refunded").format(
                seq=receipt_seq, kind=entry.kind))
        self._not_before(entry, day)
        owed = self.outstanding(receipt_seq)
        if not owed:
            raise LedgerError(_("nothing is owed back for entry {seq}").format(seq=receipt_seq))
        role, due = next(iter(owed.items()))
        amount = amount or due
        if amount > due:
            raise LedgerError(_("entry {seq} has only {due} owed back; cannot pay {amount}").format(
                seq=receipt_seq, due=due.human(), amount=amount.human()))
        bank = self.ledger.balance("bank")
        if amount > bank:
            # What is owed back should still be in the account; an overspent fund has spent it.
            raise OverspendRefused(_("paying back {amount} would take the fund's account below zero: it holds "
                                     "{bank} (the fund has spent money it owed back)").format(
                amount=amount.human(), bank=bank.human()))
        donor = self._entry_donor(receipt_seq)
        to = {"budget_due": "the republican budget", "party_due": "the party"}.get(role, "the donor")
        key = key or f"refund|{receipt_seq}|{self.ledger.tip_seq + 1}"
        content = {"receipt": receipt_seq, "amount": amount.machine(), "date": day.isoformat(), "to": role}
        kind = "budget_transfer" if role == "budget_due" else "refund"
        posted = self.ledger.post(EntryDraft(
            kind, day, [Line(role, amount, donor), Line("bank", -amount, donor)], key, content,
            memo=memo or f"Paid back to {to} for entry {receipt_seq}", settles=receipt_seq))
        remaining = due - amount
        self._settle_findings(receipt_seq, posted.seq)
        return Result(Outcome.POSTED, posted.seq, amount, reason=f"paid to {to}; {remaining.human()} still owed")

    def supplier_refund(self, spending_seq: int, day: dt.date, amount: Money | None = None,
                        memo: str = "", key: str | None = None) -> Result:
        """Money a supplier paid back into the fund for spending ``spending_seq`` (an unused
        advance, a cancelled order): the bank holds it again and that spending is less by it,
        in its own category and for its own candidate. No more comes back than went out."""
        entry = self._entry(spending_seq)
        if entry.kind != "spending":
            raise LedgerError(_("entry {seq} is not spending ({kind}): only spending is paid back by a "
                                "supplier").format(seq=spending_seq, kind=entry.kind))
        self._not_before(entry, day)
        if self.conn.execute(select(Entry.seq).where(
                Entry.book_id == self.book.id, Entry.reverses_seq == spending_seq)).scalar():
            raise LedgerError(_("entry {seq} was reversed: nothing of it is left to pay back").format(seq=spending_seq))
        rows = self.conn.execute(
            select(Account.role, Posting.candidate_id, Posting.amount_tiyn)
            .join(Entry, and_(Entry.book_id == Posting.book_id, Entry.seq == Posting.entry_seq))
            .join(Account, Account.id == Posting.account_id)
            .where(Posting.book_id == self.book.id, Account.type == "expense",
                   or_(Entry.seq == spending_seq, Entry.settles_seq == spending_seq))
            .order_by(Entry.seq, Posting.line_no)).all()
        role, candidate_id = rows[0][0], rows[0][1]
        left = Money(sum(r[2] for r in rows))   # spent, less what came back already
        amount = amount or left
        if not left.is_positive:
            raise LedgerError(_("entry {seq} was paid back in full already").format(seq=spending_seq))
        if amount > left:
            raise LedgerError(_("entry {seq} has only {left} left to pay back; cannot take back {amount}").format(
                seq=spending_seq, left=left.human(), amount=amount.human()))
        key = key or f"supplier-refund|{spending_seq}|{self.ledger.tip_seq + 1}"
        payee = (entry.details or {}).get("payee")
        content = {"spending": spending_seq, "payee": payee, "amount": amount.machine(), "date": day.isoformat(),
                   "purpose": memo}
        posted = self.ledger.post(EntryDraft(
            "supplier_refund", day, [Line("bank", amount), Line(role, -amount, candidate_id=candidate_id)], key,
            content, memo=memo or f"Paid back by {payee or 'the supplier'} for entry {spending_seq}", settles=spending_seq))
        return Result(Outcome.POSTED, posted.seq, amount,
                      reason=f"{(left - amount).human()} of entry {spending_seq} still spent")

    def _entry(self, seq: int):
        self.flush()
        row = self.conn.execute(select(Entry.__table__).where(Entry.book_id == self.book.id, Entry.seq == seq)).first()
        if row is None:
            raise EntryNotFound(_("no entry {seq} in book {book}").format(seq=seq, book=self.book.code))
        return row

    @staticmethod
    def _not_before(entry, day: dt.date) -> None:
        """Money is not paid back, nor an entry undone, before the entry itself."""
        if day < entry.entry_date:
            raise LedgerError(_("--date {day} is before entry {seq} itself ({entry_day})").format(
                day=f"{day:%d.%m.%Y}", seq=entry.seq, entry_day=f"{entry.entry_date:%d.%m.%Y}"))

    def _entry_donor(self, seq: int) -> DonorRef | None:
        from ledger.db.models import Donor

        row = self.conn.execute(
            select(Donor.id, Donor.donor_key).join(Posting, Posting.donor_id == Donor.id)
            .where(Posting.book_id == self.book.id, Posting.entry_seq == seq).limit(1)).first()
        return DonorRef(row[0], row[1]) if row else None

    def _resolve(self, entry_seq: int, by_seq: int) -> None:
        self.conn.execute(update(Finding.__table__).where(
            Finding.__table__.c.book_id == self.book.id, Finding.__table__.c.entry_seq == entry_seq,
            Finding.__table__.c.status == "open").values(status="resolved", resolved_by_seq=by_seq))

    # -- corrections -----------------------------------------------------------------------
    def reverse(self, seq: int, day: dt.date, memo: str = "") -> Result:
        """Write the mirror entry of ``seq``. The original stays; both stay in the chain."""
        entry = self._entry(seq)
        if entry.kind == "reversal":
            raise LedgerError(_("entry {seq} is itself a reversal; post the original again instead").format(seq=seq))
        self._not_before(entry, day)
        already = self.conn.execute(select(Entry.seq).where(
            Entry.book_id == self.book.id, Entry.reverses_seq == seq)).scalar()
        if already:
            raise LedgerError(_("entry {seq} was already reversed by entry {by}").format(seq=seq, by=already))
        settled = self.conn.execute(select(Entry.seq).where(
            Entry.book_id == self.book.id, Entry.settles_seq == seq, Entry.kind != "reversal")).scalars().all()
        live = [s for s in settled if not self.conn.execute(select(Entry.seq).where(
            Entry.book_id == self.book.id, Entry.reverses_seq == s)).scalar()]
        if live:
            raise LedgerError(_("entry {seq} has later entries that settle it ({later}); reverse those first").format(
                seq=seq, later=", ".join(map(str, live))))
        rows = self.conn.execute(
            select(Account.role, Posting.amount_tiyn, Posting.donor_id, Posting.candidate_id)
            .join(Account, Account.id == Posting.account_id)
            .where(Posting.book_id == self.book.id, Posting.entry_seq == seq).order_by(Posting.line_no)).all()
        donor = self._entry_donor(seq)
        lines = [Line(role, Money(-amount), donor if donor_id else None, candidate_id)
                 for role, amount, donor_id, candidate_id in rows]
        posted = self.ledger.post(EntryDraft(
            "reversal", day, lines, f"reversal|{seq}", {"reverses": seq, "date": day.isoformat(), "memo": memo},
            memo=memo or f"Reversal of entry {seq}", reverses=seq, settles=entry.settles_seq))
        self.flush()
        self._resolve(seq, posted.seq)
        if entry.kind in ("refund", "budget_transfer", "correction"):
            # A reversed payment or correction: the money is owed again, its findings reopen.
            self._settle_findings(entry.settles_seq, posted.seq)
        available = self.available()
        if entry.kind in ("contribution", "own_funds") and available.is_negative:
            # The money was already spent: undoing the receipt leaves the fund overspent.
            self._record_findings(posted.seq, [FindingDraft(
                "OVERSPEND", -available, f"reversing entry {seq} leaves the fund {(-available).human()} "
                                         "short: its money was already spent")], donor, SourceRef())
        return Result(Outcome.POSTED, posted.seq, reason=f"entry {seq} reversed")

    def _settle_findings(self, receipt_seq: int, by_seq: int) -> None:
        """A receipt's findings are resolved while nothing is owed back for it, and open again
        when a payment back (or a correction) is reversed and money is owed once more."""
        findings = Finding.__table__
        if not self.outstanding(receipt_seq):
            self._resolve(receipt_seq, by_seq)
            return
        payments = select(Entry.seq).where(
            Entry.book_id == self.book.id, Entry.settles_seq == receipt_seq,
            Entry.kind.in_(("refund", "budget_transfer", "correction")))
        self.conn.execute(update(findings).where(
            findings.c.book_id == self.book.id, findings.c.entry_seq == receipt_seq,
            findings.c.status == "resolved", findings.c.resolved_by_seq.in_(payments))
            .values(status="open", resolved_by_seq=None))

    def identify(self, seq: int, id_number: str, day: dt.date, name: str | None = None) -> Result:
        """A receipt held because its IIN/BIN failed the check digit, now identified: what is
        still held moves into the fund, under the caps as they stand now and the rules as of
        the day it arrived. Its ID_INVALID finding is resolved; a new cap finding is the
        receipt's own, resolved when that excess is paid back."""
        entry = self._entry(seq)
        if entry.kind not in ("contribution", "own_funds"):
            raise LedgerError(_("entry {seq} is not a receipt").format(seq=seq))
        findings = Finding.__table__
        if not self.conn.execute(select(findings.c.id).where(
                findings.c.book_id == self.book.id, findings.c.entry_seq == seq,
                findings.c.rule == "ID_INVALID", findings.c.status == "open")).first():
            raise LedgerError(_("entry {seq} has no open ID_INVALID finding: only a receipt held for an invalid "
                                "IIN/BIN is identified").format(seq=seq))
        if day < entry.entry_date:
            raise LedgerError(_("--date {day} is before the receipt itself ({entry_day})").format(
                day=f"{day:%d.%m.%Y}", entry_day=f"{entry.entry_date:%d.%m.%Y}"))
        owed = self.outstanding(seq).get("refunds_due")
        if not owed:
            raise LedgerError(_("entry {seq} holds nothing as refund due").format(seq=seq))
        details = dict(entry.details)
        facts = DonorFacts(name or details.get("name"), id_number, details.get("donor_type"), details.get("citizenship"))
        donor = classify(facts, self.lists)
        if donor.bans:
            raise LedgerError(_("entry {seq} cannot enter the fund: {bans}").format(
                seq=seq, bans="; ".join(f"{b.rule}: {in_words(b.evidence)}" for b in donor.bans)))
        source = Source(details["source"])
        verdict = judge_receipt(owed, entry.entry_date, source, donor, self.profile, self.accepted(), self.book.party)
        if not verdict.accepted.is_positive:
            raise LedgerError(_("entry {seq}: the cap leaves no room; the money stays owed back").format(seq=seq))
        ref = self.donors.ensure(donor)
        lines = [Line("refunds_due", verdict.accepted, ref),
                 Line(source_account_role(source, donor), -verdict.accepted, ref)]
        posted = self.ledger.post(EntryDraft(
            "correction", day, lines, f"identify|{seq}|{self.ledger.tip_seq + 1}",
            {"identifies": seq, "id_number": id_number, "name": facts.name, "date": day.isoformat()},
            memo=f"Donor of entry {seq} identified as {donor.key}", settles=seq))
        self.flush()
        self.conn.execute(update(findings).where(
            findings.c.book_id == self.book.id, findings.c.entry_seq == seq,
            findings.c.rule == "ID_INVALID", findings.c.status == "open")
            .values(status="resolved", resolved_by_seq=posted.seq))
        origin = SourceRef(entry.source_file, entry.source_sha256, entry.source_sheet, entry.source_row)
        self._record_findings(seq, verdict.findings, ref, origin)
        return Result(verdict.outcome, posted.seq, owed, verdict.accepted, owed - verdict.accepted,
                      findings=verdict.findings, warnings=verdict.warnings, donor=donor)

    def forget(self) -> None:
        """Drop what was remembered to book the last batch of rows, so that a long import's
        memory does not grow with its length (everything is in the tables by now)."""
        self.flush()
        self._classified.clear()
        self._posted_keys.clear()
        self.donors.forget()

    # -- end -------------------------------------------------------------------------------
    def flush(self) -> None:
        self.ledger.flush()
        if self._findings:
            bulk_insert(self.conn, Finding.__table__, self._findings)
            self._findings = []


def at_desk(engine, book: BookInfo, action, dry_run: bool = False):
    """Run ``action(desk)`` in one write transaction on the book (retried on lock conflicts)
    and flush: the shape of every command that moves money. A dry run does all of it, the
    caps and bans judged against the book as it stands, then rolls back: the treasurer
    learns what would happen before it does."""
    from ledger.db.engine import run_write

    def work(conn: Connection):
        desk = Desk(conn, book)
        result = action(desk)
        desk.flush()
        return result

    return run_write(engine, work, dry_run=dry_run)
