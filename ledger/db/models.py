"""The schema: SQLAlchemy 2.0 typed models.

The tables that hold the journal (``entries``, ``postings``) are append-only and guarded by
database triggers (see ``ledger.db.guards``), so these models are written by the posting engine
through plain INSERTs and never updated. Postings are written before the entry that seals
them: the entry's INSERT trigger checks that they sum to zero, and the posting trigger refuses
any posting for an entry already sealed. Money columns are integer tiyn.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Book(Base):
    """One party's election fund for one election."""

    __tablename__ = "books"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    party: Mapped[str] = mapped_column(String(300))
    election: Mapped[str] = mapped_column(String(300))
    profile_code: Mapped[str] = mapped_column(String(80))
    profile: Mapped[dict[str, Any]]
    created_at: Mapped[str] = mapped_column(String(32))
    # The fund's special bank account (ИИК): given at init, or the first statement's.
    bank_account: Mapped[str | None] = mapped_column(String(34))
    # The election's day and the day its results were published (the final report is due 5
    # days after them), and the day the fund was closed out: then only what it owes is paid.
    election_date: Mapped[dt.date | None] = mapped_column(Date)
    results_date: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    # A presidential candidate's nominating public association: its name and BIN (revision 0012).
    association_name: Mapped[str | None] = mapped_column(String(300))
    association_bin: Mapped[str | None] = mapped_column(String(12))


class Account(Base):
    """An account of the chart. ``ceiling_tiyn`` is a cap: the credit balance of the account's
    whole subtree may not exceed it. ``balance_tiyn`` is a cache kept by the posting engine in
    the same transaction as the postings; ``verify`` recomputes it."""

    __tablename__ = "accounts"
    __table_args__ = (
        UniqueConstraint("book_id", "code"),
        UniqueConstraint("book_id", "role"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    code: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(200))
    name_ru: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    fund_source: Mapped[str | None] = mapped_column(String(30))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    is_postable: Mapped[bool]
    ceiling_tiyn: Mapped[int | None] = mapped_column(BigInteger)
    balance_tiyn: Mapped[int] = mapped_column(BigInteger, default=0)


class Donor(Base):
    """A donor across all books, recognised by ``donor_key`` (its valid IIN/BIN when it has
    one), so gifts of one donor to several parties can be seen together."""

    __tablename__ = "donors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    donor_key: Mapped[str] = mapped_column(String(400), unique=True)
    id_number: Mapped[str | None] = mapped_column(String(12), index=True)
    name: Mapped[str] = mapped_column(String(400))
    kind: Mapped[str] = mapped_column(String(20))


class Candidate(Base):
    """A candidate of the book. Spending may name a candidate the party's list does not (yet)
    hold; such a candidate is recorded with ``on_list`` false, so that spending per candidate
    adds up, but only the list's candidates are barred from giving to the fund."""

    __tablename__ = "candidates"
    __table_args__ = (UniqueConstraint("book_id", "name", "id_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    name: Mapped[str] = mapped_column(String(400))
    id_number: Mapped[str | None] = mapped_column(String(12))
    list_position: Mapped[int | None]
    on_list: Mapped[bool] = mapped_column(server_default=true())


class Entry(Base):
    """A journal entry. Identified by (book, seq): seq runs 1, 2, 3... per book under the
    book's lock, and each entry's hash covers the previous one's."""

    __tablename__ = "entries"
    __table_args__ = (
        UniqueConstraint("book_id", "idempotency_key"),
        Index("ix_entries_book_reverses", "book_id", "reverses_seq"),
        Index("ix_entries_book_settles", "book_id", "settles_seq"),
    )
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(20))
    entry_date: Mapped[Any] = mapped_column(Date)
    memo: Mapped[str] = mapped_column(Text, default="")
    idempotency_key: Mapped[str] = mapped_column(String(600))
    content_digest: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]]
    reverses_seq: Mapped[int | None]
    settles_seq: Mapped[int | None]
    source_file: Mapped[str | None] = mapped_column(String(400))
    source_sha256: Mapped[str | None] = mapped_column(String(64))
    source_sheet: Mapped[str | None] = mapped_column(String(200))
    source_row: Mapped[int | None]
    recorded_at: Mapped[str] = mapped_column(String(32))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Posting(Base):
    __tablename__ = "postings"
    __table_args__ = (
        ForeignKeyConstraint(
            ["book_id", "entry_seq"], ["entries.book_id", "entries.seq"],
            name="fk_postings_entry", deferrable=True, initially="DEFERRED"),
        CheckConstraint("amount_tiyn <> 0", name="nonzero"),
        Index("ix_postings_entry", "book_id", "entry_seq"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    entry_seq: Mapped[int]
    line_no: Mapped[int]
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    amount_tiyn: Mapped[int] = mapped_column(BigInteger)
    donor_id: Mapped[int | None] = mapped_column(ForeignKey("donors.id"), index=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"))


class ImportBatch(Base):
    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(String(400))
    file_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[str] = mapped_column(String(32))
    summary: Mapped[dict[str, Any]]


class SourceRow(Base):
    """Every data row of every import, with its raw cells and its one outcome."""

    __tablename__ = "source_rows"
    __table_args__ = (Index("ix_source_rows_book_outcome", "book_id", "outcome"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    sheet: Mapped[str] = mapped_column(String(200))
    row_number: Mapped[int]
    raw: Mapped[list[Any]]
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    entry_seq: Mapped[int | None]


class BankStatement(Base):
    """A bank statement of the fund's account imported into a book: its period and the
    bank's figures, so that the next statement is checked against it (no overlap, no gap,
    the balance carried over)."""

    __tablename__ = "statements"
    __table_args__ = (Index("ix_statements_book_period", "book_id", "period_start"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))
    file_name: Mapped[str] = mapped_column(String(400))
    file_sha256: Mapped[str] = mapped_column(String(64))
    account: Mapped[str] = mapped_column(String(34))
    period_start: Mapped[Any] = mapped_column(Date)
    period_end: Mapped[Any] = mapped_column(Date)
    opening_tiyn: Mapped[int | None] = mapped_column(BigInteger)
    closing_tiyn: Mapped[int | None] = mapped_column(BigInteger)
    credits_tiyn: Mapped[int] = mapped_column(BigInteger)
    debits_tiyn: Mapped[int] = mapped_column(BigInteger)


class Finding(Base):
    """A breach: the rule, the amount concerned, the entry and source row, the evidence."""

    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_book_entry", "book_id", "entry_seq"),
        Index("ix_findings_book_status", "book_id", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    entry_seq: Mapped[int | None]
    rule: Mapped[str] = mapped_column(String(30))
    amount_tiyn: Mapped[int] = mapped_column(BigInteger)
    donor_id: Mapped[int | None] = mapped_column(ForeignKey("donors.id"))
    source_file: Mapped[str | None] = mapped_column(String(400))
    source_sheet: Mapped[str | None] = mapped_column(String(200))
    source_row: Mapped[int | None]
    evidence: Mapped[str] = mapped_column(Text)          # in English, as written
    # Which sentence the evidence is and its parameters (JSON, keys in order): how it is put into
    # words in the reader's language (None: a sentence of no code, shown as it was written).
    evidence_code: Mapped[str | None] = mapped_column(String(40))
    evidence_params: Mapped[str | None] = mapped_column(Text)
    article: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="open")
    resolved_by_seq: Mapped[int | None]


class ReceiptNotes(Base):
    """What a notes column said of a receipt's donor, and the row it was read from: evidence,
    kept like a finding's outside the hash chain (revision 0011 says why)."""

    __tablename__ = "receipt_notes"
    __table_args__ = (Index("ix_receipt_notes_book_entry", "book_id", "entry_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    entry_seq: Mapped[int]
    notes: Mapped[str] = mapped_column(Text)
    source_file: Mapped[str | None] = mapped_column(String(400))
    source_sheet: Mapped[str | None] = mapped_column(String(200))
    source_row: Mapped[int | None]


class ReferenceId(Base):
    """An IIN/BIN on one of the auditor's reference lists (state, foreign participation,
    foreign grantees). Shared by all books in the database."""

    __tablename__ = "reference_ids"
    __table_args__ = (UniqueConstraint("list_kind", "id_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    list_kind: Mapped[str] = mapped_column(String(30))
    id_number: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(400), default="")
    source_file: Mapped[str] = mapped_column(String(400), default="")


class User(Base):
    """Who may sign in to the web desk or call the API: a role, the books given, an argon2
    password hash and the sha256 of an API token. Disabled, never deleted: entries name them."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'treasurer', 'auditor')", name="role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(12))
    books: Mapped[list[Any]]
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(server_default=false())
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[str] = mapped_column(String(32))


class ReconciledRow(Base):
    """A donors' register row held against the bank's statements: which bank line it is (the
    entry that booked the money), or that no statement shows it, and what the register said
    of the donor (evidence added to the bank's receipt). ``register_seq`` is the register's
    own entry when the register was booked before the statement came."""

    __tablename__ = "reconciliation"
    __table_args__ = (
        UniqueConstraint("book_id", "register_key"),
        Index("ix_reconciliation_book_bank", "book_id", "bank_seq"),
        Index("ix_reconciliation_book_bank_key", "book_id", "bank_key"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    book_id: Mapped[int] = mapped_column(ForeignKey("books.id"))
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batches.id"))
    register_key: Mapped[str] = mapped_column(String(600))
    register_file: Mapped[str | None] = mapped_column(String(400))
    register_sheet: Mapped[str | None] = mapped_column(String(200))
    register_row: Mapped[int | None]
    register_seq: Mapped[int | None]
    register_date: Mapped[Any] = mapped_column(Date)
    register_tiyn: Mapped[int] = mapped_column(BigInteger)
    payer: Mapped[str] = mapped_column(String(400))
    document: Mapped[str | None] = mapped_column(String(100))
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON)   # the register's name, type, citizenship, notes
    bank_seq: Mapped[int | None]
    bank_key: Mapped[str | None] = mapped_column(String(600))   # the bank line's key, when the statement came second
    bank_date: Mapped[Any | None] = mapped_column(Date)
    bank_tiyn: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))
