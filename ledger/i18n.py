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
