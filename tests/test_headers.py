"""Finding the header row and each column by its words, whoever wrote the book."""
from __future__ import annotations

import pytest

from ledger.errors import InputFileError
from ledger.importers.headers import find_header, header_scores, is_totals, spending_role
from ledger.importers.readers import Row


def rows(*lines):
    return [Row(n, list(cells)) for n, cells in enumerate(lines, start=1)]


@pytest.mark.parametrize("header, field", [
    ("Сумма, тенге", "amount"), ("Сумма взноса (тг)", "amount"), ("Сомасы", "amount"),
    ("Сомасы, теңге", "amount"), ("Amount (KZT)", "amount"), ("Размер взноса", "amount"),
    ("Ф.И.О. / Наименование жертвователя", "name"), ("Жертвователь", "name"), ("Аты-жөні", "name"),
    ("Donor name", "name"), ("Плательщик", "name"),
    ("ИИН/БИН", "id_number"), ("ЖСН/БСН", "id_number"), ("IIN/BIN", "id_number"),
    ("ИИН жертвователя", "id_number"),
    ("Дата поступления", "date"), ("Күні", "date"), ("Date", "date"), ("Дата / Date", "date"),
    ("Тип жертвователя", "donor_type"), ("Donor type", "donor_type"), ("Физ./юр. лицо", "donor_type"),
    ("Гражданство", "citizenship"), ("Резидентство", "citizenship"), ("Азаматтығы", "citizenship"),
    ("Citizenship / residency", "citizenship"),
    ("Назначение платежа", "purpose"), ("Төлем мақсаты", "purpose"), ("Purpose", "purpose"),
    ("Номер платёжного поручения", "document"), ("№ п/п документа", "document"),
    ("Документ", "document"), ("Doc No", "document"), ("Құжат нөмірі", "document"),
])
def test_a_header_names_its_field_most_strongly(header, field):
    scores = header_scores(header, ("date", "name", "id_number", "donor_type", "citizenship",
                                    "amount", "purpose", "document"))
    assert max(scores, key=lambda f: scores[f][0]) == field


@pytest.mark.parametrize("header", ["№ п/п", "№", "Сумма прописью", "Дата рождения", "Примечания банка 2"])
def test_headers_that_are_not_fields_of_a_receipt(header):
    scores = header_scores(header, ("date", "amount", "document"))
    assert scores == {}


def test_title_rows_and_merged_cells_above_the_header_are_skipped():
    sheet = rows(
        ["Сведения о поступлении добровольных пожертвований", "", "", "", ""],  # merged title
        ["партия «Пример», выборы 2007", "", "", "", ""],
        ["", "", "", "", ""],
        ["№ п/п", "Дата поступления", "Ф.И.О. / Наименование жертвователя", "ИИН/БИН", "Сумма, тенге",
         "Сумма прописью"],
        [1, "01.08.2007", "Иванов И.И.", "870412300005", "5 000,00", "пять тысяч"],
    )
    header = find_header(sheet, "contributions", "book.xlsx, sheet 'Лист1'")
    assert header.header_row == 4
    assert header.data_from == 5
    assert header.columns == {"date": 1, "name": 2, "id_number": 3, "amount": 4}


def test_kazakh_and_english_headers():
    kk = find_header(rows(["Күні", "Аты-жөні", "ЖСН/БСН", "Азаматтығы", "Сомасы, теңге", "Төлем мақсаты"]),
                     "contributions", "kk.csv")
    assert kk.columns == {"date": 0, "name": 1, "id_number": 2, "citizenship": 3, "amount": 4, "purpose": 5}
    en = find_header(rows(["Date", "Donor", "IIN/BIN", "Donor type", "Residency", "Amount (KZT)", "Doc No"]),
                     "contributions", "en.csv")
    assert en.columns == {"date": 0, "name": 1, "id_number": 2, "donor_type": 3, "citizenship": 4,
                          "amount": 5, "document": 6}


def test_a_two_row_header_under_a_merged_cell():
    sheet = rows(
        ["Дата", "Жертвователь", "", "Сумма, тг"],
        ["", "Ф.И.О.", "ИИН", ""],
        ["01.08.2007", "Иванов", "870412300005", "5000"],
    )
    header = find_header(sheet, "contributions", "book.xlsx")
    assert header.data_from == 3
    assert header.columns == {"date": 0, "name": 1, "id_number": 2, "amount": 3}


def test_a_row_of_column_numbers_under_the_header_is_not_data():
    sheet = rows(["Дата", "ФИО", "Сумма"], [1, 2, 3], ["01.08.2007", "Иванов", "5000"])
    assert find_header(sheet, "contributions", "book.xlsx").data_from == 3


def test_spending_headers():
    header = find_header(rows(["Дата оплаты", "Получатель", "БИН получателя", "Статья расходов",
                               "Кандидат", "Сумма, тенге", "Назначение платежа", "№ п/п документа"]),
                         "spending", "spending.xlsx")
    assert header.columns == {"date": 0, "name": 1, "id_number": 2, "category": 3, "candidate": 4,
                              "amount": 5, "purpose": 6, "document": 7}


def test_a_missing_amount_column_lists_the_headers_and_the_map_that_fixes_it():
    with pytest.raises(InputFileError) as err:
        find_header(rows(["Отчёт"], ["Дата", "ФИО", "Деньги"]), "contributions", "book.xlsx, sheet 'Лист1'")
    assert str(err.value) == ("book.xlsx, sheet 'Лист1', row 2: no amount column among the headers "
                              "'Дата', 'ФИО', 'Деньги'; name it with --map FIELD=HEADER, e.g. --map amount='Деньги'")


def test_no_header_at_all():
    with pytest.raises(InputFileError) as err:
        find_header(rows(["01.08.2007", 5000], ["02.08.2007", 7000]), "contributions", "book.csv")
    assert str(err.value) == (
        "book.csv: no header row found in the first 30 rows (looked for columns like 'Дата' and "
        "'Сумма, тенге'); the rows there hold '01.08.2007', '5000', '02.08.2007', '7000'; add a header "
        "row or name the columns, e.g. --map date='Дата' --map amount='Сумма, тенге'")


def test_map_overrides_detection():
    sheet = rows(["Дата", "ФИО", "Деньги", "Сумма прописью"], ["01.08.2007", "Иванов", "5000", "пять"])
    header = find_header(sheet, "contributions", "book.xlsx", mapping={"amount": "деньги"})
    assert header.columns == {"date": 0, "name": 1, "amount": 2}
    assert header.found_by["amount"] == "'Деньги' (--map)"


def test_map_with_a_header_that_is_not_there():
    with pytest.raises(InputFileError) as err:
        find_header(rows(["Дата", "ФИО"]), "contributions", "book.xlsx", mapping={"amount": "Деньги"})
    assert str(err.value) == ("book.xlsx: no row in the first 30 has the headers given by --map "
                              "(amount='Деньги'); the rows there hold 'Дата', 'ФИО'")


def test_map_with_an_unknown_field():
    with pytest.raises(InputFileError) as err:
        find_header(rows(["Дата", "Сумма"]), "contributions", "book.xlsx", mapping={"money": "Сумма"})
    assert str(err.value) == ("--map money=...: unknown field for contributions; the fields are "
                              "date, name, id_number, donor_type, citizenship, amount, purpose, document")


def test_spending_needs_a_category_or_a_purpose():
    with pytest.raises(InputFileError) as err:
        find_header(rows(["Дата", "Получатель", "Сумма"]), "spending", "spending.xlsx")
    assert str(err.value) == ("spending.xlsx, row 1: no spending category or purpose column among the "
                              "headers 'Дата', 'Получатель', 'Сумма'; name it with --map FIELD=HEADER, "
                              "e.g. --map category='HEADER'")


@pytest.mark.parametrize("cells_, totals", [
    ([None, "Итого", None, "=SUM(D2:D9)"], True),
    ([None, "Всего:", None, 125000], True),
    (["Барлығы", None, None, 125000], True),
    (["Жиыны", None, None, 125000], True),
    ([None, "Total", None, 125000], True),
    ([None, None, None, "=SUM(D2:D9)"], True),
    (["01.08.2007", "Total Oil LLP", "070140400000", 5000], False),   # a donor, not a total
    (["01.08.2007", "Иванов", None, 5000], False),
])
def test_totals_rows(cells_, totals):
    header = find_header(rows(["Дата", "ФИО", "БИН", "Сумма"]), "contributions", "book.xlsx")
    assert is_totals(Row(10, cells_), header) is totals


@pytest.mark.parametrize("text, role, evidence", [
    ("Реклама на ТВ", "media_tv", "category 'Реклама на ТВ' matched 'тв'"),
    ("Теледидар", "media_tv", "category 'Теледидар' matched 'теледидар'"),
    ("Радиоэфир", "media_radio", "category 'Радиоэфир' matched 'радио'"),
    ("Публикации в газете", "media_press", "category 'Публикации в газете' matched 'газете'"),
    ("Баспасөз", "media_press", "category 'Баспасөз' matched 'баспасөз'"),
    ("Реклама в соцсетях", "media_online", "category 'Реклама в соцсетях' matched 'соцсет'"),
    ("Online ads", "media_online", "category 'Online ads' matched 'online'"),
    ("Листовки и плакаты", "printed", "category 'Листовки и плакаты' matched 'листовк'"),
    ("Полиграфия", "printed", "category 'Полиграфия' matched 'полиграф'"),
    ("Видеоролик", "audiovisual", "category 'Видеоролик' matched 'видеоролик'"),
    ("Иные агитационные материалы", "other_materials",
     "category 'Иные агитационные материалы' matched 'агитационные материалы'"),
    ("Встречи с избирателями", "events", "category 'Встречи с избирателями' matched 'встреч'"),
    ("Митинг", "events", "category 'Митинг' matched 'митинг'"),
    ("ГСМ", "transport", "category 'ГСМ' matched 'гсм'"),
    ("Авиабилеты", "transport", "category 'Авиабилеты' matched 'авиабилет'"),
    ("Аренда помещения", "rent", "category 'Аренда помещения' matched 'аренда'"),
    ("Услуги банка", "other_spending", "category 'Услуги банка': no known word, booked as other spending"),
    ("media_tv", "media_tv", "category 'media_tv' is the account role itself"),
])
def test_spending_categories_map_to_accounts_with_evidence(text, role, evidence):
    match = spending_role(text)
    assert (match.role, match.evidence) == (role, evidence)
