"""The one exception family of fundledger.

Every error a user can cause is a ``LedgerError`` whose message names the offending value
and, where it can, what to do about it. The CLI turns these into one line and a non-zero
exit; anything else is a bug and is allowed to show its traceback.
"""
from __future__ import annotations

from ledger.core.notices import plain


class LedgerError(Exception):
    """Base of every expected, user-facing error. ``code`` names the kind of error for
    machines and translations (each class has its own; a raise may give a finer one) and
    ``params`` the values its message was made from."""

    exit_code = 1
    code = "LEDGER_ERROR"

    def __init__(self, message: str = "", code: str | None = None, **params):
        super().__init__(message)
        if code is not None:
            self.code = code
        elif getattr(message, "code", None):   # a Notice carries its own code
            self.code = message.code
            params = {**message.params, **params}
        self.params = params

    def as_json(self) -> dict:
        return {"code": self.code, "message": str(self), "params": {k: plain(v) for k, v in self.params.items()}}


class AmountError(LedgerError, ValueError):
    """Text or a cell that is not an amount of money."""

    code = "AMOUNT_INVALID"


class IdNumberError(LedgerError, ValueError):
    """An IIN/BIN that cannot be read at all (as opposed to one that fails its check digit)."""

    code = "ID_NUMBER_UNREADABLE"


class ProfileError(LedgerError):
    """A rule profile that is unknown or malformed."""

    code = "PROFILE_INVALID"


class UnbalancedEntry(LedgerError):
    """An entry whose postings do not sum to zero."""

    code = "ENTRY_UNBALANCED"


class CeilingExceeded(LedgerError):
    """A posting would take an account past its ceiling (a cap)."""

    code = "CEILING_EXCEEDED"


class BookChanged(LedgerError):
    """A confirmation of a dry run found the book moved on since: entries were booked meanwhile,
    so what the dry run showed is no longer what the booking would do."""

    code = "BOOK_CHANGED_SINCE_DRY_RUN"


class BookNotFound(LedgerError):
    """No book matches, or several do and none was chosen."""

    code = "BOOK_NOT_FOUND"


class EntryNotFound(LedgerError):
    code = "ENTRY_NOT_FOUND"


class IdempotencyConflict(LedgerError):
    """The same business key arrived again with different content."""

    code = "IDEMPOTENCY_CONFLICT"


class ChainBroken(LedgerError):
    """The journal's hash chain, balances or ceilings do not verify."""

    code = "CHAIN_BROKEN"


class SchemaError(LedgerError):
    """The database is missing, not migrated, or newer than this program."""

    code = "SCHEMA"


class NoBookYet(SchemaError):
    """A command before ``fundledger init``: no database there, or one with no fundledger
    schema. A usage mistake, not a refusal: exit 2."""

    code = "NO_BOOK_YET"

    exit_code = 2


class InputFileError(LedgerError):
    """A file that cannot be read as a book: exit 2, nothing written."""

    code = "INPUT_FILE"

    exit_code = 2


class UsageError(LedgerError):
    code = "USAGE"
    exit_code = 2


class UnknownLayout(UsageError):
    """``--layout NAME`` names no layout the importer knows."""

    code = "UNKNOWN_LAYOUT"


class NoStatements(LedgerError):
    """A reconciliation asked of a book with no bank statement to reconcile with: exit 2."""

    code = "NO_STATEMENTS"
    exit_code = 2


class OverspendRefused(LedgerError):
    """Spending more than the fund has available, refused before it is booked."""

    code = "OVERSPEND_REFUSED"


class UserError(LedgerError):
    """A user of the web desk that cannot be added, found or changed as asked."""

    code = "USER"


class SourceNotInFund(LedgerError):
    """Money booked to a source the fund does not have under its rules (the nominating
    association's funds in a party's fund, or a self-nominated candidate's)."""

    code = "SOURCE_NOT_IN_FUND"


class FundClosed(LedgerError):
    """A receipt or spending in a fund that was closed out: after the close-out only what the
    fund owes is paid."""

    code = "FUND_CLOSED"
