"""The rules' English sentences, put into the reader's language where they are shown.

A finding's evidence is written by the rules in English and stored so, as are an imported row's
reason (importers/cells.py) and an entry's memo: the hash chain and the audit trail keep one text
whatever language its reader has. A verdict's warnings are English too. Until findings carry a
code and parameters of their own, this module reads those sentences back: each template below is the English sentence with its variable parts named, so
it is at once the pattern that recognises a stored text and the message id the catalogues
translate. A text no template matches is shown as it was stored, in English.

Parts that are themselves the rules' words (``{what}``: "a charitable organisation", ``{why}``:
"fails its check digit", ``{source}``: "own funds") are put into words the same way, so a
translator sees each phrase once.
"""
from __future__ import annotations

import ast
import datetime as dt
import json
import re
from functools import lru_cache

from ledger.core.canonical import canonical_json
from ledger.core.codes import EvidenceCode, RuleCode
from ledger.core.money import Money
from ledger.core.notices import Notice
from ledger.i18n import (
    N_,
    _,
    amounts_in_reader_convention,
    current_language,
    date_text,
    money_text,
)

# The sentences the rules write (rules/donors.py, rules/receipts.py, fund.py, and money.py, ids.py
# and importers/cells.py for what cannot be read); each must stay word for word what the code
# writes, or it is shown in English (tests/test_languages.py checks the rules' and cells' ones).
# A finding's evidence: each code's English sentence (the rules write it from its parameters).
EVIDENCE: dict[EvidenceCode, str] = {
    EvidenceCode.BIN_NON_RESIDENT: N_("BIN {digits}: digit 5 is 5, a non-resident legal entity"),
    EvidenceCode.ID_CHECK_FAILED: N_("IIN/BIN {digits} {why}"),
    EvidenceCode.LISTED_STATE: N_("{digits} is on the reference list of state organisations"),
    EvidenceCode.LISTED_FOREIGN_PARTICIPATION: N_("{digits} is on the reference list of legal entities with foreign participation"),
    EvidenceCode.LISTED_FOREIGN_GRANTEE: N_("{digits} is on the reference list of recipients of foreign grants"),
    EvidenceCode.LISTED_CANDIDATE: N_("{digits} is a candidate on the party's list"),
    EvidenceCode.CANDIDATE_NAME: N_("name {name} matches a candidate on the party's list"),
    EvidenceCode.CANDIDATE_NAME_UNNUMBERED: N_("name {name} matches a candidate the party's list gives without an IIN"),
    EvidenceCode.DONOR_TYPE: N_("donor type {text} says {what} (matched {label})"),
    EvidenceCode.STATELESS: N_("citizenship {text}: a stateless person"),
    EvidenceCode.NON_RESIDENT_CODE: N_("residency code {text}: a non-resident"),
    EvidenceCode.CITIZENSHIP_FOREIGN_MATCHED: N_("citizenship/residency {text} is not the Republic of Kazakhstan (matched {label})"),
    EvidenceCode.CITIZENSHIP_FOREIGN: N_("citizenship/residency {text} is not the Republic of Kazakhstan"),
    EvidenceCode.NAME_MARKER: N_("name marker {label} {what}"),
    EvidenceCode.NO_NAME_NO_ID: N_("no name and no valid IIN/BIN: the donor cannot be identified"),
    EvidenceCode.NAME_IDENTIFIES_NOBODY: N_("name {name} does not identify anyone and there is no valid IIN/BIN"),
    EvidenceCode.RECEIVED_OUTSIDE_WINDOW: N_("received {day}, outside the fund's window {window}"),
    EvidenceCode.SPENT_OUTSIDE_WINDOW: N_("spent {day}, outside the fund's window {window}"),
    EvidenceCode.OVER_CAP: N_("{source} would reach {reached} of the cap {cap}; {over} over"),
    EvidenceCode.OWN_FUNDS_FROM_PERSON: N_("own funds from a person ({payer}): own funds come from the party itself; if this is a citizen's gift, "
        "reverse it and book it as a voluntary contribution"),
    EvidenceCode.OWN_FUNDS_FROM_ORGANISATION: N_("own funds from an organisation other than the party ({payer}): own funds come from the party itself and "
        "its branches; if this is the organisation's gift, reverse it and book it as a voluntary contribution"),
    EvidenceCode.CANDIDATES_OWN_FUNDS_FROM_ORGANISATION: N_(
        "own funds from an organisation ({payer}): a candidate's own funds are the candidate's own money; if this is "
        "the organisation's gift, reverse it and book it as a voluntary contribution, or as the nominating "
        "association's funds if it nominated the candidate"),
    EvidenceCode.ASSOCIATION_FUNDS_FROM_ANOTHER_PAYER: N_(
        "the nominating association's funds from {payer}, not from the nominating association (BIN {bin}): the "
        "association's funds come from the association itself; if this is a gift, reverse it and book it as a "
        "voluntary contribution"),
    EvidenceCode.SPENT_MORE_THAN_AVAILABLE: N_("spent {amount} with {available} available; {over} more than the fund had"),
    EvidenceCode.REVERSAL_LEAVES_FUND_SHORT: N_("reversing entry {seq} leaves the fund {short} short: its money was already spent"),
    EvidenceCode.ID_UNREADABLE: "{problem}",   # the IIN/BIN reader's own sentence, below
    EvidenceCode.CITIZENSHIP_IN_NAME: N_("the name says {said}: {who}"),
    EvidenceCode.CITIZENSHIP_IN_NOTES: N_("the notes {notes} say {said}: {who}"),
    EvidenceCode.NOTES_MARKER: N_("the notes {notes} say {what} (matched {label})"),
    EvidenceCode.NOTES_FOREIGN_SHARE: N_("the notes {notes} give a foreign share of {share}% in the capital: {what}"),
    EvidenceCode.PAYER_CODE_RESIDENCY: N_("the payer's code {payer_code}: first digit {digit}, {who}"),
    EvidenceCode.PAYER_CODE_SECTOR: N_("the payer's code {payer_code}: sector {sector}, {what} (the National Bank's "
                                       "sector codes)"),
    EvidenceCode.BIN_DIGITS: N_("BIN {digits}: registered {registered}, {kind}, {unit}"),
    EvidenceCode.REGISTER_ROW_NOT_IN_BANK: N_(
        "the register reports {amount} on {day}, but no line of the bank's statements shows it (the same payer and "
        "amount within {days} days, or its payment document): the bank never received it, so no money was booked"),
    EvidenceCode.REGISTER_RECEIPT_NOT_IN_BANK: N_(
        "the register's receipt of {amount} on {day} is on no line of the bank's statement {statement} ({start} - "
        "{end}): the bank never received it; reverse entry {seq} if the gift was not made"),
    EvidenceCode.MARKER_OUTRANKED_BY_TYPE: N_("name marker {label} ignored: the donor type {text} says an individual"),
    EvidenceCode.MARKER_OUTRANKED_BY_FORM: N_("name marker {label} is inside the name of a private company ({mark}): "
                                              "not taken as a state organisation (a reference list of state BINs would "
                                              "say otherwise)"),
}

# The reconciliation's words (importers/reconcile.py writes them, reports/registers.py shows
# them): why a register row and a bank line are, or are not, one payment, by the line's status.
RECONCILIATION_REASONS: dict[str, str] = {
    "MATCHED": N_("the register's row and the bank's line agree"),
    "AMOUNT_DIFFERS": N_("the register says {amount}, the bank {bank_amount}: the bank's amount stands, correct the "
                         "register"),
    "DATE_DIFFERS": N_("the register says {day}, the bank {bank_day}, more than {days} days apart"),
    "NOT_IN_BANK": N_("no line of the bank's statements shows the register's {amount} of {day}"),
    "UNDOCUMENTED": N_("the bank credited {bank_amount} on {bank_day} and no register row documents it"),
}
# A reconciled row's reason (its source row keeps it): its status, why, where the money is, and
# the correction when the pair changed the verdict. The status is a code, never translated.
ROW_REASON = N_("{status}: {reason}; {money}")
ROW_REASON_CORRECTED = N_("{status}: {reason}; {money}; {correction}")
ROW_NOT_IN_BANK = N_("{status}: {reason}")
IN_THE_BANKS_ENTRY = N_("no money booked again: the money is entry {seq} of the bank's statement ({file}, row {row})")
IN_THE_REGISTERS_ENTRY = N_("the money is booked already as entry {seq} of the donors' register ({file}, row {row})")
CORRECTED = N_("together the register and the bank say {rules}: entry {seq} was reversed by entry {reversal} and "
               "booked again as entry {again}")
NOT_CORRECTED = N_("together the register and the bank say {rules}, but entry {seq} cannot be corrected ({error}): "
                   "correct it by hand")

TEMPLATES = (
    *(t for t in EVIDENCE.values() if t != "{problem}"),
    ROW_REASON_CORRECTED, ROW_REASON, ROW_NOT_IN_BANK,
    N_("reconciled already ({status}, entry {seq})"), N_("reconciled already ({status})"),
    # why a row or a payment ended as it did (stored with the row, shown by import and the desk)
    N_("already in the book as entry {seq}"),
    N_("already in the book as entry {seq}, reversed by entry {reversal}: an unchanged row is not booked again "
       "(book it again with `fundledger receive` if the reversal was the mistake)"),
    N_("conflicts with entry {seq}: same payer, document, date and amount but different details; correct the "
       "row, or reverse entry {seq} and book it again"),
    N_("conflicts with entry {seq}: the same payer's payment document {document} is booked there ({booked}) and "
       "this row says {said}; a payment document is one payment: if this row corrects it, reverse entry {seq} and "
       "import again, and if it is another payment, give it its own document number"),
    N_("paid to {to}; {remaining} still owed"),
    N_("{left} of entry {seq} still spent"),
    N_("entry {seq} reversed"),
    # money.py and ids.py: text that is no amount, no IIN/BIN
    N_("{text} is not an amount"),
    N_("empty amount {text}"),
    N_("{text} is ambiguous: are the three digits after {mark} more thousands or tiyn? write it as 1 500 000 "
       "or 1 500,00"),
    N_("{text} has more than 2 decimals (tiyn are the smallest unit)"),
    N_("{text} is larger than any election fund; check the amount"),
    N_("{text} is not an IIN/BIN"),
    N_("{text} is an IIN/BIN in Excel's scientific notation, which has lost its last digits: format the column "
       "as text and type the number again"),
    N_("{text} is not an IIN/BIN: it must be 12 digits"),
    N_("{text} has {count} digits; an IIN/BIN has 12"),
    # why an imported row could not be booked (importers/cells.py, stored with the row)
    N_("IIN/BIN {problem}: correct it"),
    N_("amount is empty: enter the amount in tenge"),
    N_("amount {text} is not an amount: enter a number like 1 250 000,00"),
    N_("amount {text} has more than 2 decimals: round it to whole tiyn (0,01 tenge)"),
    N_("amount {text} is negative: enter what moved as a positive number (money paid back is booked with "
       "`fundledger refund` or `fundledger supplier-refund`, a mistake undone with `fundledger reverse`)"),
    N_("amount {text} is zero: enter the amount or delete the row"),
    N_("amount in {text}, not in tenge: enter the tenge the bank credited to the fund's account"),
    N_("date is empty: enter the date as dd.mm.yyyy"),
    N_("date {text} is a number, not a date between 1990 and 2099: enter the date as dd.mm.yyyy"),
    N_("date {text} is not between 1990 and 2099: correct the year"),
    N_("date {text} is not a real day: correct it (dd.mm.yyyy)"),
    N_("date {text} is not a date: enter it as dd.mm.yyyy"),
    N_("IIN/BIN {digits} {why}: correct the number"),
    # entries' memos (fund.py), as the journal shows them; a spending memo names its account in English
    N_("Contribution from {payer}"),
    N_("Own funds from {payer}"),
    N_("Paid back to {to} for entry {seq}"),
    N_("Paid back by {payer} for entry {seq}"),
    N_("Reversal of entry {seq}"),
    N_("Close-out: {budget} to the republican budget, {share} to {to} (art. 34(9))"),
    N_("Donor of entry {seq} identified as {key}"),
    # warnings
    N_("{source} now at {percent}% of the cap {cap} (headroom {headroom})"),
    N_("{source} has reached the cap {cap}: {further}"),
    N_("a contribution from the party itself ({payer}): the party's own money is own funds, kept apart from "
       "contributions; book it with `fundledger import own-funds` (as a contribution it uses up the voluntary cap)"),
    N_("candidate {name} is not on the party's list: check the name, or load the list with "
       "`fundledger lists import candidates`"),
)

# The phrases that fill a template's {why}, {what}, {source} and {further}.
PHRASES = (
    N_("it must be 12 digits"), N_("fails its check digit"),
    N_("has no month {month} in digits 3-4"), N_("has no day {day} in digits 5-6"),
    N_("has {digit} for the century digit (7th), which is 1-6"),
    N_("has {digit} for the kind of entity (5th digit), which is 0-6"),
    N_("a stateless person"), N_("a legal entity with foreign participation"), N_("a recipient of foreign grants"),
    N_("an international organisation"), N_("foreign"), N_("a state body or organisation"),
    N_("a charitable organisation"), N_("a religious association"), N_("a candidate of the party"),
    N_("suggests a state organisation"), N_("suggests a charitable organisation"),
    N_("suggests a religious association"), N_("suggests an international organisation"),
    N_("is a foreign legal form"), N_("suggests a foreign company"),
    N_("suggests a legal entity with foreign participation"), N_("names a foreign citizen"),
    N_("own funds"), N_("voluntary contributions"), N_("the whole fund"),
    N_("further own funds are owed back to the party"), N_("further contributions are owed back to their donors"),
    N_("the nominating association's funds"), N_("further association's funds are owed back to the association"),
    N_("further own funds are owed back to the candidate"), N_("the candidate"),
    N_("the donor"), N_("the republican budget"), N_("the party"), N_("the supplier"), N_("an anonymous donor"),
    N_("open"),
    # what a citizenship, a notes column, a payer's code and a BIN's digits say of the donor
    N_("a foreign citizen"), N_("a citizen of Kazakhstan"), N_("not foreign"), N_("no foreign participation"),
    N_("a resident"), N_("a non-resident"),
    N_("central government"), N_("regional and local government"), N_("the central (National) Bank"),
    N_("a state non-financial organisation"), N_("a deposit-taking organisation"),
    N_("another financial organisation"), N_("a non-state non-financial organisation"),
    N_("a non-profit organisation serving households"), N_("households"),
    N_("a resident legal entity"), N_("a non-resident legal entity"), N_("a joint individual entrepreneurship"),
    N_("digit 5 is {digit}"), N_("a head office"), N_("a branch"), N_("a representative office"),
    N_("a peasant farm"), N_("digit 6 is {digit}"),
    # the parts of a reconciled row's reason
    *RECONCILIATION_REASONS.values(), IN_THE_BANKS_ENTRY, IN_THE_REGISTERS_ENTRY, CORRECTED, NOT_CORRECTED,
)
_PHRASED = ("why", "what", "source", "further", "to", "problem", "who", "kind", "unit", "reason", "money",
            "correction")   # always one of the phrases or sentences
_NAMED = ("payer",)                   # a name, or a phrase ("an anonymous donor", "the supplier")
_QUOTED = ("name", "label", "text", "mark", "said", "notes")          # written with !r: one quoted text, spaces and all
_NUMBERS = ("digits", "seq", "count", "reversal", "month", "digit", "payer_code", "sector", "days", "row", "again")
_CODES = ("status",)                  # a code (MATCHED, NOT_IN_BANK): capitals, never translated
_MONEY = ("reached", "cap", "over", "amount", "available", "short", "bank_amount",   # kept as machine amounts
          "total", "holds", "ceiling", "must_ceiling", "cached", "journal", "owed")   # (the last: verify's)
_DAYS = ("day", "start", "end", "bank_day")                                           # kept as ISO dates
_DIGESTS = ("digest",)                # a chain digest, shown by its first 16 hex digits
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_REPR = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""


def _pattern(template: str) -> re.Pattern:
    parts = _PLACEHOLDER.split(template)   # literal text and placeholder names, by turns
    regex, seen = [], set()
    for i, part in enumerate(parts):
        if i % 2 == 0:
            regex.append(re.escape(part))
        elif part in seen:                 # the same value again ("reverse entry {seq}")
            regex.append(f"(?P={part})")
        else:
            seen.add(part)
            value = (_REPR if part in _QUOTED else r"\d+" if part in _NUMBERS else r"[A-Z_]+" if part in _CODES
                     else ".+?")
            regex.append(f"(?P<{part}>{value})")
    return re.compile("".join(regex) + r"\Z", re.DOTALL)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((template, _pattern(template)) for template in TEMPLATES + PHRASES)


def in_words(text: str) -> str:
    """``text``, a sentence a rule wrote in English, in the reader's language; as it is when
    no template, with every phrase in it, says it."""
    if not text:
        return text
    if getattr(text, "code", None) in EVIDENCE:       # evidence written now: from its parameters
        return evidence_in_words(text.code, text.params)
    known = template_of(text) if current_language() != "en" else None
    return amounts_in_reader_convention(text if known is None else _put_into_words(*known))


def template_of(text: str) -> tuple[str, dict[str, str]] | None:
    """The template ``text`` was written from and its values, where each phrase in it is one
    this module knows too ("IIN/BIN {digits} {why}: correct the number" over "IIN/BIN {digits}
    {why}" with a why that is no phrase); None for a text of no template."""
    for template, pattern in _patterns():
        found = pattern.match(text)
        if found and all(template_of(value) is not None
                         for name, value in found.groupdict().items() if name in _PHRASED):
            return template, found.groupdict()
    return None


def _put_into_words(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        if name in _PHRASED or name in _NAMED:
            known = template_of(value)
            if known is not None:
                values[name] = _put_into_words(*known)
    if "window" in values:
        values["window"] = " - ".join(_(end) if end == "open" else end for end in values["window"].split(" - "))
    return _(template).format(**values)


# --- evidence as a code and its parameters ----------------------------------------------------
# A rule writes a finding's evidence with ``evidence(code, **params)``: the English sentence is
# the code's template filled in, and the code and parameters travel with it (a ``Notice``) into
# the findings table, so the finding is put into words in the reader's language from them, not
# from its English. Parameters are plain: names and cells as they came (the sentence quotes
# them), phrases in English (put into words with the template), amounts as machine text
# ("1250000.00"), days as ISO dates, entry numbers as integers.

def evidence(code: EvidenceCode, **params) -> Notice:
    """The evidence ``code`` says, from ``params`` (``Money`` and ``date`` values may be given as
    they are): its English text, carrying the code and the stored parameters."""
    return written(code, EVIDENCE[code], **params)


def reconciliation_reason(status: str, **params) -> Notice:
    """Why a reconciliation's line has ``status`` (``RECONCILIATION_REASONS``), as ``evidence``
    writes it: English, with the status as its code and the parameters; ``in_words`` shows it."""
    return written(status, RECONCILIATION_REASONS[status], **params)


def row_reason(status: str, reason: str, money: str | None = None, correction: str | None = None) -> Notice:
    """A reconciled source row's reason: its status, the line's reason, where the money is, and
    the correction the pair made (each part a sentence of its own template)."""
    template = ROW_NOT_IN_BANK if money is None else ROW_REASON if correction is None else ROW_REASON_CORRECTED
    return Notice(status, template.format(status=status, reason=reason, money=money, correction=correction),
                  status=status)


def reason_part(template: str, **params) -> str:
    """A part of a reason (``IN_THE_BANKS_ENTRY``, ``CORRECTED``...) in English, from its values."""
    return written("", template, **params)


def written(code: str, template: str, **params) -> Notice:
    """``template`` (a message id) filled from ``params`` in English, as the book stores it:
    the text carries ``code`` and the plain parameters, from which ``template_in_words`` says
    it again in the reader's language (evidence here, ``verify``'s problems in journal/verify.py)."""
    stored, shown = {}, {}
    for name, value in params.items():   # once per finding of a large import: no round trips
        if isinstance(value, Money):
            stored[name], shown[name] = _money_texts(value.tiyn)
        elif isinstance(value, dt.date):
            stored[name], shown[name] = value.isoformat(), f"{value:%d.%m.%Y}"
        else:
            stored[name], shown[name] = value, _plain_shown(name, value)
    notice = Notice(code, template.format(**shown))
    notice.params = stored             # given apart: a parameter may be called "text"
    return notice


def template_in_words(template: str, params: dict, **words) -> str:
    """``template`` filled from stored ``params`` in the reader's language: amounts and days in
    its convention, ``words`` (values the caller has already put into words) as given."""
    values = {**_shown(params), **words}
    if current_language() == "en":
        return template.format(**values)
    return _put_into_words(template, values)


@lru_cache(maxsize=4096)
def _money_texts(tiyn: int) -> tuple[str, str]:
    """An amount as evidence stores it and as its English sentence shows it: a cap, and what
    reaching it would make, recur in thousands of findings of one import."""
    money = Money(tiyn)
    return money.machine(), money.human()


def params_json(text: str) -> str | None:
    """A finding's evidence parameters as the findings table keeps them (keys in order), or None
    for evidence of no code."""
    return None if getattr(text, "code", None) is None else canonical_json(text.params)


def finding_in_words(text: str, code: str | None, params: str | None) -> str:
    """A stored finding's evidence in the reader's language: from its code and parameters, else
    (a book written before findings had them, or a sentence no code says) from its English text."""
    if code in EVIDENCE and params is not None:
        try:
            return evidence_in_words(EvidenceCode(code), json.loads(params))
        except (KeyError, ValueError, TypeError, IndexError):
            pass
    return in_words(text)


def evidence_in_words(code: EvidenceCode, params: dict) -> str:
    return template_in_words(EVIDENCE[code], params)


def derive(text: str, rule: str | None = None) -> Notice | None:
    """Evidence stored as English text only (books written before findings carried a code), with
    its code and parameters, where a template reads it back word for word; None otherwise."""
    known = template_of(text)
    if known is None:
        return None
    template, values = known
    code = _CODE_OF_TEMPLATE.get(template)
    if code is None:
        # an IIN/BIN cell that is none: the reader's own sentence is the whole evidence
        return evidence(EvidenceCode.ID_UNREADABLE, problem=text) if rule == RuleCode.ID_INVALID else None
    try:
        params = {name: _unshown(name, value) for name, value in values.items()}
        written = evidence(code, **params)
    except (ValueError, SyntaxError):
        return None
    return written if written == text else None


_CODE_OF_TEMPLATE = {template: code for code, template in EVIDENCE.items()}


def _shown(params: dict) -> dict:
    values = {}
    for name, value in params.items():
        if value is None or name in _QUOTED or name in _DIGESTS:
            values[name] = _plain_shown(name, value)
        elif name in _MONEY:
            values[name] = money_text(_from_machine(value))
        elif name in _DAYS:
            values[name] = date_text(dt.date.fromisoformat(value))
        elif name == "window":   # stored as the profile writes it: "01.07.2007 - 18.08.2007", "open" at an end
            values[name] = " - ".join(date_text(_stored_day(end)) if end != "open" else end
                                      for end in str(value).split(" - "))
        else:
            values[name] = str(value)
    return values


def _plain_shown(name: str, value) -> str:
    """A parameter that is neither an amount nor a day, as every language shows it."""
    if value is None:
        return "\u2014"
    if name in _QUOTED:
        return repr(value)
    if name in _DIGESTS:
        return f"{value[:16]}..."
    return str(value)


def _stored_day(text: str) -> dt.date:
    """A day as the stored English writes it (dd.mm.yyyy), which reads books of any age back."""
    return dt.datetime.strptime(text, "%d.%m.%Y").date()


def _unshown(name: str, value: str):
    if name in _QUOTED:
        return ast.literal_eval(value)
    if name in _MONEY:
        return Money.parse(value.replace("\u20b8", "").strip())
    if name in _DAYS:
        return _stored_day(value)
    if name in ("seq", "days"):
        return int(value)
    return value


def _from_machine(text: str) -> Money:
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
    whole, _dot, tiyn = digits.partition(".")
    return Money(sign * (int(whole) * 100 + int(tiyn.ljust(2, "0"))))
