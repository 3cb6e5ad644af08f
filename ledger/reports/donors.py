"""Who gave what, per book and across books.

Several parties' funds can be kept in one database, and donors are shared by all of them,
recognised by their valid IIN/BIN (``donors.donor_key``). That lets an auditor ask what no
single party's book can answer: which citizens and organisations gave to more than one party
in the same election, and how much each fund took from them.

Every figure is read from the journal's postings (never from the cached balances, which are
per account, not per donor) and is net of reversals: a reversal counts as the kind of entry it
reverses, as in ``fund_status``. Per donor and book:

* ``accepted``: what went into the fund's sources (own funds, voluntary contributions);
* ``held``: what the donor's receipts put into money owed back (over a cap, banned,
  unidentified) and is not in the fund, before anything was paid back;
* ``refunded``: what has been paid back from that (to the donor or the budget);
* ``gifts``: the donor's receipts that have not been reversed.

IINs reveal a person's birth date and sex: these reports carry the full number for the
auditor; use ``masked_id`` for anything published.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, and_, exists, func, select

from ledger.core.codes import PAYBACK_KINDS, RECEIPT_KINDS
from ledger.core.ids import mask
from ledger.core.money import Money
from ledger.core.types import BookInfo
from ledger.db.models import Account, Book, Donor, Entry, Posting
from ledger.i18n import _, current_language, money_text, ngettext
from ledger.reports.i18n import Labels


@dataclass(frozen=True)
class DonorGifts:
    """One donor's money in one book."""

    donor_key: str
    id_number: str | None
    name: str
    kind: str
    book: str
    party: str
    accepted: Money
    held: Money
    refunded: Money
    gifts: int

    @property
    def owed(self) -> Money:
        """Still owed back to the donor (or the budget) for its receipts."""
        return self.held - self.refunded

    @property
    def masked_id(self) -> str | None:
        if self.id_number is None:
            return None
        return mask(self.id_number) if self.id_number[4] in "0123" else self.id_number

    def as_json(self) -> dict:
        return {"donor_key": self.donor_key, "id_number": self.id_number, "name": self.name,
                "kind": self.kind, "book": self.book, "party": self.party,
                "accepted": self.accepted.machine(), "held": self.held.machine(),
                "refunded": self.refunded.machine(), "owed": self.owed.machine(), "gifts": self.gifts}


@dataclass(frozen=True)
class DonorAcrossBooks:
    """A donor with a valid IIN/BIN who gave to more than one book."""

    id_number: str
    name: str
    kind: str
    books: tuple[DonorGifts, ...]

    @property
    def accepted(self) -> Money:
        return sum((b.accepted for b in self.books), Money(0))

    @property
    def held(self) -> Money:
        return sum((b.held for b in self.books), Money(0))

    @property
    def gifts(self) -> int:
        return sum(b.gifts for b in self.books)

    def as_json(self) -> dict:
        return {"id_number": self.id_number, "name": self.name, "kind": self.kind,
                "accepted": self.accepted.machine(), "held": self.held.machine(),
                "gifts": self.gifts, "books": [b.as_json() for b in self.books]}


def _gifts(conn: Connection, book_id: int | None = None, valid_ids_only: bool = False) -> list[DonorGifts]:
    e, orig = Entry.__table__.alias("e"), Entry.__table__.alias("orig")
    kind = func.coalesce(orig.c.kind, e.c.kind)
    conditions = [Posting.donor_id.isnot(None)]
    if book_id is not None:
        conditions.append(Posting.book_id == book_id)
    if valid_ids_only:
        conditions += [Donor.id_number.isnot(None), Donor.donor_key == "ID:" + Donor.id_number]
    sums = conn.execute(
        select(Posting.donor_id, Posting.book_id, Account.type, kind, func.sum(Posting.amount_tiyn))
        .select_from(Posting)
        .join(e, and_(e.c.book_id == Posting.book_id, e.c.seq == Posting.entry_seq))
        .outerjoin(orig, and_(orig.c.book_id == e.c.book_id, orig.c.seq == e.c.reverses_seq))
        .join(Account, Account.id == Posting.account_id)
        .join(Donor, Donor.id == Posting.donor_id)
        .where(*conditions)
        .group_by(Posting.donor_id, Posting.book_id, Account.type, kind)).all()

    reversal = Entry.__table__.alias("r")
    counts = conn.execute(
        select(Posting.donor_id, Posting.book_id, func.count(func.distinct(Posting.entry_seq)))
        .select_from(Posting)
        .join(e, and_(e.c.book_id == Posting.book_id, e.c.seq == Posting.entry_seq))
        .join(Donor, Donor.id == Posting.donor_id)
        .where(*conditions, e.c.kind.in_(RECEIPT_KINDS),
               ~exists().where(reversal.c.book_id == e.c.book_id, reversal.c.reverses_seq == e.c.seq))
        .group_by(Posting.donor_id, Posting.book_id)).all()

    figures: dict[tuple[int, int], dict[str, int]] = {}
    for donor_id, book, account_type, entry_kind, total in sums:
        f = figures.setdefault((donor_id, book), {"accepted": 0, "held": 0, "refunded": 0, "gifts": 0})
        total = int(total)  # PostgreSQL sums a bigint as numeric
        if account_type == "source":
            f["accepted"] -= total
        elif account_type == "liability" and entry_kind in PAYBACK_KINDS:
            f["refunded"] += total
        elif account_type == "liability":
            f["held"] -= total
    for donor_id, book, n in counts:
        figures.setdefault((donor_id, book), {"accepted": 0, "held": 0, "refunded": 0, "gifts": 0})["gifts"] = n
    if not figures:
        return []

    donor_ids = sorted({d for d, _ in figures})
    donors = {}
    for start in range(0, len(donor_ids), 500):
        chunk = donor_ids[start:start + 500]
        donors.update({r.id: r for r in conn.execute(
            select(Donor.id, Donor.donor_key, Donor.id_number, Donor.name, Donor.kind)
            .where(Donor.id.in_(chunk)))})
    books = {r.id: r for r in conn.execute(select(Book.id, Book.code, Book.party))}
    result = []
    for (donor_id, book), f in figures.items():
        d, b = donors[donor_id], books[book]
        result.append(DonorGifts(d.donor_key, d.id_number, d.name, d.kind, b.code, b.party,
                                 Money(f["accepted"]), Money(f["held"]), Money(f["refunded"]), f["gifts"]))
    return result


def book_donors(conn: Connection, book: BookInfo) -> list[DonorGifts]:
    """Every donor of one book, the largest accepted first (then by name)."""
    gifts = _gifts(conn, book_id=book.id)
    return sorted(gifts, key=lambda g: (-g.accepted.tiyn, -g.held.tiyn, g.name, g.donor_key))


def donors_across_books(conn: Connection) -> list[DonorAcrossBooks]:
    """Donors with a valid IIN/BIN who gave (at least one receipt not reversed) to more than
    one book, the largest total accepted first; per donor its books in book order."""
    by_donor: dict[str, list[DonorGifts]] = {}
    for g in _gifts(conn, valid_ids_only=True):
        if g.gifts > 0:
            by_donor.setdefault(g.id_number, []).append(g)
    book_order = {code: i for i, code in enumerate(conn.execute(select(Book.code).order_by(Book.id)).scalars())}
    found = [
        DonorAcrossBooks(number, gifts[0].name, gifts[0].kind,
                         tuple(sorted(gifts, key=lambda g: book_order[g.book])))
        for number, gifts in by_donor.items() if len(gifts) > 1
    ]
    return sorted(found, key=lambda d: (-d.accepted.tiyn, d.id_number))


def render(rows: list[DonorGifts] | list[DonorAcrossBooks]) -> str:
    """The ``donors`` command's text: one line per donor (and, across books, per book)."""
    if not rows:
        return _("no donors")
    word = Labels(current_language()).word      # the workbook's words: person, organisation, anonymous
    if isinstance(rows[0], DonorAcrossBooks):
        lines = [ngettext("{count} donor(s) gave to more than one book", "{count} donor(s) gave to more than one book",
                          len(rows)).format(count=len(rows))]
        for d in rows:
            lines.append(_("{id_number}  {name} ({kind}): accepted {accepted}, held {held}, {gifts} gift(s)").format(
                id_number=d.id_number, name=word("donor", d.name), kind=word("donor_kind", d.kind),
                accepted=money_text(d.accepted), held=money_text(d.held), gifts=d.gifts))
            lines += [_("    {book} ({party}): accepted {accepted}, held {held}, {gifts} gift(s)").format(
                book=b.book, party=b.party, accepted=money_text(b.accepted), held=money_text(b.held), gifts=b.gifts)
                for b in d.books]
        return "\n".join(lines)
    lines = [ngettext("{count} donor(s)", "{count} donor(s)", len(rows)).format(count=len(rows))]
    for g in rows:
        owed = _(", still owed back {amount}").format(amount=money_text(g.owed)) if g.owed else ""
        lines.append(_("{id_number}  {name} ({kind}): accepted {accepted}, held {held}, refunded {refunded}{owed}, "
                       "{gifts} gift(s)").format(
            id_number=f"{g.id_number or '-':>12}", name=word("donor", g.name) or _("(no name)"),
            kind=word("donor_kind", g.kind), accepted=money_text(g.accepted), held=money_text(g.held),
            refunded=money_text(g.refunded), owed=owed, gifts=g.gifts))
    return "\n".join(lines)
