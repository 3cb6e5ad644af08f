"""The web desk: the ledger in a browser for treasurers, auditors and the public, and its JSON API.

``create_app(db_url, config)`` builds a Flask application on the same services as the CLI:
a view parses the request, calls one function of the ledger, and renders; nothing about money
is decided here. Every route declares who may open it (``ledger.web.access``); pages are
Jinja2 templates, autoescaped, with CSRF tokens on every form; the API under ``/api/v1``
takes a bearer token instead of the session. ``fundledger serve`` runs it under waitress.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, g, jsonify, render_template, request, session
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from ledger.core.errors import LedgerError
from ledger.db.engine import ensure_current, make_engine
from ledger.i18n import date_text, money_text, percent_text
from ledger.reports.i18n import Labels, account_words, memo_words, problem_words
from ledger.rules.wording import in_words
from ledger.web.access import SignInLimiter, check_access, is_api
from ledger.web.language import (
    ACTION_WORDS,
    DEFAULT,
    DUE_BACK_WORDS,
    HTTP_WORDS,
    KIND_WORDS,
    LANGUAGES,
    REGISTER_WORDS,
    ROLE_WORDS,
    SOURCE_WORDS,
    THIRD_WORDS,
    _,
    ngettext,
    speak_page_language,
    stop_speaking,
)
from ledger.web.uploads import UploadStore

UPLOAD_LIMIT = 50 * 1024 * 1024

# 'self' only: no inline script or style, no other origin, no framing by another site.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
                               "form-action 'self'; base-uri 'none'; object-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def create_app(db_url: str | None = None, config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ.get("FUNDLEDGER_SECRET_KEY") or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,
        MAX_CONTENT_LENGTH=UPLOAD_LIMIT,
        UPLOAD_FOLDER=os.environ.get("FUNDLEDGER_UPLOADS") or "fundledger-uploads",
        SIGN_IN_ATTEMPTS=5,
        WTF_CSRF_TIME_LIMIT=None,      # a token lives as long as its session
    )
    app.config.update(config or {})
    app.engine = make_engine(db_url)
    ensure_current(app.engine)
    app.uploads = UploadStore(Path(app.config["UPLOAD_FOLDER"]))
    app.sign_ins = SignInLimiter(app.config["SIGN_IN_ATTEMPTS"])

    # Who may open the route is decided first, so a stranger's POST is refused as a stranger's,
    # then the CSRF token is checked (Flask-WTF's own before-request hook).
    app.before_request(_choose_language)
    app.before_request(speak_page_language)
    app.teardown_request(stop_speaking)
    app.before_request(check_access)
    csrf = CSRFProtect(app)
    from ledger.web import api, views

    app.register_blueprint(views.pages)
    app.register_blueprint(api.api, url_prefix="/api/v1")
    csrf.exempt(api.api)           # bearer tokens, never cookies: nothing for CSRF to forge
    from ledger.web.access import Access, allow
    allow(Access.PUBLIC)(app.view_functions["static"])

    app.after_request(_secure_headers)
    app.register_error_handler(LedgerError, _ledger_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.jinja_env.globals.update(_=_, ngettext=ngettext, in_words=in_words, languages=LANGUAGES, kind_words=KIND_WORDS,
                                 action_words=ACTION_WORDS, register_words=REGISTER_WORDS, source_words=SOURCE_WORDS,
                                 due_back_words=DUE_BACK_WORDS, third_words=THIRD_WORDS, role_words=ROLE_WORDS,
                                 domain_word=lambda group, value: report_labels().word(group, value))
    # Money, percentages and days in the request's language, as the command line shows them.
    app.jinja_env.filters.update(money=money_text, percent=percent_text, day=date_text,
                                 problem=lambda problem: problem_words(problem, g.get("lang", DEFAULT)),
                                 memo=lambda memo: memo_words(memo, g.get("lang", DEFAULT)))
    app.jinja_env.globals["account_words"] = lambda code, name: account_words(code, name, g.get("lang", DEFAULT))
    return app


def report_labels() -> Labels:
    """The reports' own words (outcomes, statuses, fund sources), as the workbooks say them."""
    return Labels(g.get("lang", DEFAULT))


def _choose_language():
    """A page: the switcher's language, else the browser's, else Russian. The API: the client's
    ``Accept-Language``, else English, as the command line's ``--format json`` speaks."""
    if is_api():
        g.lang = request.accept_languages.best_match(LANGUAGES) or "en"
        return
    chosen = session.get("lang")
    g.lang = chosen if chosen in LANGUAGES else (request.accept_languages.best_match(LANGUAGES) or DEFAULT)


def _secure_headers(response):
    response.headers.update(SECURITY_HEADERS)
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    return response


# The code an API caller gets beside the message when the refusal is the web's own, not the
# ledger's (a LedgerError brings its code and params).
HTTP_CODES = {400: "FORM_STALE", 401: "NOT_SIGNED_IN", 403: "NOT_ALLOWED", 404: "NOT_FOUND",
              405: "METHOD_NOT_ALLOWED", 413: "UPLOAD_TOO_LARGE"}


def _problem(status: int, message: str, code: str | None = None, params: dict | None = None):
    if is_api():
        response = jsonify({"error": message, "code": code or HTTP_CODES.get(status, f"HTTP_{status}"),
                            "params": params or {}})
        response.status_code = status
        return response
    return render_template("error.html", status=status, message=message), status


def _ledger_error(exc: LedgerError):
    """The CLI's one line, as a page or as 422 JSON; the service has left the book as it was."""
    shown = exc.as_json()
    return _problem(422, in_words(shown["message"]), shown["code"], shown["params"])


def _csrf_error(exc: CSRFError):
    return _problem(400, _("the form is stale or came from elsewhere ({why}); reload the page").format(why=exc.description))


def _http_error(exc: HTTPException):
    if exc.code == 413:
        limit = (request.max_content_length or UPLOAD_LIMIT) // (1024 * 1024)
        return _problem(413, _("the upload is larger than {limit} MB, the limit of this server").format(limit=limit))
    if exc.code in HTTP_WORDS:
        return _problem(exc.code, _(HTTP_WORDS[exc.code]))
    return _problem(exc.code or 500, exc.description or exc.name)
