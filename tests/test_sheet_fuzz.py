"""Mutated registers: whatever a damaged, hand-edited or hostile spreadsheet or CSV holds (a byte
of the zip changed, a member lost, its XML cut or its cells rewritten, a CSV line lost, a cell
replaced, another encoding), importing it books every row with one recorded outcome or stops with
one ``LedgerError`` line and writes nothing at all: never another exception, never half a book.

The 1C exchange file has its own fuzz (test_onec_fuzz.py). Here 200 xlsx and 200 CSV examples run
in every run; the slow ones take FUNDLEDGER_FUZZ_EXAMPLES (default 1000) of each kind on both
engines. Hypothesis prints the seed and the failing example when one fails (``--hypothesis-seed=N``
replays a run)."""
from __future__ import annotations

import io
import itertools
import os
import re
import zipfile
import zlib
from collections import Counter

import openpyxl
import pytest
from conftest import new_book, print_fuzz_tally
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ledger.core.errors import LedgerError
from ledger.db.models import Entry, ImportBatch, SourceRow
from ledger.importers.service import import_books
from ledger.journal.verify import verify_book

HEADER = ["№", "Дата", "ФИО / Наименование", "ИИН/БИН", "Гражданство", "Сумма, тенге", "№ п/п"]
REGISTER = [
    [1, "02.08.2007", "Иванов Иван Иванович", "800101300125", "РК", 150000, "11"],
    [2, "03.08.2007", "ТОО «Астана Сервис»", "070140000015", "РК", "1 250 000,50", "12"],
    [3, "05.08.2007", "Smith John", "", "США", 20000, "13"],
    [4, "06.08.2007", "Ахметова Сауле", "850202400457", "Казахстан", 75000.25, "14"],
    [None, None, "Итого", None, None, 1495000.75, None],
]
CELL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["=1/0", "=SUM(F2:F5)", "#N/A", "31.02.2007", "2007-08-01", "1e308", "0,001",
                     "-150 000", "тыс. тенге", "Итого", "Сумма", "<script>", "\x00", "９９９"]))


def xlsx_sample() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Реестр"
    ws.append(["Реестр добровольных пожертвований"])
    ws.append(HEADER)
    for row in REGISTER:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_sample(encoding: str) -> bytes:
    lines = [";".join(HEADER)] + [";".join("" if v is None else str(v) for v in row) for row in REGISTER]
    return ("\r\n".join(lines) + "\r\n").encode(encoding, errors="replace")


XLSX = xlsx_sample()
MEMBERS = sorted(zipfile.ZipFile(io.BytesIO(XLSX)).namelist())
CSVS = [(csv_sample("utf-8-sig"), "utf-8"), (csv_sample("cp1251"), "cp1251")]

BYTES = st.one_of(
    st.tuples(st.just("byte"), st.integers(0, 10**6), st.integers(0, 255)),
    st.tuples(st.just("insert"), st.integers(0, 10**6), st.binary(min_size=1, max_size=6)),
    st.tuples(st.just("cut"), st.integers(0, 10**6)),
)
XML = st.one_of(
    BYTES,
    st.tuples(st.just("tag value"), st.integers(0, 200), CELL_VALUES),
    st.tuples(st.just("cell type"), st.integers(0, 200), st.sampled_from(["s", "n", "str", "b", "e", "inlineStr", "d"])),
    st.tuples(st.just("repeat element"), st.integers(0, 200)),
)
XLSX_MUTATION = st.one_of(
    st.tuples(st.just("zip"), BYTES),
    st.tuples(st.just("drop member"), st.sampled_from(MEMBERS)),
    st.tuples(st.just("member"), st.sampled_from(MEMBERS), st.lists(XML, min_size=1, max_size=3)),
    st.tuples(st.just("cell"), st.integers(0, len(REGISTER) + 1), st.integers(0, len(HEADER) - 1), CELL_VALUES),
)
CSV_MUTATION = st.one_of(
    BYTES,
    st.tuples(st.just("drop line"), st.integers(0, 20)),
    st.tuples(st.just("repeat line"), st.integers(0, 20)),
    st.tuples(st.just("cell"), st.integers(0, 20), st.integers(0, 10), CELL_VALUES),
    st.tuples(st.just("separator"), st.sampled_from([",", "\t", "|", ";;"])),
)
XLSX_CASES = st.lists(XLSX_MUTATION, min_size=1, max_size=3)
CSV_CASES = st.tuples(st.integers(0, len(CSVS) - 1), st.lists(CSV_MUTATION, min_size=1, max_size=3))


def mutated_bytes(data: bytes, m: tuple) -> bytes:
    what, at = m[0], m[1] % (len(data) + 1)
    if what == "byte":
        return data[:at] + bytes([m[2]]) + data[at + 1:]
    if what == "insert":
        return data[:at] + m[2] + data[at:]
    return data[:at]


def as_text(value) -> str:
    return "" if value is None else str(value)


def mutated_xml(data: bytes, m: tuple) -> bytes:
    if m[0] in ("byte", "insert", "cut"):
        return mutated_bytes(data, m)
    if m[0] == "tag value":
        values = list(re.finditer(rb"<(v|t)(?: [^>]*)?>([^<]*)</\1>", data))
        if not values:
            return data
        hit = values[m[1] % len(values)]
        text = as_text(m[2]).replace("&", "&amp;").replace("<", "&lt;").encode("utf-8", errors="replace")
        return data[:hit.start(2)] + text + data[hit.end(2):]
    if m[0] == "cell type":
        cells = list(re.finditer(rb"<c r=\"[A-Z]+\d+\"( t=\"[a-zA-Z]+\")?", data))
        if not cells:
            return data
        hit = cells[m[1] % len(cells)]
        typed = f' t="{m[2]}"'.encode()
        return (data[:hit.start(1)] + typed + data[hit.end(1):]) if hit.group(1) else \
            (data[:hit.end()] + typed + data[hit.end():])
    rows = list(re.finditer(rb"<row [^>]*>.*?</row>|<si>.*?</si>", data, re.S))
    if not rows:
        return data
    hit = rows[m[1] % len(rows)]
    return data[:hit.end()] + hit.group(0) + data[hit.end():]


def with_cell(row: int, col: int, value) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(XLSX))
    try:
        wb.active.cell(row=row + 2, column=col + 1, value=value)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()
    except (ValueError, TypeError, openpyxl.utils.exceptions.IllegalCharacterError):
        return XLSX  # a value openpyxl will not write: no spreadsheet program would either


def mutated_xlsx(mutations: list[tuple]) -> bytes:
    data = XLSX
    for m in mutations:
        if m[0] == "zip":
            data = mutated_bytes(data, m[1])
            continue
        if m[0] == "cell":
            data = with_cell(*m[1:]) if data == XLSX else data
            continue
        try:
            source = zipfile.ZipFile(io.BytesIO(data))
            items = source.infolist()
            contents = {i.filename: source.read(i.filename) for i in items}
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, zipfile.LargeZipFile,
                NotImplementedError, RuntimeError):
            # the container is already broken (a member's compression method or encryption flag
            # mutated too): the member mutations have nothing to work on
            continue
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in items:
                if item.filename == m[1]:
                    if m[0] == "drop member":
                        continue
                    for xml in m[2]:
                        contents[item.filename] = mutated_xml(contents[item.filename], xml)
                target.writestr(item.filename, contents[item.filename])
        data = out.getvalue()
    return data


def mutated_csv(sample: int, mutations: list[tuple]) -> bytes:
    data, encoding = CSVS[sample]
    for m in mutations:
        if m[0] in ("byte", "insert", "cut"):
            data = mutated_bytes(data, m)
            continue
        if m[0] == "separator":
            data = data.replace(b";", m[1].encode())
            continue
        lines = data.split(b"\r\n")
        at = m[1] % len(lines)
        if m[0] == "drop line":
            del lines[at]
        elif m[0] == "repeat line":
            lines.insert(at, lines[at])
        else:
            cells = lines[at].split(b";")
            cells[m[2] % len(cells)] = as_text(m[3]).replace(";", ",").encode(encoding, errors="replace")
            lines[at] = b";".join(cells)
        data = b"\r\n".join(lines)
    return data


_codes = itertools.count()


def written(engine, book_id: int) -> tuple:
    with engine.connect() as conn:
        return tuple(conn.execute(select(func.count()).select_from(m).where(m.book_id == book_id)).scalar()
                     for m in (Entry, SourceRow, ImportBatch))


def booked_whole_or_not_at_all(engine, path, data: bytes) -> str:
    path.write_bytes(data)
    book = new_book(engine, code=f"fuzz-{next(_codes)}")
    try:
        report = import_books(engine, book=book.code, kind="contributions", paths=[path])
    except LedgerError as exc:
        assert "\n" not in str(exc).strip(), f"more than one line: {exc}"
        assert path.name in str(exc) or exc.code != "INPUT_FILE", f"{exc} does not name the file"
        assert written(engine, book.id) == (0, 0, 0), f"{exc} left rows behind"
        event(f"refused {exc.code}")
        return "refused"
    event("booked")
    entries, rows, batches = written(engine, book.id)
    outcomes = report.total.outcomes
    assert rows == report.total.rows == sum(outcomes.values()), "a row without exactly one outcome"
    assert entries >= outcomes["posted"] + outcomes["split"] + outcomes["held"] > 0 or entries == 0
    assert batches == 1
    with engine.connect() as conn:
        check = verify_book(conn, book)
    assert check.ok, check.problems
    return "booked"


FEW = settings(max_examples=200, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FEW
@given(mutations=XLSX_CASES)
def test_a_mutated_workbook_is_booked_whole_or_refused_in_one_line(fuzz_engine, tmp_path, mutations):
    booked_whole_or_not_at_all(fuzz_engine, tmp_path / "fuzz.xlsx", mutated_xlsx(mutations))


@FEW
@given(case=CSV_CASES)
def test_a_mutated_csv_is_booked_whole_or_refused_in_one_line(fuzz_engine, tmp_path, case):
    booked_whole_or_not_at_all(fuzz_engine, tmp_path / "fuzz.csv", mutated_csv(*case))


def test_the_unmutated_samples_book_every_row(fuzz_engine, tmp_path):
    """The fuzz starts from files that import: four gifts (the total row below them, equal to
    their sum, is no row to book), read the same from the workbook and from both CSV encodings."""
    for name, data in [("fine.xlsx", XLSX), ("fine.csv", CSVS[0][0]), ("fine1251.csv", CSVS[1][0])]:
        path = tmp_path / name
        path.write_bytes(data)
        book = new_book(fuzz_engine, code=f"fine-{next(_codes)}")
        report = import_books(fuzz_engine, book=book.code, kind="contributions", paths=[path])
        assert report.total.rows == 4, name
        assert report.total.outcomes["posted"] == 3 and report.total.outcomes["held"] == 1, (name, report.total.outcomes)


def _many() -> int:
    return int(os.environ.get("FUNDLEDGER_FUZZ_EXAMPLES", "1000"))


@pytest.mark.slow
def test_many_more_mutated_workbooks_on_both_engines(engine, tmp_path):
    @settings(max_examples=_many(), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(mutations=XLSX_CASES)
    def each(mutations):
        seen[booked_whole_or_not_at_all(engine, tmp_path / "fuzz.xlsx", mutated_xlsx(mutations))] += 1

    seen = Counter()
    each()
    print_fuzz_tally("workbooks", seen)


@pytest.mark.slow
def test_many_more_mutated_csvs_on_both_engines(engine, tmp_path):
    @settings(max_examples=_many(), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(case=CSV_CASES)
    def each(case):
        seen[booked_whole_or_not_at_all(engine, tmp_path / "fuzz.csv", mutated_csv(*case))] += 1

    seen = Counter()
    each()
    print_fuzz_tally("CSV files", seen)
