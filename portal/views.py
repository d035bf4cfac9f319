"""The home page and the site search: pages made of several apps."""

from django.core.paginator import Paginator
from django.urls import reverse
from django.views.generic import TemplateView

from documents.views import latest_documents
from examportal.db import planned_for_their_values
from examportal.registry import contributions
from examportal.search import query_terms
from examportal.text import normalize_text, search_text
from exams import clock
from exams.models import ExamSession
from exams.views import highlight
from examyears.selectors import current_year, key_dates
from news.models import Article, Column
from news.views import pinned_articles

from .search import MixedResults, key_pages_for

SEARCH_MAX_LENGTH = 200
PAGE_SIZE = 20


class HomeView(TemplateView):
    """The essentials of this exam year first (the session going on or the next one, the key
    dates, the hotline, the newest news), then everything the portal offers. The column's page
    (news.views.ColumnView) is the one that shows the news section by section.

    The next session changes at a session's start or end, when the page cache expires
    (``page_cache_schedule``: exams.selectors.next_schedule_change)."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exam_year = current_year()
        column = (Column.objects.filter(year=exam_year.year).prefetch_related("sections").first()
                  if exam_year else None)
        context["column"] = column
        context["sections"] = list(column.sections.all()) if column else []
        context["pinned"] = pinned_articles(column) if column else []
        context["latest"] = (list(Article.objects.published().filter(section__column=column)
                                  .for_listing()[:LATEST_NEWS]) if column else [])
        context["key_dates"], context["upcoming"] = key_dates(exam_year, upcoming_only=True,
                                                              limit=6)
        context["latest_documents"] = latest_documents()
        context["exam_year"] = exam_year
        context["schedule_url"] = reverse("exams:schedule")
        (context["moment"], context["moment_state"],
         context["has_schedule"]) = next_exam_moment(exam_year)
        return context


LATEST_NEWS = 5


def next_exam_moment(exam_year):
    """(the session going on now or the next one, "current" | "next", whether the year has a
    confirmed schedule); (None, None, …) when no session is ahead."""
    if exam_year is None:
        return None, None, False
    sessions = list(ExamSession.objects.for_year(exam_year.year).prefetch_related("components"))
    return (*highlight(sessions, clock.now()), bool(sessions))


class SearchView(TemplateView):
    """Site search over every provider the apps contribute (``search``: articles, documents,
    questions; examportal.search.SearchProvider).

    Empty, very long or odd queries get a helpful page, never an error.
    """

    template_name = "portal/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = normalize_text(self.request.GET.get("q", "")).replace("\x00", "")
        query = " ".join(raw.split())
        context["too_long"] = len(query) > SEARCH_MAX_LENGTH
        query = query[:SEARCH_MAX_LENGTH]
        context["query"] = query
        context["normalized_query"] = search_text(query)
        context["breadcrumbs"] = [("Tìm kiếm", None)]
        context["results"] = []
        context["no_terms"] = bool(query) and not query_terms(query)
        if not query or context["no_terms"]:
            return context
        context["key_pages"] = key_pages_for(query)
        providers = contributions("search")
        kinds = {provider.key: provider.label for provider in providers}
        kind = self.request.GET.get("loai", "")
        kind = kind if kind in kinds else ""
        with planned_for_their_values():
            parts = [(provider, provider.find(query)) for provider in providers]
            counts = {provider.key: len(results) for provider, results in parts}
            # "All" mixes the kinds by relevance; a kind's tab lists that kind only.
            found = MixedResults([part for part in parts if kind in ("", part[0].key)], query)
            paginator = Paginator(found, PAGE_SIZE)
            page = paginator.get_page(self.request.GET.get("page"))
            results = list(page.object_list)
        context.update(
            kind=kind, kinds=kinds, several_kinds=len(providers) > 1, page_obj=page,
            paginator=paginator, results=results, total=sum(counts.values()),
            tabs=[(provider.key, provider.label, counts[provider.key]) for provider in providers],
        )
        return context
