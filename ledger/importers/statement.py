"""The bank's side of the fund: a statement of the special account, and whether it adds up.

The fund is one bank account, and the bank's statement is the truth of what money arrived and
left. Whatever format it came in (the 1C exchange file, a spreadsheet with an account block
above the table), a statement is read into the same plain shape: the account (ИИК, an IBAN of
20 characters), the period, the balances and turnovers the bank printed, per account section
(many banks write one per day) and for the file, and the payments. Checking that the bank's
own figures agree (opening + received - spent = closing, the turnovers against the payments,
each day's closing against the next day's opening) is pure arithmetic on that shape, here, so
that it can be shown with worked examples and reused by a later reconciliation.

Every problem found is a text that starts with its stable code (``STATEMENT_UNBALANCED``,
``STATEMENT_GAP``, ``STATEMENT_PAYMENT_OUTSIDE``) and gives the figures.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ledger.core.errors import AmountError
from ledger.core.money import Money, total
from ledger.core.notices import Notice
from ledger.i18n import N_, _
from ledger.importers import cells
from ledger.importers.vocabulary import WORDS
from ledger.rules.words import Markers, normalise

STATEMENT_UNBALANCED = "STATEMENT_UNBALANCED"
STATEMENT_GAP = "STATEMENT_GAP"
STATEMENT_PAYMENT_OUTSIDE = "STATEMENT_PAYMENT_OUTSIDE"

# A Kazakh account number (ИИК) is an IBAN: KZ, two check digits, three of the bank, thirteen more.
_ACCOUNT = re.compile(r"KZ\d{2}[0-9A-Z]{16}")


def account_number(text: object) -> str | None:
    """The ИИК in ``text`` as the bank writes it (upper case, no spaces), or None."""
    if not isinstance(text, str):
        return None
    found = _ACCOUNT.search(re.sub(r"[\s-]+", "", text.upper()))
    return found.group(0) if found else None


# What a transfer of the party's own money into its fund says of itself.
OWN_FUNDS_WORDS = Markers(*WORDS.own_funds, whole_word_up_to=3)   # the vocabulary's [statement] own_funds


# What a transfer of the nominating association's money into a presidential candidate's fund
# says of itself, when the book does not record the association's BIN (``init
# --association-bin``), or the payer is another: its purpose.
ASSOCIATION_FUNDS_WORDS = Markers("выдвинувшего общественного объединения", "выдвинувшего объединения",
                                  "средства объединения", "средств объединения",
                                  "ұсынған қоғамдық бірлестік", "ұсынған бірлестік", "бірлестік қаражаты",
                                  "nominating association", "association's funds", "association funds",
                                  whole_word_up_to=3)


def association_transfer(purpose: str | None, payer_id: str | None = None,
                         association_bin: str | None = None) -> str | None:
    """Why money in is the nominating association's funds: the payer's BIN is the association's
    (``association_bin``, the book's), or the purpose says so; None when neither."""
    if association_bin and payer_id == association_bin:
        return f"the payer's BIN {payer_id} is the nominating association's"
    said = ASSOCIATION_FUNDS_WORDS.find(normalise(purpose))
    return f"the purpose says {said!r}" if said else None


def own_transfer(name: str | None, purpose: str | None, party: str) -> str | None:
    """Why money in is the party's own funds and no gift: the payer is the party itself, or
    the purpose says so; None when neither."""
    payer, ours = normalise(name), normalise(party)
    if ours and payer and (ours in payer or (len(payer.split()) > 1 and payer in ours)):
        return f"the payer {name!r} is the party"
    said = OWN_FUNDS_WORDS.find(normalise(purpose))
    return f"the purpose says {said!r}" if said else None


@dataclass(frozen=True)
class Payment:
    """One payment on the account: money in (a receipt) or out (spending), and who the other
    side was, as the bank's payment document gives it."""

    line: int                       # where its document starts in the file (a row: its row)
    day: dt.date
    amount: Money
    money_in: bool
    number: str | None = None       # the payment document's number
    name: str | None = None         # the other side: the payer of money in, the recipient of money out
    id_number: str | None = None    # their BIN/IIN
    account: str | None = None      # their ИИК
    code: str | None = None         # their КОд (payer) or КБе (recipient): residency and sector
    purpose_code: str | None = None  # КНП
    purpose: str | None = None
    fields: tuple[tuple[str, str], ...] = ()   # every key and value of the document, as written

    @property
    def residency(self) -> str | None:
        """What the other side's code says of residency, in the words a citizenship column uses."""
        return residency_of(self.code)


def residency_of(code: str | None) -> str | None:
    """What a payer's КОд/КБе says of residency, in the words a citizenship column uses, with
    the code kept in it (``code_in_residency`` reads it back): "резидент (код 19)"."""
    if not code or not code[:1].isdigit():
        return None
    return {"1": f"резидент (код {code})", "2": f"нерезидент (код {code})"}.get(code[0])


_CODE_IN_RESIDENCY = re.compile(r"\(код (\d{2})\)")


def code_in_residency(text: str | None) -> str | None:
    """The КОд/КБе a receipt's citizenship kept when ``Payment.residency`` wrote it."""
    found = _CODE_IN_RESIDENCY.search(text or "")
    return found.group(1) if found else None


@dataclass(frozen=True)
class AccountSection:
    """The bank's figures for the account over a period (one day, or the whole statement)."""

    line: int
    account: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    opening: Money | None = None
    credits: Money | None = None    # received (ВсегоПоступило)
    debits: Money | None = None     # spent (ВсегоСписано)
    closing: Money | None = None

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)

    def covers(self, day: dt.date) -> bool:
        return self.start is not None and self.end is not None and self.start <= day <= self.end


@dataclass
class Statement:
    """A bank statement of one account: its sections and payments."""

    file: str
    account: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    sections: list[AccountSection] = field(default_factory=list)
    payments: list[Payment] = field(default_factory=list)
    format: str = "1c"
    account_line: int = 1           # where the account is named

    @property
    def period(self) -> str:
        return period_text(self.start, self.end)

    @property
    def opening(self) -> Money | None:
        return self.sections[0].opening if self.sections else None

    @property
    def closing(self) -> Money | None:
        return self.sections[-1].closing if self.sections else None

    @property
    def credits(self) -> Money:
        """Received over the statement, by its payments."""
        return total(p.amount for p in self.payments if p.money_in)

    @property
    def debits(self) -> Money:
        return total(p.amount for p in self.payments if not p.money_in)

    def problems(self) -> list[str]:
        """Where the bank's own figures disagree, each with its code and the figures."""
        found = []
        for section in self.sections:
            found += _section_problems(self.file, section, self.payments)
        for before, after in zip(self.sections, self.sections[1:]):
            if before.closing is not None and after.opening is not None and before.closing != after.opening:
                found.append(_coded(STATEMENT_UNBALANCED, _(
                    "{file}, line {line}: the section {period} opens with {opening}, but the section before it "
                    "({before}) closed with {closing}"), file=self.file, line=after.line, period=after.period,
                    opening=after.opening, before=before.period, closing=before.closing))
        if self.start is not None and self.end is not None:
            for p in self.payments:
                if not self.start <= p.day <= self.end:
                    # A payment the bank dated outside the period it states: a hand-edited file, or a
                    # period header left from another export; either way the balance check misses it.
                    found.append(_coded(STATEMENT_PAYMENT_OUTSIDE, _(
                        "{file}, line {line}: a payment of {amount} dated {day} lies outside the statement's "
                        "period {period}; ask the bank for the statement of that day"), file=self.file,
                        line=p.line, amount=p.amount, day=p.day, period=self.period))
        if len(self.sections) > 1 and self.opening is not None and self.closing is not None:
            found += _adds_up(_("{file}: the statement {period}").format(file=self.file, period=self.period),
                              self.opening, self.credits, self.debits, self.closing, BY_PAYMENTS)
        return found


def _coded(code: str, template: str, **params) -> Notice:
    """The problem as its code, then the words: money in the reader's form, days as the bank writes
    them; the params keep the figures as data (money as decimal text, days as ISO dates)."""
    shown = {k: v.human() if isinstance(v, Money) else f"{v:%d.%m.%Y}" if isinstance(v, dt.date) else v
             for k, v in params.items()}
    data = {k: v.machine() if isinstance(v, Money) else v.isoformat() if isinstance(v, dt.date) else v
            for k, v in params.items()}
    return Notice(code, f"{code}: " + template.format(**shown), **data)


def period_text(start: dt.date | None, end: dt.date | None) -> str:
    return " - ".join(f"{d:%d.%m.%Y}" if d else "?" for d in (start, end))


def _section_problems(file: str, s: AccountSection, payments: list[Payment]) -> list[str]:
    where = _("{file}, line {line}: the section {period}").format(file=file, line=s.line, period=s.period)
    found = []
    if None not in (s.opening, s.credits, s.debits, s.closing):
        found += _adds_up(where, s.opening, s.credits, s.debits, s.closing, BY_TURNOVERS)
    inside = [p for p in payments if s.covers(p.day)] if s.start and s.end else payments
    paid = {way: total(p.amount for p in inside if p.money_in is way) for way in (True, False)}
    for money_in, printed, said in (
            (True, s.credits, _("{where} says {printed} received, but its {count} payment(s) received {paid} "
                                "(off by {off})")),
            (False, s.debits, _("{where} says {printed} spent, but its {count} payment(s) spent {paid} "
                                "(off by {off})"))):
        if printed is not None and printed != paid[money_in]:
            count = sum(1 for p in inside if p.money_in is money_in)
            found.append(_coded(STATEMENT_UNBALANCED, said, where=where, printed=printed, count=count,
                                paid=paid[money_in], off=printed - paid[money_in]))
    if None in (s.credits, s.debits) and s.opening is not None and s.closing is not None:
        # No turnovers printed (a spreadsheet's account block): the payments must carry the balance.
        found += _adds_up(where, s.opening, paid[True], paid[False], s.closing, BY_PAYMENTS)
    return found


# How a statement fails to add up, by the bank's printed turnovers or by its payments.
BY_TURNOVERS = N_("{where} does not add up by its turnovers: opening {opening} + received {credits} - spent "
                  "{debits} = {computed}, but the closing balance is {closing} (off by {off})")
BY_PAYMENTS = N_("{where} does not add up by its payments: opening {opening} + received {credits} - spent "
                 "{debits} = {computed}, but the closing balance is {closing} (off by {off})")


def _adds_up(where: str, opening: Money, credits: Money, debits: Money, closing: Money, by: str) -> list[str]:
    computed = opening + credits - debits
    if computed == closing:
        return []
    return [_coded(STATEMENT_UNBALANCED, _(by), where=where, opening=opening, credits=credits, debits=debits,
                   computed=computed, closing=closing, off=closing - computed)]


@dataclass
class Placement:
    """Where a new statement falls among those imported before: the one it is again (the same
    file, or the same period and figures exported anew), the one it overlaps, and what the
    neighbours say (a gap between them, a balance not carried over)."""

    same: object | None = None
    overlaps: object | None = None
    warnings: list[str] = field(default_factory=list)


def place(new, earlier: list) -> Placement:
    """``new`` and each of ``earlier`` have file_name, file_sha256, account, start, end,
    opening, closing, credits and debits; ``earlier`` is in the order of its periods."""
    figures = ("account", "start", "end", "opening", "closing", "credits", "debits")
    for old in earlier:
        if old.file_sha256 == new.file_sha256 or all(getattr(old, f) == getattr(new, f) for f in figures):
            return Placement(same=old)
    for old in earlier:
        if old.start <= new.end and new.start <= old.end:
            return Placement(overlaps=old)
    before = [old for old in earlier if old.end < new.start]
    after = [old for old in earlier if old.start > new.end]
    found = []
    if before:
        found += _between(before[-1], new)
    if after:
        found += _between(new, after[0])
    return Placement(warnings=found)


def _between(first, second) -> list[str]:
    found = []
    named = (f"{first.file_name} ({period_text(first.start, first.end)})",
             f"{second.file_name} ({period_text(second.start, second.end)})")
    if (second.start - first.end).days > 1:
        missing = period_text(first.end + dt.timedelta(days=1), second.start - dt.timedelta(days=1))
        found.append(_coded(STATEMENT_GAP, _("no statement covers {missing}, between {first} and {second}; import "
                                             "the bank's statement of those days"),
                            missing=missing, first=named[0], second=named[1]))
    if first.closing is not None and second.opening is not None and first.closing != second.opening:
        found.append(_coded(STATEMENT_UNBALANCED, _("{second} opens with {opening}, but {first} closed with "
                                                    "{closing} (off by {off})"),
                            second=named[1], opening=second.opening, first=named[0], closing=first.closing,
                            off=second.opening - first.closing))
    return found


# --- the account block above a spreadsheet statement's table ---------------------------------

# The account block's words: the vocabulary's [statement] period, opening and closing.
_PERIOD = Markers(*WORDS.statement_period, whole_word_up_to=3)
_OPENING = Markers(*WORDS.opening, whole_word_up_to=3)
_CLOSING = Markers(*WORDS.closing, whole_word_up_to=3)
_DATE = re.compile(r"\b(\d{2})\.(\d{2})\.(\d{4})\b")


@dataclass(frozen=True)
class AccountBlock:
    """What a bank writes above a statement's table: the account, the period, the balances."""

    account: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    opening: Money | None = None
    closing: Money | None = None
    line: int = 1


def account_block(rows: list[tuple[int, list]]) -> AccountBlock:
    """The account block in ``rows`` (row number, cells), each item where present: the first
    ИИК written, the first row that gives a period as two dates, and the amount beside the
    opening and the closing balance's words."""
    found: dict = {}
    for number, row in rows:
        texts = [cells.text(c) or "" for c in row]
        joined = " ".join(texts)
        if "account" not in found and (account := account_number(joined)):
            found["account"], found["line"] = account, number
        said = normalise(joined)
        dates = [d for c in row if isinstance(c, dt.date) for d in [c if not isinstance(c, dt.datetime) else c.date()]]
        dates += [_date(m) for m in _DATE.finditer(joined)]
        dates = [d for d in dates if d is not None]
        if "start" not in found and len(dates) >= 2 and _PERIOD.find(said):
            found["start"], found["end"] = dates[0], dates[1]
        for name, words in (("opening", _OPENING), ("closing", _CLOSING)):
            if name not in found and words.find(said):
                money = next((m for c in row for m in [_balance(c)] if m is not None), None)
                if money is not None:
                    found[name] = money
    return AccountBlock(**found)


def is_balance_row(row: list) -> bool:
    """Whether a row gives the opening or the closing balance (a statement writes the closing
    one under its table)."""
    said = normalise(" ".join(cells.text(c) or "" for c in row))
    return bool(_OPENING.find(said) or _CLOSING.find(said))


def _balance(cell: object) -> Money | None:
    """A balance beside its words: zero and negative ones too (an overdrawn account)."""
    if isinstance(cell, (bool, dt.date, dt.time, dt.timedelta)) or cells.is_empty(cell):
        return None
    try:
        return Money.of(cell.strip().rstrip(".") if isinstance(cell, str) else cell)
    except AmountError:
        return None


def _date(match: re.Match) -> dt.date | None:
    day, month, year = map(int, match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
