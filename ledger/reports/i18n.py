"""Words of the audit workbook and the disclosure file, in Russian, English and Kazakh.

The commission, the party's treasurer and most auditors read Russian, so Russian is the
default; Kazakh is the state language, in the law's own terms (сайлау қоры, өз қаражаты,
ерікті қайырмалдықтар, шекті мөлшер); English is there for international observers. Labels
live here, keyed by what they name, so the writers hold no wording of their own and a missing
translation fails loudly (a ``KeyError`` naming the key, or an ``IndexError`` for a label
without its third language) instead of printing a half-translated workbook. Account names come
from the chart (``name_ru``/``name_en``/``name_kk``), not from here.

These are the workbook's words; what the command line prints is in the gettext catalogues
(``ledger.i18n``), which share the language codes.
"""
from __future__ import annotations

from ledger.core.notices import code_of
from ledger.i18n import _, check_language, speaking
from ledger.journal.chart import BY_ROLE, CHART, CLOSE_OUT
from ledger.journal.verify import PROBLEMS
from ledger.rules.wording import in_words, template_in_words

LANGUAGES = ("ru", "en", "kk")   # the order of each label's texts

# key: (ru, en, kk)
_LABELS: dict[str, tuple[str, str, str]] = {
    # sheet titles (at most 27 characters, leaving room for " (2)")
    "sheet.summary": ("Сводка", "Summary", "Жиынтық"),
    "sheet.findings": ("Нарушения", "Findings", "Бұзушылықтар"),
    "sheet.contributions": ("Пожертвования", "Contributions", "Қайырмалдықтар"),
    "sheet.own_funds": ("Собственные средства", "Own funds", "Өз қаражаты"),
    "sheet.association_funds": ("Средства объединения", "Association's funds", "Бірлестік қаражаты"),
    "sheet.spending": ("Расходы", "Spending", "Шығыстар"),
    "sheet.refunds": ("Возвраты", "Refunds", "Қайтарулар"),
    "sheet.rejected": ("Отклонённые строки", "Rejected rows", "Бас тартылған жолдар"),
    "sheet.reconciliation": ("Сверка с банком", "Reconciliation", "Банкпен салыстыру"),
    "sheet.donors": ("Жертвователи", "Donors", "Қайырмалдық жасаушылар"),
    "sheet.commission": ("Отчёт для ЦИК", "Commission report", "ОСК-ға есеп"),
    "sheet.commission_notes": ("Пояснения к отчёту для ЦИК", "Notes on the commission report",
        "ОСК-ға есепке түсіндірмелер"),
    "sheet.trial_balance": ("Оборотная ведомость", "Trial balance", "Айналым ведомосы"),
    "sheet.journal": ("Журнал", "Journal", "Журнал"),
    "sheet.checks": ("Проверки", "Checks", "Тексерулер"),
    "sheet.totals": ("Итоги", "Totals", "Қорытындылар"),
    "sheet.gifts": ("Принятые средства", "Money accepted", "Қабылданған қаражат"),
    # summary
    "summary.title": ("Аудиторская книга избирательного фонда", "Audit workbook of the election fund",
        "Сайлау қорының аудит кітабы"),
    "summary.party": ("Партия", "Party", "Партия"),
    "summary.election": ("Выборы", "Election", "Сайлау"),
    "summary.book": ("Книга", "Book", "Кітап"),
    "summary.profile": ("Профиль правил", "Rule profile", "Ереже профилі"),
    "summary.base": ("Базовая величина", "Base amount", "Базалық шама"),
    "summary.profile_status": ("Статус профиля", "Profile status", "Профиль мәртебесі"),
    "summary.caveat": ("Оговорка о правилах", "Note on the rules", "Ережелер туралы ескерту"),
    "summary.legal_reference": ("Основание", "Legal reference", "Негіздеме"),
    "summary.made_at": ("Книга составлена (UTC)", "Workbook made (UTC)", "Кітап жасалды (UTC)"),
    "summary.tip": ("Вершина цепочки: запись и хеш", "Chain tip: entry and digest", "Тізбектің соңы: жазба және хеш"),
    "summary.verified": ("Проверка цепочки", "Chain verification", "Тізбекті тексеру"),
    "summary.verified_ok": ("пройдена", "passed", "өтті"),
    "summary.verified_failed": ("НЕ ПРОЙДЕНА", "FAILED", "ӨТПЕДІ"),
    "summary.not_verified": ("не выполнялась (хеш последней записи)", "not run (hash of the last entry)",
        "орындалмады (соңғы жазбаның хеші)"),
    "summary.caps": ("Предел", "Cap", "Шекті мөлшер"),
    "summary.limit": ("Предел, тенге", "Limit, tenge", "Шекті мөлшер, теңге"),
    "summary.accepted": ("Принято в фонд", "Accepted", "Қорға қабылданды"),
    "summary.headroom": ("Остаток до предела", "Headroom", "Шекке дейінгі қалдық"),
    "summary.percent": ("Использовано", "Used", "Пайдаланылды"),
    "cap.own": ("Собственные средства", "Own funds", "Өз қаражаты"),
    "cap.association": ("Средства выдвинувшего общественного объединения", "Funds of the nominating association",
        "Ұсынған қоғамдық бірлестіктің қаражаты"),
    "cap.voluntary": ("Добровольные пожертвования", "Voluntary contributions", "Ерікті қайырмалдықтар"),
    "cap.total": ("Весь фонд", "Whole fund", "Бүкіл қор"),
    "summary.by_source": ("Поступления по источникам", "Receipts by source", "Көздер бойынша түсімдер"),
    "summary.gifts": ("Поступлений", "Receipts", "Түсімдер саны"),
    "summary.unidentified": ("  жертвователь не установлен (анонимные: в бюджет)",
                             "  donor not identified (anonymous: to the budget)",
        "  қайырмалдық жасаушы анықталмаған (жасырын: бюджетке)"),
    # one line of the note a row, each short enough to read beside the table
    "summary.by_source_note": (
        "Поступлений: платежей на специальный счёт (сторно и исправления не считаются); суммы за вычетом сторно.\n"
        "Поступило = принято в фонд + к возврату. Не принятое (сверх предела, от запрещённого жертвователя)\n"
        "показано в строке граждан или организаций, смотря кто перечислил; принятое после идентификации\n"
        "жертвователя - в строке счёта, куда перенесено.",
        "Receipts: payments into the special account (reversals and corrections are not counted); money net\n"
        "of reversals. Received = accepted + owed back. Money not accepted (over a cap, from a banned donor)\n"
        "is on the citizens' or the organisations' row, by who paid it; money moved into the fund once its\n"
        "donor was identified, on the row of the account it moved into.",
        "Түсімдер саны: арнаулы шотқа түскен төлемдер (сторно мен түзетулер есептелмейді); сомалар сторноны шегергенде.\n"
        "Түсті = қорға қабылданды + қайтарылуға тиіс. Қабылданбағаны (шекті мөлшерден асқаны, тыйым салынған\n"
        "қайырмалдық жасаушыдан түскені) кім аударғанына қарай азаматтар немесе ұйымдар жолында көрсетіледі;\n"
        "қайырмалдық жасаушы анықталғаннан кейін қабылданғаны - ол көшірілген шоттың жолында."),
    "summary.owed": ("Средства к возврату", "Money owed back", "Қайтарылуға тиіс қаражат"),
    "summary.arose": ("Возникло", "Arose", "Пайда болды"),
    "summary.paid": ("Перечислено", "Paid", "Аударылды"),
    "summary.moved": ("Принято в фонд после идентификации", "Moved into the fund (identified)",
        "Анықталғаннан кейін қорға қабылданды"),
    "summary.outstanding": ("Остаток долга", "Outstanding", "Қарыз қалдығы"),
    "summary.spending_by_category": ("Расходы по видам", "Spending by category", "Түрлері бойынша шығыстар"),
    "summary.commission_row": ("Строка отчёта", "Report row", "Есеп жолы"),
    "summary.amount": ("Сумма, тенге", "Amount, tenge", "Сомасы, теңге"),
    "summary.spent_total": ("Израсходовано, всего", "Spent, total", "Барлығы жұмсалды"),
    "summary.spending_by_candidate": ("Расходы по кандидатам", "Spending by candidate", "Кандидаттар бойынша шығыстар"),
    "summary.no_candidate": ("(партия в целом)", "(the party as a whole)", "(тұтас партия)"),
    "summary.open_findings": ("Открытые нарушения по правилам", "Open findings by rule",
        "Ережелер бойынша ашық бұзушылықтар"),
    "summary.count": ("Количество", "Count", "Саны"),
    "summary.no_findings": ("нет открытых нарушений", "no open findings", "ашық бұзушылықтар жоқ"),
    "summary.bank_balance": ("Остаток на специальном счёте", "Balance of the special account",
        "Арнаулы шоттағы қалдық"),
    "summary.available": ("Доступно к расходованию", "Available to spend", "Жұмсауға болатын қаражат"),
    "summary.total": ("Итого", "Total", "Барлығы"),
    "chart.caps": ("Пределы и принятые средства, тенге", "Caps and money accepted, tenge",
        "Шекті мөлшерлер және қабылданған қаражат, теңге"),
    "chart.spending": ("Расходы по видам, тенге", "Spending by category, tenge", "Түрлері бойынша шығыстар, теңге"),
    "chart.candidates": ("Расходы по кандидатам, тенге", "Spending by candidate, tenge",
        "Кандидаттар бойынша шығыстар, теңге"),
    # register columns
    "col.seq": ("Запись", "Entry", "Жазба"),
    "col.date": ("Дата", "Date", "Күні"),
    "col.kind": ("Вид записи", "Kind", "Жазба түрі"),
    "col.outcome": ("Результат", "Outcome", "Нәтижесі"),
    "col.donor": ("Жертвователь", "Donor", "Қайырмалдық жасаушы"),
    "col.id_number": ("ИИН/БИН", "IIN/BIN", "ЖСН/БСН"),
    "col.donor_kind": ("Тип", "Type", "Түрі"),
    "col.amount": ("Сумма, тенге", "Amount, tenge", "Сомасы, теңге"),
    "col.received": ("Поступило, тенге", "Received, tenge", "Түсті, теңге"),
    "col.accepted": ("Принято в фонд, тенге", "Accepted, tenge", "Қорға қабылданды, теңге"),
    "col.owed": ("К возврату, тенге", "Owed back, tenge", "Қайтарылуға тиіс, теңге"),
    "col.owed_to": ("Кому вернуть", "Owed to", "Кімге қайтарылады"),
    "col.linked": ("Связанная запись", "Linked entry", "Байланысты жазба"),
    "col.findings": ("Нарушения", "Findings", "Бұзушылықтар"),
    "col.document": ("Документ", "Document", "Құжат"),
    "col.file": ("Файл", "File", "Файл"),
    "col.sheet": ("Лист", "Sheet", "Парақ"),
    "col.row": ("Строка", "Row", "Жол"),
    "col.category": ("Вид расходов", "Category", "Шығыс түрі"),
    "col.commission_row": ("Строка отчёта ЦИК", "Commission row", "ОСК есебінің жолы"),
    "col.candidate": ("Кандидат", "Candidate", "Кандидат"),
    "col.payee": ("Получатель", "Payee", "Алушы"),
    "col.purpose": ("Назначение", "Purpose", "Мақсаты"),
    "col.receipt": ("Возвращаемое поступление", "Receipt returned", "Қайтарылатын түсім"),
    "col.paid_to": ("Кому перечислено", "Paid to", "Кімге аударылды"),
    "payee.budget": ("Республиканский бюджет", "The republican budget", "Республикалық бюджет"),
    "findings.typed_in": ("введено вручную", "typed in", "қолмен енгізілді"),
    "col.raw": ("Исходные значения", "Raw values", "Бастапқы мәндер"),
    "col.reason": ("Причина", "Reason", "Себебі"),
    "col.total_given": ("Всего перечислено, тенге", "Total given, tenge", "Барлығы аударылды, теңге"),
    "col.gifts": ("Поступлений", "Gifts", "Түсімдер саны"),
    "col.other_names": ("Другие наименования в поступлениях", "Other names on its receipts",
        "Түсімдердегі басқа атаулар"),
    "col.rule": ("Правило", "Rule", "Ереже"),
    "col.article": ("Норма закона", "Legal article", "Заң нормасы"),
    "col.evidence": ("Основание (доказательство)", "Evidence", "Негіздеме (дәлел)"),
    "col.status": ("Статус", "Status", "Күйі"),
    "col.resolved_by": ("Устранено записью", "Resolved by entry", "Жойған жазба"),
    "col.notes": ("Примечания о жертвователе", "Notes on the donor", "Қайырмалдық жасаушы туралы ескертпелер"),
    "col.code": ("Счёт", "Account", "Шот"),
    "col.account": ("Наименование счёта", "Account name", "Шоттың атауы"),
    "col.type": ("Тип счёта", "Type", "Шот түрі"),
    "col.debit_turnover": ("Оборот по дебету", "Debit turnover", "Дебет бойынша айналым"),
    "col.credit_turnover": ("Оборот по кредиту", "Credit turnover", "Кредит бойынша айналым"),
    "col.debit": ("Дебет", "Debit", "Дебет"),
    "col.credit": ("Кредит", "Credit", "Кредит"),
    "col.debit_balance": ("Сальдо по дебету", "Debit balance", "Дебеттік сальдо"),
    "col.credit_balance": ("Сальдо по кредиту", "Credit balance", "Кредиттік сальдо"),
    "col.memo": ("Содержание", "Memo", "Мазмұны"),
    "col.line": ("Строка записи", "Line", "Жазба жолы"),
    "col.source": ("Источник", "Source", "Көзі"),
    "col.section": ("Раздел", "Section", "Бөлім"),
    "col.note": ("Примечание", "Note", "Ескертпе"),
    "col.register_date": ("Дата по реестру", "Register date", "Тізілім бойынша күні"),
    "col.register_amount": ("Сумма по реестру, тенге", "Register amount, tenge", "Тізілім бойынша сомасы, теңге"),
    "col.bank_entry": ("Запись банка", "Bank's entry", "Банк жазбасы"),
    "col.bank_date": ("Дата по выписке", "Bank date", "Үзінді көшірме бойынша күні"),
    "col.bank_amount": ("Сумма по выписке, тенге", "Bank amount, tenge", "Үзінді көшірме бойынша сомасы, теңге"),
    "col.open": ("Не сверено", "Open", "Салыстырылмаған"),
    "col.row_no": ("№", "No.", "№"),
    "col.indicator": ("Показатель", "Item", "Көрсеткіш"),
    # commission report
    "commission.title": ("Сведения о поступлении и расходовании средств избирательного фонда",
                         "Receipts and spending of the election fund",
        "Сайлау қорының қаражатының түсуі және жұмсалуы туралы мәліметтер"),
    "commission.received": ("Всего поступило средств в избирательный фонд", "Total received into the fund",
        "Сайлау қорына барлығы түскен қаражат"),
    "commission.own": ("в том числе: собственные средства партии", "of which: the party's own funds",
        "оның ішінде: партияның өз қаражаты"),
    "commission.association": ("средства выдвинувшего общественного объединения",
                               "funds of the nominating association", "ұсынған қоғамдық бірлестіктің қаражаты"),
    "commission.voluntary": ("добровольные пожертвования граждан и организаций",
                             "voluntary contributions of citizens and organisations",
        "азаматтар мен ұйымдардың ерікті қайырмалдықтары"),
    "commission.view_note": ("Строки 1, 1.1, 1.2 и 2 - строки опубликованной формы; 1.3 и 3 - наше прочтение формы.",
                             "Rows 1, 1.1, 1.2 and 2 are rows of the published form; 1.3 and 3 our reading of it.",
        "1, 1.1, 1.2 және 2-жолдар - жарияланған нысанның жолдары; 1.3 және 3-жолдар - нысанды біздің оқуымыз."),
    # the same without row 1.3, which only a candidate's fund (the association's funds) has
    "commission.view_note_no_association": (
        "Строки 1, 1.1, 1.2 и 2 - строки опубликованной формы; строка 3 - наше прочтение формы.",
        "Rows 1, 1.1, 1.2 and 2 are rows of the published form; row 3 our reading of it.",
        "1, 1.1, 1.2 және 2-жолдар - жарияланған нысанның жолдары; 3-жол - нысанды біздің оқуымыз."),
    "commission.spent": ("Всего израсходовано средств", "Total spent", "Барлығы жұмсалған қаражат"),
    "commission.balance": ("Остаток средств фонда", "Balance of the fund", "Қор қаражатының қалдығы"),
    "commission.notes_title": ("Как прочитаны строки отчёта для ЦИК", "How the rows of the commission report were read",
        "ОСК-ға есептің жолдары қалай оқылды"),
    "commission.seen": ("строка опубликованной формы", "row of the published form", "жарияланған нысанның жолы"),
    "commission.best_reading": ("наше лучшее прочтение формы (в опубликованном экземпляре не видели)",
                                "our best reading of the form (not seen in a published copy)",
        "нысанды біздің оқуымыз (жарияланған данасында көрілмеген)"),
    # checks
    "checks.check": ("Проверка", "Check", "Тексеру"),
    "checks.value": ("Результат формулы", "Formula result", "Формула нәтижесі"),
    "checks.expected": ("Ожидается", "Expected", "Күтілетіні"),
    "checks.holds": ("Выполняется", "Holds", "Орындалады"),
    "checks.tb_zero": ("Оборотная ведомость: сальдо по дебету минус по кредиту",
                       "Trial balance: debit balances less credit balances",
        "Айналым ведомосы: дебеттік сальдо минус кредиттік сальдо"),
    "checks.tb_turnover": ("Оборотная ведомость: обороты по дебету минус по кредиту",
                           "Trial balance: debit turnover less credit turnover",
        "Айналым ведомосы: дебет айналымы минус кредит айналымы"),
    "checks.journal": ("Журнал: дебет минус кредит", "Journal: debits less credits", "Журнал: дебет минус кредит"),
    "checks.cap": ("Принято в пределах предела: {cap}", "Accepted within the cap: {cap}",
        "Шекті мөлшер шегінде қабылданды: {cap}"),
    "checks.register": ("Реестр «{sheet}», {column}, минус сводка", "Register '{sheet}', {column}, less the summary",
        "«{sheet}» тізілімі, {column}, минус жиынтық"),
    "checks.by_source": ("Сводка, поступления по источникам: поступило - принято в фонд - к возврату",
                         "Summary, receipts by source: received - accepted - owed back",
        "Жиынтық, көздер бойынша түсімдер: түсті - қорға қабылданды - қайтарылуға тиіс"),
    "checks.owed": ("Сводка, средства к возврату: возникло - перечислено - принято в фонд - остаток",
                    "Summary, money owed back: arose - paid - moved into the fund - outstanding",
        "Жиынтық, қайтарылуға тиіс қаражат: пайда болды - аударылды - қорға қабылданды - қалдық"),
    "checks.donors": ("Жертвователи: принято в фонд, минус сводка", "Donors: accepted, less the summary",
        "Қайырмалдық жасаушылар: қорға қабылданды, минус жиынтық"),
    "checks.commission_1": ("Отчёт для ЦИК, строка 1, минус сводка", "Commission report row 1, less the summary",
        "ОСК-ға есеп, 1-жол, минус жиынтық"),
    "checks.commission_3": ("Отчёт для ЦИК: строка 3 = строка 1 - строка 2", "Commission report: row 3 = row 1 - row 2",
        "ОСК-ға есеп: 3-жол = 1-жол - 2-жол"),
    # words
    "kind.contribution": ("пожертвование", "contribution", "қайырмалдық"),
    "kind.own_funds": ("собственные средства", "own funds", "өз қаражаты"),
    "kind.association_funds": ("средства объединения", "association's funds", "бірлестік қаражаты"),
    "kind.spending": ("расход", "spending", "шығыс"),
    "kind.supplier_refund": ("возврат от поставщика", "supplier refund", "жеткізушінің қайтаруы"),
    "kind.refund": ("возврат", "payment back", "қайтару"),
    # the name the donor register gives nobody
    "donor.anonymous": ("аноним (не установлен)", "anonymous", "жасырын (анықталмаған)"),
    "kind.budget_transfer": ("перечисление в бюджет", "budget transfer", "бюджетке аудару"),
    "kind.reversal": ("сторно", "reversal", "сторно"),
    "kind.correction": ("исправление", "correction", "түзету"),
    "kind.close_out": ("закрытие фонда", "close-out", "қорды жабу"),
    "outcome.posted": ("принято", "posted", "қабылданды"),
    "outcome.split": ("частично принято", "split", "ішінара қабылданды"),
    "outcome.held": ("не принято", "held", "қабылданбады"),
    "outcome.reversal": ("сторно", "reversal", "сторно"),
    "outcome.correction": ("исправление", "correction", "түзету"),
    "outcome.rejected": ("отклонено", "rejected", "бас тартылды"),
    "donor_kind.person": ("физическое лицо", "person", "жеке тұлға"),
    "donor_kind.organisation": ("организация", "organisation", "ұйым"),
    "donor_kind.unknown": ("не определён", "unknown", "анықталмаған"),
    "status.open": ("открыто", "open", "ашық"),
    "status.resolved": ("устранено", "resolved", "жойылды"),
    "type.asset": ("актив", "asset", "актив"),
    "type.liability": ("обязательство", "liability", "міндеттеме"),
    "type.source": ("источник фонда", "source", "қор көзі"),
    "type.expense": ("расход", "expense", "шығыс"),
    "type.distribution": ("распределение остатка", "division of the balance", "қалдықты бөлу"),
    "yes": ("да", "yes", "иә"),
    "no": ("нет", "no", "жоқ"),
    # the final report on the fund's use
    "sheet.final_report": ("Отчёт о фонде", "Report on the fund", "Қор туралы есеп"),
    "final.title": ("Отчёт об использовании средств избирательного фонда",
                    "Report on the use of the election fund", "Сайлау қорының қаражатын пайдалану туралы есеп"),
    "final.election_date": ("День выборов", "Election day", "Сайлау күні"),
    "final.results_date": ("Итоги выборов опубликованы", "Results published", "Сайлау қорытындылары жарияланды"),
    "final.due": ("Срок представления отчёта", "Report due", "Есепті ұсыну мерзімі"),
    "final.due_rule": ("5 дней после опубликования итогов выборов (ст. 34 п. 4)",
                       "5 days after the results are published (art. 34(4))",
        "сайлау қорытындылары жарияланғаннан кейін 5 күн (34-бап 4-тармақ)"),
    "final.due_from_election": ("считается от дня выборов: день опубликования итогов не указан",
                                "counted from election day: the results' day is not recorded",
        "сайлау күнінен есептеледі: қорытындылар жарияланған күн көрсетілмеген"),
    "final.not_recorded": ("не указан", "not recorded", "көрсетілмеген"),
    "final.closed_on": ("Фонд закрыт", "Fund closed", "Қор жабылды"),
    "final.not_closed": ("не закрыт", "not closed", "жабылмаған"),
    "final.made_on": ("Дата составления", "Made on", "Жасалған күні"),
    "final.owed": ("Поступило на счёт, но не принято в фонд (подлежит возврату)",
                   "Received into the account but not into the fund (to be returned)",
        "Шотқа түсті, бірақ қорға қабылданбады (қайтарылуға тиіс)"),
    "final.owed.refunds_due": ("жертвователям (сверх предельного размера, от запрещённых источников)",
                               "to donors (over a cap, from banned sources)",
        "қайырмалдық жасаушыларға (шекті мөлшерден асқаны, тыйым салынған көздерден)"),
    "final.owed.budget_due": ("в республиканский бюджет (анонимные пожертвования)",
                              "to the republican budget (anonymous money)",
        "республикалық бюджетке (жасырын қайырмалдықтар)"),
    "final.owed.party_due": ("партии (собственные средства сверх предельного размера)",
                             "to the party (own funds over the cap)",
        "партияға (шекті мөлшерден асқан өз қаражаты)"),
    "final.division": ("Распределение остатка при закрытии фонда (ст. 34 п. 9)",
                       "Division of the balance at close-out (art. 34(9))",
        "Қор жабылғанда қалдықты бөлу (34-бап 9-тармақ)"),
    "final.division.budget": ("в республиканский бюджет (две трети)", "to the republican budget (two thirds)",
        "республикалық бюджетке (үштен екісі)"),
    "final.division.party": ("партии (одна треть)", "to the party (one third)", "партияға (үштен бірі)"),
    "final.division.pending": ("фонд не закрыт: распределение ещё не проведено",
                               "the fund is not closed: the division is not booked yet",
        "қор жабылмаған: бөлу әлі жүргізілмеген"),
    "final.still_owed": ("Остаток обязательств на дату отчёта (к перечислению)",
                         "Still owed on the report's date (to be paid)",
        "Есеп күніне міндеттемелер қалдығы (аударылуға тиіс)"),
    "final.bank": ("Остаток на специальном счёте на дату отчёта", "Balance of the special account on the report's date",
        "Есеп күніне арнаулы шоттағы қалдық"),
    "final.rows_note": (
        "Строки 1, 1.1, 1.2 и 2 - строки опубликованной формы ЦИК; строки 2.1-2.8 и 3 - наше прочтение формы.\n"
        "Строки 4-7 - сведения о средствах, подлежащих возврату, и о распределении остатка.",
        "Rows 1, 1.1, 1.2 and 2 are rows of the commission's published form; rows 2.1-2.8 and 3 our reading of it.\n"
        "Rows 4-7: money to be returned, and the division of the balance.",
        "1, 1.1, 1.2 және 2-жолдар - ОСК-ның жарияланған нысанының жолдары; 2.1-2.8 және 3-жолдар - нысанды біздің оқуымыз.\n"
        "4-7-жолдар: қайтарылуға тиіс қаражат және қалдықты бөлу туралы мәліметтер."),
    "final.sign.head": ("Руководитель политической партии (кандидат)", "Head of the political party (candidate)",
        "Саяси партияның басшысы (кандидат)"),
    # A candidate's fund (``RuleProfile.holder``) names the candidate where a party's names the party.
    "summary.party.candidate": ("Кандидат", "Candidate", "Кандидат"),
    "commission.own.candidate": ("в том числе: собственные средства кандидата", "of which: the candidate's own funds",
        "оның ішінде: кандидаттың өз қаражаты"),
    "final.owed.party_due.candidate": ("кандидату (собственные средства сверх предельного размера)",
                                       "to the candidate (own funds over the cap)",
        "кандидатқа (шекті мөлшерден асқан өз қаражаты)"),
    "final.division.party.candidate": ("кандидату (одна треть)", "to the candidate (one third)",
        "кандидатқа (үштен бірі)"),
    "final.sign.head.candidate": ("Кандидат", "Candidate", "Кандидат"),
    "account.own_funds.candidate": ("Собственные средства кандидата", "Own funds of the candidate",
        "Кандидаттың өз қаражаты"),
    "account.party_due.candidate": ("Возврат кандидату (собственные средства сверх предела)",
                                    "Due to the candidate (own funds over the cap)",
        "Кандидатқа қайтару (шекті мөлшерден асқан өз қаражаты)"),
    "final.sign.treasurer": ("Лицо, ответственное за финансовую деятельность", "Person responsible for the finances",
        "Қаржы қызметіне жауапты тұлға"),
    "final.sign.line": ("____________________  /  ______________________  /", "____________________  /  ______________________  /",
        "____________________  /  ______________________  /"),
    "final.sign.under": ("подпись                       расшифровка подписи", "signature                       name",
        "қолы                              аты-жөні"),
    "final.sign.date": ("Дата «____» ______________ 20___ г.", "Date ____ ______________ 20___",
        "Күні «____» ______________ 20___ ж."),
    "final.sign.seal": ("М.П.", "Seal", "М.О."),
    # disclosure
    "disclosure.total": ("Итого", "Total", "Барлығы"),
    "disclosure.title": ("Сведения о средствах, принятых в избирательный фонд",
                         "Money accepted into the election fund",
        "Сайлау қорына қабылданған қаражат туралы мәліметтер"),
    "disclosure.made_on": ("Дата составления", "Made on", "Жасалған күні"),
    "disclosure.from": ("Жертвователь или партия", "Donor or party", "Қайырмалдық жасаушы немесе партия"),
    "disclosure.gift": ("Пожертвование", "Contribution", "Қайырмалдық"),
    "disclosure.own_funds": ("Собственные средства", "Own funds", "Өз қаражаты"),
    "disclosure.association_funds": ("Средства объединения", "Association's funds", "Бірлестік қаражаты"),
    "disclosure.source.own_funds": ("Собственные средства партии", "Own funds of the party", "Партияның өз қаражаты"),
    "disclosure.source.own_funds.candidate": ("Собственные средства кандидата", "Own funds of the candidate",
                                              "Үміткердің өз қаражаты"),
    "disclosure.from.candidate": ("Жертвователь или кандидат", "Donor or candidate", "Қайырмалдық жасаушы немесе үміткер"),
    "disclosure.source.association_funds": ("Средства выдвинувшего общественного объединения",
                                            "Funds of the nominating association", "Ұсынған қоғамдық бірлестіктің қаражаты"),
    "disclosure.source.voluntary_individuals": ("Добровольные пожертвования граждан", "Voluntary contributions of citizens",
        "Азаматтардың ерікті қайырмалдықтары"),
    "disclosure.source.voluntary_organisations": ("Добровольные пожертвования организаций",
                                                  "Voluntary contributions of organisations",
        "Ұйымдардың ерікті қайырмалдықтары"),
    "disclosure.source.all": ("Всего принято в избирательный фонд", "Total accepted into the election fund",
        "Сайлау қорына барлығы қабылданды"),
    "disclosure.receipts": ("Средства, принятые в фонд, по источникам", "Money accepted, by source",
        "Қорға қабылданған қаражат, көздер бойынша"),
    "disclosure.spending": ("Расходы избирательного фонда по видам", "Spending of the election fund by category",
        "Сайлау қорының түрлері бойынша шығыстары"),
    "disclosure.owed": ("Средства к возврату: возникло, возвращено, остаток", "Money owed back: arose, paid back, still owed",
        "Қайтарылуға тиіс қаражат: пайда болды, қайтарылды, қалдық"),
    "disclosure.note": ("ИИН физических лиц скрыты, кроме последних четырёх цифр",
                        "Individuals' IINs are masked except their last four digits",
        "Жеке тұлғалардың ЖСН-і соңғы төрт цифрынан басқасы жасырылған"),
}


_KAZAKH_ACCOUNT_NAMES = {spec.name_en: spec.name_kk for spec in (*CHART, CLOSE_OUT)}


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
        texts = _LABELS.get(f"{group}.{value}")
        return texts[self._index] if texts else value

    def account_named(self, spec, profile=None) -> str:
        """A chart account's name (``spec``: its ``AccountSpec``); given the book's ``profile``,
        a candidate's fund names the candidate where the chart's name says the party."""
        key = f"account.{spec.role}"
        if profile is not None and whose(key, profile) != key:
            return self[whose(key, profile)]
        return self.account(spec.name_ru, spec.name_en)

    def account(self, name_ru: str, name_en: str) -> str:
        """The account's name; a book's accounts keep their ru and en names, the Kazakh one
        is the chart's (an account not in the chart keeps its Russian name)."""
        if self.lang == "kk":
            return _KAZAKH_ACCOUNT_NAMES.get(name_en, name_ru)
        return name_ru if self.lang == "ru" else name_en


def whose(key: str, profile) -> str:
    """The key of the label that names ``profile``'s holder: ``key.candidate`` for a candidate's
    fund where there is one, else ``key``."""
    variant = f"{key}.{profile.holder}"
    return variant if variant in _LABELS else key


def catalogue_words(text: str, lang: str) -> str:
    """A text the catalogue holds (a profile's status), in ``lang``; as it is otherwise."""
    if not text:       # gettext's empty message id is the catalogue's header
        return text
    with speaking(lang):
        return _(text)


def rules_words(text: str, lang: str) -> str:
    """A sentence a rule wrote and the book stores (a finding's evidence), in ``lang`` where
    ``rules.wording`` knows it, its amounts in that language's convention."""
    with speaking(lang):
        return in_words(text)


_CHART_BY_CODE = {spec.code: spec for spec in BY_ROLE.values()}
_CHART_BY_NAME = sorted(BY_ROLE.values(), key=lambda spec: -len(spec.name_en))   # "Mass media: online" first


def account_words(code: str, stored_name: str, lang: str) -> str:
    """A book's account in ``lang``: the chart's name for its code; an account the chart does not
    know keeps the name the book stored."""
    spec = _CHART_BY_CODE.get(code)
    return Labels(lang).account_named(spec) if spec is not None else stored_name


def memo_words(memo: str, lang: str) -> str:
    """An entry's memo in ``lang``: a spending memo starts with its account's English name, put
    into the reader's words from the chart; the rest are the rules' templates."""
    for spec in _CHART_BY_NAME:
        if memo.startswith(f"{spec.name_en}: "):
            return Labels(lang).account_named(spec) + memo[len(spec.name_en):]
    return rules_words(memo, lang)


def problem_words(problem: str, lang: str) -> str:
    """A problem ``verify`` found (its sentence with its code and figures), in ``lang``: its
    amounts in that language's convention, the chart's accounts, types and entry kinds in its
    words; a text of no problem code as it is."""
    template = PROBLEMS.get(code_of(problem))
    if template is None:
        return str(problem)
    params, labels = problem.params, Labels(lang)
    words = {name: labels.word("type", params[name]) for name in ("type", "must_type") if name in params}
    if "entry_kind" in params:
        words["entry_kind"] = labels.word("kind", params["entry_kind"])
    if params.get("account") in _CHART_BY_CODE and "account_name" in params:
        words["account_name"] = labels.account_named(_CHART_BY_CODE[params["account"]])
    with speaking(lang):
        return template_in_words(template, params, **words)


def rules_caveat(profile, lang: str) -> str | None:
    """The caveat of rules not known to be in force (``RuleProfile.caveat``), in ``lang``; the
    audit workbook and the disclosure put it above their figures."""
    with speaking(lang):
        return profile.caveat(_)
