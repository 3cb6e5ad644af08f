"""Who gave the money: donor classification with its evidence.

A row tells us about its donor in several weak ways at once: an IIN/BIN (and its check digit),
a donor-type column, a citizenship column, words in the name, and reference lists an auditor
may hold. Each is evidence; none is final on its own. This module reads them all and returns
one ``DonorClassification``: the donor's kind, the bans that apply (each with the evidence that
triggered it) and every decision it took, so a finding can always say *why*.

Pure: no database, no files. Reference lists come in as sets of 12-digit numbers.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from ledger import ids
from ledger.errors import IdNumberError


class DonorKind(enum.Enum):
    PERSON = "person"
    ORGANISATION = "organisation"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DonorFacts:
    """What one receipt says about its donor, as raw as it came."""

    name: str | None = None
    id_number: object | None = None
    donor_type: str | None = None
    citizenship: str | None = None


@dataclass(frozen=True)
class Ban:
    rule: str
    evidence: str


@dataclass(frozen=True)
class ReferenceLists:
    """Reference lists of IIN/BINs held by the auditor (by list kind) and the party's
    candidates."""

    state: frozenset[str] = frozenset()
    foreign_participation: frozenset[str] = frozenset()
    foreign_grantees: frozenset[str] = frozenset()
    candidates: frozenset[str] = frozenset()
    candidate_names: frozenset[str] = frozenset()

    @classmethod
    def from_mapping(cls, lists: dict[str, set[str]], candidate_names=()) -> ReferenceLists:
        return cls(
            state=frozenset(lists.get("state", ())),
            foreign_participation=frozenset(lists.get("foreign-participation", ())),
            foreign_grantees=frozenset(lists.get("foreign-grantees", ())),
            candidates=frozenset(lists.get("candidates", ())),
            candidate_names=frozenset(normalise_name(n) for n in candidate_names if n),
        )


NO_LISTS = ReferenceLists()


@dataclass(frozen=True)
class DonorClassification:
    name: str
    id_number: ids.IdNumber | None
    kind: DonorKind
    bans: tuple[Ban, ...]
    evidence: tuple[str, ...]
    id_problem: str | None = None

    @property
    def anonymous(self) -> bool:
        return any(b.rule == "BAN_ANONYMOUS" for b in self.bans)

    @property
    def banned(self) -> bool:
        return bool(self.bans)

    @property
    def key(self) -> str:
        """How the same donor is recognised across rows and books."""
        if self.id_number is not None and self.id_number.valid:
            return f"ID:{self.id_number.digits}"
        if self.anonymous:
            return "ANONYMOUS"
        if self.id_number is not None:
            return f"BADID:{self.id_number.digits}:{normalise_name(self.name)}"
        return f"NAME:{normalise_name(self.name)}"


# --- words ------------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^0-9a-zа-яәіңғүұқөһ]+")


def normalise_name(text: str | None) -> str:
    """Lower case, ё as е, punctuation and quotes as single spaces."""
    if not text:
        return ""
    return " ".join(_NON_WORD.sub(" ", str(text).lower().replace("ё", "е")).split())


@dataclass(frozen=True)
class Marker:
    """A word or phrase to look for. Short abbreviations must match a whole word; longer
    stems match the start of a word ("благотворительн" finds "благотворительный")."""

    words: tuple[str, ...]
    label: str

    def found_in(self, tokens: list[str]) -> bool:
        n = len(self.words)
        for i in range(len(tokens) - n + 1):
            if all(_word_matches(tokens[i + k], w) for k, w in enumerate(self.words)):
                return True
        return False


def _word_matches(token: str, word: str) -> bool:
    return token == word if len(word) <= 4 else token.startswith(word)


def _markers(*specs: str) -> tuple[Marker, ...]:
    return tuple(Marker(tuple(normalise_name(s).split()), s) for s in specs)


STATE_NAME_MARKERS = _markers(
    "РГП", "ГКП", "КГП", "ГККП", "ГУ", "РГУ", "КГУ", "РМК", "КМК", "МКК",
    "государственное учреждение", "государственное предприятие", "государственный",
    "мемлекеттік", "акимат", "аппарат акима", "әкімдігі", "әкімшілігі", "әкімі аппараты",
    "министерство", "министрлігі", "ministry", "akimat", "state institution", "state enterprise",
)
_COMMITTEE = Marker(("комитет",), "комитет ... министерства")
_OF_MINISTRY = Marker(("министерства",), "министерства")
CHARITY_NAME_MARKERS = _markers("благотворительный", "благотворительн", "қайырымдылық", "charity", "charitable")
RELIGIOUS_NAME_MARKERS = _markers(
    "религиозное объединение", "религиозн", "мечеть", "мешіт", "церковь", "церкви", "храм",
    "епархия", "приход", "монастырь", "діни", "духовное управление мусульман", "ДУМК",
    "religious", "church", "mosque", "diocese", "monastery",
)
INTERNATIONAL_NAME_MARKERS = _markers(
    "международная организация", "международный фонд", "международн", "халықаралық",
    "international organization", "international organisation", "ООН", "ОБСЕ", "OSCE", "USAID",
)
FOREIGN_FORM_MARKERS = _markers("GmbH", "Inc", "Corp", "Plc", "S A", "B V", "AG", "Limited")
ANONYMOUS_NAME_MARKERS = _markers(
    "аноним", "анонимно", "неизвестный", "неизвестно", "не указан", "белгісіз", "anonymous", "unknown",
)

# Donor-type column: what kind of donor, and whether the type itself is banned.
TYPE_PERSON = _markers(
    "физ", "физическое лицо", "физлицо", "ФЛ", "жеке тұлға", "жеке", "individual", "person",
    "natural person", "citizen", "гражданин", "азамат", "ИП", "индивидуальный предприниматель",
    "ЖК", "жеке кәсіпкер", "entrepreneur", "sole proprietor",
)
TYPE_ORGANISATION = _markers(
    "юр", "юридическое лицо", "юрлицо", "ЮЛ", "заңды тұлға", "заңды", "legal entity", "legal",
    "organisation", "organization", "company", "ТОО", "ЖШС", "АО", "АҚ", "ОАО", "ЗАО", "ПК", "LLP",
    "JSC", "LLC", "ОО", "ОФ", "общественное объединение", "общественный фонд",
)
TYPE_STATE = _markers(
    "гос", "госорган", "государственный", "государственн", "мемлекеттік", "state body", "state",
    "government", "ГУ", "РГУ", "КГУ", "РГП", "ГКП", "КГП", "акимат", "министерство",
)
TYPE_FOREIGN = _markers(
    "иностранный", "иностран", "иностранец", "шетел", "шетелдік", "foreign", "foreigner",
    "нерезидент", "non resident", "nonresident",
)
TYPE_STATELESS = _markers("без гражданства", "лбг", "азаматтығы жоқ", "stateless")
TYPE_INTERNATIONAL = _markers("международн", "халықаралық", "international")
TYPE_CHARITY = _markers("благотворит", "қайырымдылық", "charit")
TYPE_RELIGIOUS = _markers("религиоз", "діни", "religious", "church")
TYPE_CANDIDATE = _markers("кандидат", "үміткер", "candidate")
TYPE_FOREIGN_PARTICIPATION = _markers("иностранным участием", "шетелдік қатысуы", "foreign participation")
TYPE_FOREIGN_GRANTEE = _markers("иностранный грант", "грантополучатель", "foreign grant", "grantee")

KAZAKHSTAN = _markers(
    "РК", "ҚР", "KZ", "KAZ", "казахстан", "қазақстан", "kazakhstan", "республика казахстан",
    "гражданин рк", "резидент", "resident", "kazakh", "казахстанский",
)


def _first(markers: tuple[Marker, ...], tokens: list[str]) -> Marker | None:
    for marker in markers:
        if marker.found_in(tokens):
            return marker
    return None


# --- classification -----------------------------------------------------------------------

def classify(facts: DonorFacts, lists: ReferenceLists = NO_LISTS) -> DonorClassification:
    """Every ban that applies to this donor, with the evidence for each, in a fixed order."""
    name = (facts.name or "").strip()
    evidence: list[str] = []
    bans: dict[str, str] = {}

    def ban(rule: str, why: str) -> None:
        bans.setdefault(rule, why)
        evidence.append(why)

    # IIN/BIN
    id_number: ids.IdNumber | None = None
    id_problem = None
    try:
        id_number = ids.parse(facts.id_number)
    except IdNumberError as exc:
        id_problem = str(exc)
    kind = DonorKind.UNKNOWN
    if id_number is not None:
        if id_number.valid:
            kind = DonorKind.PERSON if id_number.is_person else DonorKind.ORGANISATION
            evidence.append(f"{id_number.label} {id_number.digits} is valid ({id_number.kind.value})")
            if id_number.kind is ids.IdKind.NONRESIDENT_ORG:
                ban("BAN_FOREIGN", f"BIN {id_number.digits}: digit 5 is 5, a non-resident legal entity")
        else:
            id_problem = f"IIN/BIN {id_number.digits} fails its check digit"
    if id_problem:
        ban("ID_INVALID", id_problem)

    # Reference lists are the auditor's strongest evidence.
    digits = id_number.digits if id_number is not None and id_number.valid else None
    if digits:
        if digits in lists.state:
            ban("BAN_STATE", f"{digits} is on the reference list of state organisations")
        if digits in lists.foreign_participation:
            ban("BAN_FOREIGN", f"{digits} is on the reference list of legal entities with foreign participation")
        if digits in lists.foreign_grantees:
            ban("BAN_FOREIGN", f"{digits} is on the reference list of recipients of foreign grants")
        if digits in lists.candidates:
            ban("BAN_CANDIDATE_OWN", f"{digits} is a candidate on the party's list")
    if name and lists.candidate_names and normalise_name(name) in lists.candidate_names and not digits:
        ban("BAN_CANDIDATE_OWN", f"name {name!r} matches a candidate on the party's list")

    # Donor-type column.
    type_tokens = normalise_name(facts.donor_type).split()
    if type_tokens:
        shown = f"donor type {facts.donor_type.strip()!r}"
        for markers, rule, what in (
            (TYPE_STATELESS, "BAN_FOREIGN", "a stateless person"),
            (TYPE_FOREIGN_PARTICIPATION, "BAN_FOREIGN", "a legal entity with foreign participation"),
            (TYPE_FOREIGN_GRANTEE, "BAN_FOREIGN", "a recipient of foreign grants"),
            (TYPE_INTERNATIONAL, "BAN_FOREIGN", "an international organisation"),
            (TYPE_FOREIGN, "BAN_FOREIGN", "foreign"),
            (TYPE_STATE, "BAN_STATE", "a state body or organisation"),
            (TYPE_CHARITY, "BAN_CHARITY", "a charitable organisation"),
            (TYPE_RELIGIOUS, "BAN_RELIGIOUS", "a religious association"),
            (TYPE_CANDIDATE, "BAN_CANDIDATE_OWN", "a candidate of the party"),
        ):
            marker = _first(markers, type_tokens)
            if marker:
                ban(rule, f"{shown} says {what} (matched {marker.label!r})")
        if kind is DonorKind.UNKNOWN:
            if _first(TYPE_PERSON, type_tokens):
                kind = DonorKind.PERSON
                evidence.append(f"{shown}: an individual")
            elif _first(TYPE_ORGANISATION, type_tokens) or _first(TYPE_STATE, type_tokens):
                kind = DonorKind.ORGANISATION
                evidence.append(f"{shown}: an organisation")

    # Citizenship or residency column.
    citizenship = (facts.citizenship or "").strip()
    cit_tokens = normalise_name(citizenship).split()
    if cit_tokens:
        if _first(TYPE_STATELESS, cit_tokens):
            ban("BAN_FOREIGN", f"citizenship {citizenship!r}: a stateless person")
        elif _first(TYPE_FOREIGN, cit_tokens) or not _first(KAZAKHSTAN, cit_tokens):
            ban("BAN_FOREIGN", f"citizenship/residency {citizenship!r} is not the Republic of Kazakhstan")
        else:
            evidence.append(f"citizenship {citizenship!r}: Kazakhstan")

    # Words in the name: a reason to flag, not proof; the finding says which marker matched.
    tokens = normalise_name(name).split()
    if tokens:
        marker = _first(STATE_NAME_MARKERS, tokens)
        if marker is None and _COMMITTEE.found_in(tokens) and _OF_MINISTRY.found_in(tokens):
            marker = _COMMITTEE
        if marker:
            ban("BAN_STATE", f"name marker {marker.label!r} suggests a state organisation")
        marker = _first(CHARITY_NAME_MARKERS, tokens)
        if marker:
            ban("BAN_CHARITY", f"name marker {marker.label!r} suggests a charitable organisation")
        marker = _first(RELIGIOUS_NAME_MARKERS, tokens)
        if marker:
            ban("BAN_RELIGIOUS", f"name marker {marker.label!r} suggests a religious association")
        marker = _first(INTERNATIONAL_NAME_MARKERS, tokens)
        if marker:
            ban("BAN_FOREIGN", f"name marker {marker.label!r} suggests an international organisation")
        marker = _first(FOREIGN_FORM_MARKERS, tokens)
        if marker:
            ban("BAN_FOREIGN", f"name marker {marker.label!r} is a foreign legal form")
        if kind is DonorKind.UNKNOWN and _first(TYPE_ORGANISATION, tokens):
            kind = DonorKind.ORGANISATION
            evidence.append("name has the legal form of an organisation")

    # Anonymous: nobody identifiable, neither by name nor by a valid number.
    named = bool(tokens) and _first(ANONYMOUS_NAME_MARKERS, tokens) is None
    if not named and digits is None:
        ban("BAN_ANONYMOUS", "no name and no valid IIN/BIN: the donor cannot be identified"
            if not tokens else f"name {name!r} does not identify anyone and there is no valid IIN/BIN")

    if kind is DonorKind.UNKNOWN and named:
        kind = DonorKind.PERSON
        evidence.append("no IIN/BIN or type: taken as an individual")

    return DonorClassification(
        name=name,
        id_number=id_number,
        kind=kind,
        bans=tuple(Ban(rule, why) for rule, why in bans.items()),
        evidence=tuple(evidence),
        id_problem=id_problem,
    )
