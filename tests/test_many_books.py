"""Two parties' funds in one database: each book is its own world, donors are shared.

An auditor (or the commission) may keep every party's fund of an election in one database.
Books must not leak into each other: posting into one changes nothing in another's figures or
its hash chain, whose tip an auditor may already have written down. Donors, on the other hand,
are recognised across books by their IIN/BIN, so a citizen who gave to two parties shows up.

The worked example, in tenge:

Book "amanat" (2007 profile: caps 48,760,000 / 97,520,000 / 146,280,000):

  seq  what                                             fund          owed back
  1    X (IIN 800315300119) gives 500,000               500,000
  2    Y (IIN 800315300228) gives 200,000               200,000
  3    the party's own funds 1,000,000                  1,000,000

Book "zhasyl" (MZP 100 tenge: caps 500,000 own / 1,000,000 voluntary / 1,500,000 whole):

  1    Z (IIN 800315300337) gives 50,000                50,000
  2    X gives 600,000                                  600,000
  3    X gives 600,000: the voluntary cap is reached    350,000       250,000 to X
  4    Y gives 100,000: over the cap, held                            100,000 to Y
  5    reversal of 4 (the bank returned the transfer)                 -100,000
  6    IIN 880101300007 (fails its check digit) 30,000                30,000 held
  7    the 250,000 of entry 3 paid back to X                          -250,000
  8    the party's own funds 200,000                    200,000

X gave to both books (accepted 500,000 + 950,000); Y's gift to "zhasyl" was reversed, so Y
gave to one book only.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from conftest import at_desk, new_book

from ledger.core.money import Money
from ledger.fund import ReceiptInput
from ledger.journal.verify import verify_book
from ledger.reports.donors import book_donors, donors_across_books
from ledger.reports.status import fund_status
from ledger.rules.donors import DonorFacts
from ledger.rules.profiles import BUILT_IN
from ledger.rules.receipts import FundSource, Outcome

D = dt.date(2007, 8, 1)
X, Y, Z, BAD = "800315300119", "800315300228", "800315300337", "880101300007"
T = Money.tenge


def gift(name, iin, tenge, doc, source=FundSource.VOLUNTARY):
    return ReceiptInput(source, T(tenge), D, DonorFacts(name, iin), document=doc)


def fill_amanat(engine):
    book = new_book(engine, party="Партия «Аманат»", code="amanat")
    results = at_desk(engine, book, lambda desk: [
        desk.receive(gift("Ахметов Ерлан", X, 500_000, "A-1")),
        desk.receive(gift("Бекова Алия", Y, 200_000, "A-2")),
        desk.receive(gift("Партия «Аманат»", None, 1_000_000, "A-3", FundSource.OWN_FUNDS)),
    ])
    assert [r.outcome for r in results] == [Outcome.POSTED] * 3
    return book


def fill_zhasyl(engine):
    profile = dataclasses.replace(BUILT_IN["kz-2007"], code="kz-small", base_amount=T(100))
    book = new_book(engine, profile, party="Партия «Жасыл Дала»", code="zhasyl")
    results = at_desk(engine, book, lambda desk: [
        desk.receive(gift("Сериков Марат", Z, 50_000, "Z-1")),
        desk.receive(gift("Ахметов Ерлан", X, 600_000, "Z-2")),
        desk.receive(gift("Ахметов Ерлан", X, 600_000, "Z-3")),
        desk.receive(gift("Бекова Алия", Y, 100_000, "Z-4")),
        desk.reverse(4, D, "the bank returned the transfer"),
        desk.receive(gift("Оспанов Даулет", BAD, 30_000, "Z-6")),
        desk.refund(3, D),
        desk.receive(gift("Партия «Жасыл Дала»", None, 200_000, "Z-8", FundSource.OWN_FUNDS)),
    ])
    assert [(r.seq, r.outcome) for r in results] == [
        (1, Outcome.POSTED), (2, Outcome.POSTED), (3, Outcome.SPLIT), (4, Outcome.HELD),
        (5, Outcome.POSTED), (6, Outcome.HELD), (7, Outcome.POSTED), (8, Outcome.POSTED)]
    assert (results[2].accepted, results[2].refund_due) == (T(350_000), T(250_000))
    return book


def status_of(engine, book) -> dict:
    with engine.connect() as conn:
        return fund_status(conn, book).as_json()


def test_posting_into_one_book_changes_nothing_in_the_other(engine):
    amanat = fill_amanat(engine)
    with engine.connect() as conn:
        before = verify_book(conn, amanat)
    status_before = status_of(engine, amanat)
    assert status_before["caps"]["voluntary"]["accepted"] == "700000.00"
    assert status_before["caps"]["own_funds"]["accepted"] == "1000000.00"
    assert status_before["bank_balance"] == "1700000.00"
    assert status_before["entries"] == 3

    zhasyl = fill_zhasyl(engine)

    assert status_of(engine, amanat) == status_before
    with engine.connect() as conn:
        after = verify_book(conn, amanat)
        other = verify_book(conn, zhasyl)
    assert after.ok and (after.tip_seq, after.tip_hash) == (before.tip_seq, before.tip_hash) == (3, before.tip_hash)
    assert other.ok and other.entries == 8
    assert other.tip_hash != after.tip_hash

    z = status_of(engine, zhasyl)
    assert z["caps"]["voluntary"]["accepted"] == "1000000.00"
    assert z["caps"]["own_funds"]["accepted"] == "200000.00"
    assert z["caps"]["total"]["accepted"] == "1200000.00"
    assert z["received"] == "1480000.00"         # 50,000 + 1,200,000 + 30,000 + 200,000
    assert z["refunded"] == "250000.00"
    assert z["refunds_due"] == "30000.00"        # the unidentified 30,000
    assert z["bank_balance"] == "1230000.00"


def test_the_donor_who_gave_to_both_books_shows_up_across_books(engine):
    fill_amanat(engine)
    zhasyl = fill_zhasyl(engine)

    with engine.connect() as conn:
        across = donors_across_books(conn)
        in_zhasyl = book_donors(conn, zhasyl)

    assert [(d.id_number, d.name, d.kind) for d in across] == [(X, "Ахметов Ерлан", "person")]
    x = across[0]
    assert [(b.book, b.party, b.accepted, b.held, b.refunded, b.owed, b.gifts) for b in x.books] == [
        ("amanat", "Партия «Аманат»", T(500_000), T(0), T(0), T(0), 1),
        ("zhasyl", "Партия «Жасыл Дала»", T(950_000), T(250_000), T(250_000), T(0), 2),
    ]
    assert (x.accepted, x.held, x.gifts) == (T(1_450_000), T(250_000), 3)
    assert x.as_json()["accepted"] == "1450000.00"

    assert [(g.donor_key, g.accepted, g.held, g.refunded, g.gifts) for g in in_zhasyl] == [
        (f"ID:{X}", T(950_000), T(250_000), T(250_000), 2),
        ("NAME:партия жасыл дала", T(200_000), T(0), T(0), 1),
        (f"ID:{Z}", T(50_000), T(0), T(0), 1),
        (f"BADID:{BAD}:оспанов даулет", T(0), T(30_000), T(0), 1),
        (f"ID:{Y}", T(0), T(0), T(0), 0),      # its one gift was reversed
    ]
    assert in_zhasyl[0].masked_id == "********0119"


def test_no_donor_is_across_books_when_each_gave_to_one(engine):
    fill_amanat(engine)
    with engine.connect() as conn:
        assert donors_across_books(conn) == []
