"""A register as a page: the lines a report query returns, filtered by what the reader typed
and cut into pages. Nothing is computed about money here; the lines are
``reports.registers.register_lines`` and ``reports.journal.journal_lines`` as they come.

Filters: ``q``, text that the donor's (or payee's) name, IIN/BIN, memo, source file or the
entry's kind contains, case-insensitive; ``from`` and ``to``, dates (YYYY-MM-DD) the entry's
date lies within; ``outcome`` for receipts (posted, split, held, reversal, correction).
A register is read from the journal in one pass and paged after filtering, so the page
numbers count only the lines that match."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ledger.core.errors import UsageError
from ledger.i18n import _
from ledger.reports.journal import journal_lines
from ledger.reports.registers import REGISTERS, register_lines

JOURNAL = "journal"
PAGES = (*REGISTERS, JOURNAL)
PER_PAGE = 50


@dataclass(frozen=True)
class Filter:
    text: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    outcome: str = ""
    page: int = 1

    def query(self, **change) -> dict:
        """The filter as query arguments (for the links to other pages of the same register)."""
        values = {"q": self.text, "from": self.since.isoformat() if self.since else "",
                  "to": self.until.isoformat() if self.until else "", "outcome": self.outcome, "page": self.page}
        values.update(change)
        return {k: v for k, v in values.items() if v not in ("", None)}


def _date(args, name: str) -> dt.date | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(_("{name} {text!r} is not a date: write it as YYYY-MM-DD").format(name=name, text=text)) from None


def filter_from(args) -> Filter:
    page = args.get("page", "1")
    if not page.isdigit() or int(page) < 1:
        raise UsageError(_("page {page!r}: give a page number from 1").format(page=page))
    return Filter((args.get("q") or "").strip(), _date(args, "from"), _date(args, "to"),
                  (args.get("outcome") or "").strip(), int(page))


def _matches(flt: Filter, day: dt.date, outcome: str, *texts) -> bool:
    if flt.since and day < flt.since or flt.until and day > flt.until:
        return False
    if flt.outcome and outcome != flt.outcome:
        return False
    needle = flt.text.casefold()
    return not needle or any(needle in str(t).casefold() for t in texts if t)


@dataclass(frozen=True)
class Page:
    lines: list
    number: int
    pages: int
    matched: int


def register_page(conn, book, register: str, flt: Filter) -> Page:
    if register == JOURNAL:
        lines = [e for e in journal_lines(conn, book)
                 if _matches(flt, e.entry_date, e.kind, e.memo, e.kind, e.source,
                             *(p.donor for p in e.postings), *(p.account_name for p in e.postings))]
    else:
        lines = [r for r in register_lines(conn, book, [register])
                 if _matches(flt, r.day, r.outcome, r.donor_name, r.donor_id_number, r.kind, r.source_file,
                             r.details.get("payee"), r.details.get("purpose"), r.candidate, r.findings)]
    pages = max(1, -(-len(lines) // PER_PAGE))
    number = min(flt.page, pages)
    return Page(lines[(number - 1) * PER_PAGE: number * PER_PAGE], number, pages, len(lines))
