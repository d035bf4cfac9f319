from django.db.models import Max
from django.urls import reverse

from examportal.sitemaps import PortalSitemap

from .models import SupportOffer


class OfferSitemap(PortalSitemap):
    """The "Hỗ trợ thí sinh" page of each year with published offers, and its districts' print
    sheets (what schools print for their notice boards)."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        rows = (SupportOffer.objects.published().order_by()
                .values_list("year", "district").annotate(newest=Max("updated_at")))
        newest = {}
        for year, district, moment in rows:
            newest[(year, None)] = max(newest.get((year, None), moment), moment)
            newest[(year, district)] = moment
        self._newest = newest
        return sorted(newest, key=lambda key: (-key[0], key[1] or ""))

    def location(self, item):
        year, district = item
        if district is None:
            return reverse("support:offers-year", kwargs={"year": year})
        return reverse("support:print", kwargs={"year": year, "district": district})

    def lastmod(self, item):
        return self._newest.get(item)
