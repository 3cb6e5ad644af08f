"""Opening a treasurer's file and handing out its rows, or refusing it in one line.

Books arrive as .xlsx, .xlsm, .xls, .ods and .csv, and not always as what their name says:
CSV text renamed to .xlsx, an HTML page "saved as Excel", a workbook with a password, a zip cut
off by an e-mail gateway, now and then a hostile file. Before any library parses a workbook,
this module looks at what the bytes are, checks the zip container (sizes against a zip bomb,
XML prologs against entity tricks) and then lets python-calamine read the cells. Whatever goes
wrong becomes an ``InputFileError`` naming the file and saying what to do; nothing reaches the
user as a traceback and nothing reaches the database.

Every row comes with the number a spreadsheet program shows beside it (1-based; a CSV's first
line is row 1), so a finding can point at the cell a treasurer can open.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from json.encoder import encode_basestring as _json_text
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError
from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from ledger.core.canonical import canonical_json
from ledger.core.codes import FileProblem as F
from ledger.core.errors import InputFileError
from ledger.i18n import N_, _

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
SUFFIXES = WORKBOOK_SUFFIXES + TEXT_SUFFIXES

# A workbook of a million rows unpacks to a few hundred megabytes; its XML compresses about
# ten to thirty times (a sheet of blank formatted cells a few hundred). A zip bomb unpacks to
# gigabytes at ratios near a thousand, the most deflate can give.
MAX_UNPACKED_BYTES = 2 * 1024**3
MAX_RATIO = 500
RATIO_CHECKED_FROM = 10 * 1024**2

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_SAVE_AS = N_("open it in Excel or LibreOffice and save it as .xlsx")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

Cell = object  # str | int | float | bool | date | datetime | time | timedelta | None


@dataclass(frozen=True)
class Row:
    """One row as the file holds it: its spreadsheet row number and raw cell values."""

    number: int
    cells: list


@dataclass
class Spreadsheet:
    """A checked file: what it is, its sha256 and its sheets (a CSV has one, named after
    the file)."""

    path: Path
    format: str                      # xlsx | xls | ods | csv
    sha256: str
    sheet_names: list[str]
    _workbook: CalamineWorkbook | None = field(default=None, repr=False)
    _encoding: str | None = field(default=None, repr=False)        # CSV only
    _dialect: type[csv.Dialect] | None = field(default=None, repr=False)
    _skip_first_line: bool = field(default=False, repr=False)     # Excel's "sep=;" line
    _loaded: tuple | None = field(default=None, repr=False)        # (name, sheet): loaded once
    notes: list[str] = field(default_factory=list)                 # what the reader saw amiss

    @property
    def name(self) -> str:
        return self.path.name

    def rows(self, sheet: str) -> Iterator[Row]:
        """The sheet's rows in order, blank ones included (their numbers count)."""
        if self._encoding is not None:
            yield from self._csv_rows()
            return
        try:
            data = self._sheet(sheet)
            # calamine yields rows from the sheet's first row, so the index is the row number.
            for index, cells in enumerate(data.iter_rows(), start=1):
                yield Row(index, cells)
        except CalamineError as exc:
            raise InputFileError(_("{file}, sheet {sheet!r}: cannot be read ({why}); {save_as} again").format(
                file=self.name, sheet=sheet, why=_one_line(exc), save_as=_(_SAVE_AS)), code=F.SHEET_UNREADABLE) from exc

    def fill_down(self, sheet: str) -> FillDown | None:
        """What the sheet's vertically merged cells mean for the rows they span, or None."""
        if self._workbook is None:
            return None
        try:
            ranges = self._sheet(sheet).merged_cell_ranges
        except (CalamineError, AttributeError):   # formats without merged cells
            return None
        spans = [((r0 + 1, c0), r1 + 1) for (r0, c0), (r1, _c1) in ranges or () if r1 > r0]
        return FillDown(spans) if spans else None

    def _sheet(self, name: str):
        """calamine loads a whole sheet when asked for it: once per sheet, not per question."""
        if self._loaded is None or self._loaded[0] != name:
            self._loaded = None   # the previous sheet goes before the next one loads
            self._loaded = (name, self._workbook.get_sheet_by_name(name))
        return self._loaded[1]

    def hidden_sheets(self) -> set[str]:
        if self._workbook is None:
            return set()
        return {m.name for m in self._workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}

    def _csv_rows(self) -> Iterator[Row]:
        # Read line by line from the file, never whole: a CSV of a million rows takes the
        # memory of one row.
        with self.path.open(encoding=self._encoding, newline="") as fh:
            if self._skip_first_line:
                fh.readline()
            reader = csv.reader(fh, self._dialect)
            number = 0
            try:
                for number, cells in enumerate(reader, start=1):
                    if cells and cells[-1].endswith("\x1a"):   # DOS's end-of-file mark
                        cells[-1] = cells[-1].rstrip("\x1a")
                    yield Row(number, cells)
            except csv.Error as exc:
                # The row that failed is the one after the last read; an open quote can run on
                # for many lines before the reader gives up, so both are named.
                row, line = number + 1, reader.line_num
                where = (_("row {row}") if line <= row else _("row {row} (read on to line {line})")).format(row=row, line=line)
                raise InputFileError(_("{file}, {where}: {why}; check the quotes in that row or save the file again as "
                                       "CSV").format(file=self.name, where=where, why=exc), code=F.CSV_QUOTES) from exc

    def close(self) -> None:
        self._loaded = None
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None


class FillDown:
    """Vertically merged cells in a book's rows ("Иванов" and his IIN merged over the three
    payments he made): each row the merge spans holds the merged value, as the reader of the
    sheet sees it."""

    def __init__(self, spans: list[tuple[tuple[int, int], int]]):
        # row number -> [(column, the row whose value it shows)]; the source rows' cells kept
        self._below: dict[int, list[tuple[int, int]]] = {}
        self._sources: dict[int, set[int]] = {}
        self._kept: dict[tuple[int, int], object] = {}
        for (top, col), bottom in spans:
            self._sources.setdefault(top, set()).add(col)
            for number in range(top + 1, bottom + 1):
                self._below.setdefault(number, []).append((col, top))

    def __call__(self, row: Row, from_row: int) -> Row:
        """The row with the merged values of the rows from ``from_row`` on filled in."""
        for col in self._sources.get(row.number, ()):
            self._kept[(row.number, col)] = row.cells[col] if col < len(row.cells) else None
        spanned = self._below.get(row.number)
        if not spanned or row.number < from_row:
            return row
        cells = list(row.cells)
        for col, top in spanned:
            cells.extend([None] * (col + 1 - len(cells)))
            if cells[col] in (None, ""):
                cells[col] = self._kept.get((top, col))
        return Row(row.number, cells)


def has_sheets(file_name: str) -> bool:
    """Whether a book of this name has sheets: a CSV (or other text file) has none, and is
    filed under its own name as if it were one."""
    return not file_name.lower().endswith(TEXT_SUFFIXES)


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def open_spreadsheet(path: Path) -> Spreadsheet:
    """Check ``path`` and open it for reading, or raise ``InputFileError``."""
    path = Path(path)
    name = path.name
    suffix = path.suffix.lower()
    if path.is_dir():
        raise InputFileError(_("{file}: is a folder, not a file; name the spreadsheet inside it").format(file=name),
                             code=F.FILE_IS_A_FOLDER)
    if not path.is_file():
        raise InputFileError(_("{file}: no such file ({path}); check the path").format(file=name, path=path),
                             code=F.FILE_NOT_FOUND)
    if suffix not in SUFFIXES:
        raise InputFileError(_("{file}: unsupported file type {suffix!r}; fundledger reads {suffixes}").format(
            file=name, suffix=suffix or "(no extension)", suffixes=", ".join(SUFFIXES)), code=F.FILE_TYPE_UNSUPPORTED)
    with path.open("rb") as fh:
        head = fh.read(8192)
    if not head:
        raise InputFileError(_("{file}: the file is empty (0 bytes); export the book again").format(file=name),
                             code=F.FILE_EMPTY)
    sha = file_sha256(path)
    kind = _what_is(head, path)
    if suffix in TEXT_SUFFIXES:
        if kind != "text":
            raise InputFileError(_("{file}: {what}, not CSV text; {hint}").format(
                file=name, what=_described(kind), hint=_rename_hint(kind)), code=F.NOT_CSV_TEXT)
        return _open_csv(path, sha)
    if kind == "text":
        raise InputFileError(_("{file}: looks like CSV/text, not a {suffix} workbook; rename it to .csv and import it "
                               "again").format(file=name, suffix=suffix), code=F.TEXT_NAMED_AS_WORKBOOK)
    if kind == "encrypted":
        raise InputFileError(_("{file}: the workbook is password-protected (encrypted); open it in Excel, remove the "
                               "password (File > Info > Protect Workbook) and save it again").format(file=name),
                             code=F.WORKBOOK_ENCRYPTED)
    if kind in ("html", "xml2003", "zip", "pdf", "binary"):
        raise InputFileError(_("{file}: {what}, not a spreadsheet workbook; {save_as}").format(
            file=name, what=_described(kind), save_as=_(_SAVE_AS)), code=F.NOT_A_SPREADSHEET)
    expected = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}[suffix]
    if kind != expected:
        raise InputFileError(_("{file}: is an .{kind} workbook named {suffix}; rename it to .{kind}").format(
            file=name, kind=kind, suffix=suffix), code=F.WRONG_EXTENSION)
    if kind in ("xlsx", "ods"):
        _check_zip(path)
    return _open_workbook(path, kind, sha)


# --- what the bytes are ---------------------------------------------------------------------

def _what_is(head: bytes, path: Path) -> str:
    if head.startswith(_ZIP):
        return _zip_kind(path)
    if head.startswith(_OLE2):
        # An encrypted .xlsx is an OLE2 container whose stream "EncryptedPackage" holds the
        # real zip; directory entry names are UTF-16LE.
        with path.open("rb") as fh:
            data = fh.read(4 * 1024**2)
        return "encrypted" if "EncryptedPackage".encode("utf-16-le") in data else "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    text = _sniff_text(head).lstrip().lower()
    if text.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")) or (
            text.startswith("<") and "<html" in text):
        return "html"
    if text.startswith("<?xml"):
        return "xml2003" if "urn:schemas-microsoft-com:office:spreadsheet" in text else "html"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def _sniff_text(head: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16", "cp1251"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError:
            continue
    return head.decode("latin-1")


# What zipfile raises on a damaged container: a bad directory, a broken deflate stream, a cut
# file, and the flags of features no spreadsheet program writes (encryption, patched data, a
# future version).
_DAMAGED_ZIP = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError)


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.read("mimetype").strip() == _ODS_MIMETYPE:
                return "ods"
    except _DAMAGED_ZIP:
        return "xlsx"  # damaged; _check_zip says so in the right words
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


_KINDS = {
    "xlsx": N_("is an Excel workbook (.xlsx)"),
    "xls": N_("is an old Excel 97-2003 workbook (.xls)"),
    "ods": N_("is an OpenDocument spreadsheet (.ods)"),
    "encrypted": N_("is a password-protected Excel workbook"),
    "html": N_("is an HTML web page"),
    "xml2003": N_("is an Excel 2003 XML spreadsheet"),
    "zip": N_("is a zip archive"),
    "pdf": N_("is a PDF document"),
    "binary": N_("is a binary file"),
}


def _described(kind: str) -> str:
    return _(_KINDS[kind])


def _rename_hint(kind: str) -> str:
    if kind in ("xlsx", "xls", "ods"):
        return _("rename it to .{kind} and import it again").format(kind=kind)
    return _(_SAVE_AS)


# --- the zip container ----------------------------------------------------------------------

class _RootSeen(Exception):
    """The XML prolog is over: any DOCTYPE would have come before the root element."""


class _StopAtRoot:
    def start(self, tag, attrib):
        raise _RootSeen

    def end(self, tag):
        pass

    def data(self, data):
        pass

    def close(self):
        return None


def _check_zip(path: Path) -> None:
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            unpacked = sum(m.file_size for m in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise InputFileError(_(
                    "{file}: unpacks to {size} MB, more than the {limit} MB a book can need (a zip bomb?); {save_as} "
                    "again or split it").format(file=name, size=unpacked // 1024**2, limit=MAX_UNPACKED_BYTES // 1024**2,
                                                save_as=_(_SAVE_AS)), code=F.WORKBOOK_TOO_LARGE)
            for m in members:
                if m.file_size > RATIO_CHECKED_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                    raise InputFileError(_(
                        "{file}: part {part} is compressed {ratio} times, far beyond any real workbook (a zip bomb?); "
                        "{save_as} again").format(file=name, part=m.filename, ratio=m.file_size // max(m.compress_size, 1),
                                                  save_as=_(_SAVE_AS)), code=F.WORKBOOK_TOO_LARGE)
            for m in members:
                if m.filename.endswith((".xml", ".rels")):
                    _check_xml_prolog(zf, m, name)
    except _DAMAGED_ZIP as exc:
        raise InputFileError(_("{file}: the workbook is damaged or truncated ({why}); copy it again or {save_as}").format(
            file=name, why=_one_line(exc), save_as=_(_SAVE_AS)), code=F.WORKBOOK_DAMAGED) from exc


def _check_xml_prolog(zf: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> None:
    """Refuse DOCTYPE and entity declarations in a workbook part: Excel never writes them,
    and they are how billion-laughs and external-entity attacks are made."""
    parser = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=True)
    try:
        with zf.open(member) as fh:
            while chunk := fh.read(65536):
                parser.feed(chunk)
    except _RootSeen:
        return
    except DefusedXmlException as exc:
        raise InputFileError(_(
            "{file}: part {part} declares a DTD or XML entities ({why}), which no spreadsheet program writes; the file "
            "was refused as unsafe, {save_as} again").format(file=name, part=member.filename, why=type(exc).__name__,
                                                             save_as=_(_SAVE_AS)), code=F.XML_UNSAFE) from exc
    except ParseError as exc:
        raise InputFileError(_("{file}: part {part} is not well-formed XML ({why}); the workbook is damaged, {save_as} "
                               "again").format(file=name, part=member.filename, why=_one_line(exc), save_as=_(_SAVE_AS)),
                             code=F.WORKBOOK_DAMAGED) from exc


# --- workbooks and CSV ----------------------------------------------------------------------

def _open_workbook(path: Path, kind: str, sha: str) -> Spreadsheet:
    name = path.name
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [m.name for m in workbook.sheets_metadata
                  if m.typ == SheetTypeEnum.WorkSheet] or list(workbook.sheet_names)
    except PasswordError as exc:
        raise InputFileError(_("{file}: the workbook is password-protected; open it in Excel, remove the password and "
                               "save it again").format(file=name), code=F.WORKBOOK_ENCRYPTED) from exc
    except (CalamineError, ValueError, TypeError, OSError) as exc:
        raise InputFileError(_("{file}: cannot be read as a {kind} workbook ({why}); {save_as} again").format(
            file=name, kind=kind, why=_one_line(exc), save_as=_(_SAVE_AS)), code=F.WORKBOOK_UNREADABLE) from exc
    return Spreadsheet(path, kind, sha, sheets, _workbook=workbook)


def _open_csv(path: Path, sha: str) -> Spreadsheet:
    name = path.name
    encoding = _encoding(path, name)
    with path.open(encoding=encoding, newline="") as fh:
        lines = [line.rstrip("\r\n") for line in islice(fh, 50)]
    sep_hint = lines[0].strip().lower() if lines else ""
    if sep_hint.startswith("sep=") and len(sep_hint) == 5:
        # Excel's own "sep=;" line names the separator and is not shown as a row.
        delimiter, skip_first_line = lines[0].strip()[4], True
    else:
        delimiter, skip_first_line = _delimiter(lines), False
    dialect = type("BookDialect", (csv.excel,), {"delimiter": delimiter})
    notes = []
    lost = _LOST_LETTER.findall("\n".join(lines))
    if len(lost) >= 3:
        notes.append(f"{name}: '?' stands where letters should be ({lost[0]!r}): the file was saved in an "
                     "encoding without Kazakh letters; names are read as they are, save it again as CSV UTF-8 "
                     "to keep them")
    return Spreadsheet(path, "csv", sha, [path.stem], _encoding=encoding, _dialect=dialect,
                       _skip_first_line=skip_first_line, notes=notes)


# A letter turned into "?" inside a Cyrillic word: Windows-1251 has no Ә, Ғ, Қ, Ң, Ө, Ұ, Ү, Һ, І.
_LOST_LETTER = re.compile(r"[а-яё]\?[а-яё]|[а-яё]\?\b|\b\?[а-яё]", re.IGNORECASE)


def _encoding(path: Path, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, or else Windows-1251: the first that
    decodes the whole file, read in pieces so that a big file is never held in memory."""
    with path.open("rb") as fh:
        start = fh.read(3)
    if start.startswith(b"\xef\xbb\xbf"):
        encodings = ("utf-8-sig",)
    elif start.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "cp1251")
    for encoding in encodings:
        if not _decodes(path, encoding):
            continue
        with path.open(encoding=encoding, newline="") as fh:
            head = fh.read(65536)
        # Ctrl-Z ends a file as DOS wrote it; other control characters are no CSV text.
        control = next((ch for ch in head if ch < " " and ch not in "\t\r\n\x1a"), None)
        if control is not None:
            raise InputFileError(_("{file}: the text holds the control character {character}, which no CSV saved from "
                                   "a spreadsheet has; save it again as CSV UTF-8 from Excel").format(
                file=name, character=f"{ord(control):#04x}"), code=F.CONTROL_CHARACTER)
        return encoding
    raise InputFileError(_("{file}: the text is neither UTF-8 nor Windows-1251 (cp1251); save it again as CSV UTF-8 "
                           "from Excel").format(file=name), code=F.ENCODING_UNKNOWN)


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(lines: list[str]) -> str:
    """The separator that splits the most lines into the same number of fields (title rows
    have fewer); ties go to ';' then tab then ',', since a comma is also the decimal mark."""
    best, best_score = ";", 0
    for candidate in (";", "\t", ","):
        try:
            counts = [len(fields) for fields in csv.reader(lines, delimiter=candidate) if fields]
        except csv.Error:   # reading the rows says what is wrong, with the row's number
            continue
        widths = [c for c in counts if c > 1]
        if not widths:
            continue
        mode = max(set(widths), key=lambda w: (widths.count(w), w))
        score = widths.count(mode) * 1000 + mode
        if score > best_score:
            best, best_score = candidate, score
    return best


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def cell_json(value: Cell) -> object:
    """A raw cell as JSON can keep it (dates as ISO text), for ``source_rows.raw``."""
    if type(value) is str:
        return value or None
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def raw_cells(cells: list) -> list:
    raw = [cell_json(v) for v in cells]
    while raw and raw[-1] is None:
        raw.pop()
    return raw


def raw_json(cells: list) -> str:
    """``canonical_json(raw_cells(cells))``, the text ``source_rows.raw`` keeps, made in one
    pass: a list's JSON is its items' JSON between brackets, joined by commas, so each cell is
    written on its own; text, whole numbers and dates (most cells) without a call per cell,
    anything else as ``canonical_json`` writes its ``cell_json``."""
    parts = []
    add = parts.append
    for v in cells:
        kind = type(v)
        if kind is str:
            add(_json_text(v) if v else "null")
        elif v is None:
            add("null")
        elif kind is float and v.is_integer() and -_EXACT < v < _EXACT:
            add(int.__repr__(int(v)))
        elif kind is dt.date:   # digits and dashes: nothing to escape
            add('"' + v.isoformat() + '"')
        else:
            add(canonical_json(cell_json(v)))
    while parts and parts[-1] == "null":
        parts.pop()
    return "[" + ",".join(parts) + "]"


_EXACT = 2.0**53
