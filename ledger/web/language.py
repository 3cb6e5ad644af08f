"""The language of one page: Russian (the default), Kazakh or English, from the gettext
catalogue every other text of the ledger is in.

The command line's ``ledger.i18n._`` speaks the one language of its process; the web desk
serves readers of all three languages at once from several threads, so a page puts each text
into the language of its own request (``g.lang``: the switcher, kept in the session, else the
browser's ``Accept-Language``). Message ids are the English text, as everywhere: a page word
and a command-line word that are the same English words are one message with one translation.
"""
from __future__ import annotations

from flask import g

from ledger.i18n import LANGUAGES, N_, catalogue
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


def page_language() -> str:
    lang = g.get("lang")
    return lang if lang in LANGUAGES else DEFAULT


def _(message: str) -> str:
    return catalogue(page_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(page_language()).ngettext(singular, plural, n)
