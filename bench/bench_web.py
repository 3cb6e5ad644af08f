"""The web desk under load: requests per second for a book's dashboard and for receipts posted
through the API, by one client and by eight at once.

    python bench/bench_web.py [--requests 400] [--pg URL] [--no-pg]

The application is served by waitress on a free local port with eight worker threads, as
``fundledger serve`` runs it; each client is a thread with its own kept-alive connection. The
dashboard is read by a signed-in auditor (the session cookie); the receipts are posted by a
treasurer's token into a book with the 2007 caps, so every one is accepted whole and each is
its own write transaction under the book's lock. Eight clients share the requests; the time
is from the common start to the last answer. Printed per engine and case: requests, seconds,
requests per second, and eight's rate as a ratio of one's. Every answer must be 200.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from helpers_procs import person_iin  # noqa: E402
from helpers_web import Client, serving  # noqa: E402

DEFAULT_PG = os.environ.get("FUNDLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "correct horse battery"


def prepared_app(url: str, uploads: str):
    """A book "web", a treasurer and an auditor of it, the application on them; the token."""
    from ledger.books import create_book
    from ledger.db.engine import make_engine, run_write, upgrade
    from ledger.rules.profiles import BUILT_IN
    from ledger.users import add_user, new_token
    from ledger.web import create_app

    engine = make_engine(url)
    upgrade(engine)
    run_write(engine, lambda conn: [create_book(conn, "Партия «Пример»", "Мажилис 2007", BUILT_IN["kz-2007"],
                                                code="web"),
                                    add_user(conn, "tamara", "treasurer", PASSWORD, ["web"]),
                                    add_user(conn, "aida", "auditor", PASSWORD)])
    with engine.begin() as conn:
        token = new_token(conn, "tamara")
    engine.dispose()
    return create_app(url, {"UPLOAD_FOLDER": uploads}), token


def timed(port: int, clients: int, requests: int, make_client, ask) -> tuple[int, float]:
    """``requests`` shared by ``clients`` threads; (requests made, seconds from the start to the last)."""
    each = requests // clients
    callers = [make_client(port) for _ in range(clients)]
    start = threading.Barrier(clients + 1)
    bad: list[str] = []

    def run(number: int):
        start.wait()
        for n in range(each):
            status = ask(callers[number], number, n)
            if status != 200:
                bad.append(f"client {number} request {n}: {status}")

    threads = [threading.Thread(target=run, args=(c,)) for c in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - began
    for c in callers:
        c.close()
    if bad:
        raise SystemExit(f"refused answers: {bad[:5]}")
    return each * clients, seconds


def bench_engine(label: str, url: str, requests: int, uploads: str) -> None:
    app, token = prepared_app(url, uploads)

    def auditor(port):
        client = Client(port)
        client.sign_in("aida", PASSWORD)
        return client

    def dashboard(client, number, n):
        return client.request("GET", "/books/web")[0]

    def receipt(client, number, n):
        serial = number * 10_000 + n
        return client.post_json("/api/v1/books/web/receipts", {
            "amount": "1500.00", "date": "2007-08-01", "name": f"Гражданин Номер {serial}",
            "id": person_iin(serial), "document": f"bench-{clients_now[0]}-{number}-{n}"})[0]

    clients_now = [0]
    with serving(app, threads=8) as port:
        for case, make, ask in (("dashboard", auditor, dashboard),
                                ("receipts", lambda p: Client(p, token), receipt)):
            rates = []
            for clients in (1, 8):
                clients_now[0] = clients
                made, seconds = timed(port, clients, requests, make, ask)
                rates.append(made / seconds)
                print(f"{label:<11} {case:<10} {clients} client{'s' if clients > 1 else ' '}  "
                      f"{made:5d} requests in {seconds:7.2f} s  {made / seconds:8.1f} requests/s")
            print(f"{label:<11} {case:<10} eight / one: {rates[1] / rates[0]:.2f}")
    app.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per case and client count (default 400)")
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL URL (a fresh schema is used)")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)   # "task queue depth": the load itself
    print(f"{args.requests} requests per run; waitress with 8 threads; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        bench_engine("SQLite", f"sqlite:///{Path(tmp) / 'web.db'}", args.requests, str(Path(tmp) / "uploads"))
        if args.no_pg:
            return
        from sqlalchemy import create_engine, text

        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        try:
            url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"
            bench_engine("PostgreSQL", url, args.requests, str(Path(tmp) / "uploads"))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
