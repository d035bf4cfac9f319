"""The candidate page on results day, fast: every lookup asks for a different candidate, so no
page cache helps, and most of the page (layout, navigation, footer) is the same for all of
them. The page is rendered once with markers in place of the candidate ("the shell", kept in
the process for SHELL_SECONDS per year, version and print view); each lookup renders only the
candidate's part (results/_candidate_body.html) and puts it, and the number, into the shell.
The output is the page the full template renders (tests/results/test_shell.py).

Only for anonymous requests: a signed-in visitor's page may differ (preview, account links).
The WSGI fast path (results.fastpath) answers from a kept shell, with the headers Django's
middlewares gave the page that made it (``SHELL_ENVIRON_KEY`` tells it which shell that was).
"""

import time

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template, render_to_string

NUMBER = "RESULTSNUMBERMARK"
BODY = "RESULTSBODYMARK"
SHELL_SECONDS = 10
SHELL_ENVIRON_KEY = "results.shell"
_shells = {}


def usable(request, preview):
    return not preview and settings.SESSION_COOKIE_NAME not in request.COOKIES


def shell_key(year, version_id, printing):
    return (year, version_id, bool(printing))


def kept(key):
    """The kept shell for ``key`` (its HTML), or None when there is none or it is too old."""
    found = _shells.get(key)
    return found[1] if found is not None and found[0] >= time.monotonic() else None


def body(context):
    return get_template("results/_candidate_body.html").render(context)


def fill(html, context):
    return html.replace(NUMBER, context["number"]).replace(BODY, body(context))


def candidate_page(request, context, version_id):
    """The candidate page for ``context`` (as LookupView makes it for the full template)."""
    key = shell_key(context["year"], version_id, context.get("printing"))
    html = kept(key)
    if html is None:
        crumbs = context["breadcrumbs"][:-1] + [(f"Số báo danh {NUMBER}", None)]
        html = render_to_string("results/candidate.html", {
            **context, "number": NUMBER, "shell": True, "shell_body": BODY,
            "breadcrumbs": crumbs}, request=request)
        _shells[key] = (time.monotonic() + SHELL_SECONDS, html)
    request.META[SHELL_ENVIRON_KEY] = key
    return HttpResponse(fill(html, context))
