from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from examportal.pagecache import never_page_cached
from news.models import Column, KeyDate
from news.views import attach_latest, latest_documents, pinned_articles


class HomeView(TemplateView):
    """The current column up front: pinned articles, the newest per section, key dates."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        column = Column.objects.filter(is_current=True).prefetch_related("sections").first()
        context["column"] = column
        context["sections"] = attach_latest(column.sections.all()) if column else []
        context["pinned"] = pinned_articles(column) if column else []
        if column:
            today = timezone.localdate()
            key_dates = list(KeyDate.objects.filter(column=column))
            upcoming = [d for d in key_dates if d.date >= today][:6]
            context["upcoming"] = bool(upcoming)
            context["key_dates"] = upcoming or key_dates
        context["latest_documents"] = latest_documents()
        return context


@never_cache
def healthz(request):
    """200 with a small JSON body when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors may fail here: the template reads only settings-free context.
    from django.conf import settings

    return render(request, "500.html", {"portal": settings.PORTAL}, status=500)


@never_page_cached
def framework_floor(request):
    """The benchmark's baseline: the cheapest response through the full middleware stack."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the real icon."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
