"""The central hall server: queue engine, ratings, catalog and tokens, on SQLite or PostgreSQL."""
