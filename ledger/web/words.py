"""Every string the web pages show, in Russian (the default), Kazakh and English, in one place,
so the languages' catalogue can take them over whole.

The language comes from the switcher (kept in the session) or from the browser's
``Accept-Language``; a key missing in a language falls back to Russian, then to the key.
"""
from __future__ import annotations

LANGUAGES = ("ru", "kk", "en")
DEFAULT = "ru"

WORDS: dict[str, tuple[str, str, str]] = {
    # key: (ru, kk, en)
    "app": ("Избирательные фонды", "Сайлау қорлары", "Election funds"),
    "public": ("Публичные отчёты", "Жария есептер", "Public disclosures"),
    "sign_in": ("Войти", "Кіру", "Sign in"),
    "sign_out": ("Выйти", "Шығу", "Sign out"),
    "name": ("Имя", "Аты", "Name"),
    "password": ("Пароль", "Құпиясөз", "Password"),
    "bad_sign_in": ("Неверное имя или пароль", "Аты немесе құпиясөз қате", "Wrong name or password"),
    "too_many": ("Слишком много попыток входа; подождите 15 минут",
                 "Кіру әрекеттері тым көп; 15 минут күтіңіз",
                 "Too many sign-in attempts; wait 15 minutes"),
    "books": ("Фонды", "Қорлар", "Books"),
    "book": ("Фонд", "Қор", "Book"),
    "party": ("Партия", "Партия", "Party"),
    "election": ("Выборы", "Сайлау", "Election"),
    "received": ("Поступило", "Түсті", "Received"),
    "own_funds": ("Собственные средства", "Өз қаражаты", "Own funds"),
    "voluntary": ("Добровольные взносы", "Ерікті жарналар", "Voluntary contributions"),
    "whole_fund": ("Весь фонд", "Бүкіл қор", "Whole fund"),
    "spent": ("Израсходовано", "Жұмсалды", "Spent"),
    "balance": ("Остаток на счёте", "Шоттағы қалдық", "Bank balance"),
    "available": ("Доступно к расходованию", "Жұмсауға қолжетімді", "Available to spend"),
    "owed_back": ("К возврату", "Қайтарылуға тиіс", "Owed back"),
    "refunds_due": ("Возвраты жертвователям", "Қайырымдылық берушілерге қайтару", "Refunds due to donors"),
    "budget_due": ("В республиканский бюджет", "Республикалық бюджетке", "Due to the republican budget"),
    "party_due": ("Возврат партии", "Партияға қайтару", "Due back to the party"),
    "open_findings": ("Открытые нарушения", "Ашық бұзушылықтар", "Open findings"),
    "cap": ("Предел", "Шек", "Cap"),
    "limit": ("Лимит", "Лимит", "Limit"),
    "accepted": ("Принято", "Қабылданды", "Accepted"),
    "headroom": ("Остаток лимита", "Лимит қалдығы", "Headroom"),
    "used": ("Использовано", "Пайдаланылды", "Used"),
    "dashboard": ("Сводка", "Жиынтық", "Dashboard"),
    "findings": ("Нарушения", "Бұзушылықтар", "Findings"),
    "findings_by_rule": ("Нарушения по правилам", "Ережелер бойынша бұзушылықтар", "Findings by rule"),
    "rule": ("Правило", "Ереже", "Rule"),
    "amount": ("Сумма", "Сома", "Amount"),
    "status": ("Статус", "Мәртебе", "Status"),
    "entry": ("Запись", "Жазба", "Entry"),
    "source_row": ("Исходная строка", "Бастапқы жол", "Source row"),
    "row": ("строка", "жол", "row"),
    "donor": ("Жертвователь", "Қайырымдылық беруші", "Donor"),
    "evidence": ("Основание", "Негіздеме", "Evidence"),
    "count": ("Число", "Саны", "Count"),
    "none": ("Нет", "Жоқ", "None"),
    "typed_in": ("введено вручную", "қолмен енгізілді", "typed in"),
    "import": ("Импорт", "Импорт", "Import"),
    "kind": ("Вид", "Түрі", "Kind"),
    "kind_contributions": ("добровольные взносы", "ерікті жарналар", "voluntary contributions"),
    "kind_own-funds": ("собственные средства", "өз қаражаты", "own funds"),
    "kind_spending": ("расходы", "шығыстар", "spending"),
    "kind_statement": ("выписка банка", "банк үзіндісі", "the bank's statement"),
    "files": ("Файлы", "Файлдар", "Files"),
    "all_sheets": ("Все листы книги", "Кітаптың барлық парақтары", "Every sheet of the workbook"),
    "dry_run": ("Пробный прогон", "Сынақ жүргізу", "Dry run"),
    "dry_run_note": ("Пробный прогон: ничего не записано. Подтвердите, чтобы записать ровно это.",
                     "Сынақ: ештеңе жазылмады. Дәл осыны жазу үшін растаңыз.",
                     "Dry run: nothing was written. Confirm to book exactly this."),
    "confirm": ("Подтвердить и записать", "Растау және жазу", "Confirm and book"),
    "booked": ("Записано", "Жазылды", "Booked"),
    "rejected_rows": ("Отклонённые строки", "Қабылданбаған жолдар", "Rejected rows"),
    "duplicates": ("Повторы, не записаны", "Қайталаулар, жазылмады", "Duplicates, not booked again"),
    "warnings": ("Предупреждения", "Ескертулер", "Warnings"),
    "outcomes": ("Итог", "Нәтиже", "Outcome"),
    "rows": ("строк", "жол", "rows"),
    "downloads": ("Файлы для скачивания", "Жүктеу", "Downloads"),
    "audit_workbook": ("Аудиторская книга (xlsx)", "Аудиторлық кітап (xlsx)", "Audit workbook (xlsx)"),
    "disclosure": ("Публичный отчёт", "Жария есеп", "Disclosure"),
    "date": ("Дата", "Күні", "Date"),
    "id_number": ("ИИН/БИН", "ЖСН/БСН", "IIN/BIN"),
    "fund_source": ("Источник", "Көзі", "Source"),
    "gifts": ("Принятые поступления", "Қабылданған түсімдер", "Accepted receipts"),
    "no_books": ("В базе пока нет фондов", "Базада әзірге қор жоқ", "No book in this database yet"),
    "error": ("Ошибка", "Қате", "Error"),
    "refused": ("Нет доступа", "Рұқсат жоқ", "Not allowed"),
    "not_found": ("Не найдено", "Табылмады", "Not found"),
    "too_large": ("Файл слишком большой", "Файл тым үлкен", "The upload is too large"),
    "back": ("Назад", "Артқа", "Back"),
    "users": ("Пользователи", "Пайдаланушылар", "Users"),
    "role": ("Роль", "Рөлі", "Role"),
    "state": ("Состояние", "Күйі", "State"),
    "signed_in_as": ("Вы вошли как", "Сіз кірдіңіз:", "Signed in as"),
}


def word(key: str, lang: str) -> str:
    forms = WORDS.get(key)
    if forms is None:
        return key
    return forms[LANGUAGES.index(lang)] if lang in LANGUAGES else forms[0]
