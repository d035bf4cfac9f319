from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"
    contributes = {
        "key_pages": ["documents.search.key_pages"],
        "staff_start": ["documents.start.section"],
        "search": ["documents.search.provider"],
        "sitemaps": {"van-ban": "documents.sitemaps.DocumentSitemap"},
        "page_cache_content": ["documents"],
        "page_cache_schedule": ["documents.models.next_public_change"],
        "article_links": {"document": "documents.links.RelatedDocuments"},
        # The admin's document form: three files at their limit plus the text.
        "request_body_limits": {"admin": "documents.services.max_admin_request_bytes"},
    }

    def ready(self):
        from . import signals  # noqa: F401
