"""Mutated bank statements: whatever a damaged, hand-edited or hostile 1C exchange file holds
(a byte changed, a line lost or repeated, a key renamed, a value replaced, the file cut off),
reading it gives a statement or one ``LedgerError`` line, and importing it books it whole or
writes nothing at all: never another exception, never half a statement.

500 examples in the normal run; the slow one takes FUNDLEDGER_FUZZ_EXAMPLES (default 1000) on
both engines. Hypothesis prints the seed and the failing example when one fails (and
``--hypothesis-seed=N`` replays a run)."""
from __future__ import annotations

import itertools
import os
from collections import Counter

import pytest
from conftest import new_book, print_fuzz_tally
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from onec_samples import (
    FUND,
    HALYK_JULY,
    IVANOV,
    KASPI_AUGUST,
    OTHER_ACCOUNT,
    SUM_ONLY_AUGUST,
    UPPER_JULY,
    cp1251,
    utf8_bom,
)
from sqlalchemy import func, select

from ledger.core.errors import InputFileError, LedgerError
from ledger.db.models import BankStatement, Book, Entry, ImportBatch, SourceRow
from ledger.importers.onec import read_exchange
from ledger.importers.service import import_books
from ledger.journal.verify import verify_book

SAMPLES = [(cp1251(HALYK_JULY), "cp1251"), (utf8_bom(KASPI_AUGUST), "utf-8"), (cp1251(UPPER_JULY), "cp1251"),
           (SUM_ONLY_AUGUST.encode("utf-8"), "utf-8")]
KEYS = ["СекцияДокумент", "КонецДокумента", "СекцияРасчСчет", "КонецРасчСчет", "КонецФайла", "Сумма",
        "СуммаПриход", "СуммаРасход", "Дата", "ДатаПоступило", "ДатаСписано", "РасчСчет", "ДатаНачала",
        "ДатаКонца", "НачальныйОстаток", "КонечныйОстаток", "ПлательщикИИК", "ПолучательИИК", "ПлательщикСчет",
        "ПолучательСчет", "ПлательщикБИН_ИИН", "Плательщик", "НазначениеПлатежа", "Кодировка", "Номер", "КОд"]
VALUES = st.one_of(
    st.text(max_size=24),
    st.sampled_from(["", "0", "0.00", "-5", "1e9", "99999999999999999", "150 000,00", "1,5,0", "31.02.2007",
                     "01.01.2100", "2007-07-05", FUND, OTHER_ACCOUNT, "KZ12", IVANOV, "Windows", "UTF-8", "DOS",
                     "Платежное поручение", "собственные средства"]))
LINE = st.integers(0, 120)
MUTATION = st.one_of(
    st.tuples(st.just("byte"), st.integers(0, 4000), st.integers(0, 255)),
    st.tuples(st.just("insert"), st.integers(0, 4000), st.binary(min_size=1, max_size=6)),
    st.tuples(st.just("cut"), st.integers(0, 4000)),
    st.tuples(st.just("drop line"), LINE),
    st.tuples(st.just("repeat line"), LINE),
    st.tuples(st.just("swap lines"), LINE, LINE),
    st.tuples(st.just("key"), LINE, st.sampled_from(KEYS)),
    st.tuples(st.just("key case"), LINE, st.booleans()),
    st.tuples(st.just("value"), LINE, VALUES),
)
FILES = st.tuples(st.integers(0, len(SAMPLES) - 1), st.lists(MUTATION, min_size=1, max_size=3))


def mutated(sample: int, mutations: list[tuple]) -> bytes:
    data, encoding = SAMPLES[sample]
    for m in mutations:
        what, at = m[0], m[1]
        if what in ("byte", "insert", "cut"):
            at %= len(data) + 1
            data = {"byte": lambda: data[:at] + bytes([m[2]]) + data[at + 1:],
                    "insert": lambda: data[:at] + m[2] + data[at:], "cut": lambda: data[:at]}[what]()
            continue
        lines = data.split(b"\n")
        at %= len(lines)
        if what == "drop line":
            del lines[at]
        elif what == "repeat line":
            lines.insert(at, lines[at])
        elif what == "swap lines":
            other = m[2] % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        else:
            key, sep, value = lines[at].partition(b"=")
            if what == "key":
                key = m[2].encode(encoding)
            elif what == "key case":
                text = key.decode(encoding, errors="replace")
                key = (text.upper() if m[2] else text.lower()).encode(encoding, errors="replace")
            else:
                sep, value = b"=", m[2].encode(encoding, errors="replace") + b"\r"
            lines[at] = key + sep + value
        data = b"\n".join(lines)
    return data


_codes = itertools.count()


def written(engine, book_id: int) -> tuple:
    with engine.connect() as conn:
        counts = tuple(conn.execute(select(func.count()).select_from(m).where(m.book_id == book_id)).scalar()
                       for m in (Entry, SourceRow, ImportBatch, BankStatement))
        return counts, conn.execute(select(Book.bank_account).where(Book.id == book_id)).scalar()


def booked_whole_or_not_at_all(engine, path, sample: int, mutations: list[tuple]) -> str:
    data = mutated(sample, mutations)
    try:
        read_exchange(data, "fuzz.txt")
    except InputFileError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzz.txt")
    path.write_bytes(data)
    book = new_book(engine, code=f"fuzz-{next(_codes)}")
    try:
        report = import_books(engine, book=book.code, kind="statement", paths=[path])
    except LedgerError as exc:
        assert "\n" not in str(exc)
        assert written(engine, book.id) == ((0, 0, 0, 0), None), f"{exc} left rows behind"
        event("refused")
        return "refused"
    event("booked")
    (entries, rows, batches, statements), account = written(engine, book.id)
    outcomes = report.total.outcomes
    assert entries == outcomes["posted"] + outcomes["split"] + outcomes["held"]
    assert (rows, batches, statements) == (report.total.rows, 1, 1)
    assert account == report.statements[0].account
    with engine.connect() as conn:
        check = verify_book(conn, book)
    assert check.ok, check.problems
    return "booked"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(case=FILES)
def test_a_mutated_statement_is_booked_whole_or_refused_in_one_line(fuzz_engine, tmp_path, case):
    booked_whole_or_not_at_all(fuzz_engine, tmp_path / "fuzz.txt", *case)


@pytest.mark.slow
def test_many_more_mutated_statements_on_both_engines(engine, tmp_path):
    @settings(max_examples=int(os.environ.get("FUNDLEDGER_FUZZ_EXAMPLES", "1000")), deadline=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(case=FILES)
    def each(case):
        seen[booked_whole_or_not_at_all(engine, tmp_path / "fuzz.txt", *case)] += 1

    seen = Counter()
    each()
    print_fuzz_tally("1C exchange files", seen)
