"""The candidate page on results day, fast: every lookup asks for a different candidate, so no
page cache helps, and most of the page (layout, navigation, footer) is the same for all of
them. The page is rendered once with markers in place of the candidate ("the shell", kept in
the process for SHELL_SECONDS per year, version and print view); each lookup makes only the
candidate's part (``body``) and puts it, and the number, into the shell. The output is the page
the full template renders (tests/results/test_shell.py).

The candidate's part is written out here in Python, not as a template: it is made once per
lookup, and Django's template engine took 40% of a lookup's time for it (issue 18, the
results-day load). Every value goes through ``e`` (html.escape, quotes included).

Only for anonymous requests: a signed-in visitor's page may differ (preview, account links).
The WSGI fast path (results.fastpath) answers from a kept shell, with the headers Django's
middlewares gave the page that made it (``SHELL_ENVIRON_KEY`` tells it which shell that was).
"""

import html
import re
import time

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .templatetags.results_tags import score

NUMBER = "RESULTSNUMBERMARK"
BODY = "RESULTSBODYMARK"
SHELL_SECONDS = 10
SHELL_ENVIRON_KEY = "results.shell"
_shells = {}


_SPECIAL = re.compile("[&<>\"']").search


def e(value):
    """A value for HTML text or a quoted attribute (Django's escape, without its wrappers;
    most values, numbers and scores, have nothing to escape and are returned as they are)."""
    value = str(value)
    return html.escape(value) if _SPECIAL(value) else value


def usable(request, preview):
    return not preview and settings.SESSION_COOKIE_NAME not in request.COOKIES


def shell_key(year, version_id, printing):
    return (year, version_id, bool(printing))


def kept(key):
    """The kept shell for ``key`` (its HTML), or None when there is none or it is too old."""
    found = _shells.get(key)
    return found[1] if found is not None and found[0] >= time.monotonic() else None


def body(context):
    """The candidate's part of the page (its HTML) for candidate_context's ``context``."""
    row = context["row"]
    school = f" · Mã trường {e(row.school_code)}" if row.school_code else ""
    parts = [f'<h1>Điểm thi tốt nghiệp THPT năm {e(context["year"])}</h1>\n'
             f'<p class="results-number">Số báo danh: <strong>{e(row.number)}</strong>{school}</p>\n'
             '<table class="results-scores">\n  <caption>Điểm từng môn</caption>\n'
             '  <thead><tr><th scope="col">Môn thi</th><th scope="col">Điểm</th></tr></thead>\n'
             '  <tbody>\n']
    for line in context["scores"]:
        if line["note"]:
            shown = f'<span class="results-status">{e(line["note"])}</span>'
        else:
            shown = f"<strong>{e(score(line['score']))}</strong>"
        if line["before"]:
            shown += f"<br><small>Điểm sau phúc khảo; trước phúc khảo: {e(line['before'])}</small>"
        parts.append(f'    <tr><th scope="row">{e(line["label"])}</th><td>{shown}</td></tr>\n')
    parts.append('  </tbody>\n</table>\n<table class="results-scores">\n'
                 "  <caption>Tổng điểm các tổ hợp xét tuyển thường dùng</caption>\n"
                 '  <thead><tr><th scope="col">Tổ hợp</th><th scope="col">Tổng điểm</th></tr>'
                 "</thead>\n  <tbody>\n")
    for label, total in context["combinations"]:
        shown = e(score(total)) if total is not None else '<span class="results-status">—</span>'
        parts.append(f'  <tr><th scope="row">{e(label)}</th><td>{shown}</td></tr>\n')
    for label, value in context["groups"]:
        if value is not None:
            parts.append(f'  <tr><th scope="row">Điểm trung bình bài thi {e(label)}</th>'
                         f"<td>{e(score(value))}</td></tr>\n")
    parts.append('  </tbody>\n</table>\n<p class="help">Tổng tổ hợp tính từ điểm thi (chưa cộng '
                 "điểm ưu tiên); “—”: thí sinh không có đủ ba môn của tổ hợp.</p>\n"
                 "<h2>Kết quả xét tốt nghiệp</h2>\n")
    if row.graduation:
        parts.append(f'<p class="results-graduation results-graduation--{e(row.graduation)}">'
                     f"<strong>{e(row.get_graduation_display())}</strong></p>\n")
    else:
        parts.append("<p>Chưa có kết quả xét công nhận tốt nghiệp. Kết quả sẽ hiện tại đây khi "
                     "Sở công bố.</p>\n")
    deadline = context["remarking_deadline"]
    if deadline:
        remarking = (f"Thí sinh nộp đơn phúc khảo đến hết ngày <strong>"
                     f"{deadline.strftime('%d/%m/%Y')}</strong> tại nơi đăng ký dự thi.")
    else:
        remarking = "Thí sinh nộp đơn phúc khảo trong thời hạn quy định tại nơi đăng ký dự thi."
    if context["remarking_url"]:
        remarking += f' <a href="{e(context["remarking_url"])}">Hướng dẫn nộp đơn phúc khảo</a>.'
    parts.append(f"<h2>Phúc khảo</h2>\n<p>{remarking}</p>\n"
                 f'<p class="no-print results-actions">\n'
                 f'  <a href="?sbd={e(row.number)}&amp;in=1">Bản in</a> ·\n'
                 f'  <a href="{e(context["lookup_url"])}">Tra cứu số báo danh khác</a> ·\n'
                 f'  <a href="{e(context["statistics_url"])}">Thống kê của tỉnh</a>\n</p>\n')
    return mark_safe("".join(parts))  # noqa: S308 - every value above goes through e()


def fill(html, context):
    return html.replace(NUMBER, context["number"]).replace(BODY, body(context))


def candidate_page(request, context, version_id):
    """The candidate page for ``context`` (as LookupView makes it for the full template)."""
    key = shell_key(context["year"], version_id, context.get("printing"))
    html = kept(key)
    if html is None:
        crumbs = context["breadcrumbs"][:-1] + [(f"Số báo danh {NUMBER}", None)]
        html = render_to_string("results/candidate.html", {
            **context, "number": NUMBER, "candidate_body": BODY,
            "breadcrumbs": crumbs}, request=request)
        _shells[key] = (time.monotonic() + SHELL_SECONDS, html)
    request.META[SHELL_ENVIRON_KEY] = key
    return HttpResponse(fill(html, context))
