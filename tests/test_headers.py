"""Finding the header row and each column by its words, whoever wrote the book."""
from __future__ import annotations

import pytest

from ledger.core.errors import InputFileError
from ledger.core.notices import code_of
from ledger.importers.headers import (
    find_header,
    header_scores,
    is_totals,
    spending_role,
)
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
    assert err.value.code == "COLUMN_MISSING"
    assert str(err.value) == ("book.xlsx, sheet 'Лист1', row 2: no amount column among the headers "
                              "'Дата', 'ФИО', 'Деньги'; name it with --map FIELD=HEADER, e.g. --map amount='Деньги'")


def test_no_header_at_all():
    with pytest.raises(InputFileError) as err:
        find_header(rows(["01.08.2007", 5000], ["02.08.2007", 7000]), "contributions", "book.csv")
    assert err.value.code == "HEADER_NOT_FOUND"
    assert str(err.value) == (
        "book.csv: no header row found in the first 60 rows (looked for columns like 'Дата' and "
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
    assert err.value.code == "MAPPED_HEADERS_NOT_FOUND"
    assert str(err.value) == ("book.xlsx: no row in the first 60 has the headers given by --map "
                              "(amount='Деньги'); the rows there hold 'Дата', 'ФИО'")


def test_map_with_an_unknown_field():
    with pytest.raises(InputFileError) as err:
        find_header(rows(["Дата", "Сумма"]), "contributions", "book.xlsx", mapping={"money": "Сумма"})
    assert err.value.code == "MAP_FIELD_UNKNOWN"
    assert str(err.value) == ("--map money=...: unknown field for contributions; the fields are "
                              "date, name, id_number, donor_type, citizenship, amount, purpose, document, currency, direction, notes, "
                              "payer_code")


def test_spending_needs_a_category_or_a_purpose():
    with pytest.raises(InputFileError) as err:
        find_header(rows(["Дата", "Получатель", "Сумма"]), "spending", "spending.xlsx")
    assert err.value.code == "COLUMN_MISSING"
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
    ([None, None, "Итого", 125000], True),                             # typed into the IIN/BIN column
    ([None, None, None, 125000, "Итого"], True),                       # right of the sum, no date
    ([None, "в том числе: от физических лиц", None, 80000], True),     # the total's breakdown
    (["01.08.2007", "Total Oil LLP", "070140400000", 5000], False),   # a donor, not a total
    (["01.08.2007", "TOTAL Kazakhstan Services LLP", None, 5000], False),   # a company without its BIN
    (["01.08.2007", "TOTAL Kazakhstan Services LLC", None, 5000], False),   # a foreign form (marker files)
    (["01.08.2007", "Total Jarnama JShS", None, 5000], False),        # ЖШС in Latin, derived
    ([None, "Итого по Иванову Б. В.", None, 5000], True),             # initials are no "B. V." form
    (["28.02.2007", "Итого за февраль", None, 5000], True),
    (["28.02.2007", "Totalizator Kazakhstan", None, 5000], False),     # a company, not a total
    ([None, "Sub-total", None, 5000], True),
    ([None, "Итоговая сумма", None, 5000], True),
    (["01.08.2007", "Иванов", None, 5000], False),
    ([None, "Обороты за период", None, 125000], True),                 # a statement's turnover
    ([None, "Промежуточный итог", None, 5000], True),
    ([None, "Подитог", None, 5000], True),
    ([None, "Айналымдар", None, 125000], True),
])
def test_totals_rows(cells_, totals):
    header = find_header(rows(["Дата", "ФИО", "БИН", "Сумма"]), "contributions", "book.xlsx")
    assert is_totals(Row(10, cells_), header) is totals


@pytest.mark.parametrize("text, role, evidence", [
    ("Реклама на ТВ", "media_tv", "category 'Реклама на ТВ' matched 'тв'"),
    ("Теледидар", "media_tv", "category 'Теледидар' matched 'теледидар'"),
    ("Радиоэфир", "media_radio", "category 'Радиоэфир' matched 'радио'"),
    ("Публикации в газете", "media_press", "category 'Публикации в газете' matched 'газет'"),
    ("Баспасөз", "media_press", "category 'Баспасөз' matched 'баспасөз'"),
    ("Реклама в соцсетях", "media_online", "category 'Реклама в соцсетях' matched 'соцсет'"),
    ("Online ads", "media_online", "category 'Online ads' matched 'online'"),
    ("Листовки и плакаты", "printed", "category 'Листовки и плакаты' matched 'листов'"),
    ("Полиграфия", "printed", "category 'Полиграфия' matched 'полиграф'"),
    ("Видеоролик", "audiovisual", "category 'Видеоролик' matched 'видеоролик'"),
    ("Иные агитационные материалы", "other_materials",
     "category 'Иные агитационные материалы' matched 'агитационные материалы'"),
    ("Встречи с избирателями", "events", "category 'Встречи с избирателями' matched 'встреч'"),
    ("Митинг", "events", "category 'Митинг' matched 'митинг'"),
    ("ГСМ", "transport", "category 'ГСМ' matched 'гсм'"),
    ("Авиабилеты", "transport", "category 'Авиабилеты' matched 'авиабилет'"),
    ("Аренда помещения", "rent", "category 'Аренда помещения' matched 'аренда'"),
    ("Печать листовок", "printed", "category 'Печать листовок' matched 'печат'"),
    ("Реклама на телевизионных каналах", "media_tv",
     "category 'Реклама на телевизионных каналах' matched 'телевиз'"),
    ("Ғаламтордағы жарнама", "media_online", "category 'Ғаламтордағы жарнама' matched 'ғаламтор'"),
    ("Таргетированная реклама в Instagram", "media_online",
     "category 'Таргетированная реклама в Instagram' matched 'instagram'"),
    ("Аренда автотранспорта", "transport", "category 'Аренда автотранспорта' matched 'автотранспорт'"),
    ("Телевизияда эфир уақыты", "media_tv", "category 'Телевизияда эфир уақыты' matched 'телевиз'"),
    ("Газеттерде жариялау", "media_press", "category 'Газеттерде жариялау' matched 'газет'"),
    ("Сайлаушылармен жүздесу", "events", "category 'Сайлаушылармен жүздесу' matched 'жүздесу'"),
    ("Үнпарақтар дайындау", "printed", "category 'Үнпарақтар дайындау' matched 'үнпарақ'"),
    ("Услуги банка", "other_spending", "category 'Услуги банка': no known word, booked as other spending"),
    ("Типографские услуги", "printed", "category 'Типографские услуги' matched 'типограф'"),
    ("Агитационная продукция (футболки, кепки)", "other_materials",
     "category 'Агитационная продукция (футболки, кепки)' matched 'агитационн продукц'"),
    ("Изготовление радиоролика", "audiovisual",
     "category 'Изготовление радиоролика' matched 'изготовлен' and 'радиоролик': making a clip"),
    ("Эфирное время (Хабар)", "media_tv", "category 'Эфирное время (Хабар)' matched 'эфир': air time with no medium named"),
    ("Эфирное время на радио", "media_radio", "category 'Эфирное время на радио' matched 'радио'"),
    ("media_tv", "media_tv", "category 'media_tv' is the account role itself"),
    # Kazakh typed in the Latin alphabet: the vocabulary derives these forms from the Cyrillic.
    ("Zaldy jalǵa alý", "rent", "category 'Zaldy jalǵa alý' matched 'jalǵa'"),
    ("Saılaýshylarmen kezdesu", "events", "category 'Saılaýshylarmen kezdesu' matched 'kezdesu'"),
    # Two words of one category in two languages: the lower place names the evidence
    # ('интернет' 10 in ru.toml before 'online' 20 in en.toml; 'instagram' 130 before 'таргет' 180).
    ("Online реклама в интернете", "media_online", "category 'Online реклама в интернете' matched 'интернет'"),
    ("Таргет в Instagram", "media_online", "category 'Таргет в Instagram' matched 'instagram'"),
])
def test_spending_categories_map_to_accounts_with_evidence(text, role, evidence):
    match = spending_role(text)
    assert (match.role, match.evidence) == (role, evidence)


# --- two columns that could hold the same field ---------------------------------------------

DATA = [["01.02.2023", "Иванов", "870412300005", 1000, 450000], ["02.02.2023", "Петров", "870412300005", 10, 4500],
        ["03.02.2023", "Сидоров", "870412300005", 20, 9000]]


@pytest.mark.parametrize("headings, amount", [
    (["Дата", "ФИО", "ИИН", "Сумма (USD, справочно)", "Сумма, тенге"], 4),      # never another currency
    (["Дата", "ФИО", "ИИН", "Сумма без НДС", "Сумма с НДС"], 4),
    (["Дата", "ФИО", "ИИН", "Возвращено (сумма возврата)", "Сумма пожертвования"], 4),
    (["Күні", "Аты-жөні", "ЖСН", "Сомасы (АҚШ долл., анықтама үшін)", "Сомасы"], 4),
    (["Дата", "ФИО", "ИИН", "Сумма (долл. США)", "Сумма"], 4),
])
def test_the_amount_in_tenge_wins_over_another_sum(headings, amount):
    header = find_header(rows(headings, *DATA), "contributions", "book.xlsx")
    assert header.columns["amount"] == amount


def test_the_day_money_arrived_wins_over_the_order_date_and_a_second_candidate_is_a_warning():
    sheet = rows(["Дата платежного поручения", "Дата поступления", "ФИО", "Сумма"],
                 ["30.01.2023", "01.02.2023", "Иванов", 5000], ["30.01.2023", "02.02.2023", "Петров", 7000],
                 ["31.01.2023", "03.02.2023", "Сидоров", 9000])
    header = find_header(sheet, "contributions", "book.xlsx")
    assert header.columns == {"date": 1, "document": 0, "name": 2, "amount": 3}
    sheet = rows(["Дата", "Дата поступления", "ФИО", "Сумма"], *(r.cells for r in sheet[1:]))
    header = find_header(sheet, "contributions", "book.xlsx")
    assert header.columns["date"] == 1
    assert header.warnings == [
        "book.xlsx: columns 'Дата поступления' and 'Дата' both look like the date; 'Дата поступления' was used; "
        "to take the other, --map date='Дата'"]
    assert [code_of(w) for w in header.warnings] == ["TWO_COLUMNS_FOR_ONE_FIELD"]


def test_a_column_whose_cells_are_no_dates_loses_to_one_whose_cells_are():
    sheet = rows(["Дата и номер платежного поручения", "Дата зачисления на счет", "ФИО", "Сумма"],
                 ["№ 15 от 30.01.2023", "01.02.2023", "Иванов", 5000], ["№ 16 от 30.01.2023", "02.02.2023", "Петров", 7000],
                 ["№ 17 от 31.01.2023", "03.02.2023", "Сидоров", 9000])
    assert find_header(sheet, "contributions", "book.xlsx").columns["date"] == 1


def test_a_group_merged_over_the_date_and_number_columns():
    sheet = rows(["№ п/п", "Жертвователь", "Платежное поручение", None, "Сумма, тг"],
                 [None, None, "№", "дата", None],
                 [1, "Иванов", 15, "01.02.2023", 5000])
    header = find_header(sheet, "contributions", "book.xlsx")
    assert (header.header_row, header.data_from) == (2, 3)
    assert header.columns == {"date": 3, "name": 1, "amount": 4, "document": 2}


def test_a_header_row_may_hold_one_stray_date():
    import datetime as dt
    sheet = rows(["Дата", "ФИО", "ИИН", "Сумма, тенге", dt.date(2023, 2, 28)], ["01.02.2023", "Иванов", None, 5000])
    assert find_header(sheet, "contributions", "book.xlsx").columns == {"date": 0, "name": 1, "id_number": 2, "amount": 3}


@pytest.mark.parametrize("numbering", [["гр.1", "гр.2", "гр.3"], ["1", "2", "3=1*2"], ["А", "Б", "В"], ["(1)", "(2)", "(3)"],
                                       [1, 2, 2.1, 3], ["1", "2", "2.1", "3"]])
def test_numbered_columns_in_the_forms_treasurers_use(numbering):
    sheet = rows(["Дата", "ФИО", "ИИН", "Сумма"], numbering, ["01.08.2007", "Иванов", None, "5000"])
    assert find_header(sheet, "contributions", "book.xlsx").data_from == 3


def test_a_book_of_the_other_kind_is_refused():
    spending = rows(["Дата оплаты", "Получатель", "Статья расходов", "Сумма, тенге"])
    with pytest.raises(InputFileError) as err:
        find_header(spending, "contributions", "spending.xlsx")
    assert err.value.code == "WRONG_KIND_OF_BOOK"
    assert str(err.value) == ("spending.xlsx, row 1: the column 'Статья расходов' is the spending category of a "
                              "spending book; import it with `fundledger import spending`, or name this book's "
                              "columns with --map if it really is a book of contributions")
    gifts = rows(["Дата", "ФИО", "Гражданство", "Назначение платежа", "Сумма"])
    with pytest.raises(InputFileError) as err:
        find_header(gifts, "spending", "gifts.xlsx")
    assert err.value.code == "WRONG_KIND_OF_BOOK"
    assert "the column 'Гражданство' is the citizenship of a contributions book" in str(err.value)
    from ledger.i18n import speaking
    with speaking("kk"), pytest.raises(InputFileError) as err:
        find_header(spending, "contributions", "spending.xlsx")
    assert (err.value.code, str(err.value)) == ("WRONG_KIND_OF_BOOK", (
        "spending.xlsx, 1-жол: 'Статья расходов' бағаны — шығыстар кітабының «шығыс бабы» бағаны; оны "
        "`fundledger import spending` арқылы импорттаңыз немесе бұл шынымен contributions кітабы болса, оның "
        "бағандарын --map арқылы көрсетіңіз"))
    with speaking("ru"), pytest.raises(InputFileError) as err:
        find_header(gifts, "spending", "gifts.xlsx")
    assert "столбец 'Гражданство' — это «гражданство» книги пожертвований" in str(err.value)


def test_a_contributions_book_names_its_givers():
    with pytest.raises(InputFileError) as err:
        find_header(rows(["Дата отчета", "Источник", "Сумма"], ["28.02.2023", "Физические лица", 5000]),
                    "contributions", "book.xlsx, sheet 'Свод'")
    assert err.value.code == "COLUMN_MISSING"
    assert str(err.value) == ("book.xlsx, sheet 'Свод', row 1: no name of the donor or payee or IIN/BIN column "
                              "among the headers 'Дата отчета', 'Источник', 'Сумма'; name it with --map "
                              "FIELD=HEADER, e.g. --map name='Источник'")
    assert find_header(rows(["Күні", "Төлеуші", "Сомасы"]), "contributions", "kk.csv").columns["name"] == 1


def test_the_map_suggested_is_the_column_that_holds_sums():
    book = rows(["Дата", "№ док.", "Плательщик", "ИИН", "Оборот"],
                ["01.02.2023", 15, "ТОО «А»", "070440000006", 500000],
                ["02.02.2023", 16, "ТОО «Б»", "070440000006", 120000],
                ["03.02.2023", 17, "Иванов", "870412300005", 750000])
    with pytest.raises(InputFileError) as err:
        find_header(book, "contributions", "book.xlsx")
    assert err.value.code == "COLUMN_MISSING"
    assert str(err.value).endswith("e.g. --map amount='Оборот'")


def test_a_bank_statement_credits_receipts_and_debits_spending():
    statement = rows(["Дата", "№ док.", "Корреспондент", "БИН/ИИН корреспондента", "Сумма по дебету",
                      "Сумма по кредиту", "Назначение платежа"],
                     ["01.02.2023", 15, "ТОО «А»", "070440000006", None, 500000, "Пожертвование"],
                     ["02.02.2023", 16, "ТОО «Медиа Принт»", "070440000006", 120000, None, "Оплата за листовки"],
                     ["03.02.2023", 17, "Иванов", "870412300005", None, 750000, "Пожертвование"])
    assert find_header(statement, "contributions", "statement.xlsx").columns["amount"] == 5
    assert find_header(statement, "spending", "statement.xlsx").columns["amount"] == 4
    merged = rows(["Дата", "Корреспондент", "Сумма", None, "Назначение платежа"],
                  [None, None, "Дебет", "Кредит", None],
                  *(r.cells[:2] + r.cells[4:] for r in statement[1:]))
    header = find_header(merged, "contributions", "statement.xlsx")
    assert (header.data_from, header.columns["amount"]) == (3, 3)


def test_an_amount_in_thousands_of_tenge_is_said_and_scaled():
    header = find_header(rows(["Дата", "ФИО", "Сумма, тыс. тенге"]), "contributions", "book.xlsx")
    assert header.amount_scale == 1000
    assert header.warnings == ["book.xlsx: the amount column 'Сумма, тыс. тенге' is in thousands of tenge; "
                               "its amounts were multiplied by 1 000"]
    assert [code_of(w) for w in header.warnings] == ["AMOUNTS_IN_THOUSANDS"]
    assert find_header(rows(["Дата", "ФИО", "Сумма, тенге"]), "contributions", "book.xlsx").amount_scale == 1


def test_a_book_of_payments_is_no_reference_list():
    with pytest.raises(InputFileError) as err:
        find_header(rows(["Дата", "Получатель", "БИН", "Сумма, тенге"]), "reference", "spending.xlsx")
    assert err.value.code == "WRONG_KIND_OF_BOOK"
    assert str(err.value) == ("spending.xlsx, row 1: the column 'Сумма, тенге' is the amount of a book of payments, "
                              "not of a list; a list holds IIN/BINs and names")
    assert find_header(rows(["БИН", "Наименование", "Дата регистрации"]), "reference", "state.csv").columns == {
        "id_number": 0, "name": 1}


def test_the_commission_spending_form_names_the_supplier_not_the_goods():
    header = find_header(rows(["Наименование товаров, работ, услуг", "Статья расходов", "Поставщик",
                               "БИН поставщика", "Номер и дата договора", "Дата оплаты", "Сумма, тенге"]),
                         "spending", "form.xlsx")
    assert (header.columns["name"], header.columns["category"], header.columns["purpose"]) == (2, 1, 0)


def test_kazakh_dates_of_payment_win_over_the_contract_and_the_order():
    book = rows(["Шарттың күні", "Төлем күні", "Жеткізуші", "Шығыс бабы", "Сомасы"],
                ["20.07.2007", "10.08.2007", "ЖШС «Медиа»", "Баннерлер", 5000])
    assert find_header(book, "spending", "kk.xlsx").columns["date"] == 1
    book = rows(["Төлем тапсырмасының күні", "Шотқа есептелген күні", "Аты-жөні", "Сомасы", "Төлем тапсырмасының нөмірі"],
                ["30.07.2007", "01.08.2007", "Қасымов", 5000, "ТТ-101"])
    assert find_header(book, "contributions", "kk.xlsx").columns == {"date": 1, "name": 2, "amount": 3, "document": 4}


@pytest.mark.parametrize("names, parts, joined", [
    (["Фамилия", "Имя", "Отчество"], (2, 3, 4), "Иванов Иван Иванович"),
    (["Тегі", "Аты", "Әкесінің аты"], (2, 3, 4), "Иванов Иван Иванович"),
    (["Last name", "First name", "Middle name"], (2, 3, 4), "Иванов Иван Иванович"),
    (["Отчество", "Имя", "Фамилия"], (4, 3, 2), "Иванов Иван Иванович"),   # surname first, whatever the order
    (["Фамилия жертвователя", "Имя", "Примечание"], (2, 3), "Иванов Иван"),
])
def test_a_name_in_three_columns_is_read_whole(names, parts, joined):
    header = find_header(rows(["Дата", "ИИН", *names, "Сумма"]), "contributions", "book.xlsx")
    assert header.name_parts == parts
    cells = {"Фамилия": "Иванов", "Тегі": "Иванов", "Last name": "Иванов", "Фамилия жертвователя": "Иванов",
             "Имя": "Иван", "Аты": "Иван", "First name": "Иван",
             "Отчество": "Иванович", "Әкесінің аты": "Иванович", "Middle name": "Иванович"}
    row = ["01.08.2007", "870412300005", *(cells.get(n) for n in names), 5000]
    assert header.name(row) == joined
    assert header.name(["01.08.2007", "870412300005", None, None, None, 5000]) is None


def test_a_whole_name_under_a_header_that_lists_its_parts_stays_whole():
    header = find_header(rows(["Дата", "Фамилия, имя, отчество", "Имя файла", "Сумма"]), "contributions", "book.xlsx")
    assert (header.columns["name"], header.name_parts) == (1, ())



def test_kazakh_in_the_latin_alphabet_and_letters_from_the_other_alphabet():
    latin = find_header(rows(["Kúni", "Aty-jóni / Atauy", "JSN/BSN", "Azamattyǵy", "Somasy, teńge", "Tólem maqsaty"]),
                        "contributions", "kk.xlsx")
    assert latin.columns == {"date": 0, "name": 1, "id_number": 2, "citizenship": 3, "amount": 4, "purpose": 5}
    mixed = find_header(rows(["K\u04af\u043d\u0456", "Аты-жөні", "ЖСН", "C\u043e\u043c\u0430\u0441\u044b"]),
                        "contributions", "kk.xlsx")   # a Latin K in Күні, a Latin C in Сомасы
    assert mixed.columns == {"date": 0, "name": 1, "id_number": 2, "amount": 3}


@pytest.mark.parametrize("headers, columns", [
    # a bank's value date is no currency
    (["Дата операции", "Дата валютирования", "Плательщик", "ИИН", "Кредит"],
     {"date": 0, "name": 2, "id_number": 3, "amount": 4}),
    # the income article of a contributions register is no spending category
    (["Дата", "Жертвователь", "ИИН", "Сумма", "Статья поступления", "№ док."],
     {"date": 0, "name": 1, "id_number": 2, "amount": 3, "document": 5}),
])
def test_columns_that_only_look_like_another_field(headers, columns):
    assert find_header(rows(headers), "contributions", "book.xlsx").columns == columns


@pytest.mark.parametrize("headers, amount", [
    (["Дата", "Статья", "Количество", "Цена, тенге", "Стоимость, тенге"], 4),    # the line's cost, not its price
    (["Дата", "Статья", "Сумма без НДС", "НДС", "Итого с НДС"], 4),             # what the bank paid
    (["Дата", "Статья", "Сумма по договору, тенге", "Оплачено, тенге"], 3),      # what was paid, not the contract
    (["Дата", "Назначение", "Приход", "Расход"], 3),                             # a 1C statement
    (["Күні", "Мақсаты", "Шығыс", "Кіріс"], 2),
    (["Date", "Description", "Deposit (KZT)", "Withdrawal (KZT)"], 3),
])
def test_the_amount_a_spending_book_paid(headers, amount):
    sheet = rows(headers, *[["01.08.2007", "Эфир на телевидении", 1000, 2000] + [3000] * (len(headers) - 4)] * 3)
    assert find_header(sheet, "spending", "book.xlsx").columns["amount"] == amount



def test_the_header_again_after_a_page_break_is_no_data():
    from ledger.importers.headers import is_header_again
    header = find_header(rows(["Дата", "Получатель", "Сумма", "Назначение"]), "spending", "book.xlsx")
    assert is_header_again(Row(20, ["Дата", "Получатель", "Сумма", "Назначение"]), header)
    assert is_header_again(Row(21, [1, 2, 3, 4]), header)                 # its column numbers
    assert not is_header_again(Row(22, ["01.08.2007", "ТОО «Альфа»", 5000, "Эфир"]), header)


def test_a_statements_residency_column_is_no_sign_of_a_contributions_book():
    header = find_header(rows(["Дата", "Корреспондент", "БИН", "Признак резидентства", "Назначение платежа", "Дебет",
                               "Кредит"]), "spending", "выписка.csv")
    assert header.columns["amount"] == 5


def test_category_words_are_ordered_by_their_places_across_the_files(tmp_path):
    from ledger.importers.vocabulary import load
    (tmp_path / "ru.toml").write_text('[categories.rent]\n"аренда" = 20\n"наем" = 40\n', "utf-8")
    (tmp_path / "kk.toml").write_text('[categories.rent]\n"жалға" = 30\n', "utf-8")
    (tmp_path / "en.toml").write_text('[categories.rent]\n"lease" = 10\n', "utf-8")
    words = load(tmp_path).categories["rent"]
    assert words == ("lease", "аренда", "жалға", "jalǵa", "jalğa", "jalga", "zhalga", "наем")
