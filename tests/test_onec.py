"""The 1C exchange file read into a statement, and the statement's own arithmetic, as worked
examples: four banks' files of the same fund (tests/onec_samples.py), the figures they give,
and each way a file can be unusable, refused in one line naming the file and the line."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from onec_samples import (
    ALFA_BIN,
    FOREIGN_BIN,
    FUND,
    HALYK_JULY,
    IVANOV,
    KASPI_AUGUST,
    PARTY,
    PARTY_BIN,
    SUM_ONLY_AUGUST,
    UPPER_JULY,
    cp1251,
    utf8_bom,
)

from ledger.core.errors import InputFileError
from ledger.core.money import Money
from ledger.core.notices import code_of
from ledger.importers.onec import is_exchange_file, read_exchange
from ledger.importers.statement import (
    AccountBlock,
    AccountSection,
    Payment,
    account_block,
    account_number,
    own_transfer,
    place,
)

D = dt.date


def tenge(n) -> Money:
    return Money.tenge(n)


def plain(texts: list[str]) -> list[str]:
    """Amounts are shown with no-break spaces between thousands; the examples use plain ones."""
    return [t.replace("\xa0", " ") for t in texts]


def brief(p: Payment) -> tuple:
    return (p.line, p.day, p.amount, p.money_in, p.number, p.name, p.id_number, p.code, p.purpose_code, p.purpose)


JULY = [
    (21, D(2007, 7, 2), tenge(5_000_000), True, "12", "ОО Партия «Жасыл Дала»", PARTY_BIN, "18", "119",
     "Перечисление собственных средств партии в избирательный фонд"),
    (39, D(2007, 7, 5), tenge(150_000), True, "345", "Иванов Иван Иванович", IVANOV, "19", "119",
     "Добровольное пожертвование в избирательный фонд"),
    (53, D(2007, 7, 10), tenge(1_000_000), True, "77", "ТОО «Альфа»", ALFA_BIN, "17", "119",
     "Добровольное пожертвование"),
    (66, D(2007, 7, 20), tenge(2_000_000), False, "1", "ТОО «Телеканал Восток»", "051240004566", "17", "859",
     "Оплата эфирного времени на телевидении"),
]


@pytest.mark.parametrize("data", [cp1251(HALYK_JULY), cp1251(UPPER_JULY), utf8_bom(HALYK_JULY),
                                  HALYK_JULY.encode("utf-8")],
                         ids=["halyk-cp1251", "upper-case-keys", "utf8-bom", "utf8-declared-windows"])
def test_the_july_statement_reads_the_same_from_every_bank(data):
    st = read_exchange(data, "july.txt")
    assert (st.account, st.start, st.end) == (FUND, D(2007, 7, 1), D(2007, 7, 31))
    assert st.sections == [AccountSection(12, FUND, D(2007, 7, 1), D(2007, 7, 31), tenge(0), tenge(6_150_000),
                                          tenge(2_000_000), tenge(4_150_000))]
    assert [brief(p) for p in st.payments] == JULY
    assert (st.opening, st.credits, st.debits, st.closing) == (tenge(0), tenge(6_150_000), tenge(2_000_000),
                                                              tenge(4_150_000))
    assert st.problems() == []
    # The raw document keeps every key as the bank wrote it, the purpose joined.
    assert st.payments[0].fields[-1] == ("НазначениеПлатежа",
                                         "Перечисление собственных средств партии в избирательный фонд")
    assert st.payments[1].residency == "резидент (код 19)"


def test_kaspi_writes_a_section_a_day_and_the_older_key_names():
    st = read_exchange(utf8_bom(KASPI_AUGUST), "kaspi.txt")
    assert [(s.start, s.opening, s.credits, s.debits, s.closing) for s in st.sections] == [
        (D(2007, 8, 1), tenge(4_150_000), tenge(200_000), tenge(0), tenge(4_350_000)),
        (D(2007, 8, 2), tenge(4_350_000), tenge(0), tenge(300_000), tenge(4_050_000)),
        (D(2007, 8, 3), tenge(4_050_000), tenge(500_000), tenge(0), tenge(4_550_000))]
    assert [(p.name, p.id_number, p.code, p.money_in) for p in st.payments] == [
        ("Петрова Анна Сергеевна", "880115400003", "19", True),      # Плательщик1, ПлательщикИИН, КОд
        ("ТОО «Полиграф»", "020840007891", "17", False),              # Получатель1, ПолучательБИН, КБе
        ("Foreign Trade LLP", FOREIGN_BIN, "27", True)]               # ПлательщикКОд
    assert st.payments[2].residency == "нерезидент (код 27)"
    assert st.problems() == []


def test_with_only_a_sum_the_way_is_whose_account_is_the_funds():
    st = read_exchange(SUM_ONLY_AUGUST.encode("utf-8"), "sum.txt")
    assert [(p.amount, p.money_in, p.name, p.id_number, p.account) for p in st.payments] == [
        (tenge(120_000), False, "ИП Ахметов (аренда зала)", IVANOV, "KZ33601A871000777777"),
        (tenge(50_000), True, "Сидоров Петр", None, "KZ55601A871000888888")]
    assert st.problems() == []


def test_a_section_that_does_not_add_up_is_shown_with_its_figures():
    text = HALYK_JULY.replace("КонечныйОстаток=4150000.00", "КонечныйОстаток=4150100.00")
    assert [code_of(p) for p in read_exchange(text.encode(), "july.txt").problems()] == ["STATEMENT_UNBALANCED"]
    assert plain(read_exchange(text.encode(), "july.txt").problems()) == [
        "STATEMENT_UNBALANCED: july.txt, line 12: the section 01.07.2007 - 31.07.2007 does not add up by its "
        "turnovers: opening 0,00 ₸ + received 6 150 000,00 ₸ - spent 2 000 000,00 ₸ = 4 150 000,00 ₸, but the "
        "closing balance is 4 150 100,00 ₸ (off by 100,00 ₸)"]


def test_turnovers_that_are_not_the_payments_are_shown():
    text = HALYK_JULY.replace("Сумма=150000,00\nСуммаПриход=150000,00", "Сумма=150500,00\nСуммаПриход=150500,00")
    assert [code_of(p) for p in read_exchange(text.encode(), "july.txt").problems()] == ["STATEMENT_UNBALANCED"]
    assert plain(read_exchange(text.encode(), "july.txt").problems()) == [
        "STATEMENT_UNBALANCED: july.txt, line 12: the section 01.07.2007 - 31.07.2007 says 6 150 000,00 ₸ received, "
        "but its 3 payment(s) received 6 150 500,00 ₸ (off by -500,00 ₸)"]


def test_a_day_that_does_not_open_with_the_day_befores_closing_is_shown():
    text = KASPI_AUGUST.replace("НачальныйОстаток=4050000.00\nВсегоПоступило=500000.00\nВсегоСписано=0.00\n"
                                "КонечныйОстаток=4550000.00",
                                "НачальныйОстаток=4060000.00\nВсегоПоступило=500000.00\nВсегоСписано=0.00\n"
                                "КонечныйОстаток=4560000.00")
    assert [code_of(p) for p in read_exchange(text.encode(), "kaspi.txt").problems()] == [
        "STATEMENT_UNBALANCED", "STATEMENT_UNBALANCED"]
    assert plain(read_exchange(text.encode(), "kaspi.txt").problems()) == [
        "STATEMENT_UNBALANCED: kaspi.txt, line 27: the section 03.08.2007 - 03.08.2007 opens with 4 060 000,00 ₸, "
        "but the section before it (02.08.2007 - 02.08.2007) closed with 4 050 000,00 ₸",
        "STATEMENT_UNBALANCED: kaspi.txt: the statement 01.08.2007 - 03.08.2007 does not add up by its payments: "
        "opening 4 150 000,00 ₸ + received 700 000,00 ₸ - spent 300 000,00 ₸ = 4 550 000,00 ₸, but the closing "
        "balance is 4 560 000,00 ₸ (off by 10 000,00 ₸)"]


def test_a_purpose_runs_on_over_lines_with_or_without_an_equals_sign():
    text = HALYK_JULY.replace("НазначениеПлатежа=Добровольное пожертвование в избирательный фонд",
                              "НазначениеПлатежа=Добровольное пожертвование\nв избирательный фонд\nНДС = 0")
    assert read_exchange(text.encode(), "july.txt").payments[1].purpose == \
        "Добровольное пожертвование в избирательный фонд НДС = 0"


# --- refused files --------------------------------------------------------------------------

def _without(text: str, line: str, count: int = 1) -> str:
    return text.replace(line + "\n", "", count)


REFUSED_FILES = [
    (HALYK_JULY.replace("КонецФайла\n", "").encode(),
     "july.txt, line 79: the file ends without КонецФайла: it was cut off (truncated); export or copy the "
     "statement again"),
    (HALYK_JULY[:HALYK_JULY.index("Номер=77")].encode(),
     "july.txt, line 53: the document that starts here has no КонецДокумента before line 54: the file was cut "
     "off or damaged; export or copy the statement again"),
    (HALYK_JULY.replace("НазначениеПлатежа=Добровольное пожертвование\nКонецДокумента",
                        "НазначениеПлатежа=Добровольное пожертвование").encode(),
     "july.txt, line 53: the document that starts here has no КонецДокумента before line 65: the file was cut "
     "off or damaged; export or copy the statement again"),
    (HALYK_JULY.encode("utf-16"),
     "july.txt, line 1: the text is UTF-16, which no 1C exchange file is; export the statement again as "
     "Windows-1251 or UTF-8"),
    (HALYK_JULY.replace("«", '"').replace("»", '"').encode("koi8-r"),
     "july.txt, line 2: none of the 1C keys (ВерсияФормата, СекцияДокумент, КонецФайла) can be read: the text "
     "is in another encoding than Windows-1251 or UTF-8; export the statement again with Кодировка=Windows"),
    (b"\xef\xbb\xbf" + cp1251(HALYK_JULY),
     "july.txt, line 2: the text is neither UTF-8 (it starts with a UTF-8 mark); export the statement again "
     "with Кодировка=Windows or UTF-8"),
    ("Дата;Сумма\n01.07.2007;100\n".encode(),
     "july.txt, line 1: not a 1C exchange file (it starts 'Дата;Сумма', not '1CClientBankExchange'); export the "
     "statement again from the bank's client as 1C (1CClientBankExchange)"),
    (HALYK_JULY.replace("Номер=345", "Номер=3\x0045").encode(),
     "july.txt, line 40: the text holds the control character 0x00, which no 1C exchange file has (a binary "
     "file, or not text at all); export the statement again"),
    (HALYK_JULY.replace("Дата=05.07.2007", "Дата=05/07/2007").replace("ДатаПоступило=05.07.2007\n", "").encode(),
     "july.txt, line 39: Дата='05/07/2007' is not a date (dd.mm.yyyy)"),
    (HALYK_JULY.replace("СуммаПриход=150000,00", "СуммаПриход=150 000.000").encode(),
     "july.txt, line 39: Суммаприход: '150 000.000' is ambiguous: are the three digits after '.' more thousands "
     "or tiyn? write it as 1 500 000 or 1 500,00"),
    (HALYK_JULY.replace("СуммаРасход=2000000.00", "СуммаРасход=2000000.00\nСуммаПриход=5.00").encode(),
     "july.txt, line 66: the document gives both СуммаПриход=5.00 and СуммаРасход=2000000.00; a payment goes "
     "one way, export the statement again"),
    (SUM_ONLY_AUGUST.replace(f"ПолучательСчет={FUND}\n", "").encode(),
     "july.txt, line 26: cannot tell whether the money came in or went out: neither СуммаПриход/СуммаРасход, "
     "nor the fund's account as the payer's or the recipient's, nor ДатаПоступило/ДатаСписано says so"),
    (HALYK_JULY.replace(f"ДатаКонца=31.07.2007\nРасчСчет={FUND}\nНачальный",
                        "ДатаКонца=31.07.2007\nРасчСчет=KZ86125KZT5004100100\nНачальный").encode(),
     f"july.txt, line 12: the file holds statements of several accounts ({FUND} (line 10), KZ86125KZT5004100100 "
     "(line 12)); export the election fund's account alone"),
    (HALYK_JULY.replace("КонецРасчСчет\n", "КонецРасчСчет\nКонецДокумента\n", 1).encode(),
     "july.txt, line 21: 'КонецДокумента' ends a document that was never opened; the file is damaged, export "
     "it again"),
    (HALYK_JULY.replace("Плательщик=Иванов", "Иванов").encode(),
     "july.txt, line 45: 'Иванов Иван Иванович' is no Key=Value line of a 1C exchange file; the file is damaged "
     "or was edited by hand, export it again"),
]
REFUSED_IDS = ["no-end-of-file", "cut-in-a-document", "document-without-end", "utf-16", "koi8", "bom-but-cp1251",
               "csv", "control-character", "date", "amount", "both-ways", "no-way", "two-accounts", "end-never-opened",
               "not-key-value"]


@pytest.mark.parametrize("data, message", REFUSED_FILES, ids=REFUSED_IDS)
def test_an_unusable_file_is_refused_in_one_line_naming_the_line(data, message, request):
    with pytest.raises(InputFileError) as refused:
        read_exchange(data, "july.txt")
    assert str(refused.value) == message
    assert refused.value.code == REFUSAL_CODES[request.node.callspec.id]
    assert refused.value.exit_code == 2


REFUSAL_CODES = {
    "no-end-of-file": "ONEC_TRUNCATED", "cut-in-a-document": "ONEC_TRUNCATED", "document-without-end": "ONEC_TRUNCATED",
    "utf-16": "ENCODING_UNKNOWN", "koi8": "ENCODING_UNKNOWN", "bom-but-cp1251": "ENCODING_UNKNOWN",
    "csv": "NOT_A_1C_FILE", "control-character": "CONTROL_CHARACTER", "date": "ONEC_LINE_INVALID",
    "amount": "ONEC_LINE_INVALID", "both-ways": "ONEC_LINE_INVALID", "no-way": "ONEC_LINE_INVALID",
    "two-accounts": "ONEC_LINE_INVALID", "end-never-opened": "ONEC_LINE_INVALID", "not-key-value": "ONEC_LINE_INVALID",
}


IN_RUSSIAN = {
    "two-accounts": f"july.txt, строка 12: в файле выписки нескольких счетов ({FUND} (строка 10), "
                    "KZ86125KZT5004100100 (строка 12)); выгрузите только счёт избирательного фонда",
    "amount": "july.txt, строка 39: Суммаприход: '150 000.000' неоднозначно: три цифры после '.' — это тысячи "
              "или тиыны? запишите как 1 500 000 или 1 500,00",
}
IN_KAZAKH = {
    "cut-in-a-document": "july.txt, 53-жол: осы жерден басталатын құжатта 54-жолға дейін КонецДокумента жоқ: файл "
                         "кесілген немесе зақымданған; үзіндіні қайта экспорттаңыз немесе көшіріңіз",
    "date": "july.txt, 39-жол: Дата='05/07/2007' — күн емес (кк.аа.жжжж)",
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("data, message", REFUSED_FILES, ids=REFUSED_IDS)
def test_an_unusable_file_is_refused_in_the_readers_language(data, message, lang, request):
    """The same refusals in Russian and Kazakh: the file and the line first, the code the same,
    no English word of the English sentence left (the 1C keys are the bank's own words)."""
    from ledger.i18n import speaking

    with speaking(lang), pytest.raises(InputFileError) as refused:
        read_exchange(data, "july.txt")
    said = str(refused.value)
    case = request.node.callspec.id.rsplit("-", 1)[0]      # "amount-ru": the file's case, then the language
    assert refused.value.code == REFUSAL_CODES[case]
    assert said.startswith("july.txt, ") and said != message and "\n" not in said
    expected = (IN_RUSSIAN if lang == "ru" else IN_KAZAKH).get(case)
    if expected is not None:
        assert said == expected
    english = {w.strip(",.;:()") for w in message.split() if w.isascii() and w.isalpha() and w.islower() and len(w) > 3}
    assert not english & {w.strip(",.;:()") for w in said.split()}, said


def test_the_first_bytes_say_whether_it_is_an_exchange_file():
    assert is_exchange_file(b"\xef\xbb\xbf1CClientBankExchange\r\n")
    assert is_exchange_file(b"1cclientbankexchange\n")
    assert not is_exchange_file(b"Date;Amount\n")


# --- the statement's own figures and its neighbours -------------------------------------------

def test_an_account_number_is_read_as_the_bank_writes_it():
    assert account_number("kz12 601a 8712 3456 7890") == FUND
    assert account_number("ИИК KZ12601A871234567890 в АО") == FUND
    assert account_number("KZ12601A87123456789") is None     # 19 characters
    assert account_number(None) is None


@pytest.mark.parametrize("name, purpose, why", [
    ("ОО Партия «Жасыл Дала»", "Взнос", "the payer 'ОО Партия «Жасыл Дала»' is the party"),
    ("Жасыл Дала", "Взнос", "the payer 'Жасыл Дала' is the party"),
    ("Филиал", "Перечисление собственных средств", "the purpose says 'собственных средств'"),
    ("Филиал", "Партияның өз қаражаты", "the purpose says 'өз қаражаты'"),
    ("Иванов Иван", "Пожертвование", None),
    ("Партия", "Пожертвование", None),     # one word is not the party's name
])
def test_the_partys_own_transfer_is_told_by_the_payer_or_the_purpose(name, purpose, why):
    assert own_transfer(name, purpose, PARTY) == why


def _s(name, start, end, opening, closing):
    """A statement imported before, as the database gives it back."""
    return SimpleNamespace(file_name=name, file_sha256=name, account=FUND, start=start, end=end, opening=opening,
                           closing=closing, credits=tenge(0), debits=tenge(0))


JULY_S = _s("july.txt", D(2007, 7, 1), D(2007, 7, 31), tenge(0), tenge(4_150_000))


def test_a_statement_after_a_gap_and_with_another_opening_is_placed_with_warnings():
    august = _s("aug.txt", D(2007, 8, 4), D(2007, 8, 5), tenge(4_550_000), tenge(4_480_000))
    placed = place(august, [JULY_S])
    assert (placed.same, placed.overlaps) == (None, None)
    assert plain(placed.warnings) == [
        "STATEMENT_GAP: no statement covers 01.08.2007 - 03.08.2007, between july.txt (01.07.2007 - 31.07.2007) "
        "and aug.txt (04.08.2007 - 05.08.2007); import the bank's statement of those days",
        "STATEMENT_UNBALANCED: aug.txt (04.08.2007 - 05.08.2007) opens with 4 550 000,00 ₸, but july.txt "
        "(01.07.2007 - 31.07.2007) closed with 4 150 000,00 ₸ (off by 400 000,00 ₸)"]


def test_the_next_days_statement_carrying_the_balance_is_placed_without_a_word():
    placed = place(_s("aug.txt", D(2007, 8, 1), D(2007, 8, 3), tenge(4_150_000), tenge(4_550_000)), [JULY_S])
    assert (placed.same, placed.overlaps, placed.warnings) == (None, None, [])


def test_an_overlap_and_the_same_statement_again_are_told_apart():
    again = _s("july-again.txt", D(2007, 7, 1), D(2007, 7, 31), tenge(0), tenge(4_150_000))
    assert place(again, [JULY_S]).same is JULY_S                  # exported anew: same figures
    overlapping = _s("late-july.txt", D(2007, 7, 31), D(2007, 8, 2), tenge(4_150_000), tenge(4_350_000))
    assert place(overlapping, [JULY_S]).overlaps is JULY_S


def test_the_account_block_above_a_spreadsheet_statement():
    rows = [(1, ["АО «Народный банк Казахстана»"]), (2, ["Выписка по счёту", "kz12 601a 8712 3456 7890"]),
            (3, ["Период:", D(2007, 7, 1), D(2007, 7, 31)]), (4, ["Входящий остаток на 01.07.2007", None, "0,00"]),
            (5, ["Исходящий остаток", 4_150_000.0])]
    assert account_block(rows) == AccountBlock(FUND, D(2007, 7, 1), D(2007, 7, 31), tenge(0), tenge(4_150_000), 2)
    assert account_block([(1, ["за период с 01.08.2007 по 03.08.2007"])]) == AccountBlock(
        None, D(2007, 8, 1), D(2007, 8, 3))
    assert account_block([(1, ["Сведения о пожертвованиях"])]) == AccountBlock()


def test_a_payment_dated_outside_the_statements_period_is_shown():
    text = HALYK_JULY.replace("Дата=02.07.2007\nСумма=5000000.00", "Дата=02.08.2007\nСумма=5000000.00").replace(
        "ДатаПоступило=02.07.2007", "ДатаПоступило=02.08.2007")
    problems = read_exchange(text.encode(), "july.txt").problems()
    outside = [p for p in problems if code_of(p) == "STATEMENT_PAYMENT_OUTSIDE"]
    assert plain(outside) == [
        "STATEMENT_PAYMENT_OUTSIDE: july.txt, line 21: a payment of 5 000 000,00 ₸ dated 02.08.2007 lies outside "
        "the statement's period 01.07.2007 - 31.07.2007; ask the bank for the statement of that day"]
    assert outside[0].params == {"file": "july.txt", "line": 21, "amount": "5000000.00", "day": "2007-08-02",
                                 "period": "01.07.2007 - 31.07.2007"}
    # The section's turnovers no longer meet its payments either: the bank's figures counted it.
    assert [code_of(p) for p in problems].count("STATEMENT_UNBALANCED") == 1


def test_a_statements_problems_are_told_in_the_readers_language():
    from ledger.i18n import speaking

    text = HALYK_JULY.replace("КонечныйОстаток=4150000.00", "КонечныйОстаток=4150100.00")
    with speaking("ru"):
        problems = read_exchange(text.encode(), "july.txt").problems()
    assert [code_of(p) for p in problems] == ["STATEMENT_UNBALANCED"]
    assert plain(problems)[0].startswith("STATEMENT_UNBALANCED: july.txt, строка 12: раздел 01.07.2007 - 31.07.2007 "
                                         "не сходится по оборотам: входящий остаток 0,00 ₸ + поступило")
    assert problems[0].params["off"] == "100.00"
