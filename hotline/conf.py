"""Hotline settings: ``settings.HOTLINE_<NAME>``, else the environment variable of that name,
else the default below.

Read at call time (functions, not constants), so tests can override them with the ``settings``
fixture and a live server sees the change. From the environment, numbers are integers and lists
are separated by "|" (e.g. ``HOTLINE_NOTIFY_EMAILS=a@x.vn|b@x.vn``).
"""

import os
from pathlib import Path

from django.conf import settings

DEFAULTS = {
    # Hours an inspector has to give a first response (a status move or a public reply).
    "FIRST_RESPONSE_HOURS": 2,
    # A form sent faster than this after it was shown is refused (bots fill forms instantly).
    "MIN_FILL_SECONDS": 4,
    # A form shown longer ago than this asks to be sent again.
    "MAX_FILL_SECONDS": 12 * 3600,
    # Submissions: per client IP and for the whole site, per window.
    "SUBMIT_LIMIT_PER_IP": 10,
    "SUBMIT_LIMIT_GLOBAL": 300,
    "SUBMIT_WINDOW_SECONDS": 3600,
    # Status look-ups (reference + key): failed tries per IP and for the whole site, per window.
    "LOOKUP_LIMIT_PER_IP": 10,
    "LOOKUP_LIMIT_GLOBAL": 300,
    "LOOKUP_WINDOW_SECONDS": 15 * 60,
    # Attachments.
    "MAX_ATTACHMENTS": 3,
    "MAX_ATTACHMENT_MB": 10,
    # Text limits.
    "MAX_DESCRIPTION_CHARS": 5000,
    # Personal data of reports closed longer than this is removed by purge_hotline_personal_data.
    "RETENTION_DAYS": 365,
    # Reporter IP addresses are kept only this long (rate limits use the cache, not the IP column;
    # the IP helps inspectors judge abuse in the first hours).
    "IP_RETENTION_HOURS": 24,
    # Extra addresses that get the "new report" / "escalated" notifications (besides inspectors).
    "NOTIFY_EMAILS": [],
    # A mail server that does not answer delays the reporter's receipt at most this long.
    "MAIL_TIMEOUT_SECONDS": 5,
    # The header that carries the client IP behind a trusted reverse proxy, e.g. "HTTP_X_REAL_IP".
    "CLIENT_IP_HEADER": "",
    # Hours shown on the hotline page.
    "HOURS": [
        "Trong các ngày thi (từ ngày làm thủ tục dự thi đến hết ngày thi dự phòng): từ 6 giờ đến "
        "22 giờ.",
        "Ngày làm việc khác: giờ hành chính, từ 7 giờ 30 đến 17 giờ.",
        "Phản ánh trực tuyến được nhận mọi lúc; việc khẩn cấp xin gọi điện thoại.",
    ],
    # How long a reporter stays signed in to the status page after a successful look-up.
    "STATUS_SESSION_SECONDS": 30 * 60,
}


def get(name):
    key = f"HOTLINE_{name}"
    if hasattr(settings, key):
        return getattr(settings, key)
    default = DEFAULTS[name]
    raw = os.environ.get(key)
    if raw is None:
        return default
    if isinstance(default, list):
        return [item.strip() for item in raw.split("|") if item.strip()]
    if isinstance(default, int):
        return int(raw)
    return raw


def max_attachment_bytes():
    return int(get("MAX_ATTACHMENT_MB")) * 1024 * 1024


def max_request_bytes():
    """The largest request body the public forms accept: all files at their limit plus text."""
    return int(get("MAX_ATTACHMENTS")) * max_attachment_bytes() + 2 * 1024 * 1024


def private_root():
    """Where attachments are stored on disk: outside MEDIA_ROOT, so no web server serves them."""
    configured = getattr(settings, "HOTLINE_PRIVATE_ROOT", "") or os.environ.get("HOTLINE_PRIVATE_ROOT", "")
    if configured:
        return Path(configured)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(media.name + "-private")
