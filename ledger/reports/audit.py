"""The audit workbook: the whole fund in one .xlsx an auditor can open, filter, print and check.

Every figure in it comes from the journal (postings, accounts' balances, findings), the
same data ``fund_status`` reads, so the workbook and ``fundledger status`` agree to the tiyn;
the Checks sheet holds live Excel formulas that recompute the key identities (the trial
balance sums to zero, each cap holds, each register totals to the summary) so a reader does
not have to trust this program.

This module is the order of the work and nothing else: each sheet is built by its own module
in ``ledger.reports.sheets`` from the queries in ``ledger.reports.registers``, with the xlsx
toolkit of ``ledger.reports.xlsx`` (which also holds how big a register may grow, how text
is kept from becoming a formula, and why nothing here holds a register in memory).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from ledger.core.types import BookInfo
from ledger.db.engine import snapshot
from ledger.journal.verify import verify_book
from ledger.reports import registers as reg
from ledger.reports.sheets import Audit
from ledger.reports.sheets.checks import checks_sheet
from ledger.reports.sheets.commission import commission_sheet
from ledger.reports.sheets.donors import donors_sheet
from ledger.reports.sheets.findings import findings_sheet
from ledger.reports.sheets.journal import journal_sheet
from ledger.reports.sheets.reconciliation import reconciliation_sheet
from ledger.reports.sheets.registers import register_sheets
from ledger.reports.sheets.rejected import rejected_sheet
from ledger.reports.sheets.summary import ChainState, summary_sheet
from ledger.reports.sheets.trial_balance import trial_balance_sheet
from ledger.reports.status import FundStatus, fund_status
from ledger.reports.xlsx import MAX_SHEET_ROWS, WorkbookWriter, text_cell

# MAX_SHEET_ROWS is the sheet limit the audit writes with, read at each call, so a test can
# lower it here; the toolkit's writer and text cell are reached through here by older callers.
__all__ = ["MAX_SHEET_ROWS", "AuditSummary", "WorkbookWriter", "text_cell", "write_audit_workbook"]


@dataclass(frozen=True)
class AuditSummary:
    """What was written: where, which sheets with how many data rows, and the figures."""

    path: Path
    lang: str
    sheets: tuple[str, ...]
    rows: dict[str, int]          # data rows per sheet, header excluded
    columns: dict[str, int]       # columns per sheet
    cells: int
    status: FundStatus
    tip_seq: int
    tip_digest: str
    verified: bool | None
    problems: tuple[str, ...]
    made_at: dt.datetime
    checks: tuple[tuple[str, str], ...] = field(default=())   # (what is checked, its formula)


def write_audit_workbook(engine: Engine, book: BookInfo, path: str | Path, lang: str = "ru",
                         verify: bool = True, now: dt.datetime | None = None) -> AuditSummary:
    """Write the audit workbook of ``book`` to ``path`` (an .xlsx) in Russian or English.

    ``verify`` re-proves the hash chain first (``verify_book``) and prints its tip digest and
    verdict on the summary; without it the tip is the last entry's stored hash, marked as not
    re-verified. All sheets are read in one transaction (REPEATABLE READ on PostgreSQL), so
    they describe one moment of the book."""
    path = Path(path)
    made_at = (now or dt.datetime.now(dt.timezone.utc)).replace(tzinfo=None, microsecond=0)
    writer = WorkbookWriter(lang, max_sheet_rows=MAX_SHEET_ROWS)
    with snapshot(engine) as conn:
        audit = Audit(conn, book, writer)
        status = fund_status(conn, book)
        chain = _chain(audit, verify)
        findings = findings_sheet(audit)
        registers = register_sheets(audit)
        rejected = rejected_sheet(audit)
        reconciled = reconciliation_sheet(audit)
        donors = donors_sheet(audit)
        commission = commission_sheet(audit, status)
        trial = trial_balance_sheet(audit)
        journal = journal_sheet(audit)
        # the first sheet, written last: its receipts by source are summed as the registers stream
        summary = summary_sheet(audit, status, chain, registers.by_source, made_at)
        checks = checks_sheet(audit, summary.refs, commission.form.refs, registers.tables, donors, trial, journal)

        sheets = writer.save(path)
    rows, columns = {}, {}
    for grid in (summary, *commission, checks.grid):
        rows[grid.title] = len(grid.rows)
        columns[grid.title] = max((len(r) for r in grid.rows), default=0)
    for table in (findings, *registers.tables.values(), rejected, reconciled, donors, trial, journal):
        if table is None:
            continue
        for title, n in table.parts:
            rows[title], columns[title] = n, len(table.columns)
    cells = sum(rows[t] * columns[t] for t in rows)
    return AuditSummary(path, writer.labels.lang, sheets, rows, columns, cells, status, chain.tip_seq,
                        chain.tip_digest, chain.verified, chain.problems, made_at,
                        tuple((c.label, c.formula) for c in checks.checks))


def _chain(audit: Audit, verify: bool) -> ChainState:
    if verify:
        report = verify_book(audit.conn, audit.book)
        return ChainState(report.tip_seq, report.tip_hash, report.ok, tuple(report.problems))
    return ChainState(*reg.chain_tip(audit.conn, audit.book), verified=None)
