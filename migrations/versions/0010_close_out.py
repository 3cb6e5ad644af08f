"""close-out: a fund's election and results dates, and the day it was closed

A fund does not end on election day: the party reports on its use within 5 days after the
results are published, and what is left is divided between the republican budget and the
party (art. 34(9)). A book now records the election's day and the results' day
(``books.election_date``, ``books.results_date``) and the day it was closed out
(``books.closed_on``). Once closed, the database itself refuses any entry but a payment of
what the fund owes (a refund to a donor or the party, a transfer to the budget), whoever
writes it, and a closed book cannot be opened again by clearing its day.

Revision ID: 0010_close_out
Revises: 0007
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_close_out"
down_revision = "0009_reconciliation"
branch_labels = None
depends_on = None

CLOSED = "fundledger: the fund is closed: only payments of what it owes (refund, budget_transfer) are booked"
STAYS_CLOSED = "fundledger: a closed fund stays closed: its close-out day cannot be changed"
# What a closed fund may still book: the payments of what it owes (``core.codes.PAYBACK_KINDS``).
PAYMENTS = "('refund', 'budget_transfer')"
RAISE = "RAISE EXCEPTION '{}' USING ERRCODE = 'integrity_constraint_violation'"

_SQLITE = [
    f"""CREATE TRIGGER entries_fund_closed BEFORE INSERT ON entries
        WHEN NEW.kind NOT IN {PAYMENTS}
         AND EXISTS (SELECT 1 FROM books WHERE id = NEW.book_id AND closed_on IS NOT NULL)
        BEGIN SELECT RAISE(ABORT, '{CLOSED}'); END""",
    f"""CREATE TRIGGER books_stay_closed BEFORE UPDATE OF closed_on ON books
        WHEN OLD.closed_on IS NOT NULL AND (NEW.closed_on IS NULL OR NEW.closed_on <> OLD.closed_on)
        BEGIN SELECT RAISE(ABORT, '{STAYS_CLOSED}'); END""",
]
_POSTGRES = [
    # A statement trigger over the new rows, as the other guards of entries (revision 0004):
    # an import's COPY of thousands of entries is checked by one query.
    f"""CREATE FUNCTION fundledger_fund_open() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM new_entries e JOIN books b ON b.id = e.book_id
                     WHERE b.closed_on IS NOT NULL AND e.kind NOT IN {PAYMENTS}) THEN
            {RAISE.format(CLOSED)};
          END IF;
          RETURN NULL;
        END $$""",
    # Planned afresh at each statement, for the tables as they are then (see revision 0002).
    "ALTER FUNCTION fundledger_fund_open() SET plan_cache_mode = force_custom_plan",
    """CREATE TRIGGER entries_fund_closed AFTER INSERT ON entries REFERENCING NEW TABLE AS new_entries
       FOR EACH STATEMENT EXECUTE FUNCTION fundledger_fund_open()""",
    f"""CREATE FUNCTION fundledger_book_stays_closed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.closed_on IS NOT NULL AND NEW.closed_on IS DISTINCT FROM OLD.closed_on THEN
            {RAISE.format(STAYS_CLOSED)};
          END IF;
          RETURN NEW;
        END $$""",
    """CREATE TRIGGER books_stay_closed BEFORE UPDATE ON books
       FOR EACH ROW EXECUTE FUNCTION fundledger_book_stays_closed()""",
]


def upgrade() -> None:
    op.add_column("books", sa.Column("election_date", sa.Date(), nullable=True))
    op.add_column("books", sa.Column("results_date", sa.Date(), nullable=True))
    op.add_column("books", sa.Column("closed_on", sa.Date(), nullable=True))
    for ddl in (_SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRES):
        op.execute(ddl)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS entries_fund_closed")
        op.execute("DROP TRIGGER IF EXISTS books_stay_closed")
    else:
        op.execute("DROP TRIGGER IF EXISTS entries_fund_closed ON entries")
        op.execute("DROP TRIGGER IF EXISTS books_stay_closed ON books")
        op.execute("DROP FUNCTION IF EXISTS fundledger_fund_open()")
        op.execute("DROP FUNCTION IF EXISTS fundledger_book_stays_closed()")
    # In place, as revisions 0005 and 0006 drop theirs: a batch copy of books would break the
    # foreign keys that point at it.
    for column in ("closed_on", "results_date", "election_date"):
        op.drop_column("books", column)
