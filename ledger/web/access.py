"""Who may open which route: each view declares one access level, and one check before every
request enforces it, failing closed (a route without a declaration is refused to everyone).

* ``PUBLIC``: anyone, signed in or not (the disclosures, sign-in, static files);
* ``SIGNED_IN``: any active user (the list of the books they may read);
* ``READ``: a user who reads the book named by the route's ``code``;
* ``WRITE``: a treasurer given that book;
* ``ADMIN``: an admin (users).

Pages know the user from the session cookie; the API only from ``Authorization: Bearer``,
so a browser's cookie never authorises an API call and the API needs no CSRF token.
"""
from __future__ import annotations

import enum
import time
from collections import defaultdict, deque

from flask import abort, current_app, g, jsonify, redirect, request, session, url_for

from ledger.users import WebUser, user_by_id, user_by_token


class Access(enum.Enum):
    PUBLIC = "public"
    SIGNED_IN = "signed-in"
    READ = "read"
    WRITE = "write"
    ADMIN = "admin"


def allow(access: Access):
    """Declare the access a view needs; ``check_access`` reads it before every request."""
    def declare(view):
        view.access = access
        return view
    return declare


def declared(view) -> Access | None:
    return getattr(view, "access", None)


def is_api() -> bool:
    return request.blueprint == "api"


def _current_user() -> WebUser | None:
    with current_app.engine.connect() as conn:
        if is_api():
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            return user_by_token(conn, token.strip()) if scheme.lower() == "bearer" else None
        user_id = session.get("user")
        return user_by_id(conn, user_id) if isinstance(user_id, int) else None


def permits(user: WebUser | None, access: Access, book_code: str | None) -> bool:
    if access is Access.PUBLIC:
        return True
    if user is None:
        return False
    if access is Access.SIGNED_IN:
        return True
    if access is Access.ADMIN:
        return user.manages_users
    if book_code is None:
        return False
    return user.writes(book_code) if access is Access.WRITE else user.reads(book_code)


def check_access():
    """Before every request: the user, then the route's declared access."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    g.user = _current_user()
    if view is None:
        return None            # no such route: Flask answers 404 (or 405)
    access = declared(view)
    if access is None:
        abort(403)
    if permits(g.user, access, (request.view_args or {}).get("code")):
        return None
    if g.user is None:
        if is_api():
            response = jsonify({"error": "give a valid API token: Authorization: Bearer TOKEN "
                                         "(`fundledger users token NAME` makes one)", "code": "NOT_SIGNED_IN",
                                "params": {}})
            response.status_code = 401
            response.headers["WWW-Authenticate"] = "Bearer"
            return response
        return redirect(url_for("pages.login", next=request.path))
    abort(403)


class SignInLimiter:
    """At most ``attempts`` failed sign-ins per address and per name in ``window`` seconds;
    then refused, even with the right password, until the window has passed."""

    def __init__(self, attempts: int = 5, window: float = 900.0):
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque] = defaultdict(deque)

    def _recent(self, key: str, now: float) -> deque:
        failures = self._failures[key]
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def blocked(self, address: str, name: str) -> bool:
        now = time.monotonic()
        return any(len(self._recent(k, now)) >= self.attempts for k in (f"a:{address}", f"n:{name}"))

    def failed(self, address: str, name: str) -> None:
        now = time.monotonic()
        for k in (f"a:{address}", f"n:{name}"):
            self._recent(k, now).append(now)
