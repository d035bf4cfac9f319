"""Score distributions drawn on the server as inline SVG (no JavaScript, no chart library).
Colours and fonts come from static/css/results.css (the CSP allows no inline style)."""

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 40, 24, 10


def _label(value):
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def distribution_svg(chart_id, title, distribution, *, range_labels=False):
    """A bar chart of [(score, count)] with a <title> per bar and a described summary."""
    counts = [c for _, c in distribution]
    top = max(counts) if counts and max(counts) else 1
    n = len(distribution)
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    bar_w = plot_w / n
    bars = []
    for i, (score, count) in enumerate(distribution):
        h = plot_h * count / top
        x = LEFT + i * bar_w
        name = (f"{int(score)}–{int(score) + 1}" if range_labels else _label(score))
        bars.append((f"{x + 0.5:.1f}", f"{TOP + plot_h - h:.1f}", f"{max(bar_w - 1, 1):.1f}",
                     f"{h:.1f}", f"{name} điểm: {count} thí sinh"))
    rects = format_html_join(
        "", '<rect class="results-chart__bar" x="{}" y="{}" width="{}" height="{}">'
        "<title>{}</title></rect>", bars)
    ticks = []
    for i, (score, _) in enumerate(distribution):
        if range_labels and i % 5 == 0 or not range_labels and score == int(score):
            ticks.append((f"{LEFT + i * bar_w + bar_w / 2:.1f}", HEIGHT - 8, _label(score)))
    tick_text = format_html_join(
        "", '<text class="results-chart__tick" x="{}" y="{}" text-anchor="middle">{}</text>', ticks)
    axis = format_html(
        '<line class="results-chart__axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
        '<text class="results-chart__tick" x="{}" y="{}" text-anchor="end">{}</text>'
        '<text class="results-chart__tick" x="{}" y="{}" text-anchor="end">0</text>',
        LEFT, TOP + plot_h, WIDTH - 8, TOP + plot_h, LEFT - 4, TOP + 8, top, LEFT - 4, TOP + plot_h)
    return format_html(
        '<svg class="results-chart" id="{}" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title" preserveAspectRatio="xMidYMid meet" focusable="false">'
        '<title id="{}-title">{}</title>{}{}{}</svg>',
        chart_id, WIDTH, HEIGHT, chart_id, chart_id, title, rects, axis, tick_text)
