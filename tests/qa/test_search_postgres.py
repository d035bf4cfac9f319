import pytest
from django.db import connection
from django.utils import timezone

from qa.models import Question, Status, Topic


@pytest.mark.django_db
def test_postgres_search_uses_the_gin_index_and_prefixes(postgres_only, make_question):
    wanted = make_question(text="Thí sinh bị điểm liệt có được công nhận tốt nghiệp không?",
                           topic=Topic.GRADUATION)
    now = timezone.now()
    Question.objects.bulk_create([
        Question(topic=Topic.OTHER, text=f"Câu hỏi {n}", slug=f"cau-hoi-{n}", status=Status.ANSWERED,
                 answer="x", answered_at=now, search_title=f"cau hoi {n} lich thi",
                 search_body=f"noi dung so {n} dang ky du thi")
        for n in range(3000)
    ])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE qa_question")
    queryset = Question.objects.published().search("diem liet")
    assert list(queryset) == [wanted]
    # The last word may be the start of a word, as people type.
    assert list(Question.objects.published().search("điểm li")) == [wanted]
    plan = queryset.explain()
    print("\n" + plan)
    assert "qa_question_search_gin" in plan
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'qa_question_search_gin'")
        assert "USING gin" in cursor.fetchone()[0]
