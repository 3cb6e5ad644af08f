"""The pure core of fundledger: money, IIN/BIN, the shared types, the codes and the canonical
form the hash chain is built on. Nothing here touches a database, a file or the command line,
so every layer above (rules, db, journal, importers, reports, cli) can use it."""
