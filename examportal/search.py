"""The site search's building blocks: query words, stored-text matching and ranking, the result
line, and the provider each app contributes (``search`` in its AppConfig's ``contributes``;
the page that puts them together is portal.views.SearchView).

Every searchable model stores its text unaccented and lower-cased (``search_title``,
``search_body``; examportal.text.search_text), and the query is spelled the same way, so
"ky thi" finds "Kỳ thi". On PostgreSQL the match and the rank use the model's GIN-indexed
tsvector; on SQLite every word must appear in the stored text. Either way the words may be the
start of a word, and title matches come first.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import BooleanField, Case, Q, Value, When

from examportal.text import search_text

MAX_TERMS = 8
_WORD = re.compile(r"[a-z0-9]+")


def query_terms(query):
    """The words of ``query`` as stored text spells them: unaccented, lower case, ≤ 8."""
    return _WORD.findall(search_text(query))[:MAX_TERMS]


def _title_first(terms):
    """True for rows whose title holds every term: they are listed first."""
    title_match = Q()
    for term in terms:
        title_match &= Q(search_title__contains=term)
    return Case(When(title_match, then=Value(True)), default=Value(False),
                output_field=BooleanField())


def _matching(queryset, terms, vector):
    """(rows matching every term, the tsquery on PostgreSQL or None elsewhere)."""
    if connections[queryset.db].vendor == "postgresql":
        tsquery = SearchQuery(" & ".join(f"{t}:*" for t in terms), config="simple",
                              search_type="raw")
        return queryset.annotate(match_vector=vector).filter(match_vector=tsquery), tsquery
    match = Q()
    for term in terms:
        match &= Q(search_title__contains=term) | Q(search_body__contains=term)
    return queryset.filter(match), None


def search_stored_text(queryset, query, vector, newest_field):
    """Rows of ``queryset`` whose stored ``search_title``/``search_body`` match every word of
    ``query`` (as a prefix), title matches first, then by rank and ``newest_field``.

    PostgreSQL uses the GIN-indexed tsvector ``vector`` (an expression that must be the indexed
    one); SQLite matches the same stored text. The site search ranks only the newest matches
    (``ranked_ids``); this queryset ranks them all.
    """
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    matches, tsquery = _matching(queryset, terms, vector)
    if tsquery is None:
        return (matches.annotate(title_first=_title_first(terms))
                .order_by("-title_first", f"-{newest_field}", "-pk"))
    return (
        matches.annotate(title_first=_title_first(terms), rank=SearchRank(vector, tsquery))
        .order_by("-title_first", "-rank", f"-{newest_field}", "-pk")
    )


def ranked_ids(queryset, query, vector, newest_field, window):
    """Ids of the newest ``window`` rows that ``search_stored_text`` finds, in its order.

    One pass over those matches computes each one's title match (and rank, on PostgreSQL) and
    Python sorts those few tuples; ranking them in the database would join the matches back
    to the table and sort again (twice the time at 20,000 articles).
    """
    terms = query_terms(query)
    if not terms:
        return []
    matches, tsquery = _matching(queryset, terms, vector)
    rank = Value(0.0) if tsquery is None else SearchRank(vector, tsquery)
    newest_first = (
        matches.annotate(title_first=_title_first(terms), rank=rank)
        .order_by(f"-{newest_field}", "-pk")
        .values_list("title_first", "rank", "pk")[:window]
    )
    # Title matches, then rank, then the newest (the rows' own order: no dates to load).
    ranked = sorted(enumerate(newest_first), key=lambda item: (item[1][0], item[1][1], -item[0]),
                    reverse=True)
    return [row[2] for _position, row in ranked]


class Result:
    """One line of the site search, whatever kind of item it is."""

    def __init__(self, kind, title, url, excerpt, date, meta=""):
        self.kind, self.title, self.url = kind, title, url
        self.excerpt, self.date, self.meta = excerpt, date, meta


@dataclass(frozen=True)
class SearchProvider:
    """One kind of result in the site search, contributed by an app.

    ``key`` is its value of the page's ``loai`` filter and ``label`` the filter's name (also
    each line's kind). ``find(query)`` returns its results, best first, as a sequence of
    ``Result`` (``len()`` and slices: a list, or a sequence that loads only the slice a page
    asks for). ``listed_first``: few, official results (documents, answered questions) come
    before the others on the page; otherwise the order of INSTALLED_APPS.
    """

    key: str
    label: str
    find: Callable
    listed_first: bool = False


@dataclass(frozen=True)
class KeyPage:
    """One of the portal's own pages (the schedule, the hotline, …) that the site search shows in
    a block above the results when the query names it (``key_pages`` in an app's
    ``contributes``: ``f() -> list[KeyPage]``). ``words`` are the phrases that name the page, in
    Vietnamese with diacritics; matching ignores diacritics and case."""

    title: str
    url: str
    description: str
    words: tuple[str, ...]
