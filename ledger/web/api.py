"""The JSON API under ``/api/v1``: what ``--format json`` prints, for programs.

A caller proves who it is with ``Authorization: Bearer TOKEN`` (``fundledger users token``);
401 without a valid token, 403 for a book its user may not read or write, 413 for an upload
over the limit, 422 with the CLI's one-line reason for a bad file or a bad field.
"""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request

from ledger.books import list_books
from ledger.core.errors import UsageError
from ledger.core.notices import code_of
from ledger.fund import at_desk
from ledger.i18n import _
from ledger.importers.service import KINDS, import_books
from ledger.journal.chart import BY_ROLE
from ledger.reports.findings import findings
from ledger.reports.status import fund_status
from ledger.rules.receipts import Outcome, source_account_role
from ledger.web.access import Access, allow
from ledger.web.receipts import receipt_from
from ledger.web.views import book_named

api = Blueprint("api", __name__)

@api.get("/books")
@allow(Access.SIGNED_IN)
def books():
    with current_app.engine.connect() as conn:
        found = [b for b in list_books(conn) if g.user.reads(b.code)]
    return jsonify([{"code": b.code, "party": b.party, "election": b.election, "profile": b.profile.code}
                    for b in found])


@api.get("/books/<code>/status")
@allow(Access.READ)
def status(code):
    with current_app.engine.connect() as conn:
        return jsonify(fund_status(conn, book_named(conn, code)).as_json())


@api.get("/books/<code>/findings")
@allow(Access.READ)
def book_findings(code):
    with current_app.engine.connect() as conn:
        info = book_named(conn, code)
        found = findings(conn, info)
    caveat = info.profile.caveat()
    noted = {"note": caveat} if caveat else {}
    return jsonify({"findings": [{**f.as_json(), **noted} for f in found],
                    "open": sum(1 for f in found if f.status == "open"), "caveat": caveat})


@api.post("/books/<code>/receipts")
@allow(Access.WRITE)
def receive(code):
    receipt = receipt_from(request.get_json(silent=True))
    dry_run = request.get_json(silent=True).get("dry_run") is True
    with current_app.engine.connect() as conn:
        info = book_named(conn, code)
    result = at_desk(current_app.engine, info, lambda desk: desk.receive(receipt), dry_run, booked_by=g.user.name)
    if result.outcome is Outcome.REJECTED:
        response = jsonify({"dry_run": dry_run, "outcome": "rejected", "reason": result.reason,
                            "error": f"rejected: {result.reason}", "code": code_of(result.reason)})
        response.status_code = 422
        return response
    into = None
    if result.donor is not None and result.accepted.is_positive:
        account = BY_ROLE[source_account_role(receipt.source, result.donor)]
        into = f"{account.code} {account.name_en}"
    return jsonify({
        "dry_run": dry_run, "outcome": result.outcome.value, "entry": result.seq, "amount": result.amount.machine(),
        "accepted": result.accepted.machine(), "refund_due": result.refund_due.machine(),
        "budget_due": result.budget_due.machine(), "due_to_party": result.due_to_party.machine(),
        "findings": [f.as_json() for f in result.findings],
        "warnings": list(result.warnings), "reason": result.reason, **({"into": into} if into else {})})


@api.post("/books/<code>/imports")
@allow(Access.WRITE)
def imports(code):
    kind = request.args.get("kind", "")
    if kind not in KINDS:
        raise UsageError(_("unknown import kind {kind!r}; choose one of {choices}").format(kind=kind, choices=", ".join(KINDS)),
                         code="IMPORT_KIND_UNKNOWN")
    uploads = [f for f in request.files.getlist("file") if f and f.filename]
    if not uploads:
        raise UsageError(_("no files to import: send them as the multipart field {field!r}").format(field="file"), code="NO_FILES")
    with current_app.engine.connect() as conn:
        info = book_named(conn, code)
    _upload_id, paths = current_app.uploads.keep(uploads)
    report = import_books(current_app.engine, book=info.code, kind=kind, paths=paths,
                          dry_run=request.args.get("dry_run") in ("1", "true"), booked_by=g.user.name)
    return jsonify(report.as_json())
