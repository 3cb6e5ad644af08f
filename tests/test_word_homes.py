"""Worked examples of the word lists that used to live in code and now live in the per-language
marker files (``ledger/rules/markers``), Kazakh in Cyrillic alone with its Latin forms derived by
the one transliteration (``ledger.core.alphabet``): a payer's legal form beside a "Total", the
candidate column's words for spending of the whole party, and the donors' markers in Latin."""
from __future__ import annotations

import tomllib

import openpyxl
import pytest

from ledger.core.alphabet import latin
from ledger.importers.service import import_books
from ledger.rules import words
from ledger.rules.donors import DonorFacts, classify

IVANOV = "870412300005"
RESIDENT_BIN = "070140400000"


def test_the_kazakh_markers_are_written_in_cyrillic_alone():
    data = tomllib.loads((words.MARKERS / "kk.toml").read_text("utf-8"))
    written = [phrase for table in data.values() for phrase in table]
    assert [p for p in written if any("a" <= ch <= "z" for ch in p.lower())] == []


def test_a_kazakh_marker_brings_its_latin_forms_right_after_it():
    assert latin("қазақстан") == ("qazaqstan",)
    listed = words.phrases_of("kazakhstan")
    at = listed.index("қазақстан")
    assert listed[at + 1] == "qazaqstan"
    assert "qr" in listed and "qazaqstan respublikasy" in listed   # from "ҚР" and "қазақстан республикасы"
    assert words.phrases_of("party_wide")[5:8] == ("жалпыпартиялық", "jalpypartiialyq", "zhalpypartiialyq")


STATE, INTERNATIONAL, RELIGIOUS = ("suggests a state organisation", "suggests an international organisation",
                                   "suggests a religious association")


@pytest.mark.parametrize(("name", "rule", "label", "what"), [
    ("Almaty qalasy ákimdigi", "BAN_STATE", "ákimdigi", STATE),        # 2018 alphabet
    ("Almaty qalasy äkimdigi", "BAN_STATE", "äkimdigi", STATE),        # 2021 alphabet
    ("Halyqaralyq qor", "BAN_FOREIGN", "halyqaralyq", INTERNATIONAL),
    ("Meshit qauymy", "BAN_RELIGIOUS", "meshit", RELIGIOUS),
])
def test_a_donor_named_in_latin_kazakh_meets_the_cyrillic_markers(name, rule, label, what):
    c = classify(DonorFacts(name, RESIDENT_BIN))
    assert [(ban.rule, ban.evidence) for ban in c.bans] == [(rule, f"name marker '{label}' {what}")]


def test_a_latin_kazakh_private_form_outranks_a_state_word():
    c = classify(DonorFacts("Memlekettik standart JShS", RESIDENT_BIN))
    assert c.bans == ()


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_spending_for_the_whole_party_names_no_candidate_in_any_alphabet(engine, book, tmp_path):
    import_books(engine, book=book.code, kind="own-funds", paths=[
        _xlsx(tmp_path / "own.xlsx", [["Дата", "Сумма, тенге"], ["01.08.2007", 10_000_000]])])
    path = _xlsx(tmp_path / "шығыстар.xlsx", [
        ["Күні", "Алушы", "Кандидат", "Сомасы, теңге", "Төлем мақсаты"],
        ["02.08.2007", "ЖШС «Дала ТВ»", "Jalpy shyǵyndar", 100_000, "Эфир уақыты"],
        ["03.08.2007", "ЖШС «Дала ТВ»", "жалпыпартиялық", 100_000, "Эфир уақыты"],
        ["04.08.2007", "ЖШС «Дала ТВ»", "All candidates", 100_000, "Эфир уақыты"],
        ["05.08.2007", "ЖШС «Дала ТВ»", "Ахметов А.", 100_000, "Эфир уақыты"],
    ])
    report = import_books(engine, book=book.code, kind="spending", paths=[path])
    assert dict(report.total.outcomes) == {"posted": 4}
    assert [w for w in report.warnings if "candidate" in w] == [
        "candidate 'Ахметов А.' is not on the party's list: check the name, or load the list with "
        "`fundledger lists import candidates`"]
