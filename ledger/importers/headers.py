"""Finding the header row of a book and what each column holds.

Every treasurer words the headers differently, in Russian, Kazakh or English, above the table
there are title rows and merged cells, and some books have a header of two rows ("Жертвователь"
merged over "Ф.И.О." and "ИИН"). So a column is recognised by the words its header contains,
normalised (lower case, ё as е, punctuation gone) and weighed, never by an exact string: the
header that says most clearly "this is the amount" gets the amount, and "Сумма прописью" (the
amount in words) or "№ п/п" (a row counter) get nothing. When a required column cannot be
found the error lists the headers seen and the ``--map FIELD=HEADER`` that would settle it.

The words themselves are data, per language (``ledger/importers/vocabulary``). This is the
reader of books no known layout recognises (``ledger/importers/layouts`` reads the others).

Also here, because it is the same kind of reading: the small tests of a row (blank, a total,
a note, the header again) that the ordered row rules of ``ledger.importers.rows`` ask, and
which spending account a category's words point to.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ledger.core.codes import FileProblem as F
from ledger.core.errors import InputFileError
from ledger.core.money import Money
from ledger.core.notices import Notice
from ledger.i18n import N_, _
from ledger.importers import cells, direction
from ledger.importers.readers import Row
from ledger.importers.vocabulary import WORDS, normalise_header
from ledger.importers.vocabulary import has as _has
from ledger.importers.vocabulary import matches as _matches
from ledger.importers.vocabulary import says as _says
from ledger.rules.donors import LEGAL_FORMS
from ledger.rules.words import Markers, normalise

HEADER_SEARCH_ROWS = 60

FIELD_NAMES = ("date", "name", "id_number", "donor_type", "citizenship", "amount", "purpose",
               "document", "category", "candidate", "list_position", "currency", "direction", "notes", "payer_code")

KIND_FIELDS = {
    "contributions": ("date", "name", "id_number", "donor_type", "citizenship", "amount",
                      "purpose", "document", "currency", "direction", "notes", "payer_code"),
    "spending": ("date", "name", "id_number", "amount", "purpose", "document", "category",
                 "candidate", "currency", "direction"),
    "reference": ("id_number", "name", "list_position"),
}
KIND_FIELDS["own-funds"] = KIND_FIELDS["association-funds"] = KIND_FIELDS["contributions"]
KIND_FIELDS["candidates"] = KIND_FIELDS["reference"]

# Each inner tuple is one requirement: any of its fields will do.
REQUIRED = {
    "contributions": (("date",), ("amount",), ("name", "id_number")),   # a gift has a giver
    "own-funds": (("date",), ("amount",)),
    "association-funds": (("date",), ("amount",), ("name", "id_number")),   # the association is named
    "spending": (("date",), ("amount",), ("category", "purpose")),
    "reference": (("id_number",),),
    "candidates": (("id_number", "name"),),   # a party list may name candidates without IINs
}

FIELD_WORDS = {   # put into words with ``_`` where a message names the field
    "date": N_("date"), "name": N_("name of the donor or payee"), "id_number": N_("IIN/BIN"),
    "donor_type": N_("donor type"), "citizenship": N_("citizenship"), "amount": N_("amount"),
    "purpose": N_("purpose"), "document": N_("document number"), "category": N_("spending category"),
    "candidate": N_("candidate"), "list_position": N_("position in the list"), "currency": N_("currency"),
    "direction": N_("debit or credit mark"), "notes": N_("notes"), "payer_code": N_("payer's code (КОд)"),
}
EXAMPLE_HEADERS = {
    "date": "Дата", "amount": "Сумма, тенге", "category": "Статья расходов",
    "purpose": "Назначение платежа", "id_number": "ИИН/БИН",
}


# The words of each column, with how strongly they say it (vocabulary/*.toml): a header goes
# to the field it names most strongly, so "Тип жертвователя" is the donor type (5), not the
# donor (3), and "Наименование расходов" is the spending category (6), not the payee (3). Words
# that take a header away from a field (the amount in words, a date of birth), and words that
# make it a better or a worse candidate when two columns could hold it.
VOCABULARY, EXCLUDED, PREFERRED, AVOIDED = WORDS.columns, WORDS.excluded, WORDS.preferred, WORDS.avoided

# How a totals row begins (its first word; "итог" also as a stem: "Итого", "Итоговая"), and
# the breakdown that follows a total ("в том числе: от физических лиц").
TOTAL_PREFIXES, TOTAL_PHRASES = WORDS.total_first_words, WORDS.total_phrases


def header_scores(text: object, fields=FIELD_NAMES) -> dict[str, tuple[int, str]]:
    """How strongly a header names each field: field -> (weight, the words that matched)."""
    tokens = normalise_header(text).split()
    scores: dict[str, tuple[int, str]] = {}
    if not tokens:
        return scores
    for name in fields:
        if _has(tokens, EXCLUDED.get(name, ())):
            continue
        best = None
        for words, weight in VOCABULARY[name]:
            if weight and _matches(tokens, words) and (best is None or weight > best[0]):
                best = (weight, " ".join(words))
        if best:
            weight = best[0] + _has(tokens, PREFERRED.get(name, ())) - 2 * _has(tokens, AVOIDED.get(name, ()))
            scores[name] = (weight, best[1])
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
    warnings: list[str] = field(default_factory=list)
    amount_scale: int = 1        # 1000 when the amount's header says "тыс. тенге"
    # A statement's column of money that went the other way, and where such rows belong.
    other_way: int | None = None
    # -1 when a spending book writes its payments negative ("-1 000 000"), 0 otherwise.
    sign: int = 0
    money_in: bool = True          # a book of receipts; spending records money out
    other_way_advice: str = ""
    month_first: bool = False     # the date column writes 08/15/2007 (see cells.slash_order)
    # The name in parts: surname, given name and patronymic columns, in that order.
    name_parts: tuple[int, ...] = ()
    # A known layout's: the rows it says are no payment, and its direction column's words
    # (money in, money out) when they are not the generic marks.
    skip: Callable[[Row], bool] | None = None
    marks: tuple[frozenset, frozenset] | None = None

    def value(self, cells_: list, name: str) -> object:
        index = self.columns.get(name)
        if index is None or index >= len(cells_):
            return None
        return cells_[index]

    def name(self, cells_: list) -> str | None:
        """The donor's or payee's name as a row gives it, put together when it is in parts, or
        read beside the IIN/BIN when a bank's cell holds both and no column has the name."""
        if "name" not in self.columns:
            return cells.name_beside_id(self.value(cells_, "id_number"))
        if not self.name_parts:
            return cells.text(self.value(cells_, "name"))
        return " ".join(filter(None, (cells.text(cells_[i]) for i in self.name_parts if i < len(cells_)))) or None


def _assign(headers: list[str], fields, sample: list[list] = (), kind: str = "contributions",
            ) -> tuple[dict[str, int], dict[str, str]]:
    """Give each field the column that names it most strongly, each column one field; for a
    date or an amount the cells under the header count too (see ``_fit``), and for an amount
    which way the money went (see ``direction.column_direction``)."""
    columns: dict[str, int] = {}
    found_by: dict[str, str] = {}
    taken: set[int] = set()
    for _weight, col, _order, name, words in sorted(_candidates(headers, fields, sample, kind)):
        if name in columns or col in taken:
            continue
        columns[name] = col
        taken.add(col)
        found_by[name] = f"{headers[col]!r} (matched {words!r})"
    return columns, found_by


def _candidates(headers: list[str], fields, sample: list[list], kind: str) -> list[tuple]:
    """(-weight, column, field order, field, the words that matched) for every header that
    names a field."""
    found = []
    for col, text in enumerate(headers):
        for name, (weight, words) in header_scores(text, fields).items():
            way = direction.column_direction(kind, name, text)
            if way is not None:
                found.append((-(weight + way + _fit(name, col, sample)), col, fields.index(name), name, words))
    return found


def _other_way(header: HeaderMap, kind: str) -> int | None:
    """A bank statement's column of money that went the other way (the debit beside the
    credit a receipts import takes), to say why a row of it is none of this book's."""
    return next((col for col, text in enumerate(header.headers)
                 if col not in header.columns.values() and "amount" in header_scores(text, ("amount",))
                 and direction.column_direction(kind, "amount", text) is None), None)


_PARSERS = {"date": cells.day, "amount": cells.amount}
_WORDS_FIELDS = ("name", "category", "purpose")


def _fit(name: str, col: int, sample: list[list]) -> int:
    """What the cells under a header say about it holding a date or an amount: -4 when most
    of them cannot be read as one ("№ 15 от 30.01.2023" is no date), -2 when the column is
    empty in a sample of data rows (a refund column), 0 otherwise or without a sample. A
    column of numbers holds no name, category or purpose ("Приход | Расход": the spending's
    amount, not its category): -4."""
    parse = _PARSERS.get(name)
    if (parse is None and name not in _WORDS_FIELDS) or len(sample) < 3:
        return 0
    values = [r[col] for r in sample if col < len(r) and not cells.is_empty(r[col])]
    if parse is None:
        numbers = sum(1 for v in values if isinstance(cells.amount(v), Money))
        return -4 if values and numbers * 2 > len(values) else 0
    if not values:
        return -2
    readable = sum(1 for v in values if not isinstance(parse(v), cells.RowProblem))
    return 0 if readable * 2 >= len(values) else -4


def _sample(rows: list[Row], after: int) -> list[list]:
    """The cells of up to 20 non-blank rows below row ``after``: what the columns hold."""
    return [r.cells for r in rows if r.number > after and not is_blank(r)][:20]


def _ambiguities(header: HeaderMap, fields, sample: list[list], where: str, kind: str) -> list[str]:
    """A warning for each date or amount that another column could also have been."""
    warnings = []
    for name in ("date", "amount"):
        chosen = header.columns.get(name)
        if chosen is None or name not in fields:
            continue
        others = [(-w, col) for w, col, _order, field_name, _words in _candidates(header.headers, fields, sample, kind)
                  if field_name == name and col != chosen and col not in header.columns.values() and -w >= 5]
        for _weight, col in sorted(others):
            warnings.append(Notice(
                "TWO_COLUMNS_FOR_ONE_FIELD", _("{where}: columns {used!r} and {other!r} both look like the {what}; "
                                               "{used!r} was used; to take the other, --map {field}={other!r}").format(
                    where=where, used=header.headers[chosen], other=header.headers[col], what=_(FIELD_WORDS[name]),
                    field=name), where=where, field=name, used=header.headers[chosen], other=header.headers[col]))
    return warnings


def _missing(columns: dict[str, int], kind: str) -> list[tuple[str, ...]]:
    return [need for need in REQUIRED[kind] if not any(f in columns for f in need)]


def _texts(row: Row) -> list[str]:
    return [c.strip() if isinstance(c, str) else "" for c in row.cells]


def _looks_like_header(row: Row) -> bool:
    """A header row holds text; a data row holds numbers and dates. A header may hold one
    stray date or number (a report date typed into the header row) among its words."""
    texts = sum(1 for c in row.cells if isinstance(c, str) and c.strip())
    others = sum(1 for c in row.cells if not cells.is_empty(c) and not isinstance(c, str))
    return others == 0 or (texts >= 2 and others <= max(1, texts // 3))


def _could_be_sub_header(row: Row | None) -> bool:
    """Whether a row can be the lower half of a two-row header: words only, no digits (a data
    row of a CSV book is all text too, but it has dates and amounts)."""
    return (row is not None and any(isinstance(c, str) and c.strip() for c in row.cells)
            and all(c is None or (isinstance(c, str) and not any(ch.isdigit() for ch in c)) for c in row.cells))


def find_header(rows: list[Row], kind: str, where: str,
                mapping: dict[str, str] | None = None) -> HeaderMap:
    """The header of a sheet among its first rows, or ``InputFileError`` saying what is
    missing, which headers were seen and the ``--map`` that would fix it."""
    fields = KIND_FIELDS[kind]
    mapping = dict(mapping or {})
    unknown = sorted(set(mapping) - set(fields))
    if unknown:
        raise InputFileError(_("--map {field}=...: unknown field for {kind}; the fields are {fields}").format(
            field=unknown[0], kind=kind, fields=", ".join(fields)), code=F.MAP_FIELD_UNKNOWN)
    wanted = {f: normalise_header(h) for f, h in mapping.items()}
    best: tuple[int, Row, dict[str, int]] | None = None
    rows = rows[:HEADER_SEARCH_ROWS]
    for i, row in enumerate(rows):
        texts = _texts(row)
        if sum(1 for h in texts if h) < (1 if mapping else 2) or not (mapping or _looks_like_header(row)):
            continue
        below = rows[i + 1] if i + 1 < len(rows) else None
        # The row alone, then with the row below it as a second header row ("Платежное
        # поручение" merged over "№" and "дата").
        tries = [(texts, row)]
        if _could_be_sub_header(below):
            tries.append((_stacked(texts, _texts(below)), below))
        for headers, last in tries:
            normalised = [normalise_header(h) for h in headers]
            fixed = {f: _mapped_column(w, normalised, texts, _texts(last)) for f, w in wanted.items()}
            if None in fixed.values():
                continue
            sample = _sample(rows, last.number)
            columns, found_by = _assign(
                [h if col not in fixed.values() else "" for col, h in enumerate(headers)],
                tuple(f for f in fields if f not in fixed), sample, kind)
            columns.update(fixed)
            found_by.update({f: f"{headers[c]!r} (--map)" for f, c in fixed.items()})
            if not _missing(columns, kind):
                header = HeaderMap(last.number, last.number + 1, columns, headers, found_by)
                if last is row and not fixed:
                    header = _with_second_row(header, below, kind, _sample(rows, last.number + 1))
                return _read_the_columns(header, rows, kind, where, checked=not mapping)
            if best is None or len(columns) > len(best[2]):
                best = (i, row, columns)
    raise _no_header(rows, best, kind, where, mapping)


def _read_the_columns(header: HeaderMap, rows: list[Row], kind: str, where: str, checked: bool) -> HeaderMap:
    """What the found columns say beyond their names: a book of another kind (unless the
    user named the columns), a runner-up column, a statement's other way, American dates,
    thousands of tenge, a numbering row."""
    sample = _sample(rows, header.header_row)
    if checked:
        _refuse_other_kind(header, kind, where)
    header.warnings = _ambiguities(header, KIND_FIELDS[kind], sample, where, kind)
    header.other_way = _other_way(header, kind)
    header.money_in, header.other_way_advice = kind != "spending", direction.other_way_advice(kind)
    direction.signed(header, sample, kind)
    col = header.columns.get("date")
    if col is not None and cells.slash_order(r[col] for r in sample if col < len(r)) == "month first":
        header.month_first = True
        header.warnings.append(Notice("DATES_MONTH_FIRST", _("{where}: the dates are written month first (as 08/15/2007) and are read so").format(
            where=where), where=where))
    _thousands(header, where)
    _name_in_parts(header)
    return _skip_numbering(header, rows)


# A name in three columns ("Фамилия | Имя | Отчество", "Тегі | Аты | Әкесінің аты"): the
# surname's column is the name (see VOCABULARY), the other two are found beside it.
_SURNAME, _GIVEN_NAME, _PATRONYMIC = WORDS.surname, WORDS.given_name, WORDS.patronymic


def _name_in_parts(header: HeaderMap) -> None:
    col = header.columns.get("name")
    if col is None or not _says(header.headers[col], _SURNAME) or _says(header.headers[col], _GIVEN_NAME):
        return   # no surname column, or one that holds the whole name ("Фамилия, имя, отчество")
    free = [c for c in range(len(header.headers)) if c not in header.columns.values()]
    patronymic = next((c for c in free if _says(header.headers[c], _PATRONYMIC)), None)
    given = next((c for c in free if c != patronymic and _says(header.headers[c], _GIVEN_NAME)), None)
    parts = tuple(c for c in (col, given, patronymic) if c is not None)
    if len(parts) > 1:
        header.name_parts = parts
        header.found_by["name"] = " + ".join(repr(header.headers[c]) for c in parts) + " (the name in parts)"


def _thousands(header: HeaderMap, where: str) -> None:
    """"Сумма, тыс. тенге" holds thousands of tenge: 1 500 there is 1 500 000 tenge."""
    col = header.columns.get("amount")
    if col is not None and set(normalise_header(header.headers[col]).split()) & set(WORDS.thousands):
        header.amount_scale = 1000
        header.warnings.append(Notice("AMOUNTS_IN_THOUSANDS", _("{where}: the amount column {header!r} is in thousands of tenge; its amounts were "
                                 "multiplied by 1 000").format(where=where, header=header.headers[col]), where=where, column=header.headers[col]))


def _mapped_column(wanted: str, normalised: list[str], top: list[str], bottom: list[str]) -> int | None:
    """The column a ``--map`` header names: as the header reads, or either of its two rows."""
    if wanted in normalised:
        return normalised.index(wanted)
    for row in (top, bottom):
        texts = [normalise_header(h) for h in row]
        if wanted in texts:
            return texts.index(wanted)
    return None


def _stacked(top: list[str], sub: list[str]) -> list[str]:
    """Two header rows read as one: a group merged over several columns ("Платежное
    поручение" over "№" and "дата") stands over each of them."""
    width = max(len(top), len(sub))
    top = top + [""] * (width - len(top))
    sub = sub + [""] * (width - len(sub))
    over = ""
    combined = []
    for t, s in zip(top, sub):
        if t:
            over = t if s else ""
        elif not s:
            over = ""
        combined.append(f"{t or over} {s}".strip())
    return combined


def _with_second_row(header: HeaderMap, below: Row | None, kind: str, sample: list[list]) -> HeaderMap:
    """Take in a second header row ("Ф.И.О." and "ИИН" under a merged "Жертвователь")
    when the row below adds fields and is not data."""
    if below is None or not _looks_like_header(below):
        return header
    for need, parse in (("date", cells.day), ("amount", cells.amount)):
        value = header.value(below.cells, need)
        if not cells.is_empty(value) and not isinstance(parse(value), cells.RowProblem):
            return header
    combined = _stacked(header.headers, _texts(below))
    columns, found_by = _assign(combined, KIND_FIELDS[kind], sample, kind)
    # It is a second header row when it adds fields, or when it is words alone under the
    # header ("Дебет | Кредит" under a merged "Сумма"), which no data row is.
    words_only = _could_be_sub_header(below) and sum(1 for t in _texts(below) if t) >= 2
    if _missing(columns, kind) or (len(columns) <= len(header.columns) and not words_only):
        return header
    return HeaderMap(below.number, below.number + 1, columns, combined, found_by)


# A spending book's columns in a receipts import, a receipts book's in a spending import, a
# book of payments where a reference list was expected.
_TO_RECEIPTS = N_("{where}, row {row}: the column {text!r} is the {what} of a contributions book; import it with "
                  "`fundledger import contributions`")
_TO_SPENDING = N_("{where}, row {row}: the column {text!r} is the {what} of a spending book; import it with "
                  "`fundledger import spending`")
_NOT_A_LIST = N_("{where}, row {row}: the column {text!r} is the {what} of a book of payments, not of a list; a list "
                 "holds IIN/BINs and names")
_OTHER_KIND = {"contributions": (("category",), _TO_SPENDING), "own-funds": (("category",), _TO_SPENDING),
               "association-funds": (("category",), _TO_SPENDING),
               "spending": (("donor_type", "citizenship"), _TO_RECEIPTS),
               "reference": (("amount",), _NOT_A_LIST), "candidates": (("amount",), _NOT_A_LIST)}


# Every bank statement gives the other party's residency: it says nothing of the book's kind.
_STATEMENT_RESIDENCY = WORDS.residency


def _refuse_other_kind(header: HeaderMap, kind: str, where: str) -> None:
    """A book of the wrong kind would be booked without complaint (payees as donors, gifts as
    spending, suppliers as state organisations): a column only the other kind has, and
    nothing of ours took, says which it is."""
    theirs, advice = _OTHER_KIND[kind]
    for col, text in enumerate(header.headers):
        if col in header.columns.values() or (kind == "spending" and _says(text, _STATEMENT_RESIDENCY)):
            continue
        scores = header_scores(text)
        strongest = max(scores.items(), key=lambda item: item[1][0], default=None)
        if strongest and strongest[0] in theirs and strongest[1][0] >= 6:
            hint = _(", or name this book's columns with --map if it really is a book of {kind}").format(kind=kind) \
                if kind in ("contributions", "own-funds", "association-funds", "spending") else ""
            raise InputFileError(_(advice).format(where=where, row=header.header_row, text=text,
                                                  what=_(FIELD_WORDS[strongest[0]])) + hint, code=F.WRONG_KIND_OF_BOOK)


_COLUMN_NUMBER = re.compile(r"(?:гр|графа|баған|col|column)?\.?\s*\(?(\d{1,2})(?:\.\d{1,2})?\)?\.?(?:\s*=.*)?",
                            re.IGNORECASE)


def _skip_numbering(header: HeaderMap, rows: list[Row]) -> HeaderMap:
    """Official forms number their columns in the row under the header: 1, 2, 3..., "гр.1",
    "(2)", "5=3*4", sub-columns "2.1", or letters А, Б, В."""
    below = next((r for r in rows if r.number == header.data_from), None)
    if below is not None and _is_numbering(below):
        header.data_from += 1
    return header


def _is_numbering(row: Row) -> bool:
    numbers = [_column_number(c) for c in row.cells if not cells.is_empty(c)]
    if None in numbers:
        numbers = [_column_letter(c) for c in row.cells if not cells.is_empty(c)]
    return (len(numbers) >= 3 and None not in numbers and numbers[-1] - numbers[0] >= 2
            and all(b - a in (0, 1) for a, b in zip(numbers, numbers[1:])))


def is_header_again(row: Row, header: HeaderMap) -> bool:
    """The header (or its column numbers) printed again after a page break of the bank's or
    the accountant's report: no data row. Runs for every row, so it looks closer only at a
    row whose date cell holds the date header's words, or whose first cell is a 1."""
    col = header.columns.get("date")
    cell = row.cells[col] if col is not None and col < len(row.cells) else None
    if isinstance(cell, str) and cell[:1].isalpha():
        return all(normalise_header(row.cells[c]) == normalise_header(header.headers[c])
                   for c in (col, header.columns.get("amount")) if c is not None and c < len(row.cells))
    first = row.cells[0] if row.cells else None
    return first is not None and (_column_number(first) == 1 or _column_letter(first) in (ord("А"), ord("A"))) \
        and _is_numbering(row)


def _column_letter(value: object) -> int | None:
    text = value.strip().rstrip(".").upper() if isinstance(value, str) else ""
    return ord(text) if len(text) == 1 and text.isalpha() else None


def _column_number(value: object) -> int | None:
    """The column's number (a sub-column "2.1" counts as 2)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if 0 < value < 100 and round(value, 2) == value else None
    match = _COLUMN_NUMBER.fullmatch(value.strip()) if isinstance(value, str) else None
    return int(match[1]) if match else None


def _no_header(rows: list[Row], best, kind: str, where: str, mapping: dict[str, str]) -> InputFileError:
    if mapping and best is None:
        shown = ", ".join(f"{f}={h!r}" for f, h in mapping.items())
        seen = _seen(rows)
        return InputFileError(_("{where}: no row in the first {count} has the headers given by --map ({shown}); "
                                "the rows there hold {seen}").format(
            where=where, count=HEADER_SEARCH_ROWS, shown=shown, seen=seen), code=F.MAPPED_HEADERS_NOT_FOUND)
    if best is None:
        examples = " ".join(f"--map {need[0]}='{EXAMPLE_HEADERS[need[0]]}'"
                            for need in REQUIRED[kind] if need[0] in EXAMPLE_HEADERS)
        return InputFileError(_(
            "{where}: no header row found in the first {count} rows (looked for columns like 'Дата' and "
            "'Сумма, тенге'); the rows there hold {seen}; add a header row or name the columns, e.g. {examples}"
        ).format(where=where, count=HEADER_SEARCH_ROWS, seen=_seen(rows), examples=examples), code=F.HEADER_NOT_FOUND)
    row, columns = best[1:]
    headers = _texts(row)
    missing = _missing(columns, kind)
    what = _(" and ").join(_(" or ").join(_(FIELD_WORDS[f]) for f in need) for need in missing)
    unused = [(col, h) for col, h in enumerate(headers) if h and col not in columns.values()
              and direction.column_direction(kind, missing[0][0], h) is not None]   # never the other way's money
    example = _likely_column(unused, missing[0][0], _sample(rows, row.number))
    maps = f"--map {missing[0][0]}='{example}'"
    return InputFileError(_(
        "{where}, row {row}: no {what} column among the headers {headers}; name it with --map FIELD=HEADER, "
        "e.g. {maps}").format(where=where, row=row.number, what=what,
                              headers=", ".join(repr(h) for h in headers if h), maps=maps), code=F.COLUMN_MISSING)


def _likely_column(unused: list[tuple[int, str]], name: str, sample: list[list]) -> str:
    """The header to suggest for a missing date or amount: the unused column whose cells read
    best as one (for amounts, the larger sums: a bank statement's "Кредит", not "№ док.")."""
    parse = _PARSERS.get(name)
    ranked = []
    for col, text in unused:
        values = [r[col] for r in sample if col < len(r) and not cells.is_empty(r[col])] if parse else []
        readable = [v for v in (parse(v) for v in values) if not isinstance(v, cells.RowProblem)]
        if values and len(readable) * 2 >= len(values):
            largest = max(v.tiyn for v in readable) if name == "amount" else 0
            ranked.append((largest, len(readable), -col, text))
    if ranked:
        return max(ranked)[3]
    return unused[0][1] if unused else "HEADER"


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
    """A totals row ("Итого", "Всего", "Барлығы", "Жиыны", "Total", "в том числе", or an
    amount that is a formula) sums the rows above: it is never itself a contribution. A row
    with an IIN/BIN is always a payment, whatever its name says ("TOTAL E&P Kazakhstan" is a
    company); "Итого" typed into the IIN/BIN column is no number."""
    number = header.value(row.cells, "id_number")
    if not cells.is_empty(number) and any(ch.isdigit() for ch in str(number)):
        return False
    amount = header.value(row.cells, "amount")
    if isinstance(amount, str) and amount.strip().startswith("="):
        return True
    # The label of a total stands left of the sum it labels, as its first words; in an
    # undated row it may stand anywhere ("350 000 | Итого").
    dated = not cells.is_empty(header.value(row.cells, "date"))
    labels = row.cells[:header.columns.get("amount", len(row.cells))] if dated else row.cells
    for value in labels:
        if type(value) is str and _is_total_label(normalise(value)):
            # "TOTAL Kazakhstan Services LLP" in the payer's column is a company.
            return not (value is header.value(row.cells, "name") and LEGAL_FORMS.find(normalise(value)))
    return False


def _is_total_label(text: str) -> bool:
    # "Итого", "Итоговая", "Total:" but not "Totalizator Kazakhstan": only the Russian stem
    # takes endings.
    first = text.split(" ", 1)[0]
    return first.startswith("итог") or first in _TOTAL_FIRST or text in _TOTAL_PHRASE_SET or text.startswith(
        _TOTAL_PHRASE_STARTS)


# Asked of every label cell of every row: sets and one startswith, not a loop over the words.
_TOTAL_FIRST = frozenset(TOTAL_PREFIXES) | {"totals", "sub"}
_TOTAL_PHRASE_SET = frozenset(TOTAL_PHRASES)
_TOTAL_PHRASE_STARTS = tuple(f"{p} " for p in TOTAL_PHRASES)


def is_note(row: Row, header: HeaderMap) -> bool:
    """A row that cannot be a payment: no amount, no IIN/BIN and no date, only words (a month
    heading, "Сумма прописью: ...", the treasurer's signature)."""
    number = header.value(row.cells, "id_number")
    return (cells.is_empty(header.value(row.cells, "amount"))
            and (cells.is_empty(number) or not any(ch.isdigit() for ch in str(number)))
            and isinstance(cells.day(header.value(row.cells, "date")), cells.RowProblem))


# --- spending categories ----------------------------------------------------------------------

@dataclass(frozen=True)
class CategoryMatch:
    role: str
    evidence: str


# The categories in the order they are tried: the first that matches wins, so "печатные
# издания" (press) comes before "печатные" (printed materials) and "аудиовизуальные материалы"
# before "иные материалы". Their words, and the order of the words within each, are the
# vocabulary's ``[categories.ROLE]``.
CATEGORY_ORDER = ("media_tv", "media_radio", "media_online", "media_press", "audiovisual", "printed",
                  "other_materials", "events", "transport", "rent")
CATEGORY_WORDS = tuple((role, WORDS.categories[role]) for role in CATEGORY_ORDER)
# Categories are written with endings ("на телевидении", "шаралар"): words of four letters
# or more are stems here.
_CATEGORY_MARKERS = tuple((role, Markers(*words, whole_word_up_to=3)) for role, words in CATEGORY_WORDS)
_ROLE_NAMES = {*CATEGORY_ORDER, "other_spending"}


# Making a clip is audiovisual material whatever it is for ("Изготовление радиоролика"); air
# time without a medium named is television's ("Эфирное время (Хабар)").
_PRODUCTION = Markers(*WORDS.production, whole_word_up_to=3)
_CLIP = Markers(*WORDS.clip, whole_word_up_to=3)
_AIR_TIME = Markers(*WORDS.air_time, whole_word_up_to=3)
_PAID_BACK = Markers(*WORDS.paid_back, whole_word_up_to=3)


def paid_back(text: str | None) -> str | None:
    """The word that says a spending row is money paid back ("Возврат неиспользованного
    аванса", "Возврат пожертвования"), which no spending is."""
    return _PAID_BACK.find(normalise(text)) if text else None


def spending_role(text: str | None) -> CategoryMatch:
    """The spending account a category (or, lacking one, the purpose) points to."""
    shown = (text or "").strip()
    if shown in _ROLE_NAMES:
        return CategoryMatch(shown, f"category {shown!r} is the account role itself")
    text = normalise(shown)
    made, clip = _PRODUCTION.find(text), _CLIP.find(text)
    if made and clip:
        return CategoryMatch("audiovisual", f"category {shown!r} matched {made!r} and {clip!r}: making a clip")
    for role, markers in _CATEGORY_MARKERS:
        label = markers.find(text)
        if label:
            return CategoryMatch(role, f"category {shown!r} matched {label!r}")
    label = _AIR_TIME.find(text)
    if label:
        return CategoryMatch("media_tv", f"category {shown!r} matched {label!r}: air time with no medium named")
    return CategoryMatch("other_spending", f"category {shown!r}: no known word, booked as other spending"
                         if shown else "no category: booked as other spending")
