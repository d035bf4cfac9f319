from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = "Đường dây nóng"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import identity_access

        identity_access.connect()
