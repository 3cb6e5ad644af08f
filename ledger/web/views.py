"""The pages: public disclosures, sign-in, the books side by side, a book's dashboard, its
findings, the import (upload, dry run, confirm) and the downloads. Each view parses the request,
calls one service of the ledger and renders a template."""
from __future__ import annotations

import io
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

from ledger.books import list_books, load_book
from ledger.core.errors import BookNotFound, UsageError
from ledger.core.money import Money
from ledger.db.engine import snapshot
from ledger.fund import at_desk
from ledger.importers.service import KINDS, import_books
from ledger.journal.verify import verify_book
from ledger.reports.audit import write_audit_workbook
from ledger.reports.beancount import export_beancount
from ledger.reports.disclosure import published_id, write_disclosure
from ledger.reports.final_report import write_final_report
from ledger.reports.findings import findings
from ledger.reports.registers import accepted_gifts
from ledger.reports.status import fund_status
from ledger.users import list_users, sign_in
from ledger.web.access import Access, allow
from ledger.web.chart import bar_chart
from ledger.web.language import LANGUAGES, _
from ledger.web.receipts import ACTIONS, SOURCES, action_from, receipt_from
from ledger.web.registers import PAGES, filter_from, register_page
from ledger.web.uploads import PendingImport, sha256_of

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
            return render_template("login.html", problem=_("Too many sign-in attempts; wait 15 minutes")), 429
        with _engine().connect() as conn:
            user = sign_in(conn, name, request.form.get("password", ""))
        if user is None:
            limiter.failed(address, name)
            problem = _("Wrong name or password")
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
    sources = status.book.profile
    caps = [(_(sources.source(code).name).capitalize(), cap) for code, cap in status.source_caps] + \
        [(_("Whole fund"), status.total)]
    chart = bar_chart([(label, cap.accepted, cap.limit) for label, cap in caps])
    # The ask form offers only the sources this fund has (a party's has no association's funds).
    offered = [key for key, source in SOURCES.items() if sources.has_source(source.value)]
    return render_template("dashboard.html", book=info, status=status, caps=caps, chart=chart,
                           by_rule=sorted(by_rule.items()), sources=offered)


@pages.get("/books/<code>/findings")
@allow(Access.READ)
def book_findings(code):
    with _engine().connect() as conn:
        info = book_named(conn, code)
        found = findings(conn, info)
    return render_template("findings.html", book=info, found=found)


def _finding(conn, code: str, finding_id: int):
    info = book_named(conn, code)
    found = next((f for f in findings(conn, info) if f.id == finding_id), None)
    if found is None:
        abort(404)
    return info, found


@pages.get("/books/<code>/findings/<int:finding_id>")
@allow(Access.READ)
def finding_page(code, finding_id):
    """One finding, its source row and its entry; for the book's treasurer, while it is open,
    the actions that settle it."""
    with _engine().connect() as conn:
        info, found = _finding(conn, code, finding_id)
    return render_template("finding.html", book=info, f=found, actions=ACTIONS)


@pages.get(f"/books/<code>/registers/<any({', '.join(PAGES)}):register>")
@allow(Access.READ)
def register(code, register):
    flt = filter_from(request.args)
    with _engine().connect() as conn:
        info = book_named(conn, code)
        page = register_page(conn, info, register, flt)
    return render_template("register.html", book=info, register=register, registers=PAGES, flt=flt, page=page)


@pages.get("/books/<code>/verify")
@allow(Access.READ)
def verify(code):
    """``verify`` as a page: the chain, balances, ceilings and findings re-proved from the
    journal at one moment, and the tip digest to keep (given one, whether the chain extends it)."""
    digest = (request.args.get("digest") or "").strip() or None
    with _engine().connect() as conn:
        info = book_named(conn, code)
    with snapshot(_engine()) as conn:
        report = verify_book(conn, info, digest)
    return render_template("verify.html", book=info, report=report, digest=digest)


@pages.get("/books/<code>/beancount")
@allow(Access.READ)
def beancount(code):
    """The Beancount export, as ``fundledger export beancount`` writes it."""
    with _engine().connect() as conn:
        info = book_named(conn, code)
        out = io.StringIO()
        export_beancount(conn, info, out)
    response = current_app.response_class(out.getvalue().encode("utf-8"), mimetype="text/plain")
    response.headers["Content-Disposition"] = f'attachment; filename="{info.code}.beancount"'
    return response


@pages.get("/books/<code>/audit.xlsx")
@allow(Access.READ)
def audit_workbook(code):
    return _download(code, write_audit_workbook, f"audit-{code}.xlsx", XLSX)


@pages.get("/books/<code>/report.xlsx")
@allow(Access.READ)
def final_report(code):
    """The report on the fund's use for the commission, as ``fundledger report`` writes it."""
    return _download(code, write_final_report, f"report-{code}.xlsx", XLSX)


def _download(code: str, write, name: str, mimetype: str):
    """The file ``write(engine, book, path, lang=...)`` makes, in the page's language, sent as
    an attachment."""
    with _engine().connect() as conn:
        info = book_named(conn, code)
    with tempfile.TemporaryDirectory(prefix="fundledger-") as folder:
        path = Path(folder) / name
        write(_engine(), info, path, lang=g.lang)
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


@pages.post("/books/<code>/findings/<int:finding_id>/<any(refund, identify, reverse):action>")
@allow(Access.WRITE)
def finding_action(code, finding_id, action):
    """Refund, identify or reverse the receipt of a finding, in two steps: the first runs the
    desk as a dry run (nothing booked) and asks for confirmation, the second, with
    ``confirmed=1`` and the same fields, books it. The desk decides everything, as in the CLI."""
    with _engine().connect() as conn:
        info, found = _finding(conn, code, finding_id)
    if found.entry_seq is None:
        raise UsageError(_("this finding names no entry: there is nothing to act on"))
    work = action_from(action, found.entry_seq, request.form)
    confirmed = request.form.get("confirmed") == "1"
    result = at_desk(_engine(), info, work, dry_run=not confirmed, booked_by=g.user.name)
    fields = {k: request.form.get(k, "") for k in ("date", "amount", "id", "name", "reason")}
    return render_template("action.html", book=info, f=found, action=action, result=result,
                           confirmed=confirmed, fields=fields)


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
        raise UsageError(_("unknown import kind {kind!r}; choose one of {choices}").format(kind=kind, choices=", ".join(KINDS)))
    if not uploads:
        raise UsageError(_("choose at least one file to import"))
    with _engine().connect() as conn:
        info = book_named(conn, code)
    store = current_app.uploads
    upload_id, paths = store.keep(uploads)
    report = import_books(_engine(), book=info.code, kind=kind, paths=paths, all_sheets=all_sheets, dry_run=True)
    pending = PendingImport(upload_id, info.code, kind, g.user.name, list(report.tip),
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
    store.claim(pending)
    # The book's tip is compared with the dry run's inside the booking's own transaction, under
    # the book's lock: nothing booked in between can go unnoticed.
    report = import_books(_engine(), book=info.code, kind=pending.kind, paths=paths, all_sheets=pending.all_sheets,
                          booked_by=g.user.name, expect_tip=tuple(pending.tip_at_dry_run))
    return render_template("import_report.html", book=info, report=report, pending=None)


# --- admins ------------------------------------------------------------------------------------

@pages.get("/users")
@allow(Access.ADMIN)
def users():
    with _engine().connect() as conn:
        found = list_users(conn)
    return render_template("users.html", users=found)
