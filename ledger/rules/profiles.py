"""Rule profiles: the caps of one election law, as data.

The law has changed before and will again, so no cap is a constant in code. A profile says
what the caps are multiples of (the minimum monthly wage, MZP), the multiples, where the law
says so, and how sure we are. A book stores a snapshot of its profile when it is created, so a
later change to a built-in profile never rewrites the figures of a book already kept.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ledger.errors import ProfileError
from ledger.i18n import N_
from ledger.money import Money

ARTICLES_2007 = {
    "CAP_OWN": "Constitutional Law \"On Elections\", art. 92-1 (own funds: 5,000 x MZP); art. 34(5)",
    "CAP_VOLUNTARY": "Constitutional Law \"On Elections\", art. 92-1 (voluntary contributions: 10,000 x MZP); art. 34(5)",
    "CAP_TOTAL": "Constitutional Law \"On Elections\", art. 92-1 (whole fund: 15,000 x MZP); art. 34(5)",
    "BAN_FOREIGN": "Constitutional Law \"On Elections\", art. 34(3); Law \"On Political Parties\", art. 18(2)",
    "BAN_STATE": "Constitutional Law \"On Elections\", art. 34(3); Law \"On Political Parties\", art. 18(2)",
    "BAN_CHARITY": "Constitutional Law \"On Elections\", art. 34(3); Law \"On Political Parties\", art. 18(2)",
    "BAN_RELIGIOUS": "Constitutional Law \"On Elections\", art. 34(3); Law \"On Political Parties\", art. 18(2)",
    "BAN_ANONYMOUS": "Constitutional Law \"On Elections\", art. 34(3), 34(5) (anonymous money to the republican budget)",
    "BAN_CANDIDATE_OWN": "Constitutional Law \"On Elections\", art. 34 (candidates on a party list may not spend their own resources)",
    "ID_INVALID": "Constitutional Law \"On Elections\", art. 34(3) (a donor must be identifiable)",
    "OUTSIDE_WINDOW": "Constitutional Law \"On Elections\", art. 34 (the fund is open from its registration to election day)",
    "OVERSPEND": "Commission's rules on the special account (spending only from money in the fund)",
    "OWN_FUNDS_SOURCE": "Constitutional Law \"On Elections\", art. 34 (own funds are the party's own resources)",
}

RULE_CODES = tuple(ARTICLES_2007)


@dataclass(frozen=True)
class RuleProfile:
    code: str
    title: str
    base_name: str
    base_amount: Money
    own_multiple: int
    voluntary_multiple: int
    total_multiple: int
    legal_reference: str
    status: str
    window_start: dt.date | None = None
    window_end: dt.date | None = None
    warn_at_percent: int = 90
    articles: dict[str, str] = field(default_factory=lambda: dict(ARTICLES_2007))

    @cached_property
    def own_cap(self) -> Money:
        return self.base_amount * self.own_multiple

    @cached_property
    def voluntary_cap(self) -> Money:
        return self.base_amount * self.voluntary_multiple

    @cached_property
    def total_cap(self) -> Money:
        return self.base_amount * self.total_multiple

    def article(self, rule: str) -> str:
        return self.articles.get(rule, "")

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

    # A book keeps its profile as JSON, so the book's figures never drift with the code.
    def to_dict(self) -> dict:
        data = asdict(self)
        data["base_amount"] = self.base_amount.machine()
        data["window_start"] = self.window_start.isoformat() if self.window_start else None
        data["window_end"] = self.window_end.isoformat() if self.window_end else None
        return data

    @classmethod
    def from_dict(cls, data: dict, origin: str = "profile") -> RuleProfile:
        try:
            values = dict(data)
            values["base_amount"] = Money.of(str(values["base_amount"]))
            for key in ("window_start", "window_end"):
                values[key] = _date(values.get(key), origin, key)
            for key in ("own_multiple", "voluntary_multiple", "total_multiple", "warn_at_percent"):
                if key in values:
                    values[key] = int(values[key])
            articles = dict(ARTICLES_2007)
            articles.update(values.get("articles") or {})
            values["articles"] = articles
            known = set(cls.__dataclass_fields__)
            unknown = set(values) - known
            if unknown:
                raise ProfileError(f"{origin}: unknown keys {', '.join(sorted(unknown))}")
            profile = cls(**values)
        except (KeyError, TypeError, ValueError) as exc:
            raise ProfileError(f"{origin}: {exc}; a profile needs code, title, base_name, "
                               "base_amount, own_multiple, voluntary_multiple, total_multiple, "
                               "legal_reference, status") from exc
        return _checked(profile, origin)


def _checked(profile: RuleProfile, origin: str) -> RuleProfile:
    """Refuse a profile that cannot describe a fund: caps at or below zero, a warning level
    outside 1-100 %, a window that ends before it starts."""
    if profile.base_amount.tiyn <= 0:
        raise ProfileError(f"{origin}: base_amount must be positive")
    for key in ("own_multiple", "voluntary_multiple", "total_multiple"):
        if getattr(profile, key) <= 0:
            raise ProfileError(f"{origin}: {key} must be a positive whole number, not {getattr(profile, key)}")
    if not 1 <= profile.warn_at_percent <= 100:
        raise ProfileError(f"{origin}: warn_at_percent must be between 1 and 100, not {profile.warn_at_percent}")
    if profile.window_start and profile.window_end and profile.window_start > profile.window_end:
        raise ProfileError(f"{origin}: the window starts {profile.window_start:%d.%m.%Y}, after it ends "
                           f"{profile.window_end:%d.%m.%Y}")
    return profile


def _date(value, origin: str, key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ProfileError(f"{origin}: {key} {value!r} is not a date (use YYYY-MM-DD)") from exc


def _kz(year: int, mzp: int, status: str, reference: str) -> RuleProfile:
    return RuleProfile(
        code=f"kz-{year}",
        title=f"Mazhilis election, MZP of {year}",
        base_name="MZP (minimum monthly wage)",
        base_amount=Money.tenge(mzp),
        own_multiple=5_000,
        voluntary_multiple=10_000,
        total_multiple=15_000,
        legal_reference=reference,
        status=status,
    )


DERIVED = N_("derived, check against the law in force")   # N_: `status` shows it translated

BUILT_IN: dict[str, RuleProfile] = {
    p.code: p
    for p in (
        _kz(2007, 9_752, N_("in force (2007 text)"),
            "Constitutional Law \"On Elections in the Republic of Kazakhstan\", art. 92-1 (2007 text)"),
        _kz(2012, 17_439, DERIVED, "Constitutional Law \"On Elections\" (caps derived from the MZP of 2012)"),
        _kz(2016, 22_859, DERIVED, "Constitutional Law \"On Elections\" (caps derived from the MZP of 2016)"),
        _kz(2021, 42_500, DERIVED, "Constitutional Law \"On Elections\" (caps derived from the MZP of 2021)"),
        _kz(2023, 70_000, DERIVED, "Constitutional Law \"On Elections\" (caps derived from the MZP of 2023)"),
    )
}
DEFAULT_PROFILE = "kz-2007"


def load_profile(name_or_path: str) -> RuleProfile:
    """A built-in profile by code, or one read from a TOML file."""
    if name_or_path in BUILT_IN:
        return BUILT_IN[name_or_path]
    path = Path(name_or_path)
    if path.suffix.lower() != ".toml" or not path.is_file():
        raise ProfileError(
            f"unknown rule profile {name_or_path!r}: use one of {', '.join(BUILT_IN)} "
            "or the path of a .toml file")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: not a valid TOML file ({exc})") from exc
    data = data.get("profile", data)
    return RuleProfile.from_dict(data, origin=str(path))
