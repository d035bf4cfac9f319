"""The exams app's settings: ``settings.EXAMS_<NAME>``, else the environment variable of that
name, else the default below (``examportal.conf.AppSettings``)."""

from examportal.conf import AppSettings

DEFAULTS = {
    # Minutes after a session ends before a site's report counts as late.
    "REPORT_DEADLINE_MINUTES": 60,
    # How often the Department dashboard refreshes itself (external JS), in seconds.
    "DASHBOARD_REFRESH_SECONDS": 60,
}

get = AppSettings("EXAMS", DEFAULTS).get


def report_deadline_minutes():
    return int(get("REPORT_DEADLINE_MINUTES"))


def dashboard_refresh_seconds():
    return int(get("DASHBOARD_REFRESH_SECONDS"))
