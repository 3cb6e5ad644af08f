"""reconciliation: donors' register rows held against the bank's statements

A register imported beside statements books no money of its own: each row is matched to the
bank's line (or found in no statement), and the pair is kept here with what the register said
of the donor, so that ``fundledger reconcile`` and the audit workbook list what does not agree.

Revision ID: 0009_reconciliation
Revises: 0007
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0009_reconciliation"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("reconciliation",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("book_id", sa.Integer(), nullable=False),
    sa.Column("batch_id", sa.Integer(), nullable=False),
    sa.Column("register_key", sa.String(length=600), nullable=False),
    sa.Column("register_file", sa.String(length=400), nullable=True),
    sa.Column("register_sheet", sa.String(length=200), nullable=True),
    sa.Column("register_row", sa.Integer(), nullable=True),
    sa.Column("register_seq", sa.Integer(), nullable=True),
    sa.Column("register_date", sa.Date(), nullable=False),
    sa.Column("register_tiyn", sa.BigInteger(), nullable=False),
    sa.Column("payer", sa.String(length=400), nullable=False),
    sa.Column("document", sa.String(length=100), nullable=True),
    sa.Column("evidence", sa.JSON(), nullable=False),
    sa.Column("bank_seq", sa.Integer(), nullable=True),
    sa.Column("bank_key", sa.String(length=600), nullable=True),
    sa.Column("bank_date", sa.Date(), nullable=True),
    sa.Column("bank_tiyn", sa.BigInteger(), nullable=True),
    sa.Column("status", sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(["batch_id"], ["import_batches.id"], name=op.f("fk_reconciliation_batch_id_import_batches")),
    sa.ForeignKeyConstraint(["book_id"], ["books.id"], name=op.f("fk_reconciliation_book_id_books")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliation")),
    sa.UniqueConstraint("book_id", "register_key", name=op.f("uq_reconciliation_book_id_register_key")),
    )
    with op.batch_alter_table("reconciliation", schema=None) as batch_op:
        batch_op.create_index("ix_reconciliation_book_bank", ["book_id", "bank_seq"], unique=False)
        batch_op.create_index("ix_reconciliation_book_bank_key", ["book_id", "bank_key"], unique=False)


def downgrade() -> None:
    op.drop_table("reconciliation")
