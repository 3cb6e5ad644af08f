"""receipt notes: what a register's notes column said of a receipt's donor, kept beside the entry

"A matched row adds its evidence (name, type, citizenship, notes) to the receipt": the notes
("гражданин РФ", "доля иностранного участия 30%") are evidence, as a finding's is, and are kept
as findings are, outside the hash chain. An entry's content is chained and a re-import finds
an entry by its business key and compares its content, so notes put into the entry would make
every book imported before re-import as conflicts; and a register row matched to the bank's
receipt adds its notes to an entry that exists already and is never edited. Each row here is
one receipt's notes and the row they were read from.

Revision ID: 0011_receipt_notes
Revises: 0010_close_out
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0011_receipt_notes"
down_revision = "0010_close_out"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("receipt_notes",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("book_id", sa.Integer(), nullable=False),
    sa.Column("entry_seq", sa.Integer(), nullable=False),
    sa.Column("notes", sa.Text(), nullable=False),
    sa.Column("source_file", sa.String(length=400), nullable=True),
    sa.Column("source_sheet", sa.String(length=200), nullable=True),
    sa.Column("source_row", sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(["book_id"], ["books.id"], name=op.f("fk_receipt_notes_book_id_books")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt_notes")),
    )
    with op.batch_alter_table("receipt_notes", schema=None) as batch_op:
        batch_op.create_index("ix_receipt_notes_book_entry", ["book_id", "entry_seq"], unique=False)


def downgrade() -> None:
    op.drop_table("receipt_notes")
