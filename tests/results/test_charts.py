"""The score distribution charts (results.charts): one path of bars, one bar per non-empty
score, heights in proportion to the counts, a title for screen readers, and small."""

import re
from decimal import Decimal

from results.charts import HEIGHT, distribution_svg


def bars(svg):
    path = re.search(r'<path class="results-chart__bar" d="([^"]*)"', svg)[1]
    return [(float(x), float(h)) for x, h in re.findall(r"M([\d.]+) [\d.]+v-([\d.]+)", path)]


def test_one_bar_per_non_empty_score_in_proportion():
    distribution = [(Decimal(n) / 4, count) for n, count in enumerate([0, 10, 5, 0, 20] + [0] * 36)]
    svg = distribution_svg("pho-diem-toan", "Phổ điểm môn <Toán>", distribution)
    drawn = bars(svg)
    assert len(drawn) == 3
    heights = [h for _, h in drawn]
    assert heights[2] == max(heights) and abs(heights[0] - heights[2] / 2) < 0.2
    assert abs(heights[1] - heights[2] / 4) < 0.2
    assert [x for x, _ in drawn] == sorted(x for x, _ in drawn)
    assert all(h <= HEIGHT for h in heights)
    assert '<title id="pho-diem-toan-title">Phổ điểm môn &lt;Toán&gt;</title>' in svg
    assert 'role="img" aria-labelledby="pho-diem-toan-title"' in svg
    assert ">20</text>" in svg  # the top of the scale
    assert len(svg) < 3000


def test_nobody_no_bars():
    svg = distribution_svg("x", "Trống", [(Decimal(n), 0) for n in range(11)])
    assert bars(svg) == []
