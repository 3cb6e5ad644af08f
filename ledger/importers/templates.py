"""Blank import books, so a treasurer can start from headers the importer knows.

The columns, their formats and the dropdown lists are data (``templates/import_templates.toml``),
not code. A template is an ordinary workbook: a title row, the header row (frozen), tenge and
date formats, the IIN/BIN column as text so leading zeros survive, and dropdowns for the donor
type and the spending category. Filled in, it imports back with every column recognised.
"""
from __future__ import annotations

import pathlib
import tomllib

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ledger import paths
from ledger.core.errors import UsageError
from ledger.i18n import _

SPEC_FILE = "import_templates.toml"
FORMATS = {"date": "DD.MM.YYYY", "tenge": "#,##0.00", "text": "@"}
LISTS_SHEET = "Списки"
HEADER_ROW = 3


def template_spec(kind: str) -> dict:
    """The columns of one kind of book, and the dropdown lists, from the spec file."""
    with (paths.TEMPLATES / SPEC_FILE).open("rb") as fh:
        spec = tomllib.load(fh)
    if kind not in spec or "columns" not in spec[kind]:
        known = ", ".join(k for k, v in spec.items() if isinstance(v, dict) and "columns" in v)
        raise UsageError(_("no template for {kind!r}; there are templates for {known}").format(kind=kind, known=known))
    return {**spec[kind], "dropdowns": spec.get("dropdowns", {}),
            "rows_prepared": spec.get("rows_prepared", 1000)}


def write_template(kind: str, path: pathlib.Path) -> None:
    spec = template_spec(kind)
    wb = Workbook()
    ws = wb.active
    ws.title = spec["sheet"]
    columns = spec["columns"]
    last_row = HEADER_ROW + spec["rows_prepared"]

    ws.cell(1, 1, spec["title"]).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for col, column in enumerate(columns, start=1):
        cell = ws.cell(HEADER_ROW, col, column["header"])
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = column.get("width", 16)
        number_format = FORMATS[column.get("format", "text")]
        for row in range(HEADER_ROW + 1, last_row + 1):
            ws.cell(row, col).number_format = number_format
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)

    used = [c["dropdown"] for c in columns if "dropdown" in c]
    if used:
        lists = wb.create_sheet(LISTS_SHEET)
        lists.sheet_state = "hidden"
        ranges = {}
        for list_col, name in enumerate(dict.fromkeys(used), start=1):
            values = spec["dropdowns"][name]
            for i, value in enumerate(values, start=1):
                lists.cell(i, list_col, value)
            letter = get_column_letter(list_col)
            ranges[name] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"
        for col, column in enumerate(columns, start=1):
            name = column.get("dropdown")
            if name is None:
                continue
            # Donor types are a suggestion (any wording is classified); categories are closed.
            closed = name == "spending_categories"
            validation = DataValidation(type="list", formula1=ranges[name], allow_blank=True,
                                        showErrorMessage=closed)
            if closed:
                validation.error = "Выберите статью из списка / Choose a category from the list"
            letter = get_column_letter(col)
            validation.add(f"{letter}{HEADER_ROW + 1}:{letter}{last_row}")
            ws.add_data_validation(validation)
    wb.save(path)
