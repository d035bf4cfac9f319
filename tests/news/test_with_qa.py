"""Site search once the Q&A app exists: answered questions are listed, marked "Hỏi – đáp"."""

import pytest

qa_models = pytest.importorskip("qa.models")
qa_services = pytest.importorskip("qa.services")
pytestmark = pytest.mark.django_db


def test_site_search_lists_answered_questions_marked(client, make_article):
    question = qa_services.ask_question(topic=qa_models.Topic.REVIEW, text="Điểm liệt là bao nhiêu?",
                                        asker_name="Nguyễn Văn An", asker_email="", show_full_name=False)
    qa_services.answer_question(question, None, answer="Điểm liệt là 1,0 điểm trở xuống.")
    qa_services.ask_question(topic=qa_models.Topic.REVIEW, text="Điểm liệt chưa trả lời?",
                             asker_name="Lò Thị Hoa", asker_email="", show_full_name=False)
    make_article(title="Điểm liệt và xét tốt nghiệp")
    html = client.get("/tim-kiem/", {"q": "diem liet"}).content.decode()
    assert ">Hỏi – đáp</span>" in html and ">Bài viết</span>" in html
    assert "Điểm liệt là bao nhiêu?" in html and "chưa trả lời" not in html
    only = client.get("/tim-kiem/", {"q": "diem liet", "loai": "hoi-dap"}).content.decode()
    assert ">Bài viết</span>" not in only and "Điểm liệt là bao nhiêu?" in only
