"""Real XSS payloads (OWASP cheat sheet, PortSwigger list, mutation XSS): none reaches a page."""

import html as htmllib
import re
from html.parser import HTMLParser

import pytest

from examportal.sanitizer import sanitize_html
from news.models import Article

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=x onerror=&#x61;&#x6C;&#x65;&#x72;&#x74;(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg/onload=alert(1)//",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="https://evil.example/phish"></iframe>',
    '<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>',
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    '<a href=" javascript:alert(1)">bấm</a>',
    '<a href="jav&#x09;ascript:alert(1)">bấm</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">bấm</a>',
    '<a href="vbscript:msgbox(1)">bấm</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<form action="javascript:alert(1)"><button>gửi</button></form>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>chữ chạy</marquee>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="x:expression(alert(1))">x</p>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    '<div onmouseover="alert(1)">di chuột</div>',
    '"><script>alert(1)</script>',
    "<!--<img src=--><img src=x onerror=alert(1)//>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<a href="#" onclick="alert(1)">x</a>',
    "<isindex action=javascript:alert(1) type=image>",
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<template><script>alert(1)</script></template>",
    # Issue 14, item 6: iframe and link URLs a browser (WHATWG) reads differently from urlsplit.
    r'<iframe src="https://evil.example\@www.youtube.com/"></iframe>',
    r'<iframe src="https://evil.example\\@www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
    '<iframe src="https://evil.example%5C@www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
    '<iframe src="https://evil.example&#9;&#92;@www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
    '<iframe src="https://evil.example@www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
    '<iframe src="https://www.yоutube.com/embed/dQw4w9WgXcQ"></iframe>',
    '<iframe src="//evil.example/embed/dQw4w9WgXcQ"></iframe>',
    '<iframe src="https://www.youtube.com:8443/embed/dQw4w9WgXcQ"></iframe>',
    r'<a href="java\script:alert(1)">bấm</a>',
    r'<a href="/\evil.example/">bấm</a>',
]
DANGEROUS_TAGS = {"script", "style", "object", "embed", "meta", "link", "base",
                  "svg", "math", "video", "audio", "source", "marquee", "details", "noscript",
                  "template", "isindex", "frame", "frameset"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "background", "srcdoc"}
_CONTROL = re.compile(r"[\x00-\x20]+")
# The only iframe addresses the sanitiser may produce (it rebuilds them from the video id).
CANONICAL_PLAYER = re.compile(
    r"https://www\.youtube(-nocookie)?\.com/embed/[A-Za-z0-9_-]{11}(\?start=[0-9]{1,6})?", re.ASCII)


class Audit(HTMLParser):
    """Collects every executable thing in a document (our own JSON-LD and /static/ scripts aside)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        if tag == "body":
            self.in_head = False
        if self.in_head and tag in ("meta", "link"):
            # Our own head: metadata and stylesheets, never a refresh to elsewhere.
            if (attrs.get("http-equiv") or "").lower() == "refresh":
                self.problems.append("meta refresh")
            tag = "head-" + tag
        own_script = attrs.get("type") == "application/ld+json" or (
            (attrs.get("src") or "").startswith("/static/"))
        if tag == "script" and own_script:
            return
        if tag == "details" and attrs.get("class") == "site-menu":
            return  # our own header's menu button (templates/includes/site_header.html)
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        # An iframe whose src was removed shows about:blank: harmless. Any other src is not.
        if tag == "iframe" and attrs.get("src") and not CANONICAL_PLAYER.fullmatch(attrs["src"]):
            self.problems.append("iframe from elsewhere")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name == "style":
                self.problems.append(f"{tag}[style]")
            if name in URL_ATTRIBUTES and value:
                scheme = _CONTROL.sub("", htmllib.unescape(value)).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:")):
                    self.problems.append(f"{tag}[{name}={value[:30]}]")
                if "\\" in value:  # browsers read a backslash as "/" in http(s) URLs
                    self.problems.append(f"{tag}[{name}] with a backslash")
                if name == "srcdoc":
                    self.problems.append(f"{tag}[srcdoc]")


def audit(html):
    parser = Audit()
    parser.feed(html)
    return parser.problems


def test_there_are_at_least_30_distinct_vectors():
    assert len(set(PAYLOADS)) >= 30


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised_by_the_sanitiser(payload):
    assert audit(sanitize_html(payload)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_never_reaches_the_public_page(client, make_article, payload):
    article = make_article(title=f"Tin có mã độc {PAYLOADS.index(payload)}",
                           body=f"<p>Trước</p>{payload}<p>Sau</p>", lead=payload,
                           source=payload[:200], byline=payload[:150])
    stored = Article.objects.get(pk=article.pk).body
    assert audit(stored) == []
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert audit(page) == [], payload
    assert "Trước" in page  # the article around it survives (an unclosed <style> may eat the rest)


def test_title_payload_is_escaped_everywhere(client, make_article):
    article = make_article(title='<img src=x onerror=alert(1)> Kỳ thi', tags=["<script>x</script>"])
    for url in [article.get_absolute_url(), "/", article.section.get_absolute_url(),
                "/tim-kiem/?q=ky+thi"]:
        assert audit(client.get(url).content.decode()) == [], url


def test_body_written_straight_to_the_database_is_sanitised_again_on_render(client, make_article):
    article = make_article(title="Bài bị ghi thẳng vào CSDL")
    from django.db import connection

    with connection.cursor() as cursor:  # bypass the field, as a faulty import script might
        cursor.execute("UPDATE news_article SET body = %s WHERE id = %s",
                       ['<p>ok</p><script>alert(1)</script><img src=x onerror=alert(1)>', article.pk])
    page = client.get(article.get_absolute_url()).content.decode()
    assert audit(page) == []


def test_links_to_other_sites_get_noopener(client, make_article):
    article = make_article(body='<p><a href="https://moet.gov.vn/" target="_blank">Bộ GDĐT</a></p>'
                                '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"></iframe>')
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'href="https://moet.gov.vn/" rel="noopener noreferrer"' in page
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
