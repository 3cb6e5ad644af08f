"""The chart of accounts of an election fund.

Kept as data so that the posting engine, the reports and the commission's report all read the
same list. The fund sources the law keeps apart are separate accounts, and the caps are
ceilings on them: own funds (3100), a presidential candidate's nominating association's funds
(3150, only in a book whose profile has that source: ``chart_for``), voluntary contributions
(3200, over its two children for individuals and organisations) and the whole fund (3000, over
them all). Money that may not enter
the fund is a liability (2xxx), never a source. Spending accounts follow the forms of
campaigning the law names; each can be posted per candidate.

Signs: a posting's amount is positive for a debit, negative for a credit.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ledger.core.codes import CapKey


@dataclass(frozen=True)
class AccountSpec:
    code: str
    role: str
    name_en: str
    name_ru: str
    type: str                    # asset | liability | source | expense | distribution (the close-out)
    parent: str | None = None    # role of the parent account
    postable: bool = True
    fund_source: str | None = None
    cap: CapKey | None = None    # which cap of the profile is its ceiling
    commission_row: str | None = None
    name_kk: str = ""            # the workbook's Kazakh name; books store only name_ru/name_en


_CHART: tuple[AccountSpec, ...] = (
    AccountSpec("1000", "bank", "Election fund special account", "Специальный счёт избирательного фонда", "asset"),
    AccountSpec("2000", "liabilities", "Money owed back", "Средства к возврату", "liability", postable=False),
    AccountSpec("2100", "refunds_due", "Refunds due to donors", "Возврат жертвователям", "liability", "liabilities"),
    AccountSpec("2200", "budget_due", "Due to the republican budget", "К перечислению в республиканский бюджет", "liability", "liabilities"),
    AccountSpec("2300", "party_due", "Due to the party (own funds over the cap)", "Возврат партии (собственные средства сверх предела)", "liability", "liabilities"),
    AccountSpec("3000", "fund_sources", "Sources of the election fund", "Источники избирательного фонда", "source",
                postable=False, cap=CapKey.TOTAL, commission_row="1"),
    AccountSpec("3100", "own_funds", "Own funds of the party", "Собственные средства партии", "source", "fund_sources",
                fund_source="own_funds", cap=CapKey.OWN, commission_row="1.1"),
    AccountSpec("3150", "association_funds", "Funds of the nominating association", "Средства выдвинувшего общественного объединения",
                "source", "fund_sources", fund_source="association_funds", cap=CapKey.ASSOCIATION, commission_row="1.3"),
    AccountSpec("3200", "voluntary", "Voluntary contributions", "Добровольные пожертвования", "source", "fund_sources",
                postable=False, fund_source="voluntary", cap=CapKey.VOLUNTARY, commission_row="1.2"),
    AccountSpec("3210", "voluntary_individuals", "Voluntary contributions of citizens", "Добровольные пожертвования граждан",
                "source", "voluntary", fund_source="voluntary"),
    AccountSpec("3220", "voluntary_organisations", "Voluntary contributions of organisations", "Добровольные пожертвования организаций",
                "source", "voluntary", fund_source="voluntary"),
    AccountSpec("5000", "spending", "Spending of the election fund", "Расходы избирательного фонда", "expense", postable=False, commission_row="2"),
    AccountSpec("5100", "media", "Mass media", "Средства массовой информации", "expense", "spending", postable=False, commission_row="2.1"),
    AccountSpec("5110", "media_tv", "Mass media: television", "СМИ: телевидение", "expense", "media", commission_row="2.1.1"),
    AccountSpec("5120", "media_radio", "Mass media: radio", "СМИ: радио", "expense", "media", commission_row="2.1.2"),
    AccountSpec("5130", "media_press", "Mass media: press", "СМИ: печатные издания", "expense", "media", commission_row="2.1.3"),
    AccountSpec("5140", "media_online", "Mass media: online", "СМИ: интернет-ресурсы", "expense", "media", commission_row="2.1.4"),
    AccountSpec("5200", "printed", "Printed campaign materials", "Печатные агитационные материалы", "expense", "spending", commission_row="2.2"),
    AccountSpec("5300", "audiovisual", "Audiovisual campaign materials", "Аудиовизуальные агитационные материалы", "expense", "spending", commission_row="2.3"),
    AccountSpec("5400", "other_materials", "Other campaign materials", "Иные агитационные материалы", "expense", "spending", commission_row="2.4"),
    AccountSpec("5500", "events", "Public events and meetings with voters", "Публичные мероприятия и встречи с избирателями", "expense", "spending", commission_row="2.5"),
    AccountSpec("5600", "transport", "Transport", "Транспортные расходы", "expense", "spending", commission_row="2.6"),
    AccountSpec("5700", "rent", "Rent of premises and equipment", "Аренда помещений и оборудования", "expense", "spending", commission_row="2.7"),
    AccountSpec("5900", "other_spending", "Other spending", "Прочие расходы", "expense", "spending", commission_row="2.8"),
)

# Kazakh names, by role: kept beside the chart rather than in each line of it.
NAMES_KK = {
    "bank": "Сайлау қорының арнаулы шоты",
    "liabilities": "Қайтарылуға тиіс қаражат",
    "refunds_due": "Қайырмалдық жасаушыларға қайтару",
    "budget_due": "Республикалық бюджетке аударылатын қаражат",
    "party_due": "Партияға қайтару (шекті мөлшерден асқан өз қаражаты)",
    "fund_sources": "Сайлау қорының көздері",
    "own_funds": "Партияның өз қаражаты",
    "association_funds": "Ұсынған қоғамдық бірлестіктің қаражаты",
    "voluntary": "Ерікті қайырмалдықтар",
    "voluntary_individuals": "Азаматтардың ерікті қайырмалдықтары",
    "voluntary_organisations": "Ұйымдардың ерікті қайырмалдықтары",
    "spending": "Сайлау қорының шығыстары",
    "media": "Бұқаралық ақпарат құралдары",
    "media_tv": "БАҚ: телевизия",
    "media_radio": "БАҚ: радио",
    "media_press": "БАҚ: баспа басылымдары",
    "media_online": "БАҚ: интернет-ресурстар",
    "printed": "Баспа үгіт материалдары",
    "audiovisual": "Аудиовизуалды үгіт материалдары",
    "other_materials": "Өзге үгіт материалдары",
    "events": "Бұқаралық іс-шаралар және сайлаушылармен кездесулер",
    "transport": "Көлік шығыстары",
    "rent": "Үй-жай мен жабдықты жалға алу",
    "other_spending": "Өзге шығыстар",
}
CHART = tuple(replace(spec, name_kk=NAMES_KK[spec.role]) for spec in _CHART)

# The close-out (art. 34(9)): the balance left after everything owed back is divided between
# the republican budget and the party, and this account is where it went. A book gets it on
# the day it is closed, so no open fund carries it.
CLOSE_OUT = AccountSpec("4000", "close_out", "Unspent balance divided at close-out",
                        "Остаток фонда, распределённый при закрытии", "distribution",
                        name_kk="Қор жабылғанда бөлінген қалдық")

BY_ROLE = {spec.role: spec for spec in (*CHART, CLOSE_OUT)}
SPENDING_ROLES = tuple(s.role for s in CHART if s.type == "expense" and s.postable)
LIABILITY_ROLES = ("refunds_due", "budget_due", "party_due")
SOURCE_ROLES = ("own_funds", "association_funds", "voluntary_individuals", "voluntary_organisations")


def chart_for(sources, closed: bool = False) -> tuple[AccountSpec, ...]:
    """The chart of a fund whose profile has ``sources`` (their codes): the accounts of a
    source the fund does not have (a party's fund has no nominating association's funds) are
    not part of it, so no money can be booked to them and no report shows them. A ``closed``
    fund has the close-out account too."""
    have = set(sources)
    chart = tuple(spec for spec in CHART if spec.fund_source is None or spec.fund_source in have)
    return chart + (CLOSE_OUT,) if closed else chart
