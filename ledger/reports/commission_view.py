"""The commission's view: every fund of one election side by side, as the commission
publishes them (one column per party, the rows of its report, a total), and a published table
of totals held against the books.

The rows are those of one fund's commission report (``sheets.commission.headline_rows``): 1
received, 1.1 own funds, 1.2 voluntary contributions (1.3 the nominating association's funds
when a fund has them), 2 spent, 3 the balance. A published table is a CSV (or xlsx) in the same
layout: a first column of row numbers (``№``), then one column per party, headed with the
party's name as its book gives it, and optionally a total column; amounts in tenge, as
"51 260 000,00" or "51260000.00". Every published figure the books give otherwise is a
difference; so is a party the books do not have.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from ledger.books import list_books
from ledger.core.errors import AmountError, InputFileError, LedgerError
from ledger.core.money import Money
from ledger.core.types import BookInfo
from ledger.db.engine import snapshot
from ledger.i18n import _
from ledger.importers.readers import open_spreadsheet
from ledger.reports.sheets.commission import headline_rows
from ledger.reports.status import fund_status
from ledger.reports.xlsx import MONEY, TEXT, Grid, WorkbookWriter

TOTAL = "total"


@dataclass(frozen=True)
class CommissionView:
    election: str
    books: tuple[BookInfo, ...]
    rows: tuple[tuple[str, str], ...]               # (row number, label key), in the report's order
    figures: dict[str, dict[str, Money]]            # book code -> row -> amount

    def total(self, row: str) -> Money:
        return sum((f.get(row, Money(0)) for f in self.figures.values()), Money(0))

    def as_json(self) -> dict:
        return {"election": self.election, "rows": [r for r, _ in self.rows],
                "books": [{"book": b.code, "party": b.party,
                           "figures": {r: self.figures[b.code].get(r, Money(0)).machine() for r, _ in self.rows}}
                          for b in self.books],
                "total": {r: self.total(r).machine() for r, _ in self.rows}}


@dataclass(frozen=True)
class Difference:
    row: str
    party: str
    published: Money
    books: Money | None       # None: the books have no such party

    def as_json(self) -> dict:
        return {"row": self.row, "party": self.party, "published": self.published.machine(),
                "books": None if self.books is None else self.books.machine()}


def commission_view(engine: Engine, election: str | None = None) -> CommissionView:
    """The funds of ``election`` (the books' election name); the only election when None."""
    with snapshot(engine) as conn:
        books = list_books(conn)
        elections = sorted({b.election for b in books})
        if election is None:
            if len(elections) != 1:
                raise LedgerError(_("choose the election with --election ({elections})").format(
                    elections=", ".join(elections) or "-"), code="ELECTION_NOT_CHOSEN")
            election = elections[0]
        chosen = tuple(b for b in books if b.election == election)
        if not chosen:
            raise LedgerError(_("no book of the election {election!r} (elections: {elections})").format(
                election=election, elections=", ".join(elections) or "-"), code="ELECTION_UNKNOWN")
        statuses = {b.code: fund_status(conn, b) for b in chosen}
    rows: dict[str, str] = {}
    figures: dict[str, dict[str, Money]] = {}
    for code, status in statuses.items():
        heads = headline_rows(status)
        rows.update((h.row, h.label) for h in heads)
        figures[code] = {h.row: h.amount for h in heads}
    order = sorted(rows, key=lambda r: tuple(int(p) for p in r.split(".")))
    return CommissionView(election, chosen, tuple((r, rows[r]) for r in order), figures)


def write_commission_report(view: CommissionView, path: str | Path, lang: str = "ru") -> Path:
    path = Path(path)
    writer = WorkbookWriter(lang)
    L = writer.labels
    g = Grid(writer, L["sheet.commission"], (8, 52, *([24] * (len(view.books) + 1))))
    s = g.styles
    g.add(g.label("commission.title", s.title))
    g.add(None, g.label("summary.election", s.bold[TEXT]), g.data(view.election))
    g.add()
    header = g.add(*g.header("col.row_no", "col.indicator"), *(g.header_text(b.party) for b in view.books),
                   *g.header("summary.total"))
    for row, label in view.rows:
        top = "." not in row
        g.add(g.data(row), g.label(label, s.bold[TEXT] if top else None),
              *(g.value(MONEY, view.figures[b.code].get(row, Money(0)), bold=top) for b in view.books),
              g.value(MONEY, view.total(row), bold=True))
    g.add()
    shown = {row for row, _label in view.rows}
    g.add(None, g.note(L["commission.view_note" if "1.3" in shown else "commission.view_note_no_association"]))
    g.ws.row_dimensions[header].height = 32     # room for a party's name on two lines
    g.write(freeze=f"C{header + 1}", header_row=header)
    g.ws.page_setup.orientation = "landscape"
    writer.save(path)
    return path


def compare_published(view: CommissionView, path: Path, total_words=("итого", "всего", "барлығы", "total")) -> list[Difference]:
    """The published figures of ``path`` that the books give otherwise."""
    sheet = open_spreadsheet(path)
    rows = [r for r in sheet.rows(sheet.sheet_names[0]) if any(c not in (None, "") for c in r.cells)]
    if not rows:
        raise InputFileError(_("{file}: the published table is empty").format(file=path.name))
    head = [str(c or "").strip() for c in rows[0].cells]
    by_party = {b.party.strip().casefold(): b for b in view.books}
    known_rows = {r for r, _ in view.rows}
    out = []
    for row in rows[1:]:
        number = str(row.cells[0] or "").strip().rstrip(".")
        if number not in known_rows:
            raise InputFileError(_("{file}, row {row}: {number!r} is not a row of the commission's report ({rows})").format(
                file=path.name, row=row.number, number=number, rows=", ".join(known_rows)))
        for column, party in enumerate(head[1:], start=1):
            cell = row.cells[column] if column < len(row.cells) else None
            if cell in (None, "") or not party:
                continue
            try:
                published = Money.of(cell)
            except AmountError as exc:
                raise InputFileError(_("{file}, row {row}, column {party!r}: {value!r} is not an amount in tenge").format(
                    file=path.name, row=row.number, party=party, value=cell)) from exc
            key = party.casefold()
            if key in total_words:
                books = view.total(number)
            elif key in by_party:
                books = view.figures[by_party[key].code].get(number, Money(0))
            else:
                out.append(Difference(number, party, published, None))
                continue
            if books != published:
                out.append(Difference(number, party, published, books))
    return out
