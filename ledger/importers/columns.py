"""The columnar path: each distinct value of a column read once.

A book of 100k contributions has a few dozen distinct dates, a few thousand distinct amounts
and names, a handful of donor types and citizenships, one purpose written three ways. The
readers of ``cells`` are pure functions of the cell (and of what the header says of its
column: the date order, the amount's unit), so what they say of a value at one row they say
of it at every row. ``Distinct`` asks the reader once per distinct value and hands out the same
answer again; every cell still goes through the same reader, so an odd cell reads exactly as it
did, and a value met again is not worked out again. The answers are immutable (``Money``,
dates, ``RowProblem``, text), so sharing them between rows shares nothing that changes.

A column whose values are all different (IIN/BIN, payment documents) gains nothing from a
memory of them: after ``PROBE`` values with too few repeats, ``Distinct`` stops remembering
and reads each cell directly. What it remembers is bounded (``LIMIT`` values a column), so an
import's memory stays flat however long the book.

``FUNDLEDGER_PER_ROW=1`` in the environment turns the path off: every cell is read on its own,
as the per-row path always did. The equivalence test (tests/test_columnar.py) imports random
books both ways and compares the books.
"""
from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass

from ledger.importers import cells, headers

LIMIT = 10_000     # values remembered per column before the memory starts again (about 2 MB)
PROBE = 2_000      # cells looked at before deciding whether a column repeats enough
MIN_REPEATS = 0.2  # the share of cells met before that makes remembering worth it


def per_row() -> bool:
    """Whether the columnar path is off (``FUNDLEDGER_PER_ROW=1``): each cell read on its own."""
    return os.environ.get("FUNDLEDGER_PER_ROW", "") not in ("", "0")


class Distinct:
    """``read(value)`` for a column's cells, worked out once per distinct value."""

    __slots__ = ("_asked", "_hits", "_on", "_seen", "read")

    def __init__(self, read: Callable[[object], object]):
        self.read = read
        self._seen: dict = {}
        self._asked = self._hits = 0
        self._on = True

    def __call__(self, value: object) -> object:
        if not self._on:
            return self.read(value)
        # By type and value: 1, 1.0 and True are one key of a dict but three different cells;
        # 0.0 and -0.0 are one float key but two cells, and NaN is no key at all. Text, most
        # cells, is its own key: no other cell's key (a tuple) equals it.
        kind = type(value)
        if kind is str:
            key = value
        elif kind is float and (value == 0 or math.isnan(value)):
            return self.read(value)
        else:
            key = (kind, value)
        found = self._seen.get(key, _MISSING)
        if found is not _MISSING:
            self._hits += 1
            return found
        self._asked += 1
        if self._asked == PROBE and self._hits < MIN_REPEATS * (self._asked + self._hits):
            self._on = False   # every value new: remembering them only costs
            self._seen.clear()
        elif len(self._seen) >= LIMIT:
            self._seen.clear()
        result = self._seen[key] = self.read(value)
        return result


_MISSING = object()


def reader(read: Callable[[object], object]) -> Callable[[object], object]:
    """``read`` itself on the per-row path, else ``read`` once per distinct value."""
    return read if per_row() else Distinct(read)


@dataclass(frozen=True)
class SheetReaders:
    """The readers of one sheet's columns, each with its own memory: each text field's (a
    column of donor types repeats, one of payment documents never does: each is remembered or
    not on its own), IIN/BIN, date, and the amount where its cell alone says it (``amount``
    None: a sign or a direction column has a say, and ``direction.amount`` reads the row)."""

    texts: tuple[tuple[str, int, Callable[[object], str | None]], ...]   # (field, column, reader)
    id_text: Callable[[object], str | None]
    day: Callable[[object], object]
    amount: Callable[[object], object] | None

    @classmethod
    def of(cls, header: headers.HeaderMap, plain_amount: bool, text_fields=()) -> SheetReaders:
        """``text_fields``: the fields read as text, those of them the header maps each with a
        reader of its column."""
        scale, month_first = header.amount_scale, header.month_first
        texts = tuple((f, header.columns[f], reader(cells.text)) for f in text_fields if f in header.columns)
        return cls(texts, reader(cells.id_text), reader(lambda v: cells.day(v, month_first)),
                   reader(lambda v: cells.amount(v, scale)) if plain_amount else None)
