"""Losing the database connection in the middle of a transaction, as a database restart does.

``lose_connection()`` is called from inside a write (after some of its rows are written):

* PostgreSQL: the client side of the connection is closed under Django's feet, so the next
  statement fails with OperationalError and the server rolls back what was written.
* SQLite has no server to lose (and the in-memory test database cannot be closed): the statement
  fails with OperationalError and the connection says once that it is unusable, which is what
  Django sees of a dead PostgreSQL connection.

``terminate_backend()`` is the real thing on PostgreSQL: a second connection ends this one's
server process with ``pg_terminate_backend``.
"""

import psycopg
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections


class Faults:
    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.lost = 0

    def lose_connection(self):
        self.lost += 1
        if connection.vendor == "postgresql":
            connection.connection.close()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            raise AssertionError("the statement should have failed")
        wrapper_class = type(connections[DEFAULT_DB_ALIAS])
        original = wrapper_class.is_usable
        calls = []

        def is_usable(self):
            calls.append(1)
            return len(calls) > 1 and original(self)

        self.monkeypatch.setattr(wrapper_class, "is_usable", is_usable)
        raise OperationalError("server closed the connection unexpectedly (simulated)")

    def refuse_connections(self):
        """From now on no new connection can be made (the server stays down)."""

        def refused(self):
            raise OperationalError("connection refused (simulated)")

        self.monkeypatch.setattr(type(connections[DEFAULT_DB_ALIAS]), "ensure_connection", refused)

    def terminate_backend(self):
        """End this connection's server process from a second connection, mid-transaction."""
        self.lost += 1
        pid = connection.connection.info.backend_pid
        settings = connection.settings_dict
        with psycopg.connect(dbname=settings["NAME"], user=settings["USER"] or None,
                             password=settings["PASSWORD"] or None,
                             host=settings["HOST"] or None, port=settings["PORT"] or None,
                             autocommit=True) as other:
            assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
            for _ in range(100):
                gone = other.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s",
                                     [pid]).fetchone()[0] == 0
                if gone:
                    break
                other.execute("SELECT pg_sleep(0.02)")

    def once(self, module, name, fault):
        """Make ``module.name`` run ``fault`` before its first call (then behave normally)."""
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            if not self.lost:
                fault()
            return original(*args, **kwargs)

        self.monkeypatch.setattr(module, name, wrapper)
