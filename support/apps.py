from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Hỗ trợ thí sinh"
    default_auto_field = "django.db.models.BigAutoField"
