"""The Reconciliation sheet: the donors' register against the bank's statements.

One line per register row held against the bank (matched, its amount or date different, or
NOT_IN_BANK: a gift the party reports and the bank never received), then the bank's credits
no register row documents (UNDOCUMENTED). What is still open is flagged, as on the Findings
sheet, and each says why in the workbook's language; the same lines as ``fundledger reconcile``. A book with no bank statement has nothing
to reconcile and no such sheet.
"""
from __future__ import annotations

from ledger.i18n import speaking
from ledger.reports import registers as reg
from ledger.reports.sheets import Audit
from ledger.reports.xlsx import BOOL, DATE, INT, MONEY, TEXT, Column, Table
from ledger.rules.wording import in_words

COLUMNS = (
    Column("col.status", TEXT, 16), Column("col.donor", TEXT, 32), Column("col.id_number", TEXT, 15),
    Column("col.file", TEXT, 24), Column("col.sheet", TEXT, 14), Column("col.row", INT, 8),
    Column("col.register_date", DATE, 12), Column("col.register_amount", MONEY, 18), Column("col.bank_entry", INT, 10),
    Column("col.bank_date", DATE, 12), Column("col.bank_amount", MONEY, 18), Column("col.open", BOOL, 10),
    Column("col.reason", TEXT, 60))


def reconciliation_sheet(audit: Audit) -> Table | None:
    if not reg.statements_imported(audit.conn, audit.book):
        return None
    t = Table(audit.writer, audit.labels["sheet.reconciliation"], COLUMNS)
    with speaking(audit.labels.lang):     # each line's reason in the workbook's language
        for line in reg.reconciliation(audit.conn, audit.book):
            t.append((str(line.status), line.name, line.id_number, line.register_file, line.register_sheet,
                      line.register_row, line.register_date, line.register_amount, line.bank_entry, line.bank_date,
                      line.bank_amount, line.open, in_words(line.reason)), flagged=line.open)
    t.close()
    return t
