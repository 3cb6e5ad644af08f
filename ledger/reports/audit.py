"""The audit workbook: the whole fund in one .xlsx an auditor can open, filter, print and check.

Every figure in it comes from the journal (postings, accounts' balances, findings), the
same data ``fund_status`` reads, so the workbook and ``fundledger status`` agree to the tiyn;
the Checks sheet holds live Excel formulas that recompute the key identities (the trial
balance sums to zero, each cap holds, each register totals to the summary) so a reader does
not have to trust this program.

Books can hold a million receipts, so nothing here holds a register in memory: rows stream
from the database (``yield_per``) into openpyxl's write-only sheets, which write each row to
a temporary file as it comes. Styles are prepared once and copied (a style array is nine
integers), which keeps the cost per cell close to openpyxl's own. A register longer than a
sheet can hold continues on "<name> (2)".

Everything a donor or a treasurer typed is data, never a formula: text that Excel or
LibreOffice would read as one (``=``, ``+``, ``-``, ``@``, a tab or a carriage return first)
is written as an explicit string cell with Excel's quote prefix, as if typed after an
apostrophe.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from sqlalchemy import Connection, Engine, and_, case, func, select

from ledger.core import canonical
from ledger.core.codes import PAYBACK_KINDS, RECEIPT_KINDS, RULE_CODES
from ledger.core.money import Money
from ledger.core.types import BookInfo
from ledger.db.engine import snapshot
from ledger.db.models import Account, Candidate, Donor, Entry, Finding, Posting
from ledger.journal.chart import BY_ROLE, CHART, LIABILITY_ROLES
from ledger.journal.verify import verify_book
from ledger.reports import registers as reg
from ledger.reports.findings import with_donor_names
from ledger.reports.i18n import Labels
from ledger.reports.status import FundStatus, balances_by_role, fund_status

# Excel's sheet holds 1,048,576 rows, the header row included. Tests lower it to prove that
# a long register continues on a second sheet.
MAX_SHEET_ROWS = 1_048_576

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm:ss"
PERCENT_FORMAT = "0.00%"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MAX_TEXT = 32_767        # Excel's limit for one cell

_HEADER_FILL = PatternFill("solid", start_color="FFD9E1F2")
_FLAG_FILL = PatternFill("solid", start_color="FFFCE4D6")
_THIN = Side(style="thin", color="FF808080")

TEXT, MONEY, DATE, INT, DATETIME, PERCENT, BOOL = "text", "money", "date", "int", "datetime", "percent", "bool"


# -- cells ---------------------------------------------------------------------------------

def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def clean_text(value: Any) -> str:
    """Text fit for a cell: characters XML cannot carry removed, cut to Excel's limit."""
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():
        text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return text[:_MAX_TEXT]


class Styles:
    """The workbook's cell styles, prepared once as style arrays to copy onto cells."""

    def __init__(self, ws):
        def make(number_format=None, font=None, fill=None, alignment=None, border=None, quote=False):
            cell = WriteOnlyCell(ws)
            if number_format:
                cell.number_format = number_format
            if font:
                cell.font = font
            if fill:
                cell.fill = fill
            if alignment:
                cell.alignment = alignment
            if border:
                cell.border = border
            if quote:
                cell.quotePrefix = True
            return copy(cell._style) if cell._style is not None else StyleArray()

        formats = {TEXT: None, MONEY: MONEY_FORMAT, DATE: DATE_FORMAT, INT: "0",
                   DATETIME: DATETIME_FORMAT, PERCENT: PERCENT_FORMAT, BOOL: None}
        self.plain = {kind: make(fmt) for kind, fmt in formats.items()}
        self.flagged = {kind: make(fmt, fill=_FLAG_FILL) for kind, fmt in formats.items()}
        self.bold = {kind: make(fmt, font=Font(bold=True)) for kind, fmt in formats.items()}
        self.quoted = make(quote=True)
        self.quoted_flagged = make(fill=_FLAG_FILL, quote=True)
        self.header = make(font=Font(bold=True), fill=_HEADER_FILL,
                           alignment=Alignment(wrap_text=True, vertical="top"), border=Border(bottom=_THIN))
        self.title = make(font=Font(bold=True, size=14))
        self.section = make(font=Font(bold=True, size=12))
        self.note = make(font=Font(italic=True, color="FF595959"))


def _styled(ws, style: StyleArray, value: Any = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    cell._style = copy(style)
    if value is not None:
        cell.value = value
    return cell


def text_cell(ws, styles: Styles, value: Any, style: StyleArray | None = None, flagged: bool = False):
    """A cell for text from outside: never a formula, whatever it starts with."""
    if value is None:
        return None
    text = clean_text(value)
    if is_formula_like(text):
        cell = _styled(ws, styles.quoted_flagged if flagged else styles.quoted)
        cell.value = text
        cell.data_type = "s"
        return cell
    if style is not None:
        return _styled(ws, style, text)
    return text


def _as_cell_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == MONEY:
        return value.as_decimal() if isinstance(value, Money) else value
    return value


@dataclass(frozen=True)
class Column:
    label: str      # a label key
    kind: str = TEXT
    width: float = 14


class Table:
    """One streamed register: a header row, then rows; continues on "<title> (2)" when a
    sheet is full. The header is frozen, filtered and repeated on every printed page."""

    def __init__(self, writer: WorkbookWriter, title: str, columns: Sequence[Column]):
        self.writer = writer
        self.title = title
        self.columns = tuple(columns)
        self.parts: list[tuple[str, int]] = []   # (sheet title, data rows)
        self._ws = None
        self._rows = 0
        kinds = [c.kind for c in self.columns]
        styles = writer.styles
        # One reusable cell per styled column and row look: a row is written to the file the
        # moment it is appended, so the same cell can carry the next row's value.
        self._plain = [None if k in (TEXT, INT) else WriteOnlyCell(None) for k in kinds]
        self._flagged = [WriteOnlyCell(None) for _ in kinds]
        for cells, table in ((self._plain, styles.plain), (self._flagged, styles.flagged)):
            for cell, kind in zip(cells, kinds):
                if cell is not None:
                    cell._style = copy(table[kind])
        self._kinds = kinds
        self._new_part()

    def _new_part(self) -> None:
        if self._ws is not None:
            self._finish_part()
        n = len(self.parts) + 1
        title = self.title if n == 1 else f"{self.title} ({n})"
        ws = self.writer.sheet(title, after=self.parts[-1][0] if self.parts else None)
        for i, col in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        ws.freeze_panes = "A2"
        self.writer.print_setup(ws)
        for cells in (self._plain, self._flagged):
            for cell in cells:
                if cell is not None:
                    cell.parent = ws
        header = self.writer.labels
        ws.append([_styled(ws, self.writer.styles.header, header[c.label]) for c in self.columns])
        self._ws, self._rows = ws, 0
        self.parts.append((title, 0))

    def _finish_part(self) -> None:
        last = get_column_letter(len(self.columns))
        self._ws.auto_filter.ref = f"A1:{last}{self._rows + 1}"
        self.parts[-1] = (self.parts[-1][0], self._rows)

    def append(self, values: Sequence[Any], flagged: bool = False) -> None:
        if self._rows >= MAX_SHEET_ROWS - 1:
            self._new_part()
        ws, styles = self._ws, self.writer.styles
        cells = self._flagged if flagged else self._plain
        row = []
        for value, kind, cell in zip(values, self._kinds, cells):
            if value is None:
                row.append(_styled(ws, styles.flagged[TEXT]) if flagged else None)
            elif kind == TEXT:
                row.append(text_cell(ws, styles, value, styles.flagged[TEXT] if flagged else None, flagged))
            elif cell is None:
                row.append(value)
            else:
                cell.value = value.as_decimal() if kind == MONEY else value
                row.append(cell)
        ws.append(row)
        self._rows += 1

    def close(self) -> None:
        self._finish_part()

    @property
    def rows(self) -> int:
        return sum(n for _, n in self.parts)

    def column_ranges(self, label: str) -> list[str]:
        """Every part's data range of one column, for formulas: ["'Sheet'!H2:H901", ...]."""
        letter = get_column_letter(1 + [c.label for c in self.columns].index(label))
        return [f"{quote_sheetname(title)}!{letter}2:{letter}{max(rows + 1, 2)}" for title, rows in self.parts]

    def sum_formula(self, label: str) -> str:
        return "+".join(f"SUM({r})" for r in self.column_ranges(label))


class _StreamSheet(WriteOnlyWorksheet):
    """openpyxl's write-only sheet, taking ready-made cells first: the stock sheet tries each
    cell as a value, fails, formats the failure and only then uses the cell, which for a
    register of styled money and date cells costs more than writing them."""

    def _values_to_row(self, values, row_idx):
        plain = WriteOnlyCell(self)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            if isinstance(value, Cell):
                cell = value
            else:
                if plain.has_style:         # a bare date styles the cell it lands in
                    plain = WriteOnlyCell(self)
                plain.value = value
                cell = plain
            cell.column = col_idx
            cell.row = row_idx
            yield cell


class WorkbookWriter:
    """A write-only workbook with the fund's styles and a sheet order kept by name."""

    def __init__(self, lang: str):
        self.labels = Labels(lang)
        self.wb = Workbook(write_only=True)
        self._order: list[str] = []
        self._sheets: dict[str, Any] = {}
        # Styles belong to the workbook; a stand-in sheet lets them be made before any sheet.
        self.styles = Styles(SimpleNamespace(parent=self.wb))

    def sheet(self, title: str, after: str | None = None):
        ws = _StreamSheet(parent=self.wb, title=title)
        self.wb._add_sheet(ws)
        self._sheets[title] = ws
        if after is None:
            self._order.append(title)
        else:
            self._order.insert(self._order.index(after) + 1, title)
        return ws

    def print_setup(self, ws, landscape: bool = True, title_row: int | None = 1) -> None:
        if title_row:
            ws.print_title_rows = f"{title_row}:{title_row}"
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def save(self, path: Path) -> tuple[str, ...]:
        self.wb._sheets.sort(key=lambda ws: self._order.index(ws.title))
        self.wb.save(path)
        return tuple(self._order)


class Grid:
    """A small sheet (summary, checks, commission report) built row by row in memory and
    written at once; remembers where each figure landed so formulas can point at it."""

    def __init__(self, writer: WorkbookWriter, title: str, widths: Sequence[float]):
        self.writer = writer
        self.title = title
        self.ws = writer.sheet(title)
        self.rows: list[list[Any]] = []
        self.refs: dict[str, str] = {}
        self.widths = widths

    @property
    def styles(self) -> Styles:
        return self.writer.styles

    @property
    def next_row(self) -> int:
        return len(self.rows) + 1

    def add(self, *cells: Any, ref: str | None = None, ref_col: int = 2) -> int:
        self.rows.append(list(cells))
        if ref:
            self.refs[ref] = f"{get_column_letter(ref_col)}{len(self.rows)}"
        return len(self.rows)

    def address(self, ref: str) -> str:
        return f"{quote_sheetname(self.title)}!{self.refs[ref]}"

    # cell makers
    def label(self, key_or_text: str, style: StyleArray | None = None, translate: bool = True):
        text = self.writer.labels[key_or_text] if translate else key_or_text
        return text_cell(self.ws, self.styles, text, style or self.styles.plain[TEXT])

    def data(self, text: Any):
        return text_cell(self.ws, self.styles, text)

    def note(self, text: str):
        return text_cell(self.ws, self.styles, text, self.styles.note)

    def value(self, kind: str, value: Any, bold: bool = False, flagged: bool = False):
        if value is None:
            return None
        table = self.styles.bold if bold else (self.styles.flagged if flagged else self.styles.plain)
        return _styled(self.ws, table[kind], _as_cell_value(kind, value))

    def header(self, *keys: str):
        return [_styled(self.ws, self.styles.header, self.writer.labels[k]) for k in keys]

    def write(self, freeze: str | None = None, header_row: int | None = None) -> None:
        """Write the rows; ``header_row`` (its number) heads a table that runs to the last
        row: it is printed on every page and filters the rows below it, never those above."""
        for i, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        if freeze:
            self.ws.freeze_panes = freeze
        self.writer.print_setup(self.ws, landscape=False, title_row=header_row)
        for row in self.rows:
            self.ws.append(row)
        if header_row and self.rows:
            width = max(len(r) for r in self.rows[header_row - 1:])
            self.ws.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{len(self.rows)}"


# -- the workbook --------------------------------------------------------------------------

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
    writer = WorkbookWriter(lang)
    with snapshot(engine) as conn:
        return _Audit(conn, book, writer, made_at, verify).write(path)


class _Audit:
    def __init__(self, conn: Connection, book: BookInfo, writer: WorkbookWriter,
                 made_at: dt.datetime, verify: bool):
        self.conn, self.book, self.w, self.made_at, self.verify = conn, book, writer, made_at, verify
        self.L = writer.labels
        self.by_source: reg.ReceiptsBySource | None = None    # summed while the registers are written

    def write(self, path: Path) -> AuditSummary:
        conn, book, L = self.conn, self.book, self.L
        status = fund_status(conn, book)
        if self.verify:
            report = verify_book(conn, book)
            tip_seq, tip_digest, verified, problems = (report.tip_seq, report.tip_hash, report.ok,
                                                       tuple(report.problems))
        else:
            last = conn.execute(select(Entry.seq, Entry.hash).where(Entry.book_id == book.id)
                                .order_by(Entry.seq.desc()).limit(1)).first()
            tip_seq, tip_digest = (last[0], last[1]) if last else (0, canonical.GENESIS)
            verified, problems = None, ()

        summary = Grid(self.w, L["sheet.summary"], (44, 20, 20, 20, 20, 14))
        findings_table = self._findings()
        tables = self._registers()
        rejected = self._rejected()
        donors = self._donors()
        commission = self._commission(status)
        trial = self._trial_balance()
        journal = self._journal()
        self._summary(summary, status, tip_seq, tip_digest, verified, problems)
        checks = self._checks(summary, tables, donors, commission, trial, journal)

        sheets = self.w.save(path)
        rows, columns = {}, {}
        for grid in (summary, commission, checks):
            rows[grid.title] = len(grid.rows)
            columns[grid.title] = max((len(r) for r in grid.rows), default=0)
        for table in (findings_table, *tables.values(), rejected, donors, trial, journal):
            for title, n in table.parts:
                rows[title], columns[title] = n, len(table.columns)
        cells = sum(rows[t] * columns[t] for t in rows)
        return AuditSummary(path, self.L.lang, sheets, rows, columns, cells, status, tip_seq, tip_digest,
                            verified, problems, self.made_at, checks.checks)

    # -- Summary -------------------------------------------------------------------------
    def _summary(self, g: Grid, status: FundStatus, tip_seq: int, tip_digest: str,
                 verified: bool | None, problems: tuple[str, ...]) -> None:
        L, s, book, p = self.L, g.styles, self.book, self.book.profile
        bold = s.bold[TEXT]
        g.add(g.label("summary.title", s.title))
        g.add(g.label("summary.party", bold), g.data(book.party))
        g.add(g.label("summary.election", bold), g.data(book.election))
        g.add(g.label("summary.book", bold), g.data(book.code))
        g.add(g.label("summary.profile", bold), g.data(p.code), g.data(p.title))
        g.add(g.label("summary.base", bold), g.value(MONEY, p.base_amount), g.data(p.base_name))
        g.add(g.label("summary.profile_status", bold), g.data(p.status))
        g.add(g.label("summary.legal_reference", bold), g.data(p.legal_reference))
        g.add(g.label("summary.made_at", bold), g.value(DATETIME, self.made_at), ref="made_at")
        g.add(g.label("summary.tip", bold), g.value(INT, tip_seq), g.data(tip_digest), ref="tip_digest", ref_col=3)
        verdict = ("summary.not_verified" if verified is None
                   else "summary.verified_ok" if verified else "summary.verified_failed")
        g.add(g.label("summary.verified", bold), g.label(verdict, s.plain[TEXT] if verified is not False else s.flagged[TEXT]))
        for problem in problems[:10]:
            g.add(None, g.data(problem))
        g.add()

        # caps
        caps_header = g.add(*g.header("summary.caps", "summary.limit", "summary.accepted",
                                      "summary.headroom", "summary.percent"))
        for key, cap in (("own", status.own_funds), ("voluntary", status.voluntary), ("total", status.total)):
            flagged = cap.headroom.is_negative
            g.add(g.label(f"cap.{key}"), g.value(MONEY, cap.limit), g.value(MONEY, cap.accepted, flagged=flagged),
                  g.value(MONEY, cap.headroom, flagged=flagged), g.value(PERCENT, cap.percent / 100),
                  ref=f"cap.{key}")
        caps_end = g.next_row - 1
        g.add()

        # receipts by source: from the registers as they were written, so the counts are
        # their receipts and each row's money adds up (received = accepted + owed back)
        flows = reg.flows(self.conn, self.book)
        balances = balances_by_role(self.conn, self.book.id)
        by_source = self.by_source

        def flow(role: str, *kinds: str) -> Money:
            return Money(sum(flows.get((role, k), Money(0)).tiyn for k in kinds))

        def account(role: str, indent: str = ""):
            spec = BY_ROLE[role]
            return g.data(f"{indent}{spec.code} {L.account(spec.name_ru, spec.name_en)}")

        def money_row(label, figures: Sequence[Any], kinds: Sequence[str], bold: bool = False,
                      flagged: Sequence[bool] = (), ref: str | None = None) -> int:
            flags = tuple(flagged) or (False,) * len(figures)
            return g.add(label, *(g.value(kind, v, bold=bold, flagged=f) for kind, v, f in zip(kinds, figures, flags)),
                         ref=ref, ref_col=3)

        g.add(g.label("summary.by_source", s.section))
        g.add(*g.header("col.source", "summary.gifts", "col.received", "col.accepted", "col.owed"))
        source_kinds = (INT, MONEY, MONEY, MONEY)
        money_row(account("own_funds"), by_source["own_funds"], source_kinds)
        money_row(account("voluntary"), by_source.total(*reg.ReceiptsBySource.VOLUNTARY), source_kinds)
        money_row(account("voluntary_individuals", "  "), by_source["voluntary_individuals"], source_kinds)
        money_row(account("voluntary_organisations", "  "), by_source["voluntary_organisations"], source_kinds)
        money_row(g.label("summary.unidentified"), by_source[reg.UNIDENTIFIED], source_kinds)
        money_row(g.label("summary.total", bold), by_source.total(), source_kinds, bold=True, ref="received")
        for line in L["summary.by_source_note"].splitlines():
            g.add(g.note(line))
        g.add()

        # money owed back
        g.add(g.label("summary.owed", s.section))
        g.add(*g.header("col.owed_to", "summary.arose", "summary.paid", "summary.moved", "summary.outstanding"))
        outstanding = {"refunds_due": status.refunds_due, "budget_due": status.budget_due, "party_due": status.party_due}
        totals = [Money(0)] * 4
        for role in LIABILITY_ROLES:
            figures = (Money(-flow(role, *RECEIPT_KINDS).tiyn), flow(role, *PAYBACK_KINDS),
                       flow(role, "correction"), outstanding[role])
            totals = [t + f for t, f in zip(totals, figures)]
            money_row(account(role), figures, (MONEY,) * 4, flagged=(False,) * 3 + (figures[3].is_positive,))
        money_row(g.label("summary.total", bold), totals, (MONEY,) * 4, bold=True, ref="paid")
        g.add()

        # spending by category
        g.add(g.label("summary.spending_by_category", s.section))
        cat_header = g.add(*g.header("col.category", "summary.amount", "summary.commission_row"))
        for spec in CHART:
            if spec.type == "expense" and spec.postable:
                g.add(g.data(f"{spec.code} {L.account(spec.name_ru, spec.name_en)}"),
                      g.value(MONEY, Money(balances.get(spec.role, 0))), g.data(spec.commission_row))
        cat_end = g.next_row - 1
        g.add(g.label("summary.spent_total", bold), g.value(MONEY, status.spent, bold=True), ref="spent")
        g.add()

        # spending by candidate
        g.add(g.label("summary.spending_by_candidate", s.section))
        cand_header = g.add(*g.header("col.candidate", "summary.amount"))
        for name, amount in self._spending_by_candidate():
            g.add(g.data(name) if name else g.label("summary.no_candidate"), g.value(MONEY, amount))
        cand_end = g.next_row - 1
        g.add()

        # open findings by rule
        g.add(g.label("summary.open_findings", s.section))
        g.add(*g.header("col.rule", "summary.count", "summary.amount", "col.article"))
        open_rules = self._open_findings_by_rule()
        for rule, count, amount in open_rules:
            g.add(g.data(rule), g.value(INT, count, flagged=True), g.value(MONEY, amount, flagged=True),
                  g.data(self.book.profile.article(rule)))
        if not open_rules:
            g.add(g.label("summary.no_findings"))
        g.add()
        g.add(g.label("summary.bank_balance", bold), g.value(MONEY, status.bank_balance), ref="bank")
        g.add(g.label("summary.available", bold), g.value(MONEY, status.available), ref="available")
        g.write()

        ws = g.ws
        self._bar_chart(ws, self.L["chart.caps"], 2, 3, caps_header, caps_end, "H2")
        if cat_end > cat_header:
            self._bar_chart(ws, self.L["chart.spending"], 2, 2, cat_header, cat_end, "H20", horizontal=True)
        if cand_end > cand_header:
            self._bar_chart(ws, self.L["chart.candidates"], 2, 2, cand_header, cand_end, "H38", horizontal=True)

    @staticmethod
    def _bar_chart(ws, title: str, min_col: int, max_col: int, header_row: int, last_row: int,
                   anchor: str, horizontal: bool = False) -> None:
        chart = BarChart()
        chart.type = "bar" if horizontal else "col"
        chart.title = title
        chart.height, chart.width = 8, 16
        chart.y_axis.numFmt = MONEY_FORMAT
        chart.add_data(Reference(ws, min_col=min_col, max_col=max_col, min_row=header_row, max_row=last_row),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row))
        if max_col == min_col:
            chart.legend = None
        ws.add_chart(chart, anchor)

    def _spending_by_candidate(self) -> list[tuple[str | None, Money]]:
        P, A, C = Posting.__table__, Account.__table__, Candidate.__table__
        q = (select(C.c.name, func.sum(P.c.amount_tiyn))
             .select_from(P).join(A, A.c.id == P.c.account_id).outerjoin(C, C.c.id == P.c.candidate_id)
             .where(P.c.book_id == self.book.id, A.c.type == "expense")
             .group_by(C.c.id, C.c.name).order_by(func.sum(P.c.amount_tiyn).desc(), C.c.name))
        return [(name, Money(int(total))) for name, total in self.conn.execute(q)]

    def _open_findings_by_rule(self) -> list[tuple[str, int, Money]]:
        F = Finding.__table__
        rows = self.conn.execute(
            select(F.c.rule, func.count(), func.sum(F.c.amount_tiyn))
            .where(F.c.book_id == self.book.id, F.c.status == "open").group_by(F.c.rule)).all()
        order = {code: i for i, code in enumerate(RULE_CODES)}
        return sorted(((r, int(n), Money(int(t))) for r, n, t in rows), key=lambda x: (order.get(x[0], 99), x[0]))

    # -- Findings ------------------------------------------------------------------------
    def _findings(self) -> Table:
        L = self.L
        t = Table(self.w, L["sheet.findings"], (
            Column("col.rule", TEXT, 20), Column("col.article", TEXT, 40), Column("col.amount", MONEY, 18),
            Column("col.donor", TEXT, 32), Column("col.id_number", TEXT, 15), Column("col.file", TEXT, 24),
            Column("col.sheet", TEXT, 14), Column("col.row", INT, 8), Column("col.evidence", TEXT, 60),
            Column("col.status", TEXT, 12), Column("col.seq", INT, 9), Column("col.resolved_by", INT, 12)))
        F, D = Finding.__table__, Donor.__table__
        order = case({code: i for i, code in enumerate(RULE_CODES)}, value=F.c.rule, else_=99)
        joined, donor_name = with_donor_names(F, D)
        q = (select(F.c.rule, F.c.article, F.c.amount_tiyn, donor_name.label("name"), D.c.id_number, F.c.source_file,
                    F.c.source_sheet, F.c.source_row, F.c.evidence, F.c.status, F.c.entry_seq, F.c.resolved_by_seq)
             .select_from(joined)
             .where(F.c.book_id == self.book.id)
             .order_by(func.coalesce(F.c.entry_seq, 0), order, F.c.id)
             .execution_options(yield_per=reg.BATCH))
        typed_in = L["findings.typed_in"]
        for r in self.conn.execute(q):
            t.append((r.rule, r.article, Money(int(r.amount_tiyn)), L.word("donor", r.name), r.id_number,
                      r.source_file or typed_in,
                      reg.shown_sheet(r.source_file, r.source_sheet), r.source_row, r.evidence,
                      L.word("status", r.status), r.entry_seq, r.resolved_by_seq), flagged=r.status == "open")
        t.close()
        return t

    # -- registers -----------------------------------------------------------------------
    def _registers(self) -> dict[str, Table]:
        L = self.L
        receipt_columns = (
            Column("col.seq", INT, 9), Column("col.date", DATE, 12), Column("col.kind", TEXT, 16),
            Column("col.outcome", TEXT, 16), Column("col.donor", TEXT, 36), Column("col.id_number", TEXT, 15),
            Column("col.donor_kind", TEXT, 15), Column("col.received", MONEY, 18), Column("col.accepted", MONEY, 18),
            Column("col.owed", MONEY, 18), Column("col.owed_to", TEXT, 28), Column("col.linked", INT, 11),
            Column("col.findings", TEXT, 22), Column("col.document", TEXT, 14), Column("col.file", TEXT, 24),
            Column("col.sheet", TEXT, 14), Column("col.row", INT, 8))
        tables = {
            reg.CONTRIBUTIONS: Table(self.w, L["sheet.contributions"], receipt_columns),
            reg.OWN_FUNDS: Table(self.w, L["sheet.own_funds"], receipt_columns),
            reg.SPENDING: Table(self.w, L["sheet.spending"], (
                Column("col.seq", INT, 9), Column("col.date", DATE, 12), Column("col.kind", TEXT, 16),
                Column("col.category", TEXT, 34), Column("col.commission_row", TEXT, 10),
                Column("col.candidate", TEXT, 28), Column("col.payee", TEXT, 30), Column("col.id_number", TEXT, 15),
                Column("col.document", TEXT, 14), Column("col.purpose", TEXT, 30), Column("col.amount", MONEY, 18),
                Column("col.linked", INT, 11), Column("col.findings", TEXT, 22), Column("col.file", TEXT, 24),
                Column("col.sheet", TEXT, 14), Column("col.row", INT, 8))),
            reg.REFUNDS: Table(self.w, L["sheet.refunds"], (
                Column("col.seq", INT, 9), Column("col.date", DATE, 12), Column("col.kind", TEXT, 22),
                Column("col.receipt", INT, 14), Column("col.paid_to", TEXT, 34), Column("col.donor", TEXT, 36),
                Column("col.id_number", TEXT, 15), Column("col.amount", MONEY, 18), Column("col.findings", TEXT, 22),
                Column("col.memo", TEXT, 40))),
        }
        names = {spec.role: (spec.code, L.account(spec.name_ru, spec.name_en), spec.commission_row) for spec in CHART}
        kinds = {k: L.word("kind", k) for k in ("contribution", "own_funds", "spending", "supplier_refund", "refund",
                                                  "budget_transfer", "reversal", "correction")}
        outcomes = {k: L.word("outcome", k) for k in ("posted", "split", "held", "reversal", "correction")}
        donor_kinds = {k: L.word("donor_kind", k) for k in ("person", "organisation", "unknown")}
        # who a payment back went to; money owed back to a donor went to that donor
        paid_to = {"budget_due": L["payee.budget"], "party_due": self.book.party}
        self.by_source = by_source = reg.ReceiptsBySource(self.conn, self.book)
        for line in reg.register_lines(self.conn, self.book):
            d = line.details
            if line.register in reg.RECEIPT_REGISTERS:
                by_source.add(line)
                owed_to = names[line.owed_role][1] if line.owed_role else None
                tables[line.register].append((
                    line.seq, line.day, kinds[line.kind], outcomes[line.outcome], L.word("donor", line.donor_name),
                    line.donor_id_number, donor_kinds.get(line.donor_kind), line.amount, line.accepted,
                    line.owed, owed_to, line.linked_seq, line.findings, d.get("document"),
                    line.source_file, line.source_sheet, line.source_row), line.flagged)
            elif line.register == reg.SPENDING:
                code, name, row = names[line.category] if line.category else (None, None, None)
                tables[reg.SPENDING].append((
                    line.seq, line.day, kinds[line.kind], f"{code} {name}" if code else None, row,
                    line.candidate, d.get("payee"), d.get("payee_id"), d.get("document"), d.get("purpose"),
                    line.amount, line.linked_seq, line.findings, line.source_file, line.source_sheet,
                    line.source_row), line.flagged)
            else:
                tables[reg.REFUNDS].append((
                    line.seq, line.day, kinds[line.kind], line.linked_seq,
                    paid_to.get(line.owed_role, L.word("donor", line.donor_name)), L.word("donor", line.donor_name),
                    line.donor_id_number, line.amount, line.findings, d.get("memo")), line.flagged)
        for t in tables.values():
            t.close()
        return tables

    def _rejected(self) -> Table:
        t = Table(self.w, self.L["sheet.rejected"], (
            Column("col.file", TEXT, 28), Column("col.sheet", TEXT, 16), Column("col.row", INT, 8),
            Column("col.raw", TEXT, 80), Column("col.reason", TEXT, 60)))
        for r in reg.rejected_rows(self.conn, self.book):
            raw = " | ".join("" if v is None else str(v) for v in r.raw)
            t.append((r.file, r.sheet, r.row, raw, r.reason))
        t.close()
        return t

    def _donors(self) -> Table:
        L = self.L
        t = Table(self.w, L["sheet.donors"], (
            Column("col.donor", TEXT, 40), Column("col.id_number", TEXT, 15), Column("col.donor_kind", TEXT, 16),
            Column("col.total_given", MONEY, 20), Column("col.gifts", INT, 12), Column("col.accepted", MONEY, 20),
            Column("col.owed", MONEY, 18), Column("col.findings", INT, 12), Column("col.other_names", TEXT, 40)))
        kinds = {k: L.word("donor_kind", k) for k in ("person", "organisation", "unknown")}
        for d in reg.donor_totals(self.conn, self.book):
            t.append((L.word("donor", d.name), d.id_number, kinds.get(d.kind, d.kind), d.given, d.gifts, d.accepted, d.owed,
                      d.findings, "; ".join(d.other_names) or None), d.flagged)
        t.close()
        return t

    # -- Commission report ---------------------------------------------------------------
    def _commission(self, status: FundStatus) -> Grid:
        L = self.L
        g = Grid(self.w, L["sheet.commission"], (10, 60, 20, 44))
        s = g.styles
        balances = balances_by_role(self.conn, self.book.id)
        g.add(g.label("commission.title", s.title))
        g.add(g.data(self.book.party), None, None)
        g.add(*g.header("col.row_no", "col.indicator", "summary.amount", "col.note"))
        seen, best = L["commission.seen"], L["commission.best_reading"]
        g.add(g.data("1"), g.label("commission.received", s.bold[TEXT]), g.value(MONEY, status.total.accepted, bold=True),
              g.note(seen), ref="row1", ref_col=3)
        g.add(g.data("1.1"), g.label("commission.own"), g.value(MONEY, status.own_funds.accepted), g.note(seen))
        g.add(g.data("1.2"), g.label("commission.voluntary"), g.value(MONEY, status.voluntary.accepted), g.note(seen))
        g.add(g.data("2"), g.label("commission.spent", s.bold[TEXT]), g.value(MONEY, status.spent, bold=True),
              g.note(seen), ref="row2", ref_col=3)
        for spec in CHART:
            if spec.type == "expense" and spec.commission_row and spec.commission_row != "2":
                indent = "    " * (spec.commission_row.count(".") - 1)
                g.add(g.data(spec.commission_row), g.data(indent + L.account(spec.name_ru, spec.name_en)),
                      g.value(MONEY, Money(balances.get(spec.role, 0))), g.note(best))
        g.add(g.data("3"), g.label("commission.balance", s.bold[TEXT]),
              g.value(MONEY, status.total.accepted - status.spent, bold=True), g.note(best), ref="row3", ref_col=3)
        g.write(freeze="A4")
        return g

    # -- Trial balance and Journal -------------------------------------------------------
    def _trial_balance(self) -> Table:
        L = self.L
        t = Table(self.w, L["sheet.trial_balance"], (
            Column("col.code", TEXT, 9), Column("col.account", TEXT, 52), Column("col.type", TEXT, 16),
            Column("col.debit_turnover", MONEY, 18), Column("col.credit_turnover", MONEY, 18),
            Column("col.debit_balance", MONEY, 18), Column("col.credit_balance", MONEY, 18)))
        P, A = Posting.__table__, Account.__table__
        turnover = dict((aid, (int(dr), int(cr))) for aid, dr, cr in self.conn.execute(
            select(P.c.account_id, func.sum(case((P.c.amount_tiyn > 0, P.c.amount_tiyn), else_=0)),
                   func.sum(case((P.c.amount_tiyn < 0, -P.c.amount_tiyn), else_=0)))
            .where(P.c.book_id == self.book.id).group_by(P.c.account_id)))
        for a in self.conn.execute(select(A).where(A.c.book_id == self.book.id).order_by(A.c.code)):
            name = L.account(a.name_ru, a.name_en)
            if not a.is_postable:
                t.append((a.code, name, L.word("type", a.type), None, None, None, None))
                continue
            dr, cr = turnover.get(a.id, (0, 0))
            balance = a.balance_tiyn
            t.append((a.code, "    " + name, L.word("type", a.type), Money(dr), Money(cr),
                      Money(balance if balance > 0 else 0), Money(-balance if balance < 0 else 0)))
        t.close()
        return t

    def _journal(self) -> Table:
        L = self.L
        t = Table(self.w, L["sheet.journal"], (
            Column("col.seq", INT, 9), Column("col.date", DATE, 12), Column("col.kind", TEXT, 16),
            Column("col.line", INT, 8), Column("col.code", TEXT, 9), Column("col.account", TEXT, 36),
            Column("col.debit", MONEY, 18), Column("col.credit", MONEY, 18), Column("col.donor", TEXT, 32),
            Column("col.id_number", TEXT, 15), Column("col.candidate", TEXT, 24), Column("col.memo", TEXT, 40),
            Column("col.file", TEXT, 24), Column("col.sheet", TEXT, 14), Column("col.row", INT, 8)))
        P, E, A, D, C = (Posting.__table__, Entry.__table__, Account.__table__, Donor.__table__,
                         Candidate.__table__)
        accounts = {a.id: (a.code, L.account(a.name_ru, a.name_en)) for a in self.conn.execute(
            select(A.c.id, A.c.code, A.c.name_ru, A.c.name_en).where(A.c.book_id == self.book.id))}
        kinds: dict[str, str] = {}
        receipt, receipt_on = reg.receipt_of(E)
        q = (select(P.c.entry_seq, E.c.entry_date, E.c.kind, P.c.line_no, P.c.account_id, P.c.amount_tiyn,
                    reg.posting_donor_name(P, D, E, receipt).label("name"),
                    D.c.id_number, C.c.name.label("candidate"), E.c.memo, E.c.source_file,
                    E.c.source_sheet, E.c.source_row)
             .select_from(P)
             .join(E, and_(E.c.book_id == P.c.book_id, E.c.seq == P.c.entry_seq))
             .outerjoin(receipt, receipt_on)
             .outerjoin(D, D.c.id == P.c.donor_id)
             .outerjoin(C, C.c.id == P.c.candidate_id)
             .where(P.c.book_id == self.book.id)
             .order_by(P.c.entry_seq, P.c.line_no)
             .execution_options(yield_per=reg.BATCH))
        zero = Money(0)
        for r in self.conn.execute(q):
            kind = kinds.get(r.kind) or kinds.setdefault(r.kind, L.word("kind", r.kind))
            code, name = accounts[r.account_id]
            amount = Money(int(r.amount_tiyn))
            t.append((r.entry_seq, reg._day(r.entry_date), kind, r.line_no, code, name,
                      amount if amount.tiyn > 0 else zero, -amount if amount.tiyn < 0 else zero,
                      L.word("donor", r.name), r.id_number, r.candidate, r.memo, r.source_file,
                      reg.shown_sheet(r.source_file, r.source_sheet), r.source_row))
        t.close()
        return t

    # -- Checks --------------------------------------------------------------------------
    def _checks(self, summary: Grid, tables: dict[str, Table], donors: Table, commission: Grid,
                trial: Table, journal: Table) -> Grid:
        L = self.L
        g = Grid(self.w, L["sheet.checks"], (64, 20, 20, 14))
        g.add(*g.header("checks.check", "checks.value", "checks.expected", "checks.holds"))
        checks: list[tuple[str, str, Any]] = []

        def sums(table: Table, label: str) -> str:
            return table.sum_formula(label)

        checks.append((L["checks.tb_zero"],
                       f"=ROUND({sums(trial, 'col.debit_balance')}-({sums(trial, 'col.credit_balance')}),2)", 0))
        checks.append((L["checks.tb_turnover"],
                       f"=ROUND({sums(trial, 'col.debit_turnover')}-({sums(trial, 'col.credit_turnover')}),2)", 0))
        checks.append((L["checks.journal"],
                       f"=ROUND({sums(journal, 'col.debit')}-({sums(journal, 'col.credit')}),2)", 0))
        for key in ("own", "voluntary", "total"):
            accepted = f"{quote_sheetname(summary.title)}!C{summary.refs[f'cap.{key}'][1:]}"
            limit = f"{quote_sheetname(summary.title)}!B{summary.refs[f'cap.{key}'][1:]}"
            checks.append((L["checks.cap"].format(cap=L[f"cap.{key}"]), f"=AND({accepted}>=0,{accepted}<={limit})", True))

        def register(table: Table, column: str, against: str) -> None:
            checks.append((L["checks.register"].format(sheet=table.title, column=L[column]),
                           f"=ROUND({sums(table, column)}-{against},2)", 0))

        s = quote_sheetname(summary.title)
        own_row, vol_row = summary.refs["cap.own"][1:], summary.refs["cap.voluntary"][1:]
        register(tables[reg.CONTRIBUTIONS], "col.accepted", f"{s}!C{vol_row}")
        register(tables[reg.OWN_FUNDS], "col.accepted", f"{s}!C{own_row}")
        checks.append((L["checks.register"].format(
            sheet=f"{tables[reg.CONTRIBUTIONS].title} + {tables[reg.OWN_FUNDS].title}", column=L["col.received"]),
            f"=ROUND({sums(tables[reg.CONTRIBUTIONS], 'col.received')}+{sums(tables[reg.OWN_FUNDS], 'col.received')}"
            f"-{summary.address('received')},2)", 0))
        register(tables[reg.SPENDING], "col.amount", summary.address("spent"))
        register(tables[reg.REFUNDS], "col.amount", summary.address("paid"))
        checks.append((L["checks.donors"],
                       f"=ROUND({sums(donors, 'col.accepted')}-{s}!C{summary.refs['cap.total'][1:]},2)", 0))
        checks.append((L["checks.commission_1"],
                       f"=ROUND({commission.address('row1')}-{s}!C{summary.refs['cap.total'][1:]},2)", 0))
        checks.append((L["checks.commission_3"],
                       f"=ROUND({commission.address('row3')}-({commission.address('row1')}-{commission.address('row2')}),2)", 0))
        for key, ref, columns in (("checks.by_source", "received", "CDE"), ("checks.owed", "paid", "BCDE")):
            row = summary.refs[ref][1:]
            checks.append((L[key], f"=ROUND({'-'.join(f'{s}!{c}{row}' for c in columns)},2)", 0))
        for label, formula, expected in checks:
            row = g.next_row
            holds = _styled(g.ws, g.styles.bold[BOOL], f"=B{row}=C{row}")
            g.add(g.label(label, translate=False), _styled(g.ws, g.styles.plain[BOOL if expected is True else MONEY], formula),
                  g.value(BOOL if expected is True else MONEY, expected), holds)
        g.write(freeze="A2", header_row=1)
        g.checks = tuple((label, formula) for label, formula, _ in checks)
        return g
