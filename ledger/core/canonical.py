"""The hash chain: tamper evidence for a book's journal.

Each entry's hash is sha256 over the previous entry's hash and a canonical serialisation of
the entry (every field that carries meaning, postings in line order, accounts by code and
donors by their key). Change any amount, account, date or link in the database and every hash
from there on stops matching; an auditor who kept an earlier tip digest can check that the
current chain still extends it.
"""
from __future__ import annotations

import hashlib
import json

GENESIS = "0" * 64   # the tip of a book with no entries, as reports show it

# Built once: ``json.dumps`` with options builds a new encoder on every call, and an import
# serialises several values per row.
_ENTRY_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_CONTENT_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def genesis(book_code: str, profile: dict) -> str:
    """The first entry's prev_hash: the book's identity and its rule profile, so that editing
    the caps a book was kept under breaks the chain from its first entry."""
    return digest_of_text("fundledger genesis|" + book_code + "|" + canonical_json(profile))


def canonical(entry: dict, lines: list[tuple]) -> str:
    """``lines``: (line_no, account_code, amount_tiyn, donor_key or None, candidate_id or None)."""
    return _ENTRY_ENCODER.encode(
        [
            entry["seq"], entry["kind"], entry["entry_date"], entry["memo"],
            entry["idempotency_key"], entry["content_digest"], entry["reverses_seq"],
            entry["settles_seq"], entry["source_file"], entry["source_sha256"],
            entry["source_sheet"], entry["source_row"], entry["recorded_at"],
            [list(line) for line in lines],
        ]
    )


def link(prev_hash: str, canonical_text: str) -> str:
    return hashlib.sha256((prev_hash + canonical_text).encode("utf-8")).hexdigest()


def content_digest(content: dict) -> str:
    """Digest of an entry's business content, to tell 'already there' from 'conflict'."""
    return digest_of_text(canonical_json(content))


def digest_of_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_json(content) -> str:
    return _CONTENT_ENCODER.encode(content)
