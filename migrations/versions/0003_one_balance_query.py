"""SQLite: check an entry's balance with one look at its postings, not two

The guard that refuses an unbalanced entry counted its postings in one subquery and summed
them in another; each entry of an import paid for both, and the guard was the largest single
cost of writing an entry. One subquery gives both figures. What the guard refuses is the
same (fewer than two postings, or a sum other than zero); PostgreSQL's guard already read
the postings once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UNBALANCED = "fundledger: unbalanced entry: its postings must sum to zero (at least two of them)"

ONE_QUERY = f"""CREATE TRIGGER entries_balanced BEFORE INSERT ON entries
    WHEN (SELECT COUNT(*) < 2 OR COALESCE(SUM(amount_tiyn), 0) <> 0 FROM postings
          WHERE book_id = NEW.book_id AND entry_seq = NEW.seq)
    BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END"""

TWO_QUERIES = f"""CREATE TRIGGER entries_balanced BEFORE INSERT ON entries
    WHEN (SELECT COUNT(*) FROM postings WHERE book_id = NEW.book_id AND entry_seq = NEW.seq) < 2
      OR (SELECT COALESCE(SUM(amount_tiyn), 0) FROM postings
          WHERE book_id = NEW.book_id AND entry_seq = NEW.seq) <> 0
    BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END"""


def _replace(ddl: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER entries_balanced")
        op.execute(ddl)


def upgrade() -> None:
    _replace(ONE_QUERY)


def downgrade() -> None:
    _replace(TWO_QUERIES)
