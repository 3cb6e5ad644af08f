"""PostgreSQL: plan the journal guards' queries afresh each time

The guard functions look up an entry's postings by (book_id, entry_seq). PL/pgSQL caches a
generic plan after a few calls; planned while a book's tables were still empty, that plan
scanned the whole postings table, so one large import inside one transaction slowed down
with every row it posted. With custom plans the index is used as the tables grow.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

FUNCTIONS = ("fundledger_entry_balanced()", "fundledger_posting_unsealed()")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for fn in FUNCTIONS:
            op.execute(f"ALTER FUNCTION {fn} SET plan_cache_mode = force_custom_plan")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for fn in FUNCTIONS:
            op.execute(f"ALTER FUNCTION {fn} RESET plan_cache_mode")
