"""The candidate page on results day, fast: every lookup asks for a different candidate, so no
page cache helps, and most of the page (layout, navigation, footer) is the same for all of
them. The page is rendered once with markers in place of the candidate ("the shell", kept in
the process for SHELL_SECONDS per year, version and print view); each lookup renders only the
candidate's part (results/_candidate_body.html) and puts it, and the number, into the shell.
The output is the page the full template renders (tests/results/test_shell.py).

Only for anonymous requests: a signed-in visitor's page may differ (preview, account links).
"""

import time

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import get_template, render_to_string

NUMBER = "RESULTSNUMBERMARK"
BODY = "RESULTSBODYMARK"
SHELL_SECONDS = 10
_shells = {}


def usable(request, preview):
    return not preview and settings.SESSION_COOKIE_NAME not in request.COOKIES


def candidate_page(request, context, version_id):
    """The candidate page for ``context`` (as LookupView makes it for the full template)."""
    number = context["number"]
    key = (context["year"], version_id, bool(context.get("printing")))
    now = time.monotonic()
    found = _shells.get(key)
    if found is None or found[0] < now:
        crumbs = context["breadcrumbs"][:-1] + [(f"Số báo danh {NUMBER}", None)]
        html = render_to_string("results/candidate.html", {
            **context, "number": NUMBER, "shell": True, "shell_body": BODY,
            "breadcrumbs": crumbs}, request=request)
        found = _shells[key] = (now + SHELL_SECONDS, html)
    body = get_template("results/_candidate_body.html").render(context)
    return HttpResponse(found[1].replace(NUMBER, number).replace(BODY, body))
