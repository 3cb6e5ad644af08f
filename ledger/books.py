"""Books, their chart of accounts, donors, candidates and reference lists.

A book is one party's election fund for one election. Creating one writes its chart of
accounts with the caps of its rule profile as ceilings, and stores the profile itself, so the
book's caps never change under it when the built-in profiles do.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from sqlalchemy import Connection, func, insert, select

from ledger.core import ids
from ledger.core.codes import FundSource
from ledger.core.errors import BookNotFound, IdNumberError, LedgerError, UsageError
from ledger.core.types import BookInfo, DonorRef, now_stamp
from ledger.db import queries as q
from ledger.db.bulk import bulk_insert, multi_row_inserts
from ledger.db.models import Book, Candidate, Donor, Entry, ReferenceId
from ledger.i18n import _
from ledger.journal.chart import chart_for
from ledger.rules.donors import DonorClassification, ReferenceLists
from ledger.rules.profiles import RuleProfile

LIST_KINDS = ("candidates", "state", "foreign-participation", "foreign-grantees")


def slug(text: str) -> str:
    s = re.sub(r"[^0-9a-zа-яәіңғүұқөһ]+", "-", text.lower()).strip("-")
    return s[:60] or "book"


def create_book(conn: Connection, party: str, election: str, profile: RuleProfile,
                code: str | None = None) -> BookInfo:
    code = code or slug(f"{party} {election}")
    if conn.execute(select(Book.id).where(Book.code == code)).first():
        raise LedgerError(_("a book {code!r} already exists in this database; choose another --code, or use it "
                            "with --book {code}").format(code=code))
    book_id = conn.execute(insert(Book.__table__).values(
        code=code, party=party, election=election, profile_code=profile.code,
        profile=profile.to_dict(), created_at=now_stamp()).returning(Book.__table__.c.id)).scalar_one()
    ids: dict[str, int] = {}
    for spec in chart_for(profile.source_codes):
        ids[spec.role] = q.add_account(conn, book_id, spec, ids[spec.parent] if spec.parent else None,
                                       profile.cap(spec.cap).tiyn if spec.cap else None)
    return load_book(conn, code)


# What a BookInfo is made of, named: a plain select of the table would also ask for columns
# later revisions added, and books are loaded by the tests of those revisions' upgrades.
_INFO_COLUMNS = (Book.id, Book.code, Book.party, Book.election, Book.profile, Book.created_at)


def _info(row) -> BookInfo:
    return BookInfo(row.id, row.code, row.party, row.election,
                    RuleProfile.from_dict(row.profile, origin=f"book {row.code}"), row.created_at, row.profile)


def list_books(conn: Connection) -> list[BookInfo]:
    return [_info(r) for r in conn.execute(select(*_INFO_COLUMNS).order_by(Book.id))]


def load_book(conn: Connection, code: str | None = None) -> BookInfo:
    """The book named by ``code``, or the only book when there is just one."""
    if code:
        row = conn.execute(select(*_INFO_COLUMNS).where(Book.code == code)).first()
        if row is None and code.isdigit():
            row = conn.execute(select(*_INFO_COLUMNS).where(Book.id == int(code))).first()
        if row is None:
            known = ", ".join(b.code for b in list_books(conn)) or "none"
            raise BookNotFound(_("no book {code!r} in this database (books: {known})").format(code=code, known=known))
        return _info(row)
    books = list_books(conn)
    if not books:
        raise BookNotFound(_("this database has no book yet: run `fundledger init --party NAME --election NAME`"))
    if len(books) > 1:
        raise BookNotFound(_("this database holds several books; choose one with --book ({books})").format(
            books=", ".join(b.code for b in books)))
    return books[0]


def book_entry_count(conn: Connection, book_id: int) -> int:
    return conn.execute(select(func.count()).select_from(Entry).where(Entry.book_id == book_id)).scalar_one()


# A donor's values as the registry writes them, in this order.
DONOR_COLUMNS = ("donor_key", "id_number", "name", "kind")


class DonorRegistry:
    """Finds or creates donors by key, safely when several writers add the same donor."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self._cache: dict[str, int] = {}

    def ensure_many(self, donors: list[DonorClassification]) -> None:
        """Find or create many donors with a few statements (imports of 100k rows): new ones
        are inserted and their ids returned at once; only the rest are looked up."""
        # The first row of a donor names them, as it does when the donor's rows fall in two
        # batches (the later batch finds the donor made by the earlier).
        wanted: dict[str, DonorClassification] = {}
        for d in donors:
            if d.key not in self._cache:
                wanted.setdefault(d.key, d)
        if not wanted:
            return
        if self.conn.dialect.name == "sqlite":
            self._ensure_many_queued(wanted)
        else:
            self._ensure_many_returning(wanted)

    def _ensure_many_returning(self, wanted: dict[str, DonorClassification]) -> None:
        """Insert the donors the table lacks and read every id back, safely beside other
        writers: another import may add one of the same donors at the same time."""
        # Many rows to a statement, with RETURNING: SQLAlchemy's own per-row handling cost
        # more than the database for 100k new donors. (Ids taken from the sequence and the rows
        # queued for the writer thread, as on SQLite, made 100k rows slower here: 20.2-20.9 s
        # against 18.6-18.8 s.)
        rows = [self._row(d) for d in wanted.values()]
        for sql, params in multi_row_inserts(self.conn, Donor.__table__.name, list(DONOR_COLUMNS), rows,
                                             " ON CONFLICT (donor_key) DO NOTHING RETURNING donor_key, id"):
            self._cache.update(self.conn.exec_driver_sql(sql, tuple(params)).all())
        existing = [k for k in wanted if k not in self._cache]
        for start in range(0, len(existing), 500):
            self._cache.update(q.donor_ids(self.conn, existing[start:start + 500]))

    def _ensure_many_queued(self, wanted: dict[str, DonorClassification]) -> None:
        """SQLite's write transaction holds the whole file, so no other writer can add a donor
        meanwhile: the donors not found get the next ids here, and their rows are written with
        the import's other rows (on the writer thread, before the postings that name them)
        rather than one statement at a time on this one (1.5 s of a 100k-row import)."""
        keys = list(wanted)
        for start in range(0, len(keys), 500):
            self._cache.update(q.donor_ids(self.conn, keys[start:start + 500]))
        new = [d for key, d in wanted.items() if key not in self._cache]
        if not new:
            return
        rows = []
        for donor_id, donor in enumerate(new, start=q.next_donor_id(self.conn)):
            self._cache[donor.key] = donor_id
            rows.append((donor_id, *self._row(donor)))
        bulk_insert(self.conn, Donor.__table__, rows, ("id", *DONOR_COLUMNS), as_stored=True)

    @staticmethod
    def _row(donor: DonorClassification) -> tuple:
        """A donor's values, in ``DONOR_COLUMNS`` order."""
        return (donor.key, donor.id_number.digits if donor.id_number else None,
                (donor.name or ("anonymous" if donor.anonymous else ""))[:400], donor.kind.value)

    @classmethod
    def _values(cls, donor: DonorClassification) -> dict:
        return dict(zip(DONOR_COLUMNS, cls._row(donor)))

    def _insert_ignoring_conflicts(self):
        """Two writers may add the same donor at once: the second one's insert does nothing."""
        table = Donor.__table__
        if self.conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as dialect_insert
        else:
            from sqlalchemy.dialects.sqlite import insert as dialect_insert
        return dialect_insert(table).on_conflict_do_nothing(index_elements=["donor_key"])

    def forget(self) -> None:
        self._cache.clear()

    def ensure(self, donor: DonorClassification) -> DonorRef:
        key = donor.key
        if key in self._cache:
            return DonorRef(self._cache[key], key)
        table = Donor.__table__
        found = self.conn.execute(select(table.c.id).where(table.c.donor_key == key)).scalar_one_or_none()
        if found is None:
            self.conn.execute(self._insert_ignoring_conflicts(), [self._values(donor)])
            found = self.conn.execute(select(table.c.id).where(table.c.donor_key == key)).scalar_one()
        self._cache[key] = found
        return DonorRef(found, key)


def reference_lists(conn: Connection, book: BookInfo) -> ReferenceLists:
    """The lists a donor is checked against. Of the book's candidates only those on the
    party's list count: one that spending merely named is no evidence against a donor."""
    lists: dict[str, set[str]] = {}
    for kind, number in conn.execute(select(ReferenceId.list_kind, ReferenceId.id_number)):
        lists.setdefault(kind, set()).add(number)
    names, unnumbered = [], []
    for name, number in conn.execute(select(Candidate.name, Candidate.id_number)
                                     .where(Candidate.book_id == book.id, Candidate.on_list)):
        names.append(name)
        if number:
            lists.setdefault("candidates", set()).add(number)
        else:
            unnumbered.append(name)
    return ReferenceLists.from_mapping(lists, names, unnumbered)


class CandidateRef(NamedTuple):
    id: int
    on_list: bool


def candidate_ids(conn: Connection, book: BookInfo) -> dict[str, CandidateRef]:
    """Candidates of the book by normalised name and by IIN, for spending per candidate."""
    from ledger.rules.words import normalise

    found: dict[str, CandidateRef] = {}
    for cid, name, number, on_list in conn.execute(
            select(Candidate.id, Candidate.name, Candidate.id_number, Candidate.on_list)
            .where(Candidate.book_id == book.id)):
        found[normalise(name)] = ref = CandidateRef(cid, on_list)
        if number:
            found[number] = ref
    return found


def set_dates(conn: Connection, book: BookInfo, election_date, results_date=None) -> None:
    """Record the election's day and the results' day (the final report is due 5 days after
    them); results published before the election are refused."""
    if results_date is not None and results_date < election_date:
        raise LedgerError(_("the results ({results}) cannot be published before the election ({election})").format(
            results=f"{results_date:%d.%m.%Y}", election=f"{election_date:%d.%m.%Y}"), code="RESULTS_BEFORE_THE_ELECTION")
    days = {"election_date": election_date}
    if results_date is not None:
        days["results_date"] = results_date
    q.set_book_dates(conn, book.id, **days)


def nominating_association(profile: RuleProfile, name: str | None, bin_text: str | None) -> q.Association:
    """The nominating public association of a candidate's fund, checked: the fund must have
    the association's funds as a source, and its BIN must be a resident legal entity's (the
    5th digit 4), as a public association registered in Kazakhstan is."""
    if not profile.has_source(FundSource.ASSOCIATION_FUNDS.value):
        raise UsageError(_("--association: a fund under profile {profile} has no nominating association's funds (a "
                           "party's fund, or a self-nominated candidate's)").format(profile=profile.code),
                         code="SOURCE_NOT_IN_FUND")
    number = None
    if bin_text is not None:
        try:
            parsed = ids.parse(bin_text)
        except IdNumberError as unreadable:
            parsed, why = None, str(unreadable)
        else:
            why = "it must be 12 digits" if parsed is None else ids.why_invalid(parsed.digits)
        if why is not None:
            raise UsageError(_("--association-bin {value!r} is no BIN: {why}").format(value=bin_text, why=why),
                             code="ASSOCIATION_BIN_INVALID")
        if parsed.kind is not ids.IdKind.RESIDENT_ORG:
            raise UsageError(_("--association-bin {value!r} is no Kazakh legal entity's BIN (its 5th digit is {digit}, "
                               "not 4): give the BIN of the public association that nominated the candidate").format(
                value=bin_text, digit=parsed.digits[4]), code="ASSOCIATION_BIN_INVALID")
        number = parsed.digits
    return q.Association((name or "").strip() or None, number)


def set_association(conn: Connection, book: BookInfo, association: q.Association) -> None:
    q.set_book_association(conn, book.id, association)
