"""PostgreSQL: check a whole statement's entries and postings at once

The guards that refuse an unbalanced entry and a posting to a sealed entry ran once per row,
each call planning its own lookup (revision 0002). An import sends thousands of rows in one
COPY, and those calls became the largest cost of writing to PostgreSQL. They are now
statement triggers over the statement's new rows (transition tables): one query per COPY or
INSERT checks every entry it adds, and they refuse exactly what the row triggers refused,
with the same messages. SQLite has no statement triggers; its guards stay per row.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UNBALANCED = "fundledger: unbalanced entry: its postings must sum to zero (at least two of them)"
SEALED = "fundledger: the entry is already sealed; no posting can be added to it"
RAISE = "RAISE EXCEPTION '{}' USING ERRCODE = 'integrity_constraint_violation'"

STATEMENT_GUARDS = [
    f"""CREATE FUNCTION fundledger_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM new_entries e
                     LEFT JOIN postings p ON p.book_id = e.book_id AND p.entry_seq = e.seq
                     GROUP BY e.book_id, e.seq
                     HAVING COUNT(p.entry_seq) < 2 OR COALESCE(SUM(p.amount_tiyn), 0) <> 0) THEN
            {RAISE.format(UNBALANCED)};
          END IF;
          RETURN NULL;
        END $$""",
    f"""CREATE FUNCTION fundledger_postings_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM new_postings p
                     JOIN entries e ON e.book_id = p.book_id AND e.seq = p.entry_seq) THEN
            {RAISE.format(SEALED)};
          END IF;
          RETURN NULL;
        END $$""",
    # Planned afresh at each statement, for the tables as they are then (see revision 0002).
    "ALTER FUNCTION fundledger_entries_balanced() SET plan_cache_mode = force_custom_plan",
    "ALTER FUNCTION fundledger_postings_unsealed() SET plan_cache_mode = force_custom_plan",
    """CREATE TRIGGER entries_balanced AFTER INSERT ON entries REFERENCING NEW TABLE AS new_entries
       FOR EACH STATEMENT EXECUTE FUNCTION fundledger_entries_balanced()""",
    """CREATE TRIGGER postings_sealed AFTER INSERT ON postings REFERENCING NEW TABLE AS new_postings
       FOR EACH STATEMENT EXECUTE FUNCTION fundledger_postings_unsealed()""",
]

ROW_GUARDS = [   # as revisions 0001 and 0002 left them
    f"""CREATE FUNCTION fundledger_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE n integer; total bigint;
        BEGIN
          SELECT COUNT(*), COALESCE(SUM(amount_tiyn), 0) INTO n, total
            FROM postings WHERE book_id = NEW.book_id AND entry_seq = NEW.seq;
          IF n < 2 OR total <> 0 THEN
            {RAISE.format(UNBALANCED)};
          END IF;
          RETURN NEW;
        END $$""",
    f"""CREATE FUNCTION fundledger_posting_unsealed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM entries WHERE book_id = NEW.book_id AND seq = NEW.entry_seq) THEN
            {RAISE.format(SEALED)};
          END IF;
          RETURN NEW;
        END $$""",
    "ALTER FUNCTION fundledger_entry_balanced() SET plan_cache_mode = force_custom_plan",
    "ALTER FUNCTION fundledger_posting_unsealed() SET plan_cache_mode = force_custom_plan",
    """CREATE TRIGGER entries_balanced BEFORE INSERT ON entries
       FOR EACH ROW EXECUTE FUNCTION fundledger_entry_balanced()""",
    """CREATE TRIGGER postings_sealed BEFORE INSERT ON postings
       FOR EACH ROW EXECUTE FUNCTION fundledger_posting_unsealed()""",
]


def _swap(drop_functions: tuple[str, ...], create: list[str]) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER entries_balanced ON entries")
    op.execute("DROP TRIGGER postings_sealed ON postings")
    for fn in drop_functions:
        op.execute(f"DROP FUNCTION {fn}()")
    for ddl in create:
        op.execute(ddl)


def upgrade() -> None:
    _swap(("fundledger_entry_balanced", "fundledger_posting_unsealed"), STATEMENT_GUARDS)


def downgrade() -> None:
    _swap(("fundledger_entries_balanced", "fundledger_postings_unsealed"), ROW_GUARDS)
