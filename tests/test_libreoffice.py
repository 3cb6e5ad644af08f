"""A second spreadsheet program opens the audit workbook: LibreOffice prints it to PDF, and
recalculating it proves every check on the Checks sheet holds.

Skipped only where soffice is missing and this is not CI; in CI (CI=true) a missing soffice
is a failure. Install: ``apt-get install -y libreoffice-calc-nogui``.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from python_calamine import CalamineWorkbook
from test_audit_workbook import build_worked_book

from ledger.db.engine import make_engine, upgrade
from ledger.reports import audit
from ledger.reports.audit import write_audit_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def soffice():
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("soffice not found: CI must run the LibreOffice test (apt-get install -y libreoffice-calc-nogui)")
        pytest.skip("soffice not found (apt-get install -y libreoffice-calc-nogui)")
    return SOFFICE


@pytest.fixture
def workbook(sqlite_url, tmp_path, monkeypatch):
    # A short sheet limit, so the converted file also has continued registers to recompute.
    monkeypatch.setattr(audit, "MAX_SHEET_ROWS", 5)
    engine = make_engine(sqlite_url)
    upgrade(engine)
    book = build_worked_book(engine)
    path = tmp_path / "audit.xlsx"
    write_audit_workbook(engine, book, path)
    engine.dispose()
    return path


def convert(soffice: str, path, fmt: str, outdir) -> subprocess.CompletedProcess:
    # A profile of its own, so parallel or leftover LibreOffice processes cannot lock it.
    profile = f"file://{outdir}/lo_profile"
    return subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(outdir), str(path)],
        capture_output=True, text=True, timeout=300)


def test_libreoffice_prints_the_workbook_to_pdf(soffice, workbook, tmp_path):
    outdir = tmp_path / "pdf"
    done = convert(soffice, workbook, "pdf", outdir)
    assert done.returncode == 0, done.stderr
    pdf = outdir / "audit.pdf"
    assert pdf.is_file(), f"no PDF written: {done.stdout} {done.stderr}"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


def test_libreoffice_recalculates_every_check_to_true(soffice, workbook, tmp_path):
    outdir = tmp_path / "xlsx"
    done = convert(soffice, workbook, "xlsx", outdir)
    assert done.returncode == 0, done.stderr
    rows = CalamineWorkbook.from_path(str(outdir / "audit.xlsx")).get_sheet_by_name("Проверки").to_python()
    assert len(rows) == 17   # 16 checks under the header
    for label, value, expected, holds in rows[1:]:
        assert value == expected and holds is True, label
