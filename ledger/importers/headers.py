"""Finding the header row of a book and what each column holds.

Every treasurer words the headers differently, in Russian, Kazakh or English, above the table
there are title rows and merged cells, and some books have a header of two rows ("Жертвователь"
merged over "Ф.И.О." and "ИИН"). So a column is recognised by the words its header contains,
normalised (lower case, ё as е, punctuation gone) and weighed, never by an exact string: the
header that says most clearly "this is the amount" gets the amount, and "Сумма прописью" (the
amount in words) or "№ п/п" (a row counter) get nothing. When a required column cannot be
found the error lists the headers seen and the ``--map FIELD=HEADER`` that would settle it.

Also here, because it is the same kind of reading: which rows are totals rather than
contributions, and which spending account a category's words point to.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ledger.errors import InputFileError
from ledger.importers import cells
from ledger.importers.readers import Row
from ledger.rules.words import Markers, normalise

HEADER_SEARCH_ROWS = 30

FIELD_NAMES = ("date", "name", "id_number", "donor_type", "citizenship", "amount", "purpose",
               "document", "category", "candidate", "list_position")

KIND_FIELDS = {
    "contributions": ("date", "name", "id_number", "donor_type", "citizenship", "amount",
                      "purpose", "document"),
    "spending": ("date", "name", "id_number", "amount", "purpose", "document", "category",
                 "candidate"),
    "reference": ("id_number", "name", "list_position"),
}
KIND_FIELDS["own-funds"] = KIND_FIELDS["contributions"]
KIND_FIELDS["candidates"] = KIND_FIELDS["reference"]

# Each inner tuple is one requirement: any of its fields will do.
REQUIRED = {
    "contributions": (("date",), ("amount",)),
    "own-funds": (("date",), ("amount",)),
    "spending": (("date",), ("amount",), ("category", "purpose")),
    "reference": (("id_number",),),
    "candidates": (("id_number", "name"),),   # a party list may name candidates without IINs
}

FIELD_WORDS = {
    "date": "date", "name": "name of the donor or payee", "id_number": "IIN/BIN",
    "donor_type": "donor type", "citizenship": "citizenship", "amount": "amount",
    "purpose": "purpose", "document": "document number", "category": "spending category",
    "candidate": "candidate", "list_position": "position in the list",
}
EXAMPLE_HEADERS = {
    "date": "Дата", "amount": "Сумма, тенге", "category": "Статья расходов",
    "purpose": "Назначение платежа", "id_number": "ИИН/БИН",
}


def _phrases(*specs: tuple[str, int]) -> tuple[tuple[tuple[str, ...], int], ...]:
    return tuple((tuple(normalise(text).split()), weight) for text, weight in specs)


# Words of each column, with how strongly they say it. A header goes to the field it names
# most strongly, so "Тип жертвователя" is the donor type (5), not the donor (3), and
# "Наименование расходов" is the spending category (6), not the payee (3).
VOCABULARY = {
    "date": _phrases(("дата", 6), ("күні", 6), ("күн", 5), ("date", 6), ("day", 4), ("число", 3)),
    "name": _phrases(
        ("фио", 4), ("ф и о", 4), ("наименование", 3), ("жертвователь", 3), ("жертвователя", 3),
        ("плательщик", 3), ("аты жөні", 4), ("аты", 3), ("атауы", 3), ("донор", 3), ("donor", 3),
        ("name", 4), ("payer", 3), ("contributor", 3), ("sponsor", 2), ("демеуші", 3),
        ("получатель", 3), ("поставщик", 3), ("контрагент", 3), ("payee", 3), ("supplier", 3),
        ("vendor", 3), ("recipient", 3), ("алушы", 3), ("жеткізуші", 3), ("от кого", 3),
        ("кому", 2), ("организация", 1)),
    "id_number": _phrases(
        ("иин", 7), ("бин", 7), ("жсн", 7), ("бсн", 7), ("iin", 7), ("bin", 7),
        ("идентификационный номер", 7), ("сәйкестендіру нөмірі", 7), ("tax id", 6), ("id number", 6)),
    "donor_type": _phrases(
        ("тип", 5), ("вид жертвователя", 6), ("категория жертвователя", 6), ("физ юр", 5),
        ("физическое юридическое", 5), ("type", 5), ("түрі", 5), ("статус", 3), ("kind", 4)),
    "citizenship": _phrases(
        ("гражданство", 7), ("резидент", 7), ("азаматтығы", 7), ("азаматтық", 7),
        ("резиденттік", 7), ("citizenship", 7), ("residency", 7), ("resident", 7),
        ("nationality", 7), ("страна", 4), ("country", 4)),
    "amount": _phrases(
        ("сумма", 6), ("сомасы", 6), ("сома", 6), ("amount", 6), ("sum", 5), ("размер", 4),
        ("тенге", 3), ("теңге", 3), ("тг", 3), ("kzt", 3), ("tenge", 3), ("взнос", 2)),
    "purpose": _phrases(
        ("назначение", 6), ("мақсаты", 6), ("мақсат", 6), ("purpose", 6), ("описание", 4),
        ("description", 4), ("содержание", 4), ("основание", 4), ("примечание", 2),
        ("комментарий", 2), ("comment", 2), ("note", 2), ("ескерту", 2), ("details", 3)),
    "document": _phrases(
        ("документ", 5), ("платежного поручения", 6), ("поручение", 5),
        ("құжат", 5), ("doc", 5), ("document", 5), ("reference", 4), ("ref", 4),
        ("квитанция", 4), ("чек", 4), ("счет фактура", 5), ("invoice", 5), ("payment order", 6)),
    "category": _phrases(
        ("статья", 6), ("вид расходов", 6), ("вид затрат", 6), ("категория", 5), ("category", 6),
        ("шығыс түрі", 6), ("шығын түрі", 6), ("шығыстар", 4), ("шығыс", 4), ("шығын", 4),
        ("расходы", 4), ("наименование расходов", 6), ("направление", 4), ("expense", 5),
        ("товаров", 4), ("услуг", 4), ("вид", 3), ("type", 4), ("түрі", 3)),
    "candidate": _phrases(("кандидат", 6), ("үміткер", 6), ("candidate", 6)),
    "list_position": _phrases(
        ("п п", 5), ("номер", 3), ("no", 3), ("позиция", 5), ("position", 5), ("порядковый", 5),
        ("реттік", 5), ("р с", 4), ("nr", 3)),
}
# Words that take a header away from a field: the amount in words, a date of birth.
EXCLUDED = {
    "amount": _phrases(("прописью", 0), ("жазбаша", 0), ("словами", 0), ("words", 0)),
    "date": _phrases(("рождения", 0), ("туған", 0), ("birth", 0)),
}

# How a totals row begins, after lower-casing.
TOTAL_PREFIXES = ("итог", "всего", "барлығы", "барлыгы", "жиыны", "жиынтығы", "total", "subtotal")


def normalise_header(text: object) -> str:
    """Header text as compared: lower case, ё as е, "№" as "номер", punctuation gone."""
    shown = cells.text(text) or ""
    return normalise(shown.replace("№", " номер "))


def _matches(tokens: list[str], words: tuple[str, ...]) -> bool:
    n = len(words)
    for i in range(len(tokens) - n + 1):
        if all(_word_matches(tokens[i + k], w) for k, w in enumerate(words)):
            return True
    return False


def _word_matches(token: str, word: str) -> bool:
    # Short words and abbreviations must match whole. A longer word stands for its forms:
    # its ending may change ("жертвователь" finds "жертвователя", "сумма" finds "суммы").
    if len(word) <= 4:
        return token == word
    return token.startswith(word[:-2] if len(word) > 6 else word[:-1])


def header_scores(text: object, fields=FIELD_NAMES) -> dict[str, tuple[int, str]]:
    """How strongly a header names each field: field -> (weight, the words that matched)."""
    tokens = normalise_header(text).split()
    scores: dict[str, tuple[int, str]] = {}
    if not tokens:
        return scores
    for name in fields:
        if any(_matches(tokens, words) for words, _ in EXCLUDED.get(name, ())):
            continue
        best = None
        for words, weight in VOCABULARY[name]:
            if weight and _matches(tokens, words) and (best is None or weight > best[0]):
                best = (weight, " ".join(words))
        if best:
            scores[name] = best
    return scores


@dataclass
class HeaderMap:
    """Where a sheet's table is: the header row(s), the first data row and each field's
    column (0-based), with the header text each was recognised by."""

    header_row: int
    data_from: int
    columns: dict[str, int]
    headers: list[str]
    found_by: dict[str, str] = field(default_factory=dict)

    def value(self, cells_: list, name: str) -> object:
        index = self.columns.get(name)
        if index is None or index >= len(cells_):
            return None
        return cells_[index]


def _assign(headers: list[str], fields) -> tuple[dict[str, int], dict[str, str]]:
    """Give each field the column that names it most strongly, each column one field."""
    candidates = []
    for col, text in enumerate(headers):
        for name, (weight, words) in header_scores(text, fields).items():
            candidates.append((-weight, col, fields.index(name), name, words))
    columns: dict[str, int] = {}
    found_by: dict[str, str] = {}
    taken: set[int] = set()
    for _, col, _, name, words in sorted(candidates):
        if name in columns or col in taken:
            continue
        columns[name] = col
        taken.add(col)
        found_by[name] = f"{headers[col]!r} (matched {words!r})"
    return columns, found_by


def _missing(columns: dict[str, int], kind: str) -> list[tuple[str, ...]]:
    return [need for need in REQUIRED[kind] if not any(f in columns for f in need)]


def _texts(row: Row) -> list[str]:
    return [c.strip() if isinstance(c, str) else "" for c in row.cells]


def _looks_like_header(row: Row) -> bool:
    """A header row holds text; a data row holds numbers and dates."""
    return all(c is None or isinstance(c, str) for c in row.cells)


def find_header(rows: list[Row], kind: str, where: str,
                mapping: dict[str, str] | None = None) -> HeaderMap:
    """The header of a sheet among its first rows, or ``InputFileError`` saying what is
    missing, which headers were seen and the ``--map`` that would fix it."""
    fields = KIND_FIELDS[kind]
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping) - set(fields))
    if unknown:
        raise InputFileError(f"--map {unknown[0]}=...: unknown field for {kind}; "
                             f"the fields are {', '.join(fields)}")
    wanted = {f: normalise_header(h) for f, h in mapping.items()}
    best: tuple[int, Row, dict[str, int]] | None = None
    rows = rows[:HEADER_SEARCH_ROWS]
    for i, row in enumerate(rows):
        headers = _texts(row)
        if sum(1 for h in headers if h) < (1 if mapping else 2) or not _looks_like_header(row):
            continue
        normalised = [normalise_header(h) for h in headers]
        fixed = {f: normalised.index(w) for f, w in wanted.items() if w in normalised}
        if len(fixed) < len(wanted):
            continue
        columns, found_by = _assign(
            [h if col not in fixed.values() else "" for col, h in enumerate(headers)],
            tuple(f for f in fields if f not in fixed))
        columns.update(fixed)
        found_by.update({f: f"{headers[c]!r} (--map)" for f, c in fixed.items()})
        if not _missing(columns, kind):
            header = HeaderMap(row.number, row.number + 1, columns, headers, found_by)
            if not fixed:
                header = _with_second_row(header, rows[i + 1] if i + 1 < len(rows) else None, kind)
            return _skip_numbering(header, rows)
        if best is None or len(columns) > len(best[2]):
            best = (i, row, columns)
    raise _no_header(rows, best, kind, where, mapping)


def _with_second_row(header: HeaderMap, below: Row | None, kind: str) -> HeaderMap:
    """Take in a second header row ("Ф.И.О." and "ИИН" under a merged "Жертвователь")
    when the row below adds fields and is not data."""
    if below is None or not _looks_like_header(below):
        return header
    for need, parse in (("date", cells.day), ("amount", cells.amount)):
        value = header.value(below.cells, need)
        if not cells.is_empty(value) and not isinstance(parse(value), cells.RowProblem):
            return header
    sub = _texts(below)
    width = max(len(header.headers), len(sub))
    top = header.headers + [""] * (width - len(header.headers))
    sub = sub + [""] * (width - len(sub))
    combined = [f"{t} {s}".strip() for t, s in zip(top, sub)]
    columns, found_by = _assign(combined, KIND_FIELDS[kind])
    if _missing(columns, kind) or len(columns) <= len(header.columns):
        return header
    return HeaderMap(below.number, below.number + 1, columns, combined, found_by)


def _skip_numbering(header: HeaderMap, rows: list[Row]) -> HeaderMap:
    """Official forms number their columns 1, 2, 3... in the row under the header."""
    below = next((r for r in rows if r.number == header.data_from), None)
    if below is None:
        return header
    values = [c for c in below.cells if not cells.is_empty(c)]
    numbers = [int(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)
               and float(v).is_integer()] if values else []
    if len(values) >= 3 and len(numbers) == len(values) and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        header.data_from += 1
    elif len(values) >= 3 and all(isinstance(v, str) and v.strip().isdigit() for v in values):
        ints = [int(v) for v in values]
        if ints == list(range(ints[0], ints[0] + len(ints))):
            header.data_from += 1
    return header


def _no_header(rows: list[Row], best, kind: str, where: str, mapping: dict[str, str]) -> InputFileError:
    if mapping and best is None:
        shown = ", ".join(f"{f}={h!r}" for f, h in mapping.items())
        seen = _seen(rows)
        return InputFileError(f"{where}: no row in the first {HEADER_SEARCH_ROWS} has the headers "
                              f"given by --map ({shown}); the rows there hold {seen}")
    if best is None:
        examples = " ".join(f"--map {need[0]}='{EXAMPLE_HEADERS.get(need[0], need[0])}'"
                            for need in REQUIRED[kind])
        return InputFileError(
            f"{where}: no header row found in the first {HEADER_SEARCH_ROWS} rows "
            f"(looked for columns like 'Дата' and 'Сумма, тенге'); the rows there hold {_seen(rows)}; "
            f"add a header row or name the columns, e.g. {examples}")
    _, row, columns = best
    headers = _texts(row)
    missing = _missing(columns, kind)
    unused = [h for col, h in enumerate(headers) if h and col not in columns.values()]
    what = " and ".join(" or ".join(FIELD_WORDS[f] for f in need) for need in missing)
    example = f"'{unused[0]}'" if unused else "'HEADER'"
    maps = " ".join(f"--map {need[0]}={example}" for need in missing[:1])
    return InputFileError(
        f"{where}, row {row.number}: no {what} column among the headers "
        f"{', '.join(repr(h) for h in headers if h)}; name it with --map FIELD=HEADER, e.g. {maps}")


def _seen(rows: list[Row]) -> str:
    texts = [repr(cells.text(c)) for r in rows for c in r.cells if not cells.is_empty(c)][:8]
    return ", ".join(texts) if texts else "nothing (the sheet is empty)"


# --- rows that are not data -------------------------------------------------------------------

def is_blank(row: Row) -> bool:
    for value in row.cells:
        if value is None or value == "" or (isinstance(value, str) and not value.strip()):
            continue
        return False
    return True


def is_totals(row: Row, header: HeaderMap) -> bool:
    """A totals row ("Итого", "Всего", "Барлығы", "Жиыны", "Total", or an amount that is a
    formula) sums the rows above: it is never itself a contribution. A row with an IIN/BIN is
    always a payment, whatever its name says ("TOTAL E&P Kazakhstan" is a company)."""
    if not cells.is_empty(header.value(row.cells, "id_number")):
        return False
    amount = header.value(row.cells, "amount")
    if isinstance(amount, str) and amount.strip().startswith("="):
        return True
    # The label of a total stands left of the sum it labels, as its first word.
    for value in row.cells[:header.columns.get("amount", len(row.cells))]:
        if type(value) is str and normalise(value).split(" ", 1)[0].startswith(TOTAL_PREFIXES):
            return True
    return False


# --- spending categories ----------------------------------------------------------------------

@dataclass(frozen=True)
class CategoryMatch:
    role: str
    evidence: str


# In order: the first that matches wins, so "печатные издания" (press) comes before
# "печатные" (printed materials) and "аудиовизуальные материалы" before "иные материалы".
CATEGORY_WORDS = (
    ("media_tv", ("телевиден", "телеканал", "теледидар", "tv", "тв", "television", "телеэфир")),
    ("media_radio", ("радио", "radio")),
    ("media_online", ("интернет", "online", "онлайн", "соцсет", "социальн сет", "әлеуметтік желі",
                      "internet", "social media", "сайт", "website")),
    ("media_press", ("печатные издания", "печатных изданиях", "газета", "газете", "журнал", "пресса",
                     "баспасөз", "press", "newspaper", "сми", "бақ")),
    ("audiovisual", ("видеоролик", "аудиовизуал", "аудиоролик", "бейнеролик", "audiovisual", "video")),
    ("printed", ("печатн", "листовк", "баннер", "плакат", "полиграф", "буклет", "брошюр",
                 "баспа", "парақша", "printed", "leaflet", "poster", "banner", "billboard", "билборд")),
    ("other_materials", ("агитационные материалы", "агитационных материалов", "үгіт материалдары",
                         "campaign materials", "сувенир")),
    ("events", ("встреч", "мероприят", "митинг", "собрани", "шара", "кездесу", "event", "meeting", "rally",
                "концерт")),
    ("transport", ("транспорт", "автобус", "автомобил", "гсм", "авиабилет", "билет", "бензин", "топливо", "көлік", "жанармай",
                   "transport", "fuel", "travel", "taxi", "такси", "перевоз")),
    ("rent", ("аренда", "аренду", "жалға", "жалдау", "rent", "lease")),
)
# Categories are written with endings ("на телевидении", "шаралар"): words of four letters
# or more are stems here.
_CATEGORY_MARKERS = tuple((role, Markers(*words, whole_word_up_to=3)) for role, words in CATEGORY_WORDS)
_ROLE_NAMES = {role for role, _ in CATEGORY_WORDS} | {"other_spending"}


def spending_role(text: str | None) -> CategoryMatch:
    """The spending account a category (or, lacking one, the purpose) points to."""
    shown = (text or "").strip()
    if shown in _ROLE_NAMES:
        return CategoryMatch(shown, f"category {shown!r} is the account role itself")
    text = normalise(shown)
    for role, markers in _CATEGORY_MARKERS:
        label = markers.find(text)
        if label:
            return CategoryMatch(role, f"category {shown!r} matched {label!r}")
    return CategoryMatch("other_spending", f"category {shown!r}: no known word, booked as other spending"
                         if shown else "no category: booked as other spending")
