"""Reads the public pages share: whether a year's results are public, the release schedule for
the page cache, one candidate's row, the released years."""

from django.conf import settings
from django.utils import timezone

from examyears.models import ExamYear

from .models import CandidateResult, ResultSet


def is_released(exam_year, now=None):
    """True from the release instant on (never before, never without a release time)."""
    moment = exam_year.results_release_at if exam_year else None
    return moment is not None and (now or timezone.now()) >= moment


def next_release(now):
    """The page cache's schedule (contributes["page_cache_schedule"]): the next release instant."""
    return (ExamYear.objects.filter(results_release_at__gt=now, result_set__isnull=False)
            .order_by("results_release_at").values_list("results_release_at", flat=True).first())


def released_years(now=None):
    """Years whose results are public and stored, newest first."""
    return list(ExamYear.objects.filter(results_release_at__lte=now or timezone.now(),
                                        result_set__current_version__isnull=False)
                .order_by("-year").values_list("year", flat=True))


def may_preview(request):
    """Staff who may see the results before release. The session is read only when the request
    carries its cookie, so anonymous pages never vary on Cookie (and stay cacheable)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.has_perm("results.preview_results"))


def lookup(year, number):
    return CandidateResult.objects.lookup(year, number)


def current_version_id(year):
    return (ResultSet.objects.filter(exam_year_id=year)
            .values_list("current_version_id", flat=True).first())
