"""The admin's "view on site" shortcut answers only for objects the user may see.

Security review, issue 14, item 9: ``/admin/r/<content type>/<id>/`` used to redirect any staff
account to any object's public address, a draft's slug included.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, DocumentType, Issuer
from examportal.roles import CONTRIBUTORS, EDITORS, OPERATORS
from news.models import Article

pytestmark = pytest.mark.django_db


def shortcut(obj):
    return f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


@pytest.fixture
def make_article(exam_column):
    def make(author=None, status=Article.Status.DRAFT, title="Bài viết thử"):
        published = status == Article.Status.PUBLISHED
        moment = timezone.now() - datetime.timedelta(hours=1)
        return Article.objects.create(
            section=exam_column.sections.get(slug="thong-cao-bao-chi"), title=title,
            lead="Sapo.", body="<p>Nội dung.</p>", status=status, author=author,
            publish_at=moment if published else None,
            first_published_at=moment if published else None,
        )

    return make


@pytest.fixture
def staff(make_staff):
    return {
        "editor": make_staff(EDITORS, username="bientap"),
        "contributor": make_staff(CONTRIBUTORS, username="congtac"),
        "contributor2": make_staff(CONTRIBUTORS, username="congtac2"),
        "operator": make_staff(OPERATORS, username="tongdai"),
    }


def test_the_admin_links_to_this_view(make_article):
    article = make_article()
    ct = ContentType.objects.get_for_model(article).pk
    assert reverse("admin:view_on_site", args=[ct, article.pk]) == shortcut(article)


def test_a_contributor_cannot_reach_another_contributors_draft(client, staff, make_article):
    draft = make_article(author=staff["contributor2"], title="Bản nháp của người khác")
    client.force_login(staff["contributor"])
    assert client.get(shortcut(draft)).status_code == 404


def test_a_contributor_is_sent_to_the_preview_of_their_own_draft(client, staff, make_article):
    draft = make_article(author=staff["contributor"])
    client.force_login(staff["contributor"])
    response = client.get(shortcut(draft))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:news_article_preview", args=[draft.pk])
    assert draft.slug not in response["Location"]


def test_an_operator_cannot_use_it_for_articles(client, staff, make_article):
    client.force_login(staff["operator"])
    for article in (make_article(author=staff["contributor"]),
                    make_article(status=Article.Status.PUBLISHED, title="Đã đăng")):
        assert client.get(shortcut(article)).status_code == 404


def test_an_editor_is_sent_to_the_public_page_or_the_preview(client, staff, make_article):
    published = make_article(status=Article.Status.PUBLISHED, title="Đã đăng")
    draft = make_article(author=staff["contributor"], title="Bản nháp")
    client.force_login(staff["editor"])
    response = client.get(shortcut(published))
    assert response.status_code == 302 and response["Location"].endswith(
        published.get_absolute_url())
    response = client.get(shortcut(draft))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:news_article_preview", args=[draft.pk])


def test_documents_need_the_document_permission(client, staff):
    document = Document.objects.create(
        document_type=DocumentType.DIRECTIVE, number="08/CT-UBND",
        issuer=Issuer.objects.get_or_create(name="UBND tỉnh Lai Châu")[0],
        issue_date=datetime.date(2021, 5, 12), excerpt="Về việc tổ chức Kỳ thi", exam_year=2021,
        is_published=False,
    )
    client.force_login(staff["contributor"])
    assert client.get(shortcut(document)).status_code == 404
    client.force_login(staff["editor"])
    response = client.get(shortcut(document))
    # The document's own page is the staff preview while it is unpublished.
    assert response.status_code == 302 and response["Location"].endswith(
        document.get_absolute_url())


def test_anonymous_visitors_are_sent_to_the_login(client, make_article):
    response = client.get(shortcut(make_article()))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_unknown_content_types_and_ids_are_404(client, staff, make_article):
    client.force_login(staff["editor"])
    ct = ContentType.objects.get_for_model(Article).pk
    assert client.get(f"/admin/r/{ct}/999999/").status_code == 404
    assert client.get(f"/admin/r/{ct}/not-a-number/").status_code == 404
    assert client.get("/admin/r/999999/1/").status_code == 404
