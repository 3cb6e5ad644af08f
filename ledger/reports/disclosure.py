"""The public disclosure: who gave the fund how much, what it was spent on, fit to publish.

The commission publishes each fund's total and its sources; a party that wants to show more
publishes its donors. This file is what an observer needs to follow the money and nothing
else: totals per source; the spending by category (with the commission's report row); the
money owed back (to donors, to the budget, to the party): what arose, what was paid back, what
was moved into the fund once its donor was identified and what is still owed; and every
gift the fund accepted (its net accepted part: a gift over a cap shows only what was taken,
a gift held back or reversed does not appear) with the donor's name as on its receipt, the
date and the amount. An IIN reveals a person's birth date and sex, so it shows at most its
last four digits (``ledger.core.ids.mask``); a BIN is public and shown whole. No raw rows, no
evidence texts, no addresses: nothing from the import that could carry personal data slips in.

Both formats open with the same heading, above the table: the party, the election, the day
the file was made and the masking note, so a copy passed on still says whose fund it shows
and as of when. The party's own funds are listed among the gifts, labelled as its own funds,
never as a donation.

The gifts come from ``registers.accepted_gifts``, the spending and the money owed back from
``registers.spending_by_category`` and ``registers.owed_back``, the queries the audit
workbook's figures rest on, so the published totals equal ``fund_status`` to the tiyn. CSV is
written for Excel in a Russian locale, which opens it with a double click: UTF-8 with a BOM,
``;`` between fields, a decimal comma and no grouping (a number, not text), dates dd.mm.yyyy;
each table under its own header row, a blank line between them.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from ledger.core import ids
from ledger.core.errors import LedgerError
from ledger.core.money import Money
from ledger.core.types import BookInfo
from ledger.i18n import _
from ledger.journal.chart import BY_ROLE, chart_for
from ledger.reports import registers as reg
from ledger.reports.i18n import Labels, rules_caveat, whose
from ledger.reports.status import balances_by_role
from ledger.reports.xlsx import (
    DATE,
    INT,
    MONEY,
    TEXT,
    Column,
    Grid,
    Table,
    WorkbookWriter,
    clean_text,
    is_formula_like,
)


def source_roles(book: BookInfo) -> tuple[str, ...]:
    """The accounts money is accepted into, in the chart's order: those of the book's sources."""
    return tuple(spec.role for spec in chart_for(book.profile.source_codes) if spec.type == "source" and spec.postable)


@dataclass(frozen=True)
class DisclosureSummary:
    path: Path
    gifts: int
    totals: dict[str, Money]     # per source role, and "all"


def published_id(id_number: str | None) -> str | None:
    """A BIN whole; anything else (an IIN, an unreadable number) masked to its last four."""
    if not id_number:
        return None
    parsed = ids.IdNumber(id_number, ids.is_valid(id_number)) if len(id_number) == 12 and id_number.isdigit() else None
    if parsed is not None and parsed.valid and not parsed.is_person:
        return parsed.digits
    return ids.mask(id_number) if len(id_number) > 4 else "*" * len(id_number)


def write_disclosure(engine: Engine, book: BookInfo, path: str | Path, lang: str = "ru",
                     made_on: dt.date | None = None) -> DisclosureSummary:
    """Write the disclosure of ``book`` to ``path``; .xlsx or .csv by its suffix. ``made_on``
    (default today) is the date its heading says it was made."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise LedgerError(_("{path}: the disclosure is written as .xlsx or .csv, not {suffix!r}").format(
            path=path, suffix=suffix or _("no suffix")))
    labels = Labels(lang)
    heading = _Heading(labels, book, made_on or dt.date.today())
    with engine.connect() as conn, conn.begin():
        totals = _totals(conn, book)
        figures = _Figures(_spending(labels, reg.spending_by_category(conn, book)),
                           _owed(labels, reg.owed_back(conn, book), book.profile))
        gifts = reg.accepted_gifts(conn, book)
        if suffix == ".csv":
            count = _write_csv(path, labels, heading, totals, figures, gifts)
        else:
            count = _write_xlsx(path, labels, heading, totals, figures, gifts)
    return DisclosureSummary(path, count, totals)


@dataclass(frozen=True)
class _Figures:
    """The spending and the money owed back, as rows of the tables both formats print: a
    label, then its figures; the last row is the total."""

    spending: list[tuple[str, str, Money]]                 # category, commission row, amount
    owed: list[tuple[str, Money, Money, Money, Money]]     # owed to, arose, paid, moved, outstanding

    SPENDING_HEADER = ("col.category", "col.commission_row", "col.amount")
    OWED_HEADER = ("col.owed_to", "summary.arose", "summary.paid", "summary.moved", "summary.outstanding")


def _spending(labels: Labels, rows) -> list[tuple[str, str, Money]]:
    lines = [(f"{spec.code} {labels.account(spec.name_ru, spec.name_en)}", spec.commission_row, amount)
             for spec, amount in rows]
    return lines + [(labels["summary.spent_total"], "", Money(sum(m.tiyn for *_, m in lines)))]


def _owed(labels: Labels, rows, profile) -> list[tuple[str, Money, Money, Money, Money]]:
    lines = []
    for owed in rows:
        spec = BY_ROLE[owed.role]
        lines.append((f"{spec.code} {labels.account_named(spec, profile)}", *owed[1:]))
    sums = [Money(sum(line[i].tiyn for line in lines)) for i in range(1, 5)]
    return lines + [(labels["summary.total"], *sums)]


@dataclass(frozen=True)
class _Heading:
    """What the file is: its title, then (label, value) lines, then the masking note."""

    labels: Labels
    book: BookInfo
    made_on: dt.date

    @property
    def title(self) -> str:
        return self.labels["disclosure.title"]

    @property
    def lines(self) -> tuple[tuple[str, str | dt.date], ...]:
        L = self.labels
        caveat = rules_caveat(self.book.profile, L.lang)
        return ((L[whose("summary.party", self.book.profile)], self.book.party),
                (L["summary.election"], self.book.election),
                (L["disclosure.made_on"], self.made_on)) + (((L["summary.caveat"], caveat),) if caveat else ())

    @property
    def note(self) -> str:
        return self.labels["disclosure.note"]


def _totals(conn, book: BookInfo) -> dict[str, Money]:
    balances = balances_by_role(conn, book.id)
    totals = {role: Money(-balances[role]) for role in source_roles(book)}
    totals["all"] = Money(-balances["fund_sources"])
    return totals


def _source_label(labels: Labels, role: str, profile) -> str:
    """The source's name; in a candidate's fund, own funds are the candidate's."""
    return labels[whose(f"disclosure.source.{role}", profile)]


def _csv_text(value: str | None) -> str:
    """CSV has no cell types: a field that a spreadsheet would read as a formula gets the
    apostrophe Excel itself puts before such text."""
    if value is None:
        return ""
    text = clean_text(value)
    return "'" + text if is_formula_like(text) else text


def _csv_money(m: Money) -> str:
    return m.machine().replace(".", ",")


def _section(labels: Labels, role: str) -> str:
    """What a gift's line is: a donation, or the party's own funds."""
    return labels["disclosure.gift" if role.startswith("voluntary") else f"disclosure.{role}"]


def _write_csv(path: Path, labels: Labels, heading: _Heading, totals: dict[str, Money], figures: _Figures,
               gifts) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        out.writerow([heading.title])
        for label, value in heading.lines:
            out.writerow([label, f"{value:%d.%m.%Y}" if isinstance(value, dt.date) else _csv_text(value)])
        out.writerow([heading.note])
        out.writerow([])
        out.writerow([labels["col.section"], labels["col.source"], labels[whose("disclosure.from", heading.book.profile)],
                      labels["col.id_number"],
                      labels["col.date"], labels["col.amount"]])
        for role in totals:   # each source's, then "all"
            out.writerow([labels["disclosure.total"], _source_label(labels, role, heading.book.profile), "", "", "",
                          _csv_money(totals[role])])
        for gift in gifts:
            out.writerow([_section(labels, gift.source_role),
                          _source_label(labels, gift.source_role, heading.book.profile),
                          _csv_text(gift.donor_name), published_id(gift.donor_id_number) or "",
                          f"{gift.day:%d.%m.%Y}", _csv_money(gift.accepted)])
            count += 1
        for header, rows in ((figures.SPENDING_HEADER, figures.spending), (figures.OWED_HEADER, figures.owed)):
            out.writerow([])
            out.writerow([labels[key] for key in header])
            for label, *cells in rows:
                out.writerow([label, *(_csv_money(c) if isinstance(c, Money) else c for c in cells)])
    return count


def _write_xlsx(path: Path, labels: Labels, heading: _Heading, totals: dict[str, Money], figures: _Figures,
                gifts) -> int:
    w = WorkbookWriter(labels.lang)
    summary = Grid(w, labels["sheet.totals"], (48, 20, 20, 20, 20))
    bold = summary.styles.bold[TEXT]
    summary.add(summary.label(heading.title, summary.styles.title, translate=False))
    for label, value in heading.lines:
        summary.add(summary.label(label, bold, translate=False),
                    summary.value(DATE, value) if isinstance(value, dt.date) else summary.data(value),
                    span=not isinstance(value, dt.date))
    heading_rows = summary.add(summary.note(heading.note))
    summary.add()
    summary.add(summary.label("disclosure.receipts", summary.styles.section))
    summary.add(*summary.header("col.source", "col.amount"))
    for role in totals:   # each source's, then "all"
        last = role == "all"
        summary.add(summary.label(_source_label(labels, role, heading.book.profile), bold if last else None,
                                  translate=False),
                    summary.value(MONEY, totals[role], bold=last))
    for title, header, rows in (("disclosure.spending", figures.SPENDING_HEADER, figures.spending),
                                ("disclosure.owed", figures.OWED_HEADER, figures.owed)):
        summary.add()
        summary.add(summary.label(title, summary.styles.section))
        summary.add(*summary.header(*header))
        for i, (label, *cells) in enumerate(rows):
            last = i == len(rows) - 1
            summary.add(summary.label(label, bold if last else None, translate=False),
                        *(summary.value(MONEY, c, bold=last) if isinstance(c, Money) else summary.data(c) for c in cells))
    # three tables on one page: no filter; the heading (whose fund, as of when) heads every printed page
    summary.write(title_rows=(1, heading_rows))
    table = Table(w, labels["sheet.gifts"], (
        Column("col.row_no", INT, 8), Column("col.date", DATE, 12), Column("col.source", TEXT, 40),
        Column(whose("disclosure.from", heading.book.profile), TEXT, 44), Column("col.id_number", TEXT, 15),
        Column("col.amount", MONEY, 20)))
    count = 0
    for gift in gifts:
        count += 1
        table.append((count, gift.day, _source_label(labels, gift.source_role, heading.book.profile), gift.donor_name,
                      published_id(gift.donor_id_number), gift.accepted))
    table.close()
    w.save(path)
    return count
