"""One receipt as the API's JSON or the page's form gives it: the same field names (amount
as a decimal string, date as YYYY-MM-DD, name, id, type, citizenship, document, purpose,
source), the same one-line reasons for a bad field; and the fields of an action on a finding
(refund, identify, reverse) read the same way."""
from __future__ import annotations

import datetime as dt

from ledger.core.errors import AmountError, UsageError
from ledger.core.money import Money
from ledger.fund import ReceiptInput
from ledger.i18n import _
from ledger.rules.donors import DonorFacts
from ledger.rules.receipts import FundSource
from ledger.rules.wording import in_words

SOURCES = {"voluntary": FundSource.VOLUNTARY, "own-funds": FundSource.OWN_FUNDS, "association-funds": FundSource.ASSOCIATION_FUNDS}


def _field(fields, name: str, required: bool = False) -> str | None:
    value = fields.get(name)
    if value is None or value == "":
        if required:
            raise UsageError(_("{name}: required").format(name=name),
                             code="FIELD_REQUIRED", field=name)
        return None
    if not isinstance(value, str):
        raise UsageError(_("{name} {value!r}: give it as a string").format(name=name, value=value),
                         code="FIELD_NOT_TEXT", field=name)
    return value.strip() or None


def amount_from(fields, required: bool = True) -> Money | None:
    text = _field(fields, "amount", required=required)
    if text is None:
        return None
    try:
        amount = Money.parse(text)
    except AmountError as exc:
        raise UsageError(_("amount {problem}").format(problem=in_words(str(exc))),
                         code="AMOUNT_INVALID") from exc
    if not amount.is_positive:
        raise UsageError(_("amount {text!r} must be more than zero").format(text=text),
                         code="AMOUNT_NOT_POSITIVE")
    return amount


def day_from(fields) -> dt.date:
    day_text = _field(fields, "date", required=True)
    try:
        day = dt.date.fromisoformat(day_text) if len(day_text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise UsageError(_("{name} {text!r} is not a date: write it as YYYY-MM-DD").format(name="date", text=day_text),
                         code="DATE_INVALID")
    return day


def receipt_from(fields) -> ReceiptInput:
    """``fields``: a JSON object or a form (anything with ``get``)."""
    if fields is None or not hasattr(fields, "get"):
        raise UsageError(_("the body is no JSON object: send {example}").format(
            example='{"amount": "1000.00", "date": "2007-08-01", ...}'),
                         code="BODY_NOT_JSON")
    amount = amount_from(fields)
    day = day_from(fields)
    source = SOURCES.get(fields.get("source") or "voluntary")
    if source is None:
        raise UsageError(_("source {source!r}: choose one of {choices}").format(source=fields.get("source"),
                                                                              choices=", ".join(SOURCES)),
                         code="SOURCE_UNKNOWN")
    facts = DonorFacts(_field(fields, "name") or "", _field(fields, "id"), _field(fields, "type"),
                       _field(fields, "citizenship"))
    return ReceiptInput(source, amount, day, facts, _field(fields, "document"), _field(fields, "purpose"))


ACTIONS = ("refund", "identify", "reverse")


def action_from(action: str, entry_seq: int, fields):
    """The desk's call for one action on the receipt ``entry_seq`` (what the CLI's ``refund``,
    ``identify`` and ``reverse`` call), with its reason as the entry's memo; a bad field is
    refused here, before anything is opened."""
    reason = _field(fields, "reason", required=True)
    day = day_from(fields)
    if action == "refund":
        amount = amount_from(fields, required=False)
        return lambda desk: desk.refund(entry_seq, day, amount, memo=reason)
    if action == "identify":
        id_number, name = _field(fields, "id", required=True), _field(fields, "name")
        return lambda desk: desk.identify(entry_seq, id_number, day, name, memo=reason)
    if action == "reverse":
        return lambda desk: desk.reverse(entry_seq, day, memo=reason)
    raise UsageError(_("unknown action {action!r}; choose one of {choices}").format(action=action, choices=", ".join(ACTIONS)),
                     code="ACTION_UNKNOWN")
