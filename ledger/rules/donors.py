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
import functools
import re
from dataclasses import dataclass, field

from ledger.core import ids
from ledger.core.codes import EvidenceCode as E
from ledger.core.codes import RuleCode
from ledger.core.errors import IdNumberError
from ledger.core.notices import Notice
from ledger.rules import wording
from ledger.rules.words import NOTHING_SAID, Markers, markers, normalise, phrases_of


class DonorKind(enum.Enum):
    PERSON = "person"
    ORGANISATION = "organisation"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class DonorFacts:
    """What one receipt says about its donor, as raw as it came."""

    name: str | None = None
    id_number: object | None = None
    donor_type: str | None = None
    citizenship: str | None = None
    notes: str | None = None        # a notes or remarks column: "доля иностранного участия 30%"
    payer_code: str | None = None   # the bank's КОд/КБе of the payer: residency digit, sector digit


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
    unnumbered_candidate_names: frozenset[str] = frozenset()   # listed without an IIN

    @classmethod
    def from_mapping(cls, lists: dict[str, set[str]], candidate_names=(), unnumbered=()) -> ReferenceLists:
        return cls(
            state=frozenset(lists.get("state", ())),
            foreign_participation=frozenset(lists.get("foreign-participation", ())),
            foreign_grantees=frozenset(lists.get("foreign-grantees", ())),
            candidates=frozenset(lists.get("candidates", ())),
            candidate_names=frozenset(normalise(n) for n in candidate_names if n),
            unnumbered_candidate_names=frozenset(normalise(n) for n in unnumbered if n),
        )


NO_LISTS = ReferenceLists()


@dataclass(frozen=True, slots=True)
class DonorClassification:
    name: str
    id_number: ids.IdNumber | None
    kind: DonorKind
    bans: tuple[Ban, ...]
    evidence: tuple[str, ...]
    id_problem: str | None = None
    # Markers that were found but outranked (a private legal form, a donor type saying
    # "individual"): not a ban, but worth a look, so the receipt carries them as warnings.
    cautions: tuple[str, ...] = ()
    # How the same donor is recognised across rows and books; worked out once, since an
    # import asks for it several times per row.
    key: str = field(init=False, repr=False, compare=False)
    # How a receipt's business key names the payer: the IIN/BIN's digits, valid or not, else
    # the name as compared; also worked out once.
    payer: str = field(init=False, repr=False, compare=False)

    @property
    def anonymous(self) -> bool:
        return any(b.rule == RuleCode.BAN_ANONYMOUS for b in self.bans)

    @property
    def banned(self) -> bool:
        return bool(self.bans)

    def __post_init__(self) -> None:
        if self.id_number is not None and self.id_number.valid:
            key = f"ID:{self.id_number.digits}"
        elif self.anonymous:
            key = "ANONYMOUS"
        elif self.id_number is not None:
            key = f"BADID:{self.id_number.digits}:{normalise(self.name)}"
        else:
            key = f"NAME:{normalise(self.name)}"
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "payer", self.id_number.digits if self.id_number else
                           normalise(self.name) or "anonymous")


# --- words ------------------------------------------------------------------------------

# The marker lists are data (``markers/{ru,kk,en}.toml``, see ``ledger.rules.words``); the
# order of preference within each, which names the evidence, is their places there.
STATE_NAME_MARKERS = markers("state_name")
# Abbreviations and forms that a name with a Kazakh private legal form only seems to carry:
# "ТОО «ГУ-Строй»" is no state institution, "ТОО «AG Logistics»" no foreign company,
# "ТОО «Международный аэропорт»" no international organisation.
LOCAL_LEGAL_FORMS = markers("local_legal_forms")
# Every legal form a company's name may carry, Kazakh or foreign, written as one word: the
# importer reads "TOTAL Kazakhstan Services LLP" as a payer, not a totals row. (A form written
# as letters apart, "Б. В.", would take "Итого по Иванову Б. В." for a company.)
LEGAL_FORMS = Markers(*(phrase for phrase in phrases_of("local_legal_forms") + phrases_of("foreign_form")
                        if len(normalise(phrase).split()) == 1))
_COMMITTEE = markers("committee")
_OF_MINISTRY = markers("of_ministry")
CHARITY_NAME_MARKERS = markers("charity_name")
RELIGIOUS_NAME_MARKERS = markers("religious_name")
RELIGIOUS_WHOLE_WORDS = markers("religious_whole_words", whole_word_up_to=20)
INTERNATIONAL_NAME_MARKERS = markers("international_name")
FOREIGN_FORM_MARKERS = markers("foreign_form")
FOREIGN_COMPANY_MARKERS = markers("foreign_company")   # a Kazakh legal form beside it clears these
# A foreign citizen named as such in the payer's cell ("Ресей азаматы Петров П."); every
# phrase has one of _CITIZEN_WORDS, a cheap test that spares most names the search.
_CITIZEN_WORDS = phrases_of("citizen_words")
FOREIGN_CITIZEN_MARKERS = markers("foreign_citizen")
ANONYMOUS_NAME_MARKERS = markers("anonymous_name")
# Words that name how money came, not who gave it: a name made of these alone ("Взнос
# наличными", "ПКО №15 (касса)", "Kaspi терминал", "Сторонник партии") names nobody.
NO_IDENTITY_WORDS = frozenset(phrases_of("no_identity_words"))
# Whole names that name nobody: a type or a placeholder where the donor's name should be.
PLACEHOLDER_NAMES = NOTHING_SAID | frozenset(phrases_of("placeholder_names"))

# Donor-type column: what kind of donor, and whether the type itself is banned.
TYPE_PERSON = markers("type_person")
TYPE_ORGANISATION = markers("type_organisation")   # "Филиал партии ...": the party's branch
# "state" is no stem of "stateless", "government" none of "governmental"
TYPE_STATE = markers("type_state", whole_word_up_to=10)
# What a type or a citizenship says it is not: "Non-governmental", "without foreign participation".
NOT_STATE = markers("not_state")
NOT_FOREIGN = markers("not_foreign")
TYPE_FOREIGN = markers("type_foreign")
TYPE_STATELESS = markers("type_stateless")
TYPE_INTERNATIONAL = markers("type_international")
TYPE_CHARITY = markers("type_charity")
TYPE_RELIGIOUS = markers("type_religious")
TYPE_CANDIDATE = markers("type_candidate")
TYPE_FOREIGN_PARTICIPATION = markers("type_foreign_participation")
TYPE_FOREIGN_GRANTEE = markers("type_foreign_grantee")

# A foreign country or a residence permit in the citizenship column names a foreign citizen,
# even beside "резидент РК" ("гр. РФ, резидент РК", "Россия (вид на жительство РК)"); "н р",
# "nr": a non-resident, as bank statements abbreviate it.
FOREIGN_CITIZENSHIP = markers("foreign_citizenship")
KAZAKHSTAN = markers("kazakhstan")

# A country written after "гражданин"/"гражданка" or before "азаматы", in the name or the notes
# ("Ким Ен Су (гражданка Кореи)", "Ли Мин, Корея азаматы"): the stems take the genitive too.
FOREIGN_COUNTRY_STEMS = markers("foreign_country_stems", whole_word_up_to=3)
_CITIZEN_BEFORE = re.compile(r"(?:^|\s)(?:граждан(?:ин|ка|ки|ина|ство)|подданн\w*|citizen of|citizen|national of)"
                             r"\s+((?:\S+\s*){1,3})")
_CITIZEN_AFTER = re.compile(r"((?:\S+\s+)?\S+)\s+(?:азаматы|азаматшасы|citizen|national)(?:\s|$)")
# A foreign share of the capital written in notes: "доля иностранного участия 30%", "шетелдік үлес 0 %".
_FOREIGN_SHARE = re.compile(r"(?:иностран|шетел|foreign)\w*(?:\s+\S+){0,3}?\s*[:=\-–]?\s*(\d+(?:[.,]\d+)?)\s*"
                            r"(?:%|процент|пайыз|percent)")
NOTES_BANS = (
    (TYPE_STATELESS, RuleCode.BAN_FOREIGN, "a stateless person"),
    (TYPE_FOREIGN_PARTICIPATION, RuleCode.BAN_FOREIGN, "a legal entity with foreign participation"),
    (markers("foreign_grantee_notes"), RuleCode.BAN_FOREIGN, "a recipient of foreign grants"),
)


# Which words ban a donor, in the order their findings are listed.
TYPE_BANS = (
    (TYPE_STATELESS, RuleCode.BAN_FOREIGN, "a stateless person"),
    (TYPE_FOREIGN_PARTICIPATION, RuleCode.BAN_FOREIGN, "a legal entity with foreign participation"),
    (TYPE_FOREIGN_GRANTEE, RuleCode.BAN_FOREIGN, "a recipient of foreign grants"),
    (TYPE_INTERNATIONAL, RuleCode.BAN_FOREIGN, "an international organisation"),
    (TYPE_FOREIGN, RuleCode.BAN_FOREIGN, "foreign"),
    (TYPE_STATE, RuleCode.BAN_STATE, "a state body or organisation"),
    (TYPE_CHARITY, RuleCode.BAN_CHARITY, "a charitable organisation"),
    (TYPE_RELIGIOUS, RuleCode.BAN_RELIGIOUS, "a religious association"),
    (TYPE_CANDIDATE, RuleCode.BAN_CANDIDATE_OWN, "a candidate of the party"),
)
NAME_BANS = (
    (CHARITY_NAME_MARKERS, RuleCode.BAN_CHARITY, "suggests a charitable organisation"),
    (RELIGIOUS_NAME_MARKERS, RuleCode.BAN_RELIGIOUS, "suggests a religious association"),
    (INTERNATIONAL_NAME_MARKERS, RuleCode.BAN_FOREIGN, "suggests an international organisation"),
    (FOREIGN_FORM_MARKERS, RuleCode.BAN_FOREIGN, "is a foreign legal form"),
    (FOREIGN_COMPANY_MARKERS, RuleCode.BAN_FOREIGN, "suggests a foreign company"),
    (TYPE_FOREIGN_PARTICIPATION, RuleCode.BAN_FOREIGN, "suggests a legal entity with foreign participation"),
    (RELIGIOUS_WHOLE_WORDS, RuleCode.BAN_RELIGIOUS, "suggests a religious association"),
)


def _found(text: str, table):
    """(rule, what it means, the marker that matched) for every entry of ``table`` in text."""
    for found, rule, what in table:
        label = found.find(text)
        if label:
            yield rule, what, label


# Own funds come from the party: its head office or a branch ("Алматинский филиал партии
# «Жасыл Дала»"). Words every party name has say nothing about which party it is.
_PARTY_WORDS = markers("party_words")
_GENERIC_PARTY_WORDS = phrases_of("generic_party_words")


@functools.lru_cache(maxsize=8192)
def _party_words(name: str, party: str) -> tuple[bool, bool]:
    """(the name says "party", it shares a word with the party's name that not every party
    name has); the second is True when the party's name has no such word."""
    text = normalise(name)
    distinctive = {w for w in normalise(party).split() if len(w) >= 3 and not w.startswith(_GENERIC_PARTY_WORDS)}
    return text in _PARTY_WORDS, not distinctive or not distinctive.isdisjoint(text.split())


def names_the_party(name: str, party: str) -> bool:
    """Whether a payer's name can be the party's own: it says "party", or it shares a word
    with the party's name that is not one every party name has. A hint, not proof: "ТОО
    «Жасыл Дала Агро»" passes for «Жасыл Дала»."""
    return not normalise(name) or any(_party_words(name, party))


def is_the_party(name: str, party: str) -> bool:
    """Whether a payer is surely the party or its branch: its name says "party" and shares
    the party's own words ("Филиал партии «Жасыл Дала»")."""
    return bool(normalise(name)) and all(_party_words(name, party))


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
        id_problem = wording.evidence(E.ID_UNREADABLE, problem=str(exc))
    kind = DonorKind.UNKNOWN
    if id_number is not None:
        if id_number.valid:
            kind = DonorKind.PERSON if id_number.is_person else DonorKind.ORGANISATION
            evidence.append(f"{id_number.label} {id_number.digits} is valid ({id_number.kind.value})")
            if not id_number.is_person:
                evidence.append(bin_digits(id_number.digits))
            if id_number.kind is ids.IdKind.NONRESIDENT_ORG:
                ban(RuleCode.BAN_FOREIGN, wording.evidence(E.BIN_NON_RESIDENT, digits=id_number.digits))
        else:
            id_problem = wording.evidence(E.ID_CHECK_FAILED, digits=id_number.digits, why=ids.why_invalid(id_number.digits))
    if id_problem:
        ban(RuleCode.ID_INVALID, id_problem)

    # Reference lists are the auditor's strongest evidence.
    digits = id_number.digits if id_number is not None and id_number.valid else None
    if digits:
        if digits in lists.state:
            ban(RuleCode.BAN_STATE, wording.evidence(E.LISTED_STATE, digits=digits))
        if digits in lists.foreign_participation:
            ban(RuleCode.BAN_FOREIGN, wording.evidence(E.LISTED_FOREIGN_PARTICIPATION, digits=digits))
        if digits in lists.foreign_grantees:
            ban(RuleCode.BAN_FOREIGN, wording.evidence(E.LISTED_FOREIGN_GRANTEE, digits=digits))
        if digits in lists.candidates:
            ban(RuleCode.BAN_CANDIDATE_OWN, wording.evidence(E.LISTED_CANDIDATE, digits=digits))
    if name and lists.candidate_names and normalise(name) in lists.candidate_names:
        # With an IIN the list's own IIN decides; a candidate listed without one can only be
        # recognised by name.
        if not digits:
            ban(RuleCode.BAN_CANDIDATE_OWN, wording.evidence(E.CANDIDATE_NAME, name=name))
        elif normalise(name) in lists.unnumbered_candidate_names:
            ban(RuleCode.BAN_CANDIDATE_OWN, wording.evidence(E.CANDIDATE_NAME_UNNUMBERED, name=name))

    # Donor-type column.
    type_bans, type_kind, type_evidence = _read_type((facts.donor_type or "").strip())
    for rule, why in type_bans:
        ban(rule, why)
    if kind is DonorKind.UNKNOWN and type_kind is not None:
        kind = type_kind
        evidence.append(type_evidence)

    # Citizenship or residency column.
    citizenship_ban, citizenship_evidence = _read_citizenship((facts.citizenship or "").strip())
    if citizenship_ban:
        ban(RuleCode.BAN_FOREIGN, citizenship_ban)
    elif citizenship_evidence:
        evidence.append(citizenship_evidence)

    # A notes or remarks column, and the bank's code of the payer.
    for rule, why in _read_notes((facts.notes or "").strip()):
        if rule:
            ban(rule, why)
        else:
            evidence.append(why)
    code_bans, code_kind, code_evidence = _read_payer_code((facts.payer_code or "").strip())
    for rule, why in code_bans:
        ban(rule, why)
    evidence += code_evidence
    if kind is DonorKind.UNKNOWN and code_kind is not None:
        kind = code_kind

    # Words in the name: a reason to flag, not proof; the finding says which marker matched.
    # A valid IIN says the donor is a person, whom no organisation's name words describe
    # ("Приходько" is no parish); so does a donor-type column saying "individual" ("Ли Гу Мин",
    # физ. лицо, is no state institution). A Kazakh private legal form outranks the words inside
    # the name: "ТОО «Государственный стандарт-Сервис»" is a company; only a state form (ГУ,
    # РГП, ...) or the auditor's reference list makes an organisation state. What was outranked
    # is kept as a caution.
    text = normalise(name)
    valid_id = id_number is not None and id_number.valid
    person = valid_id and id_number.is_person
    declared_person = not valid_id and type_kind is DonorKind.PERSON
    cautions: list[str] = []

    def caution(why: Notice) -> None:
        cautions.append(why)
        evidence.append(why)

    words = _name_words(text)
    if text and not person:
        marks = _name_marks(text)
        label, found = marks.state_label, list(marks.found)
        marked = len(bans)
        if declared_person and (label or found):
            for marker in ([label] if label else []) + [m for _, _, m in found]:
                caution(wording.evidence(E.MARKER_OUTRANKED_BY_TYPE, label=marker, text=facts.donor_type.strip()))
            label, found = None, []
        # Only a name some marker matched is searched for a legal form (most names match none).
        form = marks.local_form if (label or found) else None
        local = form is not None
        if label and local:
            caution(wording.evidence(E.MARKER_OUTRANKED_BY_FORM, label=label, mark=form))
        elif label:
            ban(RuleCode.BAN_STATE, wording.evidence(E.NAME_MARKER, label=label, what="suggests a state organisation"))
        for rule, what, label in found:
            # Foreign participation is what a Kazakh legal form can have: no local form clears it.
            if not (local and rule == RuleCode.BAN_FOREIGN and label not in TYPE_FOREIGN_PARTICIPATION.labels):
                ban(rule, wording.evidence(E.NAME_MARKER, label=label, what=what))
        if kind is DonorKind.UNKNOWN and (marks.organisation_form or len(bans) > marked):
            kind = DonorKind.ORGANISATION
            evidence.append("name has the legal form of an organisation" if marks.organisation_form
                            else "name words of an organisation")

    # A person the payer's cell itself calls a foreign citizen ("Ресей азаматы Петров П.").
    if words.citizen_label:
        ban(RuleCode.BAN_FOREIGN, wording.evidence(E.NAME_MARKER, label=words.citizen_label,
                                                   what="names a foreign citizen"))
    elif words.citizen_said:
        if words.citizen_foreign:
            ban(RuleCode.BAN_FOREIGN, wording.evidence(E.CITIZENSHIP_IN_NAME, said=words.citizen_said,
                                                       who=A_FOREIGN_CITIZEN))
        else:
            evidence.append(wording.evidence(E.CITIZENSHIP_IN_NAME, said=words.citizen_said,
                                             who=A_CITIZEN_OF_KAZAKHSTAN))

    # Anonymous: nobody identifiable, neither by name nor by a valid number.
    named = words.named
    if not named and digits is None:
        ban(RuleCode.BAN_ANONYMOUS, wording.evidence(E.NO_NAME_NO_ID) if not text
            else wording.evidence(E.NAME_IDENTIFIES_NOBODY, name=name))

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
        cautions=tuple(cautions),
    )


@dataclass(frozen=True, slots=True)
class _NameMarks:
    """What an organisation's markers find in one normalised name. The name's words alone
    decide it, so a book's many rows of one name search it once (``_name_marks``); a person
    with a valid IIN is never searched for them."""

    state_label: str | None
    found: tuple[tuple[str, str, str], ...]
    local_form: str | None           # a Kazakh private legal form, looked for only when a marker matched
    organisation_form: bool          # the name has an organisation's legal form


@functools.lru_cache(maxsize=8192)
def _name_marks(text: str) -> _NameMarks:
    label = None if text in NOT_STATE else STATE_NAME_MARKERS.find(text)
    if label is None and text in _COMMITTEE and text in _OF_MINISTRY:
        label = "комитет ... министерства"
    found = tuple(_found(text, NAME_BANS))
    return _NameMarks(label, found, LOCAL_LEGAL_FORMS.find(text) if (label or found) else None,
                      text in TYPE_ORGANISATION)


@dataclass(frozen=True, slots=True)
class _NameWords:
    """What every donor's name says of itself, searched once per name (``_name_words``): a
    foreign citizen named in it, a citizenship written in words, whether it identifies anyone."""

    citizen_label: str | None        # a marker naming a foreign citizen
    citizen_said: str | None         # a citizenship written in words, and whether it is foreign
    citizen_foreign: bool
    named: bool                      # the name identifies someone


@functools.lru_cache(maxsize=8192)
def _name_words(text: str) -> _NameWords:
    cited = any(w in text for w in _CITIZEN_WORDS)
    citizen_label = FOREIGN_CITIZEN_MARKERS.find(text) if cited else None
    said, foreign = citizenship_written(text) if cited and not citizen_label else (None, False)
    named = (sum(map(str.isalpha, text)) >= 2 and text not in ANONYMOUS_NAME_MARKERS
             and text not in PLACEHOLDER_NAMES
             and not all(w in NO_IDENTITY_WORDS or w.isdigit() for w in text.split()))
    return _NameWords(citizen_label, said, foreign, named)


# A book has a handful of distinct donor types and citizenships over thousands of rows: what
# each one says is worked out once.

@functools.lru_cache(maxsize=1024)
def _read_type(shown_text: str) -> tuple[tuple[tuple[str, str], ...], DonorKind | None, str | None]:
    """The bans a donor-type cell states, and the kind it names (with the evidence)."""
    type_text = normalise(shown_text)
    if not type_text:
        return (), None, None
    shown = f"donor type {shown_text!r}"
    denied = {RuleCode.BAN_STATE} if type_text in NOT_STATE else set()
    if type_text in NOT_FOREIGN:
        denied.add(RuleCode.BAN_FOREIGN)
    bans = tuple((rule, wording.evidence(E.DONOR_TYPE, text=shown_text, what=what, label=label))
                 for rule, what, label in _found(type_text, TYPE_BANS) if rule not in denied)
    if type_text in TYPE_PERSON:
        return bans, DonorKind.PERSON, f"{shown}: an individual"
    if type_text in TYPE_ORGANISATION or type_text in TYPE_STATE:
        return bans, DonorKind.ORGANISATION, f"{shown}: an organisation"
    return bans, None, None


@functools.lru_cache(maxsize=1024)
def _read_citizenship(citizenship: str) -> tuple[str | None, str | None]:
    """(why the citizenship bans the donor, or None; the evidence when it is Kazakhstan)."""
    citizenship_text = normalise(citizenship)
    if not citizenship_text:
        return None, None
    if citizenship_text in NOTHING_SAID:   # not known: nothing said
        return None, None
    if citizenship_text in TYPE_STATELESS:
        return wording.evidence(E.STATELESS, text=citizenship), None
    if citizenship_text in NOT_FOREIGN:
        return None, f"citizenship {citizenship!r}: not foreign"
    if len(citizenship_text) == 2 and citizenship_text.isdigit() and citizenship_text[0] in "12":
        # a bank's residency code (КБе/КОд): its first digit is 1 for a resident, 2 for a non-resident
        if citizenship_text[0] == "1":
            return None, f"residency code {citizenship!r}: a resident"
        return wording.evidence(E.NON_RESIDENT_CODE, text=citizenship), None
    foreign = TYPE_FOREIGN.find(citizenship_text) or FOREIGN_CITIZENSHIP.find(citizenship_text)
    if foreign or citizenship_text not in KAZAKHSTAN:
        if foreign:
            return wording.evidence(E.CITIZENSHIP_FOREIGN_MATCHED, text=citizenship, label=foreign), None
        return wording.evidence(E.CITIZENSHIP_FOREIGN, text=citizenship), None
    return None, f"citizenship {citizenship!r}: Kazakhstan"


# What a citizenship written in words makes the donor (phrases of rules/wording.py).
A_FOREIGN_CITIZEN, A_CITIZEN_OF_KAZAKHSTAN = "a foreign citizen", "a citizen of Kazakhstan"


def citizenship_written(text: str) -> tuple[str | None, bool]:
    """The citizenship a normalised text writes in words ("гражданка кореи", "ресей азаматы"),
    and whether it is foreign; (None, False) when it writes none. A country that is neither a
    known foreign one nor Kazakhstan ("гражданин Иванов") is no citizenship."""
    for pattern, before in ((_CITIZEN_BEFORE, True), (_CITIZEN_AFTER, False)):
        for match in pattern.finditer(text):
            country = match.group(1).strip()
            said = match.group(0).strip()
            if FOREIGN_COUNTRY_STEMS.find(country if before else country.split()[-1]):
                return said, True
            word = country.split()[0 if before else -1]
            if word in KAZAKHSTAN or word.startswith(("республик", "казах", "қазақ", "kazakh", "qazaq")):
                return said, False
    return None, False


@functools.lru_cache(maxsize=1024)
def _read_notes(notes: str) -> tuple[tuple[str | None, str], ...]:
    """What a notes or remarks column says of the donor: (rule, why) for each ban it states,
    (None, why) for evidence that clears one. A foreign share of the capital is read with its
    figure: 0% is no foreign participation."""
    text = normalise(notes)
    if not text or text in NOTHING_SAID:
        return ()
    share = _FOREIGN_SHARE.search(" ".join(notes.lower().split()))
    if share is not None:
        figure = share.group(1).replace(",", ".")
        if float(figure) == 0:
            return ((None, wording.evidence(E.NOTES_FOREIGN_SHARE, notes=notes, share=figure,
                                            what="no foreign participation")),)
        return ((RuleCode.BAN_FOREIGN, wording.evidence(E.NOTES_FOREIGN_SHARE, notes=notes, share=figure,
                                                        what="a legal entity with foreign participation")),)
    if text in NOT_FOREIGN:
        return ((None, wording.evidence(E.NOTES_MARKER, notes=notes, what="not foreign",
                                        label=NOT_FOREIGN.find(text))),)
    found: list[tuple[str | None, str]] = []
    label = FOREIGN_CITIZEN_MARKERS.find(text)
    said, foreign = (label, True) if label else citizenship_written(text)
    if said:
        found.append((RuleCode.BAN_FOREIGN if foreign else None, wording.evidence(
            E.CITIZENSHIP_IN_NOTES, notes=notes, said=said,
            who=A_FOREIGN_CITIZEN if foreign else A_CITIZEN_OF_KAZAKHSTAN)))
    for rule, what, marker in _found(text, NOTES_BANS):
        found.append((rule, wording.evidence(E.NOTES_MARKER, notes=notes, what=what, label=marker)))
    return tuple(found)


# The National Bank's sector codes, the second digit of КОд/КБе: which sectors are the state's.
STATE_SECTORS = {"1": "central government", "2": "regional and local government", "3": "the central (National) Bank",
                 "6": "a state non-financial organisation"}
OTHER_SECTORS = {"4": "a deposit-taking organisation", "5": "another financial organisation",
                 "7": "a non-state non-financial organisation", "8": "a non-profit organisation serving households",
                 "9": "households"}


@functools.lru_cache(maxsize=256)
def _read_payer_code(code: str) -> tuple[tuple[tuple[str, str], ...], DonorKind | None, tuple[str, ...]]:
    """What the bank's two-digit code of the payer (КОд, or КБе as some banks label it) says:
    the first digit residency (1 resident, 2 non-resident), the second the economic sector."""
    if len(code) != 2 or not code.isdigit() or code[0] not in "12":
        return (), None, ()
    bans: list[tuple[str, str]] = []
    evidence: list[str] = []
    if code[0] == "2":
        bans.append((RuleCode.BAN_FOREIGN, wording.evidence(E.PAYER_CODE_RESIDENCY, payer_code=code, digit="2",
                                                            who="a non-resident")))
    else:
        evidence.append(wording.evidence(E.PAYER_CODE_RESIDENCY, payer_code=code, digit="1", who="a resident"))
    sector = code[1]
    if sector in STATE_SECTORS:
        bans.append((RuleCode.BAN_STATE, wording.evidence(E.PAYER_CODE_SECTOR, payer_code=code, sector=sector,
                                                          what=STATE_SECTORS[sector])))
    elif sector in OTHER_SECTORS:
        evidence.append(wording.evidence(E.PAYER_CODE_SECTOR, payer_code=code, sector=sector,
                                         what=OTHER_SECTORS[sector]))
    kind = DonorKind.PERSON if sector == "9" else DonorKind.ORGANISATION if sector in "12345678" else None
    return tuple(bans), kind, tuple(evidence)


_BIN_KINDS = {"4": "a resident legal entity", "5": "a non-resident legal entity",
              "6": "a joint individual entrepreneurship"}
_BIN_UNITS = {"0": "a head office", "1": "a branch", "2": "a representative office", "3": "a peasant farm"}


def bin_digits(digits: str) -> Notice:
    """What a BIN's own digits say: registered YYMM, the kind of entity (digit 5) and the unit
    (digit 6)."""
    kind, unit = _BIN_KINDS.get(digits[4], f"digit 5 is {digits[4]}"), _BIN_UNITS.get(digits[5], f"digit 6 is {digits[5]}")
    registered = f"{digits[2:4]}.{'20' if digits[0] in '0123' else '19'}{digits[:2]}"
    return wording.evidence(E.BIN_DIGITS, digits=digits, registered=registered, kind=kind, unit=unit)
