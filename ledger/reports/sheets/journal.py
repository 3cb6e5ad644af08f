"""The Journal sheet: every posting in ledger order, debit and credit apart, with its entry's
donor, candidate, memo and source row. The longest sheet of the workbook (about three lines
a receipt), so it streams and keeps the per-row work to lookups."""
from __future__ import annotations

from ledger.core.money import Money
from ledger.reports import registers as reg
from ledger.reports.sheets import Audit
from ledger.reports.xlsx import DATE, INT, MONEY, TEXT, Column, Table

COLUMNS = (
    Column("col.seq", INT, 9), Column("col.date", DATE, 12), Column("col.kind", TEXT, 16),
    Column("col.line", INT, 8), Column("col.code", TEXT, 9), Column("col.account", TEXT, 36),
    Column("col.debit", MONEY, 18), Column("col.credit", MONEY, 18), Column("col.donor", TEXT, 32),
    Column("col.id_number", TEXT, 15), Column("col.candidate", TEXT, 24), Column("col.memo", TEXT, 40),
    Column("col.file", TEXT, 24), Column("col.sheet", TEXT, 14), Column("col.row", INT, 8))


def journal_sheet(audit: Audit) -> Table:
    L = audit.labels
    t = Table(audit.writer, L["sheet.journal"], COLUMNS)
    accounts = {a.id: (a.code, L.account(a.name_ru, a.name_en)) for a in reg.book_accounts(audit.conn, audit.book)}
    kinds: dict[str, str] = {}
    zero = Money(0)
    for p in reg.posting_rows(audit.conn, audit.book):
        kind = kinds.get(p.kind) or kinds.setdefault(p.kind, L.word("kind", p.kind))
        code, name = accounts[p.account_id]
        amount = p.amount
        t.append((p.seq, p.day, kind, p.line_no, code, name,
                  amount if amount.tiyn > 0 else zero, -amount if amount.tiyn < 0 else zero,
                  L.word("donor", p.donor_name), p.donor_id_number, p.candidate, p.memo, p.source_file,
                  p.source_sheet, p.source_row))
    t.close()
    return t
