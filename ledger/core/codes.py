"""The codes of the domain, each spelt once: rule codes, entry kinds, fund sources, caps.

They are string enums, so what the database stores, what JSON carries and what a test compares
is the plain code ("CAP_OWN", "contribution"), while the code that uses them cannot misspell one.
A new code is added here and nowhere else; its words (in every language) and its legal article
are looked up by the code at the edge.
"""
from __future__ import annotations

import enum


class RuleCode(enum.StrEnum):
    """What a finding says the money broke."""

    CAP_OWN = "CAP_OWN"
    CAP_VOLUNTARY = "CAP_VOLUNTARY"
    CAP_TOTAL = "CAP_TOTAL"
    BAN_FOREIGN = "BAN_FOREIGN"
    BAN_STATE = "BAN_STATE"
    BAN_CHARITY = "BAN_CHARITY"
    BAN_RELIGIOUS = "BAN_RELIGIOUS"
    BAN_ANONYMOUS = "BAN_ANONYMOUS"
    BAN_CANDIDATE_OWN = "BAN_CANDIDATE_OWN"
    ID_INVALID = "ID_INVALID"
    OUTSIDE_WINDOW = "OUTSIDE_WINDOW"
    OVERSPEND = "OVERSPEND"
    OWN_FUNDS_SOURCE = "OWN_FUNDS_SOURCE"
    NOT_IN_BANK = "NOT_IN_BANK"            # the register reports a gift no statement of the account shows
    # Last, after the codes books kept before it: a presidential candidate's fund only.
    CAP_ASSOCIATION = "CAP_ASSOCIATION"
    # The nominating association's funds from a payer that is not the association the book
    # names (its BIN): the counterpart of OWN_FUNDS_SOURCE for the third source.
    ASSOCIATION_FUNDS_SOURCE = "ASSOCIATION_FUNDS_SOURCE"


RULE_CODES: tuple[RuleCode, ...] = tuple(RuleCode)
RULE_ORDER: dict[str, int] = {code: i for i, code in enumerate(RULE_CODES)}   # how reports list findings


class Reconciliation(enum.StrEnum):
    """What the reconciliation of a donors' register with the bank's statements says of a row."""

    MATCHED = "MATCHED"                  # the register row and a bank line are one payment
    AMOUNT_DIFFERS = "AMOUNT_DIFFERS"    # one payment (payer and document, or payer and day), two amounts
    DATE_DIFFERS = "DATE_DIFFERS"        # one payment document, dates further apart than the window
    NOT_IN_BANK = RuleCode.NOT_IN_BANK.value   # the register reports a gift the bank never received
    UNDOCUMENTED = "UNDOCUMENTED"        # money on the account that no register row documents


# What a register row's source row records when a statement covers its day: it books no money.
RECONCILED_OUTCOMES: tuple[str, ...] = ("matched", "not_in_bank")


class EntryKind(enum.StrEnum):
    """What a journal entry is."""

    CONTRIBUTION = "contribution"          # a voluntary contribution arrived
    OWN_FUNDS = "own_funds"                # the party's own funds arrived
    ASSOCIATION_FUNDS = "association_funds"  # the nominating association's funds arrived (a candidate's fund)
    SPENDING = "spending"
    SUPPLIER_REFUND = "supplier_refund"    # a supplier paid part of a spending back
    REFUND = "refund"                      # money owed back paid to a donor or the party
    BUDGET_TRANSFER = "budget_transfer"    # money owed to the republican budget paid to it
    CORRECTION = "correction"              # a held receipt moved into the fund (identify)
    REVERSAL = "reversal"                  # the mirror of an earlier entry
    CLOSE_OUT = "close_out"                # the unspent balance divided: 2/3 to the budget, 1/3 to the party


RECEIPT_KINDS: tuple[EntryKind, ...] = (EntryKind.CONTRIBUTION, EntryKind.OWN_FUNDS, EntryKind.ASSOCIATION_FUNDS)
PAYBACK_KINDS: tuple[EntryKind, ...] = (EntryKind.REFUND, EntryKind.BUDGET_TRANSFER)
# What a closed fund still books: the payments of what it owes (the database's guard, revision
# 0010, spells the same list).
AFTER_CLOSE_OUT_KINDS: tuple[EntryKind, ...] = PAYBACK_KINDS
# What settles a receipt's debt: paying it back, or moving it into the fund.
SETTLING_KINDS: tuple[EntryKind, ...] = PAYBACK_KINDS + (EntryKind.CORRECTION,)


class FundSource(enum.Enum):
    """The sources of a fund the law keeps apart: a party's fund has own funds and voluntary
    contributions; a presidential candidate's also the nominating association's funds. Which
    of them a fund has is its rule profile's to say."""

    OWN_FUNDS = "own_funds"
    ASSOCIATION_FUNDS = "association_funds"
    VOLUNTARY = "voluntary"

    @property
    def entry_kind(self) -> EntryKind:
        return _ENTRY_KIND_OF_SOURCE[self]

    @property
    def cap_key(self) -> CapKey:
        return _CAP_OF_SOURCE[self]


class CapKey(enum.StrEnum):
    """Which cap of a rule profile an account's ceiling is."""

    OWN = "own"
    ASSOCIATION = "association"
    VOLUNTARY = "voluntary"
    TOTAL = "total"


_ENTRY_KIND_OF_SOURCE = {FundSource.OWN_FUNDS: EntryKind.OWN_FUNDS, FundSource.ASSOCIATION_FUNDS: EntryKind.ASSOCIATION_FUNDS,
                         FundSource.VOLUNTARY: EntryKind.CONTRIBUTION}
_CAP_OF_SOURCE = {FundSource.OWN_FUNDS: CapKey.OWN, FundSource.ASSOCIATION_FUNDS: CapKey.ASSOCIATION,
                  FundSource.VOLUNTARY: CapKey.VOLUNTARY}



class FindingStatus(enum.StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class EvidenceCode(enum.StrEnum):
    """Which sentence a finding's evidence is: with its parameters, the finding is put into
    words in any language (``rules/wording.py`` holds each one's English template)."""

    BIN_NON_RESIDENT = "BIN_NON_RESIDENT"
    ID_CHECK_FAILED = "ID_CHECK_FAILED"                  # 12 digits that are no IIN/BIN
    ID_UNREADABLE = "ID_UNREADABLE"                      # a cell that is no IIN/BIN at all
    LISTED_STATE = "LISTED_STATE"
    LISTED_FOREIGN_PARTICIPATION = "LISTED_FOREIGN_PARTICIPATION"
    LISTED_FOREIGN_GRANTEE = "LISTED_FOREIGN_GRANTEE"
    LISTED_CANDIDATE = "LISTED_CANDIDATE"
    CANDIDATE_NAME = "CANDIDATE_NAME"
    CANDIDATE_NAME_UNNUMBERED = "CANDIDATE_NAME_UNNUMBERED"
    DONOR_TYPE = "DONOR_TYPE"
    STATELESS = "STATELESS"
    NON_RESIDENT_CODE = "NON_RESIDENT_CODE"
    CITIZENSHIP_FOREIGN_MATCHED = "CITIZENSHIP_FOREIGN_MATCHED"
    CITIZENSHIP_FOREIGN = "CITIZENSHIP_FOREIGN"
    NAME_MARKER = "NAME_MARKER"
    NO_NAME_NO_ID = "NO_NAME_NO_ID"
    NAME_IDENTIFIES_NOBODY = "NAME_IDENTIFIES_NOBODY"
    RECEIVED_OUTSIDE_WINDOW = "RECEIVED_OUTSIDE_WINDOW"
    SPENT_OUTSIDE_WINDOW = "SPENT_OUTSIDE_WINDOW"
    OVER_CAP = "OVER_CAP"
    OWN_FUNDS_FROM_PERSON = "OWN_FUNDS_FROM_PERSON"
    OWN_FUNDS_FROM_ORGANISATION = "OWN_FUNDS_FROM_ORGANISATION"
    CANDIDATES_OWN_FUNDS_FROM_ORGANISATION = "CANDIDATES_OWN_FUNDS_FROM_ORGANISATION"   # a presidential candidate's fund
    ASSOCIATION_FUNDS_FROM_ANOTHER_PAYER = "ASSOCIATION_FUNDS_FROM_ANOTHER_PAYER"       # not the book's association's BIN
    SPENT_MORE_THAN_AVAILABLE = "SPENT_MORE_THAN_AVAILABLE"
    REVERSAL_LEAVES_FUND_SHORT = "REVERSAL_LEAVES_FUND_SHORT"
    # every column of a register or a bank line as the donor's evidence
    CITIZENSHIP_IN_NAME = "CITIZENSHIP_IN_NAME"          # "Ким Ен Су (гражданка Кореи)"
    CITIZENSHIP_IN_NOTES = "CITIZENSHIP_IN_NOTES"
    NOTES_MARKER = "NOTES_MARKER"                        # a notes column's words, for or against a ban
    NOTES_FOREIGN_SHARE = "NOTES_FOREIGN_SHARE"          # a foreign share of the capital, with its figure
    PAYER_CODE_RESIDENCY = "PAYER_CODE_RESIDENCY"        # КОд/КБе, first digit
    PAYER_CODE_SECTOR = "PAYER_CODE_SECTOR"              # КОд/КБе, second digit: the National Bank's sector
    BIN_DIGITS = "BIN_DIGITS"                            # what a BIN's own digits say
    MARKER_OUTRANKED_BY_TYPE = "MARKER_OUTRANKED_BY_TYPE"    # a caution: a name marker a person's type outranks
    MARKER_OUTRANKED_BY_FORM = "MARKER_OUTRANKED_BY_FORM"    # a caution: inside a private company's name
    # the reconciliation of a donors' register with the bank's statements (NOT_IN_BANK)
    REGISTER_ROW_NOT_IN_BANK = "REGISTER_ROW_NOT_IN_BANK"            # a register row no statement shows
    REGISTER_RECEIPT_NOT_IN_BANK = "REGISTER_RECEIPT_NOT_IN_BANK"    # a receipt the register booked, absent from a statement


class VerifyProblem(enum.StrEnum):
    """What ``verify`` found wrong with a book (each a ``Notice`` of this code); a book with any
    of them does not verify (the error class is ``CHAIN_BROKEN``)."""

    POSTING_WITHOUT_ENTRY = "POSTING_WITHOUT_ENTRY"      # a posting whose entry is not in the journal
    CHAIN_SEQ_GAP = "CHAIN_SEQ_GAP"                      # the entries' numbers skip or repeat
    CHAIN_LINK_BROKEN = "CHAIN_LINK_BROKEN"              # prev_hash is not the hash of the entry before
    CHAIN_GENESIS_MISMATCH = "CHAIN_GENESIS_MISMATCH"    # entry 1 does not start from the book and its caps
    CHAIN_HASH_MISMATCH = "CHAIN_HASH_MISMATCH"          # an entry changed after it was written
    DETAILS_DIGEST_MISMATCH = "DETAILS_DIGEST_MISMATCH"
    POSTINGS_UNBALANCED = "POSTINGS_UNBALANCED"
    LIABILITY_OVERPAID = "LIABILITY_OVERPAID"            # more paid out of a liability than was owed
    CEILING_OVERRUN = "CEILING_OVERRUN"                  # an account over its ceiling (a cap)
    BALANCE_CACHE_MISMATCH = "BALANCE_CACHE_MISMATCH"
    DIGEST_NOT_IN_CHAIN = "DIGEST_NOT_IN_CHAIN"          # the digest given with --digest
    CHART_ACCOUNT_MISSING = "CHART_ACCOUNT_MISSING"
    CHART_ACCOUNT_CHANGED = "CHART_ACCOUNT_CHANGED"
    CHART_ACCOUNT_UNKNOWN = "CHART_ACCOUNT_UNKNOWN"
    FINDING_MISSING = "FINDING_MISSING"                  # a receipt owed back for no recorded breach
    FINDING_NONE_OPEN = "FINDING_NONE_OPEN"              # money still owed back, every finding resolved
    FINDING_STATUS_UNKNOWN = "FINDING_STATUS_UNKNOWN"
    FINDING_RESOLVED_BY_NOTHING = "FINDING_RESOLVED_BY_NOTHING"
    FINDING_RESOLVED_BY_WRONG_ENTRY = "FINDING_RESOLVED_BY_WRONG_ENTRY"
    FINDING_RESOLVED_BY_MISSING_ENTRY = "FINDING_RESOLVED_BY_MISSING_ENTRY"
    FINDING_ASTRAY = "FINDING_ASTRAY"                    # a finding of no entry of its book
    FINDING_OF_NO_ENTRY = "FINDING_OF_NO_ENTRY"          # a receipt's finding that names no entry at all
    ENTRY_AFTER_CLOSE_OUT = "ENTRY_AFTER_CLOSE_OUT"      # money in or out after the close-out, not a payment back
    CLOSE_OUT_IN_OPEN_BOOK = "CLOSE_OUT_IN_OPEN_BOOK"    # a close-out entry in a book not marked closed


class FileProblem(enum.StrEnum):
    """Why a file cannot be read as a book, a list or a statement (the ``code`` of its
    ``InputFileError``; the error class is ``INPUT_FILE``)."""

    # the file itself (importers/readers.py)
    FILE_IS_A_FOLDER = "FILE_IS_A_FOLDER"
    FILE_NOT_FOUND = "FILE_NOT_FOUND"
    FILE_TYPE_UNSUPPORTED = "FILE_TYPE_UNSUPPORTED"
    FILE_EMPTY = "FILE_EMPTY"
    NOT_CSV_TEXT = "NOT_CSV_TEXT"                        # a .csv that holds no text
    TEXT_NAMED_AS_WORKBOOK = "TEXT_NAMED_AS_WORKBOOK"    # CSV text named .xlsx
    WRONG_EXTENSION = "WRONG_EXTENSION"                  # an .xls workbook named .xlsx
    NOT_A_SPREADSHEET = "NOT_A_SPREADSHEET"              # HTML, PDF, a zip, ...
    WORKBOOK_ENCRYPTED = "WORKBOOK_ENCRYPTED"
    WORKBOOK_DAMAGED = "WORKBOOK_DAMAGED"
    WORKBOOK_UNREADABLE = "WORKBOOK_UNREADABLE"
    WORKBOOK_TOO_LARGE = "WORKBOOK_TOO_LARGE"            # unpacks far beyond any book (a zip bomb)
    XML_UNSAFE = "XML_UNSAFE"                            # DTD or entities in a workbook part
    SHEET_UNREADABLE = "SHEET_UNREADABLE"
    CSV_QUOTES = "CSV_QUOTES"
    CONTROL_CHARACTER = "CONTROL_CHARACTER"
    ENCODING_UNKNOWN = "ENCODING_UNKNOWN"
    # its sheets and header (importers/service.py, importers/headers.py)
    SHEET_MISSING = "SHEET_MISSING"
    NO_SHEET_WITH_DATA = "NO_SHEET_WITH_DATA"
    MAP_FIELD_UNKNOWN = "MAP_FIELD_UNKNOWN"
    MAPPED_HEADERS_NOT_FOUND = "MAPPED_HEADERS_NOT_FOUND"
    HEADER_NOT_FOUND = "HEADER_NOT_FOUND"
    COLUMN_MISSING = "COLUMN_MISSING"
    WRONG_KIND_OF_BOOK = "WRONG_KIND_OF_BOOK"            # a column says it is a book of another kind
    # reference lists (importers/lists.py)
    LIST_ID_INVALID = "LIST_ID_INVALID"
    LIST_ID_MISSING = "LIST_ID_MISSING"
    # the bank's 1C exchange file (importers/onec.py) and its statement (importers/bank.py)
    NOT_A_1C_FILE = "NOT_A_1C_FILE"
    ONEC_LINE_INVALID = "ONEC_LINE_INVALID"
    ONEC_TRUNCATED = "ONEC_TRUNCATED"
    STATEMENT_NO_ACCOUNT = "STATEMENT_NO_ACCOUNT"
    STATEMENT_OTHER_ACCOUNT = "STATEMENT_OTHER_ACCOUNT"
    STATEMENT_NO_PERIOD = "STATEMENT_NO_PERIOD"
    STATEMENT_PERIOD_OVERLAP = "STATEMENT_PERIOD_OVERLAP"
    # the sample books (demo.py)
    DEMO_MANIFEST_MISSING = "DEMO_MANIFEST_MISSING"
    DEMO_STEP_UNKNOWN = "DEMO_STEP_UNKNOWN"
