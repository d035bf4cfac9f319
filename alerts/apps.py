from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Nhận tin qua thư điện tử"
    contributes = {
        "key_pages": ["alerts.search.key_pages"],
        "staff_start": ["alerts.start.section"],
        "year_opening": ["alerts.years.open_year"],
    }

    def ready(self):
        from . import signals  # noqa: F401
