"""Worker processes for the concurrency, crash and benchmark runs, and the receipts they post.

Concurrency and crash safety can only be shown with real operating-system processes: each
has its own connections, its own SQLite file handle or PostgreSQL backend, and can be killed
with SIGKILL in the middle of a transaction. A worker is started as

    python tests/helpers_procs.py COMMAND JSON-ARGS

so it needs no import machinery from pytest (it works the same from ``bench/``). A worker
that takes part in a race prints ``ready`` once it is connected and waits for ``go`` on
stdin, so all writers start their writes together rather than staggered by their imports.
It prints one JSON line with what it did on stdout at the end.

Receipts are deterministic functions of (tag, number): the parent computes exactly what
arrived without asking the workers, and a re-run builds the same receipts with the same
idempotency keys. Amounts are whole tiyn, never floats.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # started as a script from anywhere
    sys.path.insert(0, str(ROOT))

from ledger.core.money import Money  # noqa: E402
from ledger.core.types import SourceRef  # noqa: E402
from ledger.fund import ReceiptInput  # noqa: E402
from ledger.rules.donors import DonorFacts  # noqa: E402
from ledger.rules.profiles import BUILT_IN, RuleProfile  # noqa: E402
from ledger.rules.receipts import FundSource  # noqa: E402

HERE = Path(__file__).resolve()
DAY = dt.date(2007, 8, 1)
PARTY_BIN = None  # filled below: the party's own valid BIN, donor of its own funds


def valid_id(prefix6: str, kind_digit: str, serial: int) -> str:
    """A 12-digit IIN/BIN that passes its check digit: ``prefix6`` (YYMMDD or YYMM + two
    more digits), digit 7 ``kind_digit`` for an IIN (century and sex) - for a BIN the kind
    sits in digit 5 and must be part of ``prefix6`` - then a serial and the check digit.
    Serials whose first eleven digits have no check digit are skipped."""
    from ledger.core.ids import check_digit

    n = serial
    while True:
        first11 = f"{prefix6}{kind_digit}{n % 10000:04d}"
        digit = check_digit(first11)
        if digit is not None:
            return first11 + str(digit)
        n += 1


def person_iin(serial: int) -> str:
    """A citizen born 15 March 1980 (male, 20th century: digit 7 is 3)."""
    return valid_id("800315", "3", serial)


def org_bin(serial: int) -> str:
    """A resident legal entity registered in May 2005: YYMM 0505, digit 5 = 4, digit 6 = 0."""
    return valid_id("050540", "0", serial)


PARTY_BIN = org_bin(9000)


def small_profile(total_multiple: int | None = None) -> RuleProfile:
    """The 2007 profile with an MZP of 10 tenge: caps of 50,000 (own funds), 100,000
    (voluntary) and 150,000 (whole fund) tenge, crossed by a few hundred small receipts.
    With ``total_multiple`` below 15,000 the whole-fund cap binds before the two sources'."""
    profile = dataclasses.replace(BUILT_IN["kz-2007"], code="kz-2007-small", base_amount=Money.tenge(10))
    if total_multiple is not None:
        profile = dataclasses.replace(profile, code=f"kz-2007-small-{total_multiple}",
                                      total_multiple=total_multiple)
    return profile


def stress_receipt(tag: str, worker: int, number: int) -> ReceiptInput:
    """Receipt ``number`` of ``worker``: every third one the party's own funds, the others
    voluntary from 25 citizens and 5 organisations; 150.00 to 2,499.99 tenge."""
    rng = random.Random(f"{tag}/{worker}/{number}")
    amount = Money(rng.randint(15_000, 249_999))
    if number % 3 == 0:
        source, facts = FundSource.OWN_FUNDS, DonorFacts("Партия «Пример»", PARTY_BIN)
    elif number % 5 == 1:
        serial = rng.randrange(5)
        source, facts = FundSource.VOLUNTARY, DonorFacts(f"ТОО «Спонсор {serial}»", org_bin(serial * 7))
    else:
        serial = rng.randrange(25)
        source, facts = FundSource.VOLUNTARY, DonorFacts(f"Гражданин Номер {serial}", person_iin(serial * 13))
    return ReceiptInput(source, amount, DAY, facts, document=f"{tag}-{worker}-{number}")


def import_receipt(tag: str, row: int) -> ReceiptInput:
    """Row ``row`` of an import file: a voluntary gift of about 100 to 10,000 tenge from one
    of 50 citizens, with its own payment document and source row. The amount's last four
    tiyn digits are the row number (rows below 10,000), so no two rows of a book share a
    receipt key even where the key has no document (the real importer's CSV): give the rows
    of different imports into one book different numbers (``first_row``)."""
    rng = random.Random(f"{tag}/{row}")
    serial = row % 50
    return ReceiptInput(FundSource.VOLUNTARY, Money(rng.randint(1, 99) * 10_000 + row), DAY,
                        DonorFacts(f"Жертвователь {serial}", person_iin(serial * 11)),
                        document=f"{tag}-{row}",
                        origin=SourceRef(file=f"{tag}.csv", sheet="csv", row=row + 1))


def contributions_csv(path: Path, tag: str, rows: int, first_row: int = 1) -> Path:
    """The same rows as ``import_receipt`` as a treasurer's CSV for the real importer
    (``Дата;ФИО;ИИН;Сумма``: no document column, as many treasurers keep it)."""
    lines = ["Дата;ФИО;ИИН;Сумма"]
    for row in range(first_row, first_row + rows):
        r = import_receipt(tag, row)
        lines.append(f"{r.day:%d.%m.%Y};{r.donor.name};{r.donor.id_number};"
                     f"{r.amount.machine().replace('.', ',')}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- workers -------------------------------------------------------------------------------

def _engine(url: str):
    """An engine as the CLI makes it (with its connection pool: a writer reuses its
    connection from one transaction to the next)."""
    from ledger.db.engine import make_engine

    return make_engine(url)


def _book(engine, code: str):
    from ledger.books import load_book

    with engine.connect() as conn:
        return load_book(conn, code)


def _wait_for_go(args: dict) -> None:
    if args.get("barrier"):
        print("ready", flush=True)
        line = sys.stdin.readline()
        if line.strip() != "go":
            sys.exit(3)


def post_receipts(args: dict) -> dict:
    """Post ``count`` receipts one transaction each (``run_write`` per receipt)."""
    from ledger.db.engine import run_write
    from ledger.fund import Desk

    engine = _engine(args["url"])
    book = _book(engine, args["book"])
    inputs = [stress_receipt(args["tag"], args["worker"], n) for n in range(args["count"])]
    _wait_for_go(args)
    outcomes: dict[str, int] = {}
    started = time.perf_counter()
    for inp in inputs:
        def work(conn, inp=inp):
            desk = Desk(conn, book)
            result = desk.receive(inp)
            desk.flush()
            return result
        result = run_write(engine, work)
        outcomes[result.outcome.value] = outcomes.get(result.outcome.value, 0) + 1
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {"worker": args["worker"], "outcomes": outcomes, "seconds": elapsed}


def import_rows(args: dict) -> dict:
    """What an import does: ONE write transaction posting ``rows`` receipts through the
    Desk, with the existing keys prefetched once, flushed at the end."""
    from ledger.db.engine import run_write
    from ledger.fund import Desk, receipt_key

    engine = _engine(args["url"])
    book = _book(engine, args["book"])
    first = args.get("first_row", 1)
    inputs = [import_receipt(args["tag"], row) for row in range(first, first + args["rows"])]

    def work(conn):
        desk = Desk(conn, book)
        keys = [receipt_key(inp, desk.classify(inp)) for inp in inputs]
        known = desk.ledger.find_keys(keys)
        outcomes: dict[str, int] = {}
        for inp in inputs:
            outcome = desk.receive(inp, known).outcome.value
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        desk.flush()
        if args.get("announce"):
            print("flushed", flush=True)
        return outcomes

    if args.get("announce"):
        print("ready", flush=True)
    started = time.perf_counter()
    outcomes = run_write(engine, work)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return {"outcomes": outcomes, "seconds": elapsed}


def import_service(args: dict) -> dict:
    """The real import service, when it exists (``ledger.importers.service.import_books``)."""
    from ledger.importers.service import import_books

    engine = _engine(args["url"])
    if args.get("hold_before_commit"):
        _hold_before_commit(engine)
    if args.get("announce"):
        print("ready", flush=True)
    started = time.perf_counter()
    report = import_books(engine, book=args["book"], kind="contributions", paths=[Path(args["path"])])
    engine.dispose()
    outcomes = {k: v for k, v in report.total.outcomes.items() if v}   # a Counter by outcome
    return {"outcomes": outcomes, "seconds": time.perf_counter() - started}


def _hold_before_commit(engine) -> None:
    """Stop the import's write transaction just before its COMMIT, with every row written:
    say ``committing`` and wait for a line on stdin (the test kills the process instead)."""
    from sqlalchemy import event

    @event.listens_for(engine, "commit")
    def hold(conn):
        if conn.get_execution_options().get("fundledger_write"):
            print("committing", flush=True)
            sys.stdin.readline()


COMMANDS = {"post": post_receipts, "import": import_rows, "service": import_service}


def main(argv: list[str]) -> None:
    command, args = argv[0], json.loads(argv[1])
    result = COMMANDS[command](args)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
