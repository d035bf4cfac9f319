"""Score distributions drawn on the server as inline SVG (no JavaScript, no chart library).
Colours and fonts come from static/css/results.css (the CSP allows no inline style)."""

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 40, 24, 10


def _label(value):
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def distribution_svg(chart_id, title, distribution, *, range_labels=False):
    """A bar chart of [(score, count)], titled for screen readers; the figures themselves are in
    the data table the page puts under each chart. The bars are one path (a bar: "M x y v h h
    w v -h z"), so the fourteen charts of the statistics page stay small (issue 18: the page is
    kept in the page cache and served warm on results day)."""
    counts = [c for _, c in distribution]
    top = max(counts) if counts and max(counts) else 1
    n = len(distribution)
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    bar_w = plot_w / n
    base = TOP + plot_h
    width = f"{max(bar_w - 1, 1):.1f}"
    bars = []
    for i, (_, count) in enumerate(distribution):
        h = plot_h * count / top
        if h > 0:
            bars.append(f"M{LEFT + i * bar_w + 0.5:.1f} {base}v-{h:.1f}h{width}v{h:.1f}z")
    ticks = []
    for i, (score, _) in enumerate(distribution):
        if range_labels and i % 5 == 0 or not range_labels and score == int(score):
            ticks.append((f"{LEFT + i * bar_w + bar_w / 2:.1f}", HEIGHT - 8, _label(score)))
    tick_text = format_html('<g class="results-chart__tick" text-anchor="middle">{}</g>',
                            format_html_join("", '<text x="{}" y="{}">{}</text>', ticks))
    axis = format_html(
        '<line class="results-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text class="results-chart__tick" x="{}" y="{}" text-anchor="end">{}</text>'
        '<text class="results-chart__tick" x="{}" y="{}" text-anchor="end">0</text>',
        LEFT, base, WIDTH - 8, base, LEFT - 4, TOP + 8, top, LEFT - 4, base)
    return format_html(
        '<svg class="results-chart" id="{}" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title" preserveAspectRatio="xMidYMid meet" focusable="false">'
        '<title id="{}-title">{}</title><path class="results-chart__bar" d="{}"></path>{}{}</svg>',
        chart_id, WIDTH, HEIGHT, chart_id, chart_id, title, "".join(bars), axis, tick_text)
