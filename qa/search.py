"""Question search, the way news.search does it for articles.

On PostgreSQL: full-text search over the stored, already unaccented and lower-cased text
(``search_title`` weight A, ``search_body`` weight B) with the GIN index of migration 0002; the
last word may be the start of a word. On SQLite: every word must appear in the stored text.
Either way "phuc khao" finds "Phúc khảo" and title matches come first.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.expressions import RawSQL

from news.search import query_terms

# Must stay identical to the indexed expression of migration 0002, or the index is not used.
QUESTION_VECTOR_SQL = (
    "(setweight(to_tsvector('simple'::regconfig, qa_question.search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, qa_question.search_body), 'B'))"
)


def search_questions(queryset, query):
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    title_match = Q()
    for term in terms:
        title_match &= Q(search_title__contains=term)
    title_first = Case(When(title_match, then=Value(True)), default=Value(False),
                       output_field=BooleanField())
    if connections[queryset.db].vendor == "postgresql":
        tsquery = SearchQuery(" & ".join([*terms[:-1], f"{terms[-1]}:*"]), config="simple",
                              search_type="raw")
        vector = RawSQL(QUESTION_VECTOR_SQL, [], output_field=SearchVectorField())  # noqa: S611
        return (
            queryset.annotate(search_vector=vector)
            .filter(search_vector=tsquery)
            .annotate(title_first=title_first, rank=SearchRank(vector, tsquery))
            .order_by("-title_first", "-rank", "-answered_at", "-pk")
        )
    match = Q()
    for term in terms:
        match &= Q(search_title__contains=term) | Q(search_body__contains=term)
    return (
        queryset.filter(match)
        .annotate(title_first=title_first)
        .order_by("-title_first", "-answered_at", "-pk")
    )


def question_results(query, limit=10):
    """Answered questions matching ``query`` as site-search lines (news.search.Result)."""
    from django.utils.text import Truncator

    from news.search import Result

    from .models import Question

    questions = Question.objects.published().search(query)[:limit]
    return [
        Result("Hỏi – đáp", q.display_title, q.get_absolute_url(),
               Truncator(q.answer).words(40), q.answered_at, meta=q.get_topic_display())
        for q in questions
    ]
