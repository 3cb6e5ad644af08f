"""Database access: models, engines and the guards that keep the journal honest."""
