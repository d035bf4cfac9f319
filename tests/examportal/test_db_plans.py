import pytest
from django.db import connection

from examportal.db import planned_for_their_values

pytestmark = pytest.mark.django_db


def plan_cache_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


def test_statements_inside_are_planned_for_their_values(postgres_only):
    assert plan_cache_mode() == "auto"
    with planned_for_their_values():
        assert plan_cache_mode() == "force_custom_plan"
    assert plan_cache_mode() == "auto"


def test_prepared_statements_are_on(postgres_only):
    assert connection.connection.prepare_threshold == 2


def test_a_no_op_elsewhere():
    with planned_for_their_values():
        assert connection.vendor == "sqlite" or plan_cache_mode() == "force_custom_plan"


def test_an_error_inside_leaves_the_connection_as_it_was(postgres_only):
    from django.db import DatabaseError, transaction

    with (pytest.raises(DatabaseError), transaction.atomic(), planned_for_their_values(),
          connection.cursor() as cursor):
        cursor.execute("SELECT 1/0")
    assert plan_cache_mode() == "auto"
