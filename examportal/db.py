"""Small database helpers shared by the apps."""

from contextlib import contextmanager

from django.db import connections
from django.db.models import Expression


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
