from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "Đơn vị, báo cáo chuẩn bị thi"
    default_auto_field = "django.db.models.BigAutoField"

    contributes = {
        # The reporting deadline is a key date of its year (home page, column); the rest are
        # staff records that no public page shows.
        "page_cache_content": ["units.reportinground"],
        "key_dates": ["units.years.key_dates"],
        "year_opening": ["units.years.open_year"],
        "staff_start": ["units.start.section"],
    }
