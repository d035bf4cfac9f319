from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = "Hỗ trợ thí sinh"
    default_auto_field = "django.db.models.BigAutoField"

    contributes = {
        "staff_start": ["support.start.section"],
        "search": ["support.search.provider"],
        "key_pages": ["support.search.key_pages"],
        "sitemaps": {"ho-tro-thi-sinh": "support.sitemaps.OfferSitemap"},
        "feed_items": ["support.feeds.offers"],
        "page_cache_content": ["support"],
        # The good-deeds form takes up to five photos; nginx lets that much through to it.
        "request_body_limits": {"stories": "support.conf.max_request_bytes"},
        # An offer leaves the public pages when its last day is over, with no write.
        "page_cache_schedule": ["support.models.next_public_change"],
        # Staff-only records: an offer's audit trail and the senders of good-deeds stories.
        "page_cache_private_models": ["support.offerevent", "support.gooddeedstory",
                                      "support.gooddeedphoto"],
    }

    def ready(self):
        from . import publishing  # noqa: F401  (a story's photos go public with its article)
