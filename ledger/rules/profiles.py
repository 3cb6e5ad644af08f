"""Rule profiles: the caps of one election law, as data.

The law has changed before and will again, so no cap is a constant in code. A profile says
which election it is for, the sources money may enter the fund from (a list: a party's fund has
two, a presidential candidate's three), each source's cap and the whole fund's as a multiple
of a base (the minimum monthly wage, MZP), the legal reference of every rule, and how sure we
are: ``in force`` (checked against the law's text), ``derived`` (multiples carried over from an
older text) or ``unconfirmed``. The built-in profiles are TOML files in ``law/`` beside this
module, with the MZP by year in ``law/mzp.toml``; a user's profile is a TOML file of the same
shape, or of the older flat one (``own_multiple``, ``voluntary_multiple``, ...).

A book stores a snapshot of its profile's rules (``to_dict``) when it is created, so a later
change to a built-in profile never rewrites the figures of a book already kept. Where a base
was published and where each figure comes from (``Provenance``) describe the built-in file
and are not part of that snapshot.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ledger.core.codes import CapKey, FundSource, RuleCode
from ledger.core.errors import ProfileError, SourceNotInFund
from ledger.core.money import Money
from ledger.i18n import N_, _

LAW = Path(__file__).with_name("law")
DEFAULT_PROFILE = "kz-2007"

MAZHILIS_PARTY_LIST = "mazhilis_party_list"
PRESIDENTIAL_CANDIDATE = "presidential_candidate"
ELECTIONS = (MAZHILIS_PARTY_LIST, "maslikhat_party_list", PRESIDENTIAL_CANDIDATE)
# Whose fund it is, as the reports name the one who gets own funds over the cap and the third
# of the unspent balance back: a party's (a party list) or a candidate's (a presidential election).
HOLDER_PARTY, HOLDER_CANDIDATE = "party", "candidate"
# The holder in words, as a memo, a reason and a message name whom the third is paid to (the
# catalogue marks them in ``rules/wording.py``).
HOLDER_WORDS = {HOLDER_PARTY: "the party", HOLDER_CANDIDATE: "the candidate"}

# The sources a fund may have (the core's ``FundSource`` codes), in the law's words, and the
# rule a receipt over each one's cap breaks.
SOURCE_KINDS: dict[str, tuple[str, str]] = {
    FundSource.OWN_FUNDS.value: ("own funds", RuleCode.CAP_OWN),
    FundSource.ASSOCIATION_FUNDS.value: ("the nominating association's funds", RuleCode.CAP_ASSOCIATION),
    FundSource.VOLUNTARY.value: ("voluntary contributions", RuleCode.CAP_VOLUNTARY),
}
# A party's two sources, as the flat format and every book stored before sources were a list
# write them: one key for each source's multiple.
FLAT_MULTIPLES = {"own_funds": "own_multiple", "voluntary": "voluntary_multiple"}

STANDINGS = ("in force", "derived", "unconfirmed")
# The words of a profile's standing, marked for the catalogue and shown with ``_``: the statuses
# the built-in law files give, and the caveat beside figures kept under rules not in force.
STATUS_WORDS = (N_("in force (2007 text)"), N_("derived, check against the law in force"),
                N_("unconfirmed, check against the law in force"))
CAVEAT = N_("under rules {said}{why}; check against the law in force")
CAVEAT_DERIVED = N_("derived from an older text of the law")
CAVEAT_UNCONFIRMED = N_("not confirmed against the law")
# Where a derived profile's multiples come from, and the elections a profile is for.
CARRIED_OVER = N_("carried over from {profile}")
ELECTION_WORDS = {MAZHILIS_PARTY_LIST: N_("Mazhilis, party lists"), "maslikhat_party_list": N_("maslikhat, party lists"),
                  PRESIDENTIAL_CANDIDATE: N_("President, a candidate's fund")}


@dataclass(frozen=True)
class SourceCap:
    """One source money may enter the fund from, capped at ``multiple`` x the base."""

    code: str
    multiple: int

    @property
    def name(self) -> str:
        return SOURCE_KINDS[self.code][0]

    @property
    def cap_rule(self) -> str:
        return SOURCE_KINDS[self.code][1]


@dataclass(frozen=True)
class Provenance:
    """Where a profile's figures come from: the base's publication, and each cap's multiple
    (keyed by source code, and ``total`` for the whole fund)."""

    base_published: str = ""
    figures: tuple[tuple[str, str], ...] = ()
    carried_from: str = ""       # the profile whose multiples a derived one carries over

    def figure(self, key: str) -> str:
        return dict(self.figures).get(key, "")

    def figure_sources(self, words=str) -> list[str]:
        """Where the multiples come from, each once, put into words by ``words`` (``ledger.i18n._``;
        English as written by default)."""
        carried = CARRIED_OVER.format(profile=self.carried_from)
        return [words(CARRIED_OVER).format(profile=self.carried_from) if source == carried else words(source)
                for source in dict.fromkeys(source for _key, source in self.figures if source)]


@dataclass(frozen=True)
class RuleProfile:
    code: str
    title: str
    base_name: str
    base_amount: Money
    sources: tuple[SourceCap, ...]
    total_multiple: int
    legal_reference: str
    status: str
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    warn_at_percent: int = 90
    articles: dict[str, str] = field(default_factory=dict)
    election: str = MAZHILIS_PARTY_LIST
    note: str = ""
    provenance: Provenance = field(default=Provenance(), compare=False, repr=False)

    def source(self, code: str) -> SourceCap:
        for s in self.sources:
            if s.code == code:
                return s
        raise ProfileError(f"{self.code}: the profile has no {SOURCE_KINDS.get(code, (code,))[0]} source")

    def has_source(self, code: str) -> bool:
        return any(s.code == code for s in self.sources)

    @property
    def holder(self) -> str:
        """``HOLDER_CANDIDATE`` for a candidate's fund, else ``HOLDER_PARTY``: the one place
        that decides whether the reports say "the party" or "the candidate"."""
        return HOLDER_CANDIDATE if self.election == PRESIDENTIAL_CANDIDATE else HOLDER_PARTY

    def require_source(self, code: str) -> None:
        """``SourceNotInFund`` unless money may enter the fund from ``code`` under these rules."""
        if not self.has_source(code):
            raise SourceNotInFund(_("{source} are no source of this fund under its rules ({profile}: {sources})").format(
                source=_(SOURCE_KINDS[code][0]), profile=self.code,
                sources=", ".join(_(SOURCE_KINDS[c][0]) for c in self.source_codes)))

    @property
    def source_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.sources)

    def without_source(self, code: str) -> RuleProfile:
        """The profile of a fund that lacks one of its sources: a self-nominated presidential
        candidate has no nominating association, so no association's funds."""
        self.source(code)
        return _checked(replace(self, sources=tuple(s for s in self.sources if s.code != code)), self.code)

    def cap_of(self, source: SourceCap) -> Money:
        return self.base_amount * source.multiple

    # The two sources of a party's fund, as the posting engine and the reports read them.
    @property
    def own_multiple(self) -> int:
        return self.source(FundSource.OWN_FUNDS.value).multiple

    @property
    def voluntary_multiple(self) -> int:
        return self.source(FundSource.VOLUNTARY.value).multiple

    @cached_property
    def own_cap(self) -> Money:
        return self.cap_of(self.source(FundSource.OWN_FUNDS.value))

    @cached_property
    def voluntary_cap(self) -> Money:
        return self.cap_of(self.source(FundSource.VOLUNTARY.value))

    @cached_property
    def total_cap(self) -> Money:
        return self.base_amount * self.total_multiple

    def cap(self, key: CapKey | str) -> Money:
        """The cap an account's ceiling is: one source's, or the whole fund's."""
        key = CapKey(key)
        if key is CapKey.TOTAL:
            return self.total_cap
        return self.cap_of(self.source(next(s.value for s in FundSource if s.cap_key is key)))

    @property
    def cap_keys(self) -> tuple[CapKey, ...]:
        """The caps of this fund, its sources' in order, then the whole fund's."""
        return tuple(FundSource(s.code).cap_key for s in self.sources) + (CapKey.TOTAL,)

    def article(self, rule: str) -> str:
        return self.articles.get(rule, "")

    @property
    def standing(self) -> str:
        """``in force``, ``derived`` or ``unconfirmed``: the status's first words. A status
        that names none of them (a user's "draft") was checked by nobody we know of."""
        return next((s for s in STANDINGS if self.status.startswith(s)), "unconfirmed")

    def caveat(self, words=str) -> str | None:
        """The sentence every report puts beside figures kept under rules that are not known
        to be in force; None when they are. ``words`` puts its parts into the reader's
        language (``ledger.i18n._``; English as written by default)."""
        if self.standing == "in force":
            return None
        said = words(CAVEAT_DERIVED if self.standing == "derived" else CAVEAT_UNCONFIRMED)
        why = f" ({words(self.note)})" if self.note else ""
        return words(CAVEAT).format(said=said, why=why)

    def described(self) -> dict:
        """What ``fundledger profiles --format json`` says of a profile: its rules with every
        cap in tenge, and where each figure comes from."""
        def cap(multiple: int, rule: str, figure: str) -> dict:
            return {"multiple": multiple, "cap": (self.base_amount * multiple).machine(),
                    "reference": self.article(rule), "figure_source": self.provenance.figure(figure)}

        return {"code": self.code, "title": self.title, "election": self.election, "status": self.status,
                "standing": self.standing, "note": self.note, "caveat": self.caveat(),
                "base": {"name": self.base_name, "amount": self.base_amount.machine(),
                         "published": self.provenance.base_published},
                "sources": [{"code": s.code, "name": s.name, **cap(s.multiple, s.cap_rule, s.code)}
                            for s in self.sources],
                "total": cap(self.total_multiple, "CAP_TOTAL", "total"),
                "legal_reference": self.legal_reference}

    @property
    def window(self) -> str:
        """The fund's window as people read it: "01.07.2007 - 18.08.2007", "open" at an end."""
        return " - ".join(f"{d:%d.%m.%Y}" if d else "open" for d in (self.window_start, self.window_end))

    def in_window(self, day: dt.date) -> bool:
        if self.window_start and day < self.window_start:
            return False
        if self.window_end and day > self.window_end:
            return False
        return True

    def with_window(self, start: dt.date | None, end: dt.date | None) -> RuleProfile:
        """The profile with the fund's window set; a date not given keeps the profile's own."""
        return _checked(replace(self, window_start=start or self.window_start, window_end=end or self.window_end),
                        "--window-start/--window-end")

    # A book keeps its profile as JSON, so the book's figures never drift with the code. A
    # party's two sources are written flat and the newer keys only when they say something,
    # so the profiles books were kept under before sources were a list store the same JSON
    # (the hash chain's genesis is built from it).
    def to_dict(self) -> dict:
        data = {"code": self.code, "title": self.title, "base_name": self.base_name,
                "base_amount": self.base_amount.machine(), "total_multiple": self.total_multiple,
                "legal_reference": self.legal_reference, "status": self.status,
                "window_start": self.window_start.isoformat() if self.window_start else None,
                "window_end": self.window_end.isoformat() if self.window_end else None,
                "warn_at_percent": self.warn_at_percent, "articles": dict(self.articles)}
        if tuple(s.code for s in self.sources) == tuple(FLAT_MULTIPLES):
            data.update((FLAT_MULTIPLES[s.code], s.multiple) for s in self.sources)
        else:
            data["sources"] = [{"code": s.code, "multiple": s.multiple} for s in self.sources]
        if self.election != MAZHILIS_PARTY_LIST:
            data["election"] = self.election
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_dict(cls, data: dict, origin: str = "profile") -> RuleProfile:
        """A profile from a book's stored JSON or a user's TOML file in the flat format."""
        values = dict(data)
        _only(values, _FLAT_KEYS, "", origin)
        try:
            if "sources" in values:
                sources = _sources(values.pop("sources"), origin)
            else:
                sources = tuple(SourceCap(code, _whole(values[key], origin, key))
                                for code, key in FLAT_MULTIPLES.items())
            profile = cls(
                code=str(values["code"]), title=str(values["title"]), base_name=str(values["base_name"]),
                base_amount=Money.of(str(values["base_amount"])), sources=sources,
                total_multiple=_whole(values["total_multiple"], origin, "total_multiple"),
                articles={**_default_articles(), **_articles(values.get("articles"), origin)}, **_shared(values, origin))
        except (KeyError, TypeError, ValueError) as exc:
            raise ProfileError(f"{origin}: {exc}; a profile needs code, title, base_name, "
                               "base_amount, own_multiple, voluntary_multiple, total_multiple, "
                               "legal_reference, status") from exc
        return _checked(profile, origin)


def _shared(values: dict, origin: str) -> dict:
    """The fields both formats write the same way."""
    return dict(legal_reference=str(values["legal_reference"]), status=str(values["status"]),
                window_start=_date(values.get("window_start"), origin, "window_start"),
                window_end=_date(values.get("window_end"), origin, "window_end"),
                warn_at_percent=_whole(values.get("warn_at_percent", 90), origin, "warn_at_percent"),
                election=str(values.get("election", MAZHILIS_PARTY_LIST)), note=str(values.get("note", "")))


_SHARED_KEYS = {"code", "title", "legal_reference", "status", "window_start", "window_end",
                "warn_at_percent", "articles", "sources", "election", "note"}
_FLAT_KEYS = _SHARED_KEYS | {"base_name", "base_amount", "total_multiple", *FLAT_MULTIPLES.values()}


def _checked(profile: RuleProfile, origin: str) -> RuleProfile:
    """Refuse a profile that cannot describe a fund: no sources or one twice, caps at or below
    zero, a warning level outside 1-100 %, a window that ends before it starts, an election
    we do not know."""
    if profile.base_amount.tiyn <= 0:
        raise ProfileError(f"{origin}: base_amount must be positive")
    codes = [s.code for s in profile.sources]
    if not codes or len(set(codes)) != len(codes):
        raise ProfileError(f"{origin}: a profile needs its sources, each once (it has {', '.join(codes) or 'none'})")
    multiples = [(_multiple_key(s.code), s.multiple) for s in profile.sources]
    for key, multiple in multiples + [("total_multiple", profile.total_multiple)]:
        if multiple <= 0:
            raise ProfileError(f"{origin}: {key} must be a positive whole number, not {multiple}")
    if not 1 <= profile.warn_at_percent <= 100:
        raise ProfileError(f"{origin}: warn_at_percent must be between 1 and 100, not {profile.warn_at_percent}")
    if profile.window_start and profile.window_end and profile.window_start > profile.window_end:
        raise ProfileError(f"{origin}: the window starts {profile.window_start:%d.%m.%Y}, after it ends "
                           f"{profile.window_end:%d.%m.%Y}")
    if profile.election not in ELECTIONS:
        raise ProfileError(f"{origin}: election {profile.election!r} is not one of {', '.join(ELECTIONS)}")
    return profile


def _only(table: dict, known: set[str], where: str, origin: str) -> None:
    """Refuse keys a profile does not know: a misspelt key would otherwise be silently lost."""
    unknown = set(table) - known
    if unknown:
        raise ProfileError(f"{origin}: {where}unknown keys {', '.join(sorted(unknown))}")


def _multiple_key(code: str) -> str:
    """How a message names a source's multiple: by its flat key where it has one."""
    return FLAT_MULTIPLES.get(code, f"{code} multiple")


def _whole(value, origin: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ProfileError(f"{origin}: {key} must be a whole number, not {value!r}")
    try:
        return int(value)
    except ValueError as exc:
        raise ProfileError(f"{origin}: {key} must be a whole number, not {value!r}") from exc


def _date(value, origin: str, key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ProfileError(f"{origin}: {key} {value!r} is not a date (use YYYY-MM-DD)") from exc


def _sources(listed, origin: str, also: set[str] = frozenset()) -> tuple[SourceCap, ...]:
    """Each source's code and multiple; ``also``: the other keys its table may have."""
    if not isinstance(listed, list) or not all(isinstance(s, dict) for s in listed):
        raise ProfileError(f"{origin}: sources must be a list of tables ([[sources]])")
    out = []
    for s in listed:
        _only(s, {"code", "multiple", *also}, "[[sources]] ", origin)
        code = s.get("code")
        if not isinstance(code, str) or code not in SOURCE_KINDS:
            raise ProfileError(f"{origin}: source {code!r} is not one of {', '.join(SOURCE_KINDS)}")
        out.append(SourceCap(code, _whole(s.get("multiple"), origin, _multiple_key(code))))
    return tuple(out)


# --- the law files ------------------------------------------------------------------------

UNCHECKED = "unchecked"    # an MZP figure no public source was found for (``seen`` in mzp.toml)


@dataclass(frozen=True)
class Base:
    """The MZP of some years, where it was published, and where the figure was seen in a
    public source (``unchecked`` when it was not)."""

    years: tuple[int, ...]
    amount: Money
    published: str
    seen: str = UNCHECKED

    @property
    def checked(self) -> bool:
        return not self.seen.startswith(UNCHECKED)


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: not a valid TOML file ({exc})") from exc


def _mzp_table() -> dict[int, Base]:
    by_year = {}
    for row in _read_toml(LAW / "mzp.toml")["mzp"]:
        base = Base(tuple(row["years"]), Money.tenge(row["tenge"]), row["published"], row.get("seen", UNCHECKED))
        by_year.update((year, base) for year in base.years)
    return by_year


MZP: dict[int, Base] = _mzp_table()

_LAW_FILE_KEYS = _SHARED_KEYS | {"derived_from", "base", "total"}
_BASE_KEYS = {"name", "year", "amount", "published"}
_CAP_KEYS = {"multiple", "reference", "figure_source"}


def from_law_file(data: dict, origin: str, known: dict[str, RuleProfile]) -> RuleProfile:
    """A profile from a TOML file in the law-file format (``[base]``, ``[[sources]]``,
    ``[total]``, ``[articles]``). ``derived_from`` names a profile in ``known`` whose base name,
    sources, whole-fund cap and articles this one carries over where it does not give its own."""
    _only(data, _LAW_FILE_KEYS, "", origin)
    base, total = _table(data, "base", _BASE_KEYS, origin), _table(data, "total", _CAP_KEYS, origin)
    listed = data.get("sources", [])
    sources = _sources(listed, origin, _CAP_KEYS)
    parent = _parent(data, known, origin)
    status = str(data.get("status", ""))
    if not status.startswith(STANDINGS):
        raise ProfileError(f"{origin}: status {status!r} must begin with one of: {', '.join(STANDINGS)}")
    published = _base(base, origin)
    base_name = base.get("name") or (parent.base_name if parent else None)
    if not base_name:
        raise ProfileError(f"{origin}: [base] needs a name")
    if not sources and not parent:
        raise ProfileError(f"{origin}: a profile needs its [[sources]] (or derived_from)")
    if "multiple" not in total and not parent:
        raise ProfileError(f"{origin}: [total] needs a multiple (the whole fund's cap), or derived_from")
    sources = sources or parent.sources
    total_multiple = _whole(total["multiple"], origin, "total_multiple") if "multiple" in total else parent.total_multiple

    # Each cap's legal reference is its rule's article; where its figure comes from is provenance.
    carried = CARRIED_OVER.format(profile=parent.code) if parent else ""
    articles = dict(parent.articles) if parent else {}
    figures = []
    caps = [(s.cap_rule, s.code, table) for s, table in zip(sources, listed or [{}] * len(sources))]
    for rule, key, table in caps + [("CAP_TOTAL", "total", total)]:
        if table.get("reference"):
            articles[rule] = str(table["reference"])
        figures.append((key, str(table.get("figure_source") or carried)))
    articles.update(_articles(data.get("articles"), origin))
    try:
        profile = RuleProfile(
            code=str(data["code"]), title=str(data["title"]), base_name=str(base_name),
            base_amount=published.amount, sources=sources, total_multiple=total_multiple, articles=articles,
            provenance=Provenance(published.published, tuple(figures), parent.code if parent else ""),
            **_shared(data, origin))
    except KeyError as exc:
        raise ProfileError(f"{origin}: {exc} is missing; a profile needs code, title, status, "
                           "legal_reference, [base] and [[sources]] with [total] (or derived_from)") from exc
    return _checked(profile, origin)


def _table(data: dict, key: str, known: set[str], origin: str) -> dict:
    table = data.get(key, {})
    if not isinstance(table, dict):
        raise ProfileError(f"{origin}: {key} must be a table ([{key}])")
    _only(table, known, f"[{key}] ", origin)
    return table


def _parent(data: dict, known: dict[str, RuleProfile], origin: str) -> RuleProfile | None:
    if "derived_from" not in data:
        return None
    parent = known.get(str(data["derived_from"]))
    if parent is None:
        raise ProfileError(f"{origin}: derived_from {data['derived_from']!r} is not one of {', '.join(known)}")
    return parent


def _articles(table, origin: str) -> dict[str, str]:
    if table is None:
        return {}
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ProfileError(f'{origin}: articles must be a table of RULE = "legal reference"')
    return table


def _base(table: dict, origin: str) -> Base:
    """``year``: the MZP of that year from mzp.toml; or ``amount`` (tenge) and ``published``."""
    if "year" in table:
        if table["year"] not in MZP:
            raise ProfileError(f"{origin}: no MZP for {table['year']!r} in mzp.toml "
                               f"(it has {min(MZP)}-{max(MZP)}, not every year); give [base] amount instead")
        return MZP[table["year"]]
    if "amount" not in table:
        raise ProfileError(f"{origin}: [base] needs a year (of the MZP) or an amount in tenge")
    try:
        amount = Money.of(str(table["amount"]))
    except ValueError as exc:
        raise ProfileError(f"{origin}: [base] amount {table['amount']!r} is not an amount") from exc
    return Base((), amount, str(table.get("published", "")))


def _built_in() -> dict[str, RuleProfile]:
    """The law files in ``law/``, the default first: the others may be derived from it."""
    paths = sorted(LAW.glob("kz-*.toml"), key=lambda p: (p.stem != DEFAULT_PROFILE, p.stem))
    known: dict[str, RuleProfile] = {}
    for path in paths:
        profile = from_law_file(_read_toml(path), str(path.name), known)
        known[profile.code] = profile
    return known


BUILT_IN: dict[str, RuleProfile] = _built_in()


def _default_articles() -> dict[str, str]:
    """What a flat profile that names no articles cites: the default profile's."""
    return dict(BUILT_IN[DEFAULT_PROFILE].articles)


def load_profile(name_or_path: str) -> RuleProfile:
    """A built-in profile by code, or one read from a TOML file: the law-file format, or the
    flat one (keys at the top or under ``[profile]``)."""
    if name_or_path in BUILT_IN:
        return BUILT_IN[name_or_path]
    path = Path(name_or_path)
    if path.suffix.lower() != ".toml" or not path.is_file():
        raise ProfileError(
            f"unknown rule profile {name_or_path!r}: use one of {', '.join(BUILT_IN)} "
            "or the path of a .toml file")
    data = _read_toml(path)
    if "base" in data or "derived_from" in data:
        return from_law_file(data, str(path), BUILT_IN)
    return RuleProfile.from_dict(data.get("profile", data), origin=str(path))
