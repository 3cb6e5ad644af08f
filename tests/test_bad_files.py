"""A corpus of files that are not what they claim, built in tmp_path: each stops the import
with one line naming the file, what is wrong and what to do (exit 2), and the database stays
as it was."""
from __future__ import annotations

import json
import zipfile

import openpyxl
import pytest
from sqlalchemy import func, select

from ledger.books import create_book
from ledger.core.errors import InputFileError
from ledger.db.engine import run_write
from ledger.db.models import Entry, ImportBatch, SourceRow
from ledger.importers import readers
from ledger.importers.service import import_books
from ledger.rules.profiles import BUILT_IN

SAVE_AS = "open it in Excel or LibreOffice and save it as .xlsx"


def good_xlsx(path):
    wb = openpyxl.Workbook()
    wb.active.append(["Дата", "ФИО", "Сумма"])
    wb.active.append(["01.08.2007", "Иванов", 5000])
    wb.save(path)
    return path


def rewrite_member(source, target, member, data: bytes):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, data if item.filename == member else zin.read(item.filename))
    return target


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="&lol3;" sheetId="1"/></sheets></workbook>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


def make(case: str, tmp_path):
    """Write the bad file of one case; return its path."""
    if case == "empty xlsx":
        (p := tmp_path / "book.xlsx").write_bytes(b"")
    elif case == "empty csv":
        (p := tmp_path / "book.csv").write_bytes(b"")
    elif case == "unsupported extension":
        (p := tmp_path / "book.pdf").write_bytes(b"%PDF-1.4\n")
    elif case == "pdf named xlsx":
        (p := tmp_path / "book.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    elif case == "csv named xlsx":
        (p := tmp_path / "book.xlsx").write_text("Дата;ФИО;Сумма\n01.08.2007;Иванов;5000\n", encoding="utf-8")
    elif case == "xlsx named csv":
        p = good_xlsx(tmp_path / "book.xlsx").rename(tmp_path / "book.csv")
    elif case == "html saved as xls":
        (p := tmp_path / "book.xls").write_text(
            "<html><head><meta charset='utf-8'></head><body><table><tr><td>Дата</td></tr></table></body></html>",
            encoding="utf-8")
    elif case == "excel 2003 xml as xls":
        (p := tmp_path / "book.xls").write_text(
            '<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
            encoding="utf-8")
    elif case == "xls named xlsx":
        (p := tmp_path / "book.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000
                                                  + "Workbook".encode("utf-16-le"))
    elif case == "docx named xlsx":
        p = tmp_path / "book.xlsx"
        with zipfile.ZipFile(p, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", "<document/>")
    elif case == "truncated zip":
        data = good_xlsx(tmp_path / "whole.xlsx").read_bytes()
        (p := tmp_path / "book.xlsx").write_bytes(data[: len(data) // 2])
    elif case == "encrypted ooxml":
        # The shape of an encrypted .xlsx: an OLE2 compound file whose directory names the
        # stream "EncryptedPackage" (names are UTF-16LE).
        (p := tmp_path / "book.xlsx").write_bytes(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
            + "EncryptedInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le"))
    elif case == "billion laughs":
        p = rewrite_member(good_xlsx(tmp_path / "whole.xlsx"), tmp_path / "book.xlsx", "xl/workbook.xml",
                           BILLION_LAUGHS)
    elif case == "external entity":
        p = rewrite_member(good_xlsx(tmp_path / "whole.xlsx"), tmp_path / "book.xlsx",
                           "xl/worksheets/sheet1.xml", EXTERNAL_ENTITY)
    elif case == "zip bomb":
        p = rewrite_member(good_xlsx(tmp_path / "whole.xlsx"), tmp_path / "book.xlsx",
                           "xl/worksheets/sheet1.xml", b" " * (30 * 1024**2))
    elif case == "broken workbook xml":
        p = rewrite_member(good_xlsx(tmp_path / "whole.xlsx"), tmp_path / "book.xlsx", "xl/workbook.xml",
                           b"<?xml version='1.0'?><workbook><sheets><sheet name=")
    elif case == "undecodable csv":
        (p := tmp_path / "book.csv").write_bytes("Дата;Сумма\n".encode("cp1251") + b"\x98\x98;5000\n")
    elif case == "binary named csv":
        (p := tmp_path / "book.csv").write_bytes(b"\x00\x01\x02\x03binary\x00\xff" * 10)
    else:  # pragma: no cover
        raise AssertionError(case)
    return p


CASES = {
    "empty xlsx": "book.xlsx: the file is empty (0 bytes); export the book again",
    "empty csv": "book.csv: the file is empty (0 bytes); export the book again",
    "unsupported extension": "book.pdf: unsupported file type '.pdf'; fundledger reads .xlsx, .xlsm, "
                             ".xls, .ods, .csv, .txt, .tsv",
    "pdf named xlsx": f"book.xlsx: is a PDF document, not a spreadsheet workbook; {SAVE_AS}",
    "csv named xlsx": "book.xlsx: looks like CSV/text, not a .xlsx workbook; rename it to .csv and "
                      "import it again",
    "xlsx named csv": "book.csv: is an Excel workbook (.xlsx), not CSV text; rename it to .xlsx and "
                      "import it again",
    "html saved as xls": f"book.xls: is an HTML web page, not a spreadsheet workbook; {SAVE_AS}",
    "excel 2003 xml as xls": f"book.xls: is an Excel 2003 XML spreadsheet, not a spreadsheet workbook; {SAVE_AS}",
    "xls named xlsx": "book.xlsx: is an .xls workbook named .xlsx; rename it to .xls",
    "docx named xlsx": f"book.xlsx: is a zip archive, not a spreadsheet workbook; {SAVE_AS}",
    "truncated zip": "book.xlsx: the workbook is damaged or truncated (File is not a zip file); copy it "
                     f"again or {SAVE_AS}",
    "encrypted ooxml": "book.xlsx: the workbook is password-protected (encrypted); open it in Excel, "
                       "remove the password (File > Info > Protect Workbook) and save it again",
    "billion laughs": "book.xlsx: part xl/workbook.xml declares a DTD or XML entities (DTDForbidden), "
                      f"which no spreadsheet program writes; the file was refused as unsafe, {SAVE_AS} again",
    "external entity": "book.xlsx: part xl/worksheets/sheet1.xml declares a DTD or XML entities "
                       "(DTDForbidden), which no spreadsheet program writes; the file was refused as "
                       f"unsafe, {SAVE_AS} again",
    "zip bomb": "book.xlsx: part xl/worksheets/sheet1.xml is compressed {ratio} times, far beyond any "
                f"real workbook (a zip bomb?); {SAVE_AS} again",
    "undecodable csv": "book.csv: the text is neither UTF-8 nor Windows-1251 (cp1251); save it again "
                       "as CSV UTF-8 from Excel",
    "binary named csv": "book.csv: is a binary file, not CSV text; " + SAVE_AS,
}


# Each case's code (``FileProblem``): what a script reads instead of the sentence.
CODES = {
    "empty xlsx": "FILE_EMPTY", "empty csv": "FILE_EMPTY", "unsupported extension": "FILE_TYPE_UNSUPPORTED",
    "pdf named xlsx": "NOT_A_SPREADSHEET", "csv named xlsx": "TEXT_NAMED_AS_WORKBOOK",
    "xlsx named csv": "NOT_CSV_TEXT", "html saved as xls": "NOT_A_SPREADSHEET",
    "excel 2003 xml as xls": "NOT_A_SPREADSHEET", "xls named xlsx": "WRONG_EXTENSION",
    "docx named xlsx": "NOT_A_SPREADSHEET", "truncated zip": "WORKBOOK_DAMAGED",
    "encrypted ooxml": "WORKBOOK_ENCRYPTED", "billion laughs": "XML_UNSAFE", "external entity": "XML_UNSAFE",
    "zip bomb": "WORKBOOK_TOO_LARGE", "undecodable csv": "ENCODING_UNKNOWN", "binary named csv": "NOT_CSV_TEXT",
}


def test_every_case_has_its_code():
    assert set(CODES) == set(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_file_is_refused_in_one_line(case, tmp_path):
    path = make(case, tmp_path)
    with pytest.raises(InputFileError) as err:
        readers.open_spreadsheet(path)
    assert str(err.value) == CASES[case].replace("{ratio}", _ratio(path))
    assert err.value.code == CODES[case]
    assert "\n" not in str(err.value)
    assert err.value.exit_code == 2


def _ratio(path) -> str:
    """How far the zip bomb case compressed (about 1000; the exact figure is zlib's)."""
    if "{ratio}" not in CASES.get("zip bomb", "") or not zipfile.is_zipfile(path) \
            or "xl/worksheets/sheet1.xml" not in zipfile.ZipFile(path).namelist():
        return ""
    info = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml")
    return str(info.file_size // info.compress_size)


def test_a_workbook_calamine_cannot_parse_is_refused_without_a_traceback(tmp_path):
    path = make("broken workbook xml", tmp_path)
    with pytest.raises(InputFileError) as err:
        import_books_into_nothing(path)
    message = str(err.value)
    assert message.startswith("book.xlsx: ")
    assert message.endswith(f"{SAVE_AS} again")
    assert err.value.code in ("WORKBOOK_DAMAGED", "WORKBOOK_UNREADABLE", "SHEET_UNREADABLE")
    assert "\n" not in message


def import_books_into_nothing(path):
    book = readers.open_spreadsheet(path)
    try:
        for sheet in book.sheet_names:
            list(book.rows(sheet))
    finally:
        book.close()


def test_a_workbook_too_big_when_unpacked(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 1024)
    path = good_xlsx(tmp_path / "book.xlsx")
    with pytest.raises(InputFileError) as err:
        readers.open_spreadsheet(path)
    assert str(err.value).startswith("book.xlsx: unpacks to 0 MB, more than the 0 MB a book can need "
                                     "(a zip bomb?); ")
    assert err.value.code == "WORKBOOK_TOO_LARGE"


@pytest.mark.parametrize("case", ["csv named xlsx", "truncated zip", "billion laughs", "encrypted ooxml"])
def test_a_bad_file_among_good_ones_leaves_the_database_untouched(engine, tmp_path, case):
    run_write(engine, lambda conn: create_book(conn, "Party", "Mazhilis 2007", BUILT_IN["kz-2007"], code="b"))
    good = good_xlsx(tmp_path / "good.xlsx")
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = make(case, bad_dir)
    with pytest.raises(InputFileError) as err:
        import_books(engine, book="b", kind="contributions", paths=[good, bad])
    assert str(err.value) == CASES[case]
    assert err.value.code == CODES[case]
    with engine.connect() as conn:
        for table in (Entry, ImportBatch, SourceRow):
            assert conn.execute(select(func.count()).select_from(table)).scalar_one() == 0


def test_a_csv_cell_beyond_any_real_one_is_refused_in_one_line(tmp_path):
    """A runaway quote makes one "cell" of the rest of the file; csv's field limit stops it,
    and the message names the row instead of a traceback from the separator sniffing."""
    path = tmp_path / "book.csv"
    path.write_text("Дата;ФИО;Сумма\n01.08.2007;\"Иванов;5000\n" + "02.08.2007;Петров;5000\n" * 8000,
                    encoding="utf-8")
    book = readers.open_spreadsheet(path)
    with pytest.raises(InputFileError) as err:
        list(book.rows(book.sheet_names[0]))
    assert str(err.value) == ("book.csv, row 2 (read on to line 5701): field larger than field limit "
                              "(131072); check the quotes in that row or save the file again as CSV")
    assert err.value.code == "CSV_QUOTES"


def _patched_central_directory(path, member: str, offset: int, value: bytes):
    """The workbook with bytes of ``member``'s central directory record replaced, as a damaged
    copy or a hostile file may have them: zipfile then meets flags no spreadsheet writes."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")
    while True:
        name_length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + name_length].decode() == member:
            data[at + offset:at + offset + len(value)] = value
            path.write_bytes(bytes(data))
            return path
        at = data.index(b"PK\x01\x02", at + 4)


@pytest.mark.parametrize("what, offset, value, why", [
    ("encrypted member", 8, b"\x01\x00", "is encrypted, password required"),
    ("strong encryption", 8, b"\x40\x00", "strong encryption (flag bit 6)"),
    ("patched data", 8, b"\x20\x00", "compressed patched data (flag bit 5)"),
    ("a zip version from the future", 6, b"\x40\x00", "zip file version 6.4"),
])
def test_a_member_with_flags_no_spreadsheet_writes_is_a_damaged_workbook(tmp_path, what, offset, value, why):
    """Found by the fuzz: zipfile raises RuntimeError or NotImplementedError for these, which
    must be the one line of a damaged workbook, not a traceback."""
    path = _patched_central_directory(good_xlsx(tmp_path / "book.xlsx"), "docProps/app.xml", offset, value)
    with pytest.raises(InputFileError) as err:
        readers.open_spreadsheet(path)
    assert str(err.value).startswith("book.xlsx: the workbook is damaged or truncated (")
    assert why in str(err.value)
    assert str(err.value).endswith(f"copy it again or {SAVE_AS}")



def test_a_missing_file_is_refused_in_json_with_its_code(run, tmp_path):
    """`--format json` gives a script the refusal's code; the person still reads one line."""
    run("init", "--party", "П", "--election", "Е")
    r = run("import", "contributions", str(tmp_path / "nope.xlsx"), "--format", "json")
    assert r.exit_code == 2
    assert json.loads(r.stdout) == {"error": {
        "code": "FILE_NOT_FOUND", "message": f"nope.xlsx: no such file ({tmp_path / 'nope.xlsx'}); check the path",
        "params": {}}}
    assert r.stderr == f"error: nope.xlsx: no such file ({tmp_path / 'nope.xlsx'}); check the path [FILE_NOT_FOUND]\n"
    (tmp_path / "book.xlsx").write_bytes(b"")
    r = run("import", "contributions", str(tmp_path / "book.xlsx"), "--format", "json")
    assert (r.exit_code, json.loads(r.stdout)["error"]["code"]) == (2, "FILE_EMPTY")


# The same refusals in Russian and Kazakh: the reader's one line, its code unchanged.
IN_RUSSIAN = {
    "pdf named xlsx": "book.xlsx: это документ PDF, а не книга электронной таблицы; откройте файл в Excel или "
                      "LibreOffice и сохраните его как .xlsx",
    "xls named xlsx": "book.xlsx: это книга .xls с расширением .xlsx; переименуйте её в .xls",
    "undecodable csv": "book.csv: текст не в UTF-8 и не в Windows-1251 (cp1251); сохраните его заново из Excel как "
                       "CSV UTF-8",
}
IN_KAZAKH = {
    "xlsx named csv": "book.csv: бұл Excel кітабы (.xlsx), CSV мәтіні емес; оның атын .xlsx деп өзгертіп, қайта "
                      "импорттаңыз",
    "encrypted ooxml": "book.xlsx: кітап құпиясөзбен қорғалған (шифрланған); оны Excel-де ашып, құпиясөзді алып "
                       "тастаңыз (Файл > Мәліметтер > Кітапты қорғау) және қайта сақтаңыз",
    "csv named xlsx": "book.xlsx: .xlsx кітабы емес, CSV/мәтінге ұқсайды; оның атын .csv деп өзгертіп, қайта "
                      "импорттаңыз",
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_bad_file_is_refused_in_the_readers_language(case, lang, tmp_path):
    """Every refusal of a file is the reader's sentence: none is left as the English one, each
    names the file, keeps its code, and holds no English word of the sentence it replaces."""
    from ledger.i18n import speaking

    path = make(case, tmp_path)
    with speaking(lang), pytest.raises(InputFileError) as err:
        readers.open_spreadsheet(path)
    said, english = str(err.value), CASES[case].replace("{ratio}", _ratio(path))
    assert said != english and said.startswith(path.name + ": ") and "\n" not in said
    assert err.value.code == CODES[case]
    expected = (IN_RUSSIAN if lang == "ru" else IN_KAZAKH).get(case)
    if expected is not None:
        assert said == expected
    english_words = {w for w in english.replace(SAVE_AS, "").split() if w.isalpha() and w.islower() and len(w) > 3} - {"fundledger"}
    assert not english_words & set(said.split()), said


def test_a_bad_file_is_refused_in_kazakh_on_the_command_line(run, tmp_path):
    run("init", "--party", "П", "--election", "Е")
    path = make("pdf named xlsx", tmp_path)
    r = run("--lang", "kk", "import", "contributions", str(path))
    assert r.exit_code == 2
    assert ("book.xlsx: бұл PDF құжаты, электрондық кесте кітабы емес; оны Excel немесе LibreOffice-те ашып, .xlsx "
            "ретінде сақтаңыз") in r.stderr
