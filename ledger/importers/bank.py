"""A bank statement in an import: the fund's account, and the statements before it.

An import of the bank's statement books its payments like any other book's rows (see
``ledger.importers.service``); what is the statement's own is checked here, in the same write
transaction: it must be of the fund's account (the first statement names the account when
``init --account`` did not), its period must not overlap one imported already (the same file
again is no overlap: its rows are duplicates), and a gap before or after it, or a balance not
carried over, is a warning with the figures. The bank's own arithmetic is checked on reading
(``Statement.problems``).

Gaps and balances are warnings of the import report, not findings: a finding belongs to an
entry and is resolved by one, and a missing statement is neither; the figures stay in the
``statements`` table for the reconciliation to come.
"""
from __future__ import annotations

from sqlalchemy import Connection

from ledger.core.codes import FileProblem as F
from ledger.core.codes import FundSource
from ledger.core.errors import InputFileError
from ledger.core.types import BookInfo
from ledger.db import statements as db
from ledger.i18n import _, money_text
from ledger.importers.statement import (
    Statement,
    association_transfer,
    own_transfer,
    place,
)
from ledger.rules.profiles import RuleProfile


def take_statement(conn: Connection, book: BookInfo, file_name: str, sha256: str, statement: Statement,
                   batch_id: int, record: bool) -> list[str]:
    """Check ``statement`` against the book and, when ``record``, keep it as imported;
    return the warnings. ``InputFileError`` when it is not the fund's, or overlaps."""
    ours = db.bank_account(conn, book.id)
    if statement.account is None:
        if not record:
            return []
        if statement.format == "spreadsheet":
            # Many a statement saved from a spreadsheet lost its account block; its rows are still the bank's.
            return [_("{file}: no account number (ИИК, KZ...) above the table: the statement was booked but not "
                      "checked against the fund's account and the statements before it").format(file=file_name)]
        raise InputFileError(_("{file}: the statement names no account (РасчСчет=KZ...); export it again from the "
                               "bank's client with the account").format(file=file_name), code=F.STATEMENT_NO_ACCOUNT)
    if ours is not None and statement.account != ours:
        raise InputFileError(_("{file}, line {line}: a statement of account {account}, but the fund's account is "
                               "{ours}; import the statement of the election fund's special account").format(
            file=file_name, line=statement.account_line, account=statement.account, ours=ours),
            code=F.STATEMENT_OTHER_ACCOUNT)
    if not record:
        return []
    if statement.start is None or statement.end is None:
        raise InputFileError(_("{file}: the statement gives no period (ДатаНачала, ДатаКонца) and no payments to take "
                               "it from; export it again").format(file=file_name), code=F.STATEMENT_NO_PERIOD)
    new = db.ImportedStatement(file_name, sha256, statement.account, statement.start, statement.end,
                               statement.opening, statement.closing, statement.credits, statement.debits)
    placed = place(new, db.imported_statements(conn, book.id))
    if placed.overlaps is not None:
        old = placed.overlaps
        raise InputFileError(_("{file}: the statement's period {period} overlaps the statement {other} ({start} - "
                               "{end}) imported already; import each day of the account once (a statement of the days "
                               "after it)").format(file=file_name, period=statement.period, other=old.file_name,
                                                   start=f"{old.start:%d.%m.%Y}", end=f"{old.end:%d.%m.%Y}"),
                             code=F.STATEMENT_PERIOD_OVERLAP)
    if placed.same is not None:
        return []
    if ours is None:
        db.set_bank_account(conn, book.id, statement.account)
    db.record_statement(conn, book.id, batch_id, new)
    return placed.warnings


def statement_kind(values: dict, party: str, profile: RuleProfile, association_bin: str | None = None) -> str:
    """What a bank statement's row is: money out is spending; money in is the nominating
    association's funds when the fund has them and the payer's BIN is the association's (the
    book's ``association_bin``) or the purpose says so, the party's (or the candidate's) own
    funds when the payer is the party or the purpose says so, else a voluntary contribution."""
    if values.get("way") == "out":
        return "spending"
    if profile.has_source(FundSource.ASSOCIATION_FUNDS.value):
        why = association_transfer(values.get("purpose"), values.get("id_number"), association_bin)
        if why is not None:
            values["evidence"] = f"the nominating association's funds: {why}"
            return "association-funds"
    why = own_transfer(values.get("name"), values.get("purpose"), party)
    if why is None:
        return "contributions"
    values["evidence"] = f"own funds: {why}"
    return "own-funds"


def statement_json(st: Statement) -> dict:
    """The bank's figures of a statement, for the import report."""
    def machine(m):
        return m.machine() if m is not None else None

    return {"file": st.file, "account": st.account, "start": st.start.isoformat() if st.start else None,
            "end": st.end.isoformat() if st.end else None, "opening": machine(st.opening),
            "received": st.credits.machine(), "spent": st.debits.machine(), "closing": machine(st.closing)}


def statement_line(st: Statement) -> str:
    def human(m):
        return money_text(m) if m is not None else _("not given")

    return _("Statement of {account}, {period}: opening {opening}, received {received}, spent {spent}, closing "
             "{closing}").format(account=st.account or _("an account not named"), period=st.period,
                                 opening=human(st.opening), received=money_text(st.credits),
                                 spent=money_text(st.debits), closing=human(st.closing))
