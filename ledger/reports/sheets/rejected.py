"""The Rejected rows sheet: every row an import refused, with its raw cells and the reason."""
from __future__ import annotations

from ledger.reports import registers as reg
from ledger.reports.i18n import rules_words
from ledger.reports.sheets import Audit
from ledger.reports.xlsx import INT, TEXT, Column, Table

COLUMNS = (Column("col.file", TEXT, 28), Column("col.sheet", TEXT, 16), Column("col.row", INT, 8),
           Column("col.raw", TEXT, 80), Column("col.reason", TEXT, 60))


def rejected_sheet(audit: Audit) -> Table:
    t = Table(audit.writer, audit.labels["sheet.rejected"], COLUMNS)
    for r in reg.rejected_rows(audit.conn, audit.book):
        raw = " | ".join("" if v is None else str(v) for v in r.raw)
        t.append((r.file, r.sheet, r.row, raw, rules_words(r.reason, audit.labels.lang)))
    t.close()
    return t
