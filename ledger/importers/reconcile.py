"""A donors' register beside the bank's statements: one payment is booked once.

The bank's statement books the money (``fundledger import statement``); the party's register
says who gave it. Which came first decides what an import does:

- **The statement first.** A register row whose day a statement of the book covers books no
  money: it is matched to the bank's line (``ledger.rules.reconciliation``: payer, amount within
  the window, document number) and its source row's one outcome is ``matched``, or
  ``not_in_bank`` with a ``NOT_IN_BANK`` finding (the party reports a gift the bank never
  received; the finding names the register row and no entry). A register row whose day no
  statement covers is booked as before.
- **The register first.** Its rows were booked as receipts. A statement imported later matches
  its money-in lines against those receipts: a matched line books nothing again (outcome
  ``matched``, pointing at the register's entry); a line of another amount is booked, since the
  bank's amount is the truth, and the register's receipt no statement line shows gets a
  ``NOT_IN_BANK`` finding on its entry, resolved by reversing it.

A register row a statement did not show (NOT_IN_BANK) is paired with a later statement's line
within the window (the register dated the payment order on the 31st, the bank credited it on the
2nd): a row that booked no money has its finding resolved by that line's entry, and a register's
receipt is reversed (which resolves its finding), the line's entry holding the money once. So
every order of register and statements ends in the same book (``tests/test_reconcile.py``).

Either way a pair adds the register's evidence (name, type, citizenship, notes) to the bank's
(its КОд/КБе): when both together ban what the booked receipt did not, the receipt is corrected
as the desk corrects anything, a reversing entry and a new one, never an edit. Every pair is
kept in the ``reconciliation`` table for ``fundledger reconcile`` and the audit workbook.

The matching costs two queries per chunk of rows (the pairs known already, the other side's
receipts over the chunk's days), not one per row.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection

from ledger.core import ids
from ledger.core.codes import EvidenceCode as E
from ledger.core.codes import Reconciliation, RuleCode
from ledger.core.errors import LedgerError
from ledger.core.ids import document_key
from ledger.core.money import Money
from ledger.core.notices import Notice
from ledger.core.types import BookInfo, SourceRef
from ledger.db import queries as q
from ledger.db import reconciliation as db
from ledger.fund import Desk, ReceiptInput, receipt_content, receipt_key
from ledger.importers.statement import code_in_residency
from ledger.rules import wording
from ledger.rules.donors import DonorFacts
from ledger.rules.receipts import FindingDraft, FundSource
from ledger.rules.reconciliation import WINDOW_DAYS, Line, Pair, line_reason, match
from ledger.rules.words import normalise

_WINDOW = dt.timedelta(days=WINDOW_DAYS)


@dataclass
class Taken:
    """What the reconciliation did with one row instead of booking it."""

    outcome: str              # matched, not_in_bank, duplicate
    reason: str
    entry_seq: int | None = None


@dataclass
class Reconciler:
    conn: Connection
    desk: Desk
    book: BookInfo
    kind: str
    periods: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    statement_files: frozenset[int] = frozenset()   # files of this import that are the bank's own statements
    findings: list[FindingDraft] = field(default_factory=list)   # raised here, for the import report

    @classmethod
    def for_import(cls, conn: Connection, desk: Desk, book: BookInfo, kind: str,
                   statement_files: frozenset[int] = frozenset()) -> Reconciler:
        return cls(conn, desk, book, kind, db.statement_periods(conn, book.id), statement_files=statement_files)

    @property
    def takes_register_rows(self) -> bool:
        """Whether a register's rows may be paired here with a statement's lines booked before."""
        return self.kind == "contributions" and bool(self.periods)

    @property
    def idle(self) -> bool:
        """Whether this import reconciles nothing (it then reads nothing of what it booked)."""
        return self.kind != "statement" and not self.takes_register_rows

    def covered(self, day: dt.date) -> bool:
        return any(start <= day <= end for start, end in self.periods)

    # -- the statement first: register rows ------------------------------------------------
    def register_rows(self, inputs: list, batch_ids: list[int], files: list[int]) -> dict[int, Taken]:
        """Take the register rows of a chunk whose day a statement covers; ``files[i]`` is the
        index of row i's file (for its batch). Returns what happened to each row taken."""
        if not self.takes_register_rows:
            return {}
        donors, keys, taken, rows, booked = self._prepare(inputs, bank=False, files=files)
        if not rows:
            return taken
        pairs = match(rows, booked)
        # The first row of a donor names them (``DonorRegistry.ensure_many``), whichever rows
        # those are: the rows the bank does not show, whose findings name their donor here, and
        # the chunk's rows booked after this have their donors made together, in row order, so
        # that where the chunks fall does not decide whose spelling of a name is kept.
        paired = {p.register.ref for p in pairs}
        named = sorted({p.register.ref for p in pairs if p.bank is None} | {
            i for i, inp in enumerate(inputs) if isinstance(inp, ReceiptInput) and i not in taken and i not in paired})
        self.desk.donors.ensure_many([self.desk.classify(inputs[i]) for i in named])
        rules = db.open_rules(self.conn, self.book.id, [p.bank.ref.seq for p in pairs if p.bank])
        notes = q.receipt_notes(self.conn, self.book.id, [p.bank.ref.seq for p in pairs if p.bank])
        records = []
        for pair in pairs:
            i = pair.register.ref
            inp = inputs[i]
            record = _record(batch_ids[files[i]], keys[i], inp, donors[i], pair)
            if pair.bank is None:
                evidence = wording.evidence(E.REGISTER_ROW_NOT_IN_BANK, amount=inp.amount, day=inp.day,
                                            days=WINDOW_DAYS)
                draft = FindingDraft(RuleCode.NOT_IN_BANK, inp.amount, evidence)
                self.desk.record_findings(None, [draft], donors[i], inp.origin)
                self.findings.append(draft)
                taken[i] = Taken("not_in_bank", wording.row_reason(RuleCode.NOT_IN_BANK, evidence))
            else:
                bank = pair.bank.ref
                bank_facts = _booked_facts(bank.details, notes.get(bank.seq))
                seq, corrected = self._add_evidence(bank, bank_facts, inp.donor, rules[bank.seq], _origin(bank),
                                                    bank.details, notes_from=inp.origin)
                record["bank_seq"] = seq
                money = wording.reason_part(wording.IN_THE_BANKS_ENTRY, seq=bank.seq, file=bank.source_file,
                                            row=bank.source_row)
                taken[i] = Taken("matched", _pair_reason(pair, money, corrected), seq)
            records.append(record)
        db.record(self.conn, self.book.id, records)
        return taken

    # -- the register first: the statement's lines -----------------------------------------
    def statement_rows(self, inputs: list, batch_ids: list[int], files: list[int]) -> dict[int, Taken]:
        """Take the money-in lines of a statement's chunk that a register booked already."""
        if self.kind != "statement":
            return {}
        _, keys, taken, lines, booked = self._prepare(inputs, bank=True, files=files)
        if not lines:
            return taken
        # The bank's amount is the truth: a line of another amount is booked, not taken.
        pairs = [p for p in match(booked, lines)
                 if p.bank is not None and p.status is not Reconciliation.AMOUNT_DIFFERS]
        rules = db.open_rules(self.conn, self.book.id, [p.register.ref.seq for p in pairs])
        notes = q.receipt_notes(self.conn, self.book.id, [p.register.ref.seq for p in pairs])
        records = []
        for pair in pairs:
            register, i = pair.register.ref, pair.bank.ref
            inp = inputs[i]
            said = notes.get(register.seq)
            seq, corrected = self._add_evidence(register, inp.donor, _booked_facts(register.details, said),
                                                rules[register.seq], inp.origin, {**register.details,
                                                                                  "document": inp.document})
            records.append({**_booked_record(batch_ids[files[i]], register, pair.status, said), "bank_seq": seq,
                            "bank_key": keys[i], "bank_date": inp.day, "bank_tiyn": inp.amount.tiyn})
            money = wording.reason_part(wording.IN_THE_REGISTERS_ENTRY, seq=register.seq, file=register.source_file,
                                        row=register.source_row)
            taken[i] = Taken("matched", _pair_reason(pair, money, corrected), seq)
        db.record(self.conn, self.book.id, records)
        return taken

    def later_lines(self, booked: list[tuple[ReceiptInput, object]]) -> None:
        """A statement's lines just booked that show the money of register rows found in no
        statement before (the register dated the payment order on the 31st, the bank credited
        it on the 2nd): each such row is paired with its line, and the line's receipt gets the
        row's evidence as it would had the statement come first (a verdict it changes is a
        reversal and a new entry). A row that booked no money has its finding resolved by the
        line's entry; a register's receipt booked before any statement came is reversed, which
        resolves its finding: the bank's line holds the money now, once."""
        if self.kind != "statement":
            return
        lines = [_line((inp, result), inp.donor, self.desk.classify(inp).id_number, inp.day, inp.amount, inp.document)
                 for inp, result in booked if isinstance(inp, ReceiptInput) and inp.source is FundSource.VOLUNTARY]
        if not lines:
            return
        waiting = db.not_in_bank_rows(self.conn, self.book.id, min(x.day for x in lines) - _WINDOW,
                                      max(x.day for x in lines) + _WINDOW)
        rows = [Line(w, w.payer.removeprefix("ID:") if w.payer.startswith("ID:") else None, normalise(w.name), w.day,
                     Money(w.tiyn), w.document or "") for w in waiting]
        self.desk.flush()   # the findings to resolve are in the table
        pairs = [pair for pair in match(rows, lines) if pair.bank is not None]
        rules = db.open_rules(self.conn, self.book.id, [pair.bank.ref[1].seq for pair in pairs])
        for pair in pairs:
            (inp, result), row = pair.bank.ref, pair.register.ref
            if row.register_seq is not None:
                try:
                    self.desk.reverse(row.register_seq, row.day)
                except LedgerError:
                    continue   # paid back or settled since: it stays NOT_IN_BANK, the line UNDOCUMENTED
            origin = inp.origin
            line = db.BookedReceipt(result.seq, inp.day, inp.amount.tiyn, "", receipt_content(inp), origin.file,
                                    origin.sha256, origin.sheet, origin.row)
            seq, _ = self._add_evidence(line, inp.donor, _registered_facts(row), rules[result.seq], inp.origin,
                                        line.details, notes_from=SourceRef(row.file, None, row.sheet, row.row))
            db.pair_later(self.conn, self.book.id, row, str(pair.status), seq,
                          receipt_key(inp, self.desk.classify(inp)), inp.day, inp.amount.tiyn)

    def after_statement(self, statements, batch_id: int) -> None:
        """The register's receipts in a statement's period that none of its lines showed."""
        records = []
        for st in statements:
            if st.start is None or st.end is None:
                continue
            receipts = db.register_receipts(self.conn, self.book.id, st.start, st.end)
            notes = q.receipt_notes(self.conn, self.book.id, [receipt.seq for receipt in receipts])
            for receipt in receipts:
                amount = Money(receipt.tiyn)
                evidence = wording.evidence(E.REGISTER_RECEIPT_NOT_IN_BANK, amount=amount, day=receipt.day,
                                            statement=st.file, start=st.start, end=st.end, seq=receipt.seq)
                draft = FindingDraft(RuleCode.NOT_IN_BANK, amount, evidence)
                self.desk.record_findings(receipt.seq, [draft], self.desk.classify(_as_input(receipt)), _origin(receipt))
                self.findings.append(draft)
                records.append(_booked_record(batch_id, receipt, Reconciliation.NOT_IN_BANK, notes.get(receipt.seq)))
        db.record(self.conn, self.book.id, records)

    def _prepare(self, inputs: list, bank: bool, files: list[int]):
        """A chunk's voluntary contributions (of a register: those whose day a statement
        covers; ``bank``: a statement's): their donors and keys, those reconciled already (a
        duplicate: the same file imported again), the rest as lines, and the other side's
        receipts over their days, widened by the window, as lines: one query each. A bank's
        statement imported as contributions is no register: its rows are the bank's own."""
        mine = [i for i, inp in enumerate(inputs) if isinstance(inp, ReceiptInput)
                and inp.source is FundSource.VOLUNTARY
                and (bank or (self.covered(inp.day) and files[i] not in self.statement_files))]
        donors = {i: self.desk.classify(inputs[i]) for i in mine}
        keys = {i: receipt_key(inputs[i], donors[i]) for i in mine}
        known = db.reconciled(self.conn, self.book.id, list(keys.values()), bank=bank)
        taken: dict[int, Taken] = {}
        for i in mine:
            if keys[i] in known:
                status, seq = known[keys[i]]
                taken[i] = Taken("duplicate", Notice("RECONCILED_ALREADY", f"reconciled already ({status}"
                                 + (f", entry {seq})" if seq else ")"), status=status, seq=seq), seq)   # wording.TEMPLATES
        lines = [_line(i, inputs[i].donor, donors[i].id_number, inputs[i].day, inputs[i].amount, inputs[i].document)
                 for i in mine if i not in taken]
        if not lines:
            return donors, keys, taken, lines, []
        query = db.register_receipts if bank else db.bank_receipts
        # A payment document pairs the two sides whatever their days: the other side's receipt of
        # the same payer and document is booked under this side's own key (``receipt_key``), and
        # is found by it even when no row of this chunk is within the window of its day.
        documented = [keys[i] for i in mine if i not in taken and document_key(inputs[i].document)]
        booked = query(self.conn, self.book.id, min(x.day for x in lines) - _WINDOW, max(x.day for x in lines) + _WINDOW,
                       documented)
        return donors, keys, taken, lines, [_booked_line(b) for b in booked]

    # -- evidence --------------------------------------------------------------------------
    def _add_evidence(self, booked: db.BookedReceipt, first: DonorFacts, second: DonorFacts, rules: set[str],
                      origin: SourceRef, details: dict, notes_from: SourceRef | None = None) -> tuple[int, str | None]:
        """The entry that holds the pair's money once both sides' evidence is in: the booked
        one, or, when together they ban what it was not banned for, a new one after its
        reversal; and the words that say so (None when nothing was corrected). The register's notes are kept with that entry
        (read from the row ``notes_from``, when the booked one keeps the money)."""
        facts = _together(first, second)
        inp = ReceiptInput(FundSource.VOLUNTARY, Money.of(details["amount"]), booked.day, facts,
                           document=details.get("document"), purpose=details.get("purpose"), origin=origin)
        new = sorted({b.rule for b in self.desk.classify(inp).bans} - rules)
        if not new:
            if notes_from is not None:
                self.desk.keep_notes(booked.seq, second.notes, notes_from)
            return booked.seq, None
        try:
            reversal = self.desk.reverse(booked.seq, booked.day, memo=f"Reconciled with the bank: {', '.join(new)}")
        except LedgerError as exc:
            return booked.seq, wording.reason_part(wording.NOT_CORRECTED, rules=", ".join(new), seq=booked.seq,
                                                   error=str(exc))
        result = self.desk.receive(inp)
        self.findings += list(result.findings)
        return result.seq, wording.reason_part(wording.CORRECTED, rules=", ".join(new), seq=booked.seq,
                                               reversal=reversal.seq, again=result.seq)


def _line(ref, donor: DonorFacts, id_number, day: dt.date, amount: Money, document) -> Line:
    digits = id_number.digits if id_number is not None and id_number.valid else None
    return Line(ref, digits, normalise(donor.name), day, amount, document_key(document))


def _booked_line(b: db.BookedReceipt) -> Line:
    d = b.details
    return _line(b, DonorFacts(d.get("name")), _parsed(d.get("id_number")), b.day, Money(b.tiyn), d.get("document"))


def _payer(d: dict) -> str:
    """A booked receipt's payer as a donor's key names it (``DonorClassification.key``)."""
    number = _parsed(d.get("id_number"))
    return f"ID:{number.digits}" if number is not None and number.valid else f"NAME:{normalise(d.get('name'))}"


def _parsed(value):
    try:
        return ids.parse(value)
    except LedgerError:
        return None


def _booked_facts(d: dict, notes: str | None = None) -> DonorFacts:
    """A booked receipt's donor as its entry recorded it, with the notes kept beside it; a
    bank line's КОд/КБе is in its citizenship."""
    return DonorFacts(d.get("name"), d.get("id_number"), d.get("donor_type"), d.get("citizenship"), notes,
                      payer_code=code_in_residency(d.get("citizenship")))


def _registered_facts(row: db.UnmatchedRow) -> DonorFacts:
    """The donor as a register row waiting for the bank said it (the reconciliation's evidence)."""
    e = row.evidence
    return DonorFacts(e.get("name"), row.payer.removeprefix("ID:") if row.payer.startswith("ID:") else None,
                      e.get("donor_type"), e.get("citizenship"), e.get("notes"))


def _together(bank: DonorFacts, register: DonorFacts) -> DonorFacts:
    """Both sides' evidence of one donor: the bank's name and number (who paid), each side's
    type and citizenship, and the register's notes, with the register's name among them when
    it says more ("Ким Ен Су (гражданка Кореи)")."""
    def both(a, b):
        return "; ".join(dict.fromkeys(t.strip() for t in (a, b) if t and t.strip())) or None

    notes = register.notes
    if register.name and normalise(register.name) != normalise(bank.name):
        notes = both(register.name, notes)
    return DonorFacts(bank.name or register.name, bank.id_number or register.id_number,
                      both(bank.donor_type, register.donor_type), both(bank.citizenship, register.citizenship),
                      both(bank.notes, notes), bank.payer_code or register.payer_code)


def _pair_reason(pair: Pair, money: str, correction: str | None) -> Notice:
    """Why a row was taken as one payment with the other side's entry (``money`` says which),
    how the two differ, and the correction the pair made."""
    return wording.row_reason(pair.status, line_reason(pair.status, pair.register.amount, pair.register.day,
                                                       pair.bank.amount, pair.bank.day), money, correction)


def _origin(b: db.BookedReceipt) -> SourceRef:
    return SourceRef(b.source_file, b.source_sha256, b.source_sheet, b.source_row)


def _as_input(b: db.BookedReceipt) -> ReceiptInput:
    return ReceiptInput(FundSource.VOLUNTARY, Money(b.tiyn), b.day, _booked_facts(b.details),
                        document=b.details.get("document"))


def _evidence(facts: DonorFacts) -> dict:
    return {"name": facts.name, "donor_type": facts.donor_type, "citizenship": facts.citizenship,
            "notes": facts.notes}


def _record(batch_id: int, key: str, inp: ReceiptInput, donor, pair: Pair) -> dict:
    bank = pair.bank
    return {"batch_id": batch_id, "register_key": key, "register_file": inp.origin.file,
            "register_sheet": inp.origin.sheet, "register_row": inp.origin.row, "register_seq": None,
            "register_date": inp.day, "register_tiyn": inp.amount.tiyn, "payer": donor.key,
            "document": document_key(inp.document) or None, "evidence": _evidence(inp.donor),
            "bank_seq": bank.ref.seq if bank else None, "bank_key": None,
            "bank_date": bank.day if bank else None, "bank_tiyn": bank.amount.tiyn if bank else None,
            "status": str(pair.status)}


def _booked_record(batch_id: int, receipt: db.BookedReceipt, status: Reconciliation, notes: str | None = None) -> dict:
    d = receipt.details
    return {"batch_id": batch_id, "register_key": receipt.key, "register_file": receipt.source_file,
            "register_sheet": receipt.source_sheet, "register_row": receipt.source_row, "register_seq": receipt.seq,
            "register_date": receipt.day, "register_tiyn": receipt.tiyn, "payer": _payer(d),
            "document": document_key(d.get("document")) or None, "evidence": _evidence(_booked_facts(d, notes)),
            "bank_seq": None, "bank_key": None, "bank_date": None, "bank_tiyn": None, "status": str(status)}
