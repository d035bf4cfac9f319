"""Article search: PostgreSQL full-text over stored unaccented text, SQLite a LIKE fallback."""
