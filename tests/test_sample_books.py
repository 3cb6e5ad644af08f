"""The sample books give exactly the results sample_books/expected.json records: per file the
outcome of every row and the findings by rule, and at the end the fund's figures to the tiyn.
Imported as `fundledger demo` does (sample_books/demo.toml), on SQLite and on PostgreSQL."""
import datetime as dt
import json
import tomllib
from collections import Counter

import pytest
from conftest import new_book
from sqlalchemy import func, select

from ledger import paths
from ledger.core.money import Money
from ledger.db.engine import run_write
from ledger.db.models import Finding, SourceRow
from ledger.importers.lists import read_reference_list, store_reference_list
from ledger.importers.service import import_books
from ledger.journal.verify import verify_book
from ledger.reports.registers import reconciliation
from ledger.reports.status import balances_by_role, fund_status
from ledger.rules.profiles import BUILT_IN

EXPECTED = json.loads((paths.SAMPLE_BOOKS / "expected.json").read_text(encoding="utf-8"))
MANIFEST = tomllib.loads((paths.SAMPLE_BOOKS / "demo.toml").read_text(encoding="utf-8"))


def import_samples(engine, profile=None):
    book = new_book(engine, profile, party=MANIFEST["party"], election=MANIFEST["election"], code=MANIFEST["code"])
    reports = {}
    for step in MANIFEST["steps"]:
        if step["action"] == "lists":
            rows = read_reference_list(paths.SAMPLE_BOOKS / step["file"], step["kind"])
            run_write(engine, lambda conn: store_reference_list(conn, book, step["kind"], rows, step["file"]))
        else:
            (name,) = step["files"]
            reports[name] = import_books(engine, book=book.code, kind=step["kind"],
                                         paths=[paths.SAMPLE_BOOKS / name], all_sheets=step.get("all_sheets", False))
    return engine, book, reports


@pytest.fixture
def imported(engine):
    return import_samples(engine)


def test_with_the_funds_dates_two_rows_fall_outside_its_window(engine):
    """expected.json's window scenario: the fund open 02.07.2007 - 18.08.2007."""
    scenario = EXPECTED["window_scenario"]
    profile = BUILT_IN["kz-2007"].with_window(dt.date.fromisoformat(scenario["window_start"]),
                                              dt.date.fromisoformat(scenario["window_end"]))
    engine, book, reports = import_samples(engine, profile)
    for name, expected in scenario["files"].items():
        assert reports[name].as_json()["totals"]["counts"] == expected["outcomes"], name
    with engine.connect() as conn:
        rules = dict(conn.execute(select(Finding.rule, func.count()).where(Finding.book_id == book.id)
                                  .group_by(Finding.rule)).all())
        s = fund_status(conn, book)
    assert rules == {rule: n for rule, n in scenario["findings"].items() if n}
    assert (s.received.machine(), s.refunds_due.machine(), s.spent.machine()) == (
        scenario["totals"]["received"], scenario["totals"]["refunds_due"], scenario["totals"]["spent"])


def test_every_file_gives_its_expected_outcomes_and_findings(imported):
    engine, book, reports = imported
    for name, expected in EXPECTED["files"].items():
        report = reports[name].as_json()
        assert report["totals"]["counts"] == expected["outcomes"], name
        assert report["totals"]["rows"] == expected["rows"], name
        found = {rule: data["count"] for rule, data in report["findings"].items()}
        assert found == {rule: n for rule, n in expected["findings"].items() if n}, name


def test_the_fund_ends_with_the_expected_figures(imported):
    engine, book, _ = imported
    totals = EXPECTED["totals"]
    with engine.connect() as conn:
        s = fund_status(conn, book)
        by_role = balances_by_role(conn, book.id)
        rules = Counter(dict(conn.execute(select(Finding.rule, func.count()).where(Finding.book_id == book.id)
                                          .group_by(Finding.rule)).all()))
        rows = conn.execute(select(func.count()).select_from(SourceRow).where(SourceRow.book_id == book.id)).scalar_one()
        report = verify_book(conn, book)
    assert (s.received.machine(), s.own_funds.accepted.machine(), s.voluntary.accepted.machine(),
            s.refunds_due.machine(), s.budget_due.machine(), s.party_due.machine(), s.spent.machine(),
            s.bank_balance.machine(), s.available.machine()) == (
        totals["received"], totals["accepted_own_funds"], totals["accepted_voluntary"], totals["refunds_due"],
        totals["budget_due"], totals["party_due"], totals["spent"], totals["bank_balance"], totals["available"])
    assert Money(-by_role["voluntary_individuals"]).machine() == totals["accepted_voluntary_individuals"]
    assert Money(-by_role["voluntary_organisations"]).machine() == totals["accepted_voluntary_organisations"]
    assert {role: Money(by_role[role]).machine() for role in totals["spent_by_category"]} == totals["spent_by_category"]
    assert dict(rules) == {rule: n for rule, n in EXPECTED["findings"].items() if n}
    assert rows == sum(f["rows"] for f in EXPECTED["files"].values())     # every data row has its outcome
    assert report.ok, report.problems


def test_the_statement_reconciles_with_the_register_it_covers(imported):
    """The bank's statement of 16-17.08.2007 before contributions_kk.csv: what `fundledger
    reconcile` lists is what expected.json worked out, and only NOT_IN_BANK and UNDOCUMENTED
    lines stay open."""
    engine, book, _ = imported
    with engine.connect() as conn:
        lines = reconciliation(conn, book)
    counts = Counter(line.status.value for line in lines)
    assert {code: counts[code] for code in EXPECTED["reconciliation"]} == EXPECTED["reconciliation"]
    assert EXPECTED["reconciliation"]["MATCHED"] > 0
    assert {line.status.value for line in lines if line.open} == {"NOT_IN_BANK", "UNDOCUMENTED"}
    assert sorted((line.register_row, line.register_amount.machine()) for line in lines
                  if line.status.value == "NOT_IN_BANK") == [(5, "30000.00"), (8, "100000.00")]


def test_importing_everything_again_posts_nothing_twice(imported):
    engine, book, _ = imported
    with engine.connect() as conn:
        before = fund_status(conn, book)
    for step in MANIFEST["steps"]:
        if step["action"] == "import":
            report = import_books(engine, book=book.code, kind=step["kind"],
                                  paths=[paths.SAMPLE_BOOKS / f for f in step["files"]],
                                  all_sheets=step.get("all_sheets", False)).as_json()
            counts = report["totals"]["counts"]
            assert counts["posted"] == counts["split"] == counts["held"] == 0
    with engine.connect() as conn:
        after = fund_status(conn, book)
    assert after.as_json() == before.as_json()
