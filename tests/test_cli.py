"""The command line as a user meets it: exact exit codes, output and error lines."""
import json
import os
import re

import pytest
from click.testing import CliRunner

from ledger.cli import main


def test_a_treasurer_session(run):
    r = run("init", "--party", "Партия «Жасыл Дала»", "--election", "Мажилис 2007", "--code", "zhasyl-2007")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == [
        "created book zhasyl-2007: Партия «Жасыл Дала», Мажилис 2007; profile kz-2007 (in force (2007 text))",
        "caps: own funds 48,760,000.00\u00a0KZT, voluntary 97,520,000.00\u00a0KZT, "
        "whole fund 146,280,000.00\u00a0KZT",
        "window: not set (receipts and spending are not checked against the fund's dates; set it with "
        "--window-start and --window-end)",
    ]
    r = run("receive", "--own-funds", "--amount", "48 760 000,01", "--date", "01.07.2007",
            "--name", "Партия «Жасыл Дала»", "--document", "1")
    assert r.exit_code == 0
    assert r.output.splitlines() == [
        "entry 1: received 48,760,000.01\u00a0KZT -> split",
        "       48,760,000.00\u00a0KZT  into the fund (3100 Own funds of the party)",
        "                0.01\u00a0KZT  due back to the party",
        "  finding CAP_OWN: 0.01\u00a0KZT - own funds would reach 48,760,000.01\u00a0KZT of the cap "
        "48,760,000.00\u00a0KZT; 0.01\u00a0KZT over",
        "  warning: own funds has reached the cap 48,760,000.00\u00a0KZT: further own funds are owed back to the party",
    ]
    r = run("receive", "--amount", "15000", "--date", "02.07.2007", "--name", "", "--format", "json")
    assert json.loads(r.output)["outcome"] == "held"
    assert json.loads(r.output)["budget_due"] == "15000.00"

    r = run("status", "--format", "json")
    assert r.exit_code == 0
    status = json.loads(r.output)
    assert status["caps"]["own_funds"] == {"limit": "48760000.00", "accepted": "48760000.00",
                                           "headroom": "0.00", "percent": "100.00"}
    assert status["caps"]["voluntary"]["headroom"] == "97520000.00"
    assert status["caps"]["total"]["limit"] == "146280000.00"
    assert (status["received"], status["refunds_due"], status["budget_due"], status["spent"],
            status["bank_balance"], status["available"], status["open_findings"]) == (
        "48775000.01", "0.00", "15000.00", "0.00", "48775000.01", "48760000.00", 2)

    r = run("check", "--format", "json")
    assert r.exit_code == 1
    found = json.loads(r.output)["findings"]
    assert [(f["rule"], f["amount"], f["status"]) for f in found] == [
        ("CAP_OWN", "0.01", "open"), ("BAN_ANONYMOUS", "15000.00", "open")]
    assert set(found[0]) >= {"rule", "amount", "status", "file", "sheet", "row", "donor", "evidence", "article"}
    assert [(f["evidence_code"], f["evidence_params"]) for f in found] == [
        ("OVER_CAP", {"source": "own funds", "reached": "48760000.01", "cap": "48760000.00", "over": "0.01"}),
        ("NO_NAME_NO_ID", {})]

    assert run("refund", "1").exit_code == 0
    assert run("refund", "2").exit_code == 0
    r = run("check")
    assert r.exit_code == 0
    assert r.output.strip() == "0 open finding(s), 2 resolved"

    r = run("verify")
    assert r.exit_code == 0
    assert r.output.startswith("ok: 4 entries, 9 postings; chain, balances, ceilings and findings verify")


def test_spending_that_would_overspend_is_refused_with_one_line(run):
    run("init", "--party", "П", "--election", "Е")
    run("receive", "--own-funds", "--amount", "1000", "--name", "Партия «П»", "--date", "01.08.2007")
    r = run("spend", "--amount", "1000,01", "--category", "media_tv", "--payee", "ТВ", "--date", "01.08.2007")
    assert r.exit_code == 1
    assert r.output == ("error: spending 1,000.01\u00a0KZT would overspend the fund: only 1,000.00\u00a0KZT "
                        "is available (money owed back cannot be spent) [OVERSPEND_REFUSED]\n")
    r = run("spend", "--amount", "1000,01", "--category", "media_tv", "--payee", "ТВ", "--date", "01.08.2007",
            "--format", "json")
    assert (r.exit_code, json.loads(r.stdout)["error"]["code"]) == (1, "OVERSPEND_REFUSED")
    r = run("spend", "--amount", "1000,01", "--category", "media_tv", "--payee", "ТВ", "--record-overspend", "--date", "01.08.2007")
    assert r.exit_code == 0
    assert "finding OVERSPEND: 0.01" in r.output


def test_a_supplier_pays_back_part_of_an_advance(run, tmp_path):
    run("init", "--party", "П", "--election", "Е")
    run("receive", "--own-funds", "--amount", "1000", "--name", "Партия «П»", "--date", "01.08.2007")
    assert run("spend", "--amount", "600", "--category", "printed", "--payee", "Типография", "--date", "01.08.2007").exit_code == 0
    r = run("supplier-refund", "2", "--amount", "250", "--memo", "unused advance", "--dry-run")
    assert (r.exit_code, r.output) == (0, "(dry run: nothing was written) entry 3: 250.00\u00a0KZT paid back for "
                                          "entry 2; 350.00\u00a0KZT of entry 2 still spent\n")
    r = run("supplier-refund", "2", "--amount", "250", "--memo", "unused advance")
    assert (r.exit_code, r.output) == (0, "entry 3: 250.00\u00a0KZT paid back for entry 2; 350.00\u00a0KZT of entry 2 "
                                          "still spent\n")
    status = json.loads(run("status", "--format", "json").output)
    assert (status["spent"], status["bank_balance"]) == ("350.00", "650.00")
    r = run("supplier-refund", "1")
    assert (r.exit_code, r.output) == (1, "error: entry 1 is not spending (own_funds): only spending is paid back "
                                          "by a supplier [SUPPLIER_REFUND_OF_A_NON_SPENDING]\n")
    assert run("verify").exit_code == 0
    assert run("audit", "-o", str(tmp_path / "audit.xlsx")).exit_code == 0


@pytest.mark.parametrize("args, code, message, refusal", [
    (["receive", "--amount", "1 000,505", "--name", "X"], 2,
     "error: --amount '1 000,505' has more than 2 decimals (tiyn are the smallest unit)\n", "AMOUNT_INVALID"),
    (["receive", "--amount", "abc", "--name", "X"], 2, "error: --amount 'abc' is not an amount\n", "AMOUNT_INVALID"),
    (["receive", "--amount", "-5", "--name", "X"], 2, "error: --amount '-5' must be more than zero\n",
     "AMOUNT_NOT_POSITIVE"),
    (["receive", "--amount", "5", "--date", "31.02.2007", "--name", "X"], 2,
     "error: --date '31.02.2007' is not a date: write it as dd.mm.yyyy or yyyy-mm-dd\n", "OPTION_DATE_INVALID"),
    (["spend", "--amount", "5", "--category", "cinema"], 2,
     "error: --category 'cinema' is not a spending account; use one of media_tv, media_radio, media_press, "
     "media_online, printed, audiovisual, other_materials, events, transport, rent, other_spending\n",
     "SPENDING_CATEGORY_UNKNOWN"),
    (["refund", "99"], 1, "error: no entry 99 in book p-e\n", "ENTRY_NOT_FOUND"),
])
def test_bad_input_is_one_line_and_a_non_zero_exit(run, args, code, message, refusal):
    run("init", "--party", "П", "--election", "Е", "--code", "p-e")
    r = run(*args)
    # The line a person reads ends in the code a script reads in JSON.
    line = f"{message[:-1]} [{refusal}]\n"
    assert (r.exit_code, r.output) == (code, line)
    r = run(*args, "--format", "json")      # a script reads the same refusal by its code
    assert (r.exit_code, r.stderr) == (code, line)
    assert json.loads(r.stdout) == {"error": {"code": refusal, "message": message[len("error: "):-1], "params": {}}}


def test_several_books_need_a_choice(run):
    run("init", "--party", "A", "--election", "E", "--code", "a")
    run("init", "--party", "B", "--election", "E", "--code", "b")
    r = run("status")
    assert (r.exit_code, r.output) == (1, "error: this database holds several books; choose one with --book (a, b) [BOOK_NOT_FOUND]\n")
    r = run("status", "--format", "json")
    assert (r.exit_code, json.loads(r.stdout)["error"]["code"]) == (1, "BOOK_NOT_FOUND")
    assert run("status", "--book", "b").exit_code == 0
    r = run("books", "--format", "json")
    assert [b["code"] for b in json.loads(r.output)] == ["a", "b"]


def test_a_database_without_a_book(run, db_url, tmp_path):
    r = run("status", "--format", "json")
    assert (r.exit_code, json.loads(r.stdout)["error"]["code"]) == (2, "NO_BOOK_YET")
    r = run("status")
    assert r.exit_code == 2   # a command before `fundledger init` is a usage mistake
    if db_url.startswith("sqlite"):   # no file yet: none is left behind either
        assert r.output == (f"error: no database at {tmp_path / 'book.db'}: run `fundledger init` to create a book "
                            "there [NO_BOOK_YET]\n")
        assert not (tmp_path / "book.db").exists()
    else:
        assert r.output.endswith("has no fundledger schema yet: run `fundledger init` (or `fundledger db upgrade`) "
                                 "[NO_BOOK_YET]\n")


def test_a_window_that_ends_before_it_starts_is_refused(run):
    r = run("init", "--party", "П", "--election", "Е", "--window-start", "18.08.2007", "--window-end", "02.07.2007")
    assert (r.exit_code, r.output) == (1, "error: --window-start/--window-end: the window starts 18.08.2007, after it ends 02.07.2007 "
                                          "[PROFILE_INVALID]\n")
    r = run("init", "--party", "П", "--election", "Е", "--window-start", "02.07.2007", "--window-end", "18.08.2007")
    assert r.output.splitlines()[-1] == "window: 02/07/2007 - 18/08/2007"     # English days, as its tables write them


def test_the_database_as_a_path_or_a_wrong_url(tmp_path):
    def invoke(db, *args):
        return CliRunner().invoke(main, ["--db", db, *args], catch_exceptions=False)

    book = tmp_path / "fund.db"
    assert invoke(str(book), "init", "--party", "П", "--election", "Е").exit_code == 0
    assert invoke(f"sqlite:///{book}", "status").exit_code == 0          # the same file
    r = invoke("foo://bar", "status")
    assert (r.exit_code, r.output) == (2, "error: --db foo://bar: not a database fundledger keeps books in; use "
                                          "sqlite:///PATH (or a file path) or postgresql+psycopg://USER@HOST/DATABASE "
                                          "[DB_URL_INVALID]\n")
    r = invoke(str(tmp_path / "no" / "such" / "fund.db"), "init", "--party", "П", "--election", "Е")
    assert (r.exit_code, r.output) == (2, f"error: --db sqlite:///{tmp_path}/no/such/fund.db: the folder "
                                          f"{tmp_path}/no/such does not exist; create it or give another path "
                                          "[DB_FOLDER_MISSING]\n")


def test_a_treasurer_asks_before_booking(run):
    run("init", "--party", "П", "--election", "Е")
    r = run("receive", "--dry-run", "--amount", "5 000 000", "--name", "ГУ «Аппарат акима»", "--date", "05.08.2007")
    assert (r.exit_code, r.output.splitlines()) == (0, [
        "dry run, nothing booked: as entry 1 it would be received 5,000,000.00\u00a0KZT -> held",
        "        5,000,000.00\u00a0KZT  refund due to the donor",
        "  finding BAN_STATE: 5,000,000.00\u00a0KZT - name marker 'ГУ' suggests a state organisation",
    ])
    assert json.loads(run("journal", "--format", "json").output) == []
    assert json.loads(run("check", "--format", "json").output)["findings"] == []
    r = run("spend", "--dry-run", "--amount", "10", "--category", "rent", "--record-overspend", "--format", "json")
    assert json.loads(r.output)["dry_run"] is True
    assert json.loads(run("journal", "--format", "json").output) == []
    r = run("receive", "--amount", "5 000 000", "--name", "ГУ «Аппарат акима»", "--date", "05.08.2007")
    assert r.output.splitlines()[0] == "entry 1: received 5,000,000.00\u00a0KZT -> held"


def test_donors_as_text(run):
    run("init", "--party", "П", "--election", "Е")
    run("receive", "--amount", "1 000", "--name", "ТОО «Ромашка»", "--id", "070440000006", "--date", "01.08.2007")
    r = run("donors")
    assert (r.exit_code, r.output.splitlines()) == (0, [
        "1 donor(s)",
        "070440000006  ТОО «Ромашка» (organisation): accepted 1,000.00\u00a0KZT, held 0.00\u00a0KZT, "
        "refunded 0.00\u00a0KZT, 1 gift(s)",
    ])
    assert run("donors", "--across-books").output == "no donors\n"


def test_workbooks_are_xlsx_and_limits_are_positive(run, tmp_path):
    run("init", "--party", "П", "--election", "Е")
    r = run("template", "contributions", "-o", str(tmp_path / "t.csv"))
    assert (r.exit_code, r.output) == (2, f"error: -o {tmp_path / 't.csv'}: an import template is an Excel "
                                          "workbook; name it FILE.xlsx [OUTPUT_NOT_XLSX]\n")
    r = run("audit", "-o", str(tmp_path / "a.ods"))
    assert (r.exit_code, r.output) == (2, f"error: -o {tmp_path / 'a.ods'}: the audit workbook is an Excel "
                                          "workbook; name it FILE.xlsx [OUTPUT_NOT_XLSX]\n")
    assert run("journal", "--limit", "0").exit_code == 2


def test_verify_with_a_digest(run):
    run("init", "--party", "П", "--election", "Е")
    run("receive", "--amount", "10", "--name", "Иванов", "--date", "01.08.2007")
    digest = json.loads(run("verify", "--format", "json").output)["tip"]["digest"]
    run("receive", "--amount", "20", "--name", "Петров", "--date", "01.08.2007")
    r = run("verify", "--digest", digest)
    assert r.exit_code == 0 and f"the chain still extends digest {digest}" in r.output
    r = run("verify", "--digest", "0" * 64)
    assert r.exit_code == 1
    assert "is not in this book's chain: the journal no longer extends it" in r.output
    r = run("verify", "--digest", "0" * 64, "--format", "json")
    assert r.exit_code == 1
    out = json.loads(r.output)
    assert [n["code"] for n in out["notices"]] == ["DIGEST_NOT_IN_CHAIN"]
    assert out["notices"][0]["text"] == out["problems"][0] == (
        "digest 0000000000000000... is not in this book's chain: the journal no longer extends it")


def test_journal_and_accounts_as_json(run):
    run("init", "--party", "П", "--election", "Е")
    run("receive", "--amount", "10", "--name", "Иванов", "--date", "2007-07-01")
    entries = json.loads(run("journal", "--format", "json").output)
    assert [(e["seq"], e["date"], e["kind"]) for e in entries] == [(1, "2007-07-01", "contribution")]
    assert [(p["account"], p["amount"]) for p in entries[0]["postings"]] == [("1000", "10.00"), ("3210", "-10.00")]
    accounts = {a["code"]: a for a in json.loads(run("accounts", "--format", "json").output)}
    assert accounts["3200"]["balance"] == "-10.00"
    assert accounts["3100"]["ceiling"] == "48760000.00"


def test_a_profile_from_a_file_and_a_bad_one(run, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[profile]\ncode = 'x'\n", encoding="utf-8")
    r = run("init", "--party", "П", "--election", "Е", "--profile", str(bad))
    assert r.exit_code == 1
    assert r.output.startswith(f"error: {bad}: ")
    r = run("init", "--party", "П", "--election", "Е", "--profile", "kz-2023")
    assert "profile kz-2023 (derived, check against the law in force)" in r.output
    assert "own funds 350,000,000.00\u00a0KZT" in r.output


def test_a_workbook_that_cannot_be_written_is_one_line(run, tmp_path):
    run("init", "--party", "П", "--election", "Е")
    blocker = tmp_path / "file"          # a file where a folder should be: unwritable even for root
    blocker.write_text("x")
    r = run("disclosure", "-o", str(blocker / "d.csv"))
    assert (r.exit_code, r.output) == (
        2, f"error: {blocker / 'd.csv'}: cannot write there (Not a directory); choose another -o [OUTPUT_UNWRITABLE]\n")
    r = run("receive", "--amount", "99999999999999999999", "--name", "X", "--date", "01.08.2007")
    assert (r.exit_code, r.output) == (
        2, "error: --amount '99999999999999999999' is larger than any election fund; check the amount [AMOUNT_INVALID]\n")


def test_lists_are_shown_and_taken_back(run, tmp_path):
    run("init", "--party", "П", "--election", "Е")
    path = tmp_path / "state.csv"
    path.write_text("БИН;Наименование\n070440000006;ГУ «Отдел образования»\n", encoding="utf-8")
    assert run("lists", "import", "state", str(path)).output == "state: 1 rows read from state.csv, 1 new\n"
    assert run("lists", "show", "state").output.splitlines() == [
        "state: 1 on the list",
        "IIN/BIN       name                    from",
        "------------  ----------------------  ---------",
        "070440000006  ГУ «Отдел образования»  state.csv",
    ]
    r = run("lists", "remove", "state")
    assert (r.exit_code, r.output) == (2, "error: name the IIN/BINs to take off the list, or --file FILE for all "
                                          "that a file brought [NOTHING_TO_REMOVE]\n")
    assert run("lists", "remove", "state", "--file", "state.csv").output.startswith("state: 1 taken off the list; ")
    assert json.loads(run("lists", "show", "state", "--format", "json").output) == []


def test_a_second_equal_gift_on_a_day_needs_its_document(run):
    run("init", "--party", "П", "--election", "Е")
    run("receive", "--amount", "1000", "--name", "Иванов", "--date", "01.08.2007")
    r = run("receive", "--amount", "1000", "--name", "Иванов", "--date", "01.08.2007")
    assert r.output == ("duplicate: already in the book as entry 1; nothing booked (a second gift of the same amount "
                        "on the same day? give each its --document)\n")
    r = run("receive", "--amount", "1000", "--name", "ТОО «Ромашка»", "--id", "070440000006", "--date", "01.08.2007",
            "--format", "json")
    assert json.loads(r.output)["into"] == "3220 Voluntary contributions of organisations"


def test_a_book_the_user_may_only_read_is_opened_read_only(tmp_path, monkeypatch):
    book = tmp_path / "fund.db"
    invoke = lambda *args: CliRunner().invoke(main, ["--db", str(book), *args], catch_exceptions=False)  # noqa: E731
    invoke("init", "--party", "П", "--election", "Е")
    invoke("receive", "--amount", "1000", "--name", "Иванов Иван", "--date", "01.08.2007")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    r = invoke("verify")
    assert (r.exit_code, r.output.splitlines()[0]) == (0, "ok: 1 entries, 2 postings; chain, balances, ceilings and "
                                                         "findings verify")
    r = invoke("receive", "--amount", "5", "--name", "Петров Петр", "--date", "01.08.2007")
    assert (r.exit_code, r.output) == (1, f"error: database sqlite:///{book}: attempt to write a readonly database "
                                          "[DATABASE_ERROR]\n")


def test_a_folder_given_as_the_database_is_one_clear_line(tmp_path):
    r = CliRunner().invoke(main, ["--db", str(tmp_path), "status"])
    assert (r.exit_code, r.output) == (2, f"error: --db sqlite:///{tmp_path}: {tmp_path} is a folder, not a database "
                                          f"file; name a file in it, such as {tmp_path / 'fund.db'} [DB_IS_A_FOLDER]\n")


# --- the rules a book is kept under ----------------------------------------------------------

DERIVED_NOTE = "note: under rules derived from an older text of the law; check against the law in force"


def test_profiles_lists_every_profile_with_its_caps_and_where_its_base_was_published(run):
    r = run("profiles")
    assert r.exit_code == 0
    blocks = r.output.rstrip("\n").split("\n\n")
    assert [b.split(":")[0] for b in blocks] == ["kz-2007 (default)", "kz-2012", "kz-2016", "kz-2021", "kz-2023",
                                                 "kz-2024", "kz-president-2015"]
    nb = "\u00a0"
    assert blocks[0].splitlines()[:3] + blocks[0].splitlines()[5:] == [
        "kz-2007 (default): Mazhilis election, MZP of 2007",
        "election: Mazhilis, party lists; status: in force (2007 text)",
        f"base: MZP (minimum monthly wage) 9,752.00{nb}KZT; published: Law \"On the republican budget for 2007\" "
        "(MZP from 1 January 2007)",
        "own funds                   5,000   48,760,000.00  Constitutional Law \"On Elections\", art. 92-1 "
        "(own funds: 5,000 x MZP); art. 34(5)",
        "voluntary contributions    10,000   97,520,000.00  Constitutional Law \"On Elections\", art. 92-1 "
        "(voluntary contributions: 10,000 x MZP); art. 34(5)",
        "whole fund                 15,000  146,280,000.00  Constitutional Law \"On Elections\", art. 92-1 "
        "(whole fund: 15,000 x MZP); art. 34(5)",
        "multiples from: Constitutional Law \"On Elections\", art. 92-1 (2007 text)"]
    assert "multiples from: carried over from kz-2007" in blocks[5]
    assert blocks[3].splitlines()[-1].startswith("note: a published figure contradicts these caps: the ruling "
                                                 "party's 2021 Mazhilis fund was reported as 610 422 700 tenge")

    listed = json.loads(run("profiles", "--format", "json").output)
    assert listed["default"] == "kz-2007"
    by_code = {p["code"]: p for p in listed["profiles"]}
    assert [(s["code"], s["multiple"], s["cap"]) for s in by_code["kz-2024"]["sources"]] == [
        ("own_funds", 5000, "425000000.00"), ("voluntary", 10000, "850000000.00")]
    assert by_code["kz-2024"]["total"]["cap"] == "1275000000.00"
    assert by_code["kz-2024"]["base"] == {
        "name": "MZP (minimum monthly wage)", "amount": "85000.00",
        "published": "Law \"On the republican budget for 2024-2026\" (MZP from 1 January 2024, unchanged to 2026)"}
    assert {c: (p["election"], p["standing"]) for c, p in by_code.items()} == {
        "kz-2007": ("mazhilis_party_list", "in force"), "kz-2012": ("mazhilis_party_list", "derived"),
        "kz-2016": ("mazhilis_party_list", "derived"), "kz-2021": ("mazhilis_party_list", "unconfirmed"),
        "kz-2023": ("mazhilis_party_list", "derived"), "kz-2024": ("mazhilis_party_list", "derived"),
        "kz-president-2015": ("presidential_candidate", "unconfirmed")}
    assert by_code["kz-2007"]["caveat"] is None


def test_profiles_speak_the_readers_language_law_texts_and_all(run):
    """The law files' texts are in the catalogue: titles, statuses, bases, references, where the
    multiples come from and the notes are Russian in Russian, Kazakh in Kazakh."""
    nb = "\u00a0"
    ru = run("--lang", "ru", "profiles").output.rstrip("\n").split("\n\n")
    assert ru[0].splitlines()[:3] + ru[0].splitlines()[-1:] == [
        "kz-2007 (по умолчанию): Выборы в Мажилис, МЗП 2007 года",
        "выборы: Мажилис, партийные списки; статус: действует (редакция 2007 года)",
        f"база: МЗП (минимальная заработная плата) 9{nb}752,00{nb}₸; опубликовано: Закон «О республиканском бюджете "
        "на 2007 год» (МЗП с 1 января 2007 года)",
        "кратности по: Конституционный закон «О выборах», ст. 92-1 (редакция 2007 года)"]
    assert re.split(r" {2,}", ru[0].splitlines()[5]) == [
        "собственные средства", f"5{nb}000", f"48{nb}760{nb}000,00",
        "Конституционный закон «О выборах», ст. 92-1 (собственные средства: 5 000 МЗП); п. 5 ст. 34"]
    assert ru[1].splitlines()[-1] == "кратности по: перенесено из kz-2007"
    assert ru[3].splitlines()[-1].startswith("примечание: этим пределам противоречит опубликованная цифра")
    kk = run("--lang", "kk", "profiles").output
    assert "сайлау: Мәжіліс, партиялық тізімдер; мәртебесі: қолданыста (2007 жылғы редакция)" in kk
    assert "еселіктер көзі: kz-2007 профилінен көшірілген" in kk
    assert not re.search(r"\b(Law|election|status|base|published|multiples|carried|note)\b", kk + "".join(ru))


def test_a_book_under_derived_rules_says_so_in_status_and_check(run):
    r = run("init", "--party", "П", "--election", "Мажилис 2023", "--profile", "kz-2023")
    assert r.output.splitlines()[1] == DERIVED_NOTE
    run("receive", "--amount", "1000", "--name", "", "--date", "01.03.2023")

    r = run("status")
    assert r.output.splitlines()[:3] == [
        "П - Мажилис 2023  [book п-мажилис-2023, profile kz-2023: derived, check against the law in force]",
        DERIVED_NOTE, ""]
    status = json.loads(run("status", "--format", "json").output)
    assert (status["profile_status"], status["caveat"]) == (
        "derived, check against the law in force",
        "under rules derived from an older text of the law; check against the law in force")

    r = run("check")
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == DERIVED_NOTE
    assert r.output.splitlines()[-1] == "1 open finding(s), 0 resolved"
    checked = json.loads(run("check", "--format", "json").output)
    assert checked["caveat"] == status["caveat"]
    assert [(f["rule"], f["note"]) for f in checked["findings"]] == [("BAN_ANONYMOUS", status["caveat"])]


def test_the_caveat_gives_the_profiles_note_in_the_readers_language(run):
    """kz-2021's note (a published figure against its caps) is a law file's text: the catalogue
    has it, so status and check say it in Russian; JSON keeps the English."""
    run("init", "--party", "П", "--election", "Мажилис 2021", "--profile", "kz-2021")
    status = run("--lang", "ru", "status").output.splitlines()
    assert status[0] == "П - Мажилис 2021  [книга п-мажилис-2021, профиль kz-2021: не подтверждено, сверьте с действующим законом]"
    assert status[1].startswith("примечание: по правилам, не сверенным с текстом закона (этим пределам противоречит "
                                "опубликованная цифра: фонд правящей партии")
    assert status[1].endswith("к 2021 году номера статей изменились); сверьте с действующим законом")
    assert run("--lang", "ru", "check").output.splitlines()[0] == status[1]
    caveat = json.loads(run("--lang", "ru", "status", "--format", "json").output)["caveat"]
    assert "(a published figure contradicts these caps:" in caveat


def test_a_bad_bank_account_is_refused_in_russian(run):
    r = run("--lang", "ru", "init", "--party", "П", "--election", "Е", "--account", "KZ123")
    assert r.exit_code == 2
    assert "--account 'KZ123' — не казахстанский номер счёта: укажите ИИК, KZ и 18 букв или цифр" in r.output


def test_a_book_under_rules_in_force_has_no_caveat(run):
    run("init", "--party", "П", "--election", "Е")
    run("receive", "--amount", "1000", "--name", "", "--date", "01.08.2007")
    assert not any(line.startswith("note:") for line in run("status").output.splitlines())
    assert json.loads(run("status", "--format", "json").output)["caveat"] is None
    assert run("check").output.splitlines()[0].startswith("rule ")
    checked = json.loads(run("check", "--format", "json").output)
    assert checked["caveat"] is None and "note" not in checked["findings"][0]


def test_a_book_under_a_users_flat_profile_is_unconfirmed(run, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('code = "mine"\ntitle = "t"\nbase_name = "MZP"\nbase_amount = "100.00"\nown_multiple = 5\n'
                    'voluntary_multiple = 10\ntotal_multiple = 15\nlegal_reference = "r"\nstatus = "draft"\n',
                    encoding="utf-8")
    assert run("init", "--party", "П", "--election", "Е", "--profile", str(mine)).exit_code == 0
    assert run("status").output.splitlines()[1] == (
        "note: under rules not confirmed against the law; check against the law in force")


def test_check_lists_a_finding_that_names_no_donor(run):
    """An overspend belongs to a spending, which has no donor: the donor column is empty."""
    run("init", "--party", "П", "--election", "Е")
    r = run("spend", "--amount", "100", "--category", "printed", "--payee", "Типография", "--date", "01.08.2007",
            "--record-overspend")
    assert r.exit_code == 0, r.output
    r = run("check")
    assert r.exit_code == 1, r.output   # an open finding
    (line,) = [row for row in r.output.splitlines() if row.startswith("OVERSPEND")]
    assert "spent 100.00" in line


def test_money_booked_by_hand_needs_its_date(run):
    run("init", "--party", "П", "--election", "Е")
    for command in (["receive", "--amount", "1000", "--name", "Иванов Иван"],
                    ["spend", "--amount", "100", "--category", "printed", "--payee", "Типография"]):
        r = run(*command)
        assert (r.exit_code, r.output) == (2, "error: --date is needed: the day the money moved, as dd.mm.yyyy (a "
                                              "fund's money has a date; ask first with --dry-run to judge it as of "
                                              "today) [DATE_NEEDED]\n")
    assert run("receive", "--amount", "1000", "--name", "Иванов Иван", "--dry-run").exit_code == 0
    assert run("status", "--format", "json").exit_code == 0


def test_check_never_cuts_a_name_without_an_ellipsis(run):
    long_name = "ГУ «Аппарат акима Целиноградского района Акмолинской области»"     # 61 characters
    run("init", "--party", "П", "--election", "Е")
    assert run("receive", "--amount", "5000", "--name", long_name, "--date", "05.08.2007").exit_code == 0
    r = run("check")
    (line,) = [row for row in r.output.splitlines() if row.startswith("BAN_STATE")]
    shown = long_name[:39] + "…"
    assert shown in line and long_name not in line
    # the whole name is there for machines
    assert json.loads(run("check", "--format", "json").output)["findings"][0]["donor"] == long_name


@pytest.mark.parametrize("args, help_for", [
    (["bogus"], "fundledger --help"),
    (["--bogus"], "fundledger --help"),
    (["lists", "bogus"], "fundledger lists --help"),
    (["lists", "import", "--zzz"], "fundledger lists import --help"),
    (["status", "--zzz"], "fundledger status --help"),
])
def test_a_usage_error_is_one_line_pointing_at_the_commands_help(run, args, help_for):
    r = run(*args)
    assert r.exit_code == 2
    (line,) = r.output.splitlines()
    assert line.startswith("error: No such ") and line.endswith(f"(see `{help_for}`)")
