"""The commission's view over every book of one election: a column per party, with totals, and
a published table of totals held against the books (exit 1 on any difference)."""
import json

import pytest
from openpyxl import load_workbook

GREEN, AK, PEOPLE = "Партия «Жасыл Дала»", "Партия «Ак жол»", "Народная партия"


@pytest.fixture
def election(run):
    for code, party, own, gift, spent, election in (
            ("g", GREEN, "48 000 000", "2 500 000", "35 300 000", "Мажилис 2007"),
            ("a", AK, "10 000 000", "7 000 000,50", "12 000 000", "Мажилис 2007"),
            ("p", PEOPLE, "5 000 000", None, "4 000 000", "Мажилис 2012")):
        assert run("init", "--party", party, "--election", election, "--code", code).exit_code == 0
        run("--book", code, "receive", "--own-funds", "--amount", own, "--date", "01.08.2007", "--name", party,
            "--document", "1")
        if gift:
            run("--book", code, "receive", "--amount", gift, "--date", "01.08.2007", "--name", "ТОО «Дән»",
                "--document", "2")
        run("--book", code, "spend", "--amount", spent, "--date", "02.08.2007", "--category", "media_tv")
    return run


def test_one_column_per_party_of_the_election_with_totals(election, tmp_path):
    out = tmp_path / "commission.xlsx"
    made = election("commission-report", "-o", str(out), "--election", "Мажилис 2007", "--format", "json")
    assert made.exit_code == 0, made.output
    view = json.loads(made.output)
    assert view["rows"] == ["1", "1.1", "1.2", "2", "3"]
    assert [(b["party"], b["figures"]["1"], b["figures"]["2"]) for b in view["books"]] == [
        (GREEN, "50500000.00", "35300000.00"), (AK, "17000000.50", "12000000.00")]
    assert view["total"] == {"1": "67500000.50", "1.1": "58000000.00", "1.2": "9500000.50", "2": "47300000.00",
                             "3": "20200000.50"}
    ws = load_workbook(out).worksheets[0]
    table = [row for row in ws.iter_rows(values_only=True) if row[0]]
    assert table[1] == ("№", "Показатель", GREEN, AK, "Итого")
    assert table[2] == ("1", "Всего поступило средств в избирательный фонд", 50500000, 17000000.5, 67500000.5)
    assert ws.page_setup.orientation == "landscape"
    notes = [row[1] for row in ws.iter_rows(values_only=True) if not row[0] and row[1]]
    # a party's fund has no row 1.3 (the association's funds), so the note does not name it
    assert notes[-1] == "Строки 1, 1.1, 1.2 и 2 - строки опубликованной формы; строка 3 - наше прочтение формы."


def test_several_elections_need_one_chosen(election, tmp_path):
    r = election("commission-report", "-o", str(tmp_path / "c.xlsx"))
    assert r.exit_code == 1
    assert r.output.strip() == ("error: choose the election with --election (Мажилис 2007, Мажилис 2012) "
                                "[ELECTION_NOT_CHOSEN]")
    r = election("commission-report", "-o", str(tmp_path / "c.xlsx"), "--election", "Маслихат")
    assert r.exit_code == 1 and "no book of the election 'Маслихат'" in r.output


def test_a_published_table_is_held_against_the_books(election, tmp_path):
    published = tmp_path / "published.csv"
    published.write_text(
        f"№;{GREEN};{AK};Итого\n"
        "1;50 500 000,00;17 000 000,50;67 500 000,50\n"
        "1.1;48 000 000;10 000 000;58 000 000\n"
        "1.2;2 500 000;7 000 000,00;9 500 000,50\n"        # the party's 0,50 lost in print
        "2;35 300 000;12 000 000;47 300 000\n", encoding="utf-8")
    args = ("commission-report", "-o", str(tmp_path / "c.xlsx"), "--election", "Мажилис 2007", "--compare", str(published))
    r = election(*args)
    assert r.exit_code == 1
    assert r.output.splitlines()[1:] == [   # the total column agrees: the books' total has the 0,50
        f"row 1.2, {AK}: published 7,000,000.00\u00a0KZT, the books 7,000,000.50\u00a0KZT",
        "differences from published.csv: 1"]
    differences = json.loads(election(*args, "--format", "json").output)["differences"]
    assert differences == [{"row": "1.2", "party": AK, "published": "7000000.00", "books": "7000000.50"}]

    published.write_text(f"№;{GREEN};{AK};Итого\n1;50 500 000,00;17 000 000,50;67 500 000,50\n", encoding="utf-8")
    r = election(*args)
    assert r.exit_code == 0 and r.output.splitlines()[-1] == "differences from published.csv: 0"


def test_a_party_the_books_do_not_have_and_a_bad_cell(election, tmp_path):
    published = tmp_path / "published.csv"
    published.write_text(f"№;{GREEN};Партия «Ауыл»\n1;50 500 000,00;3 000 000\n", encoding="utf-8")
    args = ("commission-report", "-o", str(tmp_path / "c.xlsx"), "--election", "Мажилис 2007", "--compare", str(published))
    r = election(*args, "--format", "json")
    assert r.exit_code == 1
    assert json.loads(r.output)["differences"] == [
        {"row": "1", "party": "Партия «Ауыл»", "published": "3000000.00", "books": None}]
    published.write_text(f"№;{GREEN}\n1;пятьдесят миллионов\n", encoding="utf-8")
    r = election(*args)
    assert r.exit_code == 2
    assert r.output.strip() == ("error: published.csv, row 2, column 'Партия «Жасыл Дала»': 'пятьдесят миллионов' "
                                "is not an amount in tenge [INPUT_FILE]")
    published.write_text(f"№;{GREEN}\n9;1\n", encoding="utf-8")
    r = election(*args)
    assert r.exit_code == 2 and "'9' is not a row of the commission's report" in r.output
