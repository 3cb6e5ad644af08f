"""Reading treasurers' spreadsheets into receipts and spending, row by row, losing nothing."""
