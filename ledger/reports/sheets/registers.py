"""The registers: Contributions, Own funds (and a candidate's nominating association's funds),
Spending and Refunds.

They are written together, in one pass over the journal (``registers.register_lines``): a
book of a million receipts is read once, each line going to the sheet of its register. The
receipts are summed by source on the way (``ReceiptsBySource``), for the summary.
"""
from __future__ import annotations

from dataclasses import dataclass

from ledger.journal.chart import chart_for
from ledger.reports import registers as reg
from ledger.reports.sheets import Audit
from ledger.reports.xlsx import DATE, INT, MONEY, TEXT, Column, Table

RECEIPT_COLUMNS = (
    Column("col.seq", INT, 9), Column("col.date", DATE, 12), Column("col.kind", TEXT, 16),
    Column("col.outcome", TEXT, 16), Column("col.donor", TEXT, 36), Column("col.id_number", TEXT, 15),
    Column("col.donor_kind", TEXT, 15), Column("col.received", MONEY, 18), Column("col.accepted", MONEY, 18),
    Column("col.owed", MONEY, 18), Column("col.owed_to", TEXT, 28), Column("col.linked", INT, 13),
    Column("col.findings", TEXT, 22), Column("col.document", TEXT, 14), Column("col.file", TEXT, 24),
    Column("col.sheet", TEXT, 14), Column("col.row", INT, 8))
SPENDING_COLUMNS = (
    Column("col.seq", INT, 9), Column("col.date", DATE, 12), Column("col.kind", TEXT, 16),
    Column("col.category", TEXT, 34), Column("col.commission_row", TEXT, 10),
    Column("col.candidate", TEXT, 28), Column("col.payee", TEXT, 30), Column("col.id_number", TEXT, 15),
    Column("col.document", TEXT, 14), Column("col.purpose", TEXT, 30), Column("col.amount", MONEY, 18),
    Column("col.linked", INT, 13), Column("col.findings", TEXT, 22), Column("col.file", TEXT, 24),
    Column("col.sheet", TEXT, 14), Column("col.row", INT, 8))
REFUND_COLUMNS = (
    Column("col.seq", INT, 9), Column("col.date", DATE, 12), Column("col.kind", TEXT, 22),
    Column("col.receipt", INT, 14), Column("col.paid_to", TEXT, 34), Column("col.donor", TEXT, 36),
    Column("col.id_number", TEXT, 15), Column("col.amount", MONEY, 18), Column("col.findings", TEXT, 22),
    Column("col.memo", TEXT, 40))
SHEETS = ((reg.CONTRIBUTIONS, "sheet.contributions", RECEIPT_COLUMNS), (reg.OWN_FUNDS, "sheet.own_funds", RECEIPT_COLUMNS),
          (reg.ASSOCIATION_FUNDS, "sheet.association_funds", RECEIPT_COLUMNS),
          (reg.SPENDING, "sheet.spending", SPENDING_COLUMNS), (reg.REFUNDS, "sheet.refunds", REFUND_COLUMNS))
ENTRY_KINDS = ("contribution", "own_funds", "association_funds", "spending", "supplier_refund", "refund", "budget_transfer",
               "reversal", "correction", "close_out")
OUTCOMES = ("posted", "split", "held", "reversal", "correction")


@dataclass(frozen=True)
class Registers:
    tables: dict[str, Table]            # by register: CONTRIBUTIONS, OWN_FUNDS, SPENDING, REFUNDS
    by_source: reg.ReceiptsBySource     # the receipt registers, summed per fund-source account


def register_sheets(audit: Audit) -> Registers:
    L, book = audit.labels, audit.book
    # A fund without the nominating association's funds (a party's) has no register of them.
    tables = {register: Table(audit.writer, L[title], columns) for register, title, columns in SHEETS
              if register != reg.ASSOCIATION_FUNDS or book.profile.has_source(reg.ASSOCIATION_FUNDS)}
    names = {spec.role: (spec.code, L.account(spec.name_ru, spec.name_en), spec.commission_row)
             for spec in chart_for(book.profile.source_codes)}
    kinds = {k: L.word("kind", k) for k in ENTRY_KINDS}
    outcomes = {k: L.word("outcome", k) for k in OUTCOMES}
    donor_kinds = audit.donor_kinds()
    # who a payment back went to; money owed back to a donor went to that donor
    paid_to = {"budget_due": L["payee.budget"], "party_due": book.party}
    by_source = reg.ReceiptsBySource(audit.conn, book)
    for line in reg.register_lines(audit.conn, book):
        d = line.details
        if line.register in reg.RECEIPT_REGISTERS:
            by_source.add(line)
            owed_to = names[line.owed_role][1] if line.owed_role else None
            tables[line.register].append((
                line.seq, line.day, kinds[line.kind], outcomes[line.outcome], L.word("donor", line.donor_name),
                line.donor_id_number, donor_kinds.get(line.donor_kind), line.amount, line.accepted,
                line.owed, owed_to, line.linked_seq, line.findings, d.get("document"),
                line.source_file, line.source_sheet, line.source_row), line.flagged)
        elif line.register == reg.SPENDING:
            code, name, row = names[line.category] if line.category else (None, None, None)
            tables[reg.SPENDING].append((
                line.seq, line.day, kinds[line.kind], f"{code} {name}" if code else None, row,
                line.candidate, d.get("payee"), d.get("payee_id"), d.get("document"), d.get("purpose"),
                line.amount, line.linked_seq, line.findings, line.source_file, line.source_sheet,
                line.source_row), line.flagged)
        else:
            tables[reg.REFUNDS].append((
                line.seq, line.day, kinds[line.kind], line.linked_seq,
                paid_to.get(line.owed_role, L.word("donor", line.donor_name)), L.word("donor", line.donor_name),
                line.donor_id_number, line.amount, line.findings, d.get("memo")), line.flagged)
    for t in tables.values():
        t.close()
    return Registers(tables, by_source)
