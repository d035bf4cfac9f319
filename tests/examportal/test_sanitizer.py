import pytest

from examportal.sanitizer import sanitize_html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<iframe src="https://evil.example/"></iframe>',
        '<p style="background:url(javascript:alert(1))">x</p>',
        '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    ],
)
def test_dangerous_markup_is_removed(payload):
    cleaned = sanitize_html(payload).lower()
    for bad in ["<script", "onerror", "javascript:", "evil.example", "style=", "data:"]:
        assert bad not in cleaned


def test_allowed_markup_and_links():
    html = (
        '<h2>Lịch thi</h2><p><strong>Ngữ văn</strong> 7/7</p>'
        '<a href="https://moet.gov.vn/">Bộ GDĐT</a>'
        '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>'
    )
    cleaned = sanitize_html(html)
    assert "<h2>Lịch thi</h2>" in cleaned
    assert "<strong>Ngữ văn</strong>" in cleaned
    assert 'rel="noopener noreferrer"' in cleaned
    assert 'src="https://www.youtube-nocookie.com/embed/abc"' in cleaned


def test_empty():
    assert sanitize_html(None) == ""
    assert sanitize_html("") == ""
