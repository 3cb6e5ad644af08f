"""bank statements: the fund's account and the statements imported

The bank's statement is the truth of what money arrived and left. A book now knows its
special account (``books.bank_account``, given at init or taken from the first statement),
and every imported statement leaves its period and the bank's figures in ``statements``, so
that a statement of another account, or one whose period was imported already, is refused, and
a gap between statements or a balance not carried over is reported.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("books", sa.Column("bank_account", sa.String(length=34), nullable=True))
    op.create_table("statements",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("book_id", sa.Integer(), nullable=False),
    sa.Column("batch_id", sa.Integer(), nullable=False),
    sa.Column("file_name", sa.String(length=400), nullable=False),
    sa.Column("file_sha256", sa.String(length=64), nullable=False),
    sa.Column("account", sa.String(length=34), nullable=False),
    sa.Column("period_start", sa.Date(), nullable=False),
    sa.Column("period_end", sa.Date(), nullable=False),
    sa.Column("opening_tiyn", sa.BigInteger(), nullable=True),
    sa.Column("closing_tiyn", sa.BigInteger(), nullable=True),
    sa.Column("credits_tiyn", sa.BigInteger(), nullable=False),
    sa.Column("debits_tiyn", sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(["batch_id"], ["import_batches.id"], name=op.f("fk_statements_batch_id_import_batches")),
    sa.ForeignKeyConstraint(["book_id"], ["books.id"], name=op.f("fk_statements_book_id_books")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_statements"))
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index("ix_statements_book_period", ["book_id", "period_start"], unique=False)


def downgrade() -> None:
    op.drop_table("statements")
    # In place, as revision 0005 drops its column: a batch copy of books would break the
    # foreign keys that point at it.
    op.drop_column("books", "bank_account")
