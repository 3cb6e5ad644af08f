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
from json import encoder as _json_encoder

GENESIS = "0" * 64   # the tip of a book with no entries, as reports show it

# Built once: ``json.dumps`` with options builds a new encoder on every call, and an import
# serialises several values per row.
_ENTRY_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_CONTENT_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _one_shot(encoder: json.JSONEncoder):
    """``encoder.encode``, with the C encoder it makes on every call made once: that making
    was a fifth of the cost of each of the three texts an import writes per row. The C
    encoder is made as ``JSONEncoder.iterencode`` makes it, without the check for circular
    values (shared by two threads, its memo of them would not be safe; nothing serialised
    here refers to itself), and is used only if it writes what ``encoder`` writes."""
    make = _json_encoder.c_make_encoder
    if make is None or encoder.indent is not None:
        return encoder.encode
    c_encode = make(None, encoder.default, _json_encoder.encode_basestring, None, encoder.key_separator,
                    encoder.item_separator, encoder.sort_keys, encoder.skipkeys, encoder.allow_nan)
    probe = [1, -2.5, None, True, "a\"\u0436\n", {"b": [], "a": {}}]

    def encode(value) -> str:
        return "".join(c_encode(value, 0))

    return encode if encode(probe) == encoder.encode(probe) else encoder.encode


_encode_entry = _one_shot(_ENTRY_ENCODER)
_encode_content = _one_shot(_CONTENT_ENCODER)


def genesis(book_code: str, profile: dict) -> str:
    """The first entry's prev_hash: the book's identity and its rule profile, so that editing
    the caps a book was kept under breaks the chain from its first entry."""
    return digest_of_text("fundledger genesis|" + book_code + "|" + canonical_json(profile))


# The fields of an entry the chain covers, in the order they are serialised (then its postings).
CHAINED = ("seq", "kind", "entry_date", "memo", "idempotency_key", "content_digest", "reverses_seq",
           "settles_seq", "source_file", "source_sha256", "source_sheet", "source_row", "recorded_at")


def canonical(chained: tuple, lines: list[tuple]) -> str:
    """An entry's text for the chain: its ``CHAINED`` values in that order, then ``lines``:
    (line_no, account_code, amount_tiyn, donor_key or None, candidate_id or None)."""
    return _encode_entry([*chained, lines])   # tuples are written as JSON arrays, as lists are


def link(prev_hash: str, canonical_text: str) -> str:
    return hashlib.sha256((prev_hash + canonical_text).encode("utf-8")).hexdigest()


def content_digest(content: dict) -> str:
    """Digest of an entry's business content, to tell 'already there' from 'conflict'."""
    return digest_of_text(canonical_json(content))


def digest_of_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def canonical_json(content) -> str:
    return _encode_content(content)
