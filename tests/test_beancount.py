"""The Beancount export, checked by Beancount itself.

A small book with every kind of entry is exported; ``bean-check`` (Beancount's own parser,
booking and balance checks, code we did not write) must accept it, including the balance
assertions the export adds from the book's cached balances, and Beancount's loader must give
back the same balances, narrations and metadata.

The book (rule profile with an MZP of 100 tenge: caps 500,000 own, 1,000,000 voluntary):

  seq  entry                                                   bank        fund / owed
  1    own funds 400,000                                       +400,000    own 400,000
  2    Ахметов Ерлан (IIN) 700,000                              +700,000    individuals 700,000
  3    ТОО "Кайнар \\ Групп" (BIN) 500,000: the cap splits it   +500,000    organisations 300,000,
                                                                           refunds due 200,000
  4    IIN 880101300007 fails its check digit: 30,000 held     +30,000     refunds due 30,000
  5    the 200,000 of entry 3 paid back                        -200,000    refunds due -200,000
  6    TV airtime 250,000 (purpose on two lines)               -250,000    Expenses:Media:TV
  7    leaflets 40,000                                         -40,000     Expenses:PrintedMaterials
  8    reversal of 7                                           +40,000
                                                               ---------
                                                               1,180,000
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import at_desk, new_book
from sqlalchemy import select

from ledger.core.money import Money
from ledger.core.types import SourceRef
from ledger.db.models import Account, Entry
from ledger.fund import ReceiptInput, SpendingInput
from ledger.journal.chart import CHART
from ledger.reports.beancount import account_names, export_beancount, quote
from ledger.rules.donors import DonorFacts
from ledger.rules.profiles import BUILT_IN
from ledger.rules.receipts import FundSource, Outcome

loader = pytest.importorskip("beancount.loader")
from beancount.core import data  # noqa: E402

D = dt.date(2007, 8, 1)
T = Money.tenge
ORIGIN = SourceRef(file='взносы "август".xlsx', sha256="ab" * 32, sheet="Лист1", row=5)
EXPECTED = {
    "Assets:Bank:ElectionFund": Decimal("1180000.00"),
    "Equity:FundSources:OwnFunds": Decimal("-400000.00"),
    "Equity:FundSources:Voluntary:Individuals": Decimal("-700000.00"),
    "Equity:FundSources:Voluntary:Organisations": Decimal("-300000.00"),
    "Liabilities:RefundsDue": Decimal("-30000.00"),
    "Expenses:Media:TV": Decimal("250000.00"),
    "Expenses:PrintedMaterials": Decimal("0.00"),
}


def bean_check() -> str:
    found = Path(sys.executable).with_name("bean-check")
    if found.exists():
        return str(found)
    found = shutil.which("bean-check")
    if found is None:
        pytest.skip("bean-check is not installed (pip install beancount)")
    return found


@pytest.fixture
def small_book(engine):
    profile = dataclasses.replace(BUILT_IN["kz-2007"], code="kz-small", base_amount=T(100))
    book = new_book(engine, profile)
    results = at_desk(engine, book, lambda desk: [
        desk.receive(ReceiptInput(FundSource.OWN_FUNDS, T(400_000), D, DonorFacts("Партия «Жасыл Дала»", None), "п/п 1")),
        desk.receive(ReceiptInput(FundSource.VOLUNTARY, T(700_000), D, DonorFacts("Ахметов Ерлан", "800315300119"),
                                  "п/п 2", origin=ORIGIN)),
        desk.receive(ReceiptInput(FundSource.VOLUNTARY, T(500_000), D + dt.timedelta(days=1),
                                  DonorFacts('ТОО "Кайнар \\ Групп"', "050540000006"), "п/п 3")),
        desk.receive(ReceiptInput(FundSource.VOLUNTARY, T(30_000), D + dt.timedelta(days=1),
                                  DonorFacts("Оспанов Даулет", "880101300007"), "п/п 4")),
        desk.refund(3, D + dt.timedelta(days=3)),
        desk.spend(SpendingInput(T(250_000), D + dt.timedelta(days=2), "media_tv", payee='ТОО "Хабар"',
                                 purpose="эфир\nпрайм-тайм", document="счёт 17")),
        desk.spend(SpendingInput(T(40_000), D + dt.timedelta(days=2), "printed", payee="Типография",
                                 purpose="листовки", document="счёт 18")),
        desk.reverse(7, D + dt.timedelta(days=4), "wrong invoice"),
    ])
    assert [r.outcome for r in results[:4]] == [Outcome.POSTED, Outcome.POSTED, Outcome.SPLIT, Outcome.HELD]
    return book


def export(engine, book, **options) -> str:
    out = io.StringIO()
    with engine.connect() as conn:
        assert export_beancount(conn, book, out, **options) == 8
    return out.getvalue()


def test_bean_check_accepts_the_export_and_beancount_gets_the_same_balances(engine, small_book, tmp_path):
    text = export(engine, small_book)
    path = tmp_path / "book.beancount"
    path.write_text(text, encoding="utf-8")

    check = subprocess.run([bean_check(), str(path)], capture_output=True, text=True)
    assert (check.returncode, check.stdout, check.stderr) == (0, "", "")

    entries, errors, options = loader.load_file(str(path))
    assert errors == []
    assert options["operating_currency"] == ["KZT"]
    balances: dict[str, Decimal] = {}
    transactions = [e for e in entries if isinstance(e, data.Transaction)]
    for txn in transactions:
        for posting in txn.postings:
            assert posting.units.currency == "KZT"
            balances[posting.account] = balances.get(posting.account, Decimal(0)) + posting.units.number
    assert balances == EXPECTED
    # ... and they are the ledger's own cached balances, account by account.
    with engine.connect() as conn:
        rows = conn.execute(select(Account.id, Account.role, Account.name_en, Account.type,
                                   Account.parent_id, Account.balance_tiyn)
                            .where(Account.book_id == small_book.id)).all()
        hashes = dict(conn.execute(select(Entry.seq, Entry.hash).where(Entry.book_id == small_book.id)).all())
    names = account_names(rows)
    assert {names[r.id]: Money(r.balance_tiyn).as_decimal() for r in rows if names[r.id] in balances} == balances
    assert {e.account for e in entries if isinstance(e, data.Open)} == set(EXPECTED)
    assert len([e for e in entries if isinstance(e, data.Balance)]) == len(EXPECTED)

    by_seq = {int(t.meta["seq"]): t for t in transactions}
    assert sorted(by_seq) == list(range(1, 9))
    assert all(t.meta["hash"] == hashes[seq] for seq, t in by_seq.items())
    two = by_seq[2]
    assert two.date == D and two.narration == "Contribution from Ахметов Ерлан"
    assert (two.meta["kind"], two.meta["source-file"], two.meta["source-sheet"], two.meta["source-row"],
            two.meta["donor"]) == ("contribution", 'взносы "август".xlsx', "Лист1", Decimal(5), "ID:800315300119")
    assert by_seq[3].narration == 'Contribution from ТОО "Кайнар \\ Групп"'
    assert [(p.account, p.units.number) for p in by_seq[3].postings] == [
        ("Assets:Bank:ElectionFund", Decimal("500000.00")),
        ("Equity:FundSources:Voluntary:Organisations", Decimal("-300000.00")),
        ("Liabilities:RefundsDue", Decimal("-200000.00")),
    ]
    assert by_seq[4].meta["donor"] == "BADID:880101300007:оспанов даулет"
    assert by_seq[5].meta["settles"] == Decimal(3) and by_seq[5].meta["kind"] == "refund"
    assert by_seq[6].narration == 'Mass media: television: ТОО "Хабар" эфир\nпрайм-тайм'
    assert by_seq[8].meta["reverses"] == Decimal(7) and by_seq[8].narration == "wrong invoice"


def test_the_export_text_is_exact(engine, small_book):
    text = export(engine, small_book)
    assert 'option "operating_currency" "KZT"\n' in text
    assert "2007-08-01 open Assets:Bank:ElectionFund KZT\n" in text
    assert ('2007-08-02 * "Contribution from ТОО \\"Кайнар \\\\ Групп\\""\n'
            "  seq: 3\n"
            '  kind: "contribution"\n') in text
    assert ("  donor: \"ID:050540000006\"\n"
            "  Assets:Bank:ElectionFund  500000.00 KZT\n"
            "  Equity:FundSources:Voluntary:Organisations  -300000.00 KZT\n"
            "  Liabilities:RefundsDue  -200000.00 KZT\n") in text
    assert '"Mass media: television: ТОО \\"Хабар\\" эфир\\nпрайм-тайм"' in text
    assert "2007-08-06 balance Assets:Bank:ElectionFund  1180000.00 KZT\n" in text
    assert "2007-08-06 balance Expenses:PrintedMaterials  0.00 KZT\n" in text
    assert not re.search(r"\d\.\d(?!\d)|e[+-]\d", text.split("\n\n", 2)[2])   # no float-looking amounts


def test_masked_export_hides_birth_dates_but_not_bins(engine, small_book):
    text = export(engine, small_book, mask_ids=True)
    assert "800315300119" not in text and "880101300007" not in text
    assert '  donor: "ID:********0119"\n' in text
    assert '  donor: "BADID:********0007:оспанов даулет"\n' in text
    assert '  donor: "ID:050540000006"\n' in text                    # a BIN is public


def test_every_chart_account_has_a_valid_beancount_name():
    rows = [dataclasses.make_dataclass("Row", ["id", "role", "name_en", "type", "parent_id"])(
        i, spec.role, spec.name_en, spec.type, None) for i, spec in enumerate(CHART, start=1)]
    by_role = {r.role: r for r in rows}
    for r, spec in zip(rows, CHART):
        r.parent_id = by_role[spec.parent].id if spec.parent else None
    names = account_names(rows)
    component = re.compile(r"^[A-Z][A-Za-z0-9-]*$")
    postable = [names[by_role[spec.role].id] for spec in CHART if spec.postable]
    for name in postable:
        root, *parts = name.split(":")
        assert root in ("Assets", "Liabilities", "Equity", "Expenses") and parts, name
        assert all(component.match(p) for p in parts), name
    assert len(set(postable)) == len(postable)
    # The roll-ups "2000 Money owed back" and "5000 Spending" are Beancount's roots themselves.
    assert (names[by_role["liabilities"].id], names[by_role["spending"].id]) == ("Liabilities", "Expenses")
    shown = {spec.role: names[by_role[spec.role].id] for spec in CHART}
    assert shown["bank"] == "Assets:Bank:ElectionFund"
    assert shown["refunds_due"] == "Liabilities:RefundsDue"
    assert shown["own_funds"] == "Equity:FundSources:OwnFunds"
    assert shown["voluntary_individuals"] == "Equity:FundSources:Voluntary:Individuals"
    assert shown["media_tv"] == "Expenses:Media:TV"


def test_strings_are_escaped_for_beancount():
    assert quote('a "b" \\ c\nd\te\x01') == '"a \\"b\\" \\\\ c\\nd\\te "'
    assert quote(None) == '""'


def test_an_empty_book_exports_options_only(engine):
    book = new_book(engine)
    out = io.StringIO()
    with engine.connect() as conn:
        assert export_beancount(conn, book, out) == 0
    assert 'option "operating_currency" "KZT"' in out.getvalue()
    assert " open " not in out.getvalue()


def test_a_book_under_derived_rules_says_so_above_the_entries(engine):
    book = new_book(engine, BUILT_IN["kz-2023"])
    out = io.StringIO()
    with engine.connect() as conn:
        export_beancount(conn, book, out)
    assert out.getvalue().splitlines()[2] == (
        "; note: under rules derived from an older text of the law; check against the law in force")
