from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"
    contributes = {
        "page_cache_content": ["documents"],
        "page_cache_schedule": ["documents.models.next_public_change"],
    }

    def ready(self):
        from news.links import register_part

        from . import signals  # noqa: F401
        from .links import build_related_document, related_documents_sql

        register_part("document", related_documents_sql, build_related_document)
