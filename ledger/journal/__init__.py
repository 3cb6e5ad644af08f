"""The journal: chart of accounts, posting engine, hash chain and verification."""
