"""Packaging: everything the program needs ships inside the ``ledger`` package.

The Alembic scripts (``migrations/``), the import templates (``templates/``) and the sample
books ``fundledger demo`` runs on (``sample_books/``) stay at the top of the source tree,
where the project's layout documents them, and are installed as ``ledger/migrations``,
``ledger/templates`` and ``ledger/sample_books``; ``ledger.paths`` finds them either way.
The rest of the metadata is in pyproject.toml.
"""
from setuptools import find_packages, setup

CARRIED = {
    "ledger.migrations": "migrations",
    "ledger.migrations.versions": "migrations/versions",
    "ledger.templates": "templates",
    "ledger.sample_books": "sample_books",
}
DATA = ["*.toml", "*.mako", "*.xlsx", "*.csv", "*.json", "*.md", "*.txt"]

setup(
    packages=find_packages(include=["ledger", "ledger.*"]) + list(CARRIED),
    package_dir={"ledger": "ledger", **CARRIED},
    package_data={
        "": DATA,
        "ledger": ["locale/*/LC_MESSAGES/*.mo", "locale/*/LC_MESSAGES/*.po", "locale/*.pot", "web/static/**/*",
                   "web/templates/**/*"],
        "ledger.rules": ["law/*.toml", "markers/*.toml"],
    },
)
