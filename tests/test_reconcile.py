"""The donors' register against the bank's statements, as worked examples on SQLite and
PostgreSQL: a register imported beside statements books no money again, each of its rows ends
matched (a pair, perhaps with a difference) or not in the bank, the register's evidence
corrects a receipt by a reversal and a new entry, a statement imported after the register
matches its receipts instead of booking them twice, and `fundledger reconcile` lists what
does not agree."""
from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from onec_samples import (
    ALFA_BIN,
    FOREIGN_BIN,
    HALYK_JULY,
    IVANOV,
    KASPI_AUGUST,
    PARTY,
    PETROVA,
    SUM_ONLY_AUGUST,
    cp1251,
    utf8_bom,
)
from sqlalchemy import select

from ledger.books import create_book, load_book
from ledger.core.money import Money
from ledger.db.engine import run_write
from ledger.db.models import Account, Entry, Finding, SourceRow
from ledger.importers.service import import_books
from ledger.journal.verify import verify_book
from ledger.reports.registers import reconciliation
from ledger.rules.profiles import BUILT_IN

SIDOROV = "900520500008"
T = Money.tenge
HEADER = ["Дата", "Ф.И.О. / Наименование жертвователя", "ИИН/БИН", "Гражданство", "Сумма, тенге",
          "Номер платёжного поручения", "Примечание"]
# The register of July and August 2007, beside the bank's statements of 1-31 July, 1-3 August
# and 4-5 August (tests/onec_samples.py). Each row's line says what the bank shows of it.
REGISTER = [
    # 04.07 the bank credits Иванов 150 000 on 05.07 (document 345): one day apart, no document here
    (dt.date(2007, 7, 4), "Иванов Иван Иванович", IVANOV, "РК", 150_000, None, None),
    # the bank credits ТОО «Альфа» 1 000 000 by document 77 on 10.07: the register dates it 25.07
    (dt.date(2007, 7, 25), "ТОО «Альфа»", ALFA_BIN, None, 1_000_000, "77", None),
    # no statement line shows Сидоров's 300 000
    (dt.date(2007, 7, 20), "Сидоров Сергей", SIDOROV, "РК", 300_000, None, None),
    # the bank credits Петрова 200 000 (КОд 19, clean); the register says she is a Russian citizen
    (dt.date(2007, 8, 1), "Петрова Анна Сергеевна", PETROVA, "Россия", 200_000, None, None),
    # the bank credits 500 000 by document 55 on 03.08; the register says 450 000
    (dt.date(2007, 8, 3), "Foreign Trade LLP", FOREIGN_BIN, None, 450_000, "55", None),
    # 15.08: no statement covers the day, so it is booked as a register's receipt
    (dt.date(2007, 8, 15), "Иванов Иван Иванович", IVANOV, "РК", 50_000, "П-7", "второй взнос"),
]
# ... and the bank's credit of Сидоров Петр's 50 000 (05.08, document 812) has no register row.


@pytest.fixture
def book(engine):
    return run_write(engine, lambda conn: create_book(conn, PARTY, "Мажилис 2007", BUILT_IN["kz-2007"], code="dala"))


@pytest.fixture
def statements(tmp_path):
    files = {"july.txt": cp1251(HALYK_JULY), "aug-1-3.txt": utf8_bom(KASPI_AUGUST),
             "aug-4-5.txt": SUM_ONLY_AUGUST.encode("utf-8")}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return [tmp_path / name for name in files]


def register(path, rows=REGISTER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Взносы"
    ws.append(HEADER)
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def imported(engine, kind, *paths):
    return import_books(engine, book="dala", kind=kind, paths=list(paths))


def balances(engine) -> dict[str, Money]:
    with engine.connect() as conn:
        return {role: Money(-tiyn) for role, tiyn in conn.execute(select(Account.role, Account.balance_tiyn)) if tiyn}


def outcomes(engine, file_rows=None) -> list[tuple[int, str, int | None]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(SourceRow.row_number, SourceRow.outcome, SourceRow.entry_seq)
                                               .where(SourceRow.sheet == "Взносы").order_by(SourceRow.id))]


def lines(engine, book):
    with engine.connect() as conn:
        return [(line.status, line.name, line.register_amount, line.bank_entry, line.bank_amount, line.open)
                for line in reconciliation(conn, book)]


def test_a_register_beside_the_statements_books_no_money_again_and_each_row_has_its_outcome(engine, book, statements,
                                                                                         tmp_path):
    for path in statements:
        imported(engine, "statement", path)
    before = balances(engine)
    assert before["bank"] == T(-4_480_000)                  # the bank's closing balance of 05.08

    report = imported(engine, "contributions", register(tmp_path / "register.xlsx"))

    assert report.as_json()["totals"]["counts"] == {"posted": 1, "split": 0, "held": 0, "rejected": 0, "duplicate": 0,
                                                    "matched": 4, "not_in_bank": 1}
    # Rows 2..7 of the sheet, in ledger order: the bank's entries are 2 (Иванов), 3 (Альфа), 5
    # (Петрова), 7 (Foreign Trade), 9 (Сидоров Петр); Петрова's is reversed by 10 and booked
    # again as 11, and the 15.08 gift is entry 12.
    assert outcomes(engine) == [(2, "matched", 2), (4, "not_in_bank", None), (3, "matched", 3), (5, "matched", 11),
                                (6, "matched", 7), (7, "posted", 12)]
    assert report.findings == {"NOT_IN_BANK": [1, T(300_000)], "BAN_FOREIGN": [1, T(200_000)]}
    # Only the day no statement covers adds money; Петрова's gift moved from the fund to refunds due.
    assert balances(engine) == {**before, "bank": T(-4_530_000), "voluntary_individuals": T(250_000),
                                "refunds_due": T(700_000)}
    with engine.connect() as conn:
        kinds = dict(conn.execute(select(Entry.seq, Entry.kind).where(Entry.seq >= 10)).all())
        assert kinds == {10: "reversal", 11: "contribution", 12: "contribution"}
        assert conn.execute(select(Entry.reverses_seq).where(Entry.seq == 10)).scalar() == 5
        assert verify_book(conn, book).ok

    assert lines(engine, book) == [
        ("MATCHED", "Иванов Иван Иванович", T(150_000), 2, T(150_000), False),
        ("MATCHED", "Петрова Анна Сергеевна", T(200_000), 11, T(200_000), False),
        ("AMOUNT_DIFFERS", "Foreign Trade LLP", T(450_000), 7, T(500_000), True),
        ("DATE_DIFFERS", "ТОО «Альфа»", T(1_000_000), 3, T(1_000_000), True),
        ("NOT_IN_BANK", "Сидоров Сергей", T(300_000), None, None, True),
        ("UNDOCUMENTED", "Сидоров Петр", None, 9, T(50_000), True),
    ]
    reasons = {r.row: r.reason for r in report.rejected + report.duplicates}
    assert reasons == {}
    with engine.connect() as conn:
        said = dict(conn.execute(select(SourceRow.row_number, SourceRow.reason).where(SourceRow.sheet == "Взносы")).all())
        (finding,) = conn.execute(select(Finding).where(Finding.rule == "NOT_IN_BANK")).all()
    assert said[6] == ("AMOUNT_DIFFERS: the register says 450\u00a0000,00\u00a0₸, the bank 500\u00a0000,00\u00a0₸: the "
                       "bank's amount stands, correct the register; no money booked again: the money is entry 7 of the "
                       "bank's statement (aug-1-3.txt, row 59)")
    assert said[5] == ("MATCHED: the register's row and the bank's line agree; no money booked again: the money is "
                       "entry 5 of the bank's statement (aug-1-3.txt, row 36); together the register and the bank say "
                       "BAN_FOREIGN: entry 5 was reversed by entry 10 and booked again as entry 11")
    assert said[4].startswith("NOT_IN_BANK: the register reports 300\u00a0000,00\u00a0₸ on 20.07.2007, but no line")
    assert (finding.entry_seq, finding.amount_tiyn, finding.source_row, finding.status) == (None, 30_000_000, 4, "open")

    again = imported(engine, "contributions", tmp_path / "register.xlsx")
    assert again.total.outcomes["duplicate"] == 6 and again.total.rows == 6
    assert balances(engine)["bank"] == T(-4_530_000)


def test_a_statement_after_the_register_matches_its_receipts_instead_of_booking_them_twice(engine, book, statements,
                                                                                        tmp_path):
    july = [(dt.date(2007, 7, 5), "Иванов Иван Иванович", IVANOV, "РК", 150_000, "345", None),
            (dt.date(2007, 7, 20), "Сидоров Сергей", SIDOROV, "РК", 300_000, None, None)]
    first = imported(engine, "contributions", register(tmp_path / "july.xlsx", july))
    assert first.total.outcomes["posted"] == 2                   # no statement yet: booked as the register says

    report = imported(engine, "statement", statements[0])

    assert report.as_json()["totals"]["counts"] == {"posted": 3, "split": 0, "held": 0, "rejected": 0, "duplicate": 0,
                                                    "matched": 1}
    assert report.findings == {"NOT_IN_BANK": [1, T(300_000)]}
    # Иванов's 150 000 is booked once (entry 1, the register's); Сидоров's receipt (entry 2) is
    # on no line of the statement: the book holds 300 000 more than the bank.
    assert balances(engine)["bank"] == T(-4_450_000)
    with engine.connect() as conn:
        matched = conn.execute(select(SourceRow.entry_seq, SourceRow.reason).where(SourceRow.outcome == "matched")).one()
        (finding,) = conn.execute(select(Finding).where(Finding.rule == "NOT_IN_BANK")).all()
    assert matched.entry_seq == 1
    assert matched.reason == ("MATCHED: the register's row and the bank's line agree; the money is booked already as "
                              "entry 1 of the donors' register (july.xlsx, row 2)")
    assert (finding.entry_seq, finding.status) == (2, "open")
    assert lines(engine, book) == [
        ("MATCHED", "Иванов Иван Иванович", T(150_000), 1, T(150_000), False),
        ("NOT_IN_BANK", "Сидоров Сергей", T(300_000), None, None, True),
        ("UNDOCUMENTED", "ТОО «Альфа»", None, 4, T(1_000_000), True),
    ]

    # The gift was never made: reversing the register's receipt resolves the finding.
    from conftest import at_desk
    at_desk(engine, book, lambda desk: desk.reverse(2, dt.date(2007, 8, 1)))
    assert balances(engine)["bank"] == T(-4_150_000)             # the bank's closing balance
    assert [line[0] for line in lines(engine, book) if line[-1]] == ["UNDOCUMENTED"]
    with engine.connect() as conn:
        assert conn.execute(select(Finding.status).where(Finding.rule == "NOT_IN_BANK")).scalar() == "resolved"
        assert verify_book(conn, book).ok

    again = imported(engine, "statement", statements[0])         # the same statement again books nothing
    assert again.total.outcomes["duplicate"] == 4 and again.total.rows == 4


def test_reconcile_lists_what_does_not_agree_and_exits_by_it(run, engine, book, statements, tmp_path):
    r = run("reconcile")
    assert r.exit_code == 2
    assert r.output.strip() == ("error: book dala has no bank statement to reconcile with; import one with "
                                "`fundledger import statement FILE` [NO_STATEMENTS]")
    imported(engine, "statement", statements[0])
    r = run("reconcile", "--format", "json")
    assert r.exit_code == 1                                        # nothing documents the bank's two gifts
    data = json.loads(r.output)
    assert data["counts"] == {"MATCHED": 0, "AMOUNT_DIFFERS": 0, "DATE_DIFFERS": 0, "NOT_IN_BANK": 0,
                              "UNDOCUMENTED": 2}
    assert [(line["name"], line["bank"]["entry"], line["bank"]["amount"]) for line in data["lines"]] == [
        ("Иванов Иван Иванович", 2, "150000.00"), ("ТОО «Альфа»", 3, "1000000.00")]

    july = [(dt.date(2007, 7, 5), "Иванов Иван Иванович", IVANOV, "РК", 150_000, "345", None),
            (dt.date(2007, 7, 10), "ТОО «Альфа»", ALFA_BIN, None, 1_000_000, "77", None)]
    imported(engine, "contributions", register(tmp_path / "july.xlsx", july))
    r = run("reconcile")
    assert r.exit_code == 0
    assert r.output.splitlines() == ["MATCHED 2, AMOUNT_DIFFERS 0, DATE_DIFFERS 0, NOT_IN_BANK 0, UNDOCUMENTED 0",
                                     "0 open"]
    assert balances(engine)["bank"] == T(-4_150_000)               # the register added no money


def test_the_registers_notes_and_the_banks_sector_code_are_evidence_in_the_ledger(engine, book, tmp_path):
    state_payer = KASPI_AUGUST.replace("КОд=19", "КОд=16")        # Петрова's line, as a state organisation's
    (tmp_path / "aug.txt").write_bytes(utf8_bom(state_payer))
    report = imported(engine, "statement", tmp_path / "aug.txt")
    assert report.findings["BAN_STATE"] == [1, T(200_000)]        # the printer's 300 000 overspends besides
    with engine.connect() as conn:
        evidence = conn.execute(select(Finding.evidence).where(Finding.rule == "BAN_STATE")).scalar()
    assert evidence == "the payer's code 16: sector 6, a state non-financial organisation (the National Bank's sector codes)"
    rows = [(dt.date(2007, 9, 1), "ТОО «Бета»", ALFA_BIN, None, 80_000, None, "доля иностранного участия 30%")]
    report = imported(engine, "contributions", register(tmp_path / "sept.xlsx", rows))
    assert report.findings == {"BAN_FOREIGN": [1, T(80_000)]}
    with engine.connect() as conn:
        evidence = conn.execute(select(Finding.evidence).where(Finding.entry_seq == 4)).scalar()
    assert evidence == ("the notes 'доля иностранного участия 30%' give a foreign share of 30% in the capital: a "
                        "legal entity with foreign participation")


def test_the_audit_workbook_has_a_reconciliation_sheet_of_the_same_lines(engine, book, statements, tmp_path):
    from ledger.reports.audit import write_audit_workbook

    for path in statements:
        imported(engine, "statement", path)
    imported(engine, "contributions", register(tmp_path / "register.xlsx"))
    summary = write_audit_workbook(engine, book, tmp_path / "audit.xlsx", lang="en")
    assert "Reconciliation" in summary.sheets
    ws = openpyxl.load_workbook(tmp_path / "audit.xlsx")["Reconciliation"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows.index(next(r for r in rows if r[0] == "Status"))
    table = [(r[0], r[1], r[7], r[8], r[10], r[11]) for r in rows[header + 1:] if r[0]]
    assert table == [
        ("MATCHED", "Иванов Иван Иванович", 150_000, 2, 150_000, False),
        ("MATCHED", "Петрова Анна Сергеевна", 200_000, 11, 200_000, False),
        ("AMOUNT_DIFFERS", "Foreign Trade LLP", 450_000, 7, 500_000, True),
        ("DATE_DIFFERS", "ТОО «Альфа»", 1_000_000, 3, 1_000_000, True),
        ("NOT_IN_BANK", "Сидоров Сергей", 300_000, None, None, True),
        ("UNDOCUMENTED", "Сидоров Петр", None, 9, 50_000, True),
    ]


def test_a_statement_imported_as_contributions_is_the_banks_own_not_a_register(engine, book, statements):
    imported(engine, "statement", statements[0])
    report = imported(engine, "contributions", statements[0])     # its money in, again: duplicates, not matches
    assert report.total.outcomes["duplicate"] == 2 and report.total.outcomes["matched"] == 0
    assert "MATCHED" not in [line[0] for line in lines(engine, book)]   # nothing was reconciled


def test_money_a_later_statement_shows_pairs_a_row_found_in_no_statement_before(engine, book, statements, tmp_path):
    imported(engine, "statement", statements[0])
    late = [(dt.date(2007, 7, 31), "Петрова Анна Сергеевна", PETROVA, "РК", 200_000, None, None)]
    first = imported(engine, "contributions", register(tmp_path / "late.xlsx", late))
    assert first.total.outcomes["not_in_bank"] == 1               # July's statement does not show it

    august = imported(engine, "statement", statements[1])          # the bank credited it on 01.08

    assert august.total.outcomes["posted"] == 2 and august.total.outcomes["held"] == 1
    with engine.connect() as conn:
        seq = conn.execute(select(Entry.seq).where(Entry.entry_date == dt.date(2007, 8, 1))).scalar()
        finding = conn.execute(select(Finding.status, Finding.resolved_by_seq).where(Finding.rule == "NOT_IN_BANK")).one()
        assert verify_book(conn, book).ok
    assert tuple(finding) == ("resolved", seq)
    assert [line[:4] for line in lines(engine, book)][:1] == [("MATCHED", "Петрова Анна Сергеевна", T(200_000), seq)]
    assert [line[1] for line in lines(engine, book) if line[0] == "UNDOCUMENTED"] == [
        "Иванов Иван Иванович", "ТОО «Альфа»", "Foreign Trade LLP"]


def test_the_banks_code_on_a_line_corrects_the_registers_receipt_it_matches(engine, book, tmp_path):
    rows = [(dt.date(2007, 8, 1), "Петрова Анна Сергеевна", PETROVA, None, 200_000, "9001", None)]
    imported(engine, "contributions", register(tmp_path / "aug.xlsx", rows))     # entry 1, into the fund
    (tmp_path / "aug.txt").write_bytes(utf8_bom(KASPI_AUGUST.replace("КОд=19", "КОд=29")))   # a non-resident

    report = imported(engine, "statement", tmp_path / "aug.txt")

    assert report.total.outcomes["matched"] == 1
    with engine.connect() as conn:
        reason = conn.execute(select(SourceRow.reason).where(SourceRow.outcome == "matched")).scalar()
        reversal = conn.execute(select(Entry.seq).where(Entry.reverses_seq == 1)).scalar()
        again = conn.execute(select(SourceRow.entry_seq).where(SourceRow.outcome == "matched")).scalar()
        rules = conn.execute(select(Finding.rule, Finding.amount_tiyn, Finding.status)
                             .where(Finding.entry_seq == again)).all()
        assert verify_book(conn, book).ok
    assert reason.endswith(f"together the register and the bank say BAN_FOREIGN: entry 1 was reversed by entry "
                           f"{reversal} and booked again as entry {again}")
    assert [tuple(r) for r in rules] == [("BAN_FOREIGN", 20_000_000, "open")]
    assert balances(engine)["refunds_due"] == T(700_000)          # hers and the foreign company's
    assert [line[:4] for line in lines(engine, book)] == [("MATCHED", "Петрова Анна Сергеевна", T(200_000), again),
                                                          ("UNDOCUMENTED", "Foreign Trade LLP", None, 5)]


def _open_findings(engine) -> list[tuple[str, int]]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(Finding.rule, Finding.amount_tiyn)
                                                     .where(Finding.status == "open")))


@pytest.mark.parametrize("order", [
    ("july", "aug", "register"),      # the statements first: the register's row matched as it comes
    ("register", "july", "aug"),      # the register first: July's statement does not show the gift, August's does
    ("july", "register", "aug"),      # between: NOT_IN_BANK, then paired late by August's line
])
def test_every_order_of_register_and_statements_gives_the_same_book(engine, book, statements, tmp_path, order):
    """Петрова's gift of 200 000: the register dates it 31.07 and says she is a Russian citizen;
    the bank credited it on 01.08 (КОд 19, nothing foreign said). Whatever came first, the book
    ends the same: the money booked once, in refunds due (BAN_FOREIGN), no NOT_IN_BANK open."""
    late = [(dt.date(2007, 7, 31), "Петрова Анна Сергеевна", PETROVA, "Россия", 200_000, None, None)]
    files = {"july": statements[0], "aug": statements[1], "register": register(tmp_path / "late.xlsx", late)}
    for name in order:
        imported(engine, "contributions" if name == "register" else "statement", files[name])
    assert balances(engine) == {"bank": T(-4_550_000), "own_funds": T(5_000_000), "voluntary_individuals": T(150_000),
                                "voluntary_organisations": T(1_000_000), "refunds_due": T(700_000),
                                "media_tv": T(-2_000_000), "printed": T(-300_000)}
    assert _open_findings(engine) == [("BAN_FOREIGN", 20_000_000), ("BAN_FOREIGN", 50_000_000)]   # hers, Foreign Trade's
    with engine.connect() as conn:
        assert verify_book(conn, book).ok
    assert [(status, name, ours, theirs, still) for status, name, ours, _, theirs, still in lines(engine, book)] == [
        ("MATCHED", "Петрова Анна Сергеевна", T(200_000), T(200_000), False),
        ("UNDOCUMENTED", "Иванов Иван Иванович", None, T(150_000), True),
        ("UNDOCUMENTED", "ТОО «Альфа»", None, T(1_000_000), True),
        ("UNDOCUMENTED", "Foreign Trade LLP", None, T(500_000), True)]


def _kept_notes(engine) -> list[tuple[int, str, str, int]]:
    from ledger.db.models import ReceiptNotes
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(ReceiptNotes.entry_seq, ReceiptNotes.notes,
                                                      ReceiptNotes.source_file, ReceiptNotes.source_row)
                                               .order_by(ReceiptNotes.id))]


def test_a_registers_notes_are_kept_with_the_receipt_and_shown_with_its_findings(engine, book, statements, tmp_path):
    from ledger.reports.audit import write_audit_workbook
    from ledger.reports.findings import findings

    for path in statements:
        imported(engine, "statement", path)
    rows = [(dt.date(2007, 8, 3), "Foreign Trade LLP", FOREIGN_BIN, None, 450_000, "55", "договор дарения № 5"),
            (dt.date(2007, 8, 15), "Иванов Иван Иванович", IVANOV, "РК", 50_000, "П-7", "второй взнос")]
    path = register(tmp_path / "register.xlsx", rows)
    imported(engine, "contributions", path)
    # The bank's entry 7 keeps the matched row's notes; the 15.08 gift, booked from the register, its own.
    assert _kept_notes(engine) == [(7, "договор дарения № 5", "register.xlsx", 2),
                                   (10, "второй взнос", "register.xlsx", 3)]
    with engine.connect() as conn:
        (banned,) = [f for f in findings(conn, book) if f.rule == "BAN_FOREIGN"]
    assert (banned.entry_seq, banned.notes, banned.as_json()["notes"]) == (7, "договор дарения № 5",
                                                                          "договор дарения № 5")
    write_audit_workbook(engine, book, tmp_path / "audit.xlsx", lang="en")
    sheet = [[c.value for c in row] for row in openpyxl.load_workbook(tmp_path / "audit.xlsx")["Findings"].iter_rows()]
    notes_at = sheet[0].index("Notes on the donor")
    assert [(r[0], r[notes_at]) for r in sheet[1:] if r[0] == "BAN_FOREIGN"] == [("BAN_FOREIGN", "договор дарения № 5")]

    # A book imported before imports again as duplicates: the entries' content is unchanged, and
    # no notes are kept twice.
    again = imported(engine, "contributions", path)
    assert again.total.outcomes["duplicate"] == 2 and again.total.rows == 2
    assert len(_kept_notes(engine)) == 2
    with engine.connect() as conn:
        assert verify_book(conn, book).ok


def test_a_registers_notes_follow_its_receipt_when_the_bank_corrects_it(engine, book, tmp_path):
    rows = [(dt.date(2007, 8, 1), "Петрова Анна Сергеевна", PETROVA, None, 200_000, "9001", "по просьбе супруга")]
    imported(engine, "contributions", register(tmp_path / "aug.xlsx", rows))     # entry 1, its notes kept
    (tmp_path / "aug.txt").write_bytes(utf8_bom(KASPI_AUGUST.replace("КОд=19", "КОд=29")))   # a non-resident
    imported(engine, "statement", tmp_path / "aug.txt")
    with engine.connect() as conn:
        again = conn.execute(select(SourceRow.entry_seq).where(SourceRow.outcome == "matched")).scalar()
    # entry 1 reversed, the money booked again: the notes go with it
    assert [(seq, notes) for seq, notes, _, _ in _kept_notes(engine)] == [(1, "по просьбе супруга"),
                                                                         (again, "по просьбе супруга")]


@pytest.mark.parametrize(("lang", "not_in_bank", "amount_differs", "stored"), [
    ("en", "no line of the bank's statements shows the register's 300,000.00 KZT of 20.07.2007",   # as evidence does
     "the register says 450,000.00 KZT, the bank 500,000.00 KZT: the bank's amount stands, correct the register",
     "no money booked again: the money is entry 7 of the bank's statement (aug-1-3.txt, row 59)"),
    ("ru", "ни одна строка банковских выписок не показывает 300\u00a0000,00\u00a0₸ от 20.07.2007 по реестру",
     "в реестре 450\u00a0000,00\u00a0₸, в банке 500\u00a0000,00\u00a0₸: верна сумма банка, исправьте реестр",
     "деньги повторно не проведены: они в записи 7 банковской выписки (aug-1-3.txt, строка 59)"),
    ("kk", "банк үзінділерінің бірде-бір жолында тізілім бойынша 20.07.2007 күнгі 300\u00a0000,00\u00a0₸ жоқ",
     "тізілімде 450\u00a0000,00\u00a0₸, банкте 500\u00a0000,00\u00a0₸: банктің сомасы дұрыс, тізілімді түзетіңіз",
     "ақша қайта өткізілмеді: ол банк үзіндісінің 7-жазбасында (aug-1-3.txt, 59-жол)"),
])
def test_the_reconciliations_reasons_are_in_the_readers_language(run, engine, book, statements, tmp_path, lang,
                                                                  not_in_bank, amount_differs, stored):
    from ledger.i18n import speaking
    from ledger.reports.audit import write_audit_workbook
    from ledger.rules.wording import in_words

    for path in statements:
        imported(engine, "statement", path)
    imported(engine, "contributions", register(tmp_path / "register.xlsx"))

    r = run("--lang", lang, "reconcile")
    assert r.exit_code == 1
    shown = " ".join(r.output.split())                     # the table pads its columns
    assert " ".join(not_in_bank.split()) in shown and " ".join(amount_differs.split()) in shown

    data = json.loads(run("--lang", lang, "reconcile", "--format", "json").output)
    reason = next(line["reason"] for line in data["lines"] if line["status"] == "AMOUNT_DIFFERS")
    assert reason == {"code": "AMOUNT_DIFFERS", "params": {"amount": "450000.00", "bank_amount": "500000.00"},
                      "text": "the register says 450\u00a0000,00\u00a0₸, the bank 500\u00a0000,00\u00a0₸: the bank's "
                              "amount stands, correct the register"}   # machines read the code, in English

    write_audit_workbook(engine, book, tmp_path / "audit.xlsx", lang=lang)
    wb = openpyxl.load_workbook(tmp_path / "audit.xlsx")
    title = {"en": "Reconciliation", "ru": "Сверка с банком", "kk": "Банкпен салыстыру"}[lang]
    sheet = [[c.value for c in row] for row in wb[title].iter_rows()]
    header = next(i for i, row in enumerate(sheet) if row[0] in ("Status", "Статус", "Күйі"))
    reasons = {row[0]: " ".join(row[12].split()) for row in sheet[header + 1:] if row[0]}
    assert (reasons["NOT_IN_BANK"], reasons["AMOUNT_DIFFERS"]) == (" ".join(not_in_bank.split()),
                                                                   " ".join(amount_differs.split()))

    with engine.connect() as conn:
        said = conn.execute(select(SourceRow.reason).where(SourceRow.sheet == "Взносы", SourceRow.row_number == 6)).scalar()
    with speaking(lang):
        assert " ".join(in_words(said).split()) == " ".join(f"AMOUNT_DIFFERS: {amount_differs}; {stored}".split())


def _reconciled_book(tmp_path, name: str, statements: list, register_path, chunk: int, monkeypatch,
                     register_first: bool = False) -> dict:
    """Every table (ids included) of a fresh SQLite book after the statements and then the
    register (or the register first), the second import posted ``chunk`` rows at a time, and
    its report."""
    from sqlalchemy import text

    from ledger.db.engine import make_engine, upgrade
    from ledger.importers import service as import_service
    from ledger.journal import engine as journal_engine

    engine = make_engine(f"sqlite:///{tmp_path / name}")
    upgrade(engine)
    run_write(engine, lambda conn: create_book(conn, PARTY, "Мажилис 2007", BUILT_IN["kz-2007"], code="dala"))
    stamp = "2007-09-01T10:00:00.000000Z"
    with monkeypatch.context() as m:
        m.setattr(journal_engine, "now_stamp", lambda: stamp)
        m.setattr(import_service, "now_stamp", lambda: stamp)
        if register_first:
            imported(engine, "contributions", register_path)
        else:
            for path in statements:
                imported(engine, "statement", path)
        m.setattr(import_service, "POST_CHUNK", chunk)
        report = (imported(engine, "statement", *statements) if register_first
                  else imported(engine, "contributions", register_path)).as_json()
    report.pop("elapsed_seconds"), report.pop("rows_per_second")
    with engine.connect() as conn:
        tables = {t: conn.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2")).all()
                  for t in ("entries", "postings", "findings", "donors", "source_rows", "accounts", "receipt_notes")}
        tables["verified"] = verify_book(conn, load_book(conn, "dala")).ok
    engine.dispose()
    return {"report": report, **tables}


@pytest.mark.parametrize("register_first", [False, True], ids=["statements first", "register first"])
@pytest.mark.parametrize("chunk", [1, 2, 3, 5])
def test_a_register_reconciled_in_small_chunks_books_what_one_chunk_books(tmp_path, statements, chunk, register_first,
                                                                          monkeypatch):
    """The register beside the statements takes rows the bank shows (matched), books the day no
    statement covers and records NOT_IN_BANK for the rest, creating donors for some of them on
    the way (one at a time, for a finding) and for the rest in bulk; statements after the
    register take the lines it booked. ТОО «Альфа»'s payment order 77 is dated 25.07 in the
    register and credited on 10.07: a pair by its document, found whatever rows share its
    chunk. However the chunks fall, every table, ids included, and the report are those of one
    chunk."""
    path = register(tmp_path / "register.xlsx")
    whole = _reconciled_book(tmp_path, "whole.db", statements, path, 10_000, monkeypatch, register_first)
    chunked = _reconciled_book(tmp_path, f"chunk{chunk}.db", statements, path, chunk, monkeypatch, register_first)
    assert whole["verified"] and whole["source_rows"]
    for name in whole:
        assert chunked[name] == whole[name], name
    if not register_first:
        assert whole["report"]["totals"]["counts"]["not_in_bank"] == 1   # Сидоров alone: Альфа pairs by document


@pytest.mark.parametrize("chunk", [1, 2])
def test_the_first_row_of_a_donor_names_them_whichever_rows_the_bank_shows(tmp_path, statements, chunk, monkeypatch):
    """Сидоров gives on 30.06 (no statement covers the day: booked as the register says) and on
    20.07 (covered, and the bank shows no such payment: NOT_IN_BANK), spelt two ways. The first
    row names him, in one chunk as in chunks of one or two rows, and every donor has the same
    id. (The entries are not compared: a chunk's reconciliation books its corrections, here
    Петрова's reversal and new entry, before the chunk's other rows, so their numbers follow
    where the chunks fall.)"""
    rows = [(dt.date(2007, 6, 30), "Сидоров С.", SIDOROV, "РК", 100_000, None, None), *REGISTER]
    path = register(tmp_path / "register.xlsx", rows)
    whole = _reconciled_book(tmp_path, "whole.db", statements, path, 10_000, monkeypatch)
    chunked = _reconciled_book(tmp_path, f"chunk{chunk}.db", statements, path, chunk, monkeypatch)
    names = {key: name for _id, key, _number, name, _kind in whole["donors"]}
    assert names[f"ID:{SIDOROV}"] == "Сидоров С."
    assert chunked["donors"] == whole["donors"]
    assert chunked["verified"] and whole["verified"]
