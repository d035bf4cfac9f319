"""The allow-list every stored rich-text HTML goes through, whatever sent it (nh3/ammonia)."""

from urllib.parse import urlsplit

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
# Only video players we trust may be embedded; any other iframe loses its src.
IFRAME_HOSTS = {"www.youtube-nocookie.com", "www.youtube.com"}


def _filter_attribute(tag, attribute, value):
    if tag == "iframe" and attribute == "src":
        parts = urlsplit(value)
        if parts.scheme != "https" or parts.hostname not in IFRAME_HOSTS:
            return None
    if tag == "img" and attribute == "src":
        parts = urlsplit(value)
        # Images come from our own media (relative URLs) or https; never data:/javascript:.
        if parts.scheme not in ("", "https", "http"):
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
