"""The statistics by aggregate queries (PostgreSQL) are the statistics computed from the rows in
Python: the same dict, value for value, on generated data with every kind of cell."""

import random
from decimal import Decimal

import pytest

from results import demo, services, statistics
from results.subjects import SUBJECT_KEYS, derived

pytestmark = pytest.mark.django_db


def varied_rows(count, seed):
    """demo rows with graduation outcomes, rows without district or school, top and bottom
    scores and a few schools of one or two candidates (odd and even medians)."""
    rng = random.Random(seed)  # noqa: S311 (test data)
    rows = demo.generate(count, seed=seed)
    for index, row in enumerate(rows):
        if rng.random() < 0.6:
            row["graduation"] = demo.graduation_of(row)
        if rng.random() < 0.05:
            row["district_code"] = ""
        if rng.random() < 0.05:
            row["school_code"] = ""
        if index % 97 == 0:
            row["school_code"] = f"X{index % 3}"
        if index % 50 == 0 and row["toan"] is not None:
            row["toan"] = Decimal("10.00") if index % 100 else Decimal("0.00")
            row.update(derived({k: row[k] for k in SUBJECT_KEYS}, row["language_code"]))
    return rows


def both(version):
    return statistics.compute_in_database(version.pk), statistics.compute_in_python(version.pk)


@pytest.mark.parametrize("count,seed", [(3000, 1), (2001, 2)])
def test_database_figures_are_the_python_figures(year, officer, postgres_only, count, seed):
    version = services.import_rows(user=officer, exam_year=year, rows=varied_rows(count, seed))
    in_database, in_python = both(version)
    assert in_database == in_python
    assert repr(in_database) == repr(in_python)  # Decimal places too
    assert in_database["candidates"] == count and in_database["graduation"]["decided"] > 0
    assert any(not a["code"].isdigit() for a in in_database["schools"])


def test_tiny_and_empty_versions(year, officer, postgres_only):
    rows = varied_rows(2, 3)
    for size in (0, 1, 2):
        version = services.import_rows(user=officer, exam_year=year, rows=rows[:size])
        in_database, in_python = both(version)
        assert in_database == in_python and repr(in_database) == repr(in_python)


def test_compute_picks_the_database_on_postgresql(year, officer, postgres_only, monkeypatch):
    version = services.import_rows(user=officer, exam_year=year, rows=varied_rows(50, 4))
    monkeypatch.setattr(statistics, "compute_in_python", None)
    assert statistics.statistics_for(version.pk)["candidates"] == 50


def test_describe_counts_is_describe():
    rng = random.Random(5)  # noqa: S311 (test data)
    for size in (0, 1, 2, 3, 10, 101):
        values = [Decimal(rng.randint(0, 40)) / 4 for _ in range(size)]
        counts = {}
        for value in values:
            counts[value] = counts.get(value, 0) + 1
        assert statistics.describe_counts(counts) == statistics.describe(values)
