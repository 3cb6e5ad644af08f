"""association: the nominating public association of a presidential candidate's fund

A presidential candidate's fund has the nominating association's funds as a source of its own
(kz-president-2015). The book now records that association, its name and its BIN
(``books.association_name``, ``books.association_bin``; both empty for a party's fund and a
self-nominated candidate's), so that its BIN is evidence: a bank statement's transfer from it
is the association's funds, and the association's funds from any other payer are flagged.

Revision ID: 0012_association
Revises: 0011_receipt_notes
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_association"
down_revision = "0011_receipt_notes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("books", sa.Column("association_name", sa.String(300), nullable=True))
    op.add_column("books", sa.Column("association_bin", sa.String(12), nullable=True))


def downgrade() -> None:
    # In place, as revisions 0005, 0006 and 0010 drop theirs: a batch copy of books would break
    # the foreign keys that point at it.
    for column in ("association_bin", "association_name"):
        op.drop_column("books", column)
