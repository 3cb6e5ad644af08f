"""Eight API clients at once, through a real waitress server: the receipts they post together
cross the voluntary cap, and the fund takes in the cap to the tiyn, no more, no less.

Each client is a thread with its own kept-alive HTTP connection and its own treasurer token;
they wait on a barrier and then post their receipts as fast as the server answers, so the
server's worker threads book them interleaved, each in its own write transaction under the
book's lock. The book's profile is the 2007 one with an MZP of 10 tenge (voluntary cap
100,000 tenge), so 128 receipts of 500 to 2,500 tenge cross it. The amounts are drawn from a
seeded generator (the seed is printed; FUNDLEDGER_SEED chooses another), so the test knows
what arrived without asking the server.

What must come out, whatever order the server took:

* every request is answered 200 with exactly one outcome (posted, split or held) and its own
  entry number; the entry numbers run 1..n without a gap or a repeat: nothing lost, nothing
  booked twice;
* the money accepted into the fund is the voluntary cap exactly; the rest is owed back to the
  donors (as ``receive`` on the command line books it); the bank holds all that arrived;
* in the order of the entries: receipts posted whole, then at most one split at the cap
  (none if one fills it to the tiyn), then every one held;
* ``verify`` passes: every hash, balance and ceiling after every entry.
"""
from __future__ import annotations

import os
import random
import threading

from conftest import new_book
from helpers_procs import person_iin, small_profile
from helpers_web import Client, serving

from ledger.core.money import Money
from ledger.db.engine import run_write
from ledger.journal.verify import verify_book
from ledger.reports.status import fund_status
from ledger.users import add_user, new_token
from ledger.web import create_app

CLIENTS = 8
EACH = 16


def receipts_of(seed: int) -> list[list[dict]]:
    """Each client's receipts: voluntary, from 40 citizens, 500.00 to 2,499.99 tenge."""
    rng = random.Random(seed)
    return [[{"amount": Money(rng.randint(50_000, 249_999)).machine(), "date": "2007-08-01",
              "name": f"Гражданин Номер {d}", "id": person_iin(d * 13), "document": f"load-{c}-{n}"}
             for n in range(EACH) for d in [rng.randrange(40)]]
            for c in range(CLIENTS)]


def test_eight_api_clients_cross_the_voluntary_cap_and_the_fund_takes_it_exactly(engine, tmp_path):
    seed = int(os.environ.get("FUNDLEDGER_SEED") or 2007)
    print(f"\nseed {seed} (FUNDLEDGER_SEED={seed} repeats this run)")
    profile = small_profile()
    book = new_book(engine, profile=profile, code="load")
    run_write(engine, lambda conn: add_user(conn, "tamara", "treasurer", "correct horse battery", ["load"]))
    with engine.begin() as conn:
        token = new_token(conn, "tamara")
    app = create_app(engine.url.render_as_string(hide_password=False), {"UPLOAD_FOLDER": str(tmp_path / "up")})
    plan = receipts_of(seed)
    arrived = sum((Money.parse(r["amount"]) for rs in plan for r in rs), Money.zero())
    cap = profile.voluntary_cap
    assert cap == Money.tenge(100_000) and arrived > cap       # the receipts really do cross it

    answers: list[list[tuple[int, dict]]] = [[] for _ in range(CLIENTS)]
    failures: list[BaseException] = []
    start = threading.Barrier(CLIENTS)

    def client(number: int, port: int):
        caller = Client(port, token)
        try:
            start.wait()
            for body in plan[number]:
                answers[number].append(caller.post_json("/api/v1/books/load/receipts", body))
        except BaseException as exc:  # noqa: BLE001 - reported by the test below, never lost
            failures.append(exc)
        finally:
            caller.close()

    with serving(app, threads=CLIENTS) as port:
        threads = [threading.Thread(target=client, args=(c, port)) for c in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    app.engine.dispose()
    assert failures == []

    sent = CLIENTS * EACH
    flat = [(body, status, answer) for c in range(CLIENTS) for body, (status, answer) in zip(plan[c], answers[c])]
    assert len(flat) == sent
    assert [status for _, status, _ in flat] == [200] * sent, [a for _, s, a in flat if s != 200][:3]
    assert sorted(a["entry"] for _, _, a in flat) == list(range(1, sent + 1))
    by_entry = sorted(flat, key=lambda f: f[2]["entry"])
    outcomes = [a["outcome"] for _, _, a in by_entry]
    whole = outcomes.index("held") if "split" not in outcomes else outcomes.index("split")
    crossing = outcomes[whole:whole + 1] if "split" in outcomes else []   # none when a receipt fills it exactly
    assert outcomes == ["posted"] * whole + crossing + ["held"] * (sent - whole - len(crossing))
    for body, _, a in flat:
        assert Money.parse(a["accepted"]) + Money.parse(a["refund_due"]) == Money.parse(body["amount"])
        assert a["budget_due"] == "0.00"
    accepted = sum((Money.parse(a["accepted"]) for _, _, a in flat), Money.zero())
    assert accepted == cap

    with engine.connect() as conn:
        status = fund_status(conn, book)
        report = verify_book(conn, book)
    assert (report.ok, report.problems, report.entries) == (True, [], sent)
    assert status.entries == sent
    assert status.voluntary.accepted == cap
    assert status.refunds_due == arrived - cap
    assert status.bank_balance == status.received == arrived
    print(f"{engine.dialect.name}: {sent} receipts from {CLIENTS} clients; {whole} posted whole, then {crossing or 'none'} at the cap")
