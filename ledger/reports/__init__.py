"""What the ledger tells people: status, findings, the audit workbook, the disclosure file."""
