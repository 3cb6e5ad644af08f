"""candidates: whether the party's list names them

Spending may name a candidate, and a candidate it names that the book did not know was
recorded like one from the party's list; a later gift from that person was then refused as a
candidate's own money although no list said they were one. ``on_list`` tells the two apart.
Every candidate recorded before this revision counts as on the list, as it did until now.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("candidates", sa.Column("on_list", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    # A plain DROP COLUMN, which SQLite (3.35+) does in place: a batch operation would copy
    # the table and drop the old one, and the postings' foreign key to it refuses that.
    op.drop_column("candidates", "on_list")
