"""The offers near each exam site on the sites page: one query for the whole page."""

from dataclasses import dataclass, field

from django import template

from ..models import SupportOffer

register = template.Library()


@dataclass
class Near:
    """The year's published offers by exam site, and the districts that have any."""

    by_site: dict = field(default_factory=dict)
    districts: set = field(default_factory=set)


@register.simple_tag
def offers_near_sites(year):
    near = Near()
    if not year:
        return near
    offers = SupportOffer.objects.published().for_year(year).order_by("kind", "starts_on", "pk")
    for offer in offers:
        near.districts.add(offer.district)
        if offer.site_id is not None:
            near.by_site.setdefault(offer.site_id, []).append(offer)
    return near


@register.filter
def offers_at(near, site_id):
    return near.by_site.get(site_id, []) if near else []


@register.filter
def has_offers_in(near, district):
    return bool(near) and district in near.districts
