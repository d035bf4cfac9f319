from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = "Kết quả thi"
    default_auto_field = "django.db.models.BigAutoField"
    contributes = {
        "key_pages": ["results.search.key_pages"],
        "staff_start": ["results.start.section"],
        "search": ["results.search.provider"],
        "sitemaps": {"ket-qua-thi": "results.sitemaps.ResultsSitemap"},
        # A confirmed version, a correction or a release time changes the public pages.
        "page_cache_content": ["results"],
        # Staged uploads, import jobs and the audit trail are staff-only.
        "page_cache_private_models": ["results.pendingimport", "results.pendingrow",
                                      "results.importjob", "results.auditentry"],
        # The release instant: the "not yet" page is never kept past it.
        "page_cache_schedule": ["results.selectors.next_release"],
        # Results day: a lookup answered before the page cache and Django (results.fastpath).
        "wsgi_fast_paths": ["results.fastpath.LookupApp"],
        # The import screen takes the score file (nginx's limit for it, deploy/).
        "request_body_limits": {"results": "results.importing.max_request_bytes"},
    }
