"""Make the sample books of one fictional party and the results an import of them must give.

The party ("Партия «Жасыл Дала»", Mazhilis election 2007), its people and their IINs/BINs are
invented here from a fixed seed; every number passes (or, where a breach says so, fails) the
check digit of ``ledger.core.ids``. The books look the way treasurers keep them (title rows, merged
cells, text amounts with non-breaking spaces, dates as text, BINs that lost their leading zero)
and hold every kind of breach the rules know, each placed deliberately on a known row.

The expected results (sample_books/expected.json) are computed by construction: each row knows
what it is meant to be, and the pure rules (``classify``, ``judge_receipt``) are run over the rows
in ledger order (file after file, each file in (date, row) order) to confirm every row gets the
findings it was designed for and to add up the totals. The script fails loudly when a row does
not come out as intended.

    python sample_books/make_samples.py            # writes the books and expected.json here
    python sample_books/make_samples.py -o DIR     # somewhere else

Running it again gives byte-identical files (the xlsx are saved with fixed timestamps).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script from anywhere
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, Side  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

from ledger.core import ids  # noqa: E402
from ledger.core.codes import RECONCILED_OUTCOMES, RULE_CODES, Reconciliation  # noqa: E402
from ledger.core.money import Money  # noqa: E402
from ledger.journal.chart import SPENDING_ROLES  # noqa: E402
from ledger.rules.donors import DonorFacts, ReferenceLists, classify  # noqa: E402
from ledger.rules.profiles import BUILT_IN, RuleProfile  # noqa: E402
from ledger.rules.receipts import (  # noqa: E402
    Accepted,
    FundSource,
    Outcome,
    judge_receipt,
    source_account_role,
)

SEED = 20070818
PARTY = "Партия «Жасыл Дала»"
ELECTION = "Выборы депутатов Мажилиса Парламента Республики Казахстан, 18 августа 2007 года"
PROFILE = "kz-2007"
# A window for the scenario that exercises OUTSIDE_WINDOW (kz-2007 itself has none).
WINDOW = (dt.date(2007, 7, 2), dt.date(2007, 8, 18))
NBSP = "\u00a0"
OWN_SHEET, SPENDING_SHEET = "Собственные средства", "Расходы"
OUTCOMES = tuple(o.value for o in Outcome)
# The bank's 1C exchange statement of the fund's account for 16-17.08.2007, days on which only
# contributions_kk.csv has gifts (a statement shows every payment of its days, so the other
# registers keep clear of them), imported before that register: the register rows it covers book no money (matched to the
# bank's lines, or not in the bank), and its lines no register row documents are booked from it.
STATEMENT = "statement_1c_2007-08-16.txt"
STATEMENT_DAYS = (dt.date(2007, 8, 16), dt.date(2007, 8, 17))
FUND_ACCOUNT = "KZ12601A871234567890"

IMPORT_ORDER = (
    ("candidates.xlsx", "list:candidates"),
    ("state_bins.csv", "list:state"),
    ("foreign_participation.csv", "list:foreign-participation"),
    ("foreign_grantees.csv", "list:foreign-grantees"),
    ("own_funds.xlsx", "own_funds"),
    ("contributions.xlsx", "contributions"),
    ("contributions_regions.csv", "contributions"),
    (STATEMENT, "statement"),
    ("contributions_kk.csv", "contributions"),
    ("spending.xlsx", "spending"),
)

# The words a treasurer writes in "Статья расходов", and the account each is meant for.
CATEGORY_TEXTS = {
    "СМИ: телевидение": "media_tv",
    "Эфирное время на телевидении": "media_tv",
    "СМИ: радио": "media_radio",
    "СМИ: печатные издания": "media_press",
    "Публикации в газетах": "media_press",
    "СМИ: интернет-ресурсы": "media_online",
    "Полиграфия (листовки, плакаты)": "printed",
    "Печатные агитационные материалы": "printed",
    "Видеоролики": "audiovisual",
    "Иные агитационные материалы": "other_materials",
    "Встречи с избирателями": "events",
    "Транспортные расходы": "transport",
    "Аренда помещений и оборудования": "rent",
    "Прочие расходы": "other_spending",
}


# --- people and organisations ---------------------------------------------------------------

# (first name, sex) ; Russian spelling only (cp1251-safe) and Kazakh spelling (UTF-8 only)
MALE_RU = ["Ерлан", "Серик", "Нурлан", "Бауыржан", "Асхат", "Данияр", "Кайрат", "Марат", "Талгат",
           "Ержан", "Алексей", "Сергей", "Дмитрий", "Андрей", "Виктор", "Игорь", "Руслан", "Тимур",
           "Айдар", "Олжас", "Болат", "Жанибек", "Арман", "Евгений", "Максим", "Азамат", "Мирас"]
FEMALE_RU = ["Айгуль", "Гульнара", "Жанар", "Салтанат", "Динара", "Асель", "Мадина", "Елена",
             "Ольга", "Наталья", "Татьяна", "Светлана", "Алия", "Жибек", "Гаухар", "Камила",
             "Ирина", "Анна", "Лаура", "Айжан", "Карлыгаш", "Людмила", "Зарина"]
SURNAME_RU = ["Жумабаев", "Сейткалиев", "Ахметов", "Абдрахманов", "Касымов", "Нурпеисов",
              "Токтаров", "Иванов", "Петров", "Мухамеджанов", "Бекмуратов", "Оспанов", "Ермеков",
              "Кенжебаев", "Сарсенов", "Исмаилов", "Рахимов", "Смагулов", "Байжанов", "Кузнецов",
              "Волков", "Тулегенов", "Досмухамбетов", "Калиев", "Омаров", "Шарипов", "Ибраев",
              "Жаксылыков", "Мусин", "Орлов", "Федоров", "Садыков", "Утегенов", "Карабаев"]
SURNAME_RU_FIXED = ["Ким", "Цой", "Шевченко", "Пак", "Бондаренко", "Ли"]  # same for both sexes
FATHER_RU = [("Серик", "Серикович", "Сериковна"), ("Ерлан", "Ерланович", "Ерлановна"),
             ("Кайрат", "Кайратович", "Кайратовна"), ("Марат", "Маратович", "Маратовна"),
             ("Болат", "Болатович", "Болатовна"), ("Сергей", "Сергеевич", "Сергеевна"),
             ("Виктор", "Викторович", "Викторовна"), ("Александр", "Александрович", "Александровна"),
             ("Мурат", "Муратович", "Муратовна"), ("Бахыт", "Бахытович", "Бахытовна"),
             ("Нурлан", "Нурланович", "Нурлановна"), ("Петр", "Петрович", "Петровна"),
             ("Амангельды", "Амангельдиевич", "Амангельдиевна"), ("Жумабек", "Жумабекович", "Жумабековна")]
MALE_KK = ["Нұрлан", "Дәурен", "Ұлан", "Қайрат", "Бауыржан", "Ғалым", "Әлихан", "Нұржан", "Серік", "Еркін"]
FEMALE_KK = ["Әсел", "Гүлнара", "Айгүл", "Ләззат", "Гүлмира", "Әйгерім", "Құралай", "Меруерт"]
SURNAME_KK = ["Әбілқасымов", "Нұрпейісов", "Төлегенов", "Құдайбергенов", "Ғабдуллин", "Жақсыбеков",
              "Үсенов", "Өтепов", "Сәрсенбаев", "Мұқанов", "Қасымов", "Әлиев", "Есенғалиев"]
FATHER_KK = ["Серік", "Қайрат", "Нұрлан", "Ерлан", "Болат", "Бақыт", "Мұрат", "Жұмабек", "Әмір"]

ORG_WORD_1 = ["Алтын", "Береке", "Сарыарка", "Жетысу", "Степной", "Караван", "Нур", "Самал", "Тулпар",
              "Шанырак", "Арман", "Кокше", "Жайык", "Тобол", "Иртыш", "Алатау", "Кызылжар", "Есиль",
              "Достык", "Атамекен", "Бирлик", "Ырыс", "Улытау", "Сункар", "Каратау", "Мангыстау"]
ORG_WORD_2 = ["Строй", "Агро", "Трейд", "Сервис", "Транс", "Инвест", "Снаб", "Логистик", "Пром",
              "Энерго", "Фарм", "Маркет", "Холдинг", "Девелопмент", "Техника", "Монтаж", "Продукт",
              "Консалтинг", "Мебель", "Текстиль"]
ORG_WORD_3 = ["", "", "", " Плюс", " Групп", " KZ", "-2005", " Центр"]
ORG_FORM = ["ТОО", "ТОО", "ТОО", "ТОО", "АО", "ТОО", "ПК"]
CITIZENSHIP_KZ = ["РК", "РК", "РК", "Казахстан", "Республика Казахстан", "KZ", "гражданин РК"]
PURPOSES = [
    "Добровольное пожертвование в избирательный фонд партии «Жасыл Дала»",
    "Добровольный взнос в избирательный фонд",
    "Пожертвование на выборы в Мажилис 2007",
    "Добровольное пожертвование",
    "Взнос в избирательный фонд партии",
]
REGIONS = ["г. Астана", "г. Алматы", "Карагандинская обл.", "Павлодарская обл.", "Актюбинская обл.",
           "Костанайская обл.", "Восточно-Казахстанская обл.", "Атырауская обл.", "Акмолинская обл."]


class Ids:
    """Unique, valid (unless asked otherwise) IINs and BINs from the seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def _finish(self, first11: str) -> str | None:
        check = ids.check_digit(first11)
        if check is None:
            return None
        number = first11 + str(check)
        if number in self.used:
            return None
        self.used.add(number)
        return number

    def iin(self, male: bool, born_from: int = 1945, born_to: int = 1987) -> str:
        while True:
            year = self.rng.randint(born_from, born_to)
            born = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randint(0, 364))
            century_sex = ("3" if male else "4") if year < 2000 else ("5" if male else "6")
            number = self._finish(f"{born:%y%m%d}{century_sex}{self.rng.randint(0, 9999):04d}")
            if number:
                return number

    def bin(self, year_from: int = 1996, year_to: int = 2006, kind: str = "4", office: str = "0") -> str:
        while True:
            year = self.rng.randint(year_from, year_to)
            month = self.rng.randint(1, 12)
            number = self._finish(f"{year % 100:02d}{month:02d}{kind}{office}{self.rng.randint(0, 99999):05d}")
            if number:
                return number

    def broken(self, valid: str) -> str:
        """The same number with a wrong check digit."""
        wrong = (int(valid[11]) + 1 + self.rng.randint(0, 8)) % 10
        if wrong == int(valid[11]):
            wrong = (wrong + 1) % 10
        bad = valid[:11] + str(wrong)
        assert not ids.is_valid(bad)
        return bad


class Names:
    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng = rng
        self.used = taken

    def person(self, male: bool, kazakh_letters: bool = False) -> str:
        while True:
            if kazakh_letters:
                surname = self.rng.choice(SURNAME_KK)
                first = self.rng.choice(MALE_KK if male else FEMALE_KK)
                father = self.rng.choice(FATHER_KK)
                if not male:
                    surname = surname[:-2] + "ова" if surname.endswith("ов") else (
                        surname[:-2] + "ева" if surname.endswith("ев") else surname + "а")
                name = f"{surname} {first} {father}{'ұлы' if male else 'қызы'}"
            else:
                if self.rng.random() < 0.12:
                    surname = self.rng.choice(SURNAME_RU_FIXED)
                else:
                    surname = self.rng.choice(SURNAME_RU)
                    if not male:
                        surname += "а"
                first = self.rng.choice(MALE_RU if male else FEMALE_RU)
                father = self.rng.choice(FATHER_RU)[1 if male else 2]
                name = f"{surname} {first} {father}"
            if name not in self.used:
                self.used.add(name)
                return name

    def company(self) -> str:
        while True:
            form = self.rng.choice(ORG_FORM)
            name = f"{form} «{self.rng.choice(ORG_WORD_1)} {self.rng.choice(ORG_WORD_2)}{self.rng.choice(ORG_WORD_3)}»"
            if name not in self.used:
                self.used.add(name)
                return name


# --- rows ---------------------------------------------------------------------------------------

@dataclass
class Receipt:
    """One row of a receipts book: the cells as written and what the row is meant to be."""

    file: str
    source: FundSource
    day: dt.date | None            # None: the date cell is unreadable
    amount: Money | None           # None: the amount cell is not a positive amount of money
    name: str | None
    id_digits: str | None          # the 12 digits meant (None: no number)
    date_cell: object = None
    amount_cell: object = None
    id_cell: object = None
    donor_type: str | None = None
    citizenship: str | None = None
    purpose: str | None = None
    document: str | int | None = None
    sheet: str | None = None
    row: int = 0
    # intent: the outcome and the findings this row is designed to have (default profile)
    outcome: str = "posted"
    rules: tuple[str, ...] = ()
    note: str = ""
    # filled in by the simulation
    result: dict = field(default_factory=dict)

    def facts(self) -> DonorFacts:
        return DonorFacts(name=self.name, id_number=self.id_digits, donor_type=self.donor_type,
                          citizenship=self.citizenship)

    @property
    def where(self) -> str:
        return f"{self.file}{' [' + self.sheet + ']' if self.sheet else ''} row {self.row}"


@dataclass
class Spending:
    file: str
    day: dt.date
    amount: Money
    category_text: str
    payee: str
    payee_bin: str
    document: str
    purpose: str
    candidate: str | None = None
    date_cell: object = None
    amount_cell: object = None
    bin_cell: object = None
    sheet: str | None = None
    row: int = 0
    outcome: str = "posted"
    rules: tuple[str, ...] = ()
    note: str = ""
    result: dict = field(default_factory=dict)

    @property
    def category(self) -> str:
        return CATEGORY_TEXTS[self.category_text]

    @property
    def where(self) -> str:
        return f"{self.file}{' [' + self.sheet + ']' if self.sheet else ''} row {self.row}"


def text_amount(m: Money, style: str = "nbsp") -> str:
    whole, tiyn = divmod(m.tiyn, 100)
    if style == "nbsp":
        return f"{whole:,}".replace(",", NBSP) + f",{tiyn:02d}"
    if style == "space":
        return f"{whole:,}".replace(",", " ") + f",{tiyn:02d}"
    if style == "comma":
        return f"{whole:,}.{tiyn:02d}"
    if style == "plain":
        return str(whole) if not tiyn else f"{whole},{tiyn:02d}"
    raise ValueError(style)


def number_amount(m: Money) -> int | float:
    whole, tiyn = divmod(m.tiyn, 100)
    return whole if not tiyn else float(m.as_decimal())


def day_text(day: dt.date) -> str:
    return f"{day:%d.%m.%Y}"


def campaign_day(rng: random.Random, start=dt.date(2007, 7, 3), end=dt.date(2007, 8, 15)) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


class Maker:
    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.ids = Ids(self.rng)
        self.names = Names(self.rng, set())
        self.doc = 1000

    def next_doc(self) -> str:
        self.doc += self.rng.randint(1, 17)
        return str(self.doc)

    # -- reference lists ------------------------------------------------------------------
    def make_lists(self) -> None:
        rng = self.rng
        self.candidates: list[tuple[int, str, str]] = []
        for pos in range(1, 16):
            male = rng.random() < 0.7
            name = self.names.person(male, kazakh_letters=pos in (3, 8, 12))
            self.candidates.append((pos, name, self.ids.iin(male, 1950, 1975)))
        self.state_orgs = {
            "list_only": ("АО «Сарыарка Энерго Холдинг»", self.ids.bin(1998, 2004)),
            "other1": ("РГУ «Департамент юстиции Карагандинской области»", self.ids.bin(1997, 2002)),
            "other2": ("РГП на ПХВ «Казгидромет-Сервис»", self.ids.bin(1999, 2003)),
        }
        self.foreign_participation = {
            "caspian": ("ТОО «Каспий Ойл Сервис»", self.ids.bin(2001, 2005)),
            "other": ("ТОО «Евразия Телеком Инвест»", self.ids.bin(2000, 2006)),
        }
        grantee_person = self.names.person(True)
        self.foreign_grantees = {
            "fund": ("ОФ «Центр гражданских инициатив «Ашык Пикир»»", self.ids.bin(2002, 2005)),
            "person": (grantee_person, self.ids.iin(True, 1960, 1980)),
        }
        self.lists = ReferenceLists.from_mapping(
            {"state": {b for _, b in self.state_orgs.values()},
             "foreign-participation": {b for _, b in self.foreign_participation.values()},
             "foreign-grantees": {b for _, b in self.foreign_grantees.values()},
             "candidates": {iin for _, _, iin in self.candidates}},
            [name for _, name, _ in self.candidates])

    # -- a plain, lawful donor ------------------------------------------------------------
    def person_receipt(self, file: str, sheet: str | None, russian_only: bool, big: bool = False) -> Receipt:
        rng = self.rng
        male = rng.random() < 0.55
        name = self.names.person(male, kazakh_letters=not russian_only and rng.random() < 0.3)
        iin = self.ids.iin(male)
        tenge = rng.choice([5_000, 10_000, 10_000, 20_000, 25_000, 30_000, 50_000, 50_000, 75_000,
                            100_000, 100_000, 150_000, 200_000, 250_000, 300_000, 500_000])
        if big:
            tenge = rng.choice([500_000, 750_000, 1_000_000, 1_500_000])
        tiyn = tenge * 100
        if rng.random() < 0.06:
            tiyn += rng.choice([50, 25, 99])
        return Receipt(file, FundSource.VOLUNTARY, campaign_day(rng), Money(tiyn), name, iin,
                       donor_type=rng.choice(["Физ. лицо", "Физ. лицо", "Физ. лицо", "физлицо"]),
                       citizenship=rng.choice(CITIZENSHIP_KZ), purpose=rng.choice(PURPOSES),
                       document=self.next_doc(), sheet=sheet)

    def company_receipt(self, file: str, sheet: str | None, scale: int = 1) -> Receipt:
        rng = self.rng
        name = self.names.company()
        bin_ = self.ids.bin()
        tenge = rng.choice([200_000, 300_000, 500_000, 500_000, 750_000, 1_000_000, 1_000_000,
                            1_500_000, 2_000_000, 2_500_000, 3_000_000]) * scale
        return Receipt(file, FundSource.VOLUNTARY, campaign_day(rng), Money.tenge(tenge), name, bin_,
                       donor_type=rng.choice(["Юр. лицо", "Юр. лицо", "юрлицо"]),
                       citizenship=rng.choice([None, None, "РК"]),
                       purpose=rng.choice(PURPOSES), document=self.next_doc(), sheet=sheet)

    def breach(self, base: Receipt, note: str, rules: tuple[str, ...], outcome: str = "held", **changes) -> Receipt:
        for key, value in changes.items():
            setattr(base, key, value)
        base.rules, base.outcome, base.note = rules, outcome, note
        return base

    # -- contributions.xlsx -----------------------------------------------------------------
    def make_contributions_xlsx(self) -> list[Receipt]:
        f, rng = "contributions.xlsx", self.rng
        phys, jur = "Физ. лица", "Юр. лица"
        persons = [self.person_receipt(f, phys, russian_only=False) for _ in range(128)]
        # The row the regions CSV will repeat: Russian letters only, IIN and document as text.
        dup = self.person_receipt(f, phys, russian_only=True)
        dup.day, dup.amount, dup.citizenship = dt.date(2007, 7, 24), Money.tenge(250_000), "РК"
        dup.note = "repeated in contributions_regions.csv (becomes a duplicate there)"
        self.duplicated = dup
        persons.append(dup)
        # One early gift: lawful under kz-2007 (no window) but before the fund's window.
        early = self.person_receipt(f, phys, russian_only=False)
        early.day, early.note = dt.date(2007, 6, 28), "dated 28.06.2007: OUTSIDE_WINDOW in the window scenario"
        persons.append(early)
        # Breaches among individuals.
        cand_pos, cand_name, cand_iin = self.candidates[4]
        persons += [
            self.breach(self.person_receipt(f, phys, False), "foreign citizen (Гражданство «Россия»)",
                        ("BAN_FOREIGN",), citizenship="Россия"),
            self.breach(self.person_receipt(f, phys, False), "stateless person",
                        ("BAN_FOREIGN",), citizenship="Лицо без гражданства"),
            self.breach(self.person_receipt(f, phys, False),
                        f"candidate No. {cand_pos} of the party list giving own money (IIN on the list)",
                        ("BAN_CANDIDATE_OWN",), name=cand_name, id_digits=cand_iin,
                        amount=Money.tenge(1_500_000), purpose="Личные средства кандидата на избирательную кампанию"),
            self.breach(self.person_receipt(f, phys, True), "IIN fails its check digit", ("ID_INVALID",)),
            self.breach(self.person_receipt(f, phys, False), "anonymous: no name, no IIN (cash through the bank)",
                        ("BAN_ANONYMOUS",), name=None, id_digits=None, donor_type=None, citizenship=None,
                        amount=Money.tenge(300_000),
                        purpose="Взнос наличными через кассу банка, данные вносителя не указаны"),
            self.breach(self.person_receipt(f, phys, False), "grant recipient (IIN on foreign_grantees.csv)",
                        ("BAN_FOREIGN",), name=self.foreign_grantees["person"][0],
                        id_digits=self.foreign_grantees["person"][1], citizenship="РК"),
            self.breach(self.person_receipt(f, phys, False), "negative amount", (), "rejected",
                        amount=None, amount_cell=f"-50{NBSP}000,00"),
            self.breach(self.person_receipt(f, phys, False),
                        "amount stored with 3 decimals (25000.755, shown as 25 000,76)", (), "rejected",
                        amount=None, amount_cell=25000.755),
            self.breach(self.person_receipt(f, phys, False), "unreadable date (31.09.2007 does not exist)", (),
                        "rejected", day=None, date_cell="31.09.2007"),
        ]
        bad = next(r for r in persons if r.rules == ("ID_INVALID",))
        bad.id_cell = self.ids.broken(bad.id_digits)
        bad.id_digits = bad.id_cell

        companies = [self.company_receipt(f, jur) for _ in range(42)]
        companies += [self.person_receipt(f, jur, russian_only=True, big=True) for _ in range(4)]
        for r in companies[-4:]:  # individual entrepreneurs, listed with the organisations
            surname, first, father = r.name.split()
            r.name, r.donor_type = f"ИП {surname} {first[0]}.{father[0]}.", "ИП"
        sb = self.state_orgs["list_only"]
        fp = self.foreign_participation["caspian"]
        gf = self.foreign_grantees["fund"]
        companies += [
            self.breach(self.company_receipt(f, jur), "non-resident legal entity (BIN digit 5 = 5)",
                        ("BAN_FOREIGN",), name="ООО «Сибирская торговая компания»",
                        id_digits=self.ids.bin(2003, 2006, kind="5"), citizenship=None),
            self.breach(self.company_receipt(f, jur), "international organisation (by name)", ("BAN_FOREIGN",),
                        name="Представительство международной организации «Евразийская сеть развития»",
                        id_digits=self.ids.bin(2004, 2006, office="2"), citizenship=None),
            self.breach(self.company_receipt(f, jur), "legal entity with foreign participation (BIN on the list)",
                        ("BAN_FOREIGN",), name=fp[0], id_digits=fp[1]),
            self.breach(self.company_receipt(f, jur), "recipient of foreign grants (BIN on the list)",
                        ("BAN_FOREIGN",), name=gf[0], id_digits=gf[1], donor_type="Юр. лицо"),
            self.breach(self.company_receipt(f, jur), "state institution by name marker «ГУ»", ("BAN_STATE",),
                        name="ГУ «Аппарат акима Целиноградского района»"),
            self.breach(self.company_receipt(f, jur), "state enterprise by name marker «РГП»", ("BAN_STATE",),
                        name="РГП на ПХВ «Областной центр технической инвентаризации»"),
            self.breach(self.company_receipt(f, jur), "state institution by name marker «КГУ»", ("BAN_STATE",),
                        name="КГУ «Средняя школа № 12 отдела образования г. Костаная»"),
            self.breach(self.company_receipt(f, jur), "state-owned company only by state_bins.csv",
                        ("BAN_STATE",), name=sb[0], id_digits=sb[1], amount=Money.tenge(5_000_000)),
            self.breach(self.company_receipt(f, jur), "charitable foundation", ("BAN_CHARITY",),
                        name="Благотворительный фонд «Мейірім»"),
            self.breach(self.company_receipt(f, jur), "religious association", ("BAN_RELIGIOUS",),
                        name="Религиозное объединение «Община Свет Веры»"),
        ]
        # Layout: mostly in date order, a few late entries out of order, as books are kept.
        for group in (persons, companies):
            group.sort(key=lambda r: (r.day or dt.date(2007, 8, 1), r.document))
            for _ in range(4):
                i = rng.randrange(len(group))
                group.insert(rng.randrange(len(group)), group.pop(i))
        self.style_cells(persons, number_ids=0.25)
        self.style_cells(companies, number_ids=0.45)
        dup.id_cell, dup.date_cell, dup.amount_cell = dup.id_digits, dup.day, 250_000
        return persons + companies

    def style_cells(self, rows: list[Receipt], number_ids: float) -> None:
        """How each cell is typed: dates as dates or text, amounts as numbers or text, numbers as
        text or as numbers (losing a BIN's leading zero)."""
        rng = self.rng
        for r in rows:
            if r.date_cell is None:
                r.date_cell = r.day if rng.random() < 0.7 else day_text(r.day)
            if r.amount_cell is None:
                roll = rng.random()
                if roll < 0.62:
                    r.amount_cell = number_amount(r.amount)
                elif roll < 0.9:
                    r.amount_cell = text_amount(r.amount, "nbsp")
                elif roll < 0.96:
                    r.amount_cell = text_amount(r.amount, "space")
                else:
                    r.amount_cell = text_amount(r.amount, "comma")
            if r.id_cell is None and r.id_digits is not None:
                # typed as a number only when a reader can restore it: one lost zero, not two
                r.id_cell = int(r.id_digits) if (rng.random() < number_ids and ids.is_valid(r.id_digits)
                                                 and not r.id_digits.startswith("00")) else r.id_digits
            if rng.random() < 0.3 and isinstance(r.document, str):
                r.document = int(r.document)

    # -- contributions_regions.csv ------------------------------------------------------------
    def make_regions_csv(self, before_voluntary: Money) -> list[Receipt]:
        f, rng = "contributions_regions.csv", self.rng
        rows: list[Receipt] = []
        for i in range(21):
            r = self.company_receipt(f, None) if i % 3 == 0 else self.person_receipt(f, None, russian_only=True)
            r.day = dt.date(2007, 7, 5) + dt.timedelta(days=rng.randint(0, 30))
            rows.append(r)
        rows[3].id_digits = self.ids.bin(2000, 2006)  # registered 2000-2006: starts with 0
        rows[3].id_cell = rows[3].id_digits[1:]
        rows[3].note = "BIN written with 11 digits (leading zero lost)"
        zero = self.person_receipt(f, None, russian_only=True)
        zero.day = dt.date(2007, 7, 30)
        rows.append(self.breach(zero, "zero amount", (), "rejected", amount=None, amount_cell="0,00"))
        dup = self.duplicated
        rows.append(Receipt(f, FundSource.VOLUNTARY, dup.day, dup.amount, dup.name, dup.id_digits,
                            donor_type=dup.donor_type, citizenship=dup.citizenship, purpose=dup.purpose,
                            document=dup.document, outcome="duplicate",
                            note=f"exact repeat of {dup.where} (same document {dup.document})"))
        rows.sort(key=lambda r: r.day)
        accepted_before = before_voluntary + sum((r.amount for r in rows if r.outcome == "posted"), Money(0))
        cap = BUILT_IN[PROFILE].voluntary_cap
        headroom = cap - accepted_before
        if not headroom.is_positive:
            raise SystemExit(f"regions CSV: no headroom left before the split ({headroom.human()}); reseed")
        # Two large regional gifts bring the fund close to the cap, so the split itself is of an
        # ordinary size.
        for name, day in (("АО «Павлодар Химпром Инвест»", dt.date(2007, 8, 1)),
                          ("ТОО «Актобе Нефтемаш Сервис»", dt.date(2007, 8, 3))):
            room = headroom.tiyn // 100 - 4_000_000
            if room < 1_000_000:
                break
            big = self.company_receipt(f, None)
            big.name, big.day = name, day
            big.amount = Money.tenge(min(10_000_000, room // 500_000 * 500_000))
            rows.append(big)
            headroom -= big.amount
        # The split: a big organisation's gift that crosses the voluntary cap on 08.08.2007.
        split_tenge = -(-(headroom.tiyn // 100 + 1_500_000) // 1_000_000) * 1_000_000
        split = self.company_receipt(f, None)
        split.name, split.day, split.amount = "АО «Кокшетау Минерал Ресурс»", dt.date(2007, 8, 8), Money.tenge(split_tenge)
        split.rules, split.outcome, split.note = ("CAP_VOLUNTARY",), "split", "crosses the voluntary cap: split"
        rows.append(split)
        for k in range(4):
            r = self.person_receipt(f, None, russian_only=True, big=k % 2 == 0) if k != 2 else self.company_receipt(f, None)
            r.day = dt.date(2007, 8, 9 + k * 2)
            r.rules, r.outcome, r.note = ("CAP_VOLUNTARY",), "held", "after the voluntary cap: wholly refund due"
            rows.append(r)
        rows.sort(key=lambda r: r.day)
        for r in rows:
            r.date_cell = day_text(r.day)
            if r.amount_cell is None:
                r.amount_cell = text_amount(r.amount, rng.choice(["plain", "plain", "nbsp"]))
                if r.amount_cell.isdigit() or "," not in r.amount_cell:
                    r.amount_cell += ",00"
            if r.id_cell is None:
                r.id_cell = r.id_digits
            r.document = str(r.document)
        return rows

    # -- contributions_kk.csv ---------------------------------------------------------------
    def make_kk_csv(self) -> list[Receipt]:
        f, rng = "contributions_kk.csv", self.rng
        rows = []
        for k in range(7):
            r = self.person_receipt(f, None, russian_only=False) if k != 4 else self.company_receipt(f, None)
            if k in (0, 2, 5):  # make sure the Kazakh file has Kazakh letters in it
                male = k != 2
                r.name = self.names.person(male, kazakh_letters=True)
            if k == 4:
                r.name = r.name.replace("ТОО", "ЖШС")
            r.day = dt.date(2007, 8, 16) + dt.timedelta(days=k // 3)   # after the other books' last day
            r.rules, r.outcome, r.note = ("CAP_VOLUNTARY",), "held", "after the voluntary cap (reached in the previous file): refund due"
            rows.append(r)
        anon = self.person_receipt(f, None, False)
        rows.append(self.breach(anon, "anonymous («Белгісіз», no ЖСН)", ("BAN_ANONYMOUS",), name="Белгісіз",
                                id_digits=None, day=dt.date(2007, 8, 17), amount=Money.tenge(100_000)))
        rows.sort(key=lambda r: r.day)
        for r in rows:
            r.donor_type = r.citizenship = None  # this book has no such columns
            r.date_cell = day_text(r.day)
            r.amount_cell = text_amount(r.amount, rng.choice(["space", "plain"]))
            r.id_cell = r.id_digits or ""
            r.purpose = "Сайлау қорына ерікті қайырмалдық"
            r.document = str(r.document)
        return rows

    # -- the bank's statement of contributions_kk.csv's days ---------------------------------------
    def make_statement(self, kk_rows: list[Receipt]) -> list[Receipt]:
        """The bank's lines of STATEMENT_DAYS: every register row of those days but two (the
        anonymous «Белгісіз» and one citizen's 30 000: NOT_IN_BANK), one of them credited a day
        after the register's date, and two credits no register row documents (a citizen's gift
        and cash paid in through a terminal: UNDOCUMENTED)."""
        start, end = STATEMENT_DAYS
        covered = [r for r in kk_rows if start <= r.day <= end]
        lines = []
        for r in covered:
            if r.name == "Белгісіз" or r.amount == Money.tenge(30_000):
                r.outcome, r.rules, r.note = "not_in_bank", ("NOT_IN_BANK",), f"not in the bank's {STATEMENT}"
                continue
            r.outcome, r.rules, r.note = "matched", (), f"matched to the bank's line in {STATEMENT}"
            day = r.day + dt.timedelta(days=1) if len(lines) == 1 else r.day
            lines.append(Receipt(STATEMENT, FundSource.VOLUNTARY, day, r.amount, r.name, r.id_digits,
                                 purpose=r.purpose, document=r.document, outcome="held", rules=("CAP_VOLUNTARY",),
                                 note="after the voluntary cap: refund due (the register's row is matched to it)"))
        gift = self.person_receipt(STATEMENT, None, russian_only=False)
        gift.day, gift.amount, gift.donor_type, gift.citizenship = dt.date(2007, 8, 17), Money.tenge(50_000), None, None
        gift.purpose, gift.outcome, gift.rules = "Сайлау қорына ерікті қайырмалдық", "held", ("CAP_VOLUNTARY",)
        gift.note = "undocumented: no register row; after the voluntary cap, refund due"
        cash = Receipt(STATEMENT, FundSource.VOLUNTARY, dt.date(2007, 8, 17), Money.tenge(40_000),
                       "Взнос наличными через терминал", None, purpose="Пополнение счета через терминал",
                       document=self.next_doc(), outcome="held", rules=("BAN_ANONYMOUS",),
                       note="undocumented and anonymous: due to the republican budget")
        lines += [gift, cash]
        lines.sort(key=lambda r: r.day)
        for n, r in enumerate(lines, start=1):
            r.row = n
        return lines

    # -- own_funds.xlsx -------------------------------------------------------------------------
    def make_own_funds(self) -> list[Receipt]:
        f = "own_funds.xlsx"
        self.party_bin = self.ids.bin(2003, 2003)
        plan = [(dt.date(2007, 7, 4), 10_000_000), (dt.date(2007, 7, 11), 8_000_000),
                (dt.date(2007, 7, 19), 10_000_000), (dt.date(2007, 7, 26), 7_500_000),
                (dt.date(2007, 8, 2), 9_000_000), (dt.date(2007, 8, 9), 6_000_000),
                (dt.date(2007, 8, 14), 2_500_000)]
        rows = []
        for k, (day, tenge) in enumerate(plan):
            r = Receipt(f, FundSource.OWN_FUNDS, day, Money.tenge(tenge), PARTY, self.party_bin,
                        date_cell=day if k % 3 else day_text(day),
                        amount_cell=tenge if k % 2 == 0 else text_amount(Money.tenge(tenge), "nbsp"),
                        id_cell=int(self.party_bin) if k % 2 else self.party_bin,
                        purpose="Перечисление собственных средств партии в избирательный фонд",
                        document=str(300 + k * 7), sheet=OWN_SHEET)
            rows.append(r)
        rows[5].rules, rows[5].outcome, rows[5].note = ("CAP_OWN",), "split", "crosses the own-funds cap: split, the excess due to the party"
        rows[6].rules, rows[6].outcome, rows[6].note = ("CAP_OWN",), "held", "after the own-funds cap: wholly due to the party"
        return rows

    # -- spending.xlsx ----------------------------------------------------------------------------
    def make_spending(self, available: Money) -> list[Spending]:
        f, rng = "spending.xlsx", self.rng
        payees = {
            "media_tv": [("ТОО «Телеканал Дала ТВ»", ""), ("АО «Телерадиокомпания Шыгыс»", "")],
            "media_radio": [("ТОО «Радио Самал FM»", "")],
            "media_press": [("ТОО «Редакция газеты «Вести Сарыарки»»", ""), ("ТОО «Издательский дом «Жетысу Таңы»»", "")],
            "media_online": [("ТОО «Интернет-портал «Дала Ньюс»»", "")],
            "printed": [("ТОО «Типография «Полиграф-Центр»»", ""), ("ИП Абенов Б.К.", "")],
            "audiovisual": [("ТОО «Студия «Кадр»»", "")],
            "other_materials": [("ТОО «Сувенир Принт»", "")],
            "events": [("ТОО «Дворец культуры «Шахтер»»", ""), ("ТОО «Кейтеринг Сервис»", "")],
            "transport": [("ТОО «Автобусный парк № 2»", ""), ("ТОО «Авиакасса Жол»", "")],
            "rent": [("ТОО «Бизнес-центр «Нурлы Жол»»", ""), ("ТОО «Прокат звука и света»", "")],
            "other_spending": [("АО «Банк Береке»", ""), ("ТОО «Канцтовары Оптом»", "")],
        }
        for role in payees:
            payees[role] = [(name, self.ids.bin(1997, 2006)) for name, _ in payees[role]]
        texts_for = {}
        for text, role in CATEGORY_TEXTS.items():
            texts_for.setdefault(role, []).append(text)
        ranges = {"media_tv": (2_000_000, 9_000_000), "media_radio": (400_000, 1_500_000),
                  "media_press": (500_000, 2_500_000), "media_online": (300_000, 1_200_000),
                  "printed": (1_000_000, 6_000_000), "audiovisual": (1_500_000, 5_000_000),
                  "other_materials": (300_000, 1_500_000), "events": (200_000, 1_800_000),
                  "transport": (100_000, 900_000), "rent": (150_000, 1_200_000),
                  "other_spending": (20_000, 300_000)}
        purposes = {"media_tv": "Эфирное время, агитационный ролик", "media_radio": "Радиоэфир, агитационный ролик",
                    "media_press": "Публикация агитационных материалов", "media_online": "Баннерная реклама на портале",
                    "printed": "Изготовление листовок и плакатов", "audiovisual": "Производство видеороликов",
                    "other_materials": "Значки, футболки, календари", "events": "Встреча с избирателями",
                    "transport": "Проезд агитационной группы", "rent": "Аренда зала и звукового оборудования",
                    "other_spending": "Банковское обслуживание, канцтовары"}
        per_candidate = {"printed", "events", "transport", "rent"}
        roles = list(SPENDING_ROLES)
        plan = roles + [rng.choice(roles) for _ in range(49 - len(roles))]
        rows: list[Spending] = []
        for k, role in enumerate(plan):
            low, high = ranges[role]
            tenge = rng.randrange(low, high, 5_000)
            day = campaign_day(rng, dt.date(2007, 7, 4), dt.date(2007, 8, 16))
            if k == 0:
                day = dt.date(2007, 6, 29)  # prepaid before the fund opened: window scenario
            payee, payee_bin = rng.choice(payees[role])
            candidate = None
            if role in per_candidate and rng.random() < 0.6:
                candidate = rng.choice(self.candidates)[1]
            rows.append(Spending(f, day, Money.tenge(tenge), rng.choice(texts_for[role]), payee, payee_bin, sheet=SPENDING_SHEET,
                                 document=f"{rng.choice(['Сч-ф', 'Акт', 'Дог.'])} № {rng.randint(10, 999)}",
                                 purpose=purposes[role] + (f" ({rng.choice(REGIONS)})" if role in ("events", "transport") else ""),
                                 candidate=candidate))
        rows[0].note = "dated 29.06.2007: OUTSIDE_WINDOW in the window scenario"
        # Scale the 49 lawful rows to about 96 % of the money available, then overspend once.
        spent = sum((r.amount for r in rows), Money(0))
        target = available.tiyn * 96 // 100
        for r in rows:
            r.amount = Money(r.amount.tiyn * target // spent.tiyn // 100_000 * 100_000 or 100_000)
        left = available - sum((r.amount for r in rows), Money(0))
        assert left.is_positive, left
        over = Money.tenge(1_234_500)
        last = Spending(f, dt.date(2007, 8, 17), left + over, "Эфирное время на телевидении",
                        *payees["media_tv"][0], document="Сч-ф № 1207",
                        purpose="Дополнительное эфирное время в последний день агитации",
                        sheet=SPENDING_SHEET,
                        rules=("OVERSPEND",), note=f"overspends the fund by {over.human()}")
        rows.sort(key=lambda r: r.day)
        rows.append(last)
        for r in rows:
            r.date_cell = r.day if rng.random() < 0.75 else day_text(r.day)
            r.amount_cell = number_amount(r.amount) if rng.random() < 0.7 else text_amount(r.amount, "nbsp")
            r.bin_cell = int(r.payee_bin) if rng.random() < 0.3 else r.payee_bin
        return rows


# --- writing ------------------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
FIXED_TIME = dt.datetime(2007, 8, 20, 9, 0, 0)


def new_workbook() -> Workbook:
    wb = Workbook()
    wb.properties.creator = "Казначей избирательного фонда"
    wb.properties.created = FIXED_TIME
    wb.properties.lastModifiedBy = "Казначей избирательного фонда"
    return wb


def save(wb: Workbook, path: Path) -> None:
    """Save with fixed timestamps (the modified date openpyxl stamps and the zip entries' times),
    so that the same content gives the same bytes and a regenerated book makes no git diff."""
    buf = io.BytesIO()
    wb.save(buf)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    path.write_bytes(out.getvalue())


def title_rows(ws, titles: list[str], width: int) -> None:
    for i, text in enumerate(titles, start=1):
        ws.cell(i, 1, text).font = Font(bold=True, size=12 if i == 1 else 11)
        ws.cell(i, 1).alignment = Alignment(horizontal="center")
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)


def header_row(ws, row: int, headers: list[str], widths: list[int]) -> None:
    for col, (text, w) in enumerate(zip(headers, widths), start=1):
        c = ws.cell(row, col, text)
        c.font, c.border = BOLD, BOX
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = w
    ws.row_dimensions[row].height = 32


def put(ws, row: int, col: int, value, fmt: str | None = None):
    c = ws.cell(row, col, value)
    c.border = BOX
    if isinstance(value, (dt.date, dt.datetime)):
        c.number_format = "DD.MM.YYYY"
    elif isinstance(value, (int, float)) and fmt:
        c.number_format = fmt
    return c


def totals_row(ws, row: int, label_span: int, amount_col: int, first: int, last: int, width: int) -> None:
    ws.cell(row, 1, "Итого").font = BOLD
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=label_span)
    col = get_column_letter(amount_col)
    c = ws.cell(row, amount_col, f"=SUM({col}{first}:{col}{last})")
    c.font, c.number_format = BOLD, "# ##0.00"
    for k in range(1, width + 1):
        ws.cell(row, k).border = BOX


AMOUNT_FMT = "# ##0.00"
ID_FMT = "0"
CONTRIB_HEADERS = ["№ п/п", "Дата поступления", "Ф.И.О. / Наименование жертвователя", "ИИН/БИН",
                   "Тип жертвователя", "Гражданство", "Сумма, тенге", "Назначение платежа",
                   "№ платёжного поручения"]


def write_contributions_xlsx(path: Path, rows: list[Receipt]) -> None:
    wb = new_workbook()
    wb.remove(wb.active)
    for sheet, subtitle in (("Физ. лица", "Добровольные пожертвования граждан Республики Казахстан"),
                            ("Юр. лица", "Добровольные пожертвования организаций Республики Казахстан")):
        ws = wb.create_sheet(sheet)
        title_rows(ws, [f"Избирательный фонд: {PARTY}",
                        f"{subtitle} (выборы в Мажилис, 18.08.2007)"], len(CONTRIB_HEADERS))
        # row 3 is left blank, the header is on row 4
        header_row(ws, 4, CONTRIB_HEADERS, [7, 14, 44, 16, 14, 14, 16, 46, 14])
        r = 5
        for n, rec in enumerate((x for x in rows if x.sheet == sheet), start=1):
            rec.row = r
            put(ws, r, 1, n)
            put(ws, r, 2, rec.date_cell)
            put(ws, r, 3, rec.name)
            put(ws, r, 4, rec.id_cell, ID_FMT)
            put(ws, r, 5, rec.donor_type)
            put(ws, r, 6, rec.citizenship)
            put(ws, r, 7, rec.amount_cell, AMOUNT_FMT).alignment = Alignment(horizontal="right")
            put(ws, r, 8, rec.purpose)
            put(ws, r, 9, rec.document)
            r += 1
        # a blank row, then the total (SUM counts only the amounts typed as numbers)
        totals_row(ws, r + 1, 6, 7, 5, r - 1, len(CONTRIB_HEADERS))
        ws.freeze_panes = "A5"
    save(wb, path)


def write_own_funds(path: Path, rows: list[Receipt]) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = OWN_SHEET
    headers = ["№ п/п", "Дата", "Плательщик", "БИН плательщика", "Сумма, тенге", "Назначение платежа",
               "№ платёжного поручения"]
    title_rows(ws, [f"Избирательный фонд: {PARTY}",
                    "Собственные средства партии, перечисленные в избирательный фонд"], len(headers))
    header_row(ws, 4, headers, [7, 14, 30, 16, 18, 56, 14])
    for n, rec in enumerate(rows, start=1):
        rec.row = 4 + n
        for col, value in enumerate([n, rec.date_cell, rec.name, rec.id_cell, rec.amount_cell, rec.purpose,
                                     rec.document], start=1):
            put(ws, rec.row, col, value, AMOUNT_FMT if col == 5 else ID_FMT)
    totals_row(ws, 4 + len(rows) + 2, 4, 5, 5, 4 + len(rows), len(headers))
    save(wb, path)


def write_spending(path: Path, rows: list[Spending]) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = SPENDING_SHEET
    headers = ["№ п/п", "Дата", "Статья расходов", "Кандидат", "Получатель", "БИН получателя",
               "Сумма, тенге", "№ документа", "Содержание операции"]
    title_rows(ws, [f"Избирательный фонд: {PARTY}",
                    "Расходование средств избирательного фонда"], len(headers))
    header_row(ws, 4, headers, [7, 12, 32, 32, 40, 16, 16, 14, 48])
    for n, rec in enumerate(rows, start=1):
        rec.row = 4 + n
        for col, value in enumerate([n, rec.date_cell, rec.category_text, rec.candidate, rec.payee, rec.bin_cell,
                                     rec.amount_cell, rec.document, rec.purpose], start=1):
            put(ws, rec.row, col, value, AMOUNT_FMT if col == 7 else ID_FMT)
    totals_row(ws, 4 + len(rows) + 2, 6, 7, 5, 4 + len(rows), len(headers))
    save(wb, path)


def write_candidates(path: Path, candidates) -> None:
    wb = new_workbook()
    ws = wb.active
    ws.title = "Партийный список"
    title_rows(ws, [f"Партийный список кандидатов в депутаты Мажилиса: {PARTY}"], 3)
    header_row(ws, 3, ["№", "ФИО кандидата", "ИИН"], [6, 44, 16])
    for k, (pos, name, iin) in enumerate(candidates):
        put(ws, 4 + k, 1, pos)
        put(ws, 4 + k, 2, name)
        put(ws, 4 + k, 3, iin)
    save(wb, path)


def csv_bytes(rows: list[list], delimiter: str = ";") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerows(rows)
    return buf.getvalue()


def write_regions_csv(path: Path, rows: list[Receipt]) -> None:
    lines = [["№", "Дата поступления", "Жертвователь", "ИИН/БИН", "Тип жертвователя", "Гражданство",
              "Сумма взноса (тг)", "Назначение платежа", "№ документа"]]
    for n, rec in enumerate(rows, start=1):
        rec.row = n + 1
        lines.append([n, rec.date_cell, rec.name or "", rec.id_cell or "", rec.donor_type or "",
                      rec.citizenship or "", rec.amount_cell, rec.purpose or "", rec.document])
    path.write_bytes(csv_bytes(lines).encode("cp1251"))  # fails loudly on a Kazakh letter


def write_kk_csv(path: Path, rows: list[Receipt]) -> None:
    lines = [["Р/с", "Күні", "Аты-жөні", "ЖСН/БСН", "Сомасы", "Төлем мақсаты", "Құжат №"]]
    for n, rec in enumerate(rows, start=1):
        rec.row = n + 1
        lines.append([n, rec.date_cell, rec.name or "", rec.id_cell, rec.amount_cell, rec.purpose, rec.document])
    path.write_bytes(b"\xef\xbb\xbf" + csv_bytes(lines).encode("utf-8"))


def write_statement(path: Path, lines: list[Receipt]) -> None:
    """The bank's 1C exchange file (UTF-8: the payers' names have Kazakh letters)."""
    start, end = (day.strftime("%d.%m.%Y") for day in STATEMENT_DAYS)
    received = sum((r.amount for r in lines), Money(0))
    out = ["1CClientBankExchange", "ВерсияФормата=1.02", "Кодировка=UTF-8", "Отправитель=Halyk Homebank",
           "Получатель=1С:Бухгалтерия", "ДатаСоздания=18.08.2007", "ВремяСоздания=09:00:00",
           f"ДатаНачала={start}", f"ДатаКонца={end}", f"РасчСчет={FUND_ACCOUNT}", "Документ=Платежное поручение",
           "СекцияРасчСчет", f"ДатаНачала={start}", f"ДатаКонца={end}", f"РасчСчет={FUND_ACCOUNT}",
           "НачальныйОстаток=0.00", f"ВсегоПоступило={received.machine()}", "ВсегоСписано=0.00",
           f"КонечныйОстаток={received.machine()}", "КонецРасчСчет"]
    for r in lines:
        day = r.day.strftime("%d.%m.%Y")
        out += ["СекцияДокумент=Платежное поручение", f"Номер={r.document}", f"Дата={day}",
                f"Сумма={r.amount.machine()}", f"СуммаПриход={r.amount.machine()}", f"ДатаПоступило={day}",
                f"Плательщик={r.name}"]
        if r.id_digits:
            out += [f"ПлательщикБИН_ИИН={r.id_digits}", f"ПлательщикКБЕ={17 if r.id_digits[4] in '456' else 19}"]
        out += [f"ПолучательИИК={FUND_ACCOUNT}", "КодНазначенияПлатежа=119", f"НазначениеПлатежа={r.purpose}",
                "КонецДокумента"]
    out.append("КонецФайла")
    path.write_bytes(("\r\n".join(out) + "\r\n").encode("utf-8"))


def write_list_csv(path: Path, header: list[str], rows: list[tuple[str, str]]) -> None:
    path.write_bytes(b"\xef\xbb\xbf" + csv_bytes([header] + [[b, n] for n, b in rows]).encode("utf-8"))


# --- expected results -------------------------------------------------------------------------

def simulate(receipt_files: list[list[Receipt]], spending: list[Spending], profile: RuleProfile,
             lists: ReferenceLists, sheet_order: dict[str, int]) -> dict:
    """Judge every row in ledger order with the pure rules; returns per-row results and totals."""
    zero = Money(0)
    own = vol = refunds = budget = party = received = spent = zero
    by_role = {"voluntary_individuals": zero, "voluntary_organisations": zero}
    seen: dict[str, dict] = {}
    for rows in receipt_files:
        ordered = sorted(rows, key=lambda r: (r.day or dt.date.min, sheet_order.get(r.sheet, 0), r.row))
        for r in ordered:
            if r.outcome in RECONCILED_OUTCOMES:   # a register row a statement covers books no money
                r.result = {"outcome": r.outcome, "rules": list(r.rules)}
                continue
            if r.day is None or r.amount is None:
                r.result = {"outcome": "rejected", "rules": []}
                continue
            donor = classify(r.facts(), lists)
            key = f"{r.source.value}|{r.id_digits or r.name}|{r.document}|{r.day}|{r.amount.tiyn}"
            content = dict(name=r.name, id=r.id_digits, type=r.donor_type, cit=r.citizenship,
                           purpose=r.purpose, doc=str(r.document))
            if key in seen:
                assert seen[key] == content, f"{r.where}: same key, different content"
                r.result = {"outcome": "duplicate", "rules": []}
                continue
            seen[key] = content
            verdict = judge_receipt(r.amount, r.day, r.source, donor, profile, Accepted(own, vol))
            received += r.amount
            if r.source is FundSource.OWN_FUNDS:
                own += verdict.accepted
            else:
                vol += verdict.accepted
                role = source_account_role(r.source, donor)
                by_role[role] += verdict.accepted
            refunds += verdict.refund_due
            budget += verdict.budget_due
            party += verdict.due_to_party
            r.result = {"outcome": verdict.outcome.value, "rules": [f.rule for f in verdict.findings],
                        "amount": r.amount.machine(), "accepted": verdict.accepted.machine(),
                        "refund_due": verdict.refund_due.machine(), "budget_due": verdict.budget_due.machine(),
                        "party_due": verdict.due_to_party.machine()}
    by_category = {role: zero for role in SPENDING_ROLES}
    for s in sorted(spending, key=lambda s: (s.day, s.row)):
        available = received - spent - refunds - budget - party
        rules = []
        over = zero
        if s.amount > available:
            over = s.amount - available.max(zero)
            rules.append("OVERSPEND")
        if not profile.in_window(s.day):
            rules.append("OUTSIDE_WINDOW")
        spent += s.amount
        by_category[s.category] += s.amount
        s.result = {"outcome": "posted", "rules": rules, "amount": s.amount.machine()}
        if over:
            s.result["overspent"] = over.machine()
    bank = received - spent
    owed = refunds + budget + party
    return {
        "received": received.machine(), "accepted_own_funds": own.machine(),
        "accepted_voluntary": vol.machine(),
        "accepted_voluntary_individuals": by_role["voluntary_individuals"].machine(),
        "accepted_voluntary_organisations": by_role["voluntary_organisations"].machine(),
        "refunds_due": refunds.machine(), "budget_due": budget.machine(), "party_due": party.machine(),
        "spent": spent.machine(), "bank_balance": bank.machine(), "available": (bank - owed).machine(),
        "spent_by_category": {k: v.machine() for k, v in by_category.items()},
    }


def per_file(files: dict[str, list]) -> dict:
    out = {}
    for name, rows in files.items():
        outcomes = dict.fromkeys(OUTCOMES + RECONCILED_OUTCOMES, 0)
        findings = dict.fromkeys(RULE_CODES, 0)
        for r in rows:
            outcomes[r.result["outcome"]] += 1
            for rule in r.result["rules"]:
                findings[rule] += 1
        # an import report counts the reconciled outcomes only where there are some
        outcomes = {o: n for o, n in outcomes.items() if o in OUTCOMES or n}
        out[name] = {"rows": len(rows), "outcomes": outcomes, "findings": findings}
    return out


def notable(files: dict[str, list]) -> list[dict]:
    """Every row that is not simply posted whole, and every row with a note."""
    out = []
    for rows in files.values():
        for r in sorted(rows, key=lambda r: (r.sheet or "", r.row)):
            if r.result["outcome"] == "posted" and not r.result["rules"] and not r.note:
                continue
            item = {"file": r.file, "sheet": r.sheet, "row": r.row, "who": getattr(r, "name", None) or getattr(r, "payee", None)}
            item.update(r.result)
            item["note"] = r.note
            out.append(item)
    return out


def reconciliation(register: list[Receipt], bank: list[Receipt]) -> dict[str, int]:
    """What `fundledger reconcile` lists, by construction: the register rows the statement
    covers, matched or not in the bank, and the bank's lines no register row documents."""
    counts = dict.fromkeys(c.value for c in Reconciliation)
    outcomes = [r.outcome for r in register]
    counts.update(MATCHED=outcomes.count("matched"), AMOUNT_DIFFERS=0, DATE_DIFFERS=0,
                  NOT_IN_BANK=outcomes.count("not_in_bank"), UNDOCUMENTED=sum(r.note.startswith("undocumented") for r in bank))
    return counts


def check_intent(rows) -> None:
    for r in rows:
        got_outcome, got_rules = r.result["outcome"], tuple(r.result["rules"])
        if got_outcome != r.outcome or got_rules != tuple(r.rules):
            raise SystemExit(f"{r.where} ({getattr(r, 'name', '')}): designed as {r.outcome} {r.rules}, "
                             f"the rules give {got_outcome} {got_rules}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--out", type=Path, default=Path(__file__).resolve().parent)
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)

    m = Maker()
    m.make_lists()
    own_rows = m.make_own_funds()
    xlsx_rows = m.make_contributions_xlsx()

    # Lay the xlsx out first (row numbers), then learn how much voluntary money it accepts, so
    # the regions CSV can cross the cap on a row chosen by construction.
    write_own_funds(out / "own_funds.xlsx", own_rows)
    write_contributions_xlsx(out / "contributions.xlsx", xlsx_rows)
    profile = BUILT_IN[PROFILE]
    sheets = {"Физ. лица": 0, "Юр. лица": 1}
    simulate([own_rows, xlsx_rows], [], profile, m.lists, sheets)
    before = sum((Money.of(r.result["accepted"]) for r in xlsx_rows if "accepted" in r.result), Money(0))
    regions_rows = m.make_regions_csv(before)
    kk_rows = m.make_kk_csv()
    write_regions_csv(out / "contributions_regions.csv", regions_rows)
    write_kk_csv(out / "contributions_kk.csv", kk_rows)
    simulate([own_rows, xlsx_rows, regions_rows, kk_rows], [], profile, m.lists, sheets)
    # Money available when spending.xlsx is imported (after every receipt).
    accepted = profile.own_cap + profile.voluntary_cap
    spend_rows = m.make_spending(accepted)
    # The statement draws its undocumented donor last, so that the other books stay as they were.
    statement_lines = m.make_statement(kk_rows)
    write_statement(out / STATEMENT, statement_lines)
    receipts = [own_rows, xlsx_rows, regions_rows, statement_lines, kk_rows]
    write_spending(out / "spending.xlsx", spend_rows)
    write_candidates(out / "candidates.xlsx", m.candidates)
    write_list_csv(out / "state_bins.csv", ["БИН", "Наименование"], list(m.state_orgs.values()))
    write_list_csv(out / "foreign_participation.csv", ["БИН", "Наименование"], list(m.foreign_participation.values()))
    write_list_csv(out / "foreign_grantees.csv", ["ИИН/БИН", "Наименование / Ф.И.О."], list(m.foreign_grantees.values()))

    # Every number meant to be valid is valid, and the broken one is not.
    every_id = [iin for _, _, iin in m.candidates] + [b for _, b in m.state_orgs.values()]
    every_id += [b for _, b in m.foreign_participation.values()] + [b for _, b in m.foreign_grantees.values()]
    every_id += [r.id_digits for rows in receipts for r in rows if r.id_digits and "ID_INVALID" not in r.rules]
    every_id += [s.payee_bin for s in spend_rows]
    assert all(ids.is_valid(x) for x in every_id)
    assert all(not ids.is_valid(r.id_digits) for rows in receipts for r in rows if "ID_INVALID" in r.rules)

    files = {"own_funds.xlsx": own_rows, "contributions.xlsx": xlsx_rows,
             "contributions_regions.csv": regions_rows, STATEMENT: statement_lines, "contributions_kk.csv": kk_rows,
             "spending.xlsx": spend_rows}
    # The default profile: every row must come out exactly as designed.
    totals = simulate(receipts, spend_rows, profile, m.lists, sheets)
    for rows in files.values():
        check_intent(rows)
    # The order of same-day rows across the two sheets must not matter.
    other = simulate(receipts, spend_rows, profile, m.lists, {"Физ. лица": 1, "Юр. лица": 0})
    assert other == totals, "the result depends on the order of the sheets"
    totals = simulate(receipts, spend_rows, profile, m.lists, sheets)
    expected = {
        "about": "Results of importing the sample books, in import_order, into a new book with the "
                 "default profile. Computed by sample_books/make_samples.py; row numbers are 1-based "
                 "as a spreadsheet shows them (for CSV: the line, the header being line 1). Title, "
                 "header, blank and totals rows are not receipts and are not counted; sheet is null for "
                 "CSV files.",
        "party": PARTY, "election": ELECTION, "profile": PROFILE,
        "import_order": [{"file": f, "as": kind} for f, kind in IMPORT_ORDER],
        "lists": {"candidates": len(m.candidates), "state": len(m.state_orgs),
                  "foreign-participation": len(m.foreign_participation),
                  "foreign-grantees": len(m.foreign_grantees)},
        "files": per_file(files),
        "findings": {rule: sum(per_file(files)[f]["findings"][rule] for f in files) for rule in RULE_CODES},
        "totals": totals,
        "reconciliation": reconciliation(kk_rows, statement_lines),
        "category_texts": CATEGORY_TEXTS,
        "rows": notable(files),
    }
    # The window scenario: the same books in a book whose fund window is set.
    windowed = profile.with_window(*WINDOW)
    w_totals = simulate(receipts, spend_rows, windowed, m.lists, sheets)
    expected["window_scenario"] = {
        "window_start": WINDOW[0].isoformat(), "window_end": WINDOW[1].isoformat(),
        "files": per_file(files),
        "findings": {rule: sum(per_file(files)[f]["findings"][rule] for f in files) for rule in RULE_CODES},
        "totals": w_totals,
    }
    simulate(receipts, spend_rows, profile, m.lists, sheets)  # leave the default results on the rows
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote the sample books and expected.json to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
