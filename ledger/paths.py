"""Where the project's own folders are: the Alembic scripts, the import templates and the
sample books.

In the source tree (and an editable install) they sit beside the package, at the top of the
project; an installed wheel carries them inside the package (see setup.py). ``FUNDLEDGER_HOME``
points at another copy of all three.
"""
from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _folder(name: str) -> Path:
    home = os.environ.get("FUNDLEDGER_HOME")
    if home:
        return Path(home) / name
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


MIGRATIONS = _folder("migrations")
TEMPLATES = _folder("templates")
SAMPLE_BOOKS = _folder("sample_books")
