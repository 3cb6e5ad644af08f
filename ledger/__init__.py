"""fundledger: a double-entry ledger and audit tool for the election funds of political
parties in Kazakhstan."""

__version__ = "0.1.0"
