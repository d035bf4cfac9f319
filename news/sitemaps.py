from django.db.models import Exists, Max, OuterRef

from examportal.sitemaps import PortalSitemap

from .models import Article, ArticleTag, Column, Section, TaggedArticle


class ArticleSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("-publish_at", "pk")

    def lastmod(self, article):
        return article.updated_at


class ColumnSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 0.9

    def items(self):
        return Column.objects.annotate(
            newest=Max("sections__articles__updated_at")).order_by("-year")

    def lastmod(self, column):
        return column.newest


class SectionSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return Section.objects.select_related("column").annotate(
            newest=Max("articles__updated_at")).order_by("column__year", "position")

    def lastmod(self, section):
        return section.newest


class TagSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        public = TaggedArticle.objects.filter(
            tag=OuterRef("pk"), content_object__in=Article.objects.published())
        return ArticleTag.objects.filter(Exists(public)).order_by("slug")
