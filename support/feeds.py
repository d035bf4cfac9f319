"""Published offers in the column's feeds (``feed_items``, consumed by news.feeds): a parent who
follows the year's column in a feed reader hears of free lodging, meals and rides as soon as an
editor publishes them."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Max

from .models import SupportOffer


@dataclass(frozen=True)
class FeedEntry:
    """One feed item, with the attributes news.feeds reads from an article."""

    title: str
    lead: str
    url: str
    publish_at: datetime
    updated_at: datetime
    byline: str
    categories: list = field(default_factory=list)
    cover_image: None = None

    def get_absolute_url(self):
        return self.url


class OfferFeedItems:
    def _published(self, year):
        return SupportOffer.objects.published().filter(year=year).order_by()

    def items(self, year, limit):
        offers = (self._published(year).filter(published_at__isnull=False)
                  .order_by("-published_at", "-pk")[:limit])
        return [
            FeedEntry(
                title=f"Hỗ trợ thí sinh: {offer.title} ({offer.get_district_display()})",
                lead=(f"{offer.get_kind_display()} — {offer.provider}. {offer.address}. Từ "
                      f"{offer.starts_on:%d/%m} đến {offer.ends_on:%d/%m/%Y}. Liên hệ: "
                      f"{offer.phone}."),
                url=offer.get_absolute_url(), publish_at=offer.published_at,
                updated_at=offer.updated_at, byline=offer.provider,
                categories=["Hỗ trợ thí sinh", offer.get_kind_display()],
            )
            for offer in offers
        ]

    def state(self, year):
        """Single-value querysets that change whenever the list changes (count, newest edit)."""
        published = self._published(year)
        return [
            published.values("year").annotate(n=Count("pk")).values("n")[:1],
            published.values("year").annotate(m=Max("updated_at")).values("m")[:1],
        ]


offers = OfferFeedItems()
