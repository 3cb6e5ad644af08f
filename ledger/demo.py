"""The main job in one call: build a book from a folder of sample books, then write the
audit workbook and the disclosure file.

The folder says what to do in ``demo.toml``: the party, the election, the rule profile, and the
steps in order (reference lists first, then own funds, contributions, spending), so the demo
runs the same services a treasurer runs by hand, in the same order.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ledger.books import create_book
from ledger.core.codes import FileProblem as F
from ledger.core.errors import InputFileError
from ledger.db.engine import make_engine, run_write, upgrade
from ledger.i18n import _, chosen_language
from ledger.rules.profiles import load_profile


@dataclass
class DemoResult:
    database: Path
    audit: Path
    disclosure: Path
    book_code: str
    imports: list


def run_demo(books_dir: Path, out_dir: Path, log=print) -> DemoResult:
    from ledger.importers.lists import read_reference_list, store_reference_list
    from ledger.importers.service import import_books
    from ledger.reports.audit import write_audit_workbook
    from ledger.reports.disclosure import write_disclosure

    manifest_path = books_dir / "demo.toml"
    if not manifest_path.is_file():
        raise InputFileError(_("{file}: no demo manifest; point --books at a folder of sample books").format(
            file=manifest_path), code=F.DEMO_MANIFEST_MISSING)
    manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    database = out_dir / "demo.db"
    for leftover in (database, database.with_name("demo.db-wal"), database.with_name("demo.db-shm")):
        leftover.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    profile = load_profile(manifest.get("profile", "kz-2007"))
    book = run_write(engine, lambda conn: create_book(conn, manifest["party"], manifest["election"], profile,
                                                      manifest.get("code")))
    reports = []
    for step in manifest["steps"]:
        if step["action"] == "lists":
            path = books_dir / step["file"]
            rows = read_reference_list(path, step["kind"])
            added = run_write(engine, lambda conn: store_reference_list(conn, book, step["kind"], rows, path.name))
            log(_("list {kind}: {added} from {file}").format(kind=step["kind"], added=added, file=path.name))
        elif step["action"] == "import":
            paths = [books_dir / f for f in step["files"]]
            report = import_books(engine, book=book.code, kind=step["kind"], paths=paths,
                                  all_sheets=step.get("all_sheets", False))
            reports.append(report)
            log(report.as_text())
        else:
            raise InputFileError(_("{file}: unknown step {step!r}").format(file=manifest_path, step=step["action"]),
                                 code=F.DEMO_STEP_UNKNOWN)
    audit_path = out_dir / "audit.xlsx"
    disclosure_path = out_dir / "disclosure.xlsx"
    # --lang chooses the workbooks' language here as for `audit` and `disclosure`
    lang = chosen_language() or manifest.get("lang", "ru")
    write_audit_workbook(engine, book, audit_path, lang=lang)
    write_disclosure(engine, book, disclosure_path, lang=lang)
    engine.dispose()
    return DemoResult(database, audit_path, disclosure_path, book.code, reports)
