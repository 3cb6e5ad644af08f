"""The law as data: profiles, donor classification, and the verdict on one receipt."""
import dataclasses
import datetime as dt

import pytest

from ledger.core.errors import ProfileError
from ledger.core.ids import check_digit
from ledger.core.money import Money
from ledger.rules.donors import (
    DonorFacts,
    DonorKind,
    ReferenceLists,
    classify,
    names_the_party,
)
from ledger.rules.profiles import BUILT_IN, DERIVED, load_profile
from ledger.rules.receipts import (
    Accepted,
    FindingDraft,
    FundSource,
    Outcome,
    judge_receipt,
)

KZ2007 = BUILT_IN["kz-2007"]
DAY = dt.date(2007, 8, 1)
ZERO = Accepted(Money(0), Money(0))


def valid(first11: str) -> str:
    for last in range(1000):
        candidate = first11[:8] + f"{last:03d}"
        digit = check_digit(candidate)
        if digit is not None:
            return candidate + str(digit)
    raise AssertionError


PERSON = valid("85030540000")
RESIDENT_BIN = valid("06014000000")
FOREIGN_BIN = valid("06015000000")


# --- profiles -------------------------------------------------------------------------

def test_the_seed_figures_come_out_of_the_default_profile_to_the_tiyn():
    assert KZ2007.own_cap == Money.parse("48 760 000,00")
    assert KZ2007.voluntary_cap == Money.parse("97 520 000,00")
    assert KZ2007.total_cap == Money.parse("146 280 000,00")
    assert KZ2007.base_amount == Money.tenge(9_752)


@pytest.mark.parametrize("code, mzp", [("kz-2012", 17_439), ("kz-2016", 22_859), ("kz-2021", 42_500), ("kz-2023", 70_000)])
def test_later_profiles_are_derived_and_say_so(code, mzp):
    p = BUILT_IN[code]
    assert p.own_cap == Money.tenge(mzp * 5_000)
    assert p.voluntary_cap == Money.tenge(mzp * 10_000)
    assert p.total_cap == Money.tenge(mzp * 15_000)
    assert p.status == DERIVED
    assert p.window_start is None and p.window_end is None


def test_a_profile_from_a_toml_file(tmp_path):
    path = tmp_path / "kz-2025.toml"
    path.write_text('''
[profile]
code = "kz-2025"
title = "Test election"
base_name = "MZP"
base_amount = "85000.00"
own_multiple = 5000
voluntary_multiple = 10000
total_multiple = 12000
legal_reference = "test"
status = "draft"
window_start = 2025-01-10
window_end = 2025-03-19
''', encoding="utf-8")
    p = load_profile(str(path))
    assert p.total_cap == Money.tenge(85_000 * 12_000)
    assert p.window_end == dt.date(2025, 3, 19)
    assert not p.in_window(dt.date(2025, 3, 20))
    assert p.article("BAN_FOREIGN") == KZ2007.article("BAN_FOREIGN")


@pytest.mark.parametrize("change, message", [
    ({"own_multiple": -5}, "kz-2007: own_multiple must be a positive whole number, not -5"),
    ({"total_multiple": 0}, "kz-2007: total_multiple must be a positive whole number, not 0"),
    ({"warn_at_percent": 150}, "kz-2007: warn_at_percent must be between 1 and 100, not 150"),
    ({"window_start": "2007-08-18", "window_end": "2007-07-02"},
     "kz-2007: the window starts 18.08.2007, after it ends 02.07.2007"),
])
def test_a_profile_that_cannot_describe_a_fund_is_refused(change, message):
    with pytest.raises(ProfileError) as err:
        type(KZ2007).from_dict({**KZ2007.to_dict(), **change}, origin="kz-2007")
    assert str(err.value) == message


def test_setting_one_end_of_the_window_keeps_the_other():
    p = KZ2007.with_window(dt.date(2007, 7, 2), None).with_window(None, dt.date(2007, 8, 18))
    assert (p.window_start, p.window_end) == (dt.date(2007, 7, 2), dt.date(2007, 8, 18))


def test_unknown_profiles_are_refused():
    with pytest.raises(ProfileError, match="unknown rule profile 'kz-1999'"):
        load_profile("kz-1999")


def test_a_profile_round_trips_through_a_book():
    assert type(KZ2007).from_dict(KZ2007.to_dict()) == KZ2007


# --- donors ---------------------------------------------------------------------------

def rules_of(facts, lists=ReferenceLists()):
    return [b.rule for b in classify(facts, lists).bans]


@pytest.mark.parametrize("facts, rules", [
    (DonorFacts("Иванов Иван Иванович", PERSON, "физ. лицо", "РК"), []),
    (DonorFacts("ТОО «Алатау Строй»", RESIDENT_BIN, "юр. лицо"), []),
    (DonorFacts("Гульнара Сейтказина", PERSON), []),                       # "ГУ" inside a name is no marker
    (DonorFacts("Smith John", PERSON, "физ. лицо", "Россия"), ["BAN_FOREIGN"]),
    (DonorFacts("Ivanov", PERSON, None, "лицо без гражданства"), ["BAN_FOREIGN"]),
    (DonorFacts("Nordic Trade GmbH", FOREIGN_BIN), ["BAN_FOREIGN"]),
    (DonorFacts("ТОО Бета", RESIDENT_BIN, "иностранный"), ["BAN_FOREIGN"]),
    (DonorFacts("Международный фонд развития", RESIDENT_BIN), ["BAN_FOREIGN"]),
    (DonorFacts("ГУ «Аппарат акима г. Астаны»", RESIDENT_BIN), ["BAN_STATE"]),
    (DonorFacts("РГП на ПХВ «Казгидромет»", RESIDENT_BIN), ["BAN_STATE"]),
    (DonorFacts("Комитет госдоходов Министерства финансов", RESIDENT_BIN), ["BAN_STATE"]),
    (DonorFacts("Алматы облысы әкімдігі", RESIDENT_BIN), ["BAN_STATE"]),
    (DonorFacts("ТОО Гамма", RESIDENT_BIN, "государственный орган"), ["BAN_STATE"]),
    (DonorFacts("Благотворительный фонд «Дарын»", RESIDENT_BIN), ["BAN_CHARITY"]),
    (DonorFacts("Религиозное объединение «Свет»", RESIDENT_BIN), ["BAN_RELIGIOUS"]),
    (DonorFacts("", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Аноним", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Петров", PERSON[:-1] + str((int(PERSON[-1]) + 1) % 10)), ["ID_INVALID"]),
    (DonorFacts("Петров", "12345"), ["ID_INVALID"]),
    (DonorFacts("Сидоров", PERSON, "кандидат"), ["BAN_CANDIDATE_OWN"]),
    # What real books hold: abbreviations, full names, lookalikes.
    (DonorFacts("Приходько Андрей Викторович", PERSON), []),     # a person's IIN: no parish
    (DonorFacts("ТОО «ГУ-Строй»", RESIDENT_BIN), []),            # an LLP is no state institution
    (DonorFacts("ТОО «AG Logistics»", RESIDENT_BIN), []),
    (DonorFacts("ТОО «Международный аэропорт Актобе»", RESIDENT_BIN), []),
    (DonorFacts("РГКП «Театр оперы»", None), ["BAN_STATE"]),
    (DonorFacts("Государственное коммунальное казенное предприятие «Поликлиника №3»", None), ["BAN_STATE"]),
    (DonorFacts("Аппарат маслихата г. Астаны", None), ["BAN_STATE"]),
    (DonorFacts("н/д", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Частное лицо", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("x", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Аноним", "000000000000"), ["ID_INVALID", "BAN_ANONYMOUS"]),   # passes only the check digit
    (DonorFacts("ТОО «Омега»", RESIDENT_BIN, "иностр. юр. лицо"), ["BAN_FOREIGN"]),
    (DonorFacts("ТОО «Омега»", RESIDENT_BIN, "ЮЛ (иностр. участие)"), ["BAN_FOREIGN"]),
    (DonorFacts("ОО «Свет»", RESIDENT_BIN, "Религ. объединение"), ["BAN_RELIGIOUS"]),
    (DonorFacts("ОФ «Добро»", RESIDENT_BIN, "Благотв. фонд"), ["BAN_CHARITY"]),
    (DonorFacts("Иванов", PERSON, None, "КЗ"), []),
    (DonorFacts("Иванов", PERSON, None, "Р.К."), []),
    # Kazakh books
    (DonorFacts("«Қарағанды облысының білім басқармасы» ММ", RESIDENT_BIN), ["BAN_STATE"]),
    (DonorFacts("«№5 балабақша» КМҚК", RESIDENT_BIN), ["BAN_STATE"]),
    (DonorFacts("Әулие Никола шіркеуі", RESIDENT_BIN), ["BAN_RELIGIOUS"]),
    (DonorFacts("Жасырын демеуші", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Жеке тұлға", None), ["BAN_ANONYMOUS"]),           # a type where the name should be
    (DonorFacts("Иванов (физическое лицо)", None), []),            # ... but beside a name it is no placeholder
    (DonorFacts("Сейткали", PERSON, None, "резидент емес"), ["BAN_FOREIGN"]),
    (DonorFacts("Сейткали", PERSON, None, "ҚР азаматы емес"), ["BAN_FOREIGN"]),
    (DonorFacts("Сейткали", PERSON, "бейрезидент"), ["BAN_FOREIGN"]),
    # English books
    (DonorFacts("Embassy of the United States of America", None), ["BAN_FOREIGN"]),
    (DonorFacts("UNDP Kazakhstan", None), ["BAN_FOREIGN"]),
    (DonorFacts("Office of the Akim of Astana", None), ["BAN_STATE"]),
    (DonorFacts("Name withheld", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Private individual", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Smith", None, "Stateless person"), ["BAN_FOREIGN"]),          # stateless is no state body
    (DonorFacts("Civil Alliance", RESIDENT_BIN, "Non-governmental organization"), []),
    (DonorFacts("Nur Trade LLP", RESIDENT_BIN, "Legal entity without foreign participation"), []),
    (DonorFacts("Иванов", PERSON, None, "N/A"), []),
    (DonorFacts("Иванов", PERSON, None, "нет"), []),              # nothing said, as in the IIN/BIN column
    (DonorFacts("Иванов", PERSON, None, "Dual citizen (KZ/RU)"), ["BAN_FOREIGN"]),
    # Money that came through a terminal or the cash box, with nobody named
    (DonorFacts("через терминал", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Наличными без указания плательщика", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Поступление через кассу", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("ПКО №15 (касса)", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Взнос наличными", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Kaspi терминал", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Приходный кассовый ордер №3", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Гражданин", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Сторонник партии", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Доброжелатель", None), ["BAN_ANONYMOUS"]),
    (DonorFacts("Наличными от Иванова Ивана", None), []),          # ... but cash from someone named is theirs
    # Foreign participation, foreign companies' branches and offices, in Cyrillic too
    (DonorFacts("ТОО с иностранным участием «Астана Инвест Групп»", None), ["BAN_FOREIGN"]),
    (DonorFacts("Шетелдік қатысуы бар ЖШС «Алтын Құм»", None), ["BAN_FOREIGN"]),
    (DonorFacts("Филиал иностранной компании «Альфа»", None), ["BAN_FOREIGN"]),
    (DonorFacts("Представительство компании «Samsung C&T Corporation» в РК", None), ["BAN_FOREIGN"]),
    (DonorFacts("Филиал компании «Карачаганак Петролиум Оперейтинг Б.В.»", None), ["BAN_FOREIGN"]),
    (DonorFacts("Филиал «Шеврон Мунайгаз Инк.»", None), ["BAN_FOREIGN"]),
    (DonorFacts("Представительство «Сименс АГ»", None), ["BAN_FOREIGN"]),
    (DonorFacts("ТОО «Институт иностранных языков»", None), []),
    # Faiths by their houses and congregations; "Соборов" is a surname
    (DonorFacts("Православный приход храма Святого Николая", None), ["BAN_RELIGIOUS"]),
    (DonorFacts("Католический приход Святого Иосифа", None), ["BAN_RELIGIOUS"]),
    (DonorFacts("Синагога «Бейт Рахель»", None), ["BAN_RELIGIOUS"]),
    (DonorFacts("Молитвенный дом евангельских христиан-баптистов", None), ["BAN_RELIGIOUS"]),
    (DonorFacts("Кафедральный собор", None), ["BAN_RELIGIOUS"]),
    (DonorFacts("Соборов Игорь Петрович", None), []),
    (DonorFacts("Приходько Андрей", None), []),
    # A state word the name itself denies; a joint-stock company is a Kazakh legal form
    (DonorFacts("«Тұран» мемлекеттік емес білім беру мекемесі", None), []),
    (DonorFacts("АО «Международный торговый центр «Алатау»»", None), []),
    # Residency as banks write it, and Kazakh in the Latin alphabet
    (DonorFacts("Иванов", PERSON, None, "1"), []),
    (DonorFacts("Иванов", PERSON, None, "Р"), []),
    (DonorFacts("Иванов", PERSON, None, "19"), []),               # КБе 19: a resident
    (DonorFacts("Иванов", PERSON, None, "21"), ["BAN_FOREIGN"]),  # КБе 21: a non-resident
    (DonorFacts("Иванов", PERSON, None, "Qazaqstan"), []),
    (DonorFacts("Иванов", PERSON, None, "QR"), []),
    (DonorFacts("Ä. Ğ.", None), []),                              # Latin Kazakh letters are letters
    (DonorFacts("Иванов", PERSON, None, "Н/Р"), ["BAN_FOREIGN"]),   # нерезидент
    (DonorFacts("Ресей азаматы Петров П.", PERSON), ["BAN_FOREIGN"]),   # the payer's cell says whose citizen
    (DonorFacts("Представительство «Хёндэ Мотор Компани» в Республике Казахстан", None), ["BAN_FOREIGN"]),
    (DonorFacts("Представительство АО «Казахтелеком» в г. Актобе", None), []),   # a Kazakh company's office
])
def test_donor_classification(facts, rules):
    assert rules_of(facts) == rules


def test_every_ban_keeps_its_evidence():
    c = classify(DonorFacts("ГУ «Аппарат акима»", RESIDENT_BIN, None, "Россия"))
    assert [(b.rule, b.evidence) for b in c.bans] == [
        ("BAN_FOREIGN", "citizenship/residency 'Россия' is not the Republic of Kazakhstan (matched 'россия')"),
        ("BAN_STATE", "name marker 'ГУ' suggests a state organisation"),
    ]
    assert c.kind is DonorKind.ORGANISATION


def test_reference_lists_are_the_strongest_evidence():
    lists = ReferenceLists.from_mapping({"state": {RESIDENT_BIN}, "candidates": {PERSON},
                                         "foreign-participation": {FOREIGN_BIN}, "foreign-grantees": set()})
    assert rules_of(DonorFacts("ТОО Обычное", RESIDENT_BIN), lists) == ["BAN_STATE"]
    c = classify(DonorFacts("Кандидатов К.", PERSON), lists)
    assert [(b.rule, b.evidence) for b in c.bans] == [
        ("BAN_CANDIDATE_OWN", f"{PERSON} is a candidate on the party's list")]


def test_a_candidate_listed_without_an_iin_is_known_by_name_even_with_one():
    lists = ReferenceLists.from_mapping({"candidates": {RESIDENT_BIN}}, ["Ким Виктор Сергеевич", "Ахметов А."],
                                        unnumbered=["Ким Виктор Сергеевич"])
    c = classify(DonorFacts("КИМ ВИКТОР СЕРГЕЕВИЧ", PERSON), lists)
    assert [(b.rule, b.evidence) for b in c.bans] == [
        ("BAN_CANDIDATE_OWN", "name 'КИМ ВИКТОР СЕРГЕЕВИЧ' matches a candidate the party's list gives without an IIN")]
    assert rules_of(DonorFacts("Ахметов А.", PERSON), lists) == []   # his IIN on the list is another


def test_kind_from_id_then_type_then_name():
    assert classify(DonorFacts("Кто-то", PERSON)).kind is DonorKind.PERSON
    assert classify(DonorFacts("Кто-то", None, "ЮЛ")).kind is DonorKind.ORGANISATION
    assert classify(DonorFacts("ИП Ахметов", None, "ИП")).kind is DonorKind.PERSON
    assert classify(DonorFacts("ТОО «Нур»", None)).kind is DonorKind.ORGANISATION


# --- verdicts -------------------------------------------------------------------------

def clean_person():
    return classify(DonorFacts("Иванов", PERSON))


def test_exactly_at_the_cap_is_allowed():
    before = Accepted(Money(0), Money.parse("97 000 000"))
    v = judge_receipt(Money.parse("520 000"), DAY, FundSource.VOLUNTARY, clean_person(), KZ2007, before)
    assert (v.outcome, v.accepted, v.refund_due, v.findings) == (Outcome.POSTED, Money.parse("520 000"), Money(0), ())
    assert v.warnings == ("voluntary contributions has reached the cap 97\u00a0520\u00a0000,00\u00a0₸: "
                          "further contributions are owed back to their donors",)


def test_one_tiyn_over_the_cap_is_a_finding_of_one_tiyn():
    before = Accepted(Money(0), Money.parse("97 000 000"))
    v = judge_receipt(Money.parse("520 000,01"), DAY, FundSource.VOLUNTARY, clean_person(), KZ2007, before)
    assert v.outcome is Outcome.SPLIT
    assert (v.accepted, v.refund_due) == (Money.parse("520 000"), Money(1))
    assert [(f.rule, f.amount) for f in v.findings] == [("CAP_VOLUNTARY", Money(1))]


def test_own_funds_over_the_cap_are_due_back_to_the_party():
    before = Accepted(Money.parse("48 000 000"), Money(0))
    party = classify(DonorFacts("Партия «Жасыл Дала»", None))
    v = judge_receipt(Money.parse("1 000 000"), DAY, FundSource.OWN_FUNDS, party, KZ2007, before)
    assert (v.accepted, v.due_to_party, v.refund_due) == (Money.parse("760 000"), Money.parse("240 000"), Money(0))
    assert [(f.rule, f.amount) for f in v.findings] == [("CAP_OWN", Money.parse("240 000"))]


def test_cap_total_is_the_finding_only_when_the_total_alone_binds():
    tight = dataclasses.replace(KZ2007, total_multiple=12_000)   # total 117 024 000 < own + voluntary
    before = Accepted(Money.parse("48 760 000"), Money.parse("68 000 000"))
    v = judge_receipt(Money.parse("1 000 000"), DAY, FundSource.VOLUNTARY, clean_person(), tight, before)
    assert (v.accepted, v.refund_due) == (Money.parse("264 000"), Money.parse("736 000"))
    assert [(f.rule, f.amount) for f in v.findings] == [("CAP_TOTAL", Money.parse("736 000"))]


def test_a_banned_donor_goes_wholly_to_refunds_due_with_every_finding():
    donor = classify(DonorFacts("ГУ «Аппарат акима»", RESIDENT_BIN, None, "Россия"))
    v = judge_receipt(Money.parse("5 000"), DAY, FundSource.VOLUNTARY, donor, KZ2007, ZERO)
    assert (v.outcome, v.accepted, v.refund_due, v.budget_due) == (Outcome.HELD, Money(0), Money.parse("5 000"), Money(0))
    assert [f.rule for f in v.findings] == ["BAN_FOREIGN", "BAN_STATE"]


def test_anonymous_money_goes_to_the_budget():
    v = judge_receipt(Money.parse("5 000"), DAY, FundSource.VOLUNTARY, classify(DonorFacts()), KZ2007, ZERO)
    assert (v.outcome, v.budget_due, v.refund_due) == (Outcome.HELD, Money.parse("5 000"), Money(0))


def test_outside_the_window_nothing_enters_the_fund():
    windowed = KZ2007.with_window(dt.date(2007, 7, 1), dt.date(2007, 8, 18))
    v = judge_receipt(Money.parse("5 000"), dt.date(2007, 8, 19), FundSource.VOLUNTARY, clean_person(), windowed, ZERO)
    assert v.outcome is Outcome.HELD
    assert [(f.rule, f.evidence) for f in v.findings] == [
        ("OUTSIDE_WINDOW", "received 19.08.2007, outside the fund's window 01.07.2007 - 18.08.2007")]


def test_warning_when_a_cap_passes_ninety_percent():
    before = Accepted(Money.parse("43 000 000"), Money(0))
    party = classify(DonorFacts("Партия «Жасыл Дала»", None))
    v = judge_receipt(Money.parse("1 000 000"), DAY, FundSource.OWN_FUNDS, party, KZ2007, before)
    assert v.warnings == ("own funds now at 90.24% of the cap 48\u00a0760\u00a0000,00\u00a0₸ "
                          "(headroom 4\u00a0760\u00a0000,00\u00a0₸)",)


def test_the_party_itself_is_an_organisation():
    assert classify(DonorFacts("Партия «Жасыл Дала»", None)).kind is DonorKind.ORGANISATION
    assert classify(DonorFacts("«Жасыл Дала» партиясы", None)).kind is DonorKind.ORGANISATION
    assert classify(DonorFacts("Филиал партии «Жасыл Дала» по г. Алматы", None)).kind is DonorKind.ORGANISATION


def test_own_funds_from_a_person_are_questioned():
    v = judge_receipt(Money.tenge(2000), DAY, FundSource.OWN_FUNDS, clean_person(), KZ2007, Accepted(Money(0), Money(0)))
    assert v.outcome is Outcome.POSTED
    assert (v.accepted, v.warnings) == (Money.tenge(2000), ())
    assert v.findings == (FindingDraft("OWN_FUNDS_SOURCE", Money.tenge(2000), (
        "own funds from a person (Иванов): own funds come from the party itself; if this is a citizen's gift, "
        "reverse it and book it as a voluntary contribution")),)


PARTY = "Партия «Жасыл Дала»"


@pytest.mark.parametrize("payer, the_party", [
    ("Партия «Жасыл Дала»", True),
    ("Алматинский областной филиал партии", True),            # a branch that names no party
    ("ОО «Жасыл Дала» партиясының Астана филиалы", True),
    ("Филиал ЖАСЫЛ ДАЛА по г. Шымкент", True),
    ("ТОО «Альфа Строй»", False),
    ("АО «Народный банк Казахстана»", False),                 # "народный" names no party
    ("", True),                                                # nothing to tell by
])
def test_names_the_party(payer, the_party):
    assert names_the_party(payer, PARTY) is the_party


def test_own_funds_from_another_organisation_are_questioned():
    firm = classify(DonorFacts("ТОО «Альфа Строй»", None, "юридическое лицо"))
    v = judge_receipt(Money.tenge(2000), DAY, FundSource.OWN_FUNDS, firm, KZ2007, Accepted(Money(0), Money(0)), PARTY)
    assert v.outcome is Outcome.POSTED
    assert [(f.rule, f.evidence) for f in v.findings] == [(
        "OWN_FUNDS_SOURCE", "own funds from an organisation other than the party (ТОО «Альфа Строй»): own funds "
        "come from the party itself and its branches; if this is the organisation's gift, reverse it and book it "
        "as a voluntary contribution")]
    branch = classify(DonorFacts("Филиал партии «Жасыл Дала» по г. Алматы", None))
    from_branch = judge_receipt(Money.tenge(2000), DAY, FundSource.OWN_FUNDS, branch, KZ2007, Accepted(Money(0), Money(0)),
                                PARTY)
    assert (from_branch.findings, from_branch.warnings) == ((), ())
    # A voluntary contribution from the same firm is what it should be: nothing to say...
    assert judge_receipt(Money.tenge(2000), DAY, FundSource.VOLUNTARY, firm, KZ2007,
                         Accepted(Money(0), Money(0)), PARTY).warnings == ()
    # ...but the party's own transfer among contributions would use up the voluntary cap.
    assert judge_receipt(Money.tenge(2000), DAY, FundSource.VOLUNTARY, branch, KZ2007,
                         Accepted(Money(0), Money(0)), PARTY).warnings == (
        "a contribution from the party itself (Филиал партии «Жасыл Дала» по г. Алматы): the party's own money "
        "is own funds, kept apart from contributions; book it with `fundledger import own-funds` (as a "
        "contribution it uses up the voluntary cap)",)


def test_words_are_read_in_one_alphabet_and_keep_every_letter():
    from ledger.rules.words import normalise
    assert normalise("Иванoв Иван") == "иванов иван"          # a Latin o in a Cyrillic name
    assert normalise("Аmount (KZT)") == "amount kzt"           # a Cyrillic А in an English word
    assert normalise("Ömirzaq Serik") != normalise("Ümirzaq Serik")


# --- what outranks a name marker --------------------------------------------------------

@pytest.mark.parametrize("facts, rules, caution", [
    # A private legal form outranks the words inside the name: only a state form makes it state.
    (DonorFacts("ТОО «Государственный стандарт-Сервис»", RESIDENT_BIN), [], "'государствен' is inside the name of "
     "a private company ('ТОО')"),
    (DonorFacts("АО «Мемлекеттік сервис»", RESIDENT_BIN), [], "inside the name of a private company ('АО')"),
    (DonorFacts("ГУ «Государственный архив»", RESIDENT_BIN), ["BAN_STATE"], None),
    # A donor type that says "individual" outranks a marker found in a person's name.
    (DonorFacts("Ли Гу Мин", None, "физ. лицо"), [], "marker 'ГУ' ignored: the donor type 'физ. лицо' says an "
     "individual"),
    (DonorFacts("Ли Гу Мин", None, "жеке тұлға"), [], "says an individual"),
    (DonorFacts("Ли Гу Мин", None, "individual"), [], "says an individual"),
    (DonorFacts("Ли Гу Мин", None), ["BAN_STATE"], None),               # without the type, the marker stands
])
def test_a_private_legal_form_or_a_persons_type_outranks_a_name_marker_and_is_kept_as_a_caution(facts, rules, caution):
    donor = classify(facts)
    assert [b.rule for b in donor.bans] == rules
    if caution is None:
        assert donor.cautions == ()
    else:
        (said,) = donor.cautions
        assert caution in said
        assert said in donor.evidence


def test_a_caution_reaches_the_receipts_warnings():
    donor = classify(DonorFacts("Ли Гу Мин", None, "физ. лицо"))
    verdict = judge_receipt(Money.tenge(10_000), dt.date(2007, 8, 1), FundSource.VOLUNTARY, donor, KZ2007,
                            Accepted(Money(0), Money(0)))
    assert verdict.outcome is Outcome.POSTED
    assert verdict.warnings == donor.cautions
