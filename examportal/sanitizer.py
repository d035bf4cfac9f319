"""The allow-list every stored rich-text HTML goes through, whatever sent it (nh3/ammonia)."""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "u", "s", "sub",
    "sup", "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption", "table",
    "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "span", "div", "pre", "code",
    "iframe",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type"},
    "iframe": {"src", "width", "height", "title", "allowfullscreen"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# Issue 14, item 6: ``urlsplit`` and browsers (the WHATWG URL standard) disagree about
# backslashes, tabs, userinfo, IDN and more, so we never ask a parser where an iframe points.
# Only a player address that matches this exactly is accepted, and the src we store is rebuilt
# from the host and video id it captured. Anything else loses its src (the frame stays blank).
IFRAME_HOSTS = {"www.youtube-nocookie.com", "www.youtube.com"}
_PLAYER = re.compile(
    r"https://(?P<host>www\.youtube(?:-nocookie)?\.com)/embed/(?P<id>[A-Za-z0-9_-]{11})"
    r"(?:\?(?P<query>[A-Za-z0-9_.=&-]{0,200}))?",
    re.ASCII,
)
_START = re.compile(r"start=(?P<seconds>[0-9]{1,6})", re.ASCII)
# What a browser drops or reads as something else inside a URL: C0 controls and backslash.
_AMBIGUOUS = re.compile(r"[\x00-\x1f\x7f\\]")
_SCHEME = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):", re.ASCII)


def player_src(value):
    """The canonical embed address for ``value``, or None if it is not exactly a player URL.

    Of the query only ``start=<seconds>`` is kept (YouTube's share code adds ``si=``).
    """
    match = _PLAYER.fullmatch(value)
    if not match or match["host"] not in IFRAME_HOSTS:
        return None
    src = f"https://{match['host']}/embed/{match['id']}"
    for param in (match["query"] or "").split("&"):
        start = _START.fullmatch(param)
        if start:
            return f"{src}?start={int(start['seconds'])}"
    return src


def _url_scheme(value):
    """The scheme of a link or image URL ("" when relative), or None when it is ambiguous."""
    if _AMBIGUOUS.search(value):
        return None
    match = _SCHEME.match(value.strip(" "))
    return match["scheme"].lower() if match else ""


def _filter_attribute(tag, attribute, value):
    if tag == "iframe" and attribute == "src":
        return player_src(value)
    if (tag, attribute) in (("a", "href"), ("img", "src")):
        scheme = _url_scheme(value)
        # Images come from our own media (relative URLs) or http(s); never data:/javascript:.
        allowed = URL_SCHEMES if tag == "a" else {"http", "https"}
        if scheme is None or (scheme and scheme not in allowed):
            return None
    return value


def sanitize_html(html):
    """Return ``html`` reduced to the allow-list: no scripts, styles, handlers or unsafe URLs."""
    if not html:
        return ""
    return nh3.clean(
        str(html),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
