"""Words a person reads, with the stable code and the parameters they were made from.

A warning, a refusal or the reason a row was not booked is prose for a person, but tests, JSON
consumers and translations need to know *which* warning it is without reading English. A
``Notice`` is the English sentence (it is a ``str``, so every place that prints, joins or
compares text keeps working) carrying its ``code`` and ``params`` beside it; ``code_of`` reads
the code of any text (None for plain prose not yet given one).
"""
from __future__ import annotations


class Notice(str):
    code: str
    params: dict

    def __new__(cls, code: str, text: str, **params) -> Notice:
        notice = super().__new__(cls, text)
        notice.code = code
        notice.params = params
        return notice

    def as_json(self) -> dict:
        return {"code": self.code, "text": str(self), "params": {k: plain(v) for k, v in self.params.items()}}


def code_of(text: object) -> str | None:
    return getattr(text, "code", None)


def as_json(text: str) -> dict:
    """Any text as JSON: a notice with its code and parameters, plain prose with code None."""
    return text.as_json() if isinstance(text, Notice) else {"code": None, "text": str(text), "params": {}}


def plain(value):
    """A parameter as JSON carries it: numbers, text, true/false and null as they are, the rest as text."""
    return value if isinstance(value, (int, str, bool, type(None))) else str(value)
