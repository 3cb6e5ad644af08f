"""The language a person reads: Russian, Kazakh or English, from gettext catalogues.

Every text the command line prints goes through ``_`` (or ``ngettext`` where a count decides
the words). The message id is the English text, so English needs no catalogue to be right and
the tests keep reading English prose; ``ledger/locale/{ru,kk,en}/LC_MESSAGES/fundledger.po``
hold the translations and Babel compiles them into the ``.mo`` files shipped beside them
(see the README, "Languages"). Placeholders are named (``{amount}``), so a translator can move
them and ``.format(...)`` fills them after translation.

Nothing stored is translated: evidence, memos and reasons written into the database stay in
the one language they were written in, so the hash chain does not depend on who posted.
``N_`` only marks a text for extraction where it is defined (a module constant, a click help
text); it is put into words with ``_`` where it is shown, in the language chosen by then.

Which language: ``--lang``, else ``FUNDLEDGER_LANG``, else the locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``), else English. ``chosen_language`` tells whether anything chose
one at all: the workbooks stay Russian when nothing did.

The language is a context variable, not a global: the command line sets it once, and the web
desk, which serves a Russian and a Kazakh reader at the same moment from two threads, sets it
for each request's own context (``ledger/web/language.py``), so everything ``_`` says during
the request, evidence and the desk's answers included, is in that request's language.
"""
from __future__ import annotations

import contextlib
import contextvars
import gettext
import os
from functools import lru_cache
from pathlib import Path

DOMAIN = "fundledger"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("ru", "kk", "en")
DEFAULT = "en"
ENVIRONMENT = "FUNDLEDGER_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

# The language and whether anyone chose it, as one value: the command line sets it once for its
# process; the web desk serves readers of all three languages at once from several threads, so
# each request sets it in its own context (``ledger.web``), and every ``_`` below speaks it.
_SPOKEN: contextvars.ContextVar[tuple[str, bool]] = contextvars.ContextVar("fundledger_language",
                                                                           default=(DEFAULT, False))


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue; translate it with ``_`` where it is shown."""
    return message


def NP_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural pair; put it into words with ``ngettext``."""
    return singular, plural


@lru_cache(maxsize=None)
def catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; English falls back to the message ids themselves."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=lang == DEFAULT)


def _(message: str) -> str:
    return catalogue(_SPOKEN.get()[0]).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(_SPOKEN.get()[0]).ngettext(singular, plural, n)


def check_language(code: str) -> str:
    if code not in LANGUAGES:
        from ledger.core.errors import UsageError

        raise UsageError(_("unknown language {code!r}: use one of {choices}").format(
            code=code, choices=", ".join(LANGUAGES)))
    return code


def set_language(code: str, chosen: bool = True) -> contextvars.Token:
    """Speak ``code`` in the current context from now on; the token undoes it (``reset_language``)."""
    return _SPOKEN.set((check_language(code), chosen))


def reset_language(token: contextvars.Token) -> None:
    _SPOKEN.reset(token)


def current_language() -> str:
    return _SPOKEN.get()[0]


def chosen_language() -> str | None:
    """The language someone chose (an option, the variable or a locale), or None."""
    lang, chosen = _SPOKEN.get()
    return lang if chosen else None


def language_of_locale(value: str | None) -> str | None:
    """``ru_RU.UTF-8`` -> ru, ``kk_KZ`` -> kk, ``en_GB`` -> en; C, POSIX and others -> None."""
    if not value:
        return None
    code = value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else None


def language_from_environment(environ=os.environ) -> str | None:
    """``FUNDLEDGER_LANG``, else the first locale variable that is set, as one of LANGUAGES."""
    if environ.get(ENVIRONMENT):
        return check_language(environ[ENVIRONMENT].strip().lower())
    for name in LOCALE_VARIABLES:
        if environ.get(name):
            # The first set variable wins, as in the C library, even when it names no language we have.
            return language_of_locale(environ[name])
    return None


@contextlib.contextmanager
def speaking(code: str | None):
    """Within the block, texts are in ``code`` (None: English, nothing chosen); restored after."""
    token = set_language(code or DEFAULT, chosen=code is not None)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


def extract_cli(fileobj, keywords, comment_tags, options):
    """Babel's extractor for the command line: what Babel's Python extractor finds, and the
    help click shows, which is not a call of ``_``: each command's docstring and every
    ``help=`` text, cleaned as click cleans them (``babel.cfg`` names this for cli.py)."""
    import ast
    import inspect
    import io

    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in ("command", "group")
                for d in node.decorator_list):
            if doc := ast.get_docstring(node):
                yield node.lineno, None, doc, []
        elif isinstance(node, ast.keyword) and node.arg == "help" and isinstance(node.value, ast.Constant):
            yield node.value.lineno, None, inspect.cleandoc(node.value.value), []
        elif isinstance(node, ast.Dict):
            # _LANG and the like: {"help": "..."}
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "help" and isinstance(value, ast.Constant):
                    yield value.lineno, None, inspect.cleandoc(value.value), []


# -- numbers, money and dates in the reader's convention -------------------------------------
# Kazakhstan's own variants of Russian and Kazakh (the tenge sign, day-first dates); British
# English for observers: "1,250,000.00" and day-first dates, never the American month first.
# Percent with a space before the sign in ru and kk ("41,02 %"), as the commission writes it.
# English money carries the ISO code (KZT): the tenge sign is unknown to many fonts and readers.
# The spreadsheet formats say the same with a language tag ([$-419] and the like), which
# LibreOffice follows for the separators and Excel for the reader's own settings.
_CONVENTIONS = {
    # lang: (Babel locale, percent pattern, currency, spreadsheet language tag)
    "ru": ("ru_KZ", "#,##0.00\u00a0%", "₸", "[$-419]"),
    "kk": ("kk_KZ", "#,##0.00\u00a0%", "₸", "[$-43F]"),
    "en": ("en_GB", "#,##0.00%", "KZT", "[$-809]"),
}
_MONEY_PATTERN = "#,##0.00"


def _convention(lang: str | None):
    return _CONVENTIONS[lang or current_language()]


def money_text(amount, currency: bool = True, lang: str | None = None) -> str:
    """``Money`` for a person: "1 250 000,00 ₸" (ru, kk), "1,250,000.00 KZT" (en); exact,
    from the amount's Decimal, never through a float."""
    from babel.numbers import format_decimal

    locale, _percent, sign, _tag = _convention(lang)
    text = format_decimal(amount.as_decimal(), format=_MONEY_PATTERN, locale=locale, decimal_quantization=True)
    return f"{text}\u00a0{sign}" if currency else text


def percent_text(percent, lang: str | None = None) -> str:
    """A percentage given in percent (``Decimal("41.02")``): "41,02 %" (ru, kk), "41.02%" (en)."""
    from decimal import Decimal

    from babel.numbers import format_percent

    locale, pattern, _sign, _tag = _convention(lang)
    return format_percent(Decimal(percent) / 100, format=pattern, locale=locale)


def count_text(number: int | float, lang: str | None = None) -> str:
    """A count or a rate, whole: "12 500" (ru, kk), "12,500" (en)."""
    from babel.numbers import format_decimal

    return format_decimal(round(number), format="#,##0", locale=_convention(lang)[0])


def seconds_text(seconds: float, lang: str | None = None) -> str:
    """A duration in seconds, to the hundredth: "0,09" (ru, kk), "0.09" (en)."""
    from babel.numbers import format_decimal

    return format_decimal(seconds, format="0.00", locale=_convention(lang)[0])


@lru_cache(maxsize=None)
def _date_pattern(lang: str) -> str:
    """The locale's short date with the year in full: dd.MM.yyyy (ru, kk), dd/MM/yyyy (en)."""
    import re

    from babel import Locale

    return re.sub("y+", "yyyy", Locale.parse(_convention(lang)[0]).date_formats["short"].pattern)


def date_text(day, lang: str | None = None) -> str:
    from babel.dates import format_date

    lang = lang or current_language()
    return format_date(day, format=_date_pattern(lang), locale=_convention(lang)[0])


@lru_cache(maxsize=None)
def spreadsheet_formats(lang: str) -> dict[str, str]:
    """The number formats of a workbook in ``lang``: money, whole tenge (a chart's axis),
    percent (of a fraction), date, date and time. The cells keep their numbers; the format shows them the reader's way."""
    _locale, pattern, _sign, tag = _convention(lang)
    day = _date_pattern(lang).lower().replace("/", "\\/")
    percent = pattern.replace("#,##", "").replace("\u00a0", "\\ ")
    return {"money": f"{tag}{_MONEY_PATTERN}", "tenge": f"{tag}#,##0", "percent": f"{tag}{percent}", "date": f"{tag}{day}",
            "datetime": f"{tag}{day} hh:mm:ss"}


_STORED_MONEY = None


def amounts_in_reader_convention(text: str) -> str:
    """A stored sentence's amounts ("48 760 000,01 ₸", as ``Money.human`` wrote them) and
    percentages ("95.00%") shown the reader's way; the rest of the text as it is."""
    global _STORED_MONEY
    import re

    from ledger.core.money import Money

    if _STORED_MONEY is None:
        _STORED_MONEY = (re.compile(r"-?\d{1,3}(?:\u00a0\d{3})*,\d\d\u00a0₸"), re.compile(r"\b(\d+\.\d\d)%"))
    amounts, percents = _STORED_MONEY
    if "₸" in text:
        text = amounts.sub(lambda m: money_text(Money.parse(m[0])), text)
    if "%" in text:
        text = percents.sub(lambda m: percent_text(m[1]), text)
    return text


# The texts of a rule profile a reader sees (its title, status and note, its base's name, the
# legal reference of each cap and rule and where each multiple comes from), and where each year's
# base was published (mzp.toml), which the command line, the web desk and the workbooks put
# through the catalogue.
_LAW_TEXTS = ("title", "legal_reference", "status", "note")


def extract_law(fileobj, keywords, comment_tags, options):
    """Babel's extractor for the law's data files (``rules/law/*.toml``): each text a profile
    shows a reader, so the catalogue can translate it (``babel.cfg`` names this)."""
    import tomllib

    data = tomllib.loads(fileobj.read().decode("utf-8"))
    texts = [data.get(key) for key in _LAW_TEXTS] + [data.get("base", {}).get("name")]
    for cap in [*data.get("sources", []), data.get("total", {})]:
        texts += [cap.get("reference"), cap.get("figure_source")]
    texts += list(data.get("articles", {}).values())
    texts += [year.get("published") for year in data.get("mzp", [])]
    for text in texts:
        if text:
            yield 1, None, text, []     # the catalogues keep no locations

