"""The Trial balance sheet: every account by code, its turnovers and its balance.

A group account (not postable) is a heading row without figures; postable accounts are
indented under it. The balances are the accounts' cached ones, which ``verify`` proves equal
to the journal; the Checks sheet proves they sum to zero.
"""
from __future__ import annotations

from ledger.core.money import Money
from ledger.reports import registers as reg
from ledger.reports.sheets import Audit
from ledger.reports.xlsx import MONEY, TEXT, Column, Table

COLUMNS = (
    Column("col.code", TEXT, 9), Column("col.account", TEXT, 52), Column("col.type", TEXT, 16),
    Column("col.debit_turnover", MONEY, 18), Column("col.credit_turnover", MONEY, 18),
    Column("col.debit_balance", MONEY, 18), Column("col.credit_balance", MONEY, 18))


def trial_balance_sheet(audit: Audit) -> Table:
    L = audit.labels
    t = Table(audit.writer, L["sheet.trial_balance"], COLUMNS)
    turnover = reg.turnovers(audit.conn, audit.book)
    none = (Money(0), Money(0))
    for a in reg.book_accounts(audit.conn, audit.book):
        name = L.account(a.name_ru, a.name_en)
        if not a.is_postable:
            t.append((a.code, name, L.word("type", a.type), None, None, None, None))
            continue
        dr, cr = turnover.get(a.id, none)
        balance = a.balance_tiyn
        t.append((a.code, "    " + name, L.word("type", a.type), dr, cr,
                  Money(balance if balance > 0 else 0), Money(-balance if balance < 0 else 0)))
    t.close()
    return t
