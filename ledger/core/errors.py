"""The one exception family of fundledger.

Every error a user can cause is a ``LedgerError`` whose message names the offending value
and, where it can, what to do about it. The CLI turns these into one line and a non-zero
exit; anything else is a bug and is allowed to show its traceback.
"""
from __future__ import annotations


class LedgerError(Exception):
    """Base of every expected, user-facing error."""

    exit_code = 1


class AmountError(LedgerError, ValueError):
    """Text or a cell that is not an amount of money."""


class IdNumberError(LedgerError, ValueError):
    """An IIN/BIN that cannot be read at all (as opposed to one that fails its check digit)."""


class ProfileError(LedgerError):
    """A rule profile that is unknown or malformed."""


class UnbalancedEntry(LedgerError):
    """An entry whose postings do not sum to zero."""


class CeilingExceeded(LedgerError):
    """A posting would take an account past its ceiling (a cap)."""


class BookNotFound(LedgerError):
    """No book matches, or several do and none was chosen."""


class EntryNotFound(LedgerError):
    pass


class IdempotencyConflict(LedgerError):
    """The same business key arrived again with different content."""


class ChainBroken(LedgerError):
    """The journal's hash chain, balances or ceilings do not verify."""


class SchemaError(LedgerError):
    """The database is missing, not migrated, or newer than this program."""


class NoBookYet(SchemaError):
    """A command before ``fundledger init``: no database there, or one with no fundledger
    schema. A usage mistake, not a refusal: exit 2."""

    exit_code = 2


class InputFileError(LedgerError):
    """A file that cannot be read as a book: exit 2, nothing written."""

    exit_code = 2


class UsageError(LedgerError):
    exit_code = 2


class OverspendRefused(LedgerError):
    """Spending more than the fund has available, refused before it is booked."""


class UserError(LedgerError):
    """A user of the web desk that cannot be added, found or changed as asked."""
