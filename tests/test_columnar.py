"""The columnar path and the per-row path import the same book into the same book.

The importer reads each distinct value of a column once (``ledger.importers.columns``);
``FUNDLEDGER_PER_ROW=1`` reads every cell on its own, as the importer always did. Random messy
registers (dates as Excel dates, serials and text, some no day at all; amounts as numbers and
text, zero, negative, 0.0 and -0.0, with too many decimals; IIN/BIN valid, typed as numbers,
failing their check digit or no number at all; banned and anonymous donors; totals, blank and
repeated rows) are imported both ways into two copies of one fresh database, with the clock
fixed, and every table must come out the same to the byte: entries with their hash chain,
postings, findings with their evidence, donors, every source row's outcome, the batch's
summary, and the report. The memory's limits are drawn small too, so that forgetting and
switching off (a column that does not repeat) happen inside the examples.

Hypothesis prints the seed of a failing run (``--hypothesis-seed=N`` replays it)."""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from ledger.books import DonorRegistry, create_book, load_book
from ledger.db.engine import make_engine, run_write, upgrade
from ledger.importers import columns
from ledger.importers import service as import_service
from ledger.journal import engine as journal_engine
from ledger.journal.verify import verify_book
from ledger.rules import receipts
from ledger.rules.profiles import BUILT_IN

HEADER = ["№ п/п", "Дата поступления", "Ф.И.О. / Наименование жертвователя", "ИИН/БИН", "Тип жертвователя",
          "Гражданство", "Сумма, тенге", "Назначение платежа", "№ платёжного поручения"]
TABLES = ("entries", "postings", "findings", "donors", "source_rows", "import_batches", "accounts")
STAMP = "2007-09-01T10:00:00.000000Z"

DAYS = st.one_of(
    st.dates(dt.date(2007, 6, 20), dt.date(2007, 8, 25)),
    st.datetimes(dt.datetime(2007, 7, 1), dt.datetime(2007, 8, 20)),
    st.dates(dt.date(2007, 7, 1), dt.date(2007, 8, 20)).map(lambda d: f"{d:%d.%m.%Y}"),
    st.integers(39260, 39320),                                  # Excel serials of mid-2007
    st.sampled_from(["31.09.2007", "", None, "вчера", "2007-08-01", "01.08.07 г.", "15 августа 2007", 1.5]),
)
AMOUNTS = st.one_of(
    st.integers(1, 400).map(lambda k: k * 250_000),              # repeats: a column of few values
    st.integers(1, 50_000_000),
    st.decimals(1, 10**7, places=2).map(float),
    st.sampled_from([0, 0.0, -0.0, -5000, "-5 000", "1\u00a0250\u00a0000,00", "1,250,000.00", "125000,5",
                     "0,001", "", None, True, "абв", 1250.555, 30_000_000, "30 000 000", 97_520_000]),
)
IDS = st.sampled_from([
    "800101300125", "850202400457", "070140000015", 70140000015, "070140000015 ", "ИИН 800101300125",
    "800101300126", "050150000019", "нет", "", None, 800101300125, "12345", 8.00101300125e11, "abc",
])
NAMES = st.sampled_from([
    "Иванов Иван Иванович", "Ахметова Сауле", "ТОО «Астана Сервис»", "ГУ «Аппарат акима района»",
    "Благотворительный фонд «Мейірім»", "Религиозное объединение «Свет Веры»", "Smith John", "", None,
    "Аноним", "Ресей азаматы Петров П.", "ТОО «ГУ-Строй»", "Партия «Жасыл Дала»", "Ким Ен Су (гражданка Кореи)",
])
TYPES = st.sampled_from(["Физ. лицо", "Юр. лицо", "", None, "иностранное юр. лицо", "гос. учреждение"])
CITIZENSHIPS = st.sampled_from(["РК", "Казахстан", "", None, "Россия", "Лицо без гражданства", "21"])
PURPOSES = st.sampled_from(["Добровольный взнос", "", None, "Возврат ошибочно перечисленных средств"])
DOCUMENTS = st.one_of(st.none(), st.integers(100, 120).map(str), st.sampled_from(["б/н", "№ 105", 107]))

# Cells a dict takes for one another (1, 1.0 and True are one key) but the readers do not: 1 is
# one tenge, True no amount; 1 is no date and True not even a number.
TRICKY = st.sampled_from([True, False, 1, 1.0, 0, "1", "True", 2.0, 2])


def column(values):
    return st.one_of(values, TRICKY)


ROW = st.tuples(column(DAYS), column(NAMES), column(IDS), column(TYPES), CITIZENSHIPS, column(AMOUNTS), PURPOSES,
                column(DOCUMENTS))
BOOKS = st.lists(st.one_of(ROW, ROW, ROW, ROW, st.just("blank"), st.just("total"), st.just("again")),
                 min_size=1, max_size=40)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """One migrated database with one book, copied for every import: migrating costs more than
    an example."""
    path = tmp_path_factory.mktemp("columnar") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    run_write(engine, lambda conn: create_book(conn, "Партия «Жасыл Дала»", "Мажилис 2007", BUILT_IN["kz-2007"], "B1"))
    engine.dispose()
    return path


def write_book(path: Path, rows: list) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Пожертвования"
    ws.append(["Избирательный фонд: Партия «Жасыл Дала»"])
    ws.append(HEADER)
    last = None
    for number, row in enumerate(rows, start=1):
        if row == "blank":
            ws.append([])
        elif row == "total":
            ws.append(["Итого", None, None, None, None, None, "=SUM(G3:G9)"])
        elif row == "again":
            if last is not None:
                ws.append(last)   # the same row twice: a second payment, or a duplicate by its document
        else:
            day, name, id_number, donor_type, citizenship, amount, purpose, document = row
            last = [number, day, name, id_number, donor_type, citizenship, amount, purpose, document]
            ws.append(last)
    wb.save(path)


def import_both_ways(template: Path, book: Path, per_row: bool, monkeypatch, chunk: int | None = None,
                     flush: int | None = None, times: int = 1) -> tuple[list, dict, tuple]:
    """The reports, every table and the verified tip of ``book`` imported ``times`` into a copy
    of ``template``; ``chunk`` and ``flush``: the rows posted a chunk and the entries the
    journal buffers, when not the importer's own."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "book.db"
        shutil.copy(template, db)
        engine = make_engine(f"sqlite:///{db}")
        with monkeypatch.context() as m:
            m.setenv("FUNDLEDGER_PER_ROW", "1" if per_row else "0")
            if chunk is not None:
                m.setattr(import_service, "POST_CHUNK", chunk)
            if flush is not None:
                m.setattr(journal_engine, "FLUSH_EVERY", flush)
            m.setattr(journal_engine, "now_stamp", lambda: STAMP)
            m.setattr(import_service, "now_stamp", lambda: STAMP)
            reports = [import_service.import_books(engine, book="B1", kind="contributions", paths=[book])
                       for _ in range(times)]
        data = [report.as_json() for report in reports]
        for report in data:
            report.pop("elapsed_seconds"), report.pop("rows_per_second")
        with engine.connect() as conn:
            tables = {t: conn.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2")).all() for t in TABLES}
            tip = verify_book(conn, load_book(conn, "B1"))
        engine.dispose()
        return data, tables, (tip.ok, tip.tip_seq, tip.tip_hash)


@settings(max_examples=40, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=BOOKS, probe=st.integers(2, 30), limit=st.integers(1, 20))
def test_the_columnar_path_books_what_the_per_row_path_books(template, tmp_path, monkeypatch, rows, probe, limit):
    book = tmp_path / "book.xlsx"
    write_book(book, rows)
    monkeypatch.setattr(columns, "PROBE", probe)
    monkeypatch.setattr(columns, "LIMIT", limit)
    monkeypatch.setattr(receipts.ReceiptJudge, "LIMIT", limit)   # the judge's memory starts again too
    fast = import_both_ways(template, book, per_row=False, monkeypatch=monkeypatch)
    slow = import_both_ways(template, book, per_row=True, monkeypatch=monkeypatch)
    assert fast[0] == slow[0]
    for table in TABLES:
        assert fast[1][table] == slow[1][table], table
    assert fast[2] == slow[2]
    assert fast[2][0]   # and the chain verifies


@settings(max_examples=30, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=BOOKS, chunk=st.integers(1, 7), flush=st.integers(1, 12))
def test_the_book_is_the_same_however_the_rows_are_chunked(template, tmp_path, monkeypatch, rows, chunk, flush):
    """The importer posts a chunk of rows at a time and looks up the next chunk's keys before it
    queues this chunk's last writes: a row met again in the next chunk is then found in the
    journal's buffer, one met again later in the table. Small chunks and a small buffer put
    those boundaries between a row and its repetition ("again"), and the book imported a second
    time finds every row in the table; the book and both reports must be those that a single
    chunk makes."""
    book = tmp_path / "book.xlsx"
    write_book(book, rows)
    chunked = import_both_ways(template, book, per_row=False, monkeypatch=monkeypatch, chunk=chunk, flush=flush,
                               times=2)
    whole = import_both_ways(template, book, per_row=False, monkeypatch=monkeypatch, chunk=10_000, flush=10_000,
                             times=2)
    assert chunked[0] == whole[0]
    for table in TABLES:
        assert chunked[1][table] == whole[1][table], table
    assert chunked[2] == whole[2] and chunked[2][0]


@settings(max_examples=25, deadline=None, print_blob=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=BOOKS, chunk=st.integers(1, 7))
def test_donors_numbered_by_the_import_are_those_the_database_numbers(template, tmp_path, monkeypatch, rows, chunk):
    """An import gives its new donors their ids itself and queues their rows for the writer
    thread; adding them one at a time, each numbered by the database (``DonorRegistry.ensure``,
    as a receipt typed in does), must make the same donors under the same ids, and every other
    table the same, however the chunks fall (the second import finds every donor the first one
    made)."""
    book = tmp_path / "book.xlsx"
    write_book(book, rows)
    numbered = import_both_ways(template, book, per_row=False, monkeypatch=monkeypatch, chunk=chunk, times=2)

    def one_at_a_time(registry, wanted):
        for donor in wanted.values():
            registry.ensure(donor)

    with monkeypatch.context() as m:
        m.setattr(DonorRegistry, "_ensure_many_queued", one_at_a_time)
        returned = import_both_ways(template, book, per_row=False, monkeypatch=monkeypatch, chunk=chunk, times=2)
    assert numbered[0] == returned[0]
    for table in TABLES:
        assert numbered[1][table] == returned[1][table], table
    assert numbered[2] == returned[2] and numbered[2][0]


def test_a_distinct_value_is_read_once_and_a_cell_is_never_taken_for_another():
    calls = []

    def read(value):
        calls.append(value)
        return (type(value).__name__, repr(value))

    column = columns.Distinct(read)
    cells = [1, 1.0, True, 0.0, -0.0, float("nan"), "1", 1, 1.0, True, "1", dt.date(2007, 8, 1),
             dt.datetime(2007, 8, 1), dt.date(2007, 8, 1)]
    assert [column(c) for c in cells] == [(type(c).__name__, repr(c)) for c in cells]
    # 1, 1.0, True, "1" and the date once each; 0.0, -0.0 and NaN every time (no key tells them apart)
    assert calls.count(1) == 3 and calls.count("1") == 1 and calls.count(dt.date(2007, 8, 1)) == 1


def test_a_column_of_all_different_values_stops_being_remembered(monkeypatch):
    monkeypatch.setattr(columns, "PROBE", 10)
    column = columns.Distinct(str)
    for n in range(100):
        assert column(n) == str(n)
    assert not column._on and len(column._seen) <= 1


def test_the_per_row_switch_reads_every_cell_with_the_reader_itself(monkeypatch):
    monkeypatch.setenv("FUNDLEDGER_PER_ROW", "1")
    assert columns.reader(str) is str
    monkeypatch.setenv("FUNDLEDGER_PER_ROW", "0")
    assert isinstance(columns.reader(str), columns.Distinct)
