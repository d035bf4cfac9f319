"""Answering in the admin (issue 17): searchable pickers for the cited documents and articles,
the article form's buttons and a wide title box."""

import datetime
import json

import pytest

from documents.models import Document, DocumentType, Issuer
from qa.models import Status

pytestmark = pytest.mark.django_db


def review_url(question):
    return f"/admin/qa/question/{question.pk}/xu-ly/"


def document(number, excerpt, published=True):
    return Document.objects.create(
        document_type=DocumentType.DIRECTIVE, number=number,
        issuer=Issuer.objects.get_or_create(name="UBND tỉnh Lai Châu")[0],
        issue_date=datetime.date(2021, 5, 12), excerpt=excerpt, exam_year=2021,
        is_published=published)


def test_review_page_has_searchable_pickers_and_real_buttons(client, editor, make_question):
    client.force_login(editor)
    html = client.get(review_url(make_question(answered=False))).content.decode()
    assert 'class="admin-autocomplete' in html and "data-ajax--url" in html
    assert 'name="a-cited_documents"' in html and 'name="a-cited_articles"' in html
    assert "admin/js/autocomplete.js" in html and "select2" in html
    assert "Ctrl" not in html
    assert 'value="answer" class="button default"' in html
    assert 'size="80"' in html  # the title box is as wide as the article's


def test_document_picker_finds_by_excerpt(client, editor):
    document("08/CT-UBND", "Về việc tổ chức Kỳ thi tốt nghiệp THPT năm 2021")
    document("65/KH-SGDĐT", "Kế hoạch truyền thông")
    client.force_login(editor)
    response = client.get("/admin/autocomplete/", {
        "app_label": "qa", "model_name": "question", "field_name": "cited_documents",
        "term": "truyền thông"})
    assert response.status_code == 200
    results = json.loads(response.content)["results"]
    assert [r["text"] for r in results] and all("65/KH" in r["text"] for r in results)


def test_answer_cites_picked_documents(client, editor, make_question, make_staff):
    question = make_question(answered=False)
    cited = document("08/CT-UBND", "Về việc tổ chức Kỳ thi")
    draft = document("09/CT-UBND", "Chưa ban hành", published=False)
    client.force_login(editor)
    data = {"action": "answer", "a-topic": question.topic, "a-title": "Phúc khảo",
            "a-text": question.text, "a-answer": "Theo Chỉ thị 08."}
    # A forged id (an unpublished document) is refused, and what was typed stays.
    response = client.post(review_url(question), {**data, "a-cited_documents": [draft.pk]})
    assert response.status_code == 400 and "Theo Chỉ thị 08." in response.content.decode()
    question.refresh_from_db()
    assert question.status == Status.PENDING
    response = client.post(review_url(question), {**data, "a-cited_documents": [cited.pk]})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Status.ANSWERED
    assert list(question.cited_documents.all()) == [cited]


def test_operators_cannot_search_documents_through_the_picker(client, make_staff):
    from examportal.roles import OPERATORS

    document("08/CT-UBND", "Về việc tổ chức Kỳ thi")
    client.force_login(make_staff(OPERATORS))
    response = client.get("/admin/autocomplete/", {
        "app_label": "qa", "model_name": "question", "field_name": "cited_documents", "term": "08"})
    assert response.status_code == 403
