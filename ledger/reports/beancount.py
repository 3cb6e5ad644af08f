"""A book as a Beancount ledger, for a second opinion from a tool nobody here wrote.

Beancount is a mature, plain-text double-entry ledger with its own parser and checker
(``bean-check``). Exporting a book to it lets an auditor re-check the fund's arithmetic with
independent code, query it with Beancount's tools, and keep a human-readable copy next to the
tip digest. The export is deliberately literal:

* one ``open`` per account the book used, named from the chart (``Assets:Bank:ElectionFund``,
  ``Liabilities:RefundsDue``, ``Equity:FundSources:Voluntary:Individuals``,
  ``Expenses:Media:TV``): the fund's sources are equity, the money owed back liabilities;
* one transaction per journal entry, in seq order, dated with the entry's date, the memo as
  narration, the entry's identity (``seq``, ``hash``, ``kind``), its source cell
  (``source-file``, ``source-sheet``, ``source-row``), its donor's key and its links
  (``reverses``, ``settles``) as metadata;
* postings in KZT with exactly two decimals, formatted from integer tiyn (never a float);
  the sign convention is the same as ours (debit positive), so amounts are copied as they are;
* a ``balance`` assertion per account the day after the last entry, with the balances the
  posting engine cached, so ``bean-check`` itself proves that replaying the journal gives the
  book's figures.

Caps are not expressed (Beancount has no ceilings); ``fundledger verify`` checks those.
Donor keys carry IINs, which reveal a person's birth date and sex: ``mask_ids=True`` shows
only their last four digits, for an export that leaves the auditor's hands.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TextIO

from sqlalchemy import Connection, select

from ledger.core.ids import mask
from ledger.core.money import Money
from ledger.core.types import BookInfo
from ledger.db.models import Account, Donor, Entry, Posting

ROOTS = {"asset": "Assets", "liability": "Liabilities", "source": "Equity", "expense": "Expenses",
         "distribution": "Equity"}   # the close-out divides the fund's equity into what it owes

# How the file's header names each source's cap.
CAP_WORDS = {"own_funds": "own funds", "association_funds": "association's funds", "voluntary": "voluntary"}

# A Beancount name component per account role; "" puts the account's children directly
# under the root (the chart's "2000 Money owed back" is Beancount's Liabilities itself).
COMPONENTS = {
    "bank": "Bank:ElectionFund",
    "liabilities": "",
    "refunds_due": "RefundsDue",
    "budget_due": "DueToBudget",
    "party_due": "DueToParty",
    "fund_sources": "FundSources",
    "close_out": "ClosedOut",
    "own_funds": "OwnFunds",
    "association_funds": "AssociationFunds",
    "voluntary": "Voluntary",
    "voluntary_individuals": "Individuals",
    "voluntary_organisations": "Organisations",
    "spending": "",
    "media": "Media",
    "media_tv": "TV",
    "media_radio": "Radio",
    "media_press": "Press",
    "media_online": "Online",
    "printed": "PrintedMaterials",
    "audiovisual": "AudiovisualMaterials",
    "other_materials": "OtherMaterials",
    "events": "Events",
    "transport": "Transport",
    "rent": "Rent",
    "other_spending": "Other",
}

_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def component(role: str, name_en: str) -> str:
    """The Beancount component of an account: from the table, or made from its English
    name (``"Mass media: podcasts"`` -> ``MassMediaPodcasts``) for an account added later.
    A component starts with a capital letter and holds only letters, digits and dashes."""
    if role in COMPONENTS:
        return COMPONENTS[role]
    words = [w for w in _NOT_ALNUM.split(name_en) if w] or [role]
    text = "".join(w[:1].upper() + w[1:] for w in words)
    return text if text[:1].isalpha() else f"A{text}"


def account_names(rows) -> dict[int, str]:
    """Beancount names by account id, from rows with id, role, name_en, type, parent_id."""
    by_id = {r.id: r for r in rows}
    names = {}
    for r in rows:
        parts, cur = [], r
        while cur is not None:
            part = component(cur.role, cur.name_en)
            if part:
                parts.append(part)
            cur = by_id.get(cur.parent_id) if cur.parent_id is not None else None
        names[r.id] = ":".join([ROOTS[r.type], *reversed(parts)])
    return names


def quote(text: str | None) -> str:
    """A Beancount string literal: backslashes and quotes escaped, newlines and tabs as
    ``\\n`` and ``\\t`` (Beancount 3 reads them back), other control characters as spaces."""
    text = (text or "").replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n").replace("\t", "\\t")
    return '"' + _CONTROL.sub(" ", text) + '"'


def amount(tiyn: int) -> str:
    return f"{Money(tiyn).machine()} KZT"


def _donor_shown(key: str, mask_ids: bool) -> str:
    if not mask_ids:
        return key
    kind, _, rest = key.partition(":")
    if kind in ("ID", "BADID"):
        digits, _, name = rest.partition(":")
        if len(digits) == 12 and digits[4] in "0123":   # a person's IIN; a BIN is public
            return ":".join(p for p in (kind, mask(digits), name) if p)
    return key


def export_beancount(conn: Connection, book: BookInfo, out: TextIO, *, mask_ids: bool = False) -> int:
    """Write ``book`` to ``out`` as a Beancount ledger; return the number of entries written."""
    accounts = conn.execute(
        select(Account.id, Account.role, Account.name_en, Account.type, Account.parent_id,
               Account.balance_tiyn).where(Account.book_id == book.id).order_by(Account.code)).all()
    names = account_names(accounts)
    donor_keys = dict(conn.execute(
        select(Donor.id, Donor.donor_key).where(Donor.id.in_(
            select(Posting.donor_id).where(Posting.book_id == book.id, Posting.donor_id.isnot(None))))).all())
    first, last = conn.execute(
        select(Entry.entry_date).where(Entry.book_id == book.id).order_by(Entry.entry_date).limit(1)
    ).scalar(), conn.execute(
        select(Entry.entry_date).where(Entry.book_id == book.id).order_by(Entry.entry_date.desc()).limit(1)
    ).scalar()
    used = set(conn.execute(select(Posting.account_id).where(Posting.book_id == book.id).distinct()).scalars())

    p = book.profile
    out.write(f"; fundledger: book {book.code}: {book.party}, {book.election}\n")
    caps = ", ".join(f"{p.cap_of(s).machine()} {CAP_WORDS[s.code]}" for s in p.sources)
    out.write(f"; rule profile {p.code}: caps {caps}, {p.total_cap.machine()} whole fund (KZT)\n")
    if p.caveat():
        out.write(f"; note: {p.caveat()}\n")
    out.write(f"option \"title\" {quote(f'{book.party}: {book.election}')}\n")
    out.write('option "operating_currency" "KZT"\n\n')
    if first is None:
        return 0
    first, last = _date(first), _date(last)
    for a in accounts:
        if a.id in used:
            out.write(f"{first.isoformat()} open {names[a.id]} KZT\n")
    out.write("\n")

    postings = conn.execute(
        select(Posting.entry_seq, Posting.account_id, Posting.amount_tiyn, Posting.donor_id)
        .where(Posting.book_id == book.id).order_by(Posting.entry_seq, Posting.line_no)
        .execution_options(yield_per=5000))
    entries = conn.execute(
        select(Entry.seq, Entry.kind, Entry.entry_date, Entry.memo, Entry.hash, Entry.reverses_seq,
               Entry.settles_seq, Entry.source_file, Entry.source_sheet, Entry.source_row)
        .where(Entry.book_id == book.id).order_by(Entry.seq).execution_options(yield_per=5000))
    pending = next(postings, None)
    written = 0
    for e in entries:
        while pending is not None and pending.entry_seq < e.seq:
            pending = next(postings, None)
        lines = []
        while pending is not None and pending.entry_seq == e.seq:
            lines.append(pending)
            pending = next(postings, None)
        chunk = [f"{_date(e.entry_date).isoformat()} * {quote(e.memo)}\n",
                 f"  seq: {e.seq}\n", f"  kind: {quote(e.kind)}\n", f"  hash: {quote(e.hash)}\n"]
        if e.reverses_seq is not None:
            chunk.append(f"  reverses: {e.reverses_seq}\n")
        if e.settles_seq is not None:
            chunk.append(f"  settles: {e.settles_seq}\n")
        if e.source_file is not None:
            chunk.append(f"  source-file: {quote(e.source_file)}\n")
        if e.source_sheet is not None:
            chunk.append(f"  source-sheet: {quote(e.source_sheet)}\n")
        if e.source_row is not None:
            chunk.append(f"  source-row: {e.source_row}\n")
        donor = next((donor_keys[line.donor_id] for line in lines if line.donor_id is not None), None)
        if donor is not None:
            chunk.append(f"  donor: {quote(_donor_shown(donor, mask_ids))}\n")
        chunk += [f"  {names[line.account_id]}  {amount(line.amount_tiyn)}\n" for line in lines]
        chunk.append("\n")
        out.write("".join(chunk))
        written += 1

    after = (last + dt.timedelta(days=1)).isoformat()
    for a in accounts:
        if a.id in used:
            out.write(f"{after} balance {names[a.id]}  {amount(a.balance_tiyn)}\n")
    return written


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
