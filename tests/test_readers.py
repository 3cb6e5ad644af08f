"""Reading rows out of every kind of file a treasurer sends, with the row numbers a
spreadsheet program shows."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.core.canonical import canonical_json
from ledger.importers.readers import open_spreadsheet, raw_cells, raw_json


def rows_of(path, sheet=None):
    book = open_spreadsheet(path)
    try:
        return [(r.number, r.cells) for r in book.rows(sheet or book.sheet_names[0])]
    finally:
        book.close()


def write_xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Взносы"
    ws["B2"] = "Сведения о взносах"
    ws.merge_cells("B2:D2")
    ws.append([])
    ws.append([None, "Дата", "ФИО", "Сумма"])
    ws.append([None, dt.date(2007, 8, 1), "Иванов", 1250000.5])
    ws.append([None, 39300, "Петров", "1 250 000,00"])
    wb.create_sheet("Лист2")["A1"] = "пусто"
    wb.save(path)
    return path


def test_xlsx_rows_keep_their_spreadsheet_numbers(tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx")
    book = open_spreadsheet(path)
    assert book.format == "xlsx"
    assert book.sheet_names == ["Взносы", "Лист2"]
    assert book.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    book.close()
    assert rows_of(path) == [
        (1, ["", "", ""]),
        (2, ["Сведения о взносах", "", ""]),
        (3, ["", "", ""]),
        (4, ["Дата", "ФИО", "Сумма"]),
        (5, [dt.date(2007, 8, 1), "Иванов", 1250000.5]),
        (6, [39300.0, "Петров", "1 250 000,00"]),
    ]
    assert rows_of(path, "Лист2") == [(1, ["пусто"])]


def test_xlsm_is_read_like_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx").rename(tmp_path / "book.xlsm")
    assert rows_of(path)[3] == (4, ["Дата", "ФИО", "Сумма"])


def test_csv_from_excel_in_a_russian_locale_cp1251_semicolons(tmp_path):
    path = tmp_path / "взносы.csv"
    path.write_bytes("Дата;ФИО;Сумма, тенге\r\n01.08.2007;Иванов;1 250 000,00\r\n\r\n02.08.2007;\"ТОО \"\"Альфа\"\"\";5000\r\n"
                     .encode("cp1251"))
    book = open_spreadsheet(path)
    assert (book.format, book.sheet_names) == ("csv", ["взносы"])
    assert rows_of(path) == [
        (1, ["Дата", "ФИО", "Сумма, тенге"]),
        (2, ["01.08.2007", "Иванов", "1 250 000,00"]),
        (3, []),
        (4, ["02.08.2007", 'ТОО "Альфа"', "5000"]),
    ]


def test_csv_utf8_with_a_bom_and_commas(tmp_path):
    path = tmp_path / "book.csv"
    path.write_bytes("\ufeffDate,Donor,Amount (KZT)\n2007-08-01,Ivanov,\"1,250,000.00\"\n".encode("utf-8"))
    assert rows_of(path) == [(1, ["Date", "Donor", "Amount (KZT)"]), (2, ["2007-08-01", "Ivanov", "1,250,000.00"])]


def test_csv_utf8_without_a_bom_and_tabs_under_a_title_line(tmp_path):
    path = tmp_path / "book.tsv"
    path.write_text("Сведения о взносах\nКүні\tАты-жөні\tСомасы\n01.08.2007\tИванов\t1 250 000,00\n", encoding="utf-8")
    assert rows_of(path) == [(1, ["Сведения о взносах"]), (2, ["Күні", "Аты-жөні", "Сомасы"]),
                             (3, ["01.08.2007", "Иванов", "1 250 000,00"])]


def test_csv_ending_with_dos_ctrl_z_and_windows_line_ends(tmp_path):
    path = tmp_path / "book.csv"
    path.write_bytes("\ufeffДата;Сумма\r\n01.08.2007;5000\r\n\x1a".encode("utf-8"))
    assert rows_of(path) == [(1, ["Дата", "Сумма"]), (2, ["01.08.2007", "5000"]), (3, [""])]


def test_kazakh_letters_lost_to_cp1251_are_noticed(tmp_path):
    path = tmp_path / "book.csv"
    path.write_bytes("Күні;Аты-жөні;Сомасы\n01.08.2007;Қасымов Нұрлан;5000\n".encode("cp1251", errors="replace"))
    assert open_spreadsheet(path).notes == [
        "book.csv: '?' stands where letters should be ('К?н'): the file was saved in an encoding without Kazakh "
        "letters; names are read as they are, save it again as CSV UTF-8 to keep them"]


def test_csv_with_excels_sep_line(tmp_path):
    path = tmp_path / "book.csv"
    path.write_text("sep=,\nДата,Сумма\n01.08.2007,\"5 000,00\"\n", encoding="utf-8")
    assert rows_of(path) == [(1, ["Дата", "Сумма"]), (2, ["01.08.2007", "5 000,00"])]


def test_csv_is_read_as_cp1251_when_its_only_non_utf8_byte_comes_late(tmp_path):
    """The encoding is decided over the whole file, read in pieces: a Windows-1251 name two
    megabytes in, after nothing but ASCII, still makes the whole file cp1251."""
    path = tmp_path / "long.csv"
    filler = "".join(f"01.08.2007;Ivanov {i};1000\r\n" for i in range(80_000))   # ASCII: both encodings
    path.write_bytes(("Date;Name;Amount\r\n" + filler + "02.08.2007;Иванова;5000\r\n").encode("cp1251"))
    assert path.stat().st_size > 2 * 1024**2
    rows = rows_of(path)
    assert rows[0] == (1, ["Date", "Name", "Amount"])
    assert rows[-1] == (80_002, ["02.08.2007", "Иванова", "5000"])
    assert len(rows) == 80_002


def test_utf8_letters_cut_by_the_piece_boundary_are_still_utf8(tmp_path):
    """Decoding in 1 MB pieces: a two-byte letter that straddles a boundary is no error."""
    path = tmp_path / "long.csv"
    rows = "".join(f"01.08.2007;{'Ж' * 50_000};{i}\n" for i in range(12))   # 1.2 MB of two-byte letters
    for pad in ("", "x"):
        data = (f"Date;Name;Sum{pad}\n" + rows).encode("utf-8")
        if data[1024**2 - 1] == 0xD0:   # the first byte of "Ж" just before the boundary
            break
    assert data[1024**2 - 1:1024**2 + 1].decode("utf-8") == "Ж"
    path.write_bytes(data)
    read = rows_of(path)
    assert len(read) == 13 and read[12] == (13, ["01.08.2007", "Ж" * 50_000, "11"])


def test_raw_cells_are_kept_as_json_can_hold_them():
    assert raw_cells([dt.date(2007, 8, 1), 870412300005.0, 5000.5, "Иванов", "", None, ""]) == \
        ["2007-08-01", 870412300005, 5000.5, "Иванов"]
    assert raw_cells([dt.datetime(2007, 8, 1, 9, 30), True]) == ["2007-08-01T09:30:00", True]


# Every kind of cell a reader hands out, and the odd ones: -0.0, NaN, infinities, floats beyond
# 2**53, text that JSON must escape, a trailing run of empty cells.
CELLS = st.one_of(
    st.none(), st.text(max_size=8), st.sampled_from(["", " ", '"', "\\", "\n", "\x00", "\u2028", "null"]),
    st.booleans(), st.integers(-2**60, 2**60), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([-0.0, 0.0, 2.0**53, -2.0**53, 2.0**53 - 1, 1e300, 5000.5]),
    st.dates(), st.datetimes(), st.times(), st.just(dt.timedelta(days=1, seconds=5)),
)


@given(st.lists(CELLS, max_size=12))
def test_a_rows_raw_text_is_the_canonical_json_of_its_raw_cells(row):
    assert raw_json(row) == canonical_json(raw_cells(row))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("fmt, filter_", [("xls", "xls:MS Excel 97"), ("ods", "ods")])
def test_xls_and_ods_saved_by_libreoffice(tmp_path, fmt, filter_):
    source = write_xlsx(tmp_path / "book.xlsx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless",
                    "--convert-to", filter_, "--outdir", str(tmp_path / "out"), str(source)],
                   check=True, capture_output=True, timeout=120)
    path = tmp_path / "out" / f"book.{fmt}"
    assert open_spreadsheet(path).format == fmt
    rows = rows_of(path)
    assert rows[3] == (4, ["Дата", "ФИО", "Сумма"])
    assert rows[4][0] == 5 and rows[4][1][1:] == ["Иванов", 1250000.5]
    assert rows[4][1][0] in (dt.date(2007, 8, 1), dt.datetime(2007, 8, 1))
