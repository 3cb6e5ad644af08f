"""PostgreSQL: the bulk tables' references checked once per statement

An import writes a posting, a finding and a source row per row of its book, and PostgreSQL
checked each of their foreign keys with a query of its own per row: eight per imported row,
about a ninth of the time of importing 100k rows. Those keys (``REFERENCES``) are now checked
as revision 0004 checks the journal's balance: by statement triggers over the statement's new
rows, one query per COPY or INSERT, refusing what the keys refused (a row naming a book,
account, donor, candidate or import batch that does not exist), with the keys' code
(``foreign_key_violation``). An update that changes a finding's or a source row's reference
is checked row by row (fundledger's own updates change none, and run no check at all).

The other side of a key is guarded too: deleting such a row, or changing its id, while a
posting, finding or source row still names it is refused. A foreign key also
locked the row it named until the transaction ended, so that nobody could delete it in
between; here the deleting statement instead waits for every transaction writing to the
tables that name it, and then looks again, which only a READ COMMITTED transaction sees
through: a deletion of a named row under another isolation level is refused. fundledger
itself never deletes or renumbers these rows.

The postings' key to their entry stays a (deferred) foreign key: a posting is written before
the entry that seals it, and only a key can wait for the commit. SQLite's foreign keys are
checked in its own code, cheaply, and stay as they are.

Revision ID: 0013_statement_references
Revises: 0012_association
Create Date: 2026-12-04
"""
from alembic import op

revision = "0013_statement_references"
down_revision = "0012_association"
branch_labels = None
depends_on = None

# (table, column, the table it names by id): the foreign keys of revision 0001 that are
# statement triggers on PostgreSQL from here (named as revision 0001 named them).
REFERENCES = (
    ("postings", "book_id", "books"), ("postings", "account_id", "accounts"), ("postings", "donor_id", "donors"),
    ("postings", "candidate_id", "candidates"), ("findings", "book_id", "books"), ("findings", "donor_id", "donors"),
    ("source_rows", "batch_id", "import_batches"), ("source_rows", "book_id", "books"),
)
# How the refusals name a row of each table.
ROW_OF = {"postings": "posting", "findings": "finding", "source_rows": "source row", "books": "book",
          "accounts": "account", "donors": "donor", "candidates": "candidate", "import_batches": "import batch"}
# Postings are append-only (revision 0001's trigger refuses an update): only their inserts are checked.
UPDATED = ("findings", "source_rows")

MISSING = "fundledger: a {table} row names a {parent} row that does not exist"
NAMED = "fundledger: a {parent} row that {children} name cannot be deleted or given another id"
NOT_READ_COMMITTED = ("fundledger: a {parent} row that other rows may name is deleted or given another id only "
                      "under READ COMMITTED")


def _key_name(table: str, column: str, parent: str) -> str:
    return f"fk_{table}_{column}_{parent}"


def _raise(message: str) -> str:
    return f"RAISE EXCEPTION '{message}' USING ERRCODE = 'foreign_key_violation'"


def _refusing(function: str, test: str, message: str) -> str:
    """A trigger function that refuses the statement (or row) where ``test`` holds."""
    return f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF {test} THEN
            {_raise(message)};
          END IF;
          RETURN NULL;
        END $$"""


def _children() -> dict[str, list[tuple[str, str]]]:
    by_table: dict[str, list[tuple[str, str]]] = {}
    for table, column, parent in REFERENCES:
        by_table.setdefault(table, []).append((column, parent))
    return by_table


def _parents() -> dict[str, list[tuple[str, str]]]:
    by_parent: dict[str, list[tuple[str, str]]] = {}
    for table, column, parent in REFERENCES:
        by_parent.setdefault(parent, []).append((table, column))
    return by_parent


def _child_guard(table: str, references: list[tuple[str, str]]) -> list[str]:
    """The function and triggers that refuse a statement's new rows of ``table`` naming a
    missing row. Each reference is its own test, so the planner joins each on its own."""
    tests = " OR ".join(
        f"EXISTS (SELECT 1 FROM new_rows n WHERE n.{column} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE p.id = n.{column}))"
        for column, parent in references)
    parents = " or ".join(sorted({ROW_OF[parent] for _, parent in references}))
    missing = MISSING.format(table=ROW_OF[table], parent=parents)
    ddl = [
        _refusing(f"fundledger_{table}_refer", tests, missing),
        f"ALTER FUNCTION fundledger_{table}_refer() SET plan_cache_mode = force_custom_plan",
        f"""CREATE TRIGGER {table}_refer AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION fundledger_{table}_refer()""",
    ]
    if table in UPDATED:
        # An update is checked row by row, and only where it changes a reference (fundledger's
        # own updates of findings and source rows change none): PostgreSQL evaluates the WHEN
        # itself, and a statement trigger would have run for every update.
        changed = " OR ".join(f"OLD.{column} IS DISTINCT FROM NEW.{column}" for column, _ in references)
        row_tests = " OR ".join(f"(NEW.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {parent} p "
                                f"WHERE p.id = NEW.{column}))" for column, parent in references)
        ddl += [
            _refusing(f"fundledger_{table}_refer_row", row_tests, missing),
            f"""CREATE TRIGGER {table}_refer_again AFTER UPDATE OF {", ".join(c for c, _ in references)} ON {table}
                FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION fundledger_{table}_refer_row()""",
        ]
    return ddl


def _parent_guard(parent: str, children: list[tuple[str, str]]) -> list[str]:
    """The function and triggers that refuse deleting or renumbering ``parent`` rows that a
    child row still names: a deletion per statement, over its old rows; a new id row by row,
    and only where an id changes (PostgreSQL evaluates the WHEN itself, so a book closed or an
    account's balance moved runs nothing)."""
    named = " OR ".join(f"EXISTS (SELECT 1 FROM {table} c WHERE c.{column} = g.id)" for table, column in children)
    tables = ", ".join(sorted({table for table, _ in children}))
    who = " and ".join(sorted({ROW_OF[table] + "s" for table, _ in children}))
    ddl = [
        f"""CREATE FUNCTION fundledger_{parent}_named() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE gone integer[];
            BEGIN
              IF TG_LEVEL = 'STATEMENT' THEN
                SELECT array_agg(id) INTO gone FROM old_rows;
              ELSE
                gone := ARRAY[OLD.id];
              END IF;
              IF gone IS NOT NULL THEN
                IF current_setting('transaction_isolation') <> 'read committed' THEN
                  {_raise(NOT_READ_COMMITTED.format(parent=ROW_OF[parent]))};
                END IF;
                -- Whoever was writing rows that may name them has committed or given up after this.
                LOCK TABLE {tables} IN SHARE MODE;
                IF EXISTS (SELECT 1 FROM unnest(gone) AS g(id) WHERE {named}) THEN
                  {_raise(NAMED.format(parent=ROW_OF[parent], children=who))};
                END IF;
              END IF;
              RETURN NULL;
            END $$""",
        f"""CREATE TRIGGER {parent}_named_deleted AFTER DELETE ON {parent} REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION fundledger_{parent}_named()""",
        f"""CREATE TRIGGER {parent}_named_renumbered AFTER UPDATE OF id ON {parent}
            FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION fundledger_{parent}_named()""",
    ]
    return ddl


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column, parent in REFERENCES:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {_key_name(table, column, parent)}")
    for table, references in _children().items():
        for ddl in _child_guard(table, references):
            op.execute(ddl)
    for parent, children in _parents().items():
        for ddl in _parent_guard(parent, children):
            op.execute(ddl)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for parent in _parents():
        op.execute(f"DROP TRIGGER {parent}_named_deleted ON {parent}")
        op.execute(f"DROP TRIGGER {parent}_named_renumbered ON {parent}")
        op.execute(f"DROP FUNCTION fundledger_{parent}_named()")
    for table in _children():
        op.execute(f"DROP TRIGGER {table}_refer ON {table}")
        if table in UPDATED:
            op.execute(f"DROP TRIGGER {table}_refer_again ON {table}")
        op.execute(f"DROP FUNCTION fundledger_{table}_refer()")
        if table in UPDATED:
            op.execute(f"DROP FUNCTION fundledger_{table}_refer_row()")
    for table, column, parent in REFERENCES:
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {_key_name(table, column, parent)} "
                   f"FOREIGN KEY ({column}) REFERENCES {parent} (id)")
