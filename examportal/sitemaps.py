"""The base class of every sitemap: apps subclass it for their sections (``sitemaps`` in their
AppConfig's ``contributes``); the index and the sections are served by portal.sitemaps."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class PortalSitemap(Sitemap):
    """A sitemap whose links start with SITE_URL, whatever host the request came to."""

    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc
