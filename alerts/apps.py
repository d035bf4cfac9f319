from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Nhận tin qua thư điện tử"
    contributes = {
        "staff_start": ["alerts.start.section"],
        "year_opening": ["alerts.years.open_year"],
    }

    def ready(self):
        from . import signals  # noqa: F401
