"""The auditor's reference lists: the party's candidates, state organisations, legal entities
with foreign participation, recipients of foreign grants.

A list is strong evidence only if every number on it is right, so unlike a book, where a bad
IIN/BIN still books the money (held, with a finding), a bad number here stops the whole list
with the row to fix. The IIN/BIN column is found by its header, the same way as in a book.
"""
from __future__ import annotations

import pathlib
from dataclasses import dataclass
from itertools import chain, islice

from sqlalchemy import Connection, delete, insert, select, update

from ledger.books import LIST_KINDS
from ledger.core.codes import FileProblem as F
from ledger.core.errors import InputFileError, UsageError
from ledger.core.types import BookInfo
from ledger.db.models import Candidate, ReferenceId
from ledger.i18n import _
from ledger.importers import cells, headers
from ledger.importers.readers import open_spreadsheet
from ledger.rules.wording import in_words
from ledger.rules.words import normalise


@dataclass(frozen=True)
class ReferenceRow:
    id_number: str | None
    name: str
    list_position: int | None = None


def read_reference_list(path: pathlib.Path, kind: str) -> list[ReferenceRow]:
    """Every row of a reference list, or ``InputFileError`` naming the row to fix."""
    if kind not in LIST_KINDS:
        raise UsageError(_("unknown list {kind!r}; choose one of {kinds}").format(kind=kind, kinds=", ".join(LIST_KINDS)))
    book = open_spreadsheet(pathlib.Path(path))
    try:
        sheet = book.sheet_names[0]
        where = book.name if book.format == "csv" else _("{file}, sheet {sheet!r}").format(file=book.name, sheet=sheet)
        rows = book.rows(sheet)
        head = list(islice(rows, headers.HEADER_SEARCH_ROWS))
        header = headers.find_header(head, "candidates" if kind == "candidates" else "reference", where)
        found: list[ReferenceRow] = []
        for row in chain(head, rows):
            if row.number < header.data_from or headers.is_blank(row) or headers.is_totals(row, header):
                continue
            found.append(_reference_row(row, header, kind, where, len(found) + 1))
    finally:
        book.close()
    return found


def _reference_row(row, header: headers.HeaderMap, kind: str, where: str, order: int) -> ReferenceRow:
    number = cells.id_number(header.value(row.cells, "id_number"))
    if isinstance(number, cells.RowProblem):
        raise InputFileError(_("{where}, row {row}: {reason} or remove the row").format(
            where=where, row=row.number, reason=in_words(number.reason)), code=F.LIST_ID_INVALID)
    name = header.name(row.cells) or ""
    if number is None and (kind != "candidates" or not name):
        raise InputFileError(_("{where}, row {row}: no IIN/BIN; enter it or remove the row").format(
            where=where, row=row.number), code=F.LIST_ID_MISSING)
    position = None
    if kind == "candidates":
        raw = header.value(row.cells, "list_position")
        position = _position(raw) if not cells.is_empty(raw) else order
    return ReferenceRow(number, name, position)


def _position(value: object) -> int | None:
    try:
        return int(float(str(value).strip().rstrip(".")))
    except ValueError:
        return None


def store_reference_list(conn: Connection, book: BookInfo, kind: str, rows: list[ReferenceRow],
                         source_file: str) -> int:
    """Add the rows not already held; return how many were added. Candidates belong to the
    book; the other lists are shared by every book in the database."""
    if kind == "candidates":
        return _store_candidates(conn, book, rows)
    table = ReferenceId.__table__
    held = set(conn.execute(select(table.c.id_number).where(table.c.list_kind == kind)).scalars())
    new = []
    for r in rows:
        if r.id_number in held:
            continue
        held.add(r.id_number)
        new.append({"list_kind": kind, "id_number": r.id_number, "name": r.name[:400],
                    "source_file": source_file[:400]})
    if new:
        conn.execute(insert(table), new)
    return len(new)


def _store_candidates(conn: Connection, book: BookInfo, rows: list[ReferenceRow]) -> int:
    """A candidate whom spending named before the list came is the same person: the list puts
    them on it, with its spelling, IIN and position, and their spending stays theirs."""
    table = Candidate.__table__
    held_ids, held_names = set(), set()
    named_by_spending: dict[str, int] = {}
    for cid, name, number, on_list in conn.execute(select(
            table.c.id, table.c.name, table.c.id_number, table.c.on_list).where(table.c.book_id == book.id)):
        if on_list:
            (held_ids if number else held_names).add(number or normalise(name))
        else:
            named_by_spending[normalise(name)] = cid
    new, listed = [], 0
    for r in rows:
        held = held_ids if r.id_number else held_names
        key = r.id_number or normalise(r.name)
        if key in held:
            continue
        held.add(key)
        values = {"name": r.name, "id_number": r.id_number, "list_position": r.list_position}
        cid = named_by_spending.pop(r.id_number, None) or named_by_spending.pop(normalise(r.name), None)
        if cid is None:
            new.append({"book_id": book.id, **values})
        else:
            conn.execute(update(table).where(table.c.id == cid).values(on_list=True, **values))
            listed += 1
    if new:
        conn.execute(insert(table), new)
    return len(new) + listed


@dataclass(frozen=True)
class ListEntry:
    """One line of a reference list as it is held: where it came from, so that a list loaded
    by mistake can be found and taken back."""

    id_number: str | None
    name: str
    source: str
    list_position: int | None = None


def list_entries(conn: Connection, book: BookInfo, kind: str) -> list[ListEntry]:
    if kind == "candidates":
        table = Candidate.__table__
        return [ListEntry(number, name, "the party's list" if on_list else "named by spending, not on the list",
                          position)
                for number, name, on_list, position in conn.execute(
                    select(table.c.id_number, table.c.name, table.c.on_list, table.c.list_position)
                    .where(table.c.book_id == book.id).order_by(table.c.list_position, table.c.name))]
    table = ReferenceId.__table__
    return [ListEntry(number, name, source) for number, name, source in conn.execute(
        select(table.c.id_number, table.c.name, table.c.source_file)
        .where(table.c.list_kind == kind).order_by(table.c.id_number))]


def remove_from_list(conn: Connection, book: BookInfo, kind: str, keys: list[str],
                     source_file: str | None = None) -> int:
    """Take IIN/BINs (candidates also by name), or everything one file brought, off a list;
    return how many. A candidate stays in the book for the spending that names them, off the
    list. What was booked before keeps its findings: the journal is not rewritten."""
    if kind == "candidates":
        table = Candidate.__table__
        names = {normalise(k) for k in keys}
        ids = [cid for cid, name, number in conn.execute(
            select(table.c.id, table.c.name, table.c.id_number)
            .where(table.c.book_id == book.id, table.c.on_list))
            if number in keys or normalise(name) in names]
        if ids:
            conn.execute(update(table).where(table.c.id.in_(ids)).values(on_list=False))
        return len(ids)
    table = ReferenceId.__table__
    which = table.c.id_number.in_(keys)
    if source_file:
        which = which | (table.c.source_file == source_file)
    return conn.execute(delete(table).where(table.c.list_kind == kind, which)).rowcount
