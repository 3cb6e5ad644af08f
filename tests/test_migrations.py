"""The schema's history: migrations build it from nothing, take it down and build it again,
match the models exactly, and refuse a database from a newer fundledger.

A ledger outlives the program that wrote it. Alembic's revisions are the only way the schema
changes, so they must produce what the models describe (otherwise the code and the database
disagree silently until some insert fails), must carry the journal's guards (triggers are not
in the models, so autogenerate would never notice them missing), and an old program must not
touch a database whose schema it does not know: it could write rows a newer version's rules
or triggers would refuse.
"""
from __future__ import annotations

import datetime as dt

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from conftest import at_desk, new_book
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from ledger.core.errors import SchemaError
from ledger.core.money import Money
from ledger.db.engine import (
    check_not_newer,
    current_revision,
    downgrade,
    ensure_current,
    head_revision,
    make_engine,
    upgrade,
)
from ledger.db.models import Base
from ledger.fund import ReceiptInput, SpendingInput
from ledger.journal.verify import verify_book
from ledger.rules.donors import DonorFacts
from ledger.rules.receipts import FundSource

TABLES = {"books", "accounts", "donors", "candidates", "entries", "postings", "import_batches",
          "source_rows", "findings", "reference_ids", "statements", "users", "reconciliation", "receipt_notes"}
HEAD = "0013_statement_references"
BEFORE_RECONCILIATION = "0008"   # revision 0009's parent
SQLITE_TRIGGERS = {"entries_no_update", "entries_no_delete", "postings_no_update",
                   "postings_no_delete", "entries_balanced", "postings_sealed", "entries_fund_closed",
                   "books_stay_closed"}
POSTGRES_TRIGGERS = {"entries_append_only", "postings_append_only", "entries_balanced",
                     "postings_sealed", "entries_fund_closed", "books_stay_closed",
                     # revision 0013: references checked per statement, on both sides
                     "postings_refer", "findings_refer", "findings_refer_again", "source_rows_refer",
                     "source_rows_refer_again", "books_named_deleted", "books_named_renumbered",
                     "accounts_named_deleted", "accounts_named_renumbered", "donors_named_deleted",
                     "donors_named_renumbered", "candidates_named_deleted", "candidates_named_renumbered",
                     "import_batches_named_deleted", "import_batches_named_renumbered"}
# Revision 0013's foreign keys, which PostgreSQL checks with statement triggers.
STATEMENT_REFERENCES = [
    ("postings", "book_id", "books"), ("postings", "account_id", "accounts"), ("postings", "donor_id", "donors"),
    ("postings", "candidate_id", "candidates"), ("findings", "book_id", "books"), ("findings", "donor_id", "donors"),
    ("source_rows", "batch_id", "import_batches"), ("source_rows", "book_id", "books")]


@pytest.fixture
def bare(db_url):
    """An empty database of each engine: no tables, no schema version."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


def tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def triggers(engine) -> set[str]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        else:
            rows = conn.execute(text(
                "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace"))
        return {r[0] for r in rows}


def expected_triggers(engine) -> set[str]:
    return SQLITE_TRIGGERS if engine.dialect.name == "sqlite" else POSTGRES_TRIGGERS


def post_one(engine, book, document="п/п 1"):
    return at_desk(engine, book, lambda desk: desk.receive(ReceiptInput(
        FundSource.OWN_FUNDS, Money.tenge(1_000_000), dt.date(2007, 8, 1),
        DonorFacts("Партия «Жасыл Дала»", None), document)))


def test_upgrade_builds_the_schema_from_an_empty_database(bare):
    assert current_revision(bare) is None
    assert tables(bare) == set()
    with pytest.raises(SchemaError, match="has no fundledger schema yet: run `fundledger init`"):
        ensure_current(bare)

    upgrade(bare)

    assert head_revision() == HEAD
    assert current_revision(bare) == HEAD
    assert tables(bare) == TABLES
    assert triggers(bare) == expected_triggers(bare)
    ensure_current(bare)                      # no complaint
    upgrade(bare)                             # at head already: nothing to do, no error
    assert current_revision(bare) == HEAD


def test_downgrade_to_base_and_upgrade_again_round_trips_with_working_guards(bare):
    upgrade(bare)
    book = new_book(bare)
    post_one(bare, book)

    downgrade(bare, "base")
    assert current_revision(bare) is None
    assert tables(bare) == set()
    assert triggers(bare) == set()

    upgrade(bare)
    assert current_revision(bare) == HEAD
    assert tables(bare) == TABLES
    assert triggers(bare) == expected_triggers(bare)

    # The data went with the tables; a new book works and the guards guard it.
    book = new_book(bare)
    result = post_one(bare, book)
    assert (result.seq, result.accepted) == (1, Money.tenge(1_000_000))
    for sql in ("UPDATE entries SET memo = 'edited'", "DELETE FROM postings"):
        with pytest.raises(DBAPIError, match="journal entries and postings are append-only"):
            with bare.begin() as conn:
                conn.execute(text(sql))
    with pytest.raises(DBAPIError, match="unbalanced entry"):
        with bare.begin() as conn:
            conn.execute(text(
                "INSERT INTO entries (book_id, seq, kind, entry_date, memo, idempotency_key, "
                "content_digest, details, recorded_at, prev_hash, hash) VALUES "
                "(:b, 2, 'contribution', '2007-08-02', '', 'raw-2', '', '{}', '', '', '')"),
                {"b": book.id})
    with pytest.raises(DBAPIError, match="already sealed"):
        with bare.begin() as conn:
            bank = conn.execute(text("SELECT id FROM accounts WHERE book_id = :b AND role = 'bank'"),
                                {"b": book.id}).scalar_one()
            conn.execute(text("INSERT INTO postings (book_id, entry_seq, line_no, account_id, amount_tiyn) "
                              "VALUES (:b, 1, 9, :a, 100)"), {"b": book.id, "a": bank})
    with bare.connect() as conn:
        report = verify_book(conn, book)
    assert report.ok and report.entries == 1


def test_the_models_and_the_migrations_describe_the_same_schema(bare):
    """On PostgreSQL the foreign keys of revision 0013's ``REFERENCES`` are statement triggers,
    not keys: those, and nothing else, the models have and the database has not."""
    upgrade(bare)
    with bare.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    missing = sorted((d[1].parent.name, *d[1].column_keys, d[1].referred_table.name)
                     for d in differences if d[0] == "add_fk")
    assert [d for d in differences if d[0] != "add_fk"] == []
    assert missing == ([] if bare.dialect.name == "sqlite" else sorted(STATEMENT_REFERENCES))


@pytest.mark.parametrize("refuse", [check_not_newer, ensure_current, upgrade],
                         ids=["check_not_newer", "ensure_current", "upgrade"])
def test_a_database_from_a_newer_fundledger_is_refused(bare, refuse):
    upgrade(bare)
    with bare.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0042_future'"))
    assert current_revision(bare) == "0042_future"

    with pytest.raises(SchemaError) as err:
        refuse(bare)
    assert str(err.value) == ("the database is at schema revision 0042_future, newer than this "
                              f"fundledger knows (its newest is {HEAD}): upgrade fundledger to use it")
    assert current_revision(bare) == "0042_future"   # untouched


def test_tables_without_a_schema_version_are_refused(bare):
    upgrade(bare)
    with bare.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
    with pytest.raises(SchemaError, match="has fundledger tables but no schema version"):
        ensure_current(bare)


def _pg_guards(engine) -> dict[str, tuple[str, str]]:
    """trigger name -> (its function, how often it runs: ROW or STATEMENT)."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT trigger_name, action_statement, action_orientation FROM information_schema.triggers "
            "WHERE trigger_schema = current_schema() AND trigger_name IN ('entries_balanced', 'postings_sealed')"))
        return {name: (statement.split()[-1], how) for name, statement, how in rows}


def _plan_settings(engine) -> dict[str, str | None]:
    with engine.connect() as conn:
        return dict(conn.execute(text(
            "SELECT proname, array_to_string(proconfig, ',') FROM pg_proc "
            "WHERE proname LIKE 'fundledger_%' AND proname <> 'fundledger_append_only' "
            "AND pronamespace = current_schema()::regnamespace")).all())


def test_postgresql_guards_check_each_statement_once_and_plan_afresh(pg_schema_url):
    """Revision 0002: a generic plan made while the tables were empty scanned every posting.
    Revision 0004: the balance and seal guards run once per statement, over its new rows."""
    engine = make_engine(pg_schema_url)
    upgrade(engine)
    assert _pg_guards(engine) == {"entries_balanced": ("fundledger_entries_balanced()", "STATEMENT"),
                                  "postings_sealed": ("fundledger_postings_unsealed()", "STATEMENT")}
    custom = "plan_cache_mode=force_custom_plan"
    assert _plan_settings(engine) == {"fundledger_entries_balanced": custom, "fundledger_postings_unsealed": custom,
                                      "fundledger_fund_open": custom, "fundledger_book_stays_closed": None,
                                      # revision 0013: the bulk tables' references, checked per statement
                                      "fundledger_postings_refer": custom, "fundledger_findings_refer": custom,
                                      "fundledger_source_rows_refer": custom, "fundledger_findings_refer_row": None,
                                      "fundledger_source_rows_refer_row": None, "fundledger_books_named": None,
                                      "fundledger_accounts_named": None, "fundledger_donors_named": None,
                                      "fundledger_candidates_named": None, "fundledger_import_batches_named": None}
    downgrade(engine, "0003")
    assert _pg_guards(engine) == {"entries_balanced": ("fundledger_entry_balanced()", "ROW"),
                                  "postings_sealed": ("fundledger_posting_unsealed()", "ROW")}
    assert _plan_settings(engine) == {"fundledger_entry_balanced": "plan_cache_mode=force_custom_plan",
                                      "fundledger_posting_unsealed": "plan_cache_mode=force_custom_plan"}
    downgrade(engine, "0001")
    assert _plan_settings(engine) == {"fundledger_entry_balanced": None, "fundledger_posting_unsealed": None}
    upgrade(engine)
    assert set(_plan_settings(engine)) == {"fundledger_entries_balanced", "fundledger_postings_unsealed",
                                           "fundledger_fund_open", "fundledger_book_stays_closed",
                                           "fundledger_postings_refer", "fundledger_findings_refer",
                                           "fundledger_source_rows_refer", "fundledger_findings_refer_row",
                                           "fundledger_source_rows_refer_row", "fundledger_books_named",
                                           "fundledger_accounts_named", "fundledger_donors_named",
                                           "fundledger_candidates_named", "fundledger_import_batches_named"}
    engine.dispose()


def _balance_guard_refuses(engine, book) -> str:
    """Post an unbalanced entry by hand; return the guard's message."""
    with engine.connect() as conn:
        bank, own = (conn.execute(text("SELECT id FROM accounts WHERE book_id = :b AND role = :r"),
                                  {"b": book.id, "r": role}).scalar_one() for role in ("bank", "own_funds"))
    with pytest.raises(DBAPIError) as err:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO postings (book_id, entry_seq, line_no, account_id, amount_tiyn) "
                              "VALUES (:b, 99, 1, :bank, 100), (:b, 99, 2, :own, -50)"),
                         {"b": book.id, "bank": bank, "own": own})
            conn.execute(text("INSERT INTO entries (book_id, seq, kind, entry_date, memo, idempotency_key, "
                              "content_digest, details, recorded_at, prev_hash, hash) VALUES "
                              "(:b, 99, 'contribution', '2007-08-01', '', 'raw', '', '{}', '', '', '')"),
                         {"b": book.id})
    return str(err.value.orig)


def test_sqlite_balance_guard_reads_the_postings_once_and_still_refuses(tmp_path):
    """Revision 0003 (SQLite only): one subquery instead of two; the guard refuses the same entries."""
    bare = make_engine(f"sqlite:///{tmp_path}/guard.db")

    def guard_sql() -> str:
        with bare.connect() as conn:
            return conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'entries_balanced'")).scalar_one()

    upgrade(bare)
    book = new_book(bare)
    assert guard_sql().count("FROM postings") == 1
    assert "unbalanced entry" in _balance_guard_refuses(bare, book)
    downgrade(bare, "0002")
    assert guard_sql().count("FROM postings") == 2
    assert "unbalanced entry" in _balance_guard_refuses(bare, book)
    upgrade(bare)
    assert guard_sql().count("FROM postings") == 1
    assert post_one(bare, book).seq == 1
    bare.dispose()


def _candidates(engine) -> list[tuple[str, bool]]:
    with engine.connect() as conn:
        return [(name, bool(on_list)) for name, on_list in
                conn.execute(text("SELECT name, on_list FROM candidates ORDER BY id"))]


def test_candidates_recorded_before_revision_0005_stay_on_the_list(bare):
    """Revision 0005: a candidate knows whether the party's list names them. Every candidate
    recorded before it was taken as the list's and stays so; spending that names someone new
    records them off the list. A downgrade keeps the candidates and forgets which were which."""
    upgrade(bare, "0004")
    book = new_book(bare)
    with bare.begin() as conn:
        conn.execute(text("INSERT INTO candidates (book_id, name, id_number, list_position) "
                          "VALUES (:b, 'Рахимова Салтанат', '620419449016', 1)"), {"b": book.id})

    upgrade(bare)
    assert current_revision(bare) == HEAD
    at_desk(bare, book, lambda desk: desk.spend(SpendingInput(
        Money.tenge(100), dt.date(2007, 8, 2), "rent", candidate="Сидоров Сидор")))
    assert _candidates(bare) == [("Рахимова Салтанат", True), ("Сидоров Сидор", False)]

    downgrade(bare, "0004")
    assert "on_list" not in {c["name"] for c in inspect(bare).get_columns("candidates")}
    with bare.connect() as conn:
        assert conn.execute(text("SELECT name FROM candidates ORDER BY id")).scalars().all() == [
            "Рахимова Салтанат", "Сидоров Сидор"]

    upgrade(bare)
    assert _candidates(bare) == [("Рахимова Салтанат", True), ("Сидоров Сидор", True)]
    with bare.connect() as conn:
        assert verify_book(conn, book).ok


def test_books_from_before_revision_0006_learn_their_account_from_the_first_statement(bare):
    """Revision 0006: a book knows its bank account and the statements imported. A book made
    before it has no account yet (the first statement will give it); a downgrade drops the
    statements and the account and keeps the book."""
    upgrade(bare, "0005")
    book = new_book(bare)

    upgrade(bare)
    assert current_revision(bare) == HEAD
    post_one(bare, book)   # the desk reads what the newest revision keeps (a closed fund's day)
    with bare.connect() as conn:
        assert conn.execute(text("SELECT bank_account FROM books")).scalars().all() == [None]
        assert conn.execute(text("SELECT COUNT(*) FROM statements")).scalar() == 0
    with bare.begin() as conn:
        conn.execute(text("UPDATE books SET bank_account = 'KZ12601A871234567890'"))

    downgrade(bare, "0005")
    assert "statements" not in tables(bare)
    assert "bank_account" not in {c["name"] for c in inspect(bare).get_columns("books")}
    upgrade(bare)
    with bare.connect() as conn:
        assert conn.execute(text("SELECT bank_account FROM books")).scalars().all() == [None]
        assert verify_book(conn, book).ok


def test_users_of_revision_0007_go_with_a_downgrade_and_the_books_stay(bare):
    """Revision 0007: the web desk's users, with a role the database itself checks, names and
    token digests unique. A downgrade drops the users and keeps the books and their journal."""
    upgrade(bare, "0006")
    book = new_book(bare)

    upgrade(bare)
    assert current_revision(bare) == HEAD
    post_one(bare, book)   # the desk reads what the newest revision keeps (a closed fund's day)
    insert_user = text("INSERT INTO users (name, role, books, password_hash, token_hash, created_at) "
                       "VALUES (:n, :r, '[]', 'x', :t, '2026-12-02')")
    with bare.begin() as conn:
        conn.execute(insert_user, {"n": "aida", "r": "auditor", "t": "ab" * 32})
        assert conn.execute(text("SELECT disabled FROM users")).scalars().all() in ([False], [0])
    for values in ({"n": "boss", "r": "owner", "t": None},        # no such role
                   {"n": "aida", "r": "admin", "t": None},        # a second aida
                   {"n": "bolat", "r": "auditor", "t": "ab" * 32}):   # a token digest reused
        with pytest.raises(DBAPIError):
            with bare.begin() as conn:
                conn.execute(insert_user, values)

    downgrade(bare, "0006")
    assert "users" not in tables(bare)
    upgrade(bare)
    with bare.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM users")).scalar() == 0
        assert verify_book(conn, book).ok


def test_revision_0009_keeps_the_reconciliation_and_a_downgrade_drops_it_with_the_books_kept(bare):
    """Revision 0009: a register row held against the bank's statements, one per register key
    of a book. A downgrade drops the pairs and keeps the books and their journal."""
    upgrade(bare)
    book = new_book(bare)
    post_one(bare, book)          # the desk reads what the newest revision keeps
    assert "reconciliation" in tables(bare)
    with bare.begin() as conn:
        batch = conn.execute(text("INSERT INTO import_batches (book_id, kind, file_name, file_sha256, imported_at, "
                                  "summary) VALUES (:b, 'contributions', 'r.xlsx', 'x', '2026-12-02', '{}') "
                                  "RETURNING id"), {"b": book.id}).scalar()
    insert_pair = text("INSERT INTO reconciliation (book_id, batch_id, register_key, register_date, register_tiyn, "
                       "payer, evidence, status) VALUES (:b, :batch, 'voluntary|x', '2007-08-01', 100, 'NAME:x', "
                       "'{}', 'NOT_IN_BANK')")
    with bare.begin() as conn:
        conn.execute(insert_pair, {"b": book.id, "batch": batch})
    with pytest.raises(DBAPIError):                  # one pair per register row of a book
        with bare.begin() as conn:
            conn.execute(insert_pair, {"b": book.id, "batch": batch})
    downgrade(bare, BEFORE_RECONCILIATION)
    assert "reconciliation" not in tables(bare)
    with bare.connect() as conn:   # the books and their journal stay (verify needs the newest revision)
        assert conn.execute(text("SELECT count(*) FROM entries WHERE book_id = :b"), {"b": book.id}).scalar() == 1
        assert conn.execute(text("SELECT code FROM books WHERE id = :b"), {"b": book.id}).scalar() == book.code


def _finding_rows(engine, book):
    with engine.connect() as conn:
        return conn.execute(text(
            "SELECT id, rule, evidence, evidence_code, evidence_params FROM findings WHERE book_id = :b ORDER BY id"),
            {"b": book.id}).all()


def test_a_book_written_at_0007_gains_its_findings_codes_keeps_its_chain_and_speaks_russian(bare):
    """Revision 0008: findings keep their evidence's code and parameters. A book written before
    gets them from its English where the templates read it back, and its chain does not move
    (findings are not in it, and no entry is touched)."""
    from ledger.i18n import speaking
    from ledger.reports.findings import findings

    upgrade(bare)
    book = new_book(bare)
    for day, facts in [(dt.date(2007, 8, 1), DonorFacts("Иванов Иван", None, citizenship="Россия")),
                       (dt.date(2007, 8, 2), DonorFacts("", None)),
                       (dt.date(2007, 8, 3), DonorFacts("Петров Пётр", "123456789012"))]:
        at_desk(bare, book, lambda desk, day=day, facts=facts: desk.receive(ReceiptInput(
            FundSource.VOLUNTARY, Money.tenge(50_000), day, facts, f"п/п {day.day}")))
    written = _finding_rows(bare, book)
    assert [(r.rule, r.evidence_code) for r in written] == [
        ("BAN_FOREIGN", "CITIZENSHIP_FOREIGN_MATCHED"), ("BAN_ANONYMOUS", "NO_NAME_NO_ID"),
        ("ID_INVALID", "ID_CHECK_FAILED")]
    assert written[0].evidence_params == '{"label":"россия","text":"Россия"}'
    assert written[2].evidence_params == '{"digits":"123456789012","why":"fails its check digit"}'
    with bare.connect() as conn:
        before = verify_book(conn, book)

    downgrade(bare, "0007")          # the book as revision 0007 kept it: English evidence alone
    assert "evidence_code" not in {c["name"] for c in inspect(bare).get_columns("findings")}
    with bare.begin() as conn:       # and one sentence no template reads
        conn.execute(text("INSERT INTO findings (book_id, entry_seq, rule, amount_tiyn, evidence, article, status) "
                          "SELECT book_id, entry_seq, rule, amount_tiyn, 'written by hand', article, status "
                          "FROM findings WHERE rule = 'BAN_ANONYMOUS'"))
    upgrade(bare)

    upgraded = _finding_rows(bare, book)
    assert upgraded[:3] == written
    assert (upgraded[3].evidence, upgraded[3].evidence_code, upgraded[3].evidence_params) == (
        "written by hand", None, None)
    with bare.connect() as conn:
        after = verify_book(conn, book)
        found = findings(conn, book)
    assert after.ok, after.problems
    assert (after.tip_seq, after.tip_hash) == (before.tip_seq, before.tip_hash) == (3, before.tip_hash)
    with speaking("ru"):
        shown = [f.evidence_in_words() for f in found]
    assert shown == [
        "гражданство/резидентство 'Россия' — не Республика Казахстан (совпало 'россия')",
        "нет ни имени, ни верного ИИН/БИН: жертвователя установить нельзя",
        "written by hand",
        "ИИН/БИН 123456789012: не сходится контрольная цифра",
    ]
