"""Finding words in what people type: names, donor types, spending categories.

Treasurers write "ГУ «Аппарат акима»", "Благотворительный фонд", "Эфирное время на
телевидении": the same marker in any case, with quotes, and with Russian and Kazakh endings.
A ``Markers`` list is searched in text normalised by ``normalise`` (lower case, ё as е, every
run of punctuation a single space). Short words (abbreviations such as ГУ, ТОО, ТВ) must match
a whole word, so "Гульнара" is no "ГУ"; longer words are stems and match the start of a word,
so "телевиден" finds "телевидении". Each list is compiled once into one regular expression,
which is what keeps classifying 100k donors fast.

The donors' markers are data: ``markers/{ru,kk,en}.toml`` beside this module, one file per
language, each a table per list (``[state_name]``, ``[foreign_citizenship]``, ...; also the
legal forms a company's name carries and ``[party_wide]``, the candidate column's words for
spending of the whole party, which the desk reads) of
``"phrase" = place``. A list is the phrases of every language's table sorted by their place,
and the place is the hand-made order of preference: when a name holds two markers of one
list, the finding names the one with the lower number ("ГУ" = 70 before "акимат" = 170 in
"ГУ «Аппарат акима»"), whatever language each is in. Places go in tens so that a phrase can
be put between two. **Adding a word**: put it in its language's file, in its list, with the
place it should take. **Adding a language**: a new ``CODE.toml`` and its code in
``LANGUAGES``. Kazakh is written here in Cyrillic alone: each Kazakh phrase's Latin-script
forms ("қазақстан" is also "qazaqstan") come from ``latin`` (``ledger.core.alphabet``) and take
the phrase's place, right after it, as the importer's own words do. (The importer's header and
category words are ``ledger/importers/vocabulary``.)
"""
from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from pathlib import Path

from ledger.core import alphabet

# Any letter stays, so Kazakh in the Latin alphabet ("Ömirzaq", "Ä. Ğ.") keeps its letters.
_NON_WORD = re.compile(r"[\W_]+")
# Letters that look alike in the two alphabets. A word typed with both ("Kүні" with a Latin K,
# "Иванoв" with a Latin o) is read in the alphabet most of its letters are in.
_LATIN_LETTER = re.compile(r"[a-z]")
_CYRILLIC_LETTER = re.compile(r"[а-яәіңғүұқөһ]")
_TO_CYRILLIC = str.maketrans("aceopxykmtbhi", "асеорхукмтвні")
_TO_LATIN = str.maketrans("асеорхукмтвні", "aceopxykmtbhi")


# What people type in a cell when they have nothing to put there (normalised): the same in an
# IIN/BIN, a name or a citizenship column.
NOTHING_SAID = frozenset({"нет", "жоқ", "отсутствует", "не указан", "не указано", "нет данных", "н д", "нд",
                          "none", "n a", "na", "no"})


def normalise(text: object) -> str:
    """Lower case, ё as е (and the Latin Kazakh ı as i), punctuation and quotes as single spaces."""
    if not text:
        return ""
    if type(text) is str:   # a book names its donors many times over: each name is worked out once
        return _normalised(text)
    return _normalised(str(text))


@lru_cache(maxsize=16384)
def _normalised(text: str) -> str:
    text = _NON_WORD.sub(" ", str(text).lower().replace("ё", "е").replace("ı", "i"))
    if _LATIN_LETTER.search(text) and _CYRILLIC_LETTER.search(text):   # rare: only then word by word
        return " ".join(_one_alphabet(w) for w in text.split())
    return " ".join(text.split())


def _one_alphabet(word: str) -> str:
    latin, cyrillic = len(_LATIN_LETTER.findall(word)), len(_CYRILLIC_LETTER.findall(word))
    if not (latin and cyrillic):
        return word
    return word.translate(_TO_CYRILLIC if cyrillic >= latin else _TO_LATIN)


MARKERS = Path(__file__).with_name("markers")
LANGUAGES = ("ru", "kk", "en")
LATIN_FROM = "kk"   # the language whose words are also written in the Latin alphabet


def latin(text: str) -> tuple[str, ...]:
    """A Kazakh word or phrase, normalised, in the Latin alphabet (``ledger.core.alphabet``)."""
    return alphabet.latin(normalise(text))


def written_forms(language: str, text: str) -> tuple[str, ...]:
    """A word of ``language`` as it may be written: itself, and a Kazakh one also in Latin."""
    return (text, *latin(text)) if language == LATIN_FROM else (text,)


@cache
def _marker_files() -> tuple[dict, ...]:
    return tuple((code, tomllib.loads((MARKERS / f"{code}.toml").read_text("utf-8"))) for code in LANGUAGES)


def phrases_of(name: str) -> tuple[str, ...]:
    """The phrases of one list of the marker files, every language's, in the order of their places
    (a Kazakh phrase's Latin forms right after it)."""
    placed = [(place, form) for code, data in _marker_files() for phrase, place in data.get(name, {}).items()
              for form in written_forms(code, phrase)]
    if not placed:
        raise KeyError(f"no marker list {name!r} in {MARKERS}")
    return tuple(dict.fromkeys(phrase for _, phrase in sorted(placed, key=lambda pair: pair[0])))


def markers(name: str, whole_word_up_to: int = 4) -> Markers:
    """One list of the marker files, compiled."""
    return Markers(*phrases_of(name), whole_word_up_to=whole_word_up_to)


class Markers:
    """Phrases to look for, in order of preference; ``find`` names the first one present."""

    def __init__(self, *phrases: str, whole_word_up_to: int = 4):
        self.labels: list[str] = []
        parts = []
        for i, phrase in enumerate(phrases):
            words = normalise(phrase).split()
            if not words:
                continue
            pattern = " ".join(re.escape(w) + ("" if len(w) <= whole_word_up_to else r"\w*") for w in words)
            parts.append(f"(?P<m{len(self.labels)}>{pattern})")
            self.labels.append(phrase)
        self._regex = re.compile(r"(?<!\S)(?:" + "|".join(parts) + r")(?!\S)") if parts else None
        self._each = [re.compile(r"(?<!\S)" + p.split(">", 1)[1][:-1] + r"(?!\S)") for p in parts]

    def find(self, normalised: str) -> str | None:
        """The label of the first phrase (in list order) found in normalised text."""
        if self._regex is None or not normalised or self._regex.search(normalised) is None:
            return None
        for label, regex in zip(self.labels, self._each):
            if regex.search(normalised):
                return label
        return None  # pragma: no cover - the combined search found one of them

    def __contains__(self, normalised: str) -> bool:
        return self._regex is not None and self._regex.search(normalised) is not None
