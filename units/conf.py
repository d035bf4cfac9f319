"""The units app's settings: ``settings.UNITS_<NAME>``, else the environment variable of that
name, else the default below (``examportal.conf.AppSettings``)."""

from django.conf import settings

from examportal.conf import AppSettings

DEFAULTS = {
    # Who gets the mail when a unit marks a difficulty urgent, besides the office's address
    # (settings.PORTAL["email"]), e.g. "a@x.vn|b@x.vn".
    "URGENT_EMAILS": [],
    # A mail server that does not answer delays the unit's page at most this long.
    "MAIL_TIMEOUT_SECONDS": 5,
    # Longest text a unit or the department types in one box (methods, notes, a difficulty).
    "MAX_TEXT_CHARS": 4000,
}

get = AppSettings("UNITS", DEFAULTS).get


def urgent_recipients():
    office = (getattr(settings, "PORTAL", {}) or {}).get("email", "")
    emails = {office} if office else set()
    emails.update(get("URGENT_EMAILS"))
    return sorted(emails)


def max_text_chars():
    return int(get("MAX_TEXT_CHARS"))
