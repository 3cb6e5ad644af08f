"""The Summary sheet: the fund on one page, from the caps down to the money available.

Its figures are the ones ``fundledger status`` prints (``fund_status``), beside the registers'
own sums (receipts by source, summed while the registers were written) and the accounts'
balances. The sheet is a list of sections (``SECTIONS``), each adding its rows in turn, so a
section can move or a row be added without any other sheet knowing: every figure another
sheet points at is named when it is written (``Grid.add(ref=...)``) and the builder returns
the grid, whose ``refs`` say where each one landed. The Checks sheet reads them from there.

Names of the figures (each a sheet-qualified cell, e.g. ``'Сводка'!C14``):
``cap.<own|association|voluntary|total>.<limit|accepted|headroom|percent>`` (a cap of each of the
book's sources);
``by_source.<gifts|received|accepted|owed>``, the total of the receipts by source;
``owed.<arose|paid|moved|outstanding>``, the total of the money owed back;
``spent``, ``bank``, ``available``, ``made_at``, ``tip_digest``.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ledger.core.money import Money
from ledger.journal.chart import BY_ROLE
from ledger.reports import registers as reg
from ledger.reports.i18n import catalogue_words, problem_words, rules_caveat, whose
from ledger.reports.sheets import Audit
from ledger.reports.status import FundStatus
from ledger.reports.xlsx import DATETIME, INT, MONEY, PERCENT, TEXT, Grid, bar_chart

WIDTHS = (44, 20, 20, 20, 20, 14)


@dataclass(frozen=True)
class ChainState:
    """What the summary says of the hash chain: its tip, and whether it was re-proved."""

    tip_seq: int
    tip_digest: str
    verified: bool | None          # None: not re-verified, the tip is the last stored hash
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class SummaryFacts:
    """What the sections lay out, gathered before the first row."""

    audit: Audit
    status: FundStatus
    chain: ChainState
    by_source: reg.ReceiptsBySource
    made_at: dt.datetime


class Chart(NamedTuple):
    """A bar chart below the summary, of the table from ``header_row`` to ``last_row``: column
    A names the bars, column ``bars`` holds their money, column ``cap`` the cap they are held
    against. A chart of one bar says nothing the table does not: a section makes none."""

    title: str      # a label key
    bars: int
    header_row: int
    last_row: int
    horizontal: bool = False
    cap: int | None = None


Section = Callable[[Grid, SummaryFacts], Sequence[Chart]]


def summary_sheet(audit: Audit, status: FundStatus, chain: ChainState, by_source: reg.ReceiptsBySource,
                  made_at: dt.datetime) -> Grid:
    """Write the summary as the workbook's first sheet; the grid's ``refs`` name its figures."""
    g = Grid(audit.writer, audit.labels["sheet.summary"], WIDTHS, first=True)
    facts = SummaryFacts(audit, status, chain, by_source, made_at)
    charts = [chart for section in SECTIONS for chart in section(g, facts)]
    g.write()
    below = g.next_row + 1
    for c in charts:
        below = bar_chart(g.ws, audit.labels[c.title], c.bars, c.header_row, c.last_row, below, audit.labels.lang,
                          c.horizontal, c.cap)
    return g


def _heading(g: Grid, f: SummaryFacts) -> Sequence[Chart]:
    s, book, p = g.styles, f.audit.book, f.audit.book.profile
    bold = s.bold[TEXT]
    g.add(g.label("summary.title", s.title))
    lang = f.audit.labels.lang
    g.add(g.label(whose("summary.party", p), bold), g.data(book.party), span=True)
    g.add(g.label("summary.election", bold), g.data(book.election), span=True)
    g.add(g.label("summary.book", bold), g.data(book.code), span=True)
    g.add(g.label("summary.profile", bold), g.data(p.code), g.data(catalogue_words(p.title, lang)), span=True)
    g.add(g.label("summary.base", bold), g.value(MONEY, p.base_amount), g.data(catalogue_words(p.base_name, lang)),
          span=True)
    g.add(g.label("summary.profile_status", bold), g.data(catalogue_words(p.status, lang)), span=True)
    caveat = rules_caveat(p, lang)
    if caveat:   # rules not known to be in force: said at the top, where the caps are read
        g.add(g.label("summary.caveat", s.flagged[TEXT]), g.data(caveat), span=True)
    g.add(g.label("summary.legal_reference", bold), g.data(catalogue_words(p.legal_reference, lang)), span=True)
    g.add(g.label("summary.made_at", bold), g.value(DATETIME, f.made_at), ref="made_at")
    chain = f.chain
    g.add(g.label("summary.tip", bold), g.value(INT, chain.tip_seq), g.data(chain.tip_digest),
          ref="tip_digest", ref_col=3, span=True)
    verdict = ("summary.not_verified" if chain.verified is None
               else "summary.verified_ok" if chain.verified else "summary.verified_failed")
    g.add(g.label("summary.verified", bold),
          g.label(verdict, s.plain[TEXT] if chain.verified is not False else s.flagged[TEXT]), span=True)
    for problem in chain.problems[:10]:
        g.add(None, g.data(problem_words(problem, lang)), span=True)
    g.add()
    return ()


def _caps(g: Grid, f: SummaryFacts) -> Sequence[Chart]:
    status = f.status
    header = g.add(*g.header("summary.caps", "summary.limit", "summary.accepted",
                             "summary.headroom", "summary.percent"))
    for key, cap in status.caps:
        flagged = cap.headroom.is_negative
        g.add(g.label(f"cap.{key}"), g.value(MONEY, cap.limit), g.value(MONEY, cap.accepted, flagged=flagged),
              g.value(MONEY, cap.headroom, flagged=flagged), g.value(PERCENT, cap.percent / 100),
              ref=f"cap.{key}", fields=("limit", "accepted", "headroom", "percent"))
    last = g.next_row - 1
    g.add()
    return (Chart("chart.caps", 3, header, last, cap=2),)


def _account(g: Grid, role: str, indent: str = "", profile=None):
    """The account's code and name; given the book's ``profile``, a candidate's fund names the
    candidate where the chart's name says the party."""
    spec = BY_ROLE[role]
    return g.data(f"{indent}{spec.code} {g.writer.labels.account_named(spec, profile)}")


def _money_row(g: Grid, label, figures: Sequence[Any], kinds: Sequence[str], bold: bool = False,
               flagged: Sequence[bool] = (), ref: str | None = None, fields: Sequence[str] = ()) -> int:
    flags = tuple(flagged) or (False,) * len(figures)
    return g.add(label, *(g.value(kind, v, bold=bold, flagged=fl) for kind, v, fl in zip(kinds, figures, flags)),
                 ref=ref, fields=fields)


def _by_source(g: Grid, f: SummaryFacts) -> Sequence[Chart]:
    """Receipts by source: from the registers as they were written, so the counts are their
    receipts and each row's money adds up (received = accepted + owed back)."""
    s, by_source = g.styles, f.by_source
    g.add(g.label("summary.by_source", s.section))
    g.add(*g.header("col.source", "summary.gifts", "col.received", "col.accepted", "col.owed"))
    kinds = (INT, MONEY, MONEY, MONEY)
    _money_row(g, _account(g, "own_funds", profile=f.audit.book.profile), by_source["own_funds"], kinds)
    if f.audit.book.profile.has_source(reg.ASSOCIATION_FUNDS):
        _money_row(g, _account(g, reg.ASSOCIATION_FUNDS), by_source[reg.ASSOCIATION_FUNDS], kinds)
    _money_row(g, _account(g, "voluntary"), by_source.total(*reg.ReceiptsBySource.VOLUNTARY), kinds)
    _money_row(g, _account(g, "voluntary_individuals", "  "), by_source["voluntary_individuals"], kinds)
    _money_row(g, _account(g, "voluntary_organisations", "  "), by_source["voluntary_organisations"], kinds)
    _money_row(g, g.label("summary.unidentified"), by_source[reg.UNIDENTIFIED], kinds)
    _money_row(g, g.label("summary.total", s.bold[TEXT]), by_source.total(), kinds, bold=True,
               ref="by_source", fields=("gifts", "received", "accepted", "owed"))
    for line in g.writer.labels["summary.by_source_note"].splitlines():
        g.add(g.note(line))
    g.add()
    return ()


def _owed(g: Grid, f: SummaryFacts) -> Sequence[Chart]:
    """Money owed back, per liability: what arose, was paid, moved into the fund, is still owed."""
    s = g.styles
    g.add(g.label("summary.owed", s.section))
    g.add(*g.header("col.owed_to", "summary.arose", "summary.paid", "summary.moved", "summary.outstanding"))
    totals = [Money(0)] * 4
    for owed in reg.owed_back(f.audit.conn, f.audit.book):
        figures = owed[1:]
        totals = [t + x for t, x in zip(totals, figures)]
        _money_row(g, _account(g, owed.role, profile=f.audit.book.profile), figures, (MONEY,) * 4,
                   flagged=(False,) * 3 + (owed.outstanding.is_positive,))
    _money_row(g, g.label("summary.total", s.bold[TEXT]), totals, (MONEY,) * 4, bold=True,
               ref="owed", fields=("arose", "paid", "moved", "outstanding"))
    g.add()
    return ()


def _spending_by_category(g: Grid, f: SummaryFacts) -> Sequence[Chart]:
    L, s = g.writer.labels, g.styles
    g.add(g.label("summary.spending_by_category", s.section))
    header = g.add(*g.header("col.category", "summary.amount", "summary.commission_row"))
    bars = 0
    for spec, amount in reg.spending_by_category(f.audit.conn, f.audit.book):
        g.add(g.data(f"{spec.code} {L.account(spec.name_ru, spec.name_en)}"), g.value(MONEY, amount),
              g.data(spec.commission_row))
        bars += bool(amount)
    last = g.next_row - 1
    g.add(g.label("summary.spent_total", s.bold[TEXT]), g.value(MONEY, f.status.spent, bold=True), ref="spent")
    g.add()
    return (Chart("chart.spending", 2, header, last, horizontal=True),) if bars > 1 else ()


def _spending_by_candidate(g: Grid, f: SummaryFacts) -> Sequence[Chart]:
    g.add(g.label("summary.spending_by_candidate", g.styles.section))
    header = g.add(*g.header("col.candidate", "summary.amount"))
    bars = 0
    for name, amount in reg.spending_by_candidate(f.audit.conn, f.audit.book):
        g.add(g.data(name) if name else g.label("summary.no_candidate"), g.value(MONEY, amount))
        bars += bool(amount)
    last = g.next_row - 1
    g.add()
    return (Chart("chart.candidates", 2, header, last, horizontal=True),) if bars > 1 else ()


def _open_findings(g: Grid, f: SummaryFacts) -> Sequence[Chart]:
    profile = f.audit.book.profile
    g.add(g.label("summary.open_findings", g.styles.section))
    g.add(*g.header("col.rule", "summary.count", "summary.amount", "col.article"))
    open_rules = reg.open_findings_by_rule(f.audit.conn, f.audit.book)
    for rule, count, amount in open_rules:
        g.add(g.data(rule), g.value(INT, count, flagged=True), g.value(MONEY, amount, flagged=True),
              g.data(catalogue_words(profile.article(rule), g.writer.labels.lang)), span=True)
    if not open_rules:
        g.add(g.label("summary.no_findings"))
    g.add()
    return ()


def _money_at_hand(g: Grid, f: SummaryFacts) -> Sequence[Chart]:
    bold = g.styles.bold[TEXT]
    g.add(g.label("summary.bank_balance", bold), g.value(MONEY, f.status.bank_balance), ref="bank")
    g.add(g.label("summary.available", bold), g.value(MONEY, f.status.available), ref="available")
    return ()


SECTIONS: tuple[Section, ...] = (_heading, _caps, _by_source, _owed, _spending_by_category,
                                 _spending_by_candidate, _open_findings, _money_at_hand)
"""The summary's sections, top to bottom."""
