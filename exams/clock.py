"""The one place the exams app reads the time, so tests can move it to an exam day."""

from django.utils import timezone


def now():
    return timezone.now()
