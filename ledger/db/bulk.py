"""Many rows in one statement, straight through the database driver.

An import writes hundreds of thousands of postings, entries and source rows; SQLAlchemy's
per-row parameter processing cost as much as the database itself. Here rows go to the
driver as plain tuples: ``executemany`` on SQLite, ``COPY`` on PostgreSQL. JSON columns are serialised once, in the canonical
form (sorted keys, no spaces) that the hash chain also uses.
"""
from __future__ import annotations

import datetime as dt
from operator import itemgetter

from sqlalchemy import JSON, Connection, Date, Table

from ledger.journal.chain import canonical_json


def bulk_insert(conn: Connection, table: Table, rows: list[dict]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    json_columns = {c.name for c in table.columns if isinstance(c.type, JSON)}
    sqlite = conn.dialect.name == "sqlite"
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {table.name} ({', '.join(columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))})")

    # Only JSON and (on SQLite) date columns need converting; the rest go through as they are.
    pick = itemgetter(*columns) if len(columns) > 1 else (lambda r: (r[columns[0]],))
    special = [i for i, c in enumerate(columns)
               if c in json_columns or (sqlite and c in _date_columns(table))]
    if not special:
        data = [pick(r) for r in rows]
    else:
        data = []
        for r in rows:
            values = list(pick(r))
            for i in special:
                v = values[i]
                if isinstance(v, dt.date):
                    values[i] = v.isoformat()
                elif v is not None and not isinstance(v, str):
                    values[i] = canonical_json(v)
            data.append(tuple(values))
    if conn.dialect.name == "postgresql":
        # COPY is PostgreSQL's bulk path: one round trip instead of one statement per row
        # (row triggers still guard every row).
        cursor = conn.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in data:
                copy.write_row(row)
        cursor.close()
        return
    conn.exec_driver_sql(sql, data)


def _date_columns(table: Table) -> set[str]:
    return {c.name for c in table.columns if isinstance(c.type, Date)}
