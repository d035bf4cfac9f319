"""The home page and the site search: pages made of several apps."""

from django.core.paginator import Paginator
from django.views.generic import TemplateView

from documents.views import latest_documents
from examportal.db import planned_for_their_values
from examportal.registry import contributions
from examportal.search import query_terms
from examportal.text import normalize_text, search_text
from examyears.selectors import current_year, key_dates
from news.models import Column
from news.views import attach_latest, pinned_articles

SEARCH_MAX_LENGTH = 200
PAGE_SIZE = 20


class HomeView(TemplateView):
    """The current column up front: pinned articles, the newest per section, key dates."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exam_year = current_year()
        column = (Column.objects.filter(year=exam_year.year).prefetch_related("sections").first()
                  if exam_year else None)
        context["column"] = column
        context["sections"] = attach_latest(column.sections.all()) if column else []
        context["pinned"] = pinned_articles(column) if column else []
        context["key_dates"], context["upcoming"] = key_dates(exam_year, upcoming_only=True,
                                                              limit=6)
        context["latest_documents"] = latest_documents()
        return context


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
        providers = contributions("search")
        kinds = {provider.key: provider.label for provider in providers}
        kind = self.request.GET.get("loai", "")
        kind = kind if kind in kinds else ""
        context.update(kind=kind, kinds=kinds, several_kinds=len(providers) > 1)
        chosen = [provider for provider in providers if kind in ("", provider.key)]
        # Few, official results first (stable: otherwise the order of INSTALLED_APPS).
        chosen.sort(key=lambda provider: not provider.listed_first)
        with planned_for_their_values():
            found = ResultList([provider.find(query) for provider in chosen])
            paginator = Paginator(found, PAGE_SIZE)
            page = paginator.get_page(self.request.GET.get("page"))
            results = list(page.object_list)
        context.update(page_obj=page, paginator=paginator, results=results)
        return context


class ResultList:
    """The providers' results one after the other, as one sliceable sequence: each provider
    is asked only for the part of its results that the page shows."""

    def __init__(self, parts):
        self.parts = parts

    def count(self):
        return sum(len(part) for part in self.parts)

    __len__ = count

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        items, offset = [], 0
        for part in self.parts:
            size = len(part)
            if stop is None or stop > offset:
                lo, hi = max(0, start - offset), None if stop is None else stop - offset
                if lo < size and (hi is None or hi > 0):
                    items += list(part[lo:hi])
            offset += size
        return items
