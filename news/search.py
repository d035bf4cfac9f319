"""Site search.

Articles: on PostgreSQL, full-text search over the stored unaccented text through the stored,
GIN-indexed vector of migration 0006 (title weighted A, the rest B), ranking the newest 1,000
matches; on SQLite, a match of every word against the same stored text. Either way the query is
unaccented and lower-cased like the stored text, so "ky thi" finds "Kỳ thi", and title matches
come first.

``OTHER_RESULTS`` is the one place where other apps' results join the site search: each entry
names a function ``(query, limit) -> [Result]``; an app that is not installed is skipped.
"""

import re
from importlib import import_module

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import BooleanField, Case, Q, Value, When

from examportal.db import StoredColumn
from examportal.text import search_text

MAX_TERMS = 8
_WORD = re.compile(r"[a-z0-9]+")
# The stored, GIN-indexed vector of migration 0006 (weights: title A, the rest B).
ARTICLE_VECTOR_COLUMN = "search_vector"
# Ranking looks at the newest matches only, so a word in every article stays fast.
SEARCH_WINDOW = 1000


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


def article_vector():
    return StoredColumn(ARTICLE_VECTOR_COLUMN, output_field=SearchVectorField())


def search_articles(queryset, query):
    return search_stored_text(queryset, query, article_vector(), "publish_at")


def ranked_article_ids(queryset, query):
    """Ids of the public articles matching ``query``, best first, for the site search."""
    return ranked_ids(queryset, query, article_vector(), "publish_at", SEARCH_WINDOW)


class Result:
    """One line of the site search, whatever kind of item it is."""

    def __init__(self, kind, title, url, excerpt, date, meta=""):
        self.kind, self.title, self.url = kind, title, url
        self.excerpt, self.date, self.meta = excerpt, date, meta


def _document_model():
    try:
        from documents.models import Document
    except ImportError:
        return None
    manager = Document.objects
    if not hasattr(manager, "published") or not hasattr(manager.published(), "search"):
        return None
    return Document


def documents_search_available():
    return _document_model() is not None


def document_results(query, limit):
    """Published documents matching ``query``, or [] while the documents app lacks search."""
    Document = _document_model()
    if Document is None:
        return []
    # Only what a result line shows: the sort over every match then moves narrow rows.
    documents = (Document.objects.published().search(query)
                 .only("number", "document_type", "excerpt", "issue_date")[:limit])
    return [
        Result("Văn bản", getattr(d, "excerpt", "") or str(d), d.get_absolute_url(), "",
               getattr(d, "issue_date", None), meta=getattr(d, "number", ""))
        for d in documents
    ]


# (filter key in the URL, label on each result, "module.function")
OTHER_RESULTS = [
    ("van-ban", "Văn bản", "news.search.document_results"),
    ("hoi-dap", "Hỏi – đáp", "qa.search.question_results"),
]


def other_providers():
    """The providers of OTHER_RESULTS that exist here: [(key, label, function)]."""
    providers = []
    for key, label, path in OTHER_RESULTS:
        module_name, name = path.rsplit(".", 1)
        try:
            function = getattr(import_module(module_name), name)
        except (ImportError, AttributeError):
            continue
        if path == "news.search.document_results" and not documents_search_available():
            continue
        providers.append((key, label, function))
    return providers
