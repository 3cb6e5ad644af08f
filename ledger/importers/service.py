"""Importing treasurers' books: every file read and checked first, then one transaction.

The order matters. All files are opened, their headers found and every row parsed before the
database is touched, so a bad file stops the import with nothing written. Then one write
transaction takes the book, posts the rows through the same ``Desk`` as a receipt typed by hand
(in date order, so the caps fall where the bank saw them), records one ``import_batches`` row
per file and one ``source_rows`` row per data row with its single outcome (posted, split,
held, rejected, duplicate) and commits. Any failure rolls all of it back; ``dry_run`` rolls it
back on purpose and still reports what would have happened.

Re-importing is safe: each row's business key (payer, document, date, amount, and for rows
without a document their occurrence within the file) finds the entry a previous import made.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import pathlib
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, islice

from sqlalchemy import Connection, Engine, insert, update

from ledger.books import load_book
from ledger.core.canonical import canonical_json
from ledger.core.codes import RECONCILED_OUTCOMES
from ledger.core.codes import FileProblem as F
from ledger.core.errors import (
    BookChanged,
    InputFileError,
    LedgerError,
    SourceNotInFund,
    UsageError,
)
from ledger.core.ids import document_key
from ledger.core.money import Money
from ledger.core.notices import Notice, code_of
from ledger.core.notices import as_json as notice_json
from ledger.core.types import BookInfo, SourceRef, now_stamp
from ledger.db.bulk import BackgroundWrites, bulk_insert
from ledger.db.engine import run_write
from ledger.db.models import ImportBatch, SourceRow
from ledger.fund import Desk, ReceiptInput, Result, SpendingInput
from ledger.i18n import N_, _, count_text, money_text, ngettext, seconds_text
from ledger.importers import cells, columns, direction, headers, layouts, onec
from ledger.importers import rows as row_rules
from ledger.importers.bank import (
    statement_json,
    statement_kind,
    statement_line,
    take_statement,
)
from ledger.importers.readers import (
    Row,
    Spreadsheet,
    file_sha256,
    has_sheets,
    open_spreadsheet,
    raw_json,
)
from ledger.importers.reconcile import Reconciler
from ledger.importers.rows import RowKind
from ledger.importers.statement import (
    AccountBlock,
    AccountSection,
    Payment,
    Statement,
    account_block,
    residency_of,
)
from ledger.rules.donors import DonorFacts
from ledger.rules.receipts import FundSource, Outcome
from ledger.rules.wording import in_words
from ledger.rules.words import normalise

KINDS = ("contributions", "own-funds", "association-funds", "spending", "statement")
# The fund source each kind of receipts' book is money of.
SOURCE_OF_KIND = {"contributions": FundSource.VOLUNTARY, "own-funds": FundSource.OWN_FUNDS,
                  "association-funds": FundSource.ASSOCIATION_FUNDS}
OUTCOMES = tuple(o.value for o in Outcome)
BOOKED = (Outcome.POSTED.value, Outcome.SPLIT.value, Outcome.HELD.value)
PROGRESS_EVERY = 1000
SOURCE_ROWS_CHUNK = 5000
# Rows posted a chunk. The next chunk is prepared while this one's writes are queued, so about two
# chunks of rows are held at once; smaller chunks cost PostgreSQL more round trips. A CSV of 1M
# rows took 197 MB at 5,000, 178 MB at 4,000, 161-169 MB at 2,500; PostgreSQL at 100k took
# 1.13-1.17x SQLite at 5,000, 1.17-1.20x at 4,000, 1.21-1.29x at 2,500.
POST_CHUNK = 4000
# Rows between runs of the cycle collector (see ``_fewer_collections``) at first, and at most:
# each run costs what the live rows of two chunks cost to walk (0.14 s here), and in the
# benchmark's 100k rows none of them found a cycle.
COLLECT_EVERY = 25_000
COLLECT_AT_MOST_EVERY = 400_000
SHOWN_DUPLICATES = 20


# --- the report -------------------------------------------------------------------------------

_SUMS = ("received", "accepted", "refunds_due", "budget_due", "due_to_party", "spent")


class Tally:
    """Outcomes and sums of a set of rows (one file, or the whole import). Sums are kept in
    plain tiyn, since they grow once per row, and read as ``Money``."""

    def __init__(self):
        self.outcomes: Counter = Counter()
        self.tiyn = dict.fromkeys(_SUMS, 0)

    received = property(lambda self: Money(self.tiyn["received"]))
    accepted = property(lambda self: Money(self.tiyn["accepted"]))
    refunds_due = property(lambda self: Money(self.tiyn["refunds_due"]))
    budget_due = property(lambda self: Money(self.tiyn["budget_due"]))
    due_to_party = property(lambda self: Money(self.tiyn["due_to_party"]))
    spent = property(lambda self: Money(self.tiyn["spent"]))

    @property
    def rows(self) -> int:
        return sum(self.outcomes.values())

    def add(self, outcome: str, result: Result | None, spending: bool) -> None:
        self.outcomes[outcome] += 1
        if result is None or outcome in ("rejected", "duplicate"):
            return
        sums = self.tiyn
        if spending:
            sums["spent"] += result.amount.tiyn
            return
        sums["received"] += result.amount.tiyn
        sums["accepted"] += result.accepted.tiyn
        sums["refunds_due"] += result.refund_due.tiyn
        sums["budget_due"] += result.budget_due.tiyn
        sums["due_to_party"] += result.due_to_party.tiyn

    def as_json(self, spending: bool | None) -> dict:
        """``spending`` None: a bank statement's sums, received and spent."""
        data: dict = {"rows": self.rows, "counts": {o: self.outcomes[o] for o in _shown_outcomes(self)}}
        if spending is not False:
            data["spent"] = self.spent.machine()
        if not spending:
            data.update(received=self.received.machine(), accepted=self.accepted.machine(),
                        refunds_due=self.refunds_due.machine(), budget_due=self.budget_due.machine(),
                        due_to_party=self.due_to_party.machine())
        return data


@dataclass
class FileReport:
    file: str
    sha256: str
    sheets: list[str]
    tally: Tally = field(default_factory=Tally)
    layout: str | None = None    # the known layout that read the file; None: the generic reader


@dataclass(frozen=True)
class RowNote:
    """A row the report names: rejected (why) or a duplicate (of which entry)."""

    file: str
    sheet: str
    row: int
    reason: str
    code: str | None = None   # the reason's stable code (AMOUNT_NEGATIVE, CONFLICT_DETAILS, ...)

    @property
    def where(self) -> str:
        """"book.xlsx, sheet 'Взносы', row 4"; a CSV has no sheets: "book.csv, row 4"."""
        if has_sheets(self.file):
            return _("{file}, sheet {sheet!r}, row {row}").format(file=self.file, sheet=self.sheet, row=self.row)
        return _("{file}, row {row}").format(file=self.file, row=self.row)


@dataclass
class ImportReport:
    book: str
    kind: str
    dry_run: bool
    files: list[FileReport]
    findings: dict[str, list] = field(default_factory=dict)   # rule -> [count, Money]
    rejected: list[RowNote] = field(default_factory=list)
    duplicates: list[RowNote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)   # the bank statements imported
    elapsed: float = 0.0
    tip: tuple[int, str] | None = None    # the book's chain tip (seq, digest) when the import took it

    @property
    def spending(self) -> bool | None:
        """Whether the sums are of spending or of receipts; None for a bank statement: both."""
        return None if self.kind == "statement" else self.kind == "spending"

    @property
    def total(self) -> Tally:
        """All files together (each row is tallied once, in its file's report)."""
        total = Tally()
        for f in self.files:
            total.outcomes.update(f.tally.outcomes)
            for key, tiyn in f.tally.tiyn.items():
                total.tiyn[key] += tiyn
        return total

    @property
    def rows_per_second(self) -> float:
        return self.total.rows / self.elapsed if self.elapsed > 0 else 0.0

    def as_json(self) -> dict:
        return {
            "book": self.book, "kind": self.kind, "dry_run": self.dry_run,
            "files": [{"file": f.file, "sha256": f.sha256, "sheets": f.sheets, "layout": f.layout or GENERIC,
                       **f.tally.as_json(self.spending)} for f in self.files],
            "totals": self.total.as_json(self.spending),
            "findings": {rule: {"count": n, "amount": amount.machine()}
                         for rule, (n, amount) in sorted(self.findings.items())},
            "rejected": [{"file": r.file, "sheet": r.sheet, "row": r.row, "reason": r.reason, "code": r.code}
                         for r in self.rejected],
            "duplicates": [{"file": r.file, "sheet": r.sheet, "row": r.row, "reason": r.reason, "code": r.code}
                           for r in self.duplicates],
            "warnings": list(self.warnings),
            "notices": [notice_json(w) for w in self.warnings],   # each warning with its code, where it has one
            **({"statements": [statement_json(s) for s in self.statements]} if self.statements else {}),
            "elapsed_seconds": round(self.elapsed, 3),
            "rows_per_second": round(self.rows_per_second, 1),
        }

    def as_text(self) -> str:
        what = _(IMPORTED[self.kind])
        lines = [_("Imported {what} into book {book}").format(what=what, book=self.book)
                 + (_(" (dry run: nothing was written)") if self.dry_run else "")]
        for f in self.files:
            sheets = f" ({', '.join(f.sheets)})" if has_sheets(f.file) else ""
            lines.append(f"  {f.file}{sheets}: {_outcomes(f.tally)}")
        t = self.total
        lines.append(_("Total: {outcomes}").format(outcomes=_outcomes(t)))
        lines += [statement_line(s) for s in self.statements]
        if not self.spending:
            lines.append(_("Received {received}: into the fund {accepted}, refunds due {refunds}, due to the budget "
                           "{budget}, due to the party {party}").format(
                received=money_text(t.received), accepted=money_text(t.accepted), refunds=money_text(t.refunds_due),
                budget=money_text(t.budget_due), party=money_text(t.due_to_party)))
        if self.spending is not False:
            lines.append(_("Spent {amount}").format(amount=money_text(t.spent)))
        if self.findings:
            lines.append(_("Findings: {findings}").format(findings=", ".join(
                f"{rule} {n} ({money_text(amount)})" for rule, (n, amount) in sorted(self.findings.items()))))
        if self.rejected:
            lines.append(_("Rejected rows ({count}):").format(count=len(self.rejected)))
            lines += [f"  {r.where}: {in_words(r.reason)}" for r in self.rejected]
        if self.duplicates:
            # A re-import makes every row a duplicate: the first few say what happened.
            lines.append(_("Duplicate rows, not booked again ({count}):").format(count=len(self.duplicates)))
            lines += [f"  {r.where}: {in_words(r.reason)}" for r in self.duplicates[:SHOWN_DUPLICATES]]
            if len(self.duplicates) > SHOWN_DUPLICATES:
                lines.append(_("  ... and {count} more (all of them with --format json)").format(
                    count=len(self.duplicates) - SHOWN_DUPLICATES))
        lines += [_("Warning: {warning}").format(warning=in_words(w)) for w in self.warnings]
        lines.append(_("{rows} rows in {seconds} s ({speed} rows/s)").format(
            rows=count_text(t.rows), seconds=seconds_text(self.elapsed), speed=count_text(self.rows_per_second)))
        lines.append(_("Read by: {layouts}").format(layouts="; ".join(
            _("{file} layout {name}").format(file=f.file, name=f.layout) if f.layout
            else _("{file} the generic register reader").format(file=f.file) for f in self.files)))
        return "\n".join(lines)


# What the report says read a file that no known layout recognised.
GENERIC = "generic"


# What an import brought in, and the outcomes of its rows, as the report names them.
IMPORTED = {"contributions": N_("voluntary contributions"), "own-funds": N_("own funds"),
            "association-funds": N_("the nominating association's funds"), "spending": N_("spending"),
            "statement": N_("the bank statement")}
OUTCOME_WORDS = {"posted": N_("posted"), "split": N_("split"), "held": N_("held"), "rejected": N_("rejected"),
                 "duplicate": N_("duplicate"), "matched": N_("matched with the bank"),
                 "not_in_bank": N_("not in the bank")}


def _shown_outcomes(t: Tally) -> tuple[str, ...]:
    """Every outcome of a booking, and a reconciliation's where a row had one."""
    return OUTCOMES + tuple(o for o in RECONCILED_OUTCOMES if t.outcomes[o])


def _outcomes(t: Tally) -> str:
    return ngettext("{rows} rows: {outcomes}", "{rows} rows: {outcomes}", t.rows).format(
        rows=t.rows, outcomes=", ".join(f"{t.outcomes[o]} {_(OUTCOME_WORDS[o])}" for o in _shown_outcomes(t)))


# --- reading ----------------------------------------------------------------------------------

@dataclass(slots=True)
class DataRow:
    """One data row, parsed: what to book, or why it cannot be. ``raw`` is the row's cells as
    canonical JSON text, made once when the row is read and stored as it is."""

    file_index: int
    sheet_index: int
    sheet: str
    number: int
    raw: str
    day: dt.date | None = None
    amount: Money | None = None
    problem: cells.RowProblem | None = None
    values: dict = field(default_factory=dict)
    occurrence: int = 1
    outcome: str = ""
    reason: str = ""
    reason_code: str | None = None
    entry_seq: int | None = None


@dataclass
class BookFile:
    path: pathlib.Path
    name: str
    sha256: str
    sheets: list[str]
    rows: int
    warnings: list[str]
    statement: Statement | None = None   # a bank's statement (1C, or a spreadsheet's rows and block)
    block: AccountBlock | None = None     # a spreadsheet statement's account block
    layout: str | None = None             # the known layout that read it (None: the generic reader)


# payer_code: the КОд/КБе of a statement's payer
_TEXT_FIELDS = ("name", "donor_type", "citizenship", "purpose", "document", "category", "candidate", "notes",
                "payer_code")
# way: "in" or "out" on a bank statement
_VALUE_FIELDS = ("id_number", *_TEXT_FIELDS, "way")


_date = dt.date.fromisoformat


class _Spool:
    """Parsed rows wait here, on disk, between reading and posting.

    Rows must be posted in (date, file, sheet, row) order so that caps fall where the bank
    saw them, but a book need not be sorted. Keeping every row in memory to sort it grew
    with the book (650 MB at 100k rows); a temporary SQLite file sorts them instead, so an
    import's memory stays flat however many rows it has. Each field has a column of its own,
    so nothing is serialised twice on the way through."""

    _COLUMNS = ("day", "amount", "file", "sheet", "number", "who", "doc_key", "sheet_name", "raw",
                "problem", "problem_code", *_VALUE_FIELDS)

    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="fundledger-import-")
        self.db = sqlite3.connect(pathlib.Path(self._dir.name) / "rows.db")
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute(f"CREATE TABLE rows ({', '.join(self._COLUMNS)})")
        self._insert = f"INSERT INTO rows VALUES ({', '.join('?' * len(self._COLUMNS))})"
        self._buffer: list[tuple] = []

    def add(self, row: DataRow) -> None:
        values = row.values
        get = values.get
        problem = row.problem
        day = row.day
        buffer = self._buffer
        buffer.append((
            day.isoformat() if day else None, row.amount.tiyn if row.amount else None,
            row.file_index, row.sheet_index, row.number,
            get("id_number") or normalise(get("name")), document_key(get("document")),
            row.sheet, row.raw, problem.reason if problem else None, problem.code if problem else None,
            *map(get, _VALUE_FIELDS)))
        if len(buffer) >= SOURCE_ROWS_CHUNK:
            self.flush()

    def flush(self) -> None:
        self.db.executemany(self._insert, self._buffer)
        self._buffer = []

    def count(self) -> int:
        self.flush()
        return self.db.execute("SELECT COUNT(*) FROM rows").fetchone()[0]

    _READ = f"SELECT day, amount, file, sheet, number, sheet_name, raw, problem, problem_code, {', '.join(_VALUE_FIELDS)}"

    def bookable(self):
        """Rows that can be booked, in ledger order, with their occurrence: identical rows
        without a document number are separate payments, numbered 1, 2... within their file,
        so the same file imported again finds the same keys."""
        # Rows with a document are each their own payment (occurrence 1): only the rows without
        # one are numbered. A window over every row cost a second at 100k rows, most of it
        # carrying rows with documents, whose number it then threw away.
        self.flush()
        return map(self._row, self.db.execute(
            f"{self._READ}, 1 FROM rows WHERE day IS NOT NULL AND doc_key != '' UNION ALL "
            f"{self._READ}, ROW_NUMBER() OVER (PARTITION BY file, day, amount, who ORDER BY sheet, number) "
            "FROM rows WHERE day IS NOT NULL AND doc_key = '' ORDER BY day, file, sheet, number"))

    def payments(self, file_index: int) -> list[Payment]:
        """A bank statement's bookable rows as its payments, to check the bank's figures by."""
        self.flush()
        return [Payment(number, dt.date.fromisoformat(day), Money(amount), way != "out") for number, day, amount, way
                in self.db.execute("SELECT number, day, amount, way FROM rows WHERE file = ? AND day IS NOT NULL "
                                   "ORDER BY day, sheet, number", (file_index,))]

    def reused_documents(self) -> list[list[tuple]]:
        """Rows of one payer that give the same payment document with another date or amount,
        grouped: (file, sheet name, row number, day, amount) each. A payment order is one
        payment, so one of them is mistyped or entered twice; both are booked, as they came."""
        self.flush()
        return self._groups(
            "SELECT who, doc_key, file, sheet_name, number, day, amount FROM rows "
            "WHERE (who, doc_key) IN (SELECT who, doc_key FROM rows WHERE problem IS NULL AND doc_key != '' "
            "AND who != '' GROUP BY who, doc_key HAVING COUNT(DISTINCT day || '|' || amount) > 1) "
            "AND problem IS NULL ORDER BY who, doc_key, file, sheet, number")

    def same_payment_twice(self) -> list[list[tuple]]:
        """Rows of one payer, day and amount in two files of this import, one with a payment
        document and one without (a bank statement and the party's own register of the same
        payments): their keys differ, so both are booked, and they may be one payment."""
        self.flush()
        return self._groups(
            "SELECT who, day || '|' || amount, file, sheet_name, number, day, amount FROM rows "
            "WHERE (who, day, amount) IN (SELECT who, day, amount FROM rows WHERE problem IS NULL AND who != '' "
            "GROUP BY who, day, amount HAVING MIN(doc_key) = '' AND MAX(doc_key) != '' AND COUNT(DISTINCT file) > 1) "
            "AND problem IS NULL ORDER BY who, day, amount, file, sheet, number")

    def _groups(self, query: str) -> list[list[tuple]]:
        groups: dict[tuple, list[tuple]] = {}
        for first, second, *row in self.db.execute(query):
            groups.setdefault((first, second), []).append(tuple(row))
        return list(groups.values())

    def unbookable(self):
        self.flush()
        return map(self._row, self.db.execute(
            f"{self._READ}, 1 FROM rows WHERE day IS NULL ORDER BY file, sheet, number"))

    @staticmethod
    def _row(r) -> DataRow:
        day, amount, file_index, sheet_index, number, sheet, raw, problem, code, *rest = r
        values = {f: v for f, v in zip(_VALUE_FIELDS, rest) if v is not None}   # the last: the occurrence
        if problem is not None:
            return DataRow(file_index, sheet_index, sheet, number, raw, None, None,
                           cells.RowProblem("", "", problem, code=code), values, rest[-1])
        return DataRow(file_index, sheet_index, sheet, number, raw, _date(day), Money(amount), None, values, rest[-1])

    def close(self) -> None:
        self.db.close()
        self._dir.cleanup()


def read_book_file(path: pathlib.Path, kind: str, file_index: int, spool: _Spool, *,
                   sheet: str | None = None, all_sheets: bool = False,
                   mapping: dict[str, str] | None = None, layout: layouts.Layout | None = None) -> BookFile:
    """Every data row of one file, parsed into the spool; ``InputFileError`` when the file
    cannot be read. The layout that recognises the file reads it (``layout`` forces one), else
    the generic register reader; it is chosen once per file (per sheet), never per row."""
    exchange = layouts.exchange_layout(_first_line(path))
    if layout is not None and layout.kind == "exchange" and exchange is not layout:
        raise layout.does_not_fit(path.name, _("it does not begin with {first_line!r}").format(
            first_line=layout.first_line))
    if (layout is None and exchange is not None) or (layout is not None and layout.kind == "exchange"):
        read = _read_exchange(path, kind, file_index, spool)
        read.layout = (layout or exchange).name
        return read
    book = open_spreadsheet(path)
    try:
        read = _read(book, kind, file_index, spool, sheet, all_sheets, mapping, layout)
    finally:
        book.close()
    if kind == "statement":
        read.statement = _spreadsheet_statement(read, spool.payments(file_index))
        read.warnings += read.statement.problems()
    return read


def _first_line(path: pathlib.Path) -> str:
    """The first line of an exchange file (whatever its encoding, as ``onec`` sees it), or ""
    when the file is none."""
    if not path.is_file():
        return ""   # open_spreadsheet says why, in its words
    with path.open("rb") as fh:
        return onec.MAGIC if onec.is_exchange_file(fh.read(64)) else ""


def _read_exchange(path: pathlib.Path, kind: str, file_index: int, spool: _Spool) -> BookFile:
    """The payments of a bank's 1C exchange file as the import's rows, one per payment
    document (its number is the line the document starts on): money in is a receipt, money
    out spending; in a book of one kind the other way's rows are rejected, saying where they
    belong. The raw row keeps the document's every key, КОд/КБе and КНП among them."""
    sha = file_sha256(path)
    statement = onec.read_exchange(path.read_bytes(), path.name)
    sheet = path.stem
    for p in statement.payments:
        row = DataRow(file_index, 0, sheet, p.line, canonical_json([f"{k}={v}" for k, v in p.fields]))
        row.values = {"name": p.name, "id_number": cells.id_text(p.id_number), "document": p.number,
                      "purpose": p.purpose, "citizenship": p.residency, "way": "in" if p.money_in else "out",
                      "payer_code": p.code if p.money_in else None}
        if kind == "statement" or p.money_in == (kind != "spending"):
            row.day, row.amount = p.day, p.amount
            if kind in ("spending", "statement"):
                _refuse_paid_back(row)
        else:
            row.problem = direction.went_the_other_way(
                f"{'money in' if p.money_in else 'money out'} on the fund's account",
                f"{direction.other_way_advice(kind)}, or the whole statement with `fundledger import statement`")
        spool.add(row)
    return BookFile(path, path.name, sha, [sheet], len(statement.payments), statement.problems(), statement)


def _read(book: Spreadsheet, kind: str, file_index: int, spool: _Spool, sheet: str | None,
          all_sheets: bool, mapping: dict[str, str] | None, forced: layouts.Layout | None = None) -> BookFile:
    if sheet is not None and book.format != "csv":
        if sheet not in book.sheet_names:
            raise InputFileError(_("{file}: no sheet {sheet!r}; its sheets are {sheets}").format(
                file=book.name, sheet=sheet, sheets=", ".join(repr(s) for s in book.sheet_names)), code=F.SHEET_MISSING)
        candidates = [sheet]
    else:
        hidden = book.hidden_sheets()
        candidates = [name for name in book.sheet_names if name not in hidden] or list(book.sheet_names)
    rows = 0
    used: list[str] = []
    block_rows: list[tuple[int, list]] | None = None   # a statement's account block: above its table, balances below
    # A bank statement's table is read as a book of receipts: its credit column is the amount.
    header_kind = "contributions" if kind == "statement" else kind
    warnings: list[str] = book.notes + [
        Notice("HIDDEN_SHEET", _("{file}, sheet {sheet!r} is hidden and was not imported; to import it, --sheet {sheet!r}").format(
            file=book.name, sheet=name), sheet=name)
        for name in book.sheet_names if name not in candidates and _looks_like_a_book(book, name, header_kind)]
    first_error: InputFileError | None = None
    read_by: str | None = None
    for sheet_index, name in enumerate(candidates):
        where = book.name if book.format == "csv" else _("{file}, sheet {sheet!r}").format(file=book.name, sheet=name)
        it = book.rows(name)
        head = list(islice(it, headers.HEADER_SEARCH_ROWS))
        # Columns named by --map are the user's word: no layout overrides them.
        layout = forced or (None if mapping else layouts.spreadsheet_layout(head))
        try:
            header = layout.header_map(head, header_kind, where, forced=layout is forced) if layout else \
                headers.find_header(head, header_kind, where, mapping)
        except InputFileError as exc:
            if len(candidates) == 1:
                raise
            if not all(headers.is_blank(r) for r in head):
                first_error = first_error or exc
                if all_sheets:
                    reason = str(exc).removeprefix(where).lstrip(",: ").split(";")[0]
                    warnings.append(Notice("SHEET_SKIPPED", _("{where} skipped: {reason}").format(where=where, reason=reason), where=where, reason=reason))
            continue
        if used and not all_sheets:
            warnings.append(Notice("ANOTHER_BOOK_NOT_IMPORTED", _("{where} also looks like a book and was not imported; use --all-sheets or --sheet "
                              "to import it").format(where=where), where=where))
            continue
        used.append(name)
        read_by = read_by or (layout.name if layout else None)
        warnings += header.warnings
        if block_rows is None and kind == "statement":
            block_rows = [(r.number, r.cells) for r in head if r.number < header.header_row]
        rows += _read_sheet(chain(head, it), header, book.fill_down(name), where, spool,
                            (file_index, sheet_index, name), warnings, kind, block_rows)
    if not used:
        raise first_error or InputFileError(_("{file}: has no sheets with data").format(file=book.name),
                                            code=F.NO_SHEET_WITH_DATA)
    return BookFile(book.path, book.name, book.sha256, used, rows, warnings,
                    block=account_block(block_rows) if block_rows is not None else None, layout=read_by)


def _read_sheet(sheet_rows, header: headers.HeaderMap, fill, where: str, spool: _Spool, at: tuple,
                warnings: list[str], kind: str, block_rows: list | None = None) -> int:
    """Parse one sheet's data rows into the spool; return how many. Totals, notes and blank
    rows are no data rows; what looks wrong but is booked anyway becomes a warning. A bank
    statement's balance rows under the table go to ``block_rows``."""
    file_index, sheet_index, name = at
    sums = row_rules.RunningSums()
    collector = _YoungCollections()
    notes: list[str] = []
    future: list[str] = []
    month_first_late: list[str] = []
    today = dt.date.today()
    count = 0
    # A spending book without a category column may give it as section headings ("1. Телевидение").
    sheet = row_rules.Sheet(header, statement=block_rows is not None,
                       sections=kind == "spending" and "category" not in header.columns)
    section = None
    parse = _row_parser(header, file_index, sheet_index, name,
                        columns.SheetReaders.of(header, direction.plain(header), _TEXT_FIELDS))
    judge, data_row = row_rules.judge, RowKind.DATA
    sums_add, is_sum, spool_add = sums.add, sums.is_total, spool.add
    for row in sheet_rows:
        if fill is not None:
            row = fill(row, header.data_from)
        verdict = judge(row, sheet).kind
        if verdict is not data_row:
            if verdict is RowKind.TOTAL:
                if not isinstance(cells.day(header.value(row.cells, "date")), cells.RowProblem):
                    warnings.append(Notice("TOTALS_ROW_NOT_BOOKED", _("{where}, row {row}: read as a totals row and not booked ({cells}); if it is a "
                                      "payment, give it the payer's IIN/BIN").format(
                        where=where, row=row.number, cells=row_rules.shown(row)), where=where, row=row.number))
                sums.total_seen()
                section = None
            elif verdict is RowKind.BALANCE:
                block_rows.append((row.number, row.cells))
            elif verdict is RowKind.SECTION:
                section = row_rules.shown(row)
            elif verdict is RowKind.NOTE:
                notes.append(f"row {row.number} {row_rules.shown(row)!r}")
            continue
        parsed = parse(row)
        if kind == "statement":
            direction.both_ways(parsed, row, header)
        if section:
            parsed.values["category"] = section
        if kind in ("spending", "statement") and parsed.problem is None:
            _refuse_paid_back(parsed)
        if parsed.problem is not None and parsed.problem.field == "date" \
                and cells.slash_order([parsed.problem.value]) == "month first" and not header.month_first:
            month_first_late.append(f"row {row.number} ({parsed.problem.value})")
        if is_sum(parsed, row, header):
            sums.total_seen()
            continue
        sums_add(parsed)
        if parsed.day is not None and parsed.day > today:
            future.append(f"row {row.number} ({parsed.day:%d.%m.%Y})")
        spool_add(parsed)
        count += 1
        collector.after(count)
    if month_first_late:
        warnings.append(Notice("DATES_MONTH_FIRST_LATE", _("{where}: {rows} can only be read month first (American style), but the rows before "
                          "them were read day first: check the dates of this sheet, or write them as "
                          "dd.mm.yyyy").format(where=where, rows=_first_few(month_first_late)), where=where, rows=_first_few(month_first_late)))
    if future:
        warnings.append(Notice("DATES_AFTER_TODAY", _("{where}: {count} row(s) dated after today, which no payment made can be (a mistyped "
                          "year?): {rows}").format(where=where, count=len(future), rows=_first_few(future)), where=where, count=len(future)))
    if notes:
        warnings.append(Notice("ROWS_READ_AS_NOTES", _("{where}: {count} row(s) with no amount, date or IIN/BIN read as notes, not payments: "
                          "{rows}").format(where=where, count=len(notes), rows=_first_few(notes)), where=where, count=len(notes)))
    return count


def _refuse_paid_back(row: DataRow) -> None:
    """A spending book's row of money paid back is no spending: a supplier's refund is booked
    against the spending it returns, a payment back to a donor against the receipt. On a bank
    statement, money paid back into the fund is no receipt either."""
    what = "a receipt" if row.values.get("way") == "in" else "spending"
    for field_name in ("purpose", "category"):
        text = row.values.get(field_name)
        if headers.paid_back(text):
            row.problem = cells.RowProblem(field_name, text, (
                f"the {field_name} says this is money paid back ({text!r}), not {what}: a supplier paying the "
                "fund back is booked with `fundledger supplier-refund ENTRY`, money paid back to a donor with "
                "`fundledger refund ENTRY`"), code="MONEY_PAID_BACK")
            row.day = row.amount = None
            return


def _first_few(items: list[str]) -> str:
    return ", ".join(items[:5]) + (", ..." if len(items) > 5 else "")


def _looks_like_a_book(book: Spreadsheet, sheet: str, kind: str) -> bool:
    """Whether a sheet has a header row of this kind of book (a hidden sheet of dropdown
    lists has none and is not worth a warning)."""
    try:
        headers.find_header(list(islice(book.rows(sheet), headers.HEADER_SEARCH_ROWS)), kind, sheet)
    except InputFileError:
        return False
    return True


def _row_parser(header: headers.HeaderMap, file_index: int, sheet_index: int, sheet: str,
                read: columns.SheetReaders) -> Callable[[Row], DataRow]:
    """How one sheet's data rows are parsed: what the header says of its columns is looked up
    once, here, and not again for every row."""
    columns_ = header.columns
    # The name in parts, or beside the IIN/BIN, is put together by the header, not read from a column.
    name_of = header.name if header.name_parts or "name" not in columns_ else None
    texts = tuple(t for t in read.texts if name_of is None or t[0] != "name")
    id_col, date_col, amount_col = columns_.get("id_number"), columns_.get("date"), columns_.get("amount")
    currency_col = columns_.get("currency")
    payer_code = "payer_code" in columns_
    other_way = header.other_way
    read_id, read_day, read_amount = read.id_text, read.day, read.amount
    problem_type = cells.RowProblem

    def parse(row: Row) -> DataRow:
        row_cells = row.cells
        width = len(row_cells)
        values = {f: read_text(row_cells[i]) if i < width else None for f, i, read_text in texts}
        if name_of is not None:
            values["name"] = name_of(row_cells)
        values["id_number"] = read_id(row_cells[id_col] if id_col is not None and id_col < width else None)
        if payer_code and values["payer_code"] and not values.get("citizenship"):   # as a 1C file's КОд is kept
            values["citizenship"] = residency_of(values["payer_code"])
        day = read_day(row_cells[date_col] if date_col is not None and date_col < width else None)
        if read_amount is not None:   # the amount's cell alone says it (``direction.plain``)
            amount = read_amount(row_cells[amount_col] if amount_col is not None and amount_col < width else None)
        else:
            amount = direction.amount(row, header)
        if other_way is not None and isinstance(amount, problem_type) and not amount.value:
            moved = row_cells[other_way] if other_way < width else None
            if not cells.is_empty(moved):
                amount = direction.the_other_way(header, moved, other_way)
        if currency_col is not None and isinstance(amount, Money):
            amount = cells.currency(row_cells[currency_col] if currency_col < width else None) or amount
        raw = raw_json(row_cells)
        if isinstance(day, problem_type):
            return DataRow(file_index, sheet_index, sheet, row.number, raw, None, None, day, values)
        if isinstance(amount, problem_type):
            return DataRow(file_index, sheet_index, sheet, row.number, raw, None, None, amount, values)
        return DataRow(file_index, sheet_index, sheet, row.number, raw, day, amount, None, values)

    return parse


def _spreadsheet_statement(read: BookFile, payments: list[Payment]) -> Statement:
    """A spreadsheet statement: its account block and its rows' payments."""
    block = read.block or AccountBlock()
    days = [p.day for p in payments]
    sections = [AccountSection(block.line, block.account, block.start, block.end, block.opening, None, None,
                               block.closing)] if block.opening is not None or block.closing is not None else []
    return Statement(read.name, block.account, block.start or min(days, default=None),
                     block.end or max(days, default=None), sections, payments, format="spreadsheet",
                     account_line=block.line)


# --- importing --------------------------------------------------------------------------------

def import_books(engine: Engine, *, book: str | None, kind: str, paths: list[pathlib.Path],
                 sheet: str | None = None, all_sheets: bool = False,
                 mapping: dict[str, str] | None = None, dry_run: bool = False,
                 progress: Callable[[int, int], None] | None = None, booked_by: str | None = None,
                 expect_tip: tuple[int, str] | None = None, layout: str | None = None) -> ImportReport:
    """Import ``paths`` into ``book`` as contributions, own funds or spending; ``booked_by``
    is the web user each entry names; ``layout`` the name of the layout that must read every
    file (see ``ledger.importers.layouts``), None to let each file's own be found.
    ``expect_tip``: the confirmation of a dry run, whose report's ``tip`` it is; the import is
    refused (``BookChanged``, nothing booked) unless the book's chain tip is still that one,
    compared under the book's lock in the same transaction as the booking, so no entry can slip
    in between."""
    if kind not in KINDS:
        raise UsageError(_("unknown import kind {kind!r}; choose one of {kinds}").format(kind=kind, kinds=", ".join(KINDS)),
                         code="IMPORT_KIND_UNKNOWN")
    if not paths:
        raise UsageError(_("no files to import"))
    forced = layouts.named(layout) if layout else None
    if forced is not None and mapping:
        raise UsageError(_("give --layout or --map, not both: a layout names every column itself"))
    started = time.perf_counter()
    spool = _Spool()
    try:
        with _fewer_collections():
            files = [read_book_file(pathlib.Path(p), kind, i, spool, sheet=sheet, all_sheets=all_sheets,
                                    mapping=mapping, layout=forced) for i, p in enumerate(paths)]

            def work(conn: Connection) -> ImportReport:
                report = _post(conn, book, kind, files, spool, progress, booked_by, expect_tip)
                report.dry_run = dry_run
                return report

            report = run_write(engine, work, dry_run=dry_run)
            report.elapsed = time.perf_counter() - started
            return report
    finally:
        spool.close()


@contextlib.contextmanager
def _fewer_collections():
    """An import makes a dozen short-lived objects per row and almost no reference cycles,
    yet Python's cycle collector, run every 700 new objects, took about a seventh of the time
    of a 100k-row import. It is off for the import; ``_YoungCollections`` runs it now and
    then, so what cycles there are still go and memory stays flat."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _YoungCollections:
    """Runs of the cycle collector over the young objects as rows go by: every
    ``COLLECT_EVERY`` rows while they find cycles, twice as far apart after each run that
    found none (up to ``COLLECT_AT_MOST_EVERY``), so a book whose rows make cycles still has
    them freed and one whose rows make none does not pay for looking again and again."""

    def __init__(self):
        self.every = self.due = COLLECT_EVERY

    def after(self, rows: int) -> None:
        """``rows`` rows have gone by (of this phase)."""
        if rows < self.due:
            return
        if gc.collect(1) == 0:
            self.every = min(self.every * 2, COLLECT_AT_MOST_EVERY)
        self.due = rows + self.every


def _post(conn: Connection, book_code: str | None, kind: str, files: list[BookFile], spool: _Spool,
          progress, booked_by: str | None = None, expect_tip: tuple[int, str] | None = None) -> ImportReport:
    """Post the spooled rows chunk by chunk in ledger order, then record the rejected ones;
    every data row gets its one source_rows record."""
    info = load_book(conn, book_code)
    if kind in SOURCE_OF_KIND:
        # A whole register of a source the fund lacks is refused, not rejected row by row.
        try:
            info.profile.require_source(SOURCE_OF_KIND[kind].value)
        except SourceNotInFund as exc:
            raise SourceNotInFund(_("import {kind} into book {book}: {why}; book each transfer as what it is "
                                    "(own funds or a voluntary contribution)").format(
                kind=kind, book=info.code, why=exc)) from None
    # the book's lock: its tip is current from here on
    desk = Desk(conn, info, booked_by, remember_verdicts=not columns.per_row())
    tip = (desk.ledger.tip_seq, desk.ledger.tip_hash)
    if expect_tip is not None and tip != tuple(expect_tip):
        raise BookChanged(_("the book changed since this dry run (entries were booked meanwhile); "
                            "start the import again to see what it would do now"))
    spending = kind == "spending"
    report = ImportReport(info.code, kind, False,
                          [FileReport(f.name, f.sha256, f.sheets, layout=f.layout) for f in files], tip=tip)
    for f in files:
        report.warnings += f.warnings
    stamp = now_stamp()
    batch_ids = [conn.execute(insert(ImportBatch.__table__).values(
        book_id=info.id, kind=kind, file_name=f.name, file_sha256=f.sha256, imported_at=stamp,
        summary={}).returning(ImportBatch.__table__.c.id)).scalar_one() for f in files]
    for f, batch_id in zip(files, batch_ids):
        if f.statement is not None:
            report.warnings += take_statement(conn, info, f.name, f.sha256, f.statement, batch_id,
                                              record=kind == "statement")
            if kind == "statement":
                report.statements.append(f.statement)
    total = spool.count()
    warnings: dict[str, None] = dict.fromkeys(_reused_document_warnings(spool, files))
    reconciler = Reconciler.for_import(conn, desk, info, kind,
                                       frozenset(i for i, f in enumerate(files) if f.statement is not None))
    collector = _YoungCollections()
    with BackgroundWrites(conn):
        done = 0
        bookable = spool.bookable()

        def next_chunk():
            """The next chunk of rows, their inputs, the rows the reconciliation took, and the
            keys of the rest already in the book; None after the last."""
            chunk = list(islice(bookable, POST_CHUNK))
            if not chunk:
                return None
            inputs = [_input(r, kind, info, files[r.file_index], desk.association_bin) for r in chunk]
            in_files = [r.file_index for r in chunk]
            taken = (reconciler.register_rows(inputs, batch_ids, in_files)
                     or reconciler.statement_rows(inputs, batch_ids, in_files))
            return chunk, inputs, taken, _known_keys(desk, [inp for j, inp in enumerate(inputs) if j not in taken])

        # The next chunk's look-ups (its donors, its keys) wait for every write queued before
        # them. Where nothing is reconciled, nothing they read depends on this chunk's last
        # writes (its keys are still in the journal's buffer), so they run before those writes
        # are queued, which are then written while the next chunk is posted: on PostgreSQL the
        # import otherwise waited seconds for the server at every chunk. A reconciliation reads
        # what the chunk booked, so it first has it all written.
        ahead = reconciler.idle
        staged = next_chunk()
        while staged is not None:
            chunk, inputs, taken, known = staged
            outcomes = []
            for row, result in zip(chunk, _book(desk, inputs, taken, known)):
                if result is None:
                    t = taken[len(outcomes)]
                    row.outcome, row.reason, row.reason_code, row.entry_seq = t.outcome, t.reason, code_of(t.reason), t.entry_seq
                elif isinstance(result, LedgerError):
                    row.outcome, row.reason, row.reason_code, result = "rejected", str(result), result.code, None
                else:
                    row.outcome, row.entry_seq = result.outcome.value, result.seq
                    row.reason = _reason(result, row)
                    row.reason_code = code_of(row.reason)
                    if result.warnings:
                        warnings.update(dict.fromkeys(result.warnings))
                outcomes.append((row, result))
                done += 1
                if progress and done % PROGRESS_EVERY == 0:
                    progress(done, total)
            reconciler.later_lines([(inp, result) for (_row, result), inp in zip(outcomes, inputs)
                                    if result is not None and result.seq is not None and _row.outcome in BOOKED])
            desk.forget()
            if ahead:
                staged = next_chunk()
            desk.flush()
            _tally_and_record(conn, info.id, files, batch_ids, report, outcomes, spending)
            if not ahead:
                staged = next_chunk()
            collector.after(done)
        unbookable = spool.unbookable()
        while chunk := list(islice(unbookable, POST_CHUNK)):
            for row in chunk:
                row.outcome, row.reason, row.reason_code = "rejected", row.problem.reason, row.problem.code
            _tally_and_record(conn, info.id, files, batch_ids, report, [(r, None) for r in chunk], spending)
    if kind == "statement":
        for f, batch_id in zip(files, batch_ids):
            if f.statement is not None:
                reconciler.after_statement([f.statement], batch_id)
        desk.flush()
    for finding in reconciler.findings:
        count, amount = report.findings.get(finding.rule, (0, Money(0)))
        report.findings[finding.rule] = [count + 1, amount + finding.amount]
    report.rejected.sort(key=lambda r: (r.file, r.sheet, r.row))
    report.duplicates.sort(key=lambda r: (r.file, r.sheet, r.row))
    report.warnings += list(warnings)
    for batch_id, f, fr in zip(batch_ids, files, report.files):
        conn.execute(update(ImportBatch.__table__).where(ImportBatch.__table__.c.id == batch_id)
                     .values(summary={"sheets": f.sheets, **fr.tally.as_json(report.spending)}))
    if progress:
        progress(total, total)
    return report


def _book(desk: Desk, inputs: list, taken: dict, known: dict) -> list:
    """Each of a chunk's inputs booked in order: its ``Result``, the ``LedgerError`` that
    refused it, or None where the reconciliation took the row. The receipts between two
    spending rows (a bank statement's chunk holds both) are booked in one ``receive_many``."""
    results: list = []
    receipts: list[ReceiptInput] = []
    for j, inp in enumerate(inputs):
        if j not in taken and isinstance(inp, ReceiptInput):
            receipts.append(inp)
            continue
        if receipts:
            results += desk.receive_many(receipts, known)
            receipts = []
        if j in taken:
            results.append(None)
            continue
        try:
            results.append(desk.spend(inp, known=known))
        except LedgerError as exc:
            results.append(exc)
    if receipts:
        results += desk.receive_many(receipts, known)
    return results


def _known_keys(desk: Desk, inputs: list) -> dict:
    """The keys of a chunk's rows already in the book; a bank statement's chunk holds
    receipts and spending together."""
    receipts = [i for i in inputs if isinstance(i, ReceiptInput)]
    payments = [i for i in inputs if isinstance(i, SpendingInput)]
    known = desk.prepare(receipts) if receipts else {}
    if payments:
        known.update(desk.prepare_spending(payments))
    return known


def _reused_document_warnings(spool: _Spool, files: list[BookFile]) -> list[str]:
    def shown(rows):
        return _first_few([f"{RowNote(files[f].name, sheet, number, '').where} ({dt.date.fromisoformat(day):%d.%m.%Y}, "
                           f"{money_text(Money(amount))})" for f, sheet, number, day, amount in rows])

    return [Notice("PAYMENT_DOCUMENT_REUSED", _("{count} rows give the same payer and payment document with different dates or amounts: {rows}; "
              "a payment document is one payment, so check for a mistyped date or amount, or a payment entered "
              "twice").format(count=len(rows), rows=shown(rows)), count=len(rows)) for rows in spool.reused_documents()] + [
            Notice("SAME_PAYMENT_IN_TWO_FILES", _("{count} rows in different files give the same payer, date and amount, some with a payment document "
              "and some without: {rows}; if they are one payment (a statement and a register of the same money), it "
              "was booked twice: reverse the extra entry with `fundledger reverse`").format(
                count=len(rows), rows=shown(rows)), count=len(rows))
            for rows in (spool.same_payment_twice() if len(files) > 1 else ())]


# A source row's values as ``_tally_and_record`` gives them, in this order.
_SOURCE_ROW_COLUMNS = ("batch_id", "book_id", "sheet", "row_number", "raw", "outcome", "reason", "entry_seq")


def _tally_and_record(conn: Connection, book_id: int, files: list[BookFile], batch_ids: list[int],
                      report: ImportReport, outcomes: list, spending: bool) -> None:
    records = []
    found: dict[str, list[int]] = {}   # rule -> [count, tiyn]: a Money per finding cost more than the sum
    for row, result in outcomes:
        report.files[row.file_index].tally.add(row.outcome, result, spending or row.values.get("way") == "out")
        if row.outcome in ("rejected", "duplicate"):
            (report.rejected if row.outcome == "rejected" else report.duplicates).append(
                RowNote(files[row.file_index].name, row.sheet, row.number, row.reason, row.reason_code))
        elif result is not None:
            for finding in result.findings:
                sums = found.get(finding.rule)
                if sums is None:
                    sums = found[finding.rule] = [0, 0]
                sums[0] += 1
                sums[1] += finding.amount.tiyn
        records.append((batch_ids[row.file_index], book_id, row.sheet, row.number, row.raw, row.outcome,
                        row.reason, row.entry_seq))
    for rule, (n, tiyn) in found.items():
        count, amount = report.findings.get(rule, (0, Money(0)))
        report.findings[rule] = [count + n, amount + Money(tiyn)]
    bulk_insert(conn, SourceRow.__table__, records, _SOURCE_ROW_COLUMNS, as_stored=True)


def _input(row: DataRow, kind: str, book: BookInfo, book_file: BookFile, association_bin: str | None = None):
    v = row.values
    party = book.party
    origin = SourceRef(book_file.name, book_file.sha256, row.sheet, row.number)
    if kind == "statement":
        kind = statement_kind(v, party, book.profile, association_bin)
    if kind == "spending":
        category = headers.spending_role(v.get("category") or v.get("purpose"))
        v["evidence"] = category.evidence
        return SpendingInput(row.amount, row.day, category.role, payee=v.get("name"),
                             payee_id=v.get("id_number"), candidate=v.get("candidate"),
                             document=v.get("document"), purpose=v.get("purpose"),
                             origin=origin, occurrence=row.occurrence)
    name, donor_type = v.get("name"), v.get("donor_type")
    if kind == "own-funds" and not name and not v.get("id_number"):
        # Own funds come from the party itself; a row that names nobody is the party's money,
        # not an anonymous gift (and the party is an organisation, whatever its name).
        name, donor_type = party, donor_type or "партия"
    source = SOURCE_OF_KIND[kind]
    facts = DonorFacts(name, v.get("id_number"), donor_type, v.get("citizenship"), v.get("notes"), v.get("payer_code"))
    # A notes column was read as the purpose before it had a field of its own: it stays the
    # receipt's purpose where there is none, so a book imported before imports again as duplicates.
    return ReceiptInput(source, row.amount, row.day, facts, document=v.get("document"),
                        purpose=v.get("purpose") or v.get("notes"), origin=origin, occurrence=row.occurrence)


def _reason(result: Result, row: DataRow) -> str:
    """Why a booked row went where it did: its category or its source, then its findings."""
    if result.reason:
        return result.reason
    evidence = row.values.get("evidence") or ""
    if not result.findings:   # most rows
        return str(evidence)
    return _findings_reason(evidence, result.findings)


def _findings_reason(evidence: str, findings: tuple) -> str:
    """A booked row's reason with findings. Most rows past a cap share one remembered verdict
    (``ReceiptJudge``), and so one tuple of findings: its reason is written once, and found
    again by the tuple itself (hashing its findings cost more than writing the reason)."""
    hit = _REASONS.get(id(findings))
    if hit is not None and hit[0] is findings and hit[1] == evidence:
        return hit[2]
    if len(_REASONS) >= 4096:
        _REASONS.clear()
    reason = "; ".join(p for p in (evidence, *(f"{f.rule}: {f.evidence}" for f in findings)) if p)
    _REASONS[id(findings)] = (findings, evidence, reason)   # the tuple is kept, so its id stays its own
    return reason


_REASONS: dict[int, tuple[tuple, str, str]] = {}
