from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức"
    contributes = {
        "key_pages": ["news.search.key_pages"],
        "staff_start": ["news.start.section"],
        "year_opening": ["news.years.open_year"],
        "search": ["news.search.provider"],
        "sitemaps": {
            "chuyen-muc": "news.sitemaps.ColumnSitemap",
            "chuyen-muc-con": "news.sitemaps.SectionSitemap",
            "bai-viet": "news.sitemaps.ArticleSitemap",
            "chu-de": "news.sitemaps.TagSitemap",
        },
        # Articles are tagged through django-taggit's base classes.
        "page_cache_content": ["news", "taggit"],
        # The workflow's log and the revisions are shown to staff only.
        "page_cache_private_models": ["news.articleevent", "news.revision"],
        "page_cache_schedule": ["news.models.next_public_change"],
    }

    def ready(self):
        from . import signals  # noqa: F401
