"""The pages: public disclosures, sign-in, the books side by side, a book's dashboard, its
findings, the import (upload, dry run, confirm) and the downloads. Each view parses the request,
calls one service of the ledger and renders a template."""
from __future__ import annotations

import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from ledger.books import book_entry_count, list_books, load_book
from ledger.core.errors import BookNotFound, UsageError
from ledger.core.money import Money
from ledger.fund import at_desk
from ledger.importers.service import KINDS, import_books
from ledger.reports.audit import write_audit_workbook
from ledger.reports.disclosure import published_id, write_disclosure
from ledger.reports.findings import findings
from ledger.reports.registers import accepted_gifts
from ledger.reports.status import fund_status
from ledger.users import list_users, sign_in
from ledger.web.access import Access, allow
from ledger.web.chart import bar_chart
from ledger.web.receipts import SOURCES, receipt_from
from ledger.web.uploads import PendingImport, sha256_of
from ledger.web.words import LANGUAGES, word

pages = Blueprint("pages", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def book_named(conn, code: str):
    """The book named ``code`` exactly (never by its number: access is granted by code)."""
    try:
        info = load_book(conn, code)
    except BookNotFound:
        abort(404)
    if info.code != code:
        abort(404)
    return info


def _engine():
    return current_app.engine


# --- anyone ------------------------------------------------------------------------------

@pages.get("/")
@allow(Access.PUBLIC)
def public_books():
    with _engine().connect() as conn:
        books = [(b, fund_status(conn, b)) for b in list_books(conn)]
    return render_template("public.html", books=books)


@pages.get("/public/<code>")
@allow(Access.PUBLIC)
def public_book(code):
    with _engine().connect() as conn:
        info = book_named(conn, code)
        status = fund_status(conn, info)
        gifts = [(gift, published_id(gift.donor_id_number)) for gift in accepted_gifts(conn, info)]
    return render_template("public_book.html", book=info, status=status, gifts=gifts)


@pages.get("/public/<code>/disclosure.<any(xlsx, csv):fmt>")
@allow(Access.PUBLIC)
def public_disclosure(code, fmt):
    return _download(code, write_disclosure, f"disclosure-{code}.{fmt}", XLSX if fmt == "xlsx" else "text/csv")


@pages.get("/lang/<lang>")
@allow(Access.PUBLIC)
def choose_language(lang):
    if lang in LANGUAGES:
        session["lang"] = lang
    back = request.args.get("next", "/")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "/")


@pages.route("/login", methods=["GET", "POST"])
@allow(Access.PUBLIC)
def login():
    problem = None
    if request.method == "POST":
        name = request.form.get("name", "").strip()
        address = request.remote_addr or "-"
        limiter = current_app.sign_ins
        if limiter.blocked(address, name):
            return render_template("login.html", problem=word("too_many", g.lang)), 429
        with _engine().connect() as conn:
            user = sign_in(conn, name, request.form.get("password", ""))
        if user is None:
            limiter.failed(address, name)
            problem = word("bad_sign_in", g.lang)
        else:
            lang = session.get("lang")
            session.clear()            # a fresh session: nothing carried over from before sign-in
            session["user"] = user.id
            if lang:
                session["lang"] = lang
            return redirect(url_for("pages.books"))
    return render_template("login.html", problem=problem), (401 if problem else 200)


@pages.post("/logout")
@allow(Access.SIGNED_IN)
def logout():
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("pages.public_books"))


# --- readers -----------------------------------------------------------------------------

@pages.get("/books")
@allow(Access.SIGNED_IN)
def books():
    with _engine().connect() as conn:
        rows = [(b, fund_status(conn, b)) for b in list_books(conn) if g.user.reads(b.code)]
    return render_template("books.html", rows=rows)


@pages.get("/books/<code>")
@allow(Access.READ)
def dashboard(code):
    with _engine().connect() as conn:
        info = book_named(conn, code)
        status = fund_status(conn, info)
        found = findings(conn, info, open_only=True)
    by_rule: dict[str, list] = {}
    for f in found:
        count_and_sum = by_rule.setdefault(f.rule, [0, Money.zero()])
        count_and_sum[0] += 1
        count_and_sum[1] += f.amount
    caps = [(word(code, g.lang), cap) for code, cap in status.source_caps] + [(word("whole_fund", g.lang), status.total)]
    chart = bar_chart([(label, cap.accepted, cap.limit) for label, cap in caps])
    return render_template("dashboard.html", book=info, status=status, caps=caps, chart=chart,
                           by_rule=sorted(by_rule.items()), sources=SOURCES)


@pages.get("/books/<code>/findings")
@allow(Access.READ)
def book_findings(code):
    with _engine().connect() as conn:
        info = book_named(conn, code)
        found = findings(conn, info)
    return render_template("findings.html", book=info, found=found)


@pages.get("/books/<code>/audit.xlsx")
@allow(Access.READ)
def audit_workbook(code):
    return _download(code, write_audit_workbook, f"audit-{code}.xlsx", XLSX)


def _download(code: str, write, name: str, mimetype: str):
    """The file ``write(engine, book, path, lang=...)`` makes, sent as an attachment; the
    writers speak ru and en, so a Kazakh page gets the Russian file."""
    with _engine().connect() as conn:
        info = book_named(conn, code)
    with tempfile.TemporaryDirectory(prefix="fundledger-") as folder:
        path = Path(folder) / name
        write(_engine(), info, path, lang="en" if g.lang == "en" else "ru")
        data = path.read_bytes()
    response = current_app.response_class(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- treasurers ------------------------------------------------------------------------------

@pages.post("/books/<code>/ask")
@allow(Access.WRITE)
def would_it_fit(code):
    """"Would this money break a cap?": `receive --dry-run` as a form. From htmx the answer
    (or the one-line reason a field is wrong) replaces the form's answer box; without
    script it is a page of its own."""
    partial = request.headers.get("HX-Request") == "true"
    with _engine().connect() as conn:
        info = book_named(conn, code)
    try:
        receipt = receipt_from(request.form)
    except UsageError as bad:
        if not partial:
            raise
        return render_template("_answer.html", result=None, problem=str(bad))
    result = at_desk(_engine(), info, lambda desk: desk.receive(receipt), dry_run=True)
    return render_template("_answer.html" if partial else "answer.html", book=info, result=result, problem=None)


@pages.get("/books/<code>/import")
@allow(Access.WRITE)
def import_form(code):
    with _engine().connect() as conn:
        info = book_named(conn, code)
    return render_template("import.html", book=info, kinds=KINDS)


@pages.post("/books/<code>/import")
@allow(Access.WRITE)
def import_dry_run(code):
    kind = request.form.get("kind", "")
    all_sheets = request.form.get("all_sheets") == "1"
    uploads = [f for f in request.files.getlist("file") if f and f.filename]
    if kind not in KINDS:
        raise UsageError(f"unknown import kind {kind!r}; choose one of {', '.join(KINDS)}")
    if not uploads:
        raise UsageError("choose at least one file to import")
    with _engine().connect() as conn:
        info = book_named(conn, code)
        entries = book_entry_count(conn, info.id)
    store = current_app.uploads
    upload_id, paths = store.keep(uploads)
    report = import_books(_engine(), book=info.code, kind=kind, paths=paths, all_sheets=all_sheets, dry_run=True)
    pending = PendingImport(upload_id, info.code, kind, g.user.name, entries,
                            [{"name": p.name, "sha256": sha256_of(p)} for p in paths], report.as_json(), all_sheets)
    store.remember(pending)
    return render_template("import_report.html", book=info, report=report, pending=pending)


@pages.post("/books/<code>/import/<upload_id>")
@allow(Access.WRITE)
def import_confirm(code, upload_id):
    store = current_app.uploads
    pending = store.pending(upload_id)
    if pending.book != code or pending.user != g.user.name:
        abort(404)
    paths = store.unchanged(pending)
    with _engine().connect() as conn:
        info = book_named(conn, code)
        if book_entry_count(conn, info.id) != pending.entries_at_dry_run:
            raise UsageError("the book changed since this dry run (entries were booked meanwhile); "
                             "start the import again to see what it would do now")
    store.claim(pending)
    report = import_books(_engine(), book=info.code, kind=pending.kind, paths=paths, all_sheets=pending.all_sheets,
                          booked_by=g.user.name)
    return render_template("import_report.html", book=info, report=report, pending=None)


# --- admins ------------------------------------------------------------------------------------

@pages.get("/users")
@allow(Access.ADMIN)
def users():
    with _engine().connect() as conn:
        found = list_users(conn)
    return render_template("users.html", users=found)
