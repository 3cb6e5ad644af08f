"""Make each layout's sample file: a bank's statement of the fund's July 2007, in the shape its
layout describes (ledger/importers/layouts/NAME.toml), from the literal tables below.

Every sample tells the same month so that the golden files can be read side by side: the
party moves 5 000 000 of its own funds in, Иванов gives 150 000, ТОО «Альфа» 1 000 000, the fund
pays a TV channel 2 000 000; the bank closes the month with 4 150 000. Some samples add a row
the import must refuse (a supplier's refund paid in, a payment with no date), so the golden
file shows a refusal too.

    python tests/layouts/make_samples.py          # writes tests/layouts/NAME/sample.*

Running it again gives byte-identical files. After changing a sample, regenerate its golden
file (FUNDLEDGER_REGENERATE_GOLDEN=1 pytest tests/test_layouts.py) and read the difference.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
for folder in (ROOT, HERE.parent):   # run as a plain script from anywhere
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from onec_samples import (
    ALFA_BIN,
    FUND,
    HALYK_JULY,
    IVANOV,
    PARTY,
    PARTY_BIN,
    TV_BIN,
    cp1251,
)

from sample_books.make_samples import new_workbook, save

D = dt.date
NBSP = "\u00a0"
PRINT_BIN = "020840007891"
TV = "ТОО «Телеканал Восток»"
ALFA = "ТОО «Альфа»"
IVANOV_NAME = "Иванов Иван Иванович"
OWN = "Перечисление собственных средств в избирательный фонд"
GIFT = "Добровольное пожертвование в избирательный фонд"
AIR = "Оплата эфирного времени на телевидении"
OWN_KK = "Сайлау қорына партияның өз қаражатын аудару"
GIFT_KK = "Сайлау қорына ерікті қайырмалдық"
AIR_KK = "Телевизиядағы эфир уақытына төлем"

# Each sample: the rows above the header (the bank's account block), the header, the payments,
# the rows under the table.
SAMPLES = {
    "kaspi": (
        [["АО «Kaspi Bank»"], [f"Выписка по счёту {FUND}"], [f"Владелец: {PARTY}"],
         ["Период: 01.07.2007 - 31.07.2007"], ["Входящий остаток", None, None, None, None, None, "0,00"], []],
        ["№ п/п", "Дата операции", "№ документа", "Отправитель / Получатель", "ИИН/БИН", "Назначение платежа",
         "Кредит", "Дебет"],
        [[1, D(2007, 7, 2), "11", PARTY, PARTY_BIN, OWN, 5_000_000, None],
         [2, D(2007, 7, 5), "12", IVANOV_NAME, IVANOV, GIFT, f"150{NBSP}000,00", None],
         [3, D(2007, 7, 10), "13", ALFA, ALFA_BIN, GIFT, 1_000_000, None],
         [4, D(2007, 7, 20), "401", TV, TV_BIN, AIR, None, 2_000_000],
         [5, D(2007, 7, 25), "14", "ТОО «Печатный двор»", PRINT_BIN, "Возврат неиспользованного аванса", 30_000,
          None]],
        [["Обороты за период", None, None, None, None, None, 6_180_000, 2_000_000],
         ["Исходящий остаток", None, None, None, None, None, 4_180_000]],
    ),
    "halyk": (
        [["АО «Народный Банк Казахстана» (Halyk Bank)"], ["ВЫПИСКА ПО ЛИЦЕВОМУ СЧЕТУ"], [f"Счет: {FUND} (KZT)"],
         [f"Клиент: {PARTY}"], ["За период с 01.07.2007 по 31.07.2007"], [], []],
        ["Дата", "Номер документа", "Вид операции", "Наименование плательщика/получателя", "БИН/ИИН", "КНП",
         "КОд", "Назначение платежа", "Сумма"],
        [[D(2007, 7, 2), "11", "Поступление", PARTY, PARTY_BIN, "119", "18", OWN, 5_000_000],
         [D(2007, 7, 5), "12", "Кіріс", IVANOV_NAME, IVANOV, "119", 19, GIFT, "150 000,00"],
         [D(2007, 7, 10), "13", "Поступление", ALFA, ALFA_BIN, "119", "17", GIFT, 1_000_000],
         [D(2007, 7, 20), "401", "Списание", TV, TV_BIN, "859", "17", AIR, 2_000_000]],
        [["Итого поступлений", None, None, None, None, None, None, None, 6_150_000],
         ["Итого списаний", None, None, None, None, None, None, None, 2_000_000],
         ["Остаток на начало", None, None, None, None, None, None, None, 0],
         ["Остаток на конец", None, None, None, None, None, None, None, 4_150_000]],
    ),
    "forte": (
        [["АО «ForteBank»"], ["Выписка по счету"], [f"Номер счета: {FUND}"], ["Валюта: KZT"],
         ["Период: 01.07.2007 - 31.07.2007"], ["Входящий остаток:", 0]],
        ["Дата проводки", "Номер документа", "Корреспондент", "БИН/ИИН корреспондента", "Направление платежа",
         "Сумма в валюте счета", "Назначение"],
        [[D(2007, 7, 2), "11", PARTY, PARTY_BIN, "Входящий", 5_000_000, OWN],
         [D(2007, 7, 5), "12", IVANOV_NAME, IVANOV, "Входящий", 150_000, GIFT],
         [D(2007, 7, 10), "13", ALFA, ALFA_BIN, "Входящий", 1_000_000, GIFT],
         [D(2007, 7, 20), "401", TV, TV_BIN, "Исходящий", 2_000_000, AIR]],
        [["Всего", None, None, None, None, None, None], ["Исходящий остаток:", 4_150_000]],
    ),
    "jusan": (
        [["АО «First Heartland Jusan Bank»"], [f"Выписка по счету {FUND}"], [f"Клиент: {PARTY}"],
         ["Период с 01.07.2007 по 31.07.2007"], ["Остаток на начало периода", None, "0,00"], []],
        ["Дата", "Номер документа", "Сумма, KZT", "Контрагент", "ИИН/БИН контрагента", "Детали платежа"],
        [[D(2007, 7, 2), "11", 5_000_000, PARTY, PARTY_BIN, OWN],
         [D(2007, 7, 5), "12", "150 000,00", IVANOV_NAME, IVANOV, GIFT],
         [D(2007, 7, 10), "13", 1_000_000, ALFA, ALFA_BIN, GIFT],
         [D(2007, 7, 20), "401", -2_000_000, TV, TV_BIN, AIR],
         [None, "402", -15_000, TV, TV_BIN, AIR]],
        [["Остаток на конец периода", None, "4 150 000,00"]],
    ),
    "bcc": (
        [["АО «Банк ЦентрКредит»"], ["Выписка по счету"], [f"ИИК: {FUND}"], [f"Наименование: {PARTY}"],
         ["Период: с 01.07.2007 по 31.07.2007"], ["Сальдо на начало:", 0], [], []],
        ["Дата", "№ док.", "Д/К", "Сумма", "Корреспондент", "ИИН/БИН", "КОд/КБе", "Назначение платежа"],
        [[D(2007, 7, 2), "11", "К", 5_000_000, PARTY, PARTY_BIN, "18", OWN],
         [D(2007, 7, 5), "12", "К", 150_000, IVANOV_NAME, IVANOV, "19", GIFT],
         [D(2007, 7, 10), "13", "К", 1_000_000, ALFA, ALFA_BIN, "17", GIFT],
         [D(2007, 7, 20), "401", "Д", 2_000_000, TV, TV_BIN, "17", AIR]],
        [["Обороты", None, "Д", 2_000_000], ["Обороты", None, "К", 6_150_000], ["Сальдо на конец:", 4_150_000]],
    ),
    # Kazakh headers and a Kazakh account block; Иванов's gift is typed as text, and a payment
    # with no date is refused.
    "bereke": (
        [["АҚ «Bereke Bank»"], ["Шот бойынша үзінді көшірме"], [f"Шот: {FUND}"], [f"Клиент: {PARTY}"],
         ["Кезең: 01.07.2007 - 31.07.2007"], ["Кезең басындағы қалдық", None, None, None, None, None, "0,00"], []],
        ["Р/с №", "Күні", "Құжат нөмірі", "Төлеуші / алушы", "ЖСН/БСН", "Төлем мақсаты", "Кіріс", "Шығыс"],
        [[1, D(2007, 7, 2), "11", PARTY, PARTY_BIN, OWN_KK, 5_000_000, None],
         [2, D(2007, 7, 5), "12", IVANOV_NAME, IVANOV, GIFT_KK, "150 000,00", None],
         [3, D(2007, 7, 10), "13", ALFA, ALFA_BIN, GIFT_KK, 1_000_000, None],
         [4, D(2007, 7, 20), "401", TV, TV_BIN, AIR_KK, None, 2_000_000],
         [5, None, "402", TV, TV_BIN, AIR_KK, None, 15_000]],
        [["Айналымдар", None, None, None, None, None, 6_150_000, 2_000_000],
         ["Кезең соңындағы қалдық", None, None, None, None, None, 4_150_000]],
    ),
}


def write_spreadsheet(name: str, path: Path) -> None:
    above, header, payments, below = SAMPLES[name]
    wb = new_workbook()
    ws = wb.active
    ws.title = "Выписка"
    for row in [*above, header, *payments, *below]:
        ws.append(row)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD.MM.YYYY"
    save(wb, path)


def main() -> int:
    exchange = HERE / "1c-exchange"
    exchange.mkdir(exist_ok=True)
    (exchange / "sample.txt").write_bytes(cp1251(HALYK_JULY))
    for name in SAMPLES:
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        write_spreadsheet(name, folder / "sample.xlsx")
    print(f"wrote {len(SAMPLES) + 1} samples under {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
