from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "exams"
    verbose_name = "Buổi thi, điểm thi"
    default_auto_field = "django.db.models.BigAutoField"

    contributes = {
        "year_opening": ["exams.years.open_year"],
        "key_dates": ["exams.years.key_dates"],
    }

    def ready(self):
        from examportal.pagecache import register_schedule

        register_schedule(next_schedule_change)


def next_schedule_change(now):
    """The next moment a session starts or ends: the schedule's highlight changes then."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import ExamSession

    today = timezone.localdate(now)
    moments = []
    for session in ExamSession.objects.filter(date__gte=today - timedelta(days=1)).order_by(
            "date", "start_time").prefetch_related("components")[:20]:
        moments += [m for m in (session.starts_at, session.ends_at) if m > now]
    return min(moments) if moments else None
