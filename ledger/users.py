"""The people who use the web desk and the API: their roles, the books given, and how they prove
who they are.

Three roles, one rule each: a **treasurer** writes (and reads) only the books given to them;
an **auditor** reads the books given, or every book when none is given (a commission audits
all parties); an **admin** manages users and reads every book. Nobody writes a book that was
not given to them, and no role but the treasurer's writes at all.

Passwords are hashed with argon2; an API token is 32 random bytes, shown once and stored as its
sha256 (a random token needs no slow hash, and its digest can be looked up directly).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from ledger.core.errors import UserError
from ledger.core.types import now_stamp
from ledger.db.models import Book, User
from ledger.i18n import _

ROLES = ("admin", "treasurer", "auditor")
MIN_PASSWORD = 10

_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_NOBODY = _hasher.hash("nobody has this password")


@dataclass(frozen=True)
class WebUser:
    id: int
    name: str
    role: str
    books: tuple[str, ...]
    disabled: bool

    def reads(self, book_code: str) -> bool:
        if self.role == "admin" or (self.role == "auditor" and not self.books):
            return True
        return book_code in self.books

    def writes(self, book_code: str) -> bool:
        return self.role == "treasurer" and book_code in self.books

    @property
    def manages_users(self) -> bool:
        return self.role == "admin"


def _user(row) -> WebUser:
    return WebUser(row.id, row.name, row.role, tuple(row.books or ()), bool(row.disabled))


_COLUMNS = (User.id, User.name, User.role, User.books, User.disabled)


def add_user(conn: Connection, name: str, role: str, password: str, books: list[str] | None = None) -> WebUser:
    name = name.strip()
    if not name or len(name) > 80 or any(c.isspace() for c in name):
        raise UserError(_("user name {name!r}: give one word of 1 to 80 letters, digits or signs, no spaces").format(name=name))
    if role not in ROLES:
        raise UserError(_("role {role!r}: choose one of {roles}").format(role=role, roles=", ".join(ROLES)))
    if len(password) < MIN_PASSWORD:
        raise UserError(_("the password of {name} is too short: give at least {count} characters").format(
            name=name, count=MIN_PASSWORD))
    books = list(dict.fromkeys(books or []))
    if role == "treasurer" and not books:
        raise UserError(_("a treasurer writes the books given to them: give {name} at least one --book CODE").format(
            name=name))
    if role == "admin" and books:
        raise UserError(_("an admin reads every book and writes none: give no --book"))
    known = set(conn.execute(select(Book.code)).scalars())
    unknown = [b for b in books if b not in known]
    if unknown:
        raise UserError(_("no book {code!r} in this database (see `fundledger books`)").format(code=unknown[0]))
    if conn.execute(select(User.id).where(User.name == name)).first():
        raise UserError(_("a user {name!r} exists already; disable it or choose another name").format(name=name))
    conn.execute(insert(User.__table__).values(name=name, role=role, books=books, disabled=False,
                                               password_hash=_hasher.hash(password), created_at=now_stamp()))
    return find_user(conn, name)


def list_users(conn: Connection) -> list[WebUser]:
    return [_user(r) for r in conn.execute(select(*_COLUMNS).order_by(User.name))]


def find_user(conn: Connection, name: str) -> WebUser:
    row = conn.execute(select(*_COLUMNS).where(User.name == name)).first()
    if row is None:
        raise UserError(_("no user {name!r} (see `fundledger users list`)").format(name=name))
    return _user(row)


def user_by_id(conn: Connection, user_id: int) -> WebUser | None:
    row = conn.execute(select(*_COLUMNS).where(User.id == user_id)).first()
    return _user(row) if row is not None and not row.disabled else None


def disable_user(conn: Connection, name: str) -> WebUser:
    find_user(conn, name)
    conn.execute(update(User.__table__).where(User.name == name).values(disabled=True, token_hash=None))
    return find_user(conn, name)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token(conn: Connection, name: str) -> str:
    """A fresh API token for ``name`` (any earlier one stops working); only its digest is kept."""
    if find_user(conn, name).disabled:
        raise UserError(_("user {name!r} is disabled: a disabled user gets no token").format(name=name))
    token = "fl_" + secrets.token_urlsafe(32)
    conn.execute(update(User.__table__).where(User.name == name).values(token_hash=token_digest(token)))
    return token


def user_by_token(conn: Connection, token: str) -> WebUser | None:
    if not token:
        return None
    row = conn.execute(select(*_COLUMNS).where(User.token_hash == token_digest(token))).first()
    return _user(row) if row is not None and not row.disabled else None


def sign_in(conn: Connection, name: str, password: str) -> WebUser | None:
    """The user whose name and password these are, or None; disabled users never sign in."""
    row = conn.execute(select(*_COLUMNS, User.password_hash).where(User.name == name)).first()
    try:
        _hasher.verify(row.password_hash if row is not None else _NOBODY, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or row.disabled:
        return None
    return _user(row)
