"""The audit workbook in parts: the Checks sheet points at the summary's figures by name.

Worked through the fund of ``test_audit_workbook`` (caps 50,000 own funds, 100,000 voluntary,
150,000 whole fund; 136,500 received, 120,000 of it accepted, 16,500 owed back, 15,500 of that
paid, 8,000 spent). The summary builder returns its grid, whose ``refs`` say where each figure
it wrote lives; the checks are built from those names alone, so a row added to the summary
moves the checks with it instead of leaving them on the wrong cells.
"""
from __future__ import annotations

import re

from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from test_audit_workbook import MADE_AT, build_worked_book
from test_libreoffice import convert, soffice  # noqa: F401 - soffice is a fixture

from ledger.db.engine import snapshot
from ledger.reports.audit import write_audit_workbook
from ledger.reports.sheets import Audit, summary
from ledger.reports.sheets.registers import register_sheets
from ledger.reports.sheets.summary import ChainState, summary_sheet
from ledger.reports.status import fund_status
from ledger.reports.xlsx import MONEY, Grid, WorkbookWriter

# name: (cell, the figure it holds in the worked book)
WORKED_REFS = {
    "made_at": ("'Сводка'!B9", MADE_AT),
    "tip_digest": ("'Сводка'!C10", "0" * 64),
    "cap.own.limit": ("'Сводка'!B14", 50_000), "cap.own.accepted": ("'Сводка'!C14", 20_000),
    "cap.own.headroom": ("'Сводка'!D14", 30_000), "cap.own.percent": ("'Сводка'!E14", 0.4),
    "cap.voluntary.limit": ("'Сводка'!B15", 100_000), "cap.voluntary.accepted": ("'Сводка'!C15", 100_000),
    "cap.voluntary.headroom": ("'Сводка'!D15", 0), "cap.voluntary.percent": ("'Сводка'!E15", 1),
    "cap.total.limit": ("'Сводка'!B16", 150_000), "cap.total.accepted": ("'Сводка'!C16", 120_000),
    "cap.total.headroom": ("'Сводка'!D16", 30_000), "cap.total.percent": ("'Сводка'!E16", 0.8),
    "by_source.gifts": ("'Сводка'!B25", 6), "by_source.received": ("'Сводка'!C25", 136_500),
    "by_source.accepted": ("'Сводка'!D25", 120_000), "by_source.owed": ("'Сводка'!E25", 16_500),
    "owed.arose": ("'Сводка'!B36", 16_500), "owed.paid": ("'Сводка'!C36", 15_500),
    "owed.moved": ("'Сводка'!D36", 0), "owed.outstanding": ("'Сводка'!E36", 1_000),
    "spent": ("'Сводка'!B51", 8_000),
    "bank": ("'Сводка'!B62", 113_000),
    "available": ("'Сводка'!B63", 112_000),
}
SUMMARY_CELL = re.compile(r"'Сводка'!([A-Z]+\d+)")


def cell_value(wb, address: str):
    sheet, cell = address.rsplit("!", 1)
    return wb[sheet.strip("'")][cell].value


def test_the_summary_says_where_each_figure_it_wrote_lives(engine, tmp_path):
    book = build_worked_book(engine)
    writer = WorkbookWriter("ru")
    with snapshot(engine) as conn:
        audit = Audit(conn, book, writer)
        registers = register_sheets(audit)
        grid = summary_sheet(audit, fund_status(conn, book), ChainState(10, "0" * 64, None),
                             registers.by_source, MADE_AT)
    path = tmp_path / "summary.xlsx"
    writer.save(path)
    assert grid.refs["cap.own.accepted"] == "'Сводка'!C14"
    assert dict(grid.refs) == {name: cell for name, (cell, _) in WORKED_REFS.items()}
    wb = load_workbook(path)
    for name, (cell, figure) in WORKED_REFS.items():
        assert cell_value(wb, cell) == figure, name


def aside(g: Grid, facts) -> tuple:
    """A section of one row, for a test to slip into the summary."""
    g.add(g.note("строка, добавленная тестом"))
    return ()


def test_a_row_added_to_the_summary_moves_its_checks_with_it(engine, tmp_path, monkeypatch):
    book = build_worked_book(engine)
    as_built, moved = tmp_path / "as_built.xlsx", tmp_path / "moved.xlsx"
    write_audit_workbook(engine, book, as_built, now=MADE_AT)
    sections = summary.SECTIONS
    # one row above everything, one more above the spending: the figures below move by one or two
    monkeypatch.setattr(summary, "SECTIONS", (aside, *sections[:4], aside, *sections[4:]))
    written = write_audit_workbook(engine, book, moved, now=MADE_AT)

    before, after = load_workbook(as_built), load_workbook(moved)
    assert after["Сводка"]["A1"].value == "строка, добавленная тестом"
    checks_before = [row[1] for row in before["Проверки"].iter_rows(min_row=2, values_only=True)]
    checks_after = [row[1] for row in after["Проверки"].iter_rows(min_row=2, values_only=True)]
    assert checks_after == [formula for _, formula in written.checks] and len(checks_after) == 16
    assert checks_after[3] == "=AND('Сводка'!C15>=0,'Сводка'!C15<='Сводка'!B15)"     # the own funds' cap, a row down
    assert checks_after[9] == "=ROUND(SUM('Расходы'!K2:K3)-'Сводка'!B53,2)"           # spending, two rows down
    pointed = 0
    for old, new in zip(checks_before, checks_after, strict=True):
        old_cells, new_cells = SUMMARY_CELL.findall(old), SUMMARY_CELL.findall(new)
        # the same formula but for the summary's cells, and each of those holds the same figure
        assert SUMMARY_CELL.sub("S", old) == SUMMARY_CELL.sub("S", new)
        assert len(old_cells) == len(new_cells)
        for a, b in zip(old_cells, new_cells, strict=True):
            assert a != b
            assert before["Сводка"][a].value == after["Сводка"][b].value is not None, (new, b)
            pointed += 1
    assert pointed == 23


def test_libreoffice_recalculates_the_moved_checks_to_true(soffice, sqlite_url, tmp_path, monkeypatch):  # noqa: F811
    from ledger.db.engine import make_engine, upgrade

    engine = make_engine(sqlite_url)
    upgrade(engine)
    book = build_worked_book(engine)
    sections = summary.SECTIONS
    monkeypatch.setattr(summary, "SECTIONS", (aside, *sections[:4], aside, *sections[4:]))
    path = tmp_path / "audit.xlsx"
    write_audit_workbook(engine, book, path)
    engine.dispose()
    outdir = tmp_path / "xlsx"
    done = convert(soffice, path, "xlsx", outdir)
    assert done.returncode == 0, done.stderr
    rows = CalamineWorkbook.from_path(str(outdir / "audit.xlsx")).get_sheet_by_name("Проверки").to_python()
    assert len(rows) == 17
    for label, value, expected, holds in rows[1:]:
        assert value == expected and holds is True, label


def test_a_grid_names_a_figure_or_a_row_of_figures():
    writer = WorkbookWriter("en")
    g = Grid(writer, "Their sheet", (20, 20, 20))
    g.add(g.data("title"))
    g.add(g.data("one figure"), g.value(MONEY, 1), ref="one")
    g.add(g.data("a row"), g.value(MONEY, 2), g.value(MONEY, 3), ref="row", fields=("left", "right"))
    g.add(g.data("in column C"), None, g.value(MONEY, 4), ref="third", ref_col=3)
    assert dict(g.refs) == {"one": "'Their sheet'!B2", "row.left": "'Their sheet'!B3",
                            "row.right": "'Their sheet'!C3", "third": "'Their sheet'!C4"}


def test_a_book_under_rules_not_in_force_says_so_above_the_figures_of_the_workbook_and_the_disclosure(engine, tmp_path):
    from conftest import new_book

    from ledger.reports.disclosure import write_disclosure
    from ledger.rules.profiles import BUILT_IN

    derived = new_book(engine, profile=BUILT_IN["kz-2012"], code="derived")
    in_force = new_book(engine, code="in-force")
    for lang, words in (("ru", "по правилам, выведенным из прежней редакции закона; сверьте с действующим законом"),
                        ("kk", "заңның бұрынғы редакциясынан шығарылған ережелер бойынша; қолданыстағы заңмен "
                               "салыстырыңыз"),
                        ("en", "under rules derived from an older text of the law; check against the law in force")):
        for book, said in ((derived, words), (in_force, None)):
            path = tmp_path / f"{book.code}-{lang}.xlsx"
            write_audit_workbook(engine, book, path, lang=lang, verify=False)
            summary_rows = list(load_workbook(path, read_only=True).worksheets[0].values)
            caveats = [row[1] for row in summary_rows if row and row[0] in ("Оговорка о правилах", "Note on the rules",
                                                                      "Ережелер туралы ескерту")]
            assert caveats == ([said] if said else [])
            disclosure = tmp_path / f"{book.code}-{lang}.csv"
            write_disclosure(engine, book, disclosure, lang=lang)
            assert (said in disclosure.read_text(encoding="utf-8-sig")) if said else True
