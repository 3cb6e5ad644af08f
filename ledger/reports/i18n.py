"""Words of the audit workbook and the disclosure file, in Russian and English.

The commission, the party's treasurer and most auditors read Russian, so Russian is the
default; English is there for international observers. Labels live here, keyed by what they
name, so the writers hold no wording of their own and a missing translation fails loudly
(a ``KeyError`` naming the key) instead of printing a half-translated workbook. Account names
come from the chart (``name_ru``/``name_en``), not from here.
"""
from __future__ import annotations

LANGUAGES = ("ru", "en")

# key: (ru, en)
_LABELS: dict[str, tuple[str, str]] = {
    # sheet titles (at most 27 characters, leaving room for " (2)")
    "sheet.summary": ("Сводка", "Summary"),
    "sheet.findings": ("Нарушения", "Findings"),
    "sheet.contributions": ("Пожертвования", "Contributions"),
    "sheet.own_funds": ("Собственные средства", "Own funds"),
    "sheet.spending": ("Расходы", "Spending"),
    "sheet.refunds": ("Возвраты", "Refunds"),
    "sheet.rejected": ("Отклонённые строки", "Rejected rows"),
    "sheet.donors": ("Жертвователи", "Donors"),
    "sheet.commission": ("Отчёт для ЦИК", "Commission report"),
    "sheet.trial_balance": ("Оборотная ведомость", "Trial balance"),
    "sheet.journal": ("Журнал", "Journal"),
    "sheet.checks": ("Проверки", "Checks"),
    "sheet.totals": ("Итоги", "Totals"),
    "sheet.gifts": ("Принятые средства", "Money accepted"),
    # summary
    "summary.title": ("Аудиторская книга избирательного фонда", "Audit workbook of the election fund"),
    "summary.party": ("Партия", "Party"),
    "summary.election": ("Выборы", "Election"),
    "summary.book": ("Книга", "Book"),
    "summary.profile": ("Профиль правил", "Rule profile"),
    "summary.base": ("Базовая величина", "Base amount"),
    "summary.profile_status": ("Статус профиля", "Profile status"),
    "summary.legal_reference": ("Основание", "Legal reference"),
    "summary.made_at": ("Книга составлена (UTC)", "Workbook made (UTC)"),
    "summary.tip": ("Вершина цепочки: запись и хеш", "Chain tip: entry and digest"),
    "summary.verified": ("Проверка цепочки", "Chain verification"),
    "summary.verified_ok": ("пройдена", "passed"),
    "summary.verified_failed": ("НЕ ПРОЙДЕНА", "FAILED"),
    "summary.not_verified": ("не выполнялась (хеш последней записи)", "not run (hash of the last entry)"),
    "summary.caps": ("Предел", "Cap"),
    "summary.limit": ("Предел, тенге", "Limit, tenge"),
    "summary.accepted": ("Принято в фонд", "Accepted"),
    "summary.headroom": ("Остаток до предела", "Headroom"),
    "summary.percent": ("Использовано", "Used"),
    "cap.own": ("Собственные средства", "Own funds"),
    "cap.voluntary": ("Добровольные пожертвования", "Voluntary contributions"),
    "cap.total": ("Весь фонд", "Whole fund"),
    "summary.by_source": ("Поступления по источникам", "Receipts by source"),
    "summary.gifts": ("Поступлений", "Receipts"),
    "summary.unidentified": ("  жертвователь не установлен (анонимные: в бюджет)",
                             "  donor not identified (anonymous: to the budget)"),
    # one line of the note a row, each short enough to read beside the table
    "summary.by_source_note": (
        "Поступлений: платежей на специальный счёт (сторно и исправления не считаются); суммы за вычетом сторно.\n"
        "Поступило = принято в фонд + к возврату. Не принятое (сверх предела, от запрещённого жертвователя)\n"
        "показано в строке граждан или организаций, смотря кто перечислил; принятое после идентификации\n"
        "жертвователя - в строке счёта, куда перенесено.",
        "Receipts: payments into the special account (reversals and corrections are not counted); money net\n"
        "of reversals. Received = accepted + owed back. Money not accepted (over a cap, from a banned donor)\n"
        "is on the citizens' or the organisations' row, by who paid it; money moved into the fund once its\n"
        "donor was identified, on the row of the account it moved into."),
    "summary.owed": ("Средства к возврату", "Money owed back"),
    "summary.arose": ("Возникло", "Arose"),
    "summary.paid": ("Перечислено", "Paid"),
    "summary.moved": ("Принято в фонд после идентификации", "Moved into the fund (identified)"),
    "summary.outstanding": ("Остаток долга", "Outstanding"),
    "summary.spending_by_category": ("Расходы по видам", "Spending by category"),
    "summary.commission_row": ("Строка отчёта", "Report row"),
    "summary.amount": ("Сумма, тенге", "Amount, tenge"),
    "summary.spent_total": ("Израсходовано, всего", "Spent, total"),
    "summary.spending_by_candidate": ("Расходы по кандидатам", "Spending by candidate"),
    "summary.no_candidate": ("(партия в целом)", "(the party as a whole)"),
    "summary.open_findings": ("Открытые нарушения по правилам", "Open findings by rule"),
    "summary.count": ("Количество", "Count"),
    "summary.no_findings": ("нет открытых нарушений", "no open findings"),
    "summary.bank_balance": ("Остаток на специальном счёте", "Balance of the special account"),
    "summary.available": ("Доступно к расходованию", "Available to spend"),
    "summary.total": ("Итого", "Total"),
    "chart.caps": ("Пределы и принятые средства, тенге", "Caps and money accepted, tenge"),
    "chart.spending": ("Расходы по видам, тенге", "Spending by category, tenge"),
    "chart.candidates": ("Расходы по кандидатам, тенге", "Spending by candidate, tenge"),
    # register columns
    "col.seq": ("Запись", "Entry"),
    "col.date": ("Дата", "Date"),
    "col.kind": ("Вид записи", "Kind"),
    "col.outcome": ("Результат", "Outcome"),
    "col.donor": ("Жертвователь", "Donor"),
    "col.id_number": ("ИИН/БИН", "IIN/BIN"),
    "col.donor_kind": ("Тип", "Type"),
    "col.amount": ("Сумма, тенге", "Amount, tenge"),
    "col.received": ("Поступило, тенге", "Received, tenge"),
    "col.accepted": ("Принято в фонд, тенге", "Accepted, tenge"),
    "col.owed": ("К возврату, тенге", "Owed back, tenge"),
    "col.owed_to": ("Кому вернуть", "Owed to"),
    "col.linked": ("Связанная запись", "Linked entry"),
    "col.findings": ("Нарушения", "Findings"),
    "col.document": ("Документ", "Document"),
    "col.file": ("Файл", "File"),
    "col.sheet": ("Лист", "Sheet"),
    "col.row": ("Строка", "Row"),
    "col.category": ("Вид расходов", "Category"),
    "col.commission_row": ("Строка отчёта ЦИК", "Commission row"),
    "col.candidate": ("Кандидат", "Candidate"),
    "col.payee": ("Получатель", "Payee"),
    "col.purpose": ("Назначение", "Purpose"),
    "col.receipt": ("Возвращаемое поступление", "Receipt returned"),
    "col.paid_to": ("Кому перечислено", "Paid to"),
    "payee.budget": ("Республиканский бюджет", "The republican budget"),
    "findings.typed_in": ("введено вручную", "typed in"),
    "col.raw": ("Исходные значения", "Raw values"),
    "col.reason": ("Причина", "Reason"),
    "col.total_given": ("Всего перечислено, тенге", "Total given, tenge"),
    "col.gifts": ("Поступлений", "Gifts"),
    "col.other_names": ("Другие наименования в поступлениях", "Other names on its receipts"),
    "col.rule": ("Правило", "Rule"),
    "col.article": ("Норма закона", "Legal article"),
    "col.evidence": ("Основание (доказательство)", "Evidence"),
    "col.status": ("Статус", "Status"),
    "col.resolved_by": ("Устранено записью", "Resolved by entry"),
    "col.code": ("Счёт", "Account"),
    "col.account": ("Наименование счёта", "Account name"),
    "col.type": ("Тип счёта", "Type"),
    "col.debit_turnover": ("Оборот по дебету", "Debit turnover"),
    "col.credit_turnover": ("Оборот по кредиту", "Credit turnover"),
    "col.debit": ("Дебет", "Debit"),
    "col.credit": ("Кредит", "Credit"),
    "col.debit_balance": ("Сальдо по дебету", "Debit balance"),
    "col.credit_balance": ("Сальдо по кредиту", "Credit balance"),
    "col.memo": ("Содержание", "Memo"),
    "col.line": ("Строка записи", "Line"),
    "col.source": ("Источник", "Source"),
    "col.section": ("Раздел", "Section"),
    "col.note": ("Примечание", "Note"),
    "col.row_no": ("№", "No."),
    "col.indicator": ("Показатель", "Item"),
    # commission report
    "commission.title": ("Сведения о поступлении и расходовании средств избирательного фонда",
                         "Receipts and spending of the election fund"),
    "commission.received": ("Всего поступило средств в избирательный фонд", "Total received into the fund"),
    "commission.own": ("в том числе: собственные средства партии", "of which: the party's own funds"),
    "commission.voluntary": ("добровольные пожертвования граждан и организаций",
                             "voluntary contributions of citizens and organisations"),
    "commission.spent": ("Всего израсходовано средств", "Total spent"),
    "commission.balance": ("Остаток средств фонда", "Balance of the fund"),
    "commission.seen": ("строка опубликованной формы", "row of the published form"),
    "commission.best_reading": ("наше лучшее прочтение формы (в опубликованном экземпляре не видели)",
                                "our best reading of the form (not seen in a published copy)"),
    # checks
    "checks.check": ("Проверка", "Check"),
    "checks.value": ("Результат формулы", "Formula result"),
    "checks.expected": ("Ожидается", "Expected"),
    "checks.holds": ("Выполняется", "Holds"),
    "checks.tb_zero": ("Оборотная ведомость: сальдо по дебету минус по кредиту",
                       "Trial balance: debit balances less credit balances"),
    "checks.tb_turnover": ("Оборотная ведомость: обороты по дебету минус по кредиту",
                           "Trial balance: debit turnover less credit turnover"),
    "checks.journal": ("Журнал: дебет минус кредит", "Journal: debits less credits"),
    "checks.cap": ("Принято в пределах предела: {cap}", "Accepted within the cap: {cap}"),
    "checks.register": ("Реестр «{sheet}», {column}, минус сводка", "Register '{sheet}', {column}, less the summary"),
    "checks.by_source": ("Сводка, поступления по источникам: поступило - принято в фонд - к возврату",
                         "Summary, receipts by source: received - accepted - owed back"),
    "checks.owed": ("Сводка, средства к возврату: возникло - перечислено - принято в фонд - остаток",
                    "Summary, money owed back: arose - paid - moved into the fund - outstanding"),
    "checks.donors": ("Жертвователи: принято в фонд, минус сводка", "Donors: accepted, less the summary"),
    "checks.commission_1": ("Отчёт для ЦИК, строка 1, минус сводка", "Commission report row 1, less the summary"),
    "checks.commission_3": ("Отчёт для ЦИК: строка 3 = строка 1 - строка 2", "Commission report: row 3 = row 1 - row 2"),
    # words
    "kind.contribution": ("пожертвование", "contribution"),
    "kind.own_funds": ("собственные средства", "own funds"),
    "kind.spending": ("расход", "spending"),
    "kind.supplier_refund": ("возврат от поставщика", "supplier refund"),
    "kind.refund": ("возврат", "payment back"),
    "donor.anonymous": ("аноним (не установлен)", "anonymous"),   # the name the donor register gives nobody   # to the donor, or own funds to the party
    "kind.budget_transfer": ("перечисление в бюджет", "budget transfer"),
    "kind.reversal": ("сторно", "reversal"),
    "kind.correction": ("исправление", "correction"),
    "outcome.posted": ("принято", "posted"),
    "outcome.split": ("частично принято", "split"),
    "outcome.held": ("не принято", "held"),
    "outcome.reversal": ("сторно", "reversal"),
    "outcome.correction": ("исправление", "correction"),
    "outcome.rejected": ("отклонено", "rejected"),
    "donor_kind.person": ("физическое лицо", "person"),
    "donor_kind.organisation": ("организация", "organisation"),
    "donor_kind.unknown": ("не определён", "unknown"),
    "status.open": ("открыто", "open"),
    "status.resolved": ("устранено", "resolved"),
    "type.asset": ("актив", "asset"),
    "type.liability": ("обязательство", "liability"),
    "type.source": ("источник фонда", "source"),
    "type.expense": ("расход", "expense"),
    "yes": ("да", "yes"),
    "no": ("нет", "no"),
    # disclosure
    "disclosure.total": ("Итого", "Total"),
    "disclosure.title": ("Сведения о средствах, принятых в избирательный фонд",
                         "Money accepted into the election fund"),
    "disclosure.made_on": ("Дата составления", "Made on"),
    "disclosure.from": ("Жертвователь или партия", "Donor or party"),
    "disclosure.gift": ("Пожертвование", "Contribution"),
    "disclosure.own_funds": ("Собственные средства", "Own funds"),
    "disclosure.source.own_funds": ("Собственные средства партии", "Own funds of the party"),
    "disclosure.source.voluntary_individuals": ("Добровольные пожертвования граждан", "Voluntary contributions of citizens"),
    "disclosure.source.voluntary_organisations": ("Добровольные пожертвования организаций",
                                                  "Voluntary contributions of organisations"),
    "disclosure.source.all": ("Всего принято в избирательный фонд", "Total accepted into the election fund"),
    "disclosure.note": ("ИИН физических лиц скрыты, кроме последних четырёх цифр",
                        "Individuals' IINs are masked except their last four digits"),
}


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        from ledger.core.errors import LedgerError

        raise LedgerError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    return lang


class Labels:
    """The labels of one language: ``labels["sheet.summary"]``, ``labels.word("kind", k)``."""

    def __init__(self, lang: str = "ru"):
        self.lang = check_language(lang)
        self._index = LANGUAGES.index(self.lang)

    def __getitem__(self, key: str) -> str:
        return _LABELS[key][self._index]

    def word(self, group: str, value: str | None) -> str:
        """A domain word (kind, outcome, status...), or the value itself when it has none."""
        if value is None:
            return ""
        pair = _LABELS.get(f"{group}.{value}")
        return pair[self._index] if pair else value

    def account(self, name_ru: str, name_en: str) -> str:
        return name_ru if self.lang == "ru" else name_en
