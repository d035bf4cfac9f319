from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "qa"
    verbose_name = "Hỏi – đáp về Kỳ thi"
    contributes = {
        "key_pages": ["qa.search.key_pages"],
        "staff_start": ["qa.start.section"],
        "search": ["qa.search.provider"],
        "sitemaps": {
            "hoi-dap": "qa.sitemaps.QuestionTopicSitemap",
            "cau-hoi": "qa.sitemaps.QuestionSitemap",
        },
        "page_cache_content": ["qa"],
    }
