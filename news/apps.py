from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức"
    contributes = {
        "year_opening": ["news.years.open_year"],
    }

    def ready(self):
        from . import signals  # noqa: F401
