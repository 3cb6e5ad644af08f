"""Kazakh in the Latin alphabet, derived from the Cyrillic: one transliteration for every word list.

Kazakh is written in Cyrillic and, more and more, in the Latin alphabet (the 2018 one with
acute accents, the 2021 one with diaereses and cedillas), and treasurers type either. Every
list of Kazakh words in the project (the importer's vocabulary, the donors' markers, the
spending's candidate words) is written in Cyrillic alone and gets its Latin forms from
``latin``, so a word is added once. It lives in the core because both the rules and the
importers read it, and it is pure: letters in, letters out.
"""
from __future__ import annotations

# Each Cyrillic letter in the 2018 alphabet (with acute accents: á, ǵ, ń, ó, ú) and in the 2021
# one (ä, ğ, ñ, ö, ü, ū, ş, ç). Treasurers also type the 2018 letters without their marks, and
# ж as "zh"; ы is "y" and і, и, й are "i" in both (the words' ``normalise`` reads the dotless ı
# as i).
_LETTERS = {
    "а": ("a", "a"), "ә": ("á", "ä"), "б": ("b", "b"), "в": ("v", "v"), "г": ("g", "g"), "ғ": ("ǵ", "ğ"),
    "д": ("d", "d"), "е": ("e", "e"), "ё": ("io", "io"), "ж": ("j", "j"), "з": ("z", "z"), "и": ("i", "i"),
    "й": ("i", "i"), "к": ("k", "k"), "қ": ("q", "q"), "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"),
    "ң": ("ń", "ñ"), "о": ("o", "o"), "ө": ("ó", "ö"), "п": ("p", "p"), "р": ("r", "r"), "с": ("s", "s"),
    "т": ("t", "t"), "у": ("u", "u"), "ұ": ("u", "ū"), "ү": ("ú", "ü"), "ф": ("f", "f"), "х": ("h", "h"),
    "һ": ("h", "h"), "ц": ("ts", "ts"), "ч": ("ch", "ç"), "ш": ("sh", "ş"), "щ": ("shch", "şç"), "ъ": ("", ""),
    "ы": ("y", "y"), "і": ("i", "i"), "ь": ("", ""), "э": ("e", "e"), "ю": ("iu", "iu"), "я": ("ia", "ia"),
}
_ALPHABET_2018 = str.maketrans({c: pair[0] for c, pair in _LETTERS.items()})
_ALPHABET_2021 = str.maketrans({c: pair[1] for c, pair in _LETTERS.items()})
_UNMARKED = str.maketrans("áǵńóú", "agnou")


def latin(text: str) -> tuple[str, ...]:
    """A Kazakh word or phrase (lower case, as the word lists compare it) in the Latin alphabet,
    as treasurers write it: the 2018 alphabet, the 2021 one, the 2018 one without its marks, and
    that with ж as "zh" (each once, in that order): "күні" is "kúni", "küni", "kuni"; "жсн" is
    "jsn" and "zhsn"."""
    written = text.translate(_ALPHABET_2018)
    plain = written.translate(_UNMARKED)
    zh = text.replace("ж", "zh").translate(_ALPHABET_2018).translate(_UNMARKED)
    return tuple(dict.fromkeys((written, text.translate(_ALPHABET_2021), plain, zh)))
