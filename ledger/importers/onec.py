"""Reading the 1C exchange file (``1CClientBankExchange``), the text Kazakh banks export.

A bank's client system writes the special account's statement as lines of ``Key=Value``:
a header (format version, encoding, sender, dates, account), an account section per day or
for the period (``СекцияРасчСчет`` ... ``КонецРасчСчет``: balances and turnovers), a section
per payment document (``СекцияДокумент=Платежное поручение`` ... ``КонецДокумента``) and
``КонецФайла``. Banks differ in the details: keys in upper case, cp1251 or UTF-8 (with or
without a BOM, not always what ``Кодировка`` says), the older key names of the payer's BIN
(``ПлательщикИНН``), amounts with a comma, only ``Сумма`` and no ``СуммаПриход``/
``СуммаРасход`` (the way then told by whose account is the fund's), a purpose that runs on
over several lines.

This module is pure: bytes in, a ``Statement`` out, or an ``InputFileError`` that names the
file and the line. A truncated file (no ``КонецФайла``, a document without its end) is refused
whole: half a statement would book half the money.
"""
from __future__ import annotations

import datetime as dt
import re

from ledger.core.codes import FileProblem as F
from ledger.core.errors import AmountError, InputFileError
from ledger.core.money import Money
from ledger.i18n import _
from ledger.importers.layouts import named
from ledger.importers.statement import (
    AccountSection,
    Payment,
    Statement,
    account_number,
)
from ledger.rules.wording import in_words

MAGIC = "1CClientBankExchange"
LAYOUT = "1c-exchange"
_BOM = b"\xef\xbb\xbf"

# Keys, compared in any letter case; each tuple lists a field's spellings in order of preference.
_DOCUMENT_START = "секциядокумент"
_DOCUMENT_END = "конецдокумента"
_SECTION_START = "секциярасчсчет"
_SECTION_END = "конецрасчсчет"
_FILE_END = "конецфайла"
_ENDS = {_DOCUMENT_END, "конецдокумент"}   # some banks drop the last letter

# The other side's keys are named by the layout of the exchange file (layouts/onec.toml).
_KEYS = {name: tuple(k.lower().replace("ё", "е") for k in spellings) for name, spellings in named(LAYOUT).keys.items()}
_PAYER = {f: _KEYS[f"payer_{f}"] for f in ("name", "id_number", "account", "code")}
_RECIPIENT = {f: _KEYS[f"recipient_{f}"] for f in ("name", "id_number", "account", "code")}
(_PURPOSE,) = _KEYS["purpose"]   # the one key whose value may run on over the lines after it


def _first(keys: dict[str, str], name: str) -> str | None:
    """The value of the first of a field's keys (as the layout names them) the document gives."""
    return next((keys[k] for k in _KEYS[name] if keys.get(k)), None)

_ENCODINGS = {"windows": "cp1251", "windows-1251": "cp1251", "cp1251": "cp1251", "1251": "cp1251",
              "utf-8": "utf-8", "utf8": "utf-8", "dos": "cp866", "cp866": "cp866"}
_DECLARED = re.compile(r"^\s*кодировка\s*=\s*([a-z0-9-]+)", re.MULTILINE)


def is_exchange_file(head: bytes) -> bool:
    """Whether the first bytes of a file are those of a 1C exchange file (in UTF-16 too, to be
    refused in the words of one)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head[:len(head) // 2 * 2].decode("utf-16", errors="ignore").encode()
    return head.removeprefix(_BOM).lstrip()[:len(MAGIC)].lower() == MAGIC.lower().encode()


def read_exchange(data: bytes, file: str) -> Statement:
    """The statement in a 1C exchange file, or ``InputFileError``."""
    lines = _text(data, file).splitlines()
    if not lines or lines[0].strip().lstrip("\ufeff").lower() != MAGIC.lower():
        first = lines[0].strip()[:60] if lines else ""
        raise InputFileError(_at(file, 1, _("not a 1C exchange file (it starts {first!r}, not {magic!r}); export the "
                                            "statement again from the bank's client as 1C (1CClientBankExchange)").format(
            first=first, magic=MAGIC)), code=F.NOT_A_1C_FILE)
    folded = "\n".join(lines).lower()
    if not any(key in folded for key in (_FILE_END, _DOCUMENT_START, _SECTION_START, "версияформата")):
        raise InputFileError(_at(file, 2, _("none of the 1C keys (ВерсияФормата, СекцияДокумент, КонецФайла) can be "
                                            "read: the text is in another encoding than Windows-1251 or UTF-8; export "
                                            "the statement again with Кодировка=Windows")), code=F.ENCODING_UNKNOWN)
    return _Parser(file).parse(lines)


def _text(data: bytes, file: str) -> str:
    """The file's text: UTF-8 when it has a BOM or is valid UTF-8 (whatever ``Кодировка``
    says; cp1251 Cyrillic is never valid UTF-8), else the declared one-byte encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError(_at(file, 1, _("the text is UTF-16, which no 1C exchange file is; export the statement "
                                            "again as Windows-1251 or UTF-8")), code=F.ENCODING_UNKNOWN)
    if data.startswith(_BOM):
        try:
            text = data[len(_BOM):].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _unreadable(file, data[len(_BOM):], exc.start, _("UTF-8 (it starts with a UTF-8 mark)")) from exc
    else:
        encoding = _declared(data[:4096])
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise _unreadable(file, data, exc.start, _("UTF-8 nor {encoding}").format(encoding=encoding)) from exc
    control = next((i for i, ch in enumerate(text) if ch < " " and ch not in "\t\r\n\x1a\x0c"), None)
    if control is not None:
        line = text.count("\n", 0, control) + 1
        raise InputFileError(_at(file, line, _("the text holds the control character {character}, which no 1C exchange "
                                               "file has (a binary file, or not text at all); export the statement "
                                               "again").format(character=f"{ord(text[control]):#04x}")),
                             code=F.CONTROL_CHARACTER)
    if "\x1a" in text:   # DOS's end-of-file mark
        text = text[:text.index("\x1a")]
    return text


def _declared(head: bytes) -> str:
    """The one-byte encoding ``Кодировка=`` names (read in either alphabet), Windows-1251 if none."""
    for guess in ("cp1251", "utf-8"):
        found = _DECLARED.search(head.decode(guess, errors="replace").lower())
        if found:
            return _ENCODINGS.get(found.group(1), "cp1251")
    return "cp1251"


def _unreadable(file: str, data: bytes, at: int, tried: str) -> InputFileError:
    line = data.count(b"\n", 0, at) + 1
    return InputFileError(_at(file, line, _("the text is neither {tried}; export the statement again with "
                                            "Кодировка=Windows or UTF-8").format(tried=tried)), code=F.ENCODING_UNKNOWN)


def _at(file: str, line: int, what: str) -> str:
    """Where in the exchange file, and what is wrong there (each put into words already)."""
    return _("{file}, line {line}: {what}").format(file=file, line=line, what=what)


class _Parser:
    def __init__(self, file: str):
        self.file = file
        self.header: dict[str, str] = {}
        self.header_lines: dict[str, int] = {}
        self.sections: list[AccountSection] = []
        self.raw_payments: list[tuple[int, list[tuple[str, str, str]]]] = []

    def fail(self, line: int, what: str, code: F = F.ONEC_LINE_INVALID) -> InputFileError:
        return InputFileError(_at(self.file, line, what), code=code)

    def parse(self, lines: list[str]) -> Statement:
        block: list[tuple[str, str, str]] | None = None   # (folded key, key, value) of the open section
        kind, opened = "", 0
        ended = False
        for number, line in enumerate(lines[1:], start=2):
            text = line.strip()
            if not text:
                continue
            key, sep, value = text.partition("=")
            spaced = any(ch.isspace() for ch in key)   # "НДС = 0" in a purpose is no key
            key, value = key.strip(), value.strip()
            folded = key.lower().replace("ё", "е")
            if folded == _DOCUMENT_START:
                if block is not None:
                    raise self._unclosed(kind, opened, number)
                block, kind, opened = [], "document", number
                continue
            if not sep and not spaced:   # a marker line: the start or end of a section
                if folded == _FILE_END:
                    if block is not None:
                        raise self._unclosed(kind, opened, number)
                    ended = True
                    break
                if folded == _SECTION_START:
                    if block is not None:
                        raise self._unclosed(kind, opened, number)
                    block, kind, opened = [], "section", number
                    continue
                if folded == _SECTION_END or folded in _ENDS:
                    expected = "section" if folded == _SECTION_END else "document"
                    if block is None or kind != expected:
                        ends = (_("{key!r} ends a document that was never opened; the file is damaged, export it again")
                                if expected == "document" else
                                _("{key!r} ends a section that was never opened; the file is damaged, export it again"))
                        raise self.fail(number, ends.format(key=key))
                    self._close(kind, opened, block)
                    block = None
                    continue
            if not sep or spaced:
                # A purpose runs on over the following lines, "=" or not.
                if block is not None and block and block[-1][0] == _PURPOSE:
                    block[-1] = (_PURPOSE, block[-1][1], f"{block[-1][2]} {text}".strip())
                    continue
                raise self.fail(number, _("{text!r} is no Key=Value line of a 1C exchange file; the file is damaged or "
                                          "was edited by hand, export it again").format(text=text[:60]))
            if block is not None:
                block.append((folded, key, value))
            else:
                self.header.setdefault(folded, value)
                self.header_lines.setdefault(folded, number)
        if not ended:
            if block is not None:
                raise self._unclosed(kind, opened, len(lines) + 1)
            raise self.fail(len(lines), _("the file ends without КонецФайла: it was cut off (truncated); export or "
                                          "copy the statement again"), F.ONEC_TRUNCATED)
        return self._statement()

    def _unclosed(self, kind: str, opened: int, at: int) -> InputFileError:
        unclosed = (_("the document that starts here has no КонецДокумента before line {at}: the file was cut off or "
                      "damaged; export or copy the statement again") if kind == "document" else
                    _("the account section that starts here has no КонецРасчСчет before line {at}: the file was cut "
                      "off or damaged; export or copy the statement again"))
        return self.fail(opened, unclosed.format(at=at), F.ONEC_TRUNCATED)

    def _close(self, kind: str, opened: int, block: list[tuple[str, str, str]]) -> None:
        if kind == "document":
            self.raw_payments.append((opened, block))
            return
        keys = {folded: value for folded, _key, value in block}
        self.sections.append(AccountSection(
            opened, account_number(keys.get("расчсчет")), self._day(keys, "датаначала", opened),
            self._day(keys, "датаконца", opened), self._money(keys, "начальныйостаток", opened),
            self._money(keys, "всегопоступило", opened), self._money(keys, "всегосписано", opened),
            self._money(keys, "конечныйостаток", opened)))

    def _statement(self) -> Statement:
        account, account_line = self._account()
        payments = [self._payment(line, keys, account) for line, keys in self.raw_payments]
        starts = [s.start for s in self.sections if s.start] + [p.day for p in payments]
        ends = [s.end for s in self.sections if s.end] + [p.day for p in payments]
        start = self._day(self.header, "датаначала", 1) or (min(starts) if starts else None)
        end = self._day(self.header, "датаконца", 1) or (max(ends) if ends else None)
        if start and end and start > end:
            raise self.fail(1, _("the statement's period starts {start}, after it ends {end}; export it again").format(
                start=f"{start:%d.%m.%Y}", end=f"{end:%d.%m.%Y}"))
        return Statement(self.file, account, start, end, self.sections, payments, account_line=account_line)

    def _account(self) -> tuple[str | None, int]:
        """The account the file names, and the line it first does."""
        named = [(self.header_lines.get("расчсчет", 1), self.header.get("расчсчет"))] + [
            (s.line, s.account) for s in self.sections]
        accounts: dict[str, int] = {}
        for line, text in named:
            if text:
                number = account_number(text)
                if number is None:
                    raise self.fail(line, _("the account {text!r} is no Kazakh account number (ИИК: KZ and 18 letters "
                                            "or digits)").format(text=text))
                accounts.setdefault(number, line)
        if len(accounts) > 1:
            shown = ", ".join(_("{account} (line {line})").format(account=a, line=line) for a, line in accounts.items())
            raise self.fail(max(accounts.values()), _("the file holds statements of several accounts ({accounts}); "
                                                      "export the election fund's account alone").format(accounts=shown))
        return next(iter(accounts.items()), (None, 1))

    def _payment(self, line: int, block: list[tuple[str, str, str]], account: str | None) -> Payment:
        keys: dict[str, str] = {}
        for folded, _key, value in block:
            keys.setdefault(folded, value)
        money_in, amount = self._way(keys, line, account)
        day = (self._day(keys, "датапоступило" if money_in else "датасписано", line)
               or self._day(keys, "дата", line))
        if day is None:
            raise self.fail(line, _("the document has no date (Дата=dd.mm.yyyy); export the statement again"))
        side = _PAYER if money_in else _RECIPIENT
        found = {f: next((keys[k] for k in spellings if keys.get(k)), None) for f, spellings in side.items()}
        return Payment(line, day, amount, money_in, _first(keys, "document"), found["name"], found["id_number"],
                       account_number(found["account"]) or found["account"], found["code"],
                       _first(keys, "purpose_code"),
                       keys.get(_PURPOSE) or None, tuple((key, value) for _folded, key, value in block))

    def _way(self, keys: dict[str, str], line: int, account: str | None) -> tuple[bool, Money]:
        """Which way the money went, and how much: by ``СуммаПриход``/``СуммаРасход``, else by
        whose account is the fund's, else by the date it arrived or left."""
        came, went = self._money(keys, "суммаприход", line), self._money(keys, "суммарасход", line)
        if came is not None and came.is_positive and not (went is not None and went.is_positive):
            return True, came
        if went is not None and went.is_positive and not (came is not None and came.is_positive):
            return False, went
        if came is not None and went is not None and came.is_positive and went.is_positive:
            raise self.fail(line, _("the document gives both СуммаПриход={came} and СуммаРасход={went}; a payment goes "
                                    "one way, export the statement again").format(came=came.machine(), went=went.machine()))
        amount = self._money(keys, "сумма", line)
        if amount is None or not amount.is_positive:
            raise self.fail(line, _("the document has no amount above zero (Сумма, СуммаПриход or СуммаРасход)"))
        payer = account_number(next((keys[k] for k in _PAYER["account"] if keys.get(k)), None))
        recipient = account_number(next((keys[k] for k in _RECIPIENT["account"] if keys.get(k)), None))
        if account and recipient == account and payer != account:
            return True, amount
        if account and payer == account and recipient != account:
            return False, amount
        arrived, left = bool(keys.get("датапоступило")), bool(keys.get("датасписано"))
        if arrived != left:
            return arrived, amount
        raise self.fail(line, _("cannot tell whether the money came in or went out: neither СуммаПриход/СуммаРасход, "
                                "nor the fund's account as the payer's or the recipient's, nor ДатаПоступило/ДатаСписано "
                                "says so"))

    def _day(self, keys: dict[str, str], key: str, line: int) -> dt.date | None:
        text = keys.get(key)
        if not text:
            return None
        try:
            return dt.datetime.strptime(text.strip()[:10], "%d.%m.%Y").date()
        except ValueError:
            raise self.fail(line, _("{key}={text!r} is not a date (dd.mm.yyyy)").format(key=key.capitalize(), text=text)) from None

    def _money(self, keys: dict[str, str], key: str, line: int) -> Money | None:
        text = keys.get(key)
        if not text:
            return None
        try:
            return Money.parse(text)
        except AmountError as exc:
            raise self.fail(line, _("{key}: {problem}").format(key=key.capitalize(), problem=in_words(str(exc)))) from None
