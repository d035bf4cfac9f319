import pytest

from examportal.roles import EDITORS
from qa import services
from qa.models import Question, Topic


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.QA_MIN_FILL_SECONDS = 0


@pytest.fixture
def editor(make_staff):
    return make_staff(EDITORS, username="bientap", first_name="Hà", last_name="Nguyễn Thị Thu")


@pytest.fixture
def make_question(db):
    """A question; answered (public) unless answered=False."""
    counter = {"n": 0}

    def make(text=None, topic=Topic.REVIEW, answered=True, answer=None, **fields):
        counter["n"] += 1
        text = text or f"Câu hỏi thử số {counter['n']} về phúc khảo bài thi môn Ngữ văn?"
        question = services.ask_question(topic=topic, text=text,
                                         asker_name=fields.pop("asker_name", "Nguyễn Văn An"),
                                         asker_email=fields.pop("asker_email", ""),
                                         show_full_name=fields.pop("show_full_name", False))
        if answered:
            services.answer_question(question, None, answer=answer or f"Trả lời cho câu hỏi {counter['n']}.",
                                     **fields)
        return Question.objects.get(pk=question.pk)

    return make
