"""The xlsx toolkit the fund's workbooks are written with: styles, number formats, safe text
cells, streamed tables, small in-memory grids, print setup and charts.

The audit workbook and the public disclosure are both built from these parts, so both look
alike, print alike and treat outside text alike. Nothing here knows the ledger: a sheet
module decides what goes where, this module decides how a cell is written.

Books can hold a million receipts, so a register is never held in memory: rows go into
openpyxl's write-only sheets, which write each row to a temporary file as it comes. Styles
are prepared once and copied (a style array is nine integers), which keeps the cost per cell
close to openpyxl's own. A register longer than a sheet can hold continues on "<name> (2)".

Everything a donor or a treasurer typed is data, never a formula: text that Excel or
LibreOffice would read as one (``=``, ``+``, ``-``, ``@``, a tab or a carriage return first)
is written as an explicit string cell with Excel's quote prefix, as if typed after an
apostrophe.

A grid remembers where each figure it was given lives (``Grid.refs``: a name to a
sheet-qualified cell such as ``'Сводка'!C14``), so formulas on another sheet point at the
figure by its name, never by a row number that a new row above it would move.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ledger.core.money import Money
from ledger.i18n import spreadsheet_formats
from ledger.reports.i18n import Labels

# Excel's sheet holds 1,048,576 rows, the header row included. A writer can be given fewer,
# which is how tests prove that a long register continues on a second sheet.
MAX_SHEET_ROWS = 1_048_576

# Number formats come from the reader's convention (``ledger.i18n.spreadsheet_formats``):
# "[$-419]#,##0.00" shows 1 250 000,00 in Russian, "[$-809]#,##0.00" 1,250,000.00 in English.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MAX_TEXT = 32_767        # Excel's limit for one cell

_HEADER_FILL = PatternFill("solid", start_color="FFD9E1F2")
_FLAG_FILL = PatternFill("solid", start_color="FFFCE4D6")
_THIN = Side(style="thin", color="FF808080")
# Cells keep the spreadsheet's own bottom alignment, so a row whose one text wraps needs that
# text's cell styled and no other: the figures and short texts beside it line up with its last line.
_WRAP = Alignment(wrap_text=True)
_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
_LINE_HEIGHT = 15.0       # points a line of 11-point text takes in a row
_BOLD_WIDER = 1.15        # bold headers (a wider face) take about a sixth more than the column's characters
_PLAIN_FITS = 1.05        # plain text fits a little more than the column's width in characters

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

    def __init__(self, ws, lang: str):
        def make(number_format=None, quote=False, **looks):
            """A style array of a number format and any of font, fill, alignment, border."""
            cell = WriteOnlyCell(ws)
            for name, look in (("number_format", number_format), *looks.items()):
                if look:
                    setattr(cell, name, look)
            if quote:
                cell.quotePrefix = True
            return copy(cell._style) if cell._style is not None else StyleArray()

        reader = spreadsheet_formats(lang)
        formats = {TEXT: None, MONEY: reader["money"], DATE: reader["date"], INT: "0",
                   DATETIME: reader["datetime"], PERCENT: reader["percent"], BOOL: None}
        self.formats = formats
        # Text wraps within its column, so a printed page shows all of it rather than cut it.
        wrap = {kind: _WRAP if kind == TEXT else None for kind in formats}
        self.plain = {kind: make(fmt, alignment=wrap[kind]) for kind, fmt in formats.items()}
        self.flagged = {kind: make(fmt, fill=_FLAG_FILL, alignment=wrap[kind]) for kind, fmt in formats.items()}
        self.bold = {kind: make(fmt, font=Font(bold=True), alignment=wrap[kind]) for kind, fmt in formats.items()}
        self.quoted = make(quote=True, alignment=_WRAP)
        self.quoted_flagged = make(fill=_FLAG_FILL, quote=True, alignment=_WRAP)
        self.header = make(font=Font(bold=True), fill=_HEADER_FILL, alignment=_HEADER_ALIGNMENT,
                           border=Border(bottom=_THIN))
        self.title = make(font=Font(bold=True, size=14))
        self.section = make(font=Font(bold=True, size=12))
        self.note = make(font=Font(italic=True, color="FF595959"))


def styled(ws, style: StyleArray, value: Any = None) -> WriteOnlyCell:
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
        cell = styled(ws, styles.quoted_flagged if flagged else styles.quoted)
        cell.value = text
        cell.data_type = "s"
        return cell
    return styled(ws, style if style is not None else styles.plain[TEXT], text)


def lines_of(text: str, width: float, bold: bool = False) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide (an estimate:
    the spreadsheet measures glyphs, this counts characters)."""
    room = max(width / _BOLD_WIDER - 0.5 if bold else width * _PLAIN_FITS, 1.0)
    total = 0
    for line in text.split("\n"):
        lines, used = 1, 0.0
        for word in line.split():
            if used and used + 1 + len(word) <= room:
                used += 1 + len(word)
                continue
            if used:
                lines += 1
            extra, used = divmod(len(word), room)      # a word longer than the column breaks
            lines += int(extra) - (1 if extra and not used else 0)
            used = used or (room if extra else 0.0)
        total += lines
    return total


@lru_cache(maxsize=64)
def _tall_row(lines: int) -> Mapping[str, str]:
    """The <row> attributes of a row ``lines`` lines tall."""
    return MappingProxyType({"ht": f"{lines * _LINE_HEIGHT:g}", "customHeight": "1"})


def row_height(texts_and_widths, bold: bool = False) -> float | None:
    """The height (points) a row needs for its wrapped texts, or None when one line will do."""
    lines = max((lines_of(t, w, bold) for t, w in texts_and_widths if isinstance(t, str) and t), default=1)
    return lines * _LINE_HEIGHT if lines > 1 else None


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
        self._plain = [WriteOnlyCell(None) for _ in kinds]
        self._flagged = [WriteOnlyCell(None) for _ in kinds]
        for cells, table in ((self._plain, styles.plain), (self._flagged, styles.flagged)):
            for cell, kind in zip(cells, kinds):
                if cell is not None:
                    cell._style = copy(table[kind])
        self._kinds = kinds
        # A text longer than this many characters wraps, and its row is made tall enough for it.
        self._texts = [(i, c.width * _PLAIN_FITS, c.width) for i, c in enumerate(self.columns) if c.kind == TEXT]
        self._last_row = writer.max_sheet_rows - 1     # data rows a part holds under its header
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
        labels = [self.writer.labels[c.label] for c in self.columns]
        height = row_height(zip(labels, (c.width for c in self.columns)), bold=True)
        if height:
            ws.row_dimensions[1].height = height
        ws.append([styled(ws, self.writer.styles.header, label) for label in labels])
        self._ws, self._rows = ws, 0
        self.parts.append((title, 0))

    def _finish_part(self) -> None:
        last = get_column_letter(len(self.columns))
        self._ws.auto_filter.ref = f"A1:{last}{self._rows + 1}"
        self.parts[-1] = (self.parts[-1][0], self._rows)

    def append(self, values: Sequence[Any], flagged: bool = False) -> None:
        if self._rows >= self._last_row:
            self._new_part()
        ws, styles = self._ws, self.writer.styles
        lines, wraps = 1, ()
        for i, room, width in self._texts:
            text = values[i]
            if text.__class__ is str and (len(text) > room or "\n" in text):
                lines = max(lines, lines_of(text, width))
                wraps += (i,)
        row = []
        if not flagged:
            # The common row: text and counts go as bare values (no style to look up per cell),
            # the formats of money and dates as styled cells, and a text that wraps as a
            # wrapped cell, its row made tall enough below.
            for i, (value, kind, cell) in enumerate(zip(values, self._kinds, self._plain)):
                if value is None:
                    row.append(None)
                elif kind == TEXT:
                    text = clean_text(value)
                    if is_formula_like(text):
                        row.append(text_cell(ws, styles, text))
                    elif i in wraps:
                        cell.value = text
                        row.append(cell)
                    else:
                        row.append(text)
                elif kind == INT:
                    row.append(value)
                else:
                    cell.value = value.as_decimal() if kind == MONEY else value
                    row.append(cell)
        else:
            # A flagged row: every cell styled with the flag's fill, text wrapped.
            for value, kind, cell in zip(values, self._kinds, self._flagged):
                if value is None:
                    row.append(styled(ws, styles.flagged[TEXT]))
                elif kind == TEXT:
                    text = clean_text(value)
                    if is_formula_like(text):
                        row.append(text_cell(ws, styles, text, flagged=True))
                    else:
                        cell.value = text
                        row.append(cell)
                else:
                    cell.value = value.as_decimal() if kind == MONEY else value
                    row.append(cell)
        if lines > 1:
            # The row is written as it is appended, its <row> taking the attributes its entry
            # in row_dimensions gives then (openpyxl's writer reads them as a mapping): a ready
            # mapping per height, dropped after, so a long register holds no dimension objects.
            number = self._rows + 2
            ws.row_dimensions[number] = _tall_row(lines)
            ws.append(row)
            del ws.row_dimensions[number]
        else:
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

    def __init__(self, lang: str, max_sheet_rows: int | None = None):
        self.labels = Labels(lang)
        self.max_sheet_rows = max_sheet_rows or MAX_SHEET_ROWS
        self.wb = Workbook(write_only=True)
        self._order: list[str] = []
        self._sheets: dict[str, Any] = {}
        # Styles belong to the workbook; a stand-in sheet lets them be made before any sheet.
        self.styles = Styles(SimpleNamespace(parent=self.wb), self.labels.lang)

    def sheet(self, title: str, after: str | None = None, first: bool = False):
        """A new sheet: last, or ``first``, or right ``after`` the sheet of that title. A
        sheet's place is kept apart from when it is made, so a sheet built from what the
        others summed (the audit's summary) can still open the workbook."""
        ws = _StreamSheet(parent=self.wb, title=title)
        self.wb._add_sheet(ws)
        self._sheets[title] = ws
        if first:
            self._order.insert(0, title)
        elif after is None:
            self._order.append(title)
        else:
            self._order.insert(self._order.index(after) + 1, title)
        return ws

    def print_setup(self, ws, landscape: bool = True, title_row: int | None = 1,
                    title_rows: tuple[int, int] | None = None) -> None:
        """A4, fitted to the page's width, as long as it needs; the ``title_row`` (or the
        ``title_rows``, first and last) printed at the top of every page."""
        first, last = title_rows or (title_row, title_row)
        if first:
            ws.print_title_rows = f"{first}:{last}"
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

    def __init__(self, writer: WorkbookWriter, title: str, widths: Sequence[float], first: bool = False):
        self.writer = writer
        self.title = title
        self.ws = writer.sheet(title, first=first)
        self.rows: list[list[Any]] = []
        self._refs: dict[str, str] = {}
        self._spans: dict[int, int] = {}    # row -> the column its last cell spans from, to the last
        self.widths = widths

    @property
    def styles(self) -> Styles:
        return self.writer.styles

    @property
    def next_row(self) -> int:
        return len(self.rows) + 1

    def add(self, *cells: Any, ref: str | None = None, ref_col: int = 2, fields: Sequence[str] = (),
            span: bool = False) -> int:
        """Add a row; return its number. ``ref`` names the figure in column ``ref_col``; with
        ``fields`` it names a row of figures instead, one field a cell from ``ref_col`` on:
        ``ref="cap.own", fields=("limit", "accepted")`` names B as "cap.own.limit" and C as
        "cap.own.accepted". ``span``: the row's last cell (a long text) is merged across the
        columns to the grid's last, and wraps within them."""
        self.rows.append(list(cells))
        if span and len(cells) < len(self.widths):
            self._spans[len(self.rows)] = len(cells)
        if ref:
            row, sheet = len(self.rows), quote_sheetname(self.title)
            named = {f"{ref}.{f}": ref_col + i for i, f in enumerate(fields)} if fields else {ref: ref_col}
            for name, col in named.items():
                self._refs[name] = f"{sheet}!{get_column_letter(col)}{row}"
        return len(self.rows)

    @property
    def refs(self) -> Mapping[str, str]:
        """Where each named figure lives, sheet-qualified: ``refs["spent"] == "'Сводка'!B51"``."""
        return MappingProxyType(self._refs)

    def _height(self, row: Sequence[Any], widths: Sequence[float]) -> float | None:
        """A row's height for its wrapped cells (text overflowing into empty cells, as a note
        does, is not wrapped and needs none)."""
        wrapped = []
        for cell, width in zip(row, widths):
            if isinstance(cell, Cell) and isinstance(cell.value, str) and cell.alignment.wrap_text:
                wrapped.append((cell.value, width, bool(cell.font.b)))
        heights = [row_height([(t, w)], bold) for t, w, bold in wrapped]
        return max((h for h in heights if h), default=None)

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
        return styled(self.ws, table[kind], _as_cell_value(kind, value))

    def header(self, *keys: str):
        return [styled(self.ws, self.styles.header, self.writer.labels[k]) for k in keys]

    def header_text(self, text: str):
        """A header cell of text from outside (a party's name): never a formula."""
        return text_cell(self.ws, self.styles, text, self.styles.header)

    def write(self, freeze: str | None = None, header_row: int | None = None,
              title_rows: tuple[int, int] | None = None) -> None:
        """Write the rows; ``header_row`` (its number) heads a table that runs to the last
        row: it is printed on every page and filters the rows below it, never those above.
        ``title_rows`` (first, last) are printed on every page instead, and filter nothing."""
        for i, width in enumerate(self.widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        if freeze:
            self.ws.freeze_panes = freeze
        self.writer.print_setup(self.ws, landscape=False, title_row=header_row, title_rows=title_rows)
        for number, row in enumerate(self.rows, start=1):
            widths = list(self.widths[:len(row)])
            if number in self._spans:
                first = self._spans[number]
                widths[first - 1] = sum(self.widths[first - 1:])
                self.ws.merged_cells.add(f"{get_column_letter(first)}{number}:"
                                         f"{get_column_letter(len(self.widths))}{number}")
            height = self._height(row, widths)
            if height:
                self.ws.row_dimensions[number].height = height
            self.ws.append(row)
        if header_row and self.rows:
            width = max(len(r) for r in self.rows[header_row - 1:])
            self.ws.auto_filter.ref = f"A{header_row}:{get_column_letter(width)}{len(self.rows)}"


_ROW_CM = 0.53        # a row of the default height, in centimetres


def bar_chart(ws, title: str, bars: int, header_row: int, last_row: int, first_row: int, lang: str,
              horizontal: bool = False, cap: int | None = None) -> int:
    """A bar chart of a grid's table, below the grid from ``first_row``: column A names the bars
    (every name shown; a horizontal chart grows with them), column ``bars`` holds their money,
    and column ``cap`` (if given) the ceiling each bar is held against, drawn as a marker.
    The axis is in whole tenge, in the reader's convention. Returns the first row below it."""
    categories = last_row - header_row
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.width = 17
    chart.height = max(7.5, 2.0 + 0.9 * categories) if horizontal else 8
    chart.y_axis.numFmt = spreadsheet_formats(lang)["tenge"]
    chart.y_axis.majorGridlines = None
    chart.x_axis.tickLblSkip = 1          # every category's name, none skipped
    chart.x_axis.delete = chart.y_axis.delete = False
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"    # top to bottom in the table's order,
        chart.y_axis.crosses = "max"                   # the tenge along the bottom
    chart.add_data(Reference(ws, min_col=bars, min_row=header_row, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last_row))
    if cap is None:
        chart.legend = None
    else:
        marks = LineChart()
        marks.add_data(Reference(ws, min_col=cap, min_row=header_row, max_row=last_row), titles_from_data=True)
        line = marks.series[0]
        line.graphicalProperties.line.noFill = True      # markers only: each cap where its bar would reach
        line.marker.symbol = "dash"
        line.marker.size = 20
        line.marker.graphicalProperties.solidFill = "C0392B"
        line.marker.graphicalProperties.line.solidFill = "C0392B"
        chart += marks
        chart.legend.position = "b"
    ws.add_chart(chart, f"A{first_row}")
    return first_row + math.ceil(chart.height / _ROW_CM) + 2
