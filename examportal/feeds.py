"""Building blocks every app's feeds share (news, documents)."""

from functools import wraps
from html import escape


def text_as_html(text):
    """Plain text for an element readers render as HTML (RSS description, Atom summary).

    Escaped, so that markup typed into a lead shows as characters and never becomes a tag.
    """
    return escape(text, quote=False)


def cross_origin(view):
    """Let scripts on any site read the answer (schools show the feeds on their own pages)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped
