"""The store: SQLite by default (one file, WAL), so a new user needs no server."""

from recoupe.store.sqlite import Store, migrations

__all__ = ["Store", "migrations"]
