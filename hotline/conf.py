"""Hotline settings: ``settings.HOTLINE_<NAME>``, else the environment variable of that name,
else the default below (``examportal.conf.AppSettings``)."""

from examportal.conf import AppSettings
from examportal.protected import beside_media

DEFAULTS = {
    # Hours an inspector has to give a first response (a status move or a public reply).
    "FIRST_RESPONSE_HOURS": 2,
    # A form sent faster than this after it was shown is refused (bots fill forms instantly).
    "MIN_FILL_SECONDS": 4,
    # A form shown longer ago than this asks to be sent again.
    "MAX_FILL_SECONDS": 12 * 3600,
    # Submissions per window. Over its own limit a client address is refused (told how long to
    # wait); above the site-wide level nobody is refused: the form asks for a proof of work, and a
    # report sent without one is filed marked "unverified" (see ratelimit.py).
    "SUBMIT_LIMIT_PER_IP": 10,
    "SUBMIT_LIMIT_GLOBAL": 300,
    "SUBMIT_WINDOW_SECONDS": 3600,
    # Failed status look-ups (reference + key) per window: a client address over its limit is
    # refused; above the site-wide level, or for a reference with this many failures, a wrong
    # key sent without a proof of work counts LOOKUP_UNPROVEN_WEIGHT times against its address.
    "LOOKUP_LIMIT_PER_IP": 10,
    "LOOKUP_LIMIT_GLOBAL": 300,
    "LOOKUP_LIMIT_PER_REFERENCE": 10,
    "LOOKUP_UNPROVEN_WEIGHT": 5,
    "LOOKUP_WINDOW_SECONDS": 15 * 60,
    # Proof of work asked for under pressure: leading zero bits of SHA-256 (each bit doubles the
    # work; 17 is on average 1 s in a desktop Chromium, 4–5 s with its CPU slowed 4× like a
    # mid-range phone, and it runs while the person types), and how long a look-up challenge is
    # valid.
    "PROOF_BITS": 17,
    "PROOF_MAX_SECONDS": 3600,
    # Attachments.
    "MAX_ATTACHMENTS": 3,
    "MAX_ATTACHMENT_MB": 10,
    # Text limits.
    "MAX_DESCRIPTION_CHARS": 5000,
    # Personal data of reports closed longer than this is removed by purge_hotline_personal_data.
    "RETENTION_DAYS": 365,
    # Reporter IP addresses are kept only this long (rate limits use their own counters, not the
    # IP column; the IP helps inspectors judge abuse in the first hours).
    "IP_RETENTION_HOURS": 24,
    # Extra addresses that get the "new report" / "escalated" notifications (besides inspectors).
    "NOTIFY_EMAILS": [],
    # A mail server that does not answer delays the reporter's receipt at most this long.
    "MAIL_TIMEOUT_SECONDS": 5,
    # HOTLINE_CLIENT_IP_HEADER, the header that carries the client IP behind a trusted reverse
    # proxy (e.g. "HTTP_X_REAL_IP"), is read by examportal.formguard for every public form.
    # Hours shown on the hotline page.
    "HOURS": [
        "Trong các ngày thi (từ ngày làm thủ tục dự thi đến hết ngày thi dự phòng): từ 6 giờ đến "
        "22 giờ.",
        "Ngày làm việc khác: giờ hành chính, từ 7 giờ 30 đến 17 giờ.",
        "Phản ánh trực tuyến được nhận mọi lúc; việc khẩn cấp xin gọi điện thoại.",
    ],
    # How long a reporter stays signed in to the status page after a successful look-up.
    "STATUS_SESSION_SECONDS": 30 * 60,
    # Where attachments are stored on disk; empty: beside MEDIA_ROOT (see private_root).
    "PRIVATE_ROOT": "",
}


get = AppSettings("HOTLINE", DEFAULTS).get


def max_attachment_bytes():
    return int(get("MAX_ATTACHMENT_MB")) * 1024 * 1024


def max_request_bytes():
    """The largest request body the public forms accept: all files at their limit plus text."""
    return int(get("MAX_ATTACHMENTS")) * max_attachment_bytes() + 2 * 1024 * 1024


def private_root():
    """Where attachments are stored on disk: outside MEDIA_ROOT, so no web server serves them."""
    return beside_media(get("PRIVATE_ROOT"), "-private")
