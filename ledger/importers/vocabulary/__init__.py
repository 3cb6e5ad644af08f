"""The importer's words, as data: one TOML file per language (ru.toml, kk.toml, en.toml here).

Treasurers write their books in Russian, Kazakh or English, and Kazakh in two alphabets: the
words a header, a totals row or a debit/credit mark may hold are data, not code, so that a
word is added where a linguist can read it. Each file has these sections (all optional):

``[columns.FIELD]``: phrase = weight, the words of a header that name a field (a field of
``headers.FIELD_NAMES``) and how strongly; a header goes to the field it names most strongly.
``[excluded]``, ``[preferred]``, ``[avoided]``: FIELD = [phrases], the words that take a header
away from a field, or make it a better or a worse candidate when two columns could hold it.
``[totals]``: ``first_words`` (the first word of a totals row: "итого", "барлығы", "total") and
``phrases`` (the whole start of one: "в том числе", "of which").
``[direction]``: ``money_in``/``money_out``, the words of a statement's credit and debit
column headers; ``marks_in``/``marks_out``, what a debit/credit column says on each row.
``[name_parts]``: ``surname``, ``given_name``, ``patronymic``: a name written in three columns.
``[thousands]``: ``words`` of an amount column in thousands of tenge ("тыс. тенге").
``[statement]``: ``residency``: a statement's residency column, which says nothing of a book's
kind; ``own_funds``: what a transfer of the party's own money into its fund says in its
purpose; ``period``, ``opening``, ``closing``: the words of the account block above a
spreadsheet statement's table (its period, its opening and closing balance).
``[spending]``: ``production`` and ``clip`` (making a clip, which is audiovisual material
whatever it is for), ``air_time`` (air time with no medium named, television's), ``paid_back``
(a spending row that is money paid back).
``[categories.ROLE]``: phrase = place, the words of a spending category or purpose that point
to the spending account ``ROLE`` (a role of the chart, ``journal.chart.SPENDING_ROLES``). The
place is the word's rank in its category across all the files: a category's words are tried
in the order of their places (a Kazakh word's Latin forms right after it), and the first found
is the one the evidence names, so the order is hand-made and meaningful:
"Таргетированная реклама в Instagram" names 'instagram' (130 in en.toml) rather than 'таргет'
(180 in ru.toml). Places go in tens, so that a word can be put between two. Which category is
tried first is ``headers.CATEGORY_ORDER``.

Phrases are compared normalised (``normalise_header``) and word by word; a word of more than
four letters stands for its forms (its ending may change, see ``word_matches``).

**Adding a word**: put it in its language's file, in the section it belongs to; a Kazakh word
is written in Cyrillic only, its Latin-script forms come from ``latin`` (``ledger.core.alphabet``, the
same for the donors' markers). **Adding a
language**: a new ``CODE.toml`` with the same sections, and its code in ``LANGUAGES``.
(A layout of a bank's file is ``ledger/importers/layouts``; the words of a donor's name, type
and citizenship that the rules read are ``ledger/rules/markers``.)
"""
from __future__ import annotations

import pathlib
import tomllib
from dataclasses import dataclass

from ledger.importers import cells
from ledger.rules.words import normalise, written_forms

HERE = pathlib.Path(__file__).resolve().parent
LANGUAGES = ("ru", "kk", "en")

Phrases = tuple[tuple[tuple[str, ...], int], ...]


def normalise_header(text: object) -> str:
    """Header text as compared: lower case, ё as е, "№" as "номер", punctuation gone."""
    shown = cells.text(text) or ""
    return normalise(shown.replace("№", " номер "))


def phrases(*specs: tuple[str, int]) -> Phrases:
    """Phrases as they are matched: each its normalised words and its weight."""
    return tuple((tuple(normalise(text).split()), weight) for text, weight in specs)


def matches(tokens: list[str], words: tuple[str, ...]) -> bool:
    n = len(words)
    for i in range(len(tokens) - n + 1):
        if all(word_matches(tokens[i + k], w) for k, w in enumerate(words)):
            return True
    return False


def has(tokens: list[str], found: Phrases) -> bool:
    """Whether the tokens hold any of the phrases."""
    return any(matches(tokens, words) for words, _ in found)


def says(text: str, found: Phrases) -> bool:
    return has(normalise_header(text).split(), found)


def word_matches(token: str, word: str) -> bool:
    # Short words and abbreviations must match whole. A longer word stands for its forms:
    # its ending may change ("жертвователь" finds "жертвователя", "сумма" finds "суммы").
    if len(word) <= 4:
        return token == word
    return token.startswith(word[:-2] if len(word) > 6 else word[:-1])


# --- the words, loaded ----------------------------------------------------------------------

@dataclass(frozen=True)
class Vocabulary:
    """Every language's words together (each Kazakh one with its Latin forms)."""

    columns: dict[str, Phrases]
    excluded: dict[str, Phrases]
    preferred: dict[str, Phrases]
    avoided: dict[str, Phrases]
    total_first_words: tuple[str, ...]
    total_phrases: tuple[str, ...]
    money_in: Phrases
    money_out: Phrases
    marks_in: frozenset[str]
    marks_out: frozenset[str]
    surname: Phrases
    given_name: Phrases
    patronymic: Phrases
    thousands: tuple[str, ...]
    residency: Phrases
    own_funds: tuple[str, ...]
    statement_period: tuple[str, ...]
    opening: tuple[str, ...]
    closing: tuple[str, ...]
    production: tuple[str, ...]
    clip: tuple[str, ...]
    air_time: tuple[str, ...]
    paid_back: tuple[str, ...]
    categories: dict[str, tuple[str, ...]]


def load(folder: pathlib.Path = HERE, languages: tuple[str, ...] = LANGUAGES) -> Vocabulary:
    """The words of ``languages``, in that order (a field's phrases keep their file's order)."""
    files = [(code, tomllib.loads((folder / f"{code}.toml").read_text("utf-8"))) for code in languages]

    def weighted(section: str) -> dict[str, Phrases]:
        found: dict[str, list] = {}
        for code, data in files:
            for name, words in data.get(section, {}).items():
                found.setdefault(name, []).extend((form, weight) for text, weight in words.items()
                                                  for form in written_forms(code, text))
        return {name: phrases(*specs) for name, specs in found.items()}

    def listed(section: str, key: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(form for code, data in files for text in data.get(section, {}).get(key, ())
                                   for form in written_forms(code, text)))

    def by_field(section: str) -> dict[str, Phrases]:
        names = dict.fromkeys(name for _, data in files for name in data.get(section, {}))
        return {name: as_phrases(section, name) for name in names}

    def as_phrases(section: str, key: str) -> Phrases:
        return phrases(*((text, 0) for text in listed(section, key)))

    def placed() -> dict[str, tuple[str, ...]]:
        found: dict[str, list] = {}
        for code, data in files:
            for role, words in data.get("categories", {}).items():
                found.setdefault(role, []).extend((place, form) for text, place in words.items()
                                                  for form in written_forms(code, text))
        return {role: tuple(dict.fromkeys(form for _, form in sorted(words, key=lambda pair: pair[0])))
                for role, words in found.items()}

    return Vocabulary(
        columns=weighted("columns"), excluded=by_field("excluded"), preferred=by_field("preferred"),
        avoided=by_field("avoided"), total_first_words=listed("totals", "first_words"),
        total_phrases=listed("totals", "phrases"), money_in=as_phrases("direction", "money_in"),
        money_out=as_phrases("direction", "money_out"), marks_in=frozenset(listed("direction", "marks_in")),
        marks_out=frozenset(listed("direction", "marks_out")), surname=as_phrases("name_parts", "surname"),
        given_name=as_phrases("name_parts", "given_name"), patronymic=as_phrases("name_parts", "patronymic"),
        thousands=listed("thousands", "words"), residency=as_phrases("statement", "residency"),
        own_funds=listed("statement", "own_funds"), statement_period=listed("statement", "period"),
        opening=listed("statement", "opening"), closing=listed("statement", "closing"),
        production=listed("spending", "production"), clip=listed("spending", "clip"),
        air_time=listed("spending", "air_time"), paid_back=listed("spending", "paid_back"), categories=placed())


WORDS = load()
