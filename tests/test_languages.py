"""Russian, Kazakh and English: the catalogues are complete and compiled, the language is
chosen as the README says, the command line speaks it wholly, and no text it prints bypasses
the catalogue (a pseudo-language run, where every catalogue text is ⟦bracketed⟧)."""
from __future__ import annotations

import gettext
import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import text as sql

from ledger import i18n
from ledger.cli import main
from ledger.db.engine import make_engine
from ledger.rules import wording

ROOT = Path(__file__).resolve().parent.parent
LOCALE = i18n.LOCALE_DIR
PLACEHOLDER = re.compile(r"\{(\w*)[^}]*\}")


def _po(lang: str) -> Catalog:
    with open(LOCALE / lang / "LC_MESSAGES" / "fundledger.po", "rb") as f:
        return read_po(f, locale=lang)


def _forms(message) -> tuple:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _names(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


# --- the catalogues ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_message_is_translated_and_keeps_its_placeholders(lang):
    catalogue = _po(lang)
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 300
    assert [m.id for m in messages if not all(_forms(m))] == []          # missing
    assert [m.id for m in messages if m.fuzzy] == []                      # fuzzy
    for m in messages:
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        known = set().union(*map(_names, ids))
        for form in _forms(m):
            # A name the English lacks would fail .format(); a singular text keeps every one.
            assert _names(form) <= known, (m.id, form)
            if len(ids) == 1:
                assert _names(form) == known, (m.id, form)


def test_the_english_catalogue_is_the_message_ids_themselves():
    messages = [m for m in _po("en") if m.id]
    assert [m.id for m in messages if m.string != m.id and tuple(m.string) != tuple(m.id)] == []


def test_the_catalogues_hold_every_message_of_the_code(tmp_path):
    """Someone who wraps a new text in _() and forgets `pybabel extract` and `update` fails here."""
    fresh = tmp_path / "fundledger.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_",
                                "-k", "NP_:1,2", "--no-location", "-o", str(fresh), str(ROOT)])
    with open(fresh, "rb") as f:
        wanted = {m.id for m in read_po(f) if m.id}
    with open(LOCALE / "fundledger.pot", "rb") as f:
        assert {m.id for m in read_po(f) if m.id} == wanted
    for lang in i18n.LANGUAGES:
        assert {m.id for m in _po(lang) if m.id} == wanted, lang


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_committed_mo_files_are_the_po_files_compiled(lang):
    """Someone who edits a .po and forgets `pybabel compile` fails here."""
    compiled = io.BytesIO()
    write_mo(compiled, _po(lang))
    compiled.seek(0)
    with open(LOCALE / lang / "LC_MESSAGES" / "fundledger.mo", "rb") as f:
        committed = gettext.GNUTranslations(f)._catalog
    assert committed == gettext.GNUTranslations(compiled)._catalog


# --- choosing the language --------------------------------------------------------------------

@pytest.mark.parametrize("environ, lang", [
    ({}, None),
    ({"LANG": "C.UTF-8"}, None),
    ({"LANG": "ru_RU.UTF-8"}, "ru"),
    ({"LANG": "kk_KZ"}, "kk"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8"}, None),
    ({"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "kk_KZ.UTF-8"}, "kk"),
    ({"LANG": "ru_RU.UTF-8", "LC_MESSAGES": "kk_KZ", "LC_ALL": "en_US.UTF-8"}, "en"),
    ({"LANG": "ru_RU.UTF-8", "FUNDLEDGER_LANG": "kk"}, "kk"),
    ({"LC_ALL": "C", "FUNDLEDGER_LANG": "RU"}, "ru"),
])
def test_the_language_comes_from_fundledger_lang_then_the_locale(environ, lang):
    assert i18n.language_from_environment(environ) == lang


def test_an_unknown_fundledger_lang_is_refused_in_one_line():
    r = CliRunner().invoke(main, ["books"], env={"FUNDLEDGER_LANG": "de"})
    assert (r.exit_code, r.output) == (2, ("error: FUNDLEDGER_LANG: unknown language 'de': use one of ru, kk, en "
                                          "[USAGE]\n"))


def test_two_threads_each_speak_their_own_language_at_the_same_moment():
    """The current language is the context's, not the process's: a Russian and a Kazakh reader
    served at once each read their own words, and the thread that started them keeps its own.
    The barrier makes both set their language before either reads it back."""
    import threading

    both_set = threading.Barrier(2)
    read: dict[str, tuple] = {}

    def reader(lang):
        with i18n.speaking(lang):
            both_set.wait(timeout=30)
            read[lang] = (i18n.current_language(), i18n._("Outcome"), wording.in_words("entry 7 reversed"))

    threads = [threading.Thread(target=reader, args=(lang,)) for lang in ("ru", "kk")]
    with i18n.speaking("en"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert i18n.current_language() == "en" and i18n._("Outcome") == "Outcome"
    assert read["ru"] == ("ru", "Итог", i18n.catalogue("ru").gettext("entry {seq} reversed").format(seq=7))
    assert read["kk"] == ("kk", "Нәтиже", i18n.catalogue("kk").gettext("entry {seq} reversed").format(seq=7))
    assert read["ru"][2] != read["kk"][2] != "entry 7 reversed"


def test_speaking_restores_the_language_chosen_before_it():
    with i18n.speaking("kk"):
        with i18n.speaking(None):
            assert (i18n.current_language(), i18n.chosen_language()) == ("en", None)
        assert (i18n.current_language(), i18n.chosen_language()) == ("kk", "kk")


# --- a book to talk about ---------------------------------------------------------------------

VALID_IIN = "850202300014"
BOOK_CSV = ("Дата;Жертвователь;ИИН/БИН;Сумма, тенге;№ документа\n"
            f"02.07.2007;Петров Пётр;{VALID_IIN};1 000,00;11\n"
            "03.07.2007;ГУ Аппарат акима;;500,00;12\n"
            "31.02.2007;Сидоров Сидор;;700,00;14\n")


@pytest.fixture
def book(tmp_path, sqlite_url):
    """A book with four findings of four kinds, typed in, in English."""
    runner = CliRunner()

    def run(*args, env=None):
        return runner.invoke(main, ["--db", sqlite_url, *args], env=env, catch_exceptions=False)

    run("init", "--party", "Партия «Жасыл Дала»", "--election", "Мажилис 2007",
        "--window-start", "01.07.2007", "--window-end", "18.08.2007")
    run("receive", "--amount", "100", "--name", "Иванов Иван", "--id", "900101300014", "--date", "02.07.2007")
    run("receive", "--amount", "500", "--name", "РГУ Комитет", "--date", "03.07.2007")
    run("receive", "--amount", "10", "--name", "", "--date", "01.06.2007")
    run.url = sqlite_url
    return run


def test_check_in_each_language(book):
    kk = book("--lang", "kk", "check")
    assert kk.exit_code == 1
    assert kk.output.splitlines()[0].split() == ["ереже", "сомасы", "күйі", "жазба", "көзі", "қайырмалдық",
                                                  "жасаушы", "негіздеме"]
    assert "ЖСН/БСН 900101300014: бақылау цифры сәйкес емес" in kk.output
    assert "атаудағы белгі 'РГУ': мемлекеттік ұйымды көрсетеді" in kk.output
    assert "аты да, дұрыс ЖСН/БСН да жоқ: қайырмалдық жасаушыны анықтау мүмкін емес" in kk.output
    assert "01.06.2007 түсті, қор мерзімінен тыс 01.07.2007 - 18.08.2007" in kk.output
    assert "жасырын (анықталмаған)" in kk.output
    assert kk.output.splitlines()[-1] == "4 ашық бұзушылық, жойылғаны: 0"

    ru = book("check", "--lang", "ru")
    assert "ИИН/БИН 900101300014: не сходится контрольная цифра" in ru.output
    assert "поступило 01.06.2007, вне срока фонда 01.07.2007 - 18.08.2007" in ru.output
    assert ru.output.splitlines()[-1] == "4 открытых нарушения, устранено: 0"

    en = book("--lang", "en", "check")
    assert "IIN/BIN 900101300014 fails its check digit" in en.output
    assert en.output.splitlines()[-1] == "4 open finding(s), 0 resolved"
    for r in (kk, ru):
        assert _latin_words(r.output) == [], r.output


def test_a_finding_is_put_into_words_from_its_code_and_parameters_not_its_english(book):
    """The English is kept for old readers; the reader's words come from the code and parameters.
    A finding with no code (a book written before them, where no template read it) keeps its text."""
    engine = make_engine(book.url)
    with engine.begin() as conn:
        conn.execute(sql("UPDATE findings SET evidence = 'edited English' WHERE rule = 'ID_INVALID'"))
        conn.execute(sql("UPDATE findings SET evidence_code = NULL, evidence_params = NULL, "
                          "evidence = 'written by hand' WHERE rule = 'BAN_ANONYMOUS'"))
    engine.dispose()
    ru = book("--lang", "ru", "check")
    assert "ИИН/БИН 900101300014: не сходится контрольная цифра" in ru.output
    assert "edited English" not in ru.output
    assert "written by hand" in ru.output
    checked = json.loads(book("check", "--format", "json").output)["findings"]
    assert [(f["rule"], f["evidence"], f["evidence_code"]) for f in checked if f["rule"] in (
        "ID_INVALID", "BAN_ANONYMOUS")] == [("ID_INVALID", "edited English", "ID_CHECK_FAILED"),
                                            ("BAN_ANONYMOUS", "written by hand", None)]


def test_the_language_from_the_environment_and_the_option(book):
    assert book("status", env={"LANG": "ru_RU.UTF-8"}).output.splitlines()[-1] == \
        "открытых нарушений: 4  (см. `fundledger check`)"
    assert book("status", env={"FUNDLEDGER_LANG": "kk", "LANG": "ru_RU.UTF-8"}).output.splitlines()[-1] == \
        "ашық бұзушылықтар: 4  (`fundledger check` қараңыз)"
    assert book("status", "--lang", "en", env={"FUNDLEDGER_LANG": "kk"}).output.splitlines()[-1] == \
        "open findings: 4  (see `fundledger check`)"
    assert book("receive", "--lang", "kk").output == \
        "қате: Параметр көрсетілмеген '--amount'. (`fundledger receive --help` қараңыз)\n"
    help_kk = book("--lang", "kk", "status", "--help").output
    assert help_kk.startswith("Қолданылуы: ") and "Осы анықтаманы көрсетіп, шығу." in help_kk
    assert "  Шекті мөлшерлер, түскені, қайтарылатыны, жұмсалғаны және қолда бары." in help_kk
    help_ru = book("status", "--lang", "ru", "--help").output
    assert help_ru.startswith("Использование: ") and "Показать эту справку и выйти." in help_ru


def test_global_options_after_the_command_name(book, tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["status", "--db", book.url, "--format", "json"])
    assert r.exit_code == 0, r.output
    code = json.loads(runner.invoke(main, ["books", "--db", book.url, "--format", "json"]).output)[0]["code"]
    r = runner.invoke(main, ["status", "--book", code, "--db", book.url, "--lang", "ru"])
    assert r.exit_code == 0 and "открытых нарушений: 4" in r.output
    other = f"sqlite:///{tmp_path / 'other.db'}"
    r = runner.invoke(main, ["--db", book.url, "status", "--db", other])
    assert (r.exit_code, r.output) == (2, (f"error: --db {book.url} before the command and --db {other} after it "
                                          "disagree: give one [USAGE]\n"))
    r = book("--book", code, "check", "--book", "x")
    assert (r.exit_code, r.output) == (2, (f"error: --book {code} before the command and --book x after it "
                                          "disagree: give one [USAGE]\n"))
    assert book("--book", code, "verify", "--book", code).exit_code == 0
    assert book("verify", "--book", "x").output == f"error: no book 'x' in this database (books: {code}) [BOOK_NOT_FOUND]\n"
    assert book("--lang", "kk", "status", "--lang", "ru").exit_code == 2


def test_workbooks_are_russian_unless_a_language_is_chosen(book, tmp_path):
    def sheets(*args, env=None):
        out = tmp_path / "audit.xlsx"
        assert book(*args, "-o", str(out), env=env).exit_code == 0
        return load_workbook(out, read_only=True).sheetnames[:2]

    assert sheets("audit") == ["Сводка", "Нарушения"]
    assert sheets("audit", "--lang", "kk") == ["Жиынтық", "Бұзушылықтар"]
    assert sheets("--lang", "en", "audit") == ["Summary", "Findings"]
    assert sheets("audit", env={"FUNDLEDGER_LANG": "kk"}) == ["Жиынтық", "Бұзушылықтар"]
    # The Findings sheet gives each finding's evidence in the workbook's language (column 9).
    assert book("audit", "-o", str(tmp_path / "audit.xlsx")).exit_code == 0
    rows = list(load_workbook(tmp_path / "audit.xlsx", read_only=True)["Нарушения"].iter_rows(values_only=True))
    evidence = [r[8] for r in rows if r and r[0] in ("ID_INVALID", "OUTSIDE_WINDOW")]
    assert evidence == ["ИИН/БИН 900101300014: не сходится контрольная цифра",
                        "поступило 01.06.2007, вне срока фонда 01.07.2007 - 18.08.2007"]
    out = tmp_path / "disclosure.csv"
    assert book("disclosure", "--lang", "kk", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8-sig").splitlines()[0] == \
        "Сайлау қорына қабылданған қаражат туралы мәліметтер"


# --- nothing bypasses the catalogue -----------------------------------------------------------

def _latin_words(output: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """Latin words outside ⟦ ⟧ that are no rule code (ID_INVALID), no digest, no allowed text
    (a path, a file name) and no command or option (`fundledger check`, --like-this)."""
    words = []
    for line in output.splitlines():
        for text in allowed:
            line = line.replace(text, "")
        depth, outside = 0, []
        for ch in line:
            depth += (ch == "⟦") - (ch == "⟧")
            if depth == 0:
                outside.append(" " if ch in "⟦⟧" else ch)   # a marker parts what stood either side
        rest = re.sub(r"`[^`]*`|\bfundledger(?: [a-z][a-z-]*)*|--[a-z-]+|\b[A-Z][A-Z0-9_]+\b|\b[0-9a-f]{64}\b", "",
                      "".join(outside))
        words += re.findall(r"[A-Za-z]+", rest)
    return words


def _bracketed_whole(text: str) -> str:
    return f"⟦{text}⟧"


def _bracketed_but_placeholders(text: str) -> str:
    """⟦error: ⟧{message}: what fills a placeholder stays outside, so an English message passed
    into a translated frame is seen too."""
    return "".join(part if PLACEHOLDER.fullmatch(part) else f"⟦{part}⟧"
                   for part in re.split(r"(\{\w*[^}]*\})", text) if part)


@pytest.fixture(params=[_bracketed_whole, _bracketed_but_placeholders])
def pseudo(request, monkeypatch):
    """A catalogue made at test time, Russian plural rules: every text as ⟦its English⟧ (the
    message id between the markers), and again with the placeholders left outside them."""
    bracketed = request.param
    with open(LOCALE / "fundledger.pot", "rb") as f:
        template = read_po(f)
    catalogue = Catalog(locale="ru")
    for m in template:
        if m.id:
            catalogue.add(m.id, tuple(bracketed(m.id[min(i, 1)]) for i in range(catalogue.num_plurals))
                          if isinstance(m.id, tuple) else bracketed(m.id))
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    translations = gettext.GNUTranslations(compiled)
    monkeypatch.setattr(i18n, "catalogue", lambda lang: translations)


def test_no_text_the_cli_prints_bypasses_the_catalogue(pseudo, tmp_path, sqlite_url):
    """Under --lang ru with the pseudo catalogue, catalogue texts print ⟦bracketed⟧ and the
    workbook's words (kinds, statuses, account names) print in Russian; an English word outside
    the brackets came from neither, and no reader in Astana could read it in their language."""
    runner = CliRunner()
    books = tmp_path / "взносы.csv"
    books.write_text(BOOK_CSV, encoding="utf-8")
    allowed = (str(tmp_path), books.name, sqlite_url, "kz-2007")   # paths, the file, the profile code

    def run(*args, code=0):
        r = runner.invoke(main, ["--db", sqlite_url, "--lang", "ru", *args])
        assert r.exit_code == code, r.output
        assert _latin_words(r.output, allowed) == [], r.output
        return r.output

    run("init", "--party", "Партия «Жасыл Дала»", "--election", "Мажилис 2007",
        "--window-start", "01.07.2007", "--window-end", "18.08.2007")
    assert "⟦created book {code}" not in run("status")       # placeholders are filled after translation
    out = run("import", "contributions", str(books))
    assert "⟦voluntary contributions⟧" in out and "⟦Imported " in out
    assert "is not a real day: correct it (dd.mm.yyyy)⟧" in out
    run("receive", "--amount", "97 520 000,00", "--name", "Петров Пётр", "--id", VALID_IIN,
        "--date", "04.07.2007", "--document", "13", "--dry-run")
    run("receive", "--amount", "100", "--name", "Иванов Иван", "--id", "900101300014", "--date", "02.07.2007")
    run("receive", "--amount", "10", "--name", "", "--date", "01.06.2007")
    run("check", code=1)
    run("check", "--all", code=1)
    run("accounts")
    run("donors")
    run("journal")
    run("verify")
    run("receive", "--name", "X", code=2)                    # a usage error: click's words too
    run("refund", "99", code=1)                              # a refusal of the desk
    run("receive", "--amount", "сто", code=2)                # an amount that is none


def test_the_rules_sentences_match_their_templates():
    """Each sentence a rule writes is one the catalogue knows: a rule reworded without its
    template would be shown in English."""
    from ledger.rules.donors import DonorFacts, classify

    facts = [DonorFacts("", None), DonorFacts("Иванов", "900101300014"), DonorFacts("РГУ Комитет", None),
             DonorFacts("Фонд «Милосердие»", None), DonorFacts("ТОО X", None, "иностранная компания"),
             DonorFacts("Петров", VALID_IIN, None, "Российская Федерация")]
    evidence = [ban.evidence for f in facts for ban in classify(f).bans]
    assert len(evidence) >= 5
    assert [e for e in evidence if wording.template_of(e) is None] == []


def test_the_reasons_of_rejected_cells_match_their_templates():
    from ledger.importers import cells

    problems = [cells.amount(""), cells.amount("abc"), cells.amount("1 000,505"), cells.amount("-5"), cells.amount("0"),
                cells.currency("USD"), cells.day(""), cells.day(12), cells.day("01.01.1900"), cells.day("31.02.2007"),
                cells.day("вчера"), cells.id_number("900101300014")]
    assert all(isinstance(p, cells.RowProblem) for p in problems), problems
    reasons = [p.reason for p in problems]
    assert [r for r in reasons if wording.template_of(r) is None] == []
    with i18n.speaking("kk"):
        assert wording.in_words(cells.day("31.02.2007").reason) == "'31.02.2007' күні жоқ: оны түзетіңіз (кк.аа.жжжж)"
