"""The posting engine: the one place that writes journal entries.

``OpenBook.lock`` takes a book for writing inside the caller's transaction: SQLite's
``BEGIN IMMEDIATE`` (see ``ledger.db.engine.run_write``) already holds the file; on PostgreSQL
the book's row is locked ``FOR UPDATE``. One lock per book, not per account, because the hash
chain is per book and must never fork: every writer of a book queues here, and everything it
reads after the lock (balances, the chain's tip) is current.

``post`` checks an entry before it is written: at least two non-zero postings that sum to zero,
postable accounts, every ceiling (caps) and that no liability is paid out below zero. It then
extends the chain. Rows are buffered and written by ``flush`` (postings first, then the entry
that seals them, as the database's triggers require); balances are cached on the accounts in
the same transaction.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from ledger.core import canonical
from ledger.core.errors import CeilingExceeded, UnbalancedEntry
from ledger.core.money import Money
from ledger.core.types import BookInfo, EntryDraft, SourceRef, now_stamp
from ledger.db.bulk import bulk_insert, bulk_update
from ledger.db.models import Account, Book, Entry, Posting
from ledger.db.queries import booked_under_keys

# Entries buffered at most; an import flushes each chunk of POST_CHUNK (4,000) rows itself, after
# it has prepared the next one, so that the buffer does not fill inside a chunk (a row that
# conflicts with a booked entry still flushes it, to read that entry).
FLUSH_EVERY = 10_000
# A buffered posting's values, in this order.
POSTING_COLUMNS = ("book_id", "entry_seq", "line_no", "account_id", "amount_tiyn", "donor_id", "candidate_id")
# A buffered entry's values, in this order: the chained ones as the chain serialises them.
ENTRY_COLUMNS = ("book_id", *canonical.CHAINED, "details", "prev_hash", "hash")
NO_SOURCE = SourceRef()


@dataclass(frozen=True)
class KeyState:
    """The entry booked under a business key (``seq`` None: free again after a reversal),
    and the key a new entry for the same payment must use."""

    seq: int | None
    digest: str | None
    key: str
    reversed: tuple[int, str, int] | None = None   # free again: (entry, its digest, its reversal)


@dataclass(frozen=True)
class PostedEntry:
    seq: int
    hash: str
    draft: EntryDraft


@dataclass
class AccountState:
    id: int
    code: str
    role: str
    type: str
    parent_id: int | None
    ceiling: int | None
    postable: bool
    balance: int
    name_en: str


class OpenBook:
    """A book taken for writing inside one transaction."""

    def __init__(self, conn: Connection, book: BookInfo, accounts: list[AccountState],
                 tip_seq: int, tip_hash: str):
        self.conn = conn
        self.book = book
        self.accounts = {a.id: a for a in accounts}
        self.by_role = {a.role: a for a in accounts}
        self.tip_seq = tip_seq
        self.tip_hash = tip_hash
        self._changed: set[int] = set()
        self._pending_entries: list[tuple] = []   # of ENTRY_COLUMNS
        self._pending_postings: list[tuple] = []   # of POSTING_COLUMNS
        self._pending_keys: dict[str, tuple[int, str]] = {}
        # Who books through the web desk or the API: named in each entry's memo, so it is in
        # the hash chain (not in its details, whose digest makes a business key's content).
        self.booked_by: str | None = None
        # Entries written in one transaction are recorded together, at the time it took the book.
        self.recorded_at = now_stamp()
        # Each account with the accounts it rolls up into (itself first), and the running
        # balance of every account's whole subtree, kept as postings are applied.
        self._lineage: dict[int, tuple[int, ...]] = {}
        for acc in accounts:
            chain_up, cur = [], acc
            while cur is not None:
                chain_up.append(cur.id)
                cur = self.accounts.get(cur.parent_id) if cur.parent_id else None
            self._lineage[acc.id] = tuple(chain_up)
        self._rolled = {a.id: 0 for a in accounts}
        for acc in accounts:
            for up in self._lineage[acc.id]:
                self._rolled[up] += acc.balance

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def lock(cls, conn: Connection, book: BookInfo) -> OpenBook:
        if conn.dialect.name != "sqlite":
            conn.execute(select(Book.id).where(Book.id == book.id).with_for_update())
        rows = conn.execute(
            select(Account.id, Account.code, Account.role, Account.type, Account.parent_id,
                   Account.ceiling_tiyn, Account.is_postable, Account.balance_tiyn, Account.name_en)
            .where(Account.book_id == book.id)).all()
        accounts = [AccountState(*row) for row in rows]
        tip = conn.execute(
            select(Entry.seq, Entry.hash).where(Entry.book_id == book.id)
            .order_by(Entry.seq.desc()).limit(1)).first()
        return cls(conn, book, accounts, tip[0] if tip else 0, tip[1] if tip else book.genesis)

    # -- balances --------------------------------------------------------------------------
    def balance(self, role: str) -> Money:
        """Signed balance of an account and its children (debit positive)."""
        return Money(self._rolled[self.by_role[role].id])

    def credit_balance(self, role: str) -> Money:
        """What a source or liability account holds: its credit balance, positive."""
        return Money(-self._rolled[self.by_role[role].id])

    def credit_tiyn(self, roles: tuple[str, ...]) -> tuple[int, ...]:
        """``credit_balance`` of each role, in plain tiyn (asked once per receipt)."""
        return tuple(-self._rolled[self.by_role[role].id] for role in roles)

    # -- idempotency -----------------------------------------------------------------------
    def find_keys(self, keys: list[str]) -> dict[str, KeyState]:
        """What the book already holds under these business keys.

        A key maps to the newest entry booked under it. A reversed entry frees its key: the
        next entry for the same payment is booked as ``key|after-N`` (N the reversal), so a
        corrected receipt can be booked again and a re-import still finds it. Keys never
        booked are absent."""
        found: dict[str, KeyState] = {}
        todo = {k: k for k in keys}
        last_reversed: dict[str, tuple[int, str, int]] = {}
        while todo:
            hits = self._lookup(list(todo.values()))
            again: dict[str, str] = {}
            for base, key in todo.items():
                hit = hits.get(key)
                if hit is None:
                    if key != base:
                        found[base] = KeyState(None, None, key, last_reversed[base])
                elif hit[2] is not None:
                    again[base] = f"{base}|after-{hit[2]}"
                    last_reversed[base] = hit
                else:
                    found[base] = KeyState(hit[0], hit[1], key)
            todo = again
        return found

    def _lookup(self, keys: list[str]) -> dict[str, tuple[int, str, int | None]]:
        """key -> (seq, content digest, seq of its reversal or None), pending rows included."""
        out = {k: (*self._pending_keys[k], None) for k in keys if k in self._pending_keys}
        wanted = [k for k in keys if k not in out]
        for start in range(0, len(wanted), 500):
            for key, seq, digest, reversed_by in booked_under_keys(self.conn, self.book.id, wanted[start:start + 500]):
                out[key] = (seq, digest, reversed_by)
        return out

    # -- posting ---------------------------------------------------------------------------
    def check(self, draft: EntryDraft) -> dict[int, int]:
        """Refuse an entry that would unbalance the book or break a ceiling; return the
        per-account deltas it would apply."""
        return self._deltas(_plain_lines(draft), draft.idempotency_key)

    def _deltas(self, lines: list[tuple], key: str) -> dict[int, int]:
        """``check`` of an entry's lines as ``append`` takes them."""
        if len(lines) < 2:
            raise UnbalancedEntry(f"an entry needs at least two postings, got {len(lines)}")
        deltas: dict[int, int] = {}
        total = 0
        by_role = self.by_role
        for role, tiyn, _donor, _candidate in lines:
            acc = by_role.get(role)
            if acc is None or not acc.postable:
                raise UnbalancedEntry(f"account {role!r} cannot be posted to")
            if tiyn == 0:
                raise UnbalancedEntry(f"a posting of zero to {acc.code} carries nothing")
            deltas[acc.id] = deltas.get(acc.id, 0) + tiyn
            total += tiyn
        if total != 0:
            raise UnbalancedEntry(f"entry {key!r} does not balance: "
                                  f"its postings sum to {Money(total).human()}")
        rolled_deltas: dict[int, int] = {}
        lineage = self._lineage
        for account_id, delta in deltas.items():
            for up in lineage[account_id]:
                rolled_deltas[up] = rolled_deltas.get(up, 0) + delta
        accounts, rolled = self.accounts, self._rolled
        for account_id, delta in rolled_deltas.items():
            acc = accounts[account_id]
            if acc.ceiling is not None and -(rolled[account_id] + delta) > acc.ceiling:
                raise CeilingExceeded(
                    f"{acc.code} {acc.name_en} would hold {Money(-(self._rolled[account_id] + delta)).human()}, "
                    f"over its ceiling {Money(acc.ceiling).human()}")
        for account_id, delta in deltas.items():
            acc = self.accounts[account_id]
            if acc.type == "liability" and acc.balance + delta > 0:
                raise CeilingExceeded(
                    f"{acc.code} {acc.name_en} would fall below zero: only "
                    f"{Money(-acc.balance).human()} is owed")
        return deltas

    def post(self, draft: EntryDraft) -> PostedEntry:
        seq, entry_hash = self.append(draft.kind, draft.entry_date, _plain_lines(draft), draft.idempotency_key,
                                      draft.content, draft.memo, draft.source, draft.reverses, draft.settles)
        return PostedEntry(seq, entry_hash, draft)

    def append(self, kind: str, day, lines: list[tuple], key: str, content: dict, memo: str = "",
               src: SourceRef = NO_SOURCE, reverses: int | None = None, settles: int | None = None) -> tuple[int, str]:
        """``post`` of an entry given as its parts, ``lines`` as (role, signed tiyn, donor ref or
        None, candidate id or None): an import books 100k of them, and a draft's objects cost
        it more than the checks. Returns the entry's seq and hash."""
        deltas = self._deltas(lines, key)
        seq = self.tip_seq + 1
        details = canonical.canonical_json(content)
        digest = canonical.digest_of_text(details)
        # The entry's date as text: SQLite stores it so, and PostgreSQL's COPY reads it so.
        chained = (seq, kind, day.isoformat(),
                   (memo or "") + (f" [booked by {self.booked_by}]" if self.booked_by else ""),
                   key, digest, reverses, settles, src.file, src.sha256, src.sheet, src.row, self.recorded_at)
        chain_lines = []
        by_role, book_id, postings = self.by_role, self.book.id, self._pending_postings
        for no, (role, tiyn, donor, candidate_id) in enumerate(lines, start=1):
            acc = by_role[role]
            chain_lines.append((no, acc.code, tiyn, donor.key if donor else None, candidate_id))
            postings.append((book_id, seq, no, acc.id, tiyn, donor.id if donor else None, candidate_id))
        entry_hash = canonical.link(self.tip_hash, canonical.canonical(chained, chain_lines))
        self._pending_entries.append((book_id, *chained, details, self.tip_hash, entry_hash))
        self._pending_keys[key] = (seq, digest)
        accounts, changed, lineage, rolled = self.accounts, self._changed, self._lineage, self._rolled
        for account_id, delta in deltas.items():
            accounts[account_id].balance += delta
            changed.add(account_id)
            for up in lineage[account_id]:
                rolled[up] += delta
        self.tip_seq, self.tip_hash = seq, entry_hash
        if len(self._pending_entries) >= FLUSH_EVERY:
            self.flush()
        return seq, entry_hash

    def flush(self) -> None:
        """Write buffered rows: postings, then the entries that seal them, then balances."""
        bulk_insert(self.conn, Posting.__table__, self._pending_postings, POSTING_COLUMNS)
        bulk_insert(self.conn, Entry.__table__, self._pending_entries, ENTRY_COLUMNS, as_stored=True)
        self._pending_postings, self._pending_entries = [], []
        self._pending_keys.clear()   # written: find_keys now finds them in the table
        if self._changed:
            bulk_update(self.conn, Account.__table__, "id", "balance_tiyn",
                        [(self.accounts[aid].balance, aid) for aid in sorted(self._changed)])
            self._changed.clear()



def _plain_lines(draft: EntryDraft) -> list[tuple]:
    return [(line.role, line.amount.tiyn, line.donor, line.candidate_id) for line in draft.lines]
