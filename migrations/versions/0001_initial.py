"""initial schema: books, chart, journal, imports, findings, and the journal's guards

The guards are triggers, so the database itself refuses what the code never does: changing
or deleting a posted entry or posting, sealing an entry whose postings do not sum to zero,
or adding a posting to an entry already sealed.

Revision ID: 0001
Revises: 
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('books',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('party', sa.String(length=300), nullable=False),
    sa.Column('election', sa.String(length=300), nullable=False),
    sa.Column('profile_code', sa.String(length=80), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_books')),
    sa.UniqueConstraint('code', name=op.f('uq_books_code'))
    )
    op.create_table('donors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('donor_key', sa.String(length=400), nullable=False),
    sa.Column('id_number', sa.String(length=12), nullable=True),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_donors')),
    sa.UniqueConstraint('donor_key', name=op.f('uq_donors_donor_key'))
    )
    with op.batch_alter_table('donors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_donors_id_number'), ['id_number'], unique=False)

    op.create_table('reference_ids',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('list_kind', sa.String(length=30), nullable=False),
    sa.Column('id_number', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('source_file', sa.String(length=400), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_ids')),
    sa.UniqueConstraint('list_kind', 'id_number', name=op.f('uq_reference_ids_list_kind_id_number'))
    )
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('book_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('role', sa.String(length=60), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_ru', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('fund_source', sa.String(length=30), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('is_postable', sa.Boolean(), nullable=False),
    sa.Column('ceiling_tiyn', sa.BigInteger(), nullable=True),
    sa.Column('balance_tiyn', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['books.id'], name=op.f('fk_accounts_book_id_books')),
    sa.ForeignKeyConstraint(['parent_id'], ['accounts.id'], name=op.f('fk_accounts_parent_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('book_id', 'code', name=op.f('uq_accounts_book_id_code')),
    sa.UniqueConstraint('book_id', 'role', name=op.f('uq_accounts_book_id_role'))
    )
    op.create_table('candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('book_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('id_number', sa.String(length=12), nullable=True),
    sa.Column('list_position', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['book_id'], ['books.id'], name=op.f('fk_candidates_book_id_books')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates')),
    sa.UniqueConstraint('book_id', 'name', 'id_number', name=op.f('uq_candidates_book_id_name_id_number'))
    )
    op.create_table('entries',
    sa.Column('book_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('entry_date', sa.Date(), nullable=False),
    sa.Column('memo', sa.Text(), nullable=False),
    sa.Column('idempotency_key', sa.String(length=600), nullable=False),
    sa.Column('content_digest', sa.String(length=64), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('reverses_seq', sa.Integer(), nullable=True),
    sa.Column('settles_seq', sa.Integer(), nullable=True),
    sa.Column('source_file', sa.String(length=400), nullable=True),
    sa.Column('source_sha256', sa.String(length=64), nullable=True),
    sa.Column('source_sheet', sa.String(length=200), nullable=True),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.String(length=32), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['books.id'], name=op.f('fk_entries_book_id_books')),
    sa.PrimaryKeyConstraint('book_id', 'seq', name=op.f('pk_entries')),
    sa.UniqueConstraint('book_id', 'idempotency_key', name=op.f('uq_entries_book_id_idempotency_key'))
    )
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.create_index('ix_entries_book_reverses', ['book_id', 'reverses_seq'], unique=False)
        batch_op.create_index('ix_entries_book_settles', ['book_id', 'settles_seq'], unique=False)

    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('book_id', sa.Integer(), nullable=False),
    sa.Column('entry_seq', sa.Integer(), nullable=True),
    sa.Column('rule', sa.String(length=30), nullable=False),
    sa.Column('amount_tiyn', sa.BigInteger(), nullable=False),
    sa.Column('donor_id', sa.Integer(), nullable=True),
    sa.Column('source_file', sa.String(length=400), nullable=True),
    sa.Column('source_sheet', sa.String(length=200), nullable=True),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('article', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('resolved_by_seq', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['book_id'], ['books.id'], name=op.f('fk_findings_book_id_books')),
    sa.ForeignKeyConstraint(['donor_id'], ['donors.id'], name=op.f('fk_findings_donor_id_donors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index('ix_findings_book_entry', ['book_id', 'entry_seq'], unique=False)
        batch_op.create_index('ix_findings_book_status', ['book_id', 'status'], unique=False)

    op.create_table('import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('book_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('file_name', sa.String(length=400), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.String(length=32), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['book_id'], ['books.id'], name=op.f('fk_import_batches_book_id_books')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_batches'))
    )
    op.create_table('postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('book_id', sa.Integer(), nullable=False),
    sa.Column('entry_seq', sa.Integer(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('amount_tiyn', sa.BigInteger(), nullable=False),
    sa.Column('donor_id', sa.Integer(), nullable=True),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('amount_tiyn <> 0', name=op.f('ck_postings_nonzero')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_postings_account_id_accounts')),
    sa.ForeignKeyConstraint(['book_id', 'entry_seq'], ['entries.book_id', 'entries.seq'], name='fk_postings_entry', initially='DEFERRED', deferrable=True),
    sa.ForeignKeyConstraint(['book_id'], ['books.id'], name=op.f('fk_postings_book_id_books')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_postings_candidate_id_candidates')),
    sa.ForeignKeyConstraint(['donor_id'], ['donors.id'], name=op.f('fk_postings_donor_id_donors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_postings'))
    )
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_postings_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_postings_donor_id'), ['donor_id'], unique=False)
        batch_op.create_index('ix_postings_entry', ['book_id', 'entry_seq'], unique=False)

    op.create_table('source_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('book_id', sa.Integer(), nullable=False),
    sa.Column('sheet', sa.String(length=200), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('entry_seq', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batches.id'], name=op.f('fk_source_rows_batch_id_import_batches')),
    sa.ForeignKeyConstraint(['book_id'], ['books.id'], name=op.f('fk_source_rows_book_id_books')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source_rows'))
    )
    with op.batch_alter_table('source_rows', schema=None) as batch_op:
        batch_op.create_index('ix_source_rows_book_outcome', ['book_id', 'outcome'], unique=False)

    create_guards()


def downgrade() -> None:
    drop_guards()
    with op.batch_alter_table('source_rows', schema=None) as batch_op:
        batch_op.drop_index('ix_source_rows_book_outcome')

    op.drop_table('source_rows')
    with op.batch_alter_table('postings', schema=None) as batch_op:
        batch_op.drop_index('ix_postings_entry')
        batch_op.drop_index(batch_op.f('ix_postings_donor_id'))
        batch_op.drop_index(batch_op.f('ix_postings_account_id'))

    op.drop_table('postings')
    op.drop_table('import_batches')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_book_status')
        batch_op.drop_index('ix_findings_book_entry')

    op.drop_table('findings')
    with op.batch_alter_table('entries', schema=None) as batch_op:
        batch_op.drop_index('ix_entries_book_settles')
        batch_op.drop_index('ix_entries_book_reverses')

    op.drop_table('entries')
    op.drop_table('candidates')
    op.drop_table('accounts')
    op.drop_table('reference_ids')
    with op.batch_alter_table('donors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_donors_id_number'))

    op.drop_table('donors')
    op.drop_table('books')


APPEND_ONLY = "fundledger: journal entries and postings are append-only; correct with a reversing entry"
UNBALANCED = "fundledger: unbalanced entry: its postings must sum to zero (at least two of them)"
SEALED = "fundledger: the entry is already sealed; no posting can be added to it"

_SQLITE_GUARDS = [
    *(f"""CREATE TRIGGER {table}_no_{verb} BEFORE {verb.upper()} ON {table}
         BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"""
      for table in ("entries", "postings") for verb in ("update", "delete")),
    f"""CREATE TRIGGER entries_balanced BEFORE INSERT ON entries
        WHEN (SELECT COUNT(*) FROM postings WHERE book_id = NEW.book_id AND entry_seq = NEW.seq) < 2
          OR (SELECT COALESCE(SUM(amount_tiyn), 0) FROM postings
              WHERE book_id = NEW.book_id AND entry_seq = NEW.seq) <> 0
        BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END""",
    f"""CREATE TRIGGER postings_sealed BEFORE INSERT ON postings
        WHEN EXISTS (SELECT 1 FROM entries WHERE book_id = NEW.book_id AND seq = NEW.entry_seq)
        BEGIN SELECT RAISE(ABORT, '{SEALED}'); END""",
]

_POSTGRES_GUARDS = [
    f"""CREATE FUNCTION fundledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{APPEND_ONLY}' USING ERRCODE = 'integrity_constraint_violation'; END $$""",
    f"""CREATE FUNCTION fundledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE n integer; total bigint;
        BEGIN
          SELECT COUNT(*), COALESCE(SUM(amount_tiyn), 0) INTO n, total
            FROM postings WHERE book_id = NEW.book_id AND entry_seq = NEW.seq;
          IF n < 2 OR total <> 0 THEN
            RAISE EXCEPTION '{UNBALANCED}' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END $$""",
    f"""CREATE FUNCTION fundledger_posting_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM entries WHERE book_id = NEW.book_id AND seq = NEW.entry_seq) THEN
            RAISE EXCEPTION '{SEALED}' USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END $$""",
    *(f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table}
          FOR EACH STATEMENT EXECUTE FUNCTION fundledger_append_only()"""
      for table in ("entries", "postings")),
    """CREATE TRIGGER entries_balanced BEFORE INSERT ON entries
       FOR EACH ROW EXECUTE FUNCTION fundledger_entry_balanced()""",
    """CREATE TRIGGER postings_sealed BEFORE INSERT ON postings
       FOR EACH ROW EXECUTE FUNCTION fundledger_posting_unsealed()""",
]


def create_guards() -> None:
    bind = op.get_bind()
    for ddl in (_SQLITE_GUARDS if bind.dialect.name == "sqlite" else _POSTGRES_GUARDS):
        op.execute(ddl)


def drop_guards() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("entries_no_update", "entries_no_delete", "postings_no_update",
                     "postings_no_delete", "entries_balanced", "postings_sealed"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name, table in (("entries_append_only", "entries"), ("postings_append_only", "postings"),
                            ("entries_balanced", "entries"), ("postings_sealed", "postings")):
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for fn in ("fundledger_append_only", "fundledger_entry_balanced", "fundledger_posting_unsealed"):
            op.execute(f"DROP FUNCTION IF EXISTS {fn}()")
