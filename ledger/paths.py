"""Where the project's own folders are: migrations, templates and sample books live beside
the package in the source tree (installed with ``pip install -e .``)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("FUNDLEDGER_HOME", Path(__file__).resolve().parents[1]))
MIGRATIONS = ROOT / "migrations"
TEMPLATES = ROOT / "templates"
SAMPLE_BOOKS = ROOT / "sample_books"
