"""Engines, write transactions and the schema's version.

SQLite is the embedded default, PostgreSQL the shared one; the rest of the code does not
know which it talks to. Two things differ and are settled here once:

* the write lock: on SQLite a writing transaction starts with ``BEGIN IMMEDIATE`` (the whole
  file is locked, so caps and the hash chain see no concurrent writer); on PostgreSQL the
  posting engine locks the book's row with ``SELECT ... FOR UPDATE``;
* retries: SQLITE_BUSY, PostgreSQL serialisation failures and deadlocks are retried with
  backoff by ``run_write``, which re-runs the whole unit of work, so nothing is half-applied.
"""
from __future__ import annotations

import contextlib
import os
import pathlib
import random
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError

from ledger import paths
from ledger.core.errors import NoBookYet, SchemaError, UsageError
from ledger.i18n import _

DEFAULT_URL = "sqlite:///fundledger.db"
T = TypeVar("T")


def database_url(url: str | None = None) -> str:
    url = url or os.environ.get("FUNDLEDGER_DB") or DEFAULT_URL
    if "://" not in url:   # a plain file path: a SQLite book
        url = "sqlite:///" + url
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str | None = None, **kwargs) -> Engine:
    url = database_url(url)
    if url.startswith("sqlite"):
        _check_sqlite_folder(url)
        url = _read_only_if_unwritable(url)
        engine = create_engine(url, connect_args={"timeout": 60}, **kwargs)
        _sqlite_setup(engine)
        return engine
    if not url.startswith("postgresql"):
        raise UsageError(f"--db {_without_password(url)}: not a database fundledger keeps books in; "
                         "use sqlite:///PATH (or a file path) or postgresql+psycopg://USER@HOST/DATABASE",
                         code="DB_URL_INVALID")
    # No server-side prepared statements: psycopg prepares a query after a few runs and
    # PostgreSQL may then keep a generic plan made while a book's tables were small, so
    # one large import's key look-ups slowed down with every row it posted (100k rows:
    # 300 s instead of 60 s). Each statement is planned for the tables as they are.
    connect_args = {"prepare_threshold": None, **kwargs.pop("connect_args", {})}
    try:
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)
    except ArgumentError as exc:
        raise UsageError(f"--db {_without_password(url)}: {exc}", code="DB_URL_INVALID") from exc


def _read_only_if_unwritable(url: str) -> str:
    """A book the user may read but not change (an auditor's copy on read-only media, a file
    of another user) is opened read-only and as immutable: SQLite's WAL would otherwise need
    to write beside it even to read, and every command, verify included, would fail."""
    path = make_url(url).database
    if not path or path == ":memory:" or path.startswith("file:") or not os.path.exists(path):
        return url
    folder = os.path.dirname(os.path.abspath(path))
    if os.access(path, os.W_OK) and os.access(folder, os.W_OK):
        return url
    wal = path + "-wal"
    # Immutable only when nothing waits in the write-ahead log: SQLite would not read it.
    immutable = "" if os.path.exists(wal) and os.path.getsize(wal) else "&immutable=1"
    return f"sqlite:///file:{os.path.abspath(path)}?mode=ro{immutable}&uri=true"


def _check_sqlite_folder(url: str) -> None:
    """SQLite says only "unable to open database file" when the folder is missing."""
    path = make_url(url).database
    if path and path != ":memory:" and not path.startswith("file:"):
        if pathlib.Path(path).expanduser().is_dir():
            raise UsageError(_("--db {url}: {path} is a folder, not a database file; name a file in it, such as "
                               "{example}").format(url=url, path=path, example=pathlib.Path(path) / "fund.db"),
                             code="DB_IS_A_FOLDER")
        folder = pathlib.Path(path).expanduser().parent
        if not folder.is_dir():
            raise UsageError(f"--db {url}: the folder {folder} does not exist; create it or give another path",
                             code="DB_FOLDER_MISSING")


def _without_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # We issue BEGIN ourselves so that writers can ask for BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        if engine.url.database not in (None, "", ":memory:") and engine.url.query.get("mode") != "ro":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        # 32 MB of pages: a big import's index updates mostly stay in memory. At 64 MB the cache
        # was most of what an import of a 1M-row CSV held (213 MB, against 179 MB at 32 MB),
        # for 2 % of its time (139 s against 142 s) and 1 % at 100k rows.
        cursor.execute("PRAGMA cache_size=-32768")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection):
        if conn.get_execution_options().get("fundledger_write"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def is_sqlite(conn_or_engine) -> bool:
    return conn_or_engine.dialect.name == "sqlite"


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError) and "database is locked" in str(exc):
        return True
    if isinstance(exc, DBAPIError):
        code = getattr(getattr(exc, "orig", None), "sqlstate", None)
        return code in ("40001", "40P01")  # serialization_failure, deadlock_detected
    return False


def run_write(engine: Engine, work: Callable[[Connection], T], attempts: int = 8, dry_run: bool = False) -> T:
    """Run ``work`` in one write transaction, retried with backoff on lock conflicts. A dry
    run does all of it, under the same lock and guards, then rolls it back."""
    for attempt in range(attempts):
        try:
            with engine.connect().execution_options(fundledger_write=True) as conn:
                with conn.begin() as transaction:
                    result = work(conn)
                    if dry_run:
                        transaction.rollback()
                    return result
        except (OperationalError, DBAPIError) as exc:
            if not _retryable(exc) or attempt == attempts - 1:
                raise
            time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))
    raise AssertionError("unreachable")


def read(engine: Engine) -> Connection:
    """A connection for reading (a plain BEGIN on SQLite; no lock taken)."""
    return engine.connect()


@contextlib.contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """One moment of the database for a report that reads several tables (verify, the audit
    workbook): a single read transaction, REPEATABLE READ on PostgreSQL; on SQLite every read
    of one transaction sees the same snapshot. A writer committing meanwhile is not seen."""
    conn = engine.connect()
    if conn.dialect.name == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    with conn, conn.begin():
        yield conn


# --- schema version ----------------------------------------------------------------------

def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    check_not_newer(engine)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_not_newer(engine: Engine) -> None:
    current = current_revision(engine)
    if current is None:
        return
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise SchemaError(_(
            "the database is at schema revision {current}, newer than this fundledger knows (its newest is "
            "{head}): upgrade fundledger to use it").format(current=current, head=script.get_current_head()))


def ensure_current(engine: Engine) -> None:
    """Refuse to work on a database that is empty, behind or ahead of this program."""
    path = engine.url.database
    if engine.dialect.name == "sqlite" and path and path != ":memory:" and not path.startswith("file:") \
            and not pathlib.Path(path).exists():
        # Checked before connecting, which would leave an empty file behind.
        raise NoBookYet(_("no database at {path}: run `fundledger init` to create a book there").format(path=path))
    check_not_newer(engine)
    current = current_revision(engine)
    head = head_revision()
    if current is None:
        if inspect(engine).has_table("books"):
            raise SchemaError(_("the database has fundledger tables but no schema version; it was not made by "
                                "`fundledger db upgrade`"))
        raise NoBookYet(_("{database} has no fundledger schema yet: run `fundledger init` (or `fundledger db "
                            "upgrade`)").format(database=engine.url.render_as_string(hide_password=True)))
    if current != head:
        raise SchemaError(_("the database schema is at {current}, this fundledger needs {head}: run `fundledger "
                            "db upgrade`").format(current=current, head=head))
