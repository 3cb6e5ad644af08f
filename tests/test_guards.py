"""The database itself guards the journal: raw SQL, bypassing the ORM and the engine, cannot
change or delete a posted entry, seal an unbalanced one, or add to a sealed one. And `verify`
catches what a database without its guards let through."""
import datetime as dt
import json
import shutil
import sqlite3

import pytest
from conftest import at_desk
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ledger.core.money import Money
from ledger.core.notices import code_of
from ledger.db.engine import make_engine
from ledger.fund import ReceiptInput
from ledger.journal.verify import verify_book
from ledger.rules.donors import DonorFacts
from ledger.rules.receipts import FundSource

D = dt.date(2007, 8, 1)


def fill(engine, book, n=3):
    at_desk(engine, book, lambda d: [d.receive(ReceiptInput(
        FundSource.OWN_FUNDS, Money.tenge(1000 * (i + 1)), D, DonorFacts("Партия", None), f"doc {i}"))
        for i in range(n)])


def refused(engine, sql, params=None):
    with pytest.raises(DBAPIError) as err:
        with engine.begin() as conn:
            conn.execute(text(sql), params or {})
    return str(err.value.orig)


@pytest.mark.parametrize("sql", [
    "UPDATE postings SET amount_tiyn = amount_tiyn * 2",
    "DELETE FROM postings",
    "UPDATE entries SET memo = 'edited'",
    "DELETE FROM entries",
])
def test_the_journal_is_append_only(engine, book, sql):
    fill(engine, book)
    message = refused(engine, sql)
    assert "journal entries and postings are append-only; correct with a reversing entry" in message
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM postings")).scalar_one() == 6


def _raw_entry_params(book, seq):
    return {"b": book.id, "s": seq, "k": f"raw-{seq}"}


RAW_ENTRY = ("INSERT INTO entries (book_id, seq, kind, entry_date, memo, idempotency_key, content_digest, details, "
             "recorded_at, prev_hash, hash) VALUES (:b, :s, 'contribution', '2007-08-01', '', :k, '', '{}', '', '', '')")


POSTINGS = ("INSERT INTO postings (book_id, entry_seq, line_no, account_id, amount_tiyn) "
            "VALUES (:b, 1, 1, :bank, :debit), (:b, 1, 2, :own, :credit)")


def test_postings_without_their_entry_are_refused_at_commit(engine, book):
    bank, own = _accounts(engine, book)
    message = refused(engine, POSTINGS, {"b": book.id, "bank": bank, "own": own, "debit": 100, "credit": -100})
    assert "fk_postings_entry" in message or "FOREIGN KEY constraint failed" in message


def test_an_unbalanced_entry_is_refused(engine, book):
    bank, own = _accounts(engine, book)
    with pytest.raises(DBAPIError) as err:
        with engine.begin() as conn:
            conn.execute(text(POSTINGS), {"b": book.id, "bank": bank, "own": own, "debit": 100, "credit": -50})
            conn.execute(text(RAW_ENTRY), _raw_entry_params(book, 1))
    assert "unbalanced entry: its postings must sum to zero (at least two of them)" in str(err.value.orig)


def test_a_single_sided_entry_is_refused(engine, book):
    bank, _ = _accounts(engine, book)
    with pytest.raises(DBAPIError, match="unbalanced entry"):
        with engine.begin() as conn:
            conn.execute(text(RAW_ENTRY), _raw_entry_params(book, 1))


def test_a_balanced_raw_entry_is_accepted_and_then_sealed(engine, book):
    bank, own = _accounts(engine, book)
    with engine.begin() as conn:
        conn.execute(text(POSTINGS), {"b": book.id, "bank": bank, "own": own, "debit": 100, "credit": -100})
        conn.execute(text(RAW_ENTRY), _raw_entry_params(book, 1))
    message = refused(engine, "INSERT INTO postings (book_id, entry_seq, line_no, account_id, amount_tiyn) "
                              "VALUES (:b, 1, 3, :own, 5)", {"b": book.id, "own": own})
    assert "the entry is already sealed; no posting can be added to it" in message


def test_one_bad_entry_among_many_in_one_statement_is_refused_with_the_whole_statement(engine, book):
    """The guards see every row of a multi-row statement (PostgreSQL checks a statement's new
    rows together): entries 1-3 balance, entry 4 does not, and nothing of it stays."""
    bank, own = _accounts(engine, book)
    postings = ", ".join(f"({book.id}, {seq}, {line}, {acc}, {amount})"
                         for seq in range(1, 5)
                         for line, acc, amount in ((1, bank, 100), (2, own, -100 if seq < 4 else -99)))
    entries = ", ".join(f"({book.id}, {seq}, 'contribution', '2007-08-01', '', 'raw-{seq}', '', '{{}}', '', '', '')"
                        for seq in range(1, 5))
    with pytest.raises(DBAPIError, match="unbalanced entry"):
        with engine.begin() as conn:
            conn.execute(text(f"INSERT INTO postings (book_id, entry_seq, line_no, account_id, amount_tiyn) VALUES {postings}"))
            conn.execute(text("INSERT INTO entries (book_id, seq, kind, entry_date, memo, idempotency_key, content_digest, "
                              f"details, recorded_at, prev_hash, hash) VALUES {entries}"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM entries")).scalar_one() == 0

    fill(engine, book, n=2)   # entries 1 and 2, sealed
    message = refused(engine, "INSERT INTO postings (book_id, entry_seq, line_no, account_id, amount_tiyn) VALUES "
                              "(:b, 3, 1, :bank, 5), (:b, 3, 2, :own, -5), (:b, 2, 9, :own, 5)",
                      {"b": book.id, "bank": bank, "own": own})
    assert "the entry is already sealed; no posting can be added to it" in message


def _accounts(engine, book):
    with engine.connect() as conn:
        rows = dict(conn.execute(text("SELECT role, id FROM accounts WHERE book_id = :b"), {"b": book.id}).all())
    return rows["bank"], rows["own_funds"]


def test_verify_passes_on_an_honest_book_and_keeps_a_digest(engine, book):
    fill(engine, book)
    with engine.connect() as conn:
        first = verify_book(conn, book)
    assert first.ok and (first.entries, first.postings, first.tip_seq) == (3, 6, 3)
    fill_more = [ReceiptInput(FundSource.OWN_FUNDS, Money.tenge(5), D, DonorFacts("Партия", None), "later")]
    at_desk(engine, book, lambda d: [d.receive(r) for r in fill_more])
    with engine.connect() as conn:
        later = verify_book(conn, book, digest=first.tip_hash)
    assert later.ok and later.digest_found and later.tip_seq == 4


def sqlite_book_and_digest(path):
    """A small SQLite book at ``path`` and the tip digest an auditor kept of it."""
    from conftest import new_book

    from ledger.db.engine import upgrade

    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    book = new_book(engine)
    fill(engine, book)
    with engine.connect() as conn:
        digest = verify_book(conn, book).tip_hash
    engine.dispose()
    return book, digest


def tamper(path, *statements):
    """Edit the file directly, as someone with the database in hand and no guards would."""
    raw = sqlite3.connect(path)
    for sql in statements:
        raw.execute(sql)
    raw.commit()
    raw.close()
    return make_engine(f"sqlite:///{path}")


def test_verify_catches_an_amount_changed_behind_the_guards(tmp_path):
    """A copy of the database whose trigger was dropped on purpose, then an amount edited."""
    book, digest = sqlite_book_and_digest(tmp_path / "book.db")
    copy = tmp_path / "tampered.db"
    shutil.copy(tmp_path / "book.db", copy)
    tampered = tamper(copy, "DROP TRIGGER postings_no_update",
                      "UPDATE postings SET amount_tiyn = amount_tiyn + 100 WHERE entry_seq = 2 AND line_no = 1",
                      "UPDATE postings SET amount_tiyn = amount_tiyn - 100 WHERE entry_seq = 2 AND line_no = 2")
    with tampered.connect() as conn:
        report = verify_book(conn, book, digest=digest)
    assert not report.ok
    assert report.problems[0] == "entry 2: its content does not match its hash (changed after it was written)"
    assert "account 1000: cached balance" in " ".join(report.problems)
    codes = [code_of(p) for p in report.problems]
    assert (codes[0], report.problems[0].params) == ("CHAIN_HASH_MISMATCH", {"seq": 2})
    assert "BALANCE_CACHE_MISMATCH" in codes
    assert [n["code"] for n in report.as_json()["notices"]] == codes


def test_verify_names_each_problem_by_its_code(tmp_path):
    """A posting moved off its entry: the entry no longer balances, its content no longer matches
    its hash, the cached balances stand; and an entry taken out leaves a gap and a broken link."""
    book, _digest = sqlite_book_and_digest(tmp_path / "book.db")
    engine = tamper(tmp_path / "book.db", "DROP TRIGGER postings_no_update", "DROP TRIGGER entries_no_delete",
                    "DROP TRIGGER postings_no_delete",
                    "UPDATE postings SET amount_tiyn = amount_tiyn + 1 WHERE entry_seq = 1 AND line_no = 1",
                    "DELETE FROM postings WHERE entry_seq = 2", "DELETE FROM entries WHERE seq = 2")
    with engine.connect() as conn:
        report = verify_book(conn, book)
    codes = [code_of(p) for p in report.problems]
    assert codes[:4] == ["CHAIN_HASH_MISMATCH", "POSTINGS_UNBALANCED", "CHAIN_SEQ_GAP", "CHAIN_LINK_BROKEN"], codes
    assert report.problems[1] == "entry 1: does not balance (2 postings summing to 0,01\u00a0₸)"
    assert report.problems[1].params == {"seq": 1, "postings": 2, "total": "0.01"}
    assert (report.problems[2], report.problems[2].params) == (
        "entry 3: expected entry 2 next; the sequence has a gap", {"seq": 3, "expected": 2})
    assert set(codes[4:]) == {"BALANCE_CACHE_MISMATCH"}
    assert [n["code"] for n in report.as_json()["notices"]] == codes


def test_verify_catches_a_rewritten_chain_that_no_longer_extends_a_kept_digest(tmp_path):
    book, kept = sqlite_book_and_digest(tmp_path / "book.db")
    engine = tamper(tmp_path / "book.db", "DROP TRIGGER entries_no_delete", "DROP TRIGGER postings_no_delete",
                    "DELETE FROM postings WHERE entry_seq = 3", "DELETE FROM entries WHERE seq = 3",
                    "UPDATE accounts SET balance_tiyn = balance_tiyn - 300000 WHERE role = 'bank'",
                    "UPDATE accounts SET balance_tiyn = balance_tiyn + 300000 WHERE role = 'own_funds'")
    with engine.connect() as conn:
        report = verify_book(conn, book, digest=kept)
    assert report.problems == [f"digest {kept[:16]}... is not in this book's chain: the journal no longer extends it"]
    assert [(code_of(p), p.params) for p in report.problems] == [("DIGEST_NOT_IN_CHAIN", {"digest": kept})]
    assert not report.ok


def test_verify_catches_a_cap_switched_off_in_the_chart(engine, book):
    """Accounts are not journal rows, so verify compares the chart with what it must be."""
    fill(engine, book)
    with engine.begin() as conn:
        conn.execute(text("UPDATE accounts SET parent_id = NULL WHERE book_id = :b AND code = '3210'"), {"b": book.id})
        conn.execute(text("UPDATE accounts SET ceiling_tiyn = ceiling_tiyn * 10 WHERE book_id = :b AND code = '3100'"),
                     {"b": book.id})
    with engine.connect() as conn:
        report = verify_book(conn, book)
    assert report.problems == [
        "account 3100 Own funds of the party was changed: type source, parent 3000, ceiling 487\u00a0600\u00a0000,00\u00a0₸ "
        "(must be source, 3000, 48\u00a0760\u00a0000,00\u00a0₸)",
        "account 3210 Voluntary contributions of citizens was changed: type source, parent \u2014, ceiling \u2014 "
        "(must be source, 3200, \u2014)",
    ]
    assert [(code_of(p), p.params) for p in report.problems] == [
        ("CHART_ACCOUNT_CHANGED", {"account": "3100", "account_name": "Own funds of the party", "type": "source",
                                   "parent": "3000", "ceiling": "487600000.00", "must_type": "source",
                                   "must_parent": "3000", "must_ceiling": "48760000.00"}),
        ("CHART_ACCOUNT_CHANGED", {"account": "3210", "account_name": "Voluntary contributions of citizens",
                                   "type": "source", "parent": None, "ceiling": None, "must_type": "source",
                                   "must_parent": "3200", "must_ceiling": None})]
    # Shown, the figures, the account's name and its type are in the reader's language.
    from ledger.reports.i18n import problem_words
    assert [problem_words(report.problems[0], lang) for lang in ("en", "ru", "kk")] == [
        "account 3100 Own funds of the party was changed: type source, parent 3000, ceiling 487,600,000.00\u00a0KZT "
        "(must be source, 3000, 48,760,000.00\u00a0KZT)",
        "счёт 3100 Собственные средства партии изменён: тип источник фонда, родительский счёт 3000, предел "
        "487\u00a0600\u00a0000,00\u00a0₸ (должно быть: источник фонда, 3000, 48\u00a0760\u00a0000,00\u00a0₸)",
        "3100 Партияның өз қаражаты шоты өзгертілген: түрі қор көзі, жоғарғы шоты 3000, шегі "
        "487\u00a0600\u00a0000,00\u00a0₸ (болуы тиіс: қор көзі, 3000, 48\u00a0760\u00a0000,00\u00a0₸)"]


def test_verify_catches_a_rule_profile_edited_after_the_book_was_opened(engine, book):
    from ledger.books import load_book

    fill(engine, book)
    with engine.begin() as conn:
        profile = dict(book.profile.to_dict(), base_amount="19504.00")
        conn.execute(text("UPDATE books SET profile = :p WHERE id = :b"),
                     {"p": json.dumps(profile), "b": book.id})
    with engine.connect() as conn:
        edited = load_book(conn, book.code)
        report = verify_book(conn, edited)
    assert ("entry 1: the chain does not start from this book's code and rule profile "
            "(the book's caps were changed after it was opened)") in report.problems
    assert "CHAIN_GENESIS_MISMATCH" in [code_of(p) for p in report.problems]
    assert not report.ok


# --- references (revision 0013: on PostgreSQL, statement triggers where they were foreign keys) --

def _ids(engine, book) -> dict:
    """The ids a hand-written row of the book can name: an account, a donor, an import batch."""
    fill(engine, book, 1)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO import_batches (book_id, kind, file_name, file_sha256, imported_at, summary) "
                          "VALUES (:b, 'contributions', 'a.xlsx', '', '', '{}')"), {"b": book.id})
        return {"b": book.id,
                "account": conn.execute(text("SELECT id FROM accounts WHERE book_id = :b AND role = 'bank'"),
                                        {"b": book.id}).scalar_one(),
                "donor": conn.execute(text("SELECT MAX(donor_id) FROM postings")).scalar_one(),
                "batch": conn.execute(text("SELECT MAX(id) FROM import_batches")).scalar_one(),
                "nobody": 999_999}


FINDING = ("INSERT INTO findings (book_id, entry_seq, rule, amount_tiyn, donor_id, evidence, article, status) "
           "VALUES ({book}, 1, 'BAN_FOREIGN', 100, {donor}, 'x', '', 'open')")
SOURCE_ROW = ("INSERT INTO source_rows (batch_id, book_id, sheet, row_number, raw, outcome, reason) "
              "VALUES ({batch}, {book}, 'Лист1', 5, '[]', 'rejected', '')")
POSTING = ("INSERT INTO postings (book_id, entry_seq, line_no, account_id, amount_tiyn, donor_id, candidate_id) "
           "VALUES (:b, 7, 1, {account}, 100, {donor}, {candidate})")


@pytest.mark.parametrize("sql", [
    POSTING.format(account=":nobody", donor="NULL", candidate="NULL"),
    POSTING.format(account=":account", donor=":nobody", candidate="NULL"),
    POSTING.format(account=":account", donor="NULL", candidate=":nobody"),
    FINDING.format(book=":b", donor=":nobody"),
    FINDING.format(book=":nobody", donor="NULL"),
    SOURCE_ROW.format(batch=":nobody", book=":b"),
    SOURCE_ROW.format(batch=":batch", book=":nobody"),
    "UPDATE findings SET donor_id = :nobody",
    "UPDATE source_rows SET batch_id = :nobody",
], ids=["posting-account", "posting-donor", "posting-candidate", "finding-donor", "finding-book",
        "source-row-batch", "source-row-book", "finding-donor-changed", "source-row-batch-changed"])
def test_a_row_naming_a_row_that_does_not_exist_is_refused(engine, book, sql):
    ids = _ids(engine, book)
    with engine.begin() as conn:   # rows to change, naming what exists
        conn.execute(text(FINDING.format(book=":b", donor=":donor")), ids)
        conn.execute(text(SOURCE_ROW.format(batch=":batch", book=":b")), ids)
    message = refused(engine, sql, ids)
    assert "FOREIGN KEY constraint failed" in message if engine.dialect.name == "sqlite" else \
        "row names a" in message and "row that does not exist" in message
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM findings WHERE donor_id = :donor"), ids).scalar_one() == 1
        assert conn.execute(text("SELECT COUNT(*) FROM source_rows WHERE batch_id = :batch"), ids).scalar_one() == 1


@pytest.mark.parametrize("sql", [
    "DELETE FROM donors WHERE id = :donor", "UPDATE donors SET id = :nobody WHERE id = :donor",
    "DELETE FROM import_batches WHERE id = :batch", "DELETE FROM accounts WHERE id = :account",
], ids=["donor", "donor-renumbered", "import-batch", "account"])
def test_a_row_that_others_name_cannot_be_deleted_or_renumbered(engine, book, sql):
    ids = _ids(engine, book)
    with engine.begin() as conn:
        conn.execute(text(SOURCE_ROW.format(batch=":batch", book=":b")), ids)
    message = refused(engine, sql, ids)
    assert "FOREIGN KEY constraint failed" in message if engine.dialect.name == "sqlite" else \
        "row that" in message and "cannot be deleted or given another id" in message
    with engine.connect() as conn:
        assert verify_book(conn, book).ok


def test_rows_nobody_names_are_deleted_and_rows_that_keep_their_id_are_changed(engine, book):
    ids = _ids(engine, book)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO donors (donor_key, name, kind) VALUES ('NAME:никто', 'Никто', 'person')"))
        assert conn.execute(text("DELETE FROM donors WHERE donor_key = 'NAME:никто'")).rowcount == 1
        assert conn.execute(text("UPDATE donors SET name = 'Партия' WHERE id = :donor"), ids).rowcount == 1
        assert conn.execute(text("DELETE FROM import_batches WHERE id = :batch"), ids).rowcount == 1


def test_postgresql_deletes_a_row_others_may_name_only_under_read_committed(pg_schema_url):
    engine = make_engine(pg_schema_url)
    from ledger.db.engine import upgrade

    upgrade(engine)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with pytest.raises(DBAPIError) as err, conn.begin():
            conn.execute(text("INSERT INTO donors (donor_key, name, kind) VALUES ('NAME:никто', 'Никто', 'person')"))
            conn.execute(text("DELETE FROM donors"))
    assert "is deleted or given another id only under READ COMMITTED" in str(err.value.orig)
    engine.dispose()


def test_postgresql_deleting_a_donor_waits_for_the_import_naming_them_and_is_refused(pg_schema_url):
    """A foreign key locked the donor it checked until the naming transaction ended. The
    statement trigger's deletion waits for every writer of the tables that name donors, and
    then looks again: the donor a concurrent, uncommitted posting names cannot go."""
    import threading

    from conftest import new_book
    from ledger.db.engine import upgrade

    engine = make_engine(pg_schema_url)
    upgrade(engine)
    book = new_book(engine)
    ids = _ids(engine, book)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO donors (donor_key, name, kind) VALUES ('NAME:новый', 'Новый', 'person')"))
        ids["new"] = conn.execute(text("SELECT id FROM donors WHERE donor_key = 'NAME:новый'")).scalar_one()
    outcome = {}

    def delete():
        try:
            with engine.begin() as conn:
                conn.execute(text("DELETE FROM donors WHERE id = :new"), ids)
        except DBAPIError as exc:
            outcome["refused"] = str(exc.orig)

    with engine.connect() as writer:
        writer.begin()
        writer.execute(text(POSTING.format(account=":account", donor=":new", candidate="NULL")
                            + ", (:b, 7, 2, :account, -100, NULL, NULL)"), ids)
        deleter = threading.Thread(target=delete)
        deleter.start()
        # Until the deletion waits for this transaction's lock. Each look in a transaction of its
        # own: within one, PostgreSQL shows the activity as it was at the first look.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as watch:
            while not watch.execute(text("SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = "
                                         "'Lock' AND query LIKE 'DELETE FROM donors%')")).scalar_one():
                deleter.join(0.05)
                assert deleter.is_alive(), outcome
        writer.execute(text("INSERT INTO entries (book_id, seq, kind, entry_date, memo, idempotency_key, "
                            "content_digest, details, recorded_at, prev_hash, hash) VALUES "
                            "(:b, 7, 'contribution', '2007-08-01', '', 'raw-7', '', '{}', '', '', '')"), ids)
        writer.commit()
    deleter.join()
    assert "a donor row that findings and postings name cannot be deleted or given another id" in outcome["refused"]
    engine.dispose()
