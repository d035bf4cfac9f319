"""Offers in the site search (``provider``) and the page itself among the key pages
(``key_pages``), declared in SupportConfig.contributes.

Offers are few (tens a year), so every word of the query must appear in the stored,
unaccented ``search_text`` (``contains``, on PostgreSQL and SQLite alike): "nha tro" finds
"Nhà trọ".
"""

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from examportal.search import KeyPage, Result, SearchProvider, query_terms

LIMIT = 30


def offer_results(query, limit=LIMIT):
    from .models import SupportOffer

    terms = query_terms(query)
    if not terms:
        return []
    match = Q()
    for term in terms:
        match &= Q(search_text__contains=term)
    offers = (SupportOffer.objects.published().filter(match).select_related("site")
              .order_by("-year", "-published_at", "-pk")[:limit])
    return [
        Result("Hỗ trợ thí sinh", offer.title, offer.get_absolute_url(),
               Truncator(f"{offer.provider}. {offer.address}. {offer.conditions}").words(30),
               offer.published_at,
               meta=f"{offer.get_kind_display()} — {offer.get_district_display()}")
        for offer in offers
    ]


provider = SearchProvider("ho-tro-thi-sinh", "Hỗ trợ thí sinh", offer_results)


def key_pages():
    return [
        KeyPage(
            "Hỗ trợ thí sinh ở xa điểm thi", reverse("support:offers"),
            "Nhà trọ miễn phí, suất ăn, xe đưa đón, chỗ ôn tập gần các điểm thi, theo huyện.",
            ("hỗ trợ thí sinh", "nhà trọ miễn phí", "nhà trọ", "chỗ ở miễn phí", "chỗ trọ",
             "xe đưa đón", "suất ăn", "bữa ăn miễn phí", "tiếp sức mùa thi"),
        ),
        KeyPage(
            "Gửi gương người tốt, việc tốt", reverse("support:story-form"),
            "Kể một việc tốt trong Kỳ thi, kèm ảnh, để Sở GDĐT biên tập và đăng.",
            ("gương người tốt", "người tốt việc tốt", "việc tốt"),
        ),
    ]
