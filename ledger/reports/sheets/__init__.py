"""The audit workbook's sheets, one module each.

A sheet module reads its rows from ``ledger.reports.registers`` (the workbook's queries; no
sheet runs SQL of its own) and lays them out with the toolkit in ``ledger.reports.xlsx``.
Each builder takes the ``Audit`` it is part of: one connection (one snapshot of the book,
so every sheet describes the same moment), the book, and the workbook being written.

Sheets that other sheets point at return where their figures live: the summary and the
commission report return their grids, whose ``refs`` name each figure's cell; the registers
return their tables, whose ``sum_formula`` covers every part of a long register. The Checks
sheet builds its formulas from those alone.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from ledger.core.types import BookInfo
from ledger.reports.i18n import Labels
from ledger.reports.xlsx import WorkbookWriter

DONOR_KINDS = ("person", "organisation", "unknown")


@dataclass(frozen=True)
class Audit:
    """What every sheet of one audit workbook is built from."""

    conn: Connection
    book: BookInfo
    writer: WorkbookWriter

    @property
    def labels(self) -> Labels:
        return self.writer.labels

    def donor_kinds(self) -> dict[str, str]:
        """The words for a donor's kind (person, organisation, unknown) in the reader's language."""
        return {k: self.labels.word("donor_kind", k) for k in DONOR_KINDS}
