"""The language of one page: Russian (the default), Kazakh or English, from the gettext
catalogue every other text of the ledger is in.

The command line speaks the one language of its process; the web desk serves readers of all
three languages at once from several threads, so each request speaks its own (``g.lang``: the
switcher, kept in the session, else the browser's ``Accept-Language``), set as the current
language of the request's context before it runs and reset after: ``ledger.i18n._`` then
speaks it everywhere, in a page's words as in the evidence, answers and warnings the desk and
the reports put into words. Message ids are the English text, as everywhere: a page word
and a command-line word that are the same English words are one message with one translation.
"""
from __future__ import annotations

from flask import g

from ledger.i18n import LANGUAGES, N_, _, ngettext, reset_language, set_language
from ledger.importers.service import IMPORTED
from ledger.rules.profiles import HOLDER_CANDIDATE, HOLDER_PARTY

DEFAULT = "ru"        # the commission, the treasurers and most auditors read Russian

# Words a page picks by a value it holds; the catalogue has them as these message ids.
KIND_WORDS = IMPORTED
ACTION_WORDS = {"refund": N_("payment back"), "identify": N_("donor identified"), "reverse": N_("reversal")}
REGISTER_WORDS = {"contributions": N_("Contributions"), "own_funds": N_("Own funds"), "spending": N_("Spending"),
                  "refunds": N_("Refunds"), "journal": N_("Journal")}
SOURCE_WORDS = {"voluntary": N_("a voluntary contribution"), "own-funds": N_("own funds"),
                "association-funds": N_("the nominating association's funds")}
# Who gets own funds over the cap and the third of the balance back, by ``RuleProfile.holder``.
DUE_BACK_WORDS = {HOLDER_PARTY: N_("Due back to the party"), HOLDER_CANDIDATE: N_("Due back to the candidate")}
THIRD_WORDS = {HOLDER_PARTY: N_("To the party (one third)"), HOLDER_CANDIDATE: N_("To the candidate (one third)")}
ROLE_WORDS = {"admin": N_("administrator"), "treasurer": N_("treasurer"), "auditor": N_("auditor")}
# The web's own refusals, which Werkzeug would give in English.
HTTP_WORDS = {403: N_("this page is not open to you: your role or your books do not include it"),
              404: N_("no such page"), 405: N_("this page does not answer that kind of request")}


def page_language() -> str:
    lang = g.get("lang")
    return lang if lang in LANGUAGES else DEFAULT


def speak_page_language() -> None:
    """Before a request: its language is the current one for all it does (``g.lang`` set)."""
    g.language_token = set_language(page_language())


def stop_speaking(_error=None) -> None:
    """After a request: the context's language as it was before it."""
    token = g.pop("language_token", None)
    if token is not None:
        reset_language(token)


__all__ = [
    "ACTION_WORDS",
    "DEFAULT",
    "HTTP_WORDS",
    "KIND_WORDS",
    "LANGUAGES",
    "REGISTER_WORDS",
    "ROLE_WORDS",
    "SOURCE_WORDS",
    "_",
    "ngettext",
    "page_language",
    "speak_page_language",
    "stop_speaking",
]
