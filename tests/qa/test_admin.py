import pytest
from django.core import mail

from examportal import roles
from qa.models import Question, Status


def review_url(question):
    return f"/admin/qa/question/{question.pk}/xu-ly/"


@pytest.mark.django_db
@pytest.mark.parametrize("group,expected", [
    (roles.EDITORS, 200), (roles.ADMINISTRATORS, 200), (roles.CONTRIBUTORS, 403),
    (roles.OPERATORS, 403), (roles.INSPECTORS, 403),
])
def test_who_sees_the_queue(client, make_staff, make_question, group, expected):
    question = make_question(answered=False, asker_email="secret-parent@example.org")
    client.force_login(make_staff(group))
    response = client.get("/admin/qa/question/")
    assert response.status_code == expected
    response = client.get(review_url(question))
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "secret-parent@example.org" not in html
        assert "địa chỉ không hiển thị" in html
        assert client.get(f"/admin/qa/question/{question.pk}/change/").status_code == 200
        assert "secret-parent" not in client.get(f"/admin/qa/question/{question.pk}/change/").content.decode()


@pytest.mark.django_db
def test_administrators_read_but_do_not_answer(client, make_staff, make_question):
    question = make_question(answered=False)
    client.force_login(make_staff(roles.ADMINISTRATORS))
    assert "Trả lời và đăng" not in client.get(review_url(question)).content.decode()
    response = client.post(review_url(question), {"action": "answer", "a-answer": "X"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_editor_answers_cites_and_pins(client, editor, make_question, django_capture_on_commit_callbacks):
    question = make_question(answered=False, asker_email="ph@example.org")
    client.force_login(editor)
    data = {"action": "answer", "a-topic": "phuc-khao", "a-title": "Nộp đơn phúc khảo ở đâu?",
            "a-text": question.text, "a-answer": "Tại trường nơi đăng ký dự thi.", "a-pinned": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review_url(question), data)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.ANSWERED and question.pinned and question.answered_by == editor
    assert question.title == "Nộp đơn phúc khảo ở đâu?"
    assert len(mail.outbox) == 1 and question.get_absolute_url() in mail.outbox[0].body
    assert client.get(question.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_refused_answer_keeps_the_text(client, editor, make_question):
    question = make_question(answered=False)
    client.force_login(editor)
    response = client.post(review_url(question), {"action": "answer", "a-topic": "phuc-khao",
                                                  "a-title": "Tiêu đề giữ lại", "a-text": question.text,
                                                  "a-answer": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng nhập nội dung trả lời." in html and "Tiêu đề giữ lại" in html
    question.refresh_from_db()
    assert question.status == Status.PENDING and question.title == ""


@pytest.mark.django_db
def test_editor_merges_and_declines(client, editor, make_question):
    existing = make_question(text="Phúc khảo nộp đơn ở đâu?")
    duplicate = make_question(answered=False)
    declined = make_question(answered=False)
    client.force_login(editor)
    assert client.post(review_url(duplicate), {"action": "merge", "m-into": existing.pk}).status_code == 302
    response = client.post(review_url(declined), {"action": "decline", "d-reason": ""})
    assert response.status_code == 400 and "Vui lòng ghi lý do" in response.content.decode()
    assert client.post(review_url(declined), {"action": "decline",
                                              "d-reason": "Không thuộc phạm vi Kỳ thi."}).status_code == 302
    assert Question.objects.get(pk=duplicate.pk).merged_into == existing
    assert Question.objects.get(pk=declined.pk).status == Status.DECLINED
    # Merging into a question that is not public is refused.
    other = make_question(answered=False)
    response = client.post(review_url(other), {"action": "merge", "m-into": declined.pk})
    assert response.status_code == 400


@pytest.mark.django_db
def test_no_one_adds_questions_in_the_admin(client, editor):
    client.force_login(editor)
    assert client.get("/admin/qa/question/add/").status_code == 403


@pytest.mark.django_db
def test_plain_change_form_only_corrects_answered_questions(client, editor, make_question):
    pending = make_question(answered=False)
    answered = make_question(text="Lịch thi thế nào?")
    client.force_login(editor)
    html = client.get(f"/admin/qa/question/{pending.pk}/change/").content.decode()
    assert 'name="answer"' not in html and 'name="_save"' not in html
    html = client.get(f"/admin/qa/question/{answered.pk}/change/").content.decode()
    assert 'name="answer"' in html
    response = client.post(f"/admin/qa/question/{answered.pk}/change/", {
        "topic": "quy-che-thi", "title": "Lịch thi năm 2021", "text": "Lịch thi thế nào?",
        "answer": "Ngày 7/7 và 8/7/2021.", "_save": "1"})
    assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.title == "Lịch thi năm 2021" and answered.status == Status.ANSWERED
    response = client.post(f"/admin/qa/question/{pending.pk}/change/", {
        "topic": "quy-che-thi", "text": "x", "answer": "y", "_save": "1"})
    assert response.status_code == 403
