"""The law as data and functions: rule profiles, donor classification, receipt verdicts.
Pure: nothing here touches a database or a file (except reading a profile's TOML)."""
