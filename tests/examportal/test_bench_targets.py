"""The benchmark's pass/fail rules (bench/targets.py); the benchmark itself is `make bench`."""

from bench.targets import evaluate, uncached_article_check


def rounds(*ratios):
    return [{"floor": 1000.0, "page": 1000.0 * r, "ratio": r} for r in ratios]


def test_uncached_article_takes_the_median_of_back_to_back_rounds():
    passed, measured = uncached_article_check(0.096, rounds(0.113, 0.132, 0.118))
    assert passed
    assert measured.startswith("11.8% (median of 3 back-to-back rounds: 11.3%, 13.2%, 11.8%")
    assert "table window 9.6%" in measured
    assert not uncached_article_check(0.15, rounds(0.09, 0.095, 0.2))[0]
    assert uncached_article_check(0.1, rounds(0.09, 0.11))[1].startswith("10.0%")


def test_without_rounds_the_table_window_decides():
    assert uncached_article_check(0.101, [])[0]
    assert not uncached_article_check(0.099, [])[0]


def _row(name, rps, mode, **extra):
    return {"name": name, "path": "/" + name, "rps": rps, "mode": mode, "errors": 0,
            "connections": 16, "p50_us": 1, "p95_us": 1, "p99_us": 1, **extra}


def test_evaluate_reports_the_paired_article_check():
    floor = "Framework floor (minimal view, full middleware)"
    results = {"cold": [_row(floor, 1000, "cold"), _row("Article", 90, "cold")],
               "warm": [_row(floor, 1000, "warm"), _row("Article", 900, "warm")]}
    soak = {"errors": 0, "requests": 10}
    weight = {"bytes": 1000, "eager_below_fold": [], "images": 0}
    summary = evaluate(results, {}, weight, soak, soak, rounds(0.12, 0.11, 0.13))
    check = next(c for c in summary["checks"] if c["target"].startswith("uncached article"))
    assert check["passed"] and check["measured"].startswith("12.0%")
    assert summary["all_passed"]
    assert not evaluate(results, {}, weight, soak, soak)["all_passed"]  # 9% in the table alone
