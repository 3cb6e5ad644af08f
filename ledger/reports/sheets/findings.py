"""The Findings sheet: every finding, open ones marked, each with the row it came from and what a
notes column said of its donor."""
from __future__ import annotations

from ledger.i18n import speaking
from ledger.reports import registers as reg
from ledger.reports.i18n import catalogue_words
from ledger.reports.sheets import Audit
from ledger.reports.xlsx import INT, MONEY, TEXT, Column, Table
from ledger.rules.wording import finding_in_words

COLUMNS = (
    Column("col.rule", TEXT, 20), Column("col.article", TEXT, 40), Column("col.amount", MONEY, 18),
    Column("col.donor", TEXT, 32), Column("col.id_number", TEXT, 15), Column("col.file", TEXT, 24),
    Column("col.sheet", TEXT, 14), Column("col.row", INT, 8), Column("col.evidence", TEXT, 60),
    Column("col.status", TEXT, 12), Column("col.seq", INT, 9), Column("col.resolved_by", INT, 12),
    Column("col.notes", TEXT, 40))


def findings_sheet(audit: Audit) -> Table:
    L = audit.labels
    t = Table(audit.writer, L["sheet.findings"], COLUMNS)
    typed_in = L["findings.typed_in"]
    articles: dict[str, str] = {}
    with speaking(L.lang):          # the evidence in the workbook's language
        for f in reg.finding_lines(audit.conn, audit.book):
            if f.article not in articles:
                articles[f.article] = catalogue_words(f.article, L.lang)
            t.append((f.rule, articles[f.article], f.amount, L.word("donor", f.donor_name), f.donor_id_number,
                      f.source_file or typed_in, f.source_sheet, f.source_row,
                      finding_in_words(f.evidence, f.evidence_code, f.evidence_params),
                      L.word("status", f.status), f.entry_seq, f.resolved_by_seq, f.notes), flagged=f.status == "open")
    t.close()
    return t
