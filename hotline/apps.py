from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = "Đường dây nóng"
    default_auto_field = "django.db.models.BigAutoField"
    contributes = {
        "key_pages": ["hotline.search.key_pages"],
        "staff_start": ["hotline.start.section"],
        "private_root": ["hotline.conf.private_root"],
        "request_body_limits": {"hotline": "hotline.conf.max_request_bytes"},
    }

    def ready(self):
        from . import identity_access

        identity_access.connect()
