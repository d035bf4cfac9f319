"""The offers near each exam site on the sites page: one query for the whole page."""

from django import template

from ..models import SupportOffer

register = template.Library()


@register.simple_tag
def offers_near_sites(year):
    """{site id: [published offers at that site]} for the year, in one query."""
    near = {}
    if not year:
        return near
    offers = (SupportOffer.objects.published().for_year(year).filter(site__isnull=False)
              .order_by("kind", "starts_on", "pk"))
    for offer in offers:
        near.setdefault(offer.site_id, []).append(offer)
    return near


@register.filter
def offers_at(near, site_id):
    return near.get(site_id, []) if near else []
