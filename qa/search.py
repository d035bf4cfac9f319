"""Question search (examportal.search's stored-text matching, as for articles), and the
questions' part of the site search (``provider``, declared in QaConfig.contributes).

On PostgreSQL: full-text search over the stored, already unaccented and lower-cased text
(``search_title`` weight A, ``search_body`` weight B) with the GIN index of migration 0002; the
words may be the start of a word. On SQLite: every word must appear in the stored text.
Either way "phuc khao" finds "Phúc khảo" and title matches come first.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db.models.expressions import RawSQL
from django.urls import reverse

from examportal.search import KeyPage, Result, SearchProvider, search_stored_text

LIMIT = 50
# Must stay identical to the indexed expression of migration 0002, or the index is not used.
QUESTION_VECTOR_SQL = (
    "(setweight(to_tsvector('simple'::regconfig, qa_question.search_title), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, qa_question.search_body), 'B'))"
)


def search_questions(queryset, query):
    vector = RawSQL(QUESTION_VECTOR_SQL, [], output_field=SearchVectorField())  # noqa: S611
    return search_stored_text(queryset, query, vector, "answered_at")


def question_results(query, limit=LIMIT):
    """Answered questions matching ``query`` as site-search lines, best first."""
    from django.utils.text import Truncator

    from .models import Question

    questions = Question.objects.published().search(query)[:limit]
    return [
        Result("Hỏi – đáp", q.display_title, q.get_absolute_url(),
               Truncator(q.answer).words(40), q.answered_at, meta=q.get_topic_display())
        for q in questions
    ]


provider = SearchProvider("hoi-dap", "Hỏi – đáp", question_results, listed_first=True)


def key_pages():
    return [
        KeyPage("Hỏi – đáp về Kỳ thi", reverse("qa:question-list"),
                "Câu hỏi của thí sinh, phụ huynh và câu trả lời của Sở GDĐT; đặt câu hỏi mới.",
                ("hỏi đáp", "câu hỏi", "đặt câu hỏi", "giải đáp", "thắc mắc")),
        KeyPage("Tra cứu câu hỏi đã gửi", reverse("qa:lookup"),
                "Nhập mã tra cứu nhận được khi gửi câu hỏi để xem câu trả lời.",
                ("tra cứu câu hỏi", "mã câu hỏi", "câu hỏi đã gửi")),
    ]
