"""The web desk in a real browser: Playwright driving Debian's Chromium against the app served
by waitress, as a treasurer, an auditor and a member of the public meet it.

Chromium comes from the system (``apt-get install -y chromium``; ``.ci/run`` installs it);
``playwright install`` cannot download here. Without it these tests skip with the reason,
except in CI (``CI=true``), where that is a failure. Screenshots of the main pages go to
``tests/screenshots/`` (git-ignored) for a person to look at."""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from conftest import new_book

from ledger.db.engine import make_engine, run_write, upgrade
from ledger.importers.service import import_books
from ledger.users import add_user

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
SHOTS = HERE / "screenshots"
PASSWORD = "correct horse battery"
SAMPLE = HERE.parent / "sample_books" / "contributions.xlsx"


def _browser_problem() -> str | None:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The web desk on a free port of 127.0.0.1: book jd, a treasurer and an auditor."""
    problem = _browser_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(problem + " (CI must run the browser tests)")
        pytest.skip(problem)
    import waitress.server

    from ledger.web import create_app

    folder = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{folder / 'book.db'}"
    engine = make_engine(url)
    upgrade(engine)
    new_book(engine, code="jd")
    new_book(engine, party="Партия «Ақ жол»", code="aj")     # the public page's, imported already
    import_books(engine, book="aj", kind="contributions", paths=[SAMPLE], all_sheets=True)
    run_write(engine, lambda conn: [add_user(conn, "tamara", "treasurer", PASSWORD, ["jd"]),
                                    add_user(conn, "aida", "auditor", PASSWORD)])
    engine.dispose()
    app = create_app(url, {"UPLOAD_FOLDER": str(folder / "uploads")})
    server = waitress.server.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}", app
    server.close()
    app.engine.dispose()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


def signed_in(browser, base, name):
    page = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/books")
    return page


def test_a_treasurer_uploads_reads_the_dry_run_confirms_and_sees_the_findings(site, browser, tmp_path):
    base, app = site
    page = signed_in(browser, base, "tamara")
    page.screenshot(path=str(SHOTS / "books.png"), full_page=True)
    page.click("text=Партия «Жасыл Дала»")
    page.click("#import-link")
    page.select_option("select[name=kind]", "contributions")
    page.set_input_files("input[type=file]", str(SAMPLE))
    page.click("#upload button[type=submit]")
    assert page.inner_text("#report-title").startswith("Пробный прогон")
    assert "ничего не записано" in page.inner_text("#dry-run-note")
    dry_sums = page.inner_text("#report-sums")
    page.screenshot(path=str(SHOTS / "dry-run.png"), full_page=True)
    from sqlalchemy import text
    with app.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM entries e JOIN books b ON b.id = e.book_id WHERE b.code = 'jd'")).scalar() == 0

    page.click("#confirm button")
    assert page.inner_text("#report-title").startswith("Записано")
    assert page.inner_text("#report-sums") == dry_sums
    page.click("#to-findings")
    rules = page.locator("#findings tbody tr td:first-child").all_inner_texts()
    assert "contributions.xlsx [Физ. лица]" in page.inner_text("#findings")
    assert rules and {"BAN_FOREIGN", "BAN_ANONYMOUS"} <= set(rules)
    page.screenshot(path=str(SHOTS / "findings.png"), full_page=True)

    page.click("#findings a:text-is('BAN_FOREIGN') >> nth=0")       # a finding's page: pay the money back
    page.fill("#refund input[name=date]", "2007-12-28")
    page.fill("#refund input[name=reason]", "возвращено иностранному жертвователю")
    page.click("#refund button[type=submit]")
    assert "ничего не записано" in page.inner_text("#dry-run-note")
    page.screenshot(path=str(SHOTS / "refund-dry-run.png"), full_page=True)
    with app.engine.connect() as conn:
        before = conn.execute(text("SELECT COUNT(*) FROM entries")).scalar()
    page.click("#confirm button")
    assert page.locator("#confirm").count() == 0
    with app.engine.connect() as conn:
        memo = conn.execute(text(
            "SELECT e.memo FROM entries e JOIN books b ON b.id = e.book_id WHERE b.code = 'jd' ORDER BY e.seq DESC LIMIT 1")).scalar()
        assert conn.execute(text("SELECT COUNT(*) FROM entries")).scalar() == before + 1
    assert memo == "возвращено иностранному жертвователю [booked by tamara]"
    page.click("#registers-link")
    page.fill("#filter input[name=q]", "contributions.xlsx")
    page.click("#filter button[type=submit]")
    assert page.locator("#register tbody tr").count() > 0
    page.screenshot(path=str(SHOTS / "register.png"), full_page=True)
    page.click("#verify-link")
    from ledger.books import load_book
    from ledger.journal.verify import verify_book
    with app.engine.connect() as conn:
        tip = verify_book(conn, load_book(conn, "jd")).tip_hash
    assert page.locator("#verdict.note").count() == 1 and tip in page.inner_text("#tip")
    page.screenshot(path=str(SHOTS / "verify.png"), full_page=True)
    page.click("text=Нарушения")

    page.click("text=Сводка")
    assert page.locator("svg.chart").count() == 1
    page.fill("#ask input[name=amount]", "500 000")
    page.fill("#ask input[name=date]", "2007-08-20")
    page.fill("#ask input[name=name]", "Иванов Иван")
    page.click("#ask button[type=submit]")                # htmx: the answer replaces the box, no reload
    page.wait_for_selector("#answer-accepted")
    assert page.url.endswith("/books/jd")
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#audit-link")
    saved = tmp_path / "audit.xlsx"
    download.value.save_as(saved)
    from decimal import Decimal

    from python_calamine import CalamineWorkbook

    from ledger.books import load_book
    from ledger.reports.status import fund_status

    summary = CalamineWorkbook.from_path(str(saved)).get_sheet_by_name("Сводка").to_python()
    shown = {row[0]: row[1] for row in summary if row and len(row) > 1}
    with app.engine.connect() as conn:
        status = fund_status(conn, load_book(conn, "jd"))
    for label, money in (("Израсходовано, всего", status.spent), ("Остаток на специальном счёте", status.bank_balance),
                         ("Доступно к расходованию", status.available)):
        assert Decimal(repr(shown[label])) * 100 == money.tiyn, label

    page.click("a[hreflang=kk]")
    assert "Бұзушылықтар" in page.inner_text("nav.book")
    page.screenshot(path=str(SHOTS / "dashboard-kk.png"), full_page=True)


def test_an_auditor_sees_no_upload_and_is_refused_posting_one(site, browser):
    base, _ = site
    page = signed_in(browser, base, "aida")
    page.goto(f"{base}/books/jd")
    assert page.locator("#import-link").count() == 0
    answer = page.request.post(f"{base}/books/jd/import", multipart={
        "kind": "contributions",
        "file": {"name": "contributions.xlsx", "mimeType": "application/octet-stream",
                 "buffer": SAMPLE.read_bytes()}})
    assert answer.status == 403


def test_the_public_page_shows_no_full_iin(site, browser):
    base, app = site
    from sqlalchemy import text

    from ledger.reports.disclosure import published_id

    with app.engine.connect() as conn:       # a person's IIN, never a BIN, is masked
        iins = [i for i in conn.execute(text("SELECT id_number FROM donors WHERE id_number IS NOT NULL")).scalars()
                if published_id(i) != i]
    page = browser.new_page()
    page.goto(f"{base}/")
    page.click("text=Партия «Ақ жол»")
    shown = page.content()
    page.screenshot(path=str(SHOTS / "public.png"), full_page=True)
    assert page.locator("#gifts tbody tr").count() > 0
    assert iins and not [i for i in iins if i in shown]
    assert any(published_id(i) in shown for i in iins)
