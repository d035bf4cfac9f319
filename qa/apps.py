from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "qa"
    verbose_name = "Hỏi – đáp về Kỳ thi"
    contributes = {
        "page_cache_content": ["qa"],
    }
