from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "exams"
    verbose_name = "Buổi thi, điểm thi"
    default_auto_field = "django.db.models.BigAutoField"

    contributes = {
        "key_pages": ["exams.search.key_pages"],
        "staff_start": ["exams.start.section"],
        "year_opening": ["exams.years.open_year"],
        "key_dates": ["exams.years.key_dates"],
        "page_cache_content": ["exams"],
        # Staff-only records: a site's reports and who reports for it are never on a public page.
        "page_cache_private_models": ["exams.sitemembership", "exams.sessionreport",
                                      "exams.sessionreportversion"],
        "page_cache_schedule": ["exams.selectors.next_schedule_change"],
    }
