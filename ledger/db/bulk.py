"""Many rows in one statement, straight through the database driver.

An import writes hundreds of thousands of postings, entries and source rows; SQLAlchemy's
per-row parameter processing cost as much as the database itself. Here rows go to the
driver as plain tuples: ``executemany`` on SQLite, ``COPY`` on PostgreSQL. JSON columns are
serialised once, in the canonical form (sorted keys, no spaces) that the hash chain also uses;
a ``str`` given for a JSON column is taken as that text already made (an entry's details, a
source row's raw cells), never as a JSON string value.

Inside ``BackgroundWrites`` the rows are written on a second thread while the caller goes on
preparing the next ones: the database's own work (indexes, the journal's guard triggers) runs
without Python's lock, so an import uses both cores. Nothing can overtake a queued write:
every other statement on the connection, its commit and its rollback first wait for the
queue to empty, and a write that fails is raised in the caller at its next step.
"""
from __future__ import annotations

import datetime as dt
import queue
import sqlite3
import threading
from collections.abc import Callable, Sequence
from itertools import chain
from operator import itemgetter

from sqlalchemy import JSON, Connection, Date, Table, event
from sqlalchemy.exc import DBAPIError

from ledger.core.canonical import canonical_json

# SQLite's limit on parameters in one statement: 32766 since 3.32, 999 before.
SQLITE_MAX_VARIABLES = 32766 if sqlite3.sqlite_version_info >= (3, 32) else 999


def bulk_insert(conn: Connection, table: Table, rows: list, columns: Sequence[str] | None = None,
                as_stored: bool = False) -> None:
    """Insert ``rows``: dicts of column values, or, with ``columns``, tuples in that order (the
    hot paths build tuples: a dict per row, then picked apart again, cost them a tenth).
    ``as_stored``: the tuples' values are already what the columns store (JSON as its text,
    dates as ISO text), so nothing is converted: the writer thread then holds Python's lock
    for less of its time, which the caller's thread spends waiting for it."""
    if not rows:
        return
    as_tuples = columns is not None
    columns = list(columns) if as_tuples else list(rows[0])
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    sqlite = conn.dialect.name == "sqlite"

    # Only JSON and (on SQLite) date columns need converting; the rest go through as they are.
    if as_tuples:
        pick = _as_given
    else:
        pick = itemgetter(*columns) if len(columns) > 1 else (lambda r: (r[columns[0]],))
    special = [] if as_stored else [i for i, c in enumerate(columns)
                                    if c in json_columns or (sqlite and c in _date_columns(table))]
    if not special:
        data = rows if as_tuples else [pick(r) for r in rows]
    else:
        data = []
        for r in rows:
            values = list(pick(r))
            for i in special:
                v = values[i]
                if isinstance(v, dt.date):
                    values[i] = v.isoformat()
                elif v is not None and not isinstance(v, str):
                    values[i] = canonical_json(v)
            data.append(tuple(values))
    if conn.dialect.name == "postgresql":
        # COPY is PostgreSQL's bulk path: one round trip instead of one statement per row
        # (row triggers still guard every row).
        def write(driver) -> None:
            with driver.cursor() as cursor:
                with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in data:
                        copy.write_row(row)
    else:
        # Many rows per statement: SQLite then inserts them, guards and indexes included, in
        # one call that runs without Python's lock (executemany takes the lock back per row).
        def write(driver) -> None:
            cursor = driver.cursor()
            try:
                for sql, params in multi_row_inserts(conn, table.name, columns, data):
                    cursor.execute(sql, params)
            finally:
                cursor.close()
    _run(conn, write, f"INSERT INTO {table.name} ({len(rows)} rows)")


def _as_given(row: tuple) -> tuple:
    return row


def multi_row_inserts(conn: Connection, table: str, columns: list[str], rows: list[tuple],
                      suffix: str = ""):
    """``INSERT INTO table (columns) VALUES (...), (...) suffix`` with its flat parameters,
    up to 500 rows a statement (fewer when the columns would pass SQLite's limit)."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    per_statement = max(1, min(500, SQLITE_MAX_VARIABLES // len(columns)))
    row_marks = f"({', '.join([mark] * len(columns))})"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    for start in range(0, len(rows), per_statement):
        part = rows[start:start + per_statement]
        # Flattened in C: this runs on the writer thread holding Python's lock.
        yield head + ", ".join([row_marks] * len(part)) + suffix, list(chain.from_iterable(part))


def bulk_update(conn: Connection, table: Table, key: str, column: str, rows: list[tuple]) -> None:
    """``UPDATE table SET column = value WHERE key = id`` for each (value, id), in order."""
    if not rows:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = f"UPDATE {table.name} SET {column} = {mark} WHERE {key} = {mark}"

    def write(driver) -> None:
        cursor = driver.cursor()
        try:
            cursor.executemany(sql, rows)
        finally:
            cursor.close()
    _run(conn, write, sql)


def _run(conn: Connection, write: Callable, statement: str) -> None:
    """Run ``write(driver_connection)`` now or on the background thread; the driver's errors
    come out as SQLAlchemy's, as from any other statement (retries and the CLI know those)."""
    dialect = conn.dialect
    driver_error = dialect.loaded_dbapi.Error

    def guarded(driver) -> None:
        try:
            write(driver)
        except driver_error as exc:
            raise DBAPIError.instance(statement, None, exc, driver_error, hide_parameters=True,
                                      dialect=dialect) from exc

    writes: BackgroundWrites | None = conn.info.get(BackgroundWrites.KEY)
    if writes is not None:
        writes.put(guarded)
    else:
        guarded(conn.connection.driver_connection)


class BackgroundWrites:
    """Bulk writes of one connection on a second thread, for the length of a ``with``."""

    KEY = "fundledger_background_writes"
    # Writes queued at most: the caller waits rather than holding more rows in memory. An import
    # queues four at the end of each chunk (postings, entries, findings, source rows): at 3 the
    # caller waited there 0.6 s of a 13 s import of 100k rows, at 6 it waits 0.02 s, and the
    # three writes more hold a few MB.
    DEPTH = 6

    def __init__(self, conn: Connection):
        self.conn = conn
        self.driver = conn.connection.driver_connection
        self._jobs: queue.Queue = queue.Queue(self.DEPTH)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._work, name="fundledger-writes", daemon=True)

    # ``before_execute`` comes first for ``execute``; ``before_cursor_execute`` also covers
    # ``exec_driver_sql``, which has no ``before_execute``.
    _EVENTS = (("before_execute", "_barrier"), ("before_cursor_execute", "_barrier"),
               ("commit", "_barrier"), ("rollback", "_settle"))

    def __enter__(self) -> BackgroundWrites:
        if self.KEY in self.conn.info:
            raise RuntimeError("this connection already writes in the background")
        self.conn.info[self.KEY] = self
        for name, method in self._EVENTS:
            event.listen(self.conn, name, getattr(self, method))
        self._thread.start()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._jobs.put(None)
            self._thread.join()
        finally:
            del self.conn.info[self.KEY]
            for name, method in self._EVENTS:
                event.remove(self.conn, name, getattr(self, method))
        if exc is not self._error:
            # A failed write is the cause of whatever failed after it (on PostgreSQL, "current
            # transaction is aborted"): report the write.
            self._raise()

    def put(self, write: Callable) -> None:
        self._raise()
        self._jobs.put(write)

    def wait(self) -> None:
        """Return once every queued write is in the database; raise the first that failed."""
        self._jobs.join()
        self._raise()

    def _barrier(self, *args, **kwargs) -> None:
        """Before any other statement, and before commit: the queue is written, or it failed."""
        self.wait()

    def _settle(self, *args, **kwargs) -> None:
        """Before a rollback: nothing may still be writing, whatever failed."""
        self._jobs.join()

    def _raise(self) -> None:
        # Sticky: once a write failed, no statement and no commit may follow in this transaction.
        if self._error is not None:
            raise self._error

    def _work(self) -> None:
        while True:
            write = self._jobs.get()
            try:
                if write is None:
                    return
                if self._error is None:   # after a failure the transaction is lost: skip the rest
                    write(self.driver)
            except BaseException as exc:   # handed to the caller's thread
                self._error = exc
            finally:
                self._jobs.task_done()


def _date_columns(table: Table) -> set[str]:
    return {c.name for c in table.columns if isinstance(c.type, Date)}
