from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "Đơn vị, báo cáo chuẩn bị thi"
    default_auto_field = "django.db.models.BigAutoField"

    contributes = {
        # Units and their reports are staff records: no public page shows them.
        "page_cache_private_models": ["units.unit", "units.unitmembership"],
    }
