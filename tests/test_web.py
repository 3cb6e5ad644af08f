"""The web desk and its API as their users meet them, through Flask's test client: who may open
what (a walk over every route for every role), sign-in and its limit, CSRF, the headers, the
import's dry run and its confirmation, the API's answers, and donor names that stay text.

The tiny book here is the sample contributions book of ``sample_books/``; its figures are the
CLI's (tests/test_sample_books.py holds the same ones)."""
from __future__ import annotations

import html
import io
import json
import re

import pytest
from click.testing import CliRunner
from conftest import new_book
from sqlalchemy import text

from ledger.cli import main
from ledger.core.money import Money
from ledger.db.engine import run_write
from ledger.i18n import money_text
from ledger.users import add_user, new_token
from ledger.web import create_app
from ledger.web.access import Access, declared

PASSWORD = "correct horse battery"


def sample(name: str):
    from pathlib import Path
    return Path(__file__).resolve().parent.parent / "sample_books" / name


@pytest.fixture
def desk(engine, tmp_path):
    """Two books, one user of each kind, and the application on them."""
    jd = new_book(engine, code="jd")
    new_book(engine, party="Партия «Ақ жол»", code="aj")
    run_write(engine, lambda conn: [
        add_user(conn, "tamara", "treasurer", PASSWORD, ["jd"]),
        add_user(conn, "aida", "auditor", PASSWORD),
        add_user(conn, "bolat", "auditor", PASSWORD, ["aj"]),
        add_user(conn, "admin", "admin", PASSWORD)])
    app = create_app(engine.url.render_as_string(hide_password=False),
                     {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "TESTING": True})
    app.test_book = jd
    yield app
    app.engine.dispose()


def csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def signed_in(app, name):
    client = app.test_client()
    page = client.get("/login")
    answer = client.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": csrf(page)})
    assert answer.status_code == 302, answer.text
    return client


def problem(page) -> str:
    return re.search(r'id="problem">([^<]*)<', page.text).group(1)


def upload(client, path, kind="contributions"):
    form = client.get("/books/jd/import")
    with open(path, "rb") as f:
        return client.post("/books/jd/import", content_type="multipart/form-data", data={
            "kind": kind, "all_sheets": "1", "csrf_token": csrf(form), "file": (f, path.name)})


# --- the role walk --------------------------------------------------------------------------

ROLES = ("anonymous", "tamara", "aida", "bolat", "admin")
# Who is let through each level, on book jd (tamara's; bolat audits only aj).
LET_THROUGH = {
    Access.PUBLIC: set(ROLES),
    Access.SIGNED_IN: {"tamara", "aida", "bolat", "admin"},
    Access.READ: {"tamara", "aida", "admin"},
    Access.WRITE: {"tamara"},
    Access.ADMIN: {"admin"},
}


def _url(rule) -> str:
    """A URL the rule matches: each <any(...)> part takes its first choice."""
    values = {"code": "jd", "lang": "kk", "upload_id": "0" * 32, "filename": "style.css", "finding_id": "1"}
    url = re.sub(r"<any\(([^,)]+)[^)]*\):\w+>", lambda m: m.group(1), rule.rule)
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], url)


def test_every_route_declares_who_may_open_it_and_refuses_everyone_else(desk):
    """The whole URL map, every method, every role: a route without a declaration fails the
    test; a user the declaration does not let through gets 401/403 or the sign-in page, and
    one it lets through is never refused for who they are."""
    clients = {name: (desk.test_client() if name == "anonymous" else signed_in(desk, name)) for name in ROLES}
    with desk.engine.begin() as conn:     # the API knows its callers by their tokens alone
        bearer = {name: {"Authorization": f"Bearer {new_token(conn, name)}"} for name in ROLES if name != "anonymous"}
    walked = 0
    for rule in desk.url_map.iter_rules():
        view = desk.view_functions[rule.endpoint]
        access = declared(view)
        assert access is not None, f"{rule.rule} ({rule.endpoint}) declares no access"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for name, client in clients.items():
                api = rule.rule.startswith("/api/")
                answer = client.open(_url(rule), method=method, headers=bearer.get(name, {}) if api else {})
                refused = answer.status_code in (401, 403) or (
                    answer.status_code == 302 and "/login" in answer.headers.get("Location", ""))
                if name in LET_THROUGH[access]:
                    assert not refused or rule.endpoint == "pages.logout", (rule.rule, method, name, answer.status_code)
                else:
                    assert refused, (rule.rule, method, name, answer.status_code)
                    if api and name == "anonymous":
                        assert answer.status_code == 401
                walked += 1
    assert walked > 60


def test_a_route_without_a_declaration_is_refused_to_everyone(desk):
    desk.add_url_rule("/undeclared", "undeclared", lambda: "secret")
    assert desk.test_client().get("/undeclared").status_code == 403
    assert signed_in(desk, "admin").get("/undeclared").status_code == 403


# --- signing in --------------------------------------------------------------------------------

def test_sign_in_sets_a_fresh_http_only_lax_session_cookie(desk):
    client = desk.test_client()
    page = client.get("/login")
    answer = client.post("/login", data={"name": "tamara", "password": PASSWORD, "csrf_token": csrf(page)})
    cookie = answer.headers["Set-Cookie"]
    assert answer.status_code == 302 and answer.headers["Location"] == "/books"
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_the_session_cookie_is_secure_when_served_over_https(engine, tmp_path):
    new_book(engine, code="jd")
    run_write(engine, lambda conn: add_user(conn, "aida", "auditor", PASSWORD))
    app = create_app(engine.url.render_as_string(hide_password=False),
                     {"UPLOAD_FOLDER": str(tmp_path), "SESSION_COOKIE_SECURE": True})
    client = app.test_client()
    answer = client.post("/login", data={"name": "aida", "password": PASSWORD, "csrf_token": csrf(client.get("/login"))})
    assert "Secure" in answer.headers["Set-Cookie"]


def test_wrong_passwords_are_refused_and_after_five_even_the_right_one_is(desk):
    client = desk.test_client()
    token = csrf(client.get("/login"))
    for _ in range(5):
        answer = client.post("/login", data={"name": "tamara", "password": "guess", "csrf_token": token})
        assert answer.status_code == 401 and problem(answer) == "Неверное имя или пароль"
    answer = client.post("/login", data={"name": "tamara", "password": PASSWORD, "csrf_token": token})
    assert answer.status_code == 429
    assert problem(answer) == "Слишком много попыток входа; подождите 15 минут"
    assert client.get("/books").status_code == 302          # still not signed in


def test_a_disabled_user_neither_signs_in_nor_keeps_a_session_or_token(desk):
    client = signed_in(desk, "aida")
    with desk.engine.begin() as conn:
        token = new_token(conn, "aida")
    assert desk.test_client().get("/api/v1/books", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    result = CliRunner().invoke(main, ["--db", desk.engine.url.render_as_string(hide_password=False),
                                       "users", "disable", "aida"])
    assert result.output == "disabled aida\n"
    assert client.get("/books").status_code == 302
    shut = desk.test_client().get("/api/v1/books", headers={"Authorization": f"Bearer {token}"})
    assert (shut.status_code, shut.json["code"]) == (401, "NOT_SIGNED_IN")
    fresh = desk.test_client()
    answer = fresh.post("/login", data={"name": "aida", "password": PASSWORD, "csrf_token": csrf(fresh.get("/login"))})
    assert answer.status_code == 401


def test_a_form_without_its_csrf_token_is_refused(desk):
    client = desk.test_client()
    client.get("/login")
    answer = client.post("/login", data={"name": "tamara", "password": PASSWORD})
    assert answer.status_code == 400
    assert problem(answer).startswith("форма устарела или пришла с другого сайта")
    tamara = signed_in(desk, "tamara")
    with open(sample("contributions.xlsx"), "rb") as f:
        answer = tamara.post("/books/jd/import", content_type="multipart/form-data",
                             data={"kind": "contributions", "file": (f, "contributions.xlsx")})
    assert answer.status_code == 400
    with desk.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM entries")).scalar() == 0


def test_every_answer_carries_the_security_headers(desk):
    for url in ("/", "/login", "/static/style.css", "/api/v1/books", "/nowhere"):
        headers = desk.test_client().get(url).headers
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"


# --- the import: dry run, confirmation -------------------------------------------------------------

def test_a_treasurer_sees_the_dry_run_then_books_exactly_it(desk):
    tamara = signed_in(desk, "tamara")
    dry = upload(tamara, sample("contributions.xlsx"))
    assert dry.status_code == 200
    assert "Пробный прогон: ничего не записано." in dry.text
    with desk.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM entries")).scalar() == 0
    confirm = re.search(r'action="(/books/jd/import/[0-9a-f]{32})"', dry.text).group(1)
    shown = re.sub(r"\s+", " ", re.search(r'id="report-sums">(.*?)</table>', dry.text, re.S).group(1))

    booked = tamara.post(confirm, data={"csrf_token": csrf(dry)})
    assert booked.status_code == 200 and "Записано: добровольные пожертвования" in booked.text
    assert re.sub(r"\s+", " ", re.search(r'id="report-sums">(.*?)</table>', booked.text, re.S).group(1)) == shown
    status = tamara.get("/api/v1/books/jd/status")
    assert status.status_code == 401          # the API takes no session cookie
    with desk.engine.connect() as conn:
        memos = conn.execute(text("SELECT memo FROM entries ORDER BY seq")).scalars().all()
        files = set(conn.execute(text("SELECT source_file FROM entries")).scalars())
    assert memos and all(m.endswith(" [booked by tamara]") for m in memos)
    assert files == {"contributions.xlsx"}

    again = tamara.post(confirm, data={"csrf_token": csrf(dry)})
    assert again.status_code == 422
    assert problem(again) == "эта загрузка уже подтверждена или не существовала: начните импорт заново"


def test_two_files_in_one_upload_are_dry_run_and_booked_together(desk):
    """The import form takes several files at once: one dry run shows each file, and the
    confirmation books exactly those files' rows, each entry naming its own file."""
    from ledger.importers.service import import_books

    tamara = signed_in(desk, "tamara")
    form = tamara.get("/books/jd/import")
    paths = [sample("contributions.xlsx"), sample("contributions_kk.csv")]
    dry = tamara.post("/books/jd/import", content_type="multipart/form-data", data={
        "kind": "contributions", "all_sheets": "1", "csrf_token": csrf(form),
        "file": [(io.BytesIO(p.read_bytes()), p.name) for p in paths]})
    assert dry.status_code == 200 and all(p.name in dry.text for p in paths)
    confirm = re.search(r'action="(/books/jd/import/[0-9a-f]{32})"', dry.text).group(1)
    assert tamara.post(confirm, data={"csrf_token": csrf(dry)}).status_code == 200
    with desk.engine.connect() as conn:
        booked = dict(conn.execute(text("SELECT b.file_name, COUNT(*) FROM source_rows r JOIN import_batches b "
                                        "ON b.id = r.batch_id GROUP BY b.file_name")).all())
    alone = import_books(desk.engine, book="jd", kind="contributions", paths=paths, all_sheets=True, dry_run=True)
    assert set(booked) == {p.name for p in paths}
    assert sum(booked.values()) == alone.total.rows       # every row of both files, once
    # booked already: every row is a duplicate now but the three a register's mistakes keep rejected
    assert (alone.total.outcomes["duplicate"], alone.total.outcomes["rejected"]) == (alone.total.rows - 3, 3)


def test_a_confirmation_is_refused_when_the_book_changed_since_the_dry_run(desk):
    tamara = signed_in(desk, "tamara")
    dry = upload(tamara, sample("contributions.xlsx"))
    confirm = re.search(r'action="(/books/jd/import/[0-9a-f]{32})"', dry.text).group(1)
    with desk.engine.begin() as conn:
        token = new_token(conn, "tamara")
    api = desk.test_client()
    typed = api.post("/api/v1/books/jd/receipts", headers={"Authorization": f"Bearer {token}"},
                     json={"amount": "1000.00", "date": "2007-08-01", "name": "Иванов Иван", "document": "7"})
    assert typed.status_code == 200 and typed.json["entry"] == 1
    refused = tamara.post(confirm, data={"csrf_token": csrf(dry)})
    assert refused.status_code == 422
    assert problem(refused).startswith("книга изменилась после пробного прогона")   # the desk speaks Russian by default
    with desk.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM entries")).scalar() == 1


def test_a_confirmation_is_refused_when_the_kept_upload_changed(desk):
    tamara = signed_in(desk, "tamara")
    dry = upload(tamara, sample("contributions.xlsx"))
    upload_id = re.search(r'action="/books/jd/import/([0-9a-f]{32})"', dry.text).group(1)
    kept = desk.uploads.root / upload_id / "contributions.xlsx"
    kept.write_bytes(kept.read_bytes() + b"\0")
    refused = tamara.post(f"/books/jd/import/{upload_id}", data={"csrf_token": csrf(dry)})
    assert refused.status_code == 422
    assert problem(refused) == "contributions.xlsx: загруженный файл изменился после пробного прогона; начните импорт заново"


def test_an_upload_is_kept_under_a_generated_folder_never_where_its_name_points(desk):
    tamara = signed_in(desk, "tamara")
    form = tamara.get("/books/jd/import")
    answer = tamara.post("/books/jd/import", content_type="multipart/form-data", data={
        "kind": "contributions", "csrf_token": csrf(form),
        "file": (io.BytesIO(sample("contributions_kk.csv").read_bytes()), "../../etc/evil.csv")})
    assert answer.status_code == 200
    kept = [p.relative_to(desk.uploads.root).parts for p in desk.uploads.root.rglob("*.csv")]
    assert len(kept) == 1 and re.fullmatch(r"[0-9a-f]{32}", kept[0][0]) and kept[0][1] == "evil.csv"


def test_a_file_that_is_no_spreadsheet_gets_the_clis_reason_and_books_nothing(desk):
    tamara = signed_in(desk, "tamara")
    form = tamara.get("/books/jd/import")
    answer = tamara.post("/books/jd/import", content_type="multipart/form-data", data={
        "kind": "contributions", "csrf_token": csrf(form), "file": (io.BytesIO(b"MZ\x90\0binary"), "gifts.xlsx")})
    assert answer.status_code == 422
    assert problem(answer).startswith("gifts.xlsx: ")
    with desk.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM entries")).scalar() == 0


def test_an_upload_over_the_limit_is_refused_with_413(engine, tmp_path):
    new_book(engine, code="jd")
    run_write(engine, lambda conn: add_user(conn, "tamara", "treasurer", PASSWORD, ["jd"]))
    app = create_app(engine.url.render_as_string(hide_password=False),
                     {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "MAX_CONTENT_LENGTH": 1024 * 1024})
    with app.engine.begin() as conn:
        token = new_token(conn, "tamara")
    api = app.test_client().post("/api/v1/books/jd/imports?kind=contributions", headers={
        "Authorization": f"Bearer {token}"}, data={"file": (io.BytesIO(b"x" * 1_500_000), "big.csv")})
    assert (api.status_code, api.json) == (413, {"error": "the upload is larger than 1 MB, the limit of this server",
                                                 "code": "UPLOAD_TOO_LARGE", "params": {}})
    page = signed_in(app, "tamara")
    answer = page.post("/books/jd/import", content_type="multipart/form-data", data={
        "kind": "contributions", "csrf_token": csrf(page.get("/books/jd/import")),
        "file": (io.BytesIO(b"x" * 1_500_000), "big.csv")})
    assert answer.status_code == 413 and problem(answer) == "загружаемый файл больше 1 МБ — предела этого сервера"
    assert not list((tmp_path / "uploads").rglob("*.csv"))


# --- pages show names as text --------------------------------------------------------------------

def test_donor_names_like_script_or_a_formula_are_shown_as_text(desk):
    with desk.engine.begin() as conn:
        token = new_token(conn, "tamara")
    api = desk.test_client()
    for i, name in enumerate(['<script>alert("x")</script>', '=HYPERLINK("http://evil","click")']):
        answer = api.post("/api/v1/books/jd/receipts", headers={"Authorization": f"Bearer {token}"},
                          json={"amount": "5000", "date": "2007-08-01", "name": name, "document": str(i)})
        assert answer.status_code == 200, answer.json
    page = desk.test_client().get("/public/jd")
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert "=HYPERLINK(&#34;http://evil&#34;,&#34;click&#34;)" in page.text


def test_the_public_page_masks_iins_as_the_disclosure_file_does(desk):
    with desk.engine.begin() as conn:
        token = new_token(conn, "tamara")
    answer = desk.test_client().post("/api/v1/books/jd/receipts", headers={"Authorization": f"Bearer {token}"},
                                     json={"amount": "10000", "date": "2007-08-01", "name": "Рахимова Салтанат",
                                           "id": "620419449016", "document": "12"})
    assert answer.json["outcome"] == "posted", answer.json
    page = desk.test_client().get("/public/jd")
    assert "620419449016" not in page.text
    assert "********9016" in page.text
    csv = desk.test_client().get("/public/jd/disclosure.csv").data.decode("utf-8-sig")
    assert "620419449016" not in csv and "********9016" in csv


# --- the API ---------------------------------------------------------------------------------------

@pytest.fixture
def tokens(desk):
    with desk.engine.begin() as conn:
        return {name: {"Authorization": f"Bearer {new_token(conn, name)}"} for name in ("tamara", "aida", "bolat")}


def test_the_api_answers_what_format_json_prints(desk, tokens):
    api = desk.test_client()
    assert [b["code"] for b in api.get("/api/v1/books", headers=tokens["bolat"]).json] == ["aj"]
    assert [b["code"] for b in api.get("/api/v1/books", headers=tokens["aida"]).json] == ["jd", "aj"]
    db = desk.engine.url.render_as_string(hide_password=False)
    cli = json.loads(CliRunner().invoke(main, ["--db", db, "status", "--book", "jd", "--format", "json"]).output)
    assert api.get("/api/v1/books/jd/status", headers=tokens["aida"]).json == cli
    assert api.get("/api/v1/books/jd/status", headers=tokens["bolat"]).status_code == 403
    assert api.get("/api/v1/books/jd/status").status_code == 401
    assert api.get("/api/v1/books/jd/status", headers={"Authorization": "Bearer fl_wrong"}).status_code == 401


def test_receipts_through_the_api_cross_the_cap_as_the_desk_says(desk, tokens):
    api = desk.test_client()
    cap = desk.test_book.profile.voluntary_cap
    body = {"amount": (cap - cap.tenge(1000)).machine(), "date": "2007-08-01", "name": "Иванов Иван",
            "id": "620419449016", "document": "1"}
    dry = api.post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={**body, "dry_run": True})
    assert dry.status_code == 200 and dry.json["dry_run"] is True
    assert api.get("/api/v1/books/jd/status", headers=tokens["aida"]).json["entries"] == 0
    first = api.post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json=body).json
    assert (first["entry"], first["outcome"], first["accepted"]) == (1, "posted", body["amount"])
    over = api.post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={**body, "amount": "3000.00", "document": "2"}).json
    assert (over["entry"], over["accepted"], over["refund_due"]) == (2, "1000.00", "2000.00")
    assert [f["rule"] for f in over["findings"]] == ["CAP_VOLUNTARY"]
    assert api.post("/api/v1/books/jd/receipts", headers=tokens["aida"], json=body).status_code == 403


@pytest.mark.parametrize("field, value, reason, code", [
    ("amount", "12,345,6", "amount ", "AMOUNT_INVALID"),
    ("amount", "-5", "amount '-5' must be more than zero", "AMOUNT_NOT_POSITIVE"),
    ("date", "01.08.2007", "date '01.08.2007' is not a date: write it as YYYY-MM-DD", "DATE_INVALID"),
    ("date", None, "date: required", "FIELD_REQUIRED"),
    ("source", "gift", "source 'gift': choose one of voluntary, own-funds", "SOURCE_UNKNOWN"),
])
def test_a_bad_receipt_field_is_422_with_a_one_line_reason_and_books_nothing(desk, tokens, field, value, reason,
                                                                               code):
    body = {"amount": "1000.00", "date": "2007-08-01", "name": "Иванов Иван", field: value}
    answer = desk.test_client().post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json=body)
    assert answer.status_code == 422
    assert answer.json["error"].startswith(reason) and "\n" not in answer.json["error"]
    assert answer.json["code"] == code
    with desk.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM entries")).scalar() == 0


def test_an_import_through_the_api_dry_run_then_booked(desk, tokens):
    api = desk.test_client()
    path = sample("contributions.xlsx")
    dry = api.post("/api/v1/books/jd/imports?kind=contributions&dry_run=1", headers=tokens["tamara"],
                   data={"file": (path.open("rb"), path.name)})
    assert dry.status_code == 200 and dry.json["dry_run"] is True
    booked = api.post("/api/v1/books/jd/imports?kind=contributions", headers=tokens["tamara"],
                      data={"file": (path.open("rb"), path.name)})
    assert booked.json["totals"] == dry.json["totals"]
    assert api.post("/api/v1/books/jd/imports?kind=contributions", headers=tokens["aida"],
                    data={"file": (path.open("rb"), path.name)}).status_code == 403
    bad = api.post("/api/v1/books/jd/imports?kind=gifts", headers=tokens["tamara"], data={"file": (path.open("rb"), path.name)})
    assert (bad.status_code, bad.json) == (422, {"error": "unknown import kind 'gifts'; choose one of "
                                                          "contributions, own-funds, association-funds, spending, statement",
                                                 "code": "IMPORT_KIND_UNKNOWN", "params": {}})


# --- pages in three languages -----------------------------------------------------------------------

def test_the_language_comes_from_the_switcher_or_accept_language(desk):
    client = desk.test_client()
    assert "Публичные отчёты" in client.get("/").text
    assert "Public disclosures" in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).text
    client.get("/lang/kk?next=/login")
    assert "Жария есептер" in client.get("/", headers={"Accept-Language": "en"}).text
    assert client.get("/lang/en?next=//evil.example").headers["Location"] == "/"


def test_the_dashboard_shows_each_cap_and_draws_its_chart(desk, tokens):
    api = desk.test_client()
    api.post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
        "amount": "1000000", "date": "2007-08-01", "name": "Партия", "source": "own-funds", "document": "1"})
    page = signed_in(desk, "aida").get("/books/jd")
    caps = re.sub(r"<[^>]+>", "|", re.sub(r">\s+<", "><", re.search(r'id="caps">(.*?)</table>', page.text, re.S).group(1)))
    own = desk.test_book.profile.own_cap
    million = own.tenge(1_000_000)
    assert f"Собственные средства||{own.human()}||{million.human()}||{(own - million).human()}|" in caps
    assert page.text.count("<svg") == 1 and "<script" not in page.text.split("</head>")[1]


def test_would_this_money_break_a_cap_answers_as_receive_dry_run_and_books_nothing(desk, tokens):
    cap = desk.test_book.profile.voluntary_cap
    desk.test_client().post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
        "amount": (cap - cap.tenge(1000)).machine(), "date": "2007-08-01", "name": "Иванов Иван",
        "id": "620419449016", "document": "1"})
    tamara = signed_in(desk, "tamara")
    form = tamara.get("/books/jd")
    assert form.text.count('id="ask"') == 1 and "<title>Сводка: Партия «Жасыл Дала» · fundledger</title>" in form.text
    ask = {"csrf_token": csrf(form), "amount": "3 000,00", "date": "2007-08-02", "name": "Петрова Анна"}
    page = tamara.post("/books/jd/ask", data=ask)
    assert page.status_code == 200 and "<html" in page.text
    assert re.search(r'id="answer-accepted">([^<]*)<', page.text).group(1) == cap.tenge(1000).human()
    assert "CAP_VOLUNTARY" in page.text
    partial = tamara.post("/books/jd/ask", data=ask, headers={"HX-Request": "true"})
    assert "<html" not in partial.text and 'id="answer-accepted"' in partial.text
    bad = tamara.post("/books/jd/ask", data={**ask, "amount": "три тысячи"}, headers={"HX-Request": "true"})
    assert bad.status_code == 200 and html.unescape(problem(bad)) == "сумма: 'три тысячи' — не сумма"
    assert tamara.post("/books/jd/ask", data={**ask, "amount": "три тысячи"}).status_code == 422
    with desk.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM entries")).scalar() == 1
    assert 'id="ask"' not in signed_in(desk, "aida").get("/books/jd").text


# --- users on the command line -----------------------------------------------------------------------

def test_users_on_the_command_line(run, engine):
    new_book(engine, code="jd")
    added = CliRunner().invoke(main, ["--db", engine.url.render_as_string(hide_password=False), "users", "add",
                                      "tamara", "--role", "treasurer", "--book", "jd", "--password-stdin"],
                               input=PASSWORD + "\n")
    assert (added.exit_code, added.output) == (0, "added treasurer tamara: books jd\n")
    refused = run("users", "add", "nurlan", "--role", "treasurer", "--password-stdin")
    assert refused.exit_code == 1
    short = CliRunner().invoke(main, ["--db", engine.url.render_as_string(hide_password=False), "users", "add",
                                      "x", "--role", "auditor", "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and "too short" in short.output
    in_kazakh = CliRunner().invoke(main, ["--db", engine.url.render_as_string(hide_password=False), "--lang", "kk",
                                          "users", "add", "nurlan", "--role", "treasurer", "--password-stdin"],
                                   input=PASSWORD + "\n")
    assert in_kazakh.exit_code == 1 and ("қазынашы өзіне берілген кітаптарды жүргізеді: nurlan пайдаланушысына кемінде "
                                         "бір --book КОД беріңіз") in in_kazakh.output
    assert json.loads(run("users", "list", "--format", "json").output) == [
        {"name": "tamara", "role": "treasurer", "books": ["jd"], "disabled": False}]
    token = run("users", "token", "tamara").output.strip()
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash, password_hash FROM users")).one()
    assert token.startswith("fl_") and token not in stored and stored.password_hash.startswith("$argon2")


def test_serve_refuses_a_database_without_the_schema_in_one_line_before_listening(run):
    result = run("serve", "--port", "8123")
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and result.output.count("\n") == 1
    assert "run `fundledger init`" in result.output        # no schema (PostgreSQL), no file (SQLite)


# --- actions on a finding: refund, identify, reverse ---------------------------------------------------

def _hidden_fields(page) -> dict:
    form = re.search(r'<form[^>]*id="confirm">(.*?)</form>', page.text, re.S).group(1)
    return {name: html.unescape(value)          # as a browser sends them back
            for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)}


def _finding_of(client, rule: str) -> str:
    listing = client.get("/books/jd/findings")
    return re.search(rf'href="(/books/jd/findings/\d+)">{rule}<', listing.text).group(1)


def _entries(desk) -> list[tuple]:
    with desk.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT seq, kind, memo FROM entries ORDER BY seq"))]


def _over_the_cap(desk, tokens) -> None:
    """Entry 1 fills the voluntary cap but 1,000 tenge; entry 2 (3,000) is split: 2,000 owed back."""
    cap = desk.test_book.profile.voluntary_cap
    api = desk.test_client()
    for n, amount in ((1, (cap - cap.tenge(1000)).machine()), (2, "3000.00")):
        answer = api.post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
            "amount": amount, "date": "2007-08-01", "name": "Иванов Иван", "id": "620419449016", "document": str(n)})
        assert answer.json["entry"] == n


def test_a_findings_page_cites_the_law_in_the_pages_language(desk, tokens):
    _over_the_cap(desk, tokens)
    aida = signed_in(desk, "aida")
    cited = {}
    for lang in ("kk", "en"):
        aida.get(f"/lang/{lang}")
        page = aida.get(_finding_of(aida, "CAP_VOLUNTARY"))
        cited[lang] = html.unescape(re.search(r"<tr><th>[^<]*</th><td>([^<]*)</td></tr>\s*(?:<tr><th>[^<]*</th><td>\d+"
                                              r"</td></tr>\s*)?</table>", page.text).group(1))
    assert cited == {
        "kk": "«Сайлау туралы» Конституциялық заң, 92-1-бап (ерікті қайырмалдықтар: 10 000 ЕТЖ); 34-баптың 5-тармағы",
        "en": "Constitutional Law \"On Elections\", art. 92-1 (voluntary contributions: 10,000 x MZP); art. 34(5)"}


def test_a_treasurer_refunds_a_finding_after_a_dry_run_and_a_confirmation(desk, tokens):
    _over_the_cap(desk, tokens)
    tamara = signed_in(desk, "tamara")
    tamara.get("/lang/en")
    url = _finding_of(tamara, "CAP_VOLUNTARY")
    page = tamara.get(url)
    assert 'id="refund"' in page.text and 'id="reverse"' in page.text and 'id="identify"' not in page.text
    fields = {"csrf_token": csrf(page), "date": "2007-08-05", "reason": "paid back at the donor's request"}

    missing = tamara.post(url + "/refund", data={**fields, "reason": ""})
    assert (missing.status_code, problem(missing)) == (422, "reason: required")
    early = tamara.post(url + "/refund", data={**fields, "date": "2007-07-31"})
    assert early.status_code == 422 and problem(early).startswith("--date 31.07.2007 is before entry 2 itself")
    dry = tamara.post(url + "/refund", data=fields)
    assert dry.status_code == 200 and "Dry run: nothing was written." in dry.text
    assert re.search(r'id="action-entry">(\d+)<', dry.text).group(1) == "3"
    assert re.search(r'id="action-amount">([^<]+)<', dry.text).group(1) == money_text(Money.tenge(2000), lang="en")
    assert len(_entries(desk)) == 2

    booked = tamara.post(url + "/refund", data=_hidden_fields(dry))
    assert booked.status_code == 200 and 'id="confirm"' not in booked.text
    assert _entries(desk)[-1] == (3, "refund", "paid back at the donor's request [booked by tamara]")
    found = desk.test_client().get("/api/v1/books/jd/findings", headers=tokens["aida"]).json["findings"]
    assert [(f["rule"], f["status"], f["resolved_by"]) for f in found] == [("CAP_VOLUNTARY", "resolved", 3)]
    again = tamara.post(url + "/refund", data=_hidden_fields(dry))
    assert again.status_code == 422 and problem(again) == "nothing is owed back for entry 2"
    assert len(_entries(desk)) == 3


def test_an_auditor_sees_a_finding_but_no_action_and_may_not_post_one(desk, tokens):
    _over_the_cap(desk, tokens)
    aida = signed_in(desk, "aida")
    url = _finding_of(aida, "CAP_VOLUNTARY")
    page = aida.get(url)
    assert page.status_code == 200 and "CAP_VOLUNTARY" in page.text and "<form method=\"post\" action=\"/books" not in page.text
    refused = aida.post(url + "/refund", data={"csrf_token": csrf(page), "date": "2007-08-05", "reason": "x",
                                               "confirmed": "1"})
    assert refused.status_code == 403
    without_token = signed_in(desk, "tamara").post(url + "/refund", data={"date": "2007-08-05", "reason": "x",
                                                                            "confirmed": "1"})
    assert without_token.status_code == 400
    assert len(_entries(desk)) == 2


def test_a_treasurer_identifies_a_donor_held_for_an_invalid_iin(desk, tokens):
    held = desk.test_client().post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
        "amount": "5000.00", "date": "2007-08-01", "name": "Рахимова Салтанат", "id": "620419449017", "document": "1"})
    assert (held.json["outcome"], held.json["refund_due"]) == ("held", "5000.00")
    tamara = signed_in(desk, "tamara")
    url = _finding_of(tamara, "ID_INVALID")
    page = tamara.get(url)
    assert 'id="identify"' in page.text
    dry = tamara.post(url + "/identify", data={"csrf_token": csrf(page), "date": "2007-08-03",
                                               "id": "620419449016", "reason": "the bank's statement has the right IIN"})
    assert dry.status_code == 200 and len(_entries(desk)) == 1
    tamara.post(url + "/identify", data=_hidden_fields(dry))
    assert _entries(desk)[-1] == (2, "correction", "the bank's statement has the right IIN [booked by tamara]")
    status = desk.test_client().get("/api/v1/books/jd/status", headers=tokens["aida"]).json
    assert (status["caps"]["voluntary"]["accepted"], status["refunds_due"]) == ("5000.00", "0.00")


def test_a_treasurer_reverses_the_entry_of_a_finding(desk, tokens):
    _over_the_cap(desk, tokens)
    tamara = signed_in(desk, "tamara")
    url = _finding_of(tamara, "CAP_VOLUNTARY")
    page = tamara.get(url)
    dry = tamara.post(url + "/reverse", data={"csrf_token": csrf(page), "date": "2007-08-02",
                                              "reason": "the payment was recorded twice"})
    assert dry.status_code == 200 and len(_entries(desk)) == 2
    tamara.post(url + "/reverse", data=_hidden_fields(dry))
    assert _entries(desk)[-1] == (3, "reversal", "the payment was recorded twice [booked by tamara]")
    status = desk.test_client().get("/api/v1/books/jd/status", headers=tokens["aida"]).json
    assert status["refunds_due"] == "0.00"


# --- registers, verify, downloads ------------------------------------------------------------------

def test_the_registers_and_the_public_page_write_days_in_the_pages_language(desk, tokens):
    desk.test_client().post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
        "amount": "1000.00", "date": "2007-08-04", "name": "Иванов Иван", "document": "1"})
    aida = signed_in(desk, "aida")
    days = {}
    for lang in ("en", "ru", "kk"):
        aida.get(f"/lang/{lang}")
        days[lang] = [re.findall(r'<td class="day">([^<]*)</td>', aida.get(f"/books/jd/registers/{register}").text)
                      for register in ("contributions", "journal")]
    assert days == {"en": [["04/08/2007"], ["04/08/2007"]], "ru": [["04.08.2007"], ["04.08.2007"]],
                    "kk": [["04.08.2007"], ["04.08.2007"]]}
    public = desk.test_client().get("/public/jd", headers={"Accept-Language": "en"})
    assert re.search(r"<tr><td>1</td><td>([^<]*)</td>", public.text).group(1) == "04/08/2007"


def test_the_journal_page_names_accounts_and_memos_in_the_pages_language(desk, tokens):
    """As `fundledger journal` does: the chart's names and the memos' templates in Kazakh; a
    refusal of the page itself and the reader's role too."""
    desk.test_client().post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
        "amount": "1000.00", "date": "2007-08-04", "name": "Иванов Иван", "document": "1"})
    aida = signed_in(desk, "aida")
    aida.get("/lang/kk")
    page = html.unescape(aida.get("/books/jd/registers/journal").text)
    row = re.search(r'<tr><td class="count">1</td>(.*?)</tr>', page, re.S).group(1)
    assert "Сайлау қорының арнаулы шоты" in row and "Азаматтардың ерікті қайырмалдықтары" in row
    assert "Election fund special account" not in row and "Contribution from" not in row
    assert "(аудитор)" in page
    refused = signed_in(desk, "bolat")
    refused.get("/lang/ru")
    answer = refused.get("/books/jd/registers/journal")
    assert answer.status_code == 403
    assert "эта страница вам недоступна" in html.unescape(answer.text)


def test_the_registers_are_paged_and_filtered(desk, tokens):
    api = desk.test_client()
    for n in range(1, 56):          # 55 receipts: two pages of 50 and 5
        api.post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
            "amount": f"{n}000.00", "date": f"2007-08-{1 + n % 20:02d}", "name": f"Донор {n}", "document": str(n)})
    aida = signed_in(desk, "aida")
    first = aida.get("/books/jd/registers/contributions")
    assert first.status_code == 200
    assert re.findall(r'<tr><td class="count">(\d+)</td>', first.text) == [str(n) for n in range(1, 51)]
    assert "Страница 1 / 2" in first.text or "Page 1 / 2" in first.text
    second = aida.get(re.search(r'href="([^"]+)" rel="next"', first.text).group(1).replace("&amp;", "&"))
    assert re.findall(r'<tr><td class="count">(\d+)</td>', second.text) == [str(n) for n in range(51, 56)]
    one = aida.get("/books/jd/registers/contributions?q=донор 17")
    assert re.findall(r'<tr><td class="count">(\d+)</td>', one.text) == ["17"]
    days = aida.get("/books/jd/registers/contributions?from=2007-08-05&to=2007-08-05")
    assert re.findall(r'<tr><td class="count">(\d+)</td>', days.text) == ["4", "24", "44"]
    assert re.findall(r'<tr><td class="count">(\d+)</td>', aida.get("/books/jd/registers/spending").text) == []
    journal = aida.get("/books/jd/registers/journal?q=Донор 7&page=1")
    assert re.findall(r'<tr><td class="count">(\d+)</td>', journal.text) == ["7"]
    bad = aida.get("/books/jd/registers/journal?from=05.08.2007")
    assert (bad.status_code, html.unescape(problem(bad))) == (422, "from '05.08.2007' — не дата: укажите её как ГГГГ-ММ-ДД")
    assert signed_in(desk, "bolat").get("/books/jd/registers/journal").status_code == 403


def test_the_verify_page_shows_the_tip_digest_and_checks_one_kept_earlier(desk, tokens):
    api = desk.test_client()
    api.post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
        "amount": "1000.00", "date": "2007-08-01", "name": "Иванов Иван", "document": "1"})
    db = desk.engine.url.render_as_string(hide_password=False)
    cli = json.loads(CliRunner().invoke(main, ["--db", db, "verify", "--book", "jd", "--format", "json"]).output)
    aida = signed_in(desk, "aida")
    aida.get("/lang/en")
    page = aida.get("/books/jd/verify")
    assert page.status_code == 200 and "ok: 1 entries, " in page.text
    assert f"tip: entry 1 digest {cli['tip']['digest']}" in page.text
    kept = aida.get(f"/books/jd/verify?digest={cli['tip']['digest']}")
    assert f"the chain still extends digest {cli['tip']['digest']}" in kept.text
    wrong = aida.get("/books/jd/verify?digest=" + "0" * 64)
    assert 'id="verdict"' in wrong.text and "does not extend" in wrong.text


def test_the_verify_page_says_the_books_problems_in_the_pages_language(desk, tokens):
    """A cached balance edited behind the ledger's back: the page says so in Russian, with the
    amounts as Russian writes them; in English as English does."""
    from sqlalchemy import text
    desk.test_client().post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
        "amount": "1000.00", "date": "2007-08-01", "name": "Иванов Иван", "document": "1"})
    with desk.engine.begin() as conn:
        conn.execute(text("UPDATE accounts SET balance_tiyn = balance_tiyn + 50 WHERE book_id = :b AND code = '1000'"),
                     {"b": desk.test_book.id})
    aida = signed_in(desk, "aida")
    aida.get("/lang/ru")
    page = html.unescape(aida.get("/books/jd/verify").text)
    assert ("НЕ ПРОЙДЕНА: счёт 1000: сохранённый остаток 1\u00a0000,50\u00a0₸ отличается от остатка по журналу "
            "1\u00a0000,00\u00a0₸") in page
    aida.get("/lang/en")
    page = html.unescape(aida.get("/books/jd/verify").text)
    assert ("FAILED: account 1000: cached balance 1,000.50\u00a0KZT differs from the journal's "
            "1,000.00\u00a0KZT") in page


def test_the_dashboard_gives_the_caveat_and_its_note_in_the_pages_language(desk):
    from ledger.rules.profiles import BUILT_IN
    new_book(desk.engine, BUILT_IN["kz-2021"], party="Партия «Нұр»", election="Мажилис 2021", code="n21")
    aida = signed_in(desk, "aida")
    aida.get("/lang/kk")
    caveat = html.unescape(re.search(r'<p class="caveat">([^<]*)</p>', aida.get("/books/n21").text).group(1))
    assert caveat.startswith("заң мәтінімен салыстырылмаған (бұл шекті мөлшерлерге жарияланған сан қайшы келеді: ")
    assert caveat.endswith("2021 жылға қарай баптардың нөмірлері өзгерген) ережелер бойынша; қолданыстағы заңмен "
                           "салыстырыңыз")


def test_a_reader_downloads_the_disclosure_and_the_beancount_export(desk, tokens):
    desk.test_client().post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
        "amount": "10000", "date": "2007-08-01", "name": "Рахимова Салтанат", "id": "620419449016", "document": "1"})
    aida = signed_in(desk, "aida")
    dashboard = aida.get("/books/jd")
    links = dict(re.findall(r'<a href="([^"]+)" id="(disclosure-xlsx|disclosure-csv|beancount-link|audit-link)"',
                            dashboard.text))
    assert sorted(links.values()) == ["audit-link", "beancount-link", "disclosure-csv", "disclosure-xlsx"]
    bean = aida.get("/books/jd/beancount")
    assert bean.headers["Content-Disposition"] == 'attachment; filename="jd.beancount"'
    db = desk.engine.url.render_as_string(hide_password=False)
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "jd.beancount"
        CliRunner().invoke(main, ["--db", db, "export", "beancount", "--book", "jd", "-o", str(out)])
        assert bean.data.decode("utf-8") == out.read_text(encoding="utf-8")
    xlsx = aida.get("/public/jd/disclosure.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert desk.test_client().get("/books/jd/beancount").status_code == 302      # not for the public


def test_the_import_compares_the_dry_runs_tip_under_the_books_lock_as_it_books(desk, tokens):
    """What the confirmation relies on: the import itself refuses a stale tip, inside the
    transaction that would book, and books nothing; given the current tip it books."""
    from ledger.core.errors import BookChanged
    from ledger.importers.service import import_books

    path = sample("contributions.xlsx")
    dry = import_books(desk.engine, book="jd", kind="contributions", paths=[path], all_sheets=True, dry_run=True)
    assert dry.tip == (0, dry.tip[1])
    desk.test_client().post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json={
        "amount": "1000.00", "date": "2007-08-01", "name": "Иванов Иван", "document": "typed"})
    with pytest.raises(BookChanged) as refused:
        import_books(desk.engine, book="jd", kind="contributions", paths=[path], all_sheets=True, expect_tip=dry.tip)
    assert refused.value.code == "BOOK_CHANGED_SINCE_DRY_RUN"
    assert len(_entries(desk)) == 1
    again = import_books(desk.engine, book="jd", kind="contributions", paths=[path], all_sheets=True, dry_run=True)
    booked = import_books(desk.engine, book="jd", kind="contributions", paths=[path], all_sheets=True,
                          expect_tip=again.tip)
    assert again.tip[0] == 1 and booked.total.outcomes == again.total.outcomes and len(_entries(desk)) > 1


# --- the fund's end on the dashboard ------------------------------------------------------------

def _cells_of(page, table_id: str) -> list[str]:
    body = re.search(rf'id="{table_id}">(.*?)</table>', page.text, re.S).group(1)
    return [html.unescape(re.sub(r"[ \t\n]+", " ", c)).strip(" ") for c in re.findall(r"<t[hd](?:\s[^>]*)?>(.*?)</t[hd]>", body, re.S)]


def test_the_dashboard_shows_a_closed_presidential_fund_its_division_days_and_three_caps(desk):
    import datetime as dt

    from ledger.books import nominating_association, set_association, set_dates
    from ledger.fund import ReceiptInput, at_desk
    from ledger.rules.donors import DonorFacts
    from ledger.rules.profiles import BUILT_IN
    from ledger.rules.receipts import FundSource

    T, day = Money.parse, dt.date(2015, 3, 20)
    book = new_book(desk.engine, BUILT_IN["kz-president-2015"], party="Ахметов Арман Болатович",
                    election="Президент 2015", code="pres")

    def keep(d):
        d.receive(ReceiptInput(FundSource.OWN_FUNDS, T("1 000 000"), day, DonorFacts("Ахметов Арман Болатович", None, None, None), "1"))
        d.receive(ReceiptInput(FundSource.ASSOCIATION_FUNDS, T("500 000,01"), day,
                               DonorFacts("ОО «Народная инициатива»", None, None, None), "2"))

    at_desk(desk.engine, book, keep)
    run_write(desk.engine, lambda conn: set_dates(conn, book, dt.date(2015, 4, 26), dt.date(2015, 4, 28)))
    run_write(desk.engine, lambda conn: set_association(conn, book, nominating_association(
        book.profile, "ОО «Народная инициатива»", "070140400000")))
    at_desk(desk.engine, book, lambda d: d.close_out(dt.date(2015, 5, 2)))
    at_desk(desk.engine, book, lambda d: d.pay_out("budget_due", dt.date(2015, 5, 3), T("600 000")))
    before = dt.date.today()
    page = signed_in(desk, "aida").get("/books/pres", headers={"Accept-Language": "en"})
    after = dt.date.today()
    assert page.status_code == 200
    # 1 500 000,01 divided: the candidate's third rounded down, the budget gets the odd tiyn.
    assert _cells_of(page, "close-out") == [
        "Division of the balance", "Divided", "Paid", "Still owed",
        "To the republican budget (two thirds)", money_text(T("1 000 000,01"), lang="en"), money_text(T("600 000"), lang="en"), money_text(T("400 000,01"), lang="en"),
        "To the candidate (one third)", money_text(T("500 000"), lang="en"), money_text(T("0"), lang="en"), money_text(T("500 000"), lang="en")]
    lifecycle = _cells_of(page, "lifecycle")
    # An English page writes its days as English does (02/05/2015), as the command line does.
    assert lifecycle[:6] == ["Fund", "Closed on 02/05/2015", "Election day", "26/04/2015", "Results published", "28/04/2015"]
    overdue = {f"03/05/2015: overdue by {(today - dt.date(2015, 5, 3)).days} days" for today in (before, after)}
    assert lifecycle[6] == "Final report due" and lifecycle[7] in overdue
    assert lifecycle[8:] == ["Nominating association", "ОО «Народная инициатива», BIN 070140400000"]
    caps = _cells_of(page, "caps")
    assert [caps[i] for i in range(5, len(caps), 5)] == [
        "Own funds", "The nominating association's funds", "Voluntary contributions", "Whole fund"]
    assert "Due back to the candidate" in page.text and "Due back to the party" not in page.text
    report = signed_in(desk, "aida").get("/books/pres/report.xlsx")
    assert report.status_code == 200 and report.headers["Content-Disposition"] == 'attachment; filename="report-pres.xlsx"'
    assert 'id="report-link"' in page.text


def test_an_open_partys_dashboard_says_open_and_not_recorded(desk):
    page = signed_in(desk, "aida").get("/books/jd", headers={"Accept-Language": "en"})
    assert _cells_of(page, "lifecycle") == ["Fund", "Open", "Election day", "not recorded", "Results published",
                                            "not recorded", "Final report due", "not recorded"]
    assert 'id="close-out"' not in page.text and "Due back to the party" in page.text


def test_a_russian_page_shows_the_evidence_and_the_desks_answer_in_russian(desk, tokens):
    """Each request speaks its own language: the evidence the rules wrote in English and the
    desk's answer to a refund's dry run are in Russian on a Russian page, in English on an English one."""
    _over_the_cap(desk, tokens)
    tamara = signed_in(desk, "tamara")
    tamara.get("/lang/ru")
    listing = tamara.get("/books/jd/findings").text
    over = Money.tenge(2000).human()
    assert "добровольные пожертвования: сумма достигла бы" in listing and f"превышение {over}" in listing
    assert "would reach" not in listing
    url = _finding_of(tamara, "CAP_VOLUNTARY")
    page = tamara.get(url)
    assert f"превышение {over}" in page.text
    fields = {"csrf_token": csrf(page), "date": "2007-08-05", "reason": "по просьбе жертвователя"}
    dry = tamara.post(url + "/refund", data=fields)
    answer = re.search(r'<th>Итог</th><td>([^<]+)</td>', dry.text)
    assert answer is not None and html.unescape(answer.group(1)) == f"перечислено: жертвователю; ещё к возврату {Money(0).human()}"
    missing = tamara.post(url + "/refund", data={**fields, "reason": ""})
    assert (missing.status_code, problem(missing)) == (422, "reason: обязательное поле")
    english = signed_in(desk, "aida")
    english.get("/lang/en")
    assert "2,000.00\u00a0KZT over" in english.get("/books/jd/findings").text
    assert len(_entries(desk)) == 2


def test_the_api_speaks_english_unless_the_client_asks_for_another_language(desk, tokens):
    api = desk.test_client()
    body = {"amount": "1000.00", "name": "Иванов Иван"}
    english = api.post("/api/v1/books/jd/receipts", headers=tokens["tamara"], json=body)
    russian = api.post("/api/v1/books/jd/receipts", headers={**tokens["tamara"], "Accept-Language": "ru-RU,ru;q=0.9"},
                       json=body)
    assert (english.status_code, english.json["error"]) == (422, "date: required")
    assert (russian.status_code, russian.json["error"]) == (422, "date: обязательное поле")
