"""The exams app's settings, with their defaults (override in settings or the environment)."""

from django.conf import settings


def report_deadline_minutes():
    """Minutes after a session ends before a site's report counts as late."""
    return int(getattr(settings, "EXAMS_REPORT_DEADLINE_MINUTES", 60))


def dashboard_refresh_seconds():
    """How often the Department dashboard refreshes itself (external JS)."""
    return int(getattr(settings, "EXAMS_DASHBOARD_REFRESH_SECONDS", 60))

