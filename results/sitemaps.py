"""The results' sitemap section: the lookup and statistics pages of released years only."""

from django.urls import reverse

from examportal.sitemaps import PortalSitemap

from .selectors import released_years


class ResultsSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [(year, page) for year in released_years() for page in ("lookup", "statistics")]

    def location(self, item):
        year, page = item
        return reverse(f"results:{page}", kwargs={"year": year})
