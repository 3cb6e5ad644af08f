"""One receipt as the API's JSON or the page's form gives it: the same field names (amount
as a decimal string, date as YYYY-MM-DD, name, id, type, citizenship, document, purpose,
source), the same one-line reasons for a bad field."""
from __future__ import annotations

import datetime as dt

from ledger.core.errors import AmountError, UsageError
from ledger.core.money import Money
from ledger.fund import ReceiptInput
from ledger.rules.donors import DonorFacts
from ledger.rules.receipts import FundSource

SOURCES = {"voluntary": FundSource.VOLUNTARY, "own-funds": FundSource.OWN_FUNDS, "association-funds": FundSource.ASSOCIATION_FUNDS}


def _field(fields, name: str, required: bool = False) -> str | None:
    value = fields.get(name)
    if value is None or value == "":
        if required:
            raise UsageError(f"{name}: required")
        return None
    if not isinstance(value, str):
        raise UsageError(f"{name} {value!r}: give it as a string")
    return value.strip() or None


def receipt_from(fields) -> ReceiptInput:
    """``fields``: a JSON object or a form (anything with ``get``)."""
    if fields is None or not hasattr(fields, "get"):
        raise UsageError("the body is no JSON object: send {\"amount\": \"1000.00\", \"date\": \"2007-08-01\", ...}")
    text = _field(fields, "amount", required=True)
    try:
        amount = Money.parse(text)
    except AmountError as exc:
        raise UsageError(f"amount {exc}") from exc
    if not amount.is_positive:
        raise UsageError(f"amount {text!r} must be more than zero")
    day_text = _field(fields, "date", required=True)
    try:
        day = dt.date.fromisoformat(day_text) if len(day_text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        raise UsageError(f"date {day_text!r} is not a date: write it as YYYY-MM-DD")
    source = SOURCES.get(fields.get("source") or "voluntary")
    if source is None:
        raise UsageError(f"source {fields.get('source')!r}: choose one of {', '.join(SOURCES)}")
    facts = DonorFacts(_field(fields, "name") or "", _field(fields, "id"), _field(fields, "type"),
                       _field(fields, "citizenship"))
    return ReceiptInput(source, amount, day, facts, _field(fields, "document"), _field(fields, "purpose"))
