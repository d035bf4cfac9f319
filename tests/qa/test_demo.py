import io

import pytest

from qa import demo
from qa.models import Question, Status, Topic


@pytest.mark.django_db
def test_demo_questions_cover_every_topic_and_are_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    from documents import demo as documents_demo

    documents_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    published = Question.objects.published()
    assert published.count() >= 20
    assert set(published.values_list("topic", flat=True)) == set(Topic.values)
    assert Question.objects.filter(status=Status.PENDING).count() >= 3
    assert Question.objects.pinned().exists()
    assert published.filter(cited_documents__number="15/2020/TT-BGDĐT").exists()
    assert all(demo.SAMPLE_NOTE in q.answer for q in published)
    assert not Question.objects.exclude(asker_email="").exists()
