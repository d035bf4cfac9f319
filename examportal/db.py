"""Small database helpers shared by the apps."""

import logging
import time
from contextlib import contextmanager

from django.db import InterfaceError, OperationalError, connections, transaction
from django.db.models import Expression

logger = logging.getLogger("examportal.db")

# How long retry_on_lost_connection waits, at most, for the database to accept a connection
# again (a PostgreSQL fast restart takes 1–3 s), and its first pause between tries.
RECONNECT_WAIT_SECONDS = 5.0
RECONNECT_FIRST_PAUSE = 0.1


class StoredColumn(Expression):
    """A column the database maintains itself (a generated search vector) and Django does not
    model. It compiles against the table alias of the query it is in, so it works inside
    subqueries too (where RawSQL naming the table would point at the outer query)."""

    def __init__(self, column, output_field):
        super().__init__(output_field=output_field)
        self.column = column

    def __repr__(self):
        return f"{self.__class__.__name__}({self.column!r})"

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}", []


@contextmanager
def planned_for_their_values(using="default"):
    """Plan the statements inside for their own parameters.

    The portal's connections prepare statements, and PostgreSQL then settles on one generic
    plan per statement. That suits pages whose queries cost the same whatever the values; a
    search does not: its best plan depends on how common its words are (GIN index for rare
    ones, newest-first walk for common ones). A no-op on other databases.
    """
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET plan_cache_mode = force_custom_plan")
    try:
        yield
    finally:
        # A transaction that failed inside is rolled back, and the SET with it.
        if not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("RESET plan_cache_mode")


def _connection_lost(connection):
    """True when the connection is gone. Asked inside the failed block, before Django rolls
    back (and, leaving the outermost block, quietly opens a fresh connection); PostgreSQL's
    driver knows a dead connection without a query (a query would also fail in a transaction
    that is merely aborted)."""
    raw = connection.connection
    if raw is None:
        return True
    if connection.vendor == "postgresql":
        return bool(raw.closed)
    try:
        return not connection.is_usable()
    except Exception:
        return True


def _wait_for_database(connection, deadline):
    """Close the dead connection and wait (bounded, with backoff) until a fresh one works."""
    pause = RECONNECT_FIRST_PAUSE
    while True:
        connection.close()
        try:
            connection.ensure_connection()
            if connection.is_usable():
                return True
        except (OperationalError, InterfaceError):
            pass
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        time.sleep(min(pause, remaining))
        pause = min(pause * 2, 1.0)


def retry_on_lost_connection(fn, *args, using="default", **kwargs):
    """Run ``fn(*args, **kwargs)`` in ``transaction.atomic()``; if the database connection dies
    before the commit, run it once more on a fresh connection, in the same request.

    Only an OperationalError or InterfaceError raised before the commit (opening the
    transaction, or inside the block) with the connection found dead is retried: nothing was
    committed then (the server rolls back what a dead connection left), so running the write
    again cannot file it twice. An error raised by the commit itself is never retried (the commit
    may have happened). The helper waits for the server to accept a connection again (a restart
    takes a few seconds) at most ``RECONNECT_WAIT_SECONDS``, then tries once more whatever it
    found; a second failure is raised. Writes that a person may send twice still carry their own
    single-use key (the public forms' nonce, a unique constraint), written in the same
    transaction.

    Inside an outer transaction there is nothing to retry with (the outer work died with the
    connection): ``fn`` then runs once, in a savepoint.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        with transaction.atomic(using=using):
            return fn(*args, **kwargs)
    body_done = lost = False
    try:
        with transaction.atomic(using=using):
            try:
                result = fn(*args, **kwargs)
            except (OperationalError, InterfaceError):
                lost = _connection_lost(connection)
                raise
            body_done = True
        return result
    except (OperationalError, InterfaceError) as exc:
        # Not started (no connection could be opened), or died inside the block: nothing was
        # committed. A failure of the commit itself (body_done) may have committed: never retried.
        if body_done or not (lost or _connection_lost(connection)):
            raise
        logger.warning("Database connection lost before commit (%s: %s); retrying once on a "
                       "fresh connection", type(exc).__name__, exc)
    started = time.monotonic()
    _wait_for_database(connection, started + RECONNECT_WAIT_SECONDS)
    with transaction.atomic(using=using):
        return fn(*args, **kwargs)
