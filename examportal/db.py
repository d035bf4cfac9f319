"""Small database helpers shared by the apps."""

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
