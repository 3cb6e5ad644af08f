"""Generate large contribution books for the import benchmarks.

The rows look like the sample book (sample_books/contributions.xlsx): title rows, a Russian
header, dates as Excel dates or "dd.mm.yyyy" text, valid IINs and BINs (some typed as numbers,
so a BIN from 2000-2009 loses its leading zero), amounts between 1,000 and 500,000 tenge mostly as
numbers and partly as text ("125 000,00" with non-breaking spaces), a few banned donors and a few
unreadable rows, and a totals row. Deterministic: the same N and seed give the same rows.

The xlsx is written with openpyxl's write-only mode and the CSV row by row, so memory stays
flat however many rows are asked for.

    python bench/make_books.py 100000 -o bench/data/contributions_100k.xlsx
    python bench/make_books.py 1000000 --csv -o bench/data/contributions_1m.csv
    python bench/make_books.py 10k            # -> bench/data/contributions_10k.xlsx
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from ledger.core.ids import check_digit  # noqa: E402

NBSP = "\u00a0"
HEADERS = ["№ п/п", "Дата поступления", "Ф.И.О. / Наименование жертвователя", "ИИН/БИН",
           "Тип жертвователя", "Гражданство", "Сумма, тенге", "Назначение платежа",
           "№ платёжного поручения"]
FIRST_DAY, DAYS = dt.date(2007, 7, 3), 44

MALE = ["Ерлан", "Серик", "Нурлан", "Бауыржан", "Асхат", "Данияр", "Кайрат", "Марат", "Талгат",
        "Алексей", "Сергей", "Дмитрий", "Андрей", "Виктор", "Руслан", "Тимур", "Айдар", "Олжас"]
FEMALE = ["Айгуль", "Гульнара", "Жанар", "Салтанат", "Динара", "Асель", "Мадина", "Елена",
          "Ольга", "Наталья", "Татьяна", "Светлана", "Алия", "Гаухар", "Ирина", "Лаура"]
SURNAMES = ["Жумабаев", "Сейткалиев", "Ахметов", "Абдрахманов", "Касымов", "Нурпеисов", "Токтаров",
            "Иванов", "Петров", "Бекмуратов", "Оспанов", "Ермеков", "Кенжебаев", "Сарсенов",
            "Исмаилов", "Рахимов", "Смагулов", "Кузнецов", "Волков", "Тулегенов", "Омаров", "Садыков"]
PATRONYMS = [("Серикович", "Сериковна"), ("Ерланович", "Ерлановна"), ("Кайратович", "Кайратовна"),
             ("Маратович", "Маратовна"), ("Болатович", "Болатовна"), ("Сергеевич", "Сергеевна"),
             ("Викторович", "Викторовна"), ("Муратович", "Муратовна"), ("Нурланович", "Нурлановна")]
KAZAKH = ["Әбілқасымов Нұрлан Серікұлы", "Төлегенова Әсел Қайратқызы", "Құдайбергенов Дәурен Болатұлы",
          "Өтепова Гүлнара Мұратқызы", "Ғабдуллин Ұлан Ерланұлы", "Сәрсенбаева Айгүл Бақытқызы"]
ORG_1 = ["Алтын", "Береке", "Сарыарка", "Жетысу", "Степной", "Караван", "Нур", "Самал", "Тулпар",
         "Шанырак", "Арман", "Кокше", "Жайык", "Тобол", "Иртыш", "Алатау", "Есиль", "Достык"]
ORG_2 = ["Строй", "Агро", "Трейд", "Сервис", "Транс", "Инвест", "Снаб", "Логистик", "Пром",
         "Энерго", "Фарм", "Маркет", "Холдинг", "Техника", "Монтаж", "Продукт"]
PURPOSES = ["Добровольное пожертвование в избирательный фонд", "Добровольный взнос",
            "Пожертвование на выборы в Мажилис 2007"]
# (name, id kind, donor type, citizenship): donors the rules must hold (about 0.5 % of rows)
BANNED = [
    (None, "iin", "Физ. лицо", "Россия"),                                   # foreign citizen
    (None, "iin", "Физ. лицо", "Лицо без гражданства"),                     # stateless
    ("ООО «Сибирская торговая компания»", "nonresident", "Юр. лицо", ""),   # BIN digit 5 = 5
    ("ГУ «Аппарат акима района»", "bin", "Юр. лицо", ""),                   # state by name
    ("Благотворительный фонд «Мейірім»", "bin", "Юр. лицо", ""),            # charity
    ("Религиозное объединение «Свет Веры»", "bin", "Юр. лицо", ""),         # religious
    ("", "none", "", ""),                                                   # anonymous
    (None, "bad", "Физ. лицо", "РК"),                                       # fails its check digit
]


class Rows:
    """The rows of one book, generated lazily from the seed."""

    def __init__(self, n: int, seed: int, kazakh_letters: bool = True,
                 banned_rate: float = 0.005, bad_rate: float = 0.0005):
        self.n, self.rng = n, random.Random(seed)
        self.kazakh_letters, self.banned_rate, self.bad_rate = kazakh_letters, banned_rate, bad_rate

    def _number(self, first: str) -> str:
        while True:
            head = first + "".join(str(self.rng.randrange(10)) for _ in range(11 - len(first)))
            check = check_digit(head)
            if check is not None:
                return head + str(check)

    def iin(self, male: bool) -> str:
        born = dt.date(1940, 1, 1) + dt.timedelta(days=self.rng.randrange(365 * 48))
        return self._number(f"{born:%y%m%d}{'3' if male else '4'}")

    def bin(self, kind: str = "4") -> str:
        # not 2000: a BIN "00..." typed as a number loses two zeros, which no reader can restore
        year = self.rng.choice((96, 97, 98, 99, 1, 2, 3, 4, 5, 6))
        return self._number(f"{year:02d}{self.rng.randint(1, 12):02d}{kind}0")

    def person(self) -> tuple[str, bool]:
        rng = self.rng
        if self.kazakh_letters and rng.random() < 0.1:
            name = rng.choice(KAZAKH)
            return name, not name.endswith("қызы")
        male = rng.random() < 0.55
        surname = rng.choice(SURNAMES) + ("" if male else "а")
        return f"{surname} {rng.choice(MALE if male else FEMALE)} {rng.choice(PATRONYMS)[0 if male else 1]}", male

    def __iter__(self):
        rng = self.rng
        doc = 100_000
        for k in range(1, self.n + 1):
            doc += rng.randint(1, 9)
            day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
            tenge = rng.randint(1, 500) * 1000 if rng.random() < 0.8 else rng.randint(1000, 500_000)
            tiyn = rng.choice((0, 0, 0, 0, 50)) if tenge < 500_000 else 0
            roll = rng.random()
            if roll < self.banned_rate:
                name, kind, donor_type, citizenship = rng.choice(BANNED)
                male = True
                if name is None:
                    name, male = self.person()
                number = {"iin": lambda: self.iin(male), "bin": self.bin,
                          "nonresident": lambda: self.bin("5"), "none": lambda: "",
                          "bad": lambda: self._bad(self.iin(male))}[kind]()
            elif rng.random() < 0.25:
                name = f"{rng.choice(['ТОО', 'ТОО', 'АО', 'ПК'])} «{rng.choice(ORG_1)} {rng.choice(ORG_2)}»"
                number, donor_type, citizenship = self.bin(), "Юр. лицо", rng.choice(("", "РК"))
            else:
                name, male = self.person()
                number, donor_type, citizenship = self.iin(male), "Физ. лицо", rng.choice(("РК", "РК", "Казахстан"))
            date_cell: object = day if rng.random() < 0.7 else f"{day:%d.%m.%Y}"
            amount: object
            if rng.random() < 0.8:
                amount = tenge if not tiyn else tenge + tiyn / 100
            else:
                amount = f"{tenge:,}".replace(",", NBSP) + f",{tiyn:02d}"
            if rng.random() < self.bad_rate:  # an unreadable row: rejected on import
                if rng.random() < 0.5:
                    date_cell = "31.09.2007"
                else:
                    amount = f"-{tenge}"
            id_cell: object = number
            if number and rng.random() < 0.3 and number.isdigit():
                id_cell = int(number)  # typed as a number: a leading zero is lost
            yield [k, date_cell, name, id_cell, donor_type, citizenship, amount,
                   rng.choice(PURPOSES), str(doc)]

    def _bad(self, valid: str) -> str:
        return valid[:11] + str((int(valid[11]) + 1) % 10)


def write_xlsx(path: Path, rows: Rows) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Пожертвования")
    ws.append(["Избирательный фонд: Партия «Жасыл Дала»"])
    ws.append([f"Добровольные пожертвования ({rows.n} строк, тестовые данные)"])
    ws.append([])
    ws.append(HEADERS)
    first = 5
    for values in rows:
        if isinstance(values[1], dt.date):
            cell = WriteOnlyCell(ws, values[1])
            cell.number_format = "DD.MM.YYYY"
            values[1] = cell
        if not isinstance(values[6], str):
            cell = WriteOnlyCell(ws, values[6])
            cell.number_format = "# ##0.00"
            values[6] = cell
        ws.append(values)
    last = first + rows.n - 1
    ws.append([])
    ws.append(["Итого", None, None, None, None, None, f"=SUM(G{first}:G{last})"])
    wb.save(path)


def write_csv(path: Path, rows: Rows, encoding: str) -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        out.writerow(HEADERS)
        for values in rows:
            if isinstance(values[1], dt.date):
                values[1] = f"{values[1]:%d.%m.%Y}"
            if not isinstance(values[6], str):  # Excel in a Russian locale: comma decimal
                values[6] = f"{values[6]:.2f}".replace(".", ",")
            values[3] = str(values[3])
            out.writerow(values)


def count(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    for suffix, factor in (("k", 1_000), ("m", 1_000_000)):
        if text.endswith(suffix):
            return int(float(text[:-1]) * factor)
    return int(text)


def label(n: int) -> str:
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Generate an N-row contribution book for benchmarks.")
    parser.add_argument("rows", type=count, help="number of rows: 10000, 100k, 1m")
    parser.add_argument("-o", "--output", type=Path, help="default: bench/data/contributions_<N>.xlsx (or .csv)")
    parser.add_argument("--csv", action="store_true", help="write a CSV (semicolons, comma decimal) instead of xlsx")
    parser.add_argument("--encoding", default="utf-8-sig", help="CSV encoding: utf-8-sig (default) or cp1251")
    parser.add_argument("--seed", type=int, default=2007)
    parser.add_argument("--banned-rate", type=float, default=0.005, help="share of banned donors (default 0.005)")
    parser.add_argument("--bad-rate", type=float, default=0.0005, help="share of unreadable rows (default 0.0005)")
    args = parser.parse_args(argv)
    as_csv = args.csv or (args.output is not None and args.output.suffix.lower() == ".csv")
    path = args.output or HERE / "data" / f"contributions_{label(args.rows)}.{'csv' if as_csv else 'xlsx'}"
    path.parent.mkdir(parents=True, exist_ok=True)
    kazakh = not (as_csv and args.encoding.replace("-", "").lower() in ("cp1251", "windows1251"))
    rows = Rows(args.rows, args.seed, kazakh_letters=kazakh, banned_rate=args.banned_rate, bad_rate=args.bad_rate)
    started = time.perf_counter()
    if as_csv:
        write_csv(path, rows, args.encoding)
    else:
        write_xlsx(path, rows)
    print(f"{path}: {args.rows} rows in {time.perf_counter() - started:.1f}s, {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
