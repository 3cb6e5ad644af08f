"""The types every layer passes along: a book as the program knows it, where a row came
from, a donor as the journal names it, and the draft of an entry before the posting engine
writes it.

They live in the core, not beside the posting engine, because the database layer, the rules,
the importers and the reports all speak of them, and none of those may depend on the journal.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ledger.core import canonical
from ledger.core.codes import EntryKind
from ledger.core.money import Money

if TYPE_CHECKING:   # the profile is the rules' type; the core only carries it
    from ledger.rules.profiles import RuleProfile


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The cell a figure came from: file (and its sha256), sheet and row."""

    file: str | None = None
    sha256: str | None = None
    sheet: str | None = None
    row: int | None = None


@dataclass(frozen=True, slots=True)
class DonorRef:
    id: int
    key: str


@dataclass(frozen=True, slots=True)
class Line:
    """One posting of a draft: the account's role, a signed amount (debit positive)."""

    role: str
    amount: Money
    donor: DonorRef | None = None
    candidate_id: int | None = None


@dataclass
class EntryDraft:
    kind: EntryKind
    entry_date: dt.date
    lines: list[Line]
    idempotency_key: str
    content: dict
    memo: str = ""
    reverses: int | None = None
    settles: int | None = None
    source: SourceRef = field(default_factory=SourceRef)


@dataclass(frozen=True)
class BookInfo:
    id: int
    code: str
    party: str
    election: str
    profile: RuleProfile
    created_at: str
    profile_data: dict = field(default_factory=dict, compare=False)   # as stored: the chain's genesis

    @property
    def genesis(self) -> str:
        return canonical.genesis(self.code, self.profile_data or self.profile.to_dict())


def now_stamp() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
