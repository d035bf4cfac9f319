
from django.conf import settings
from django.core.paginator import InvalidPage
from django.db import connection
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import strip_tags
from django.views.generic import DetailView, ListView, TemplateView

from examportal.addresses import cached_reverse
from examportal.pagination import KeyedPaginator
from examyears.selectors import key_dates

from .links import article_links
from .models import Article, ArticleTag, Column, Section

PAGE_SIZE = 20
LATEST_PER_SECTION = 4
MONTHS = ["", "Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6", "Tháng 7",
          "Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"]


def latest_per_section(limit=LATEST_PER_SECTION):
    """Prefetch each section's newest public articles in one query (a window function)."""
    return Prefetch(
        "articles",
        queryset=Article.objects.published().for_listing()[:limit],
        to_attr="latest_articles",
    )


def attach_latest(sections, limit=LATEST_PER_SECTION):
    """Set ``section.latest_articles`` on each section, in a fixed number of queries.

    On PostgreSQL each section's newest ids come from its own index scan (a UNION ALL of small
    LIMIT queries), which stays fast however many articles a column has; a window function over
    every article of the column (``latest_per_section``) is the portable way elsewhere.
    """
    sections = list(sections)
    if not sections:
        return sections
    if not connection.features.supports_slicing_ordering_in_compound:
        prefetch_related_objects(sections, latest_per_section(limit))
        return sections
    newest = [
        Article.objects.published().filter(section=section).order_by("-publish_at", "-pk")
        .values_list("pk", flat=True)[:limit]
        for section in sections
    ]
    ids = list(newest[0].union(*newest[1:], all=True)) if len(newest) > 1 else list(newest[0])
    by_section = {section.pk: [] for section in sections}
    articles = Article.objects.filter(pk__in=ids).for_listing()
    for article in articles:
        by_section[article.section_id].append(article)
    for section in sections:
        section.latest_articles = by_section[section.pk]
    return sections


def pinned_articles(column, limit=4):
    return list(
        Article.objects.published().filter(section__column=column, is_pinned=True)
        .for_listing()[:limit]
    )


class ColumnView(DetailView):
    model = Column
    template_name = "news/column.html"
    context_object_name = "column"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Column.objects.prefetch_related("sections"),
            year=self.kwargs["year"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = attach_latest(self.object.sections.all(), 5)
        context["pinned"] = pinned_articles(self.object)
        context["key_dates"], _ = key_dates(self.object.year)
        context["months"] = [
            m for _year, months in archive_months(
                Article.objects.published().filter(section__column=self.object))
            for m in months
        ]
        context["breadcrumbs"] = [(self.object.title, None)]
        return context


class PaginatedArticles(ListView):
    paginate_by = PAGE_SIZE
    context_object_name = "articles"

    def get_paginator(self, *args, **kwargs):
        if issubclass(self.paginator_class, KeyedPaginator):
            # The keys come from the view's filters; the rows then only need loading.
            kwargs["rows"] = Article.objects.for_listing()
        return super().get_paginator(*args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        page_number = self.request.GET.get("page") or 1
        try:
            page = paginator.page(int(page_number))
        except (ValueError, TypeError) as exc:
            raise Http404("Trang không hợp lệ.") from exc
        except InvalidPage as exc:
            raise Http404("Không có trang này.") from exc
        return paginator, page, page.object_list, page.has_other_pages()


class SectionView(PaginatedArticles):
    template_name = "news/section.html"
    # 200 pages deep: a page's keys first (KeyedPaginator), so page 200 costs about what page 1
    # does (3 ms, not 15 ms, at 20,000 articles).
    paginator_class = KeyedPaginator

    def get_queryset(self):
        self.section = get_object_or_404(
            Section.objects.select_related("column"),
            column__year=self.kwargs["year"], slug=self.kwargs["section"],
        )
        return Article.objects.published().filter(section=self.section).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        column = self.section.column
        context["section"] = self.section
        context["breadcrumbs"] = [
            (column.title, column.get_absolute_url()),
            (self.section.title, None),
        ]
        return context


class TagView(PaginatedArticles):
    """A tag's articles, newest first.

    Its pages stay plain: a tag holds hundreds of articles, not thousands, and through the
    tag's rows the keyed form gets a slower cached plan from PostgreSQL (5.6 ms, not 4.0).
    """

    template_name = "news/tag.html"

    def get_queryset(self):
        self.tag = get_object_or_404(ArticleTag, slug=self.kwargs["slug"])
        return Article.objects.published().filter(tags=self.tag).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tag"] = self.tag
        context["breadcrumbs"] = [(f"Chủ đề: {self.tag.name}", None)]
        return context


def archive_months(queryset):
    """[(year, [{year, month, label, count}, ...]), ...] newest first, in one query."""
    rows = (
        queryset.annotate(month=TruncMonth("publish_at"))
        .values("month").annotate(count=Count("pk")).order_by("-month")
    )
    years = {}
    for row in rows:
        month = timezone.localtime(row["month"]) if timezone.is_aware(row["month"]) else row["month"]
        years.setdefault(month.year, []).append(
            {"year": month.year, "month": month.month, "label": MONTHS[month.month],
             "count": row["count"]}
        )
    return sorted(years.items(), reverse=True)


class ArchiveView(TemplateView):
    """Months with published articles, by year: the way into past years' columns."""

    template_name = "news/archive.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = archive_months(Article.objects.published())
        context["breadcrumbs"] = [("Lưu trữ", None)]
        return context


class MonthArchiveView(PaginatedArticles):
    template_name = "news/archive_month.html"
    paginator_class = KeyedPaginator

    def get_queryset(self):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not (1 <= month <= 12 and 2000 <= year <= 2100):
            raise Http404("Không có tháng này.")
        tz = timezone.get_current_timezone()
        start = timezone.datetime(year, month, 1, tzinfo=tz)
        end = timezone.datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=tz)
        return Article.objects.published().filter(publish_at__gte=start, publish_at__lt=end).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["label"] = f"{MONTHS[self.kwargs['month']]} năm {self.kwargs['year']}"
        context["breadcrumbs"] = [("Lưu trữ", cached_reverse("news:archive")), (context["label"], None)]
        return context


def article_json_ld(request, article, tags):
    """schema.org NewsArticle (the template writes it with the ``json_ld`` filter)."""
    site = settings.SITE_URL
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": article.publish_at.isoformat(),
        "dateModified": (article.revised_at or article.publish_at).isoformat(),
        "mainEntityOfPage": site + article.get_absolute_url(),
        "articleSection": article.section.title,
        "inLanguage": "vi",
        "author": {"@type": "Organization", "name": article.byline or settings.PORTAL["agency"]},
        "publisher": {"@type": "GovernmentOrganization", "name": settings.PORTAL["agency"],
                      "url": site + "/"},
        "keywords": [t.name for t in tags],
    }
    if article.cover_image:
        data["image"] = [site + article.cover_image.url]
    return data


def article_context(request, article, preview=False):
    """Everything the article page shows, in a fixed number of queries."""
    links = article_links(article)
    column = article.section.column
    return {
        "article": article,
        "article_url": article.get_absolute_url(),
        "tags": links.tags,
        "related": links.related,
        "related_documents": links.extra.get("document", []),
        "latest_in_section": links.latest_in_section,
        "previous": links.previous,
        "next": links.next,
        "preview": preview,
        "json_ld": article_json_ld(request, article, links.tags) if article.publish_at else "",
        "meta_description": strip_tags(article.lead)[:160],
        "breadcrumbs": [
            (column.title, column.get_absolute_url()),
            (article.section.title, article.section.get_absolute_url()),
            (article.title, None),
        ],
    }


def article_queryset():
    """Articles as the article page loads them: with their section and column."""
    return Article.objects.select_related("section__column")


class ArticleDetailView(DetailView):
    """A public article; withdrawn or expired answers 410, unknown or not yet public 404."""

    template_name = "news/article_detail.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        # Slugs are unique: no ORDER BY (first() would add one), and no deferred columns
        # either: building either costs more than it saves on one row.
        found = list(article_queryset().filter(slug=self.kwargs["slug"]).order_by()[:1])
        article = found[0] if found else None
        if article is None or not article.is_public:
            if article is not None and article.is_gone:
                return render(request, "news/article_gone.html",
                              {"article": article, "breadcrumbs": [("Bài viết không còn", None)]},
                              status=410)
            raise Http404("Không có bài viết này.")
        self.object = article
        return self.render_to_response(article_context(request, article))
