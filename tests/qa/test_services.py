import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from examportal.roles import CONTRIBUTORS
from examportal.services import ServiceError
from qa import services
from qa.models import Question, Status, Topic, initials


def test_initials():
    assert initials("Nguyễn Văn An") == "N.V.A."
    assert initials("  đặng   thị  ") == "Đ.T."
    assert initials("") == ""


@pytest.mark.django_db
def test_asked_question_is_private_until_answered(make_question, editor, django_capture_on_commit_callbacks):
    question = make_question(answered=False, asker_email="Phuhuynh@Example.org")
    assert question.status == Status.PENDING
    assert question.asker_email == "phuhuynh@example.org"
    assert not Question.objects.published().exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(question, editor, answer="Nộp đơn tại trường.\n\nTrong 10 ngày.")
    question.refresh_from_db()
    assert question.status == Status.ANSWERED and question.answered_by == editor
    assert list(Question.objects.published()) == [question]
    # The asker is told once, with an absolute link, then the address is erased.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["phuhuynh@example.org"]
    assert "http://testserver" not in message.body
    assert question.get_absolute_url() in message.body
    assert message.body.count("http") >= 1 and message.alternatives[0][1] == "text/html"
    assert question.asker_email == "" and question.asker_notified_at is not None
    # Correcting the answer later tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(question, editor, answer="Sửa lại trả lời.")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_only_reviewers_answer(make_question, make_staff):
    question = make_question(answered=False)
    with pytest.raises(PermissionDenied):
        services.answer_question(question, make_staff(CONTRIBUTORS), answer="Không được.")
    question.refresh_from_db()
    assert question.status == Status.PENDING and question.answer == ""


@pytest.mark.django_db
def test_rules_refuse_with_vietnamese_messages(make_question, editor):
    question = make_question(answered=False)
    with pytest.raises(ServiceError, match="nội dung trả lời"):
        services.answer_question(question, editor, answer="   ")
    with pytest.raises(ServiceError, match="lý do"):
        services.decline_question(question, editor, reason="")
    with pytest.raises(ServiceError, match="đã có trả lời công khai"):
        services.merge_question(question, editor, into=make_question(answered=False))
    with pytest.raises(ServiceError, match="chính nó"):
        services.merge_question(question, editor, into=question)
    with pytest.raises(ServiceError, match="chủ đề"):
        services.ask_question(topic="khong-co", text="Một câu hỏi đủ dài để gửi đi")
    question.refresh_from_db()
    assert question.status == Status.PENDING


@pytest.mark.django_db
def test_merge_sends_the_asker_to_the_existing_answer(make_question, editor,
                                                      django_capture_on_commit_callbacks):
    existing = make_question(text="Phúc khảo nộp đơn ở đâu?")
    duplicate = make_question(answered=False, asker_email="hs@example.org",
                              text="Cho em hỏi nộp đơn phúc khảo ở chỗ nào ạ?")
    with django_capture_on_commit_callbacks(execute=True):
        services.merge_question(duplicate, editor, into=existing)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED and duplicate.merged_into == existing
    assert list(Question.objects.published()) == [existing]
    assert existing.get_absolute_url() in mail.outbox[0].body
    with pytest.raises(ServiceError):
        services.answer_question(duplicate, editor, answer="Không trả lời câu đã gộp.")


@pytest.mark.django_db
def test_decline_tells_the_reason(make_question, editor, django_capture_on_commit_callbacks):
    question = make_question(answered=False, asker_email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_question(question, editor, reason="Câu hỏi có thông tin cá nhân.")
    question.refresh_from_db()
    assert question.status == Status.DECLINED
    assert "Câu hỏi có thông tin cá nhân." in mail.outbox[0].body
    assert not Question.objects.published().exists()


@pytest.mark.django_db
def test_failed_mail_keeps_the_address_for_a_retry(make_question, editor, settings,
                                                    django_capture_on_commit_callbacks):
    question = make_question(answered=False, asker_email="a@example.org")
    settings.EMAIL_BACKEND = "tests.alerts.failing_backend.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(question, editor, answer="Trả lời.")
    question.refresh_from_db()
    assert question.is_public and question.asker_email == "a@example.org"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.notify_waiting_askers() == 1
    question.refresh_from_db()
    assert question.asker_email == "" and len(mail.outbox) == 1


@pytest.mark.django_db
def test_pinned_search_and_unpublish(make_question, editor):
    pinned = make_question(text="Thí sinh đến muộn bao nhiêu phút thì không được dự thi?", pinned=True)
    make_question(text="Điểm liệt là bao nhiêu?")
    assert list(Question.objects.pinned()) == [pinned]
    found = list(Question.objects.published().search("den muon"))
    assert found == [pinned]
    assert list(Question.objects.published().search("ĐẾN MUỘN")) == [pinned]
    assert list(Question.objects.published().search("   ")) == []
    services.unpublish_question(pinned, editor)
    assert not Question.objects.pinned().exists()
    assert list(Question.objects.published().search("den muon")) == []


@pytest.mark.django_db
def test_record_view_counts_with_one_update(make_question, django_assert_num_queries):
    question = make_question()
    with django_assert_num_queries(1):
        services.record_view(question)
    question.refresh_from_db()
    assert question.view_count == 1


@pytest.mark.django_db
def test_public_name_and_title(make_question):
    question = make_question(asker_name="Lò Thị Hoa", text="  Câu   hỏi " + "rất dài " * 30)
    assert question.public_name == "L.T.H."
    assert question.display_title.endswith("…") and len(question.display_title) <= 121
    question.show_full_name = True
    assert question.public_name == "Lò Thị Hoa"
    question.asker_name = ""
    assert question.public_name == "Bạn đọc"
    assert Topic.COVID.label == "COVID-19"


@pytest.mark.django_db
def test_helpers_for_the_column_page_and_site_search(make_question, django_assert_num_queries):
    from django.template import Context, Template

    from qa.search import question_results

    pinned = make_question(text="Lịch thi năm 2021 thế nào?", pinned=True)
    make_question(text="Điểm liệt là bao nhiêu?")
    with django_assert_num_queries(1):
        html = Template("{% load qa %}{% qa_pinned 4 3 %}").render(Context({}))
    assert pinned.get_absolute_url() in html and "<h3" in html and "Điểm liệt" not in html
    results = question_results("diem liet")
    assert [r.title for r in results] == ["Điểm liệt là bao nhiêu?"]
    assert results[0].kind == "Hỏi – đáp" and results[0].url.startswith("/hoi-dap/cau-hoi/")


@pytest.mark.django_db
def test_addresses_on_questions_left_waiting_are_erased(make_question, settings):
    import io
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    settings.QA_EMAIL_RETENTION_DAYS = 30
    old = make_question(answered=False, asker_email="cu@example.org")
    new = make_question(answered=False, asker_email="moi@example.org")
    Question.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    out = io.StringIO()
    call_command("notify_askers", stdout=out)
    assert "đã xóa 1 địa chỉ" in out.getvalue()
    assert Question.objects.get(pk=old.pk).asker_email == ""
    assert Question.objects.get(pk=new.pk).asker_email == "moi@example.org"
