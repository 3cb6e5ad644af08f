"""The public disclosure: who gave the fund how much, fit to publish.

The commission publishes each fund's total and its sources; a party that wants to show more
publishes its donors. This file is that list and nothing else: totals per source, and every
gift the fund accepted (its net accepted part: a gift over a cap shows only what was taken,
a gift held back or reversed does not appear) with the donor's name as on its receipt, the
date and the amount. An IIN reveals a person's birth date and sex, so it shows at most its
last four digits (``ledger.ids.mask``); a BIN is public and shown whole. No raw rows, no
evidence texts, no addresses: nothing from the import that could carry personal data slips in.

The gifts come from ``registers.accepted_gifts``, the same query the audit workbook's figures
rest on, so the published totals equal ``fund_status`` to the tiyn. CSV is written for Excel
in a Russian locale: UTF-8 with a BOM, ``;`` between fields, a decimal comma.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from ledger import ids
from ledger.errors import LedgerError
from ledger.journal.engine import BookInfo
from ledger.money import Money
from ledger.reports import registers as reg
from ledger.reports.audit import (
    DATE,
    INT,
    MONEY,
    TEXT,
    Column,
    Table,
    WorkbookWriter,
    clean_text,
    is_formula_like,
)
from ledger.reports.i18n import Labels

SOURCE_ROLES = ("own_funds", "voluntary_individuals", "voluntary_organisations")


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


def write_disclosure(engine: Engine, book: BookInfo, path: str | Path, lang: str = "ru") -> DisclosureSummary:
    """Write the disclosure of ``book`` to ``path``; .xlsx or .csv by its suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise LedgerError(f"{path}: the disclosure is written as .xlsx or .csv, not {suffix or 'no suffix'!r}")
    labels = Labels(lang)
    with engine.connect() as conn, conn.begin():
        totals = _totals(conn, book)
        gifts = reg.accepted_gifts(conn, book)
        if suffix == ".csv":
            count = _write_csv(path, labels, totals, gifts)
        else:
            count = _write_xlsx(path, labels, book, totals, gifts)
    return DisclosureSummary(path, count, totals)


def _totals(conn, book: BookInfo) -> dict[str, Money]:
    from ledger.reports.status import balances_by_role

    balances = balances_by_role(conn, book.id)
    totals = {role: Money(-balances[role]) for role in SOURCE_ROLES}
    totals["all"] = Money(-balances["fund_sources"])
    return totals


def _source_label(labels: Labels, role: str) -> str:
    return labels[f"disclosure.source.{role}"]


def _csv_text(value: str | None) -> str:
    """CSV has no cell types: a field that a spreadsheet would read as a formula gets the
    apostrophe Excel itself puts before such text."""
    if value is None:
        return ""
    text = clean_text(value)
    return "'" + text if is_formula_like(text) else text


def _csv_money(m: Money) -> str:
    return m.machine().replace(".", ",")


def _write_csv(path: Path, labels: Labels, totals: dict[str, Money], gifts) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        out.writerow([labels["col.section"], labels["col.source"], labels["col.donor"], labels["col.id_number"],
                      labels["col.date"], labels["col.amount"]])
        for role in (*SOURCE_ROLES, "all"):
            out.writerow([labels["disclosure.total"], _source_label(labels, role), "", "", "", _csv_money(totals[role])])
        for gift in gifts:
            out.writerow([labels["disclosure.gift"], _source_label(labels, gift.source_role),
                          _csv_text(gift.donor_name), published_id(gift.donor_id_number) or "",
                          f"{gift.day:%d.%m.%Y}", _csv_money(gift.accepted)])
            count += 1
    return count


def _write_xlsx(path: Path, labels: Labels, book: BookInfo, totals: dict[str, Money], gifts) -> int:
    w = WorkbookWriter(labels.lang)
    summary = Table(w, labels["sheet.totals"], (Column("col.source", TEXT, 48), Column("col.amount", MONEY, 20)))
    for role in (*SOURCE_ROLES, "all"):
        summary.append((_source_label(labels, role), totals[role]))
    summary.append((book.party, None))
    summary.append((labels["disclosure.note"], None))
    summary.close()
    table = Table(w, labels["sheet.gifts"], (
        Column("col.row_no", INT, 8), Column("col.date", DATE, 12), Column("col.source", TEXT, 40),
        Column("col.donor", TEXT, 44), Column("col.id_number", TEXT, 15), Column("col.amount", MONEY, 20)))
    count = 0
    for gift in gifts:
        count += 1
        table.append((count, gift.day, _source_label(labels, gift.source_role), gift.donor_name,
                      published_id(gift.donor_id_number), gift.accepted))
    table.close()
    w.save(path)
    return count
