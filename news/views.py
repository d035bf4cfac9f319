from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from examportal.text import normalize_text, search_text

from .models import Column, Section

SEARCH_MAX_LENGTH = 200


class ColumnView(DetailView):
    model = Column
    template_name = "news/column.html"
    context_object_name = "column"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Column.objects.prefetch_related("sections"), year=self.kwargs["year"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(self.object.title, None)]
        return context


class SectionView(DetailView):
    model = Section
    template_name = "news/section.html"
    context_object_name = "section"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Section.objects.select_related("column"),
            column__year=self.kwargs["year"],
            slug=self.kwargs["section"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        column = self.object.column
        context["breadcrumbs"] = [
            (column.title, column.get_absolute_url()),
            (self.object.title, None),
        ]
        return context


class SearchView(TemplateView):
    """Site search. Empty, very long or odd queries get a helpful page, never an error."""

    template_name = "news/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = normalize_text(self.request.GET.get("q", ""))
        query = " ".join(raw.split())
        context["too_long"] = len(query) > SEARCH_MAX_LENGTH
        query = query[:SEARCH_MAX_LENGTH]
        context["query"] = query
        context["normalized_query"] = search_text(query)
        context["results"] = []
        context["breadcrumbs"] = [("Tìm kiếm", None)]
        return context
