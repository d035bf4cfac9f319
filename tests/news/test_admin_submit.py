"""The contributor's form (issue 17): "Lưu và gửi duyệt" on the form itself, drafts open in the
staff preview, the submitted article read-only as HTML, tags without quotes, the cover's
thumbnail."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from news.forms import split_tags
from news.models import Article

from .conftest import image_file
from .test_admin import ADD, change_url, contributor_data

pytestmark = pytest.mark.django_db
Status = Article.Status


def test_add_form_offers_save_and_submit_to_a_contributor(client, contributor):
    client.force_login(contributor)
    html = client.get(ADD).content.decode()
    assert 'name="_submit_for_review"' in html and 'value="Lưu và gửi duyệt"' in html


def test_save_and_submit_saves_then_sends_for_review(client, contributor, section):
    client.force_login(contributor)
    response = client.post(ADD, {**contributor_data(section), "_submit_for_review": "1"},
                           follow=True)
    article = Article.objects.get(author=contributor)
    assert article.status == Status.PENDING
    assert article.events.filter(action="submitted").exists()
    assert "Đã gửi bài để biên tập viên duyệt." in response.content.decode()
    assert response.redirect_chain[-1][0] == change_url(article)


def test_save_and_submit_from_the_change_form(client, contributor, section):
    client.force_login(contributor)
    client.post(ADD, contributor_data(section))
    article = Article.objects.get(author=contributor)
    html = client.get(change_url(article)).content.decode()
    assert 'name="_submit_for_review"' in html
    client.post(change_url(article), {**contributor_data(section, lead="Sapo mới."),
                                      "opened_version": article.version,
                                      "_submit_for_review": "1"})
    article.refresh_from_db()
    assert (article.status, article.lead) == (Status.PENDING, "Sapo mới.")


def test_a_bad_form_with_save_and_submit_saves_nothing(client, contributor, section):
    client.force_login(contributor)
    response = client.post(ADD, {**contributor_data(section, title=""), "_submit_for_review": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and not Article.objects.exists()
    assert "Nhà trường hoàn tất chuẩn bị 12 phòng thi." in html  # what was typed is kept


def test_submitted_article_is_read_only_html_not_tags(client, contributor, section):
    client.force_login(contributor)
    client.post(ADD, {**contributor_data(section), "_submit_for_review": "1"})
    article = Article.objects.get(author=contributor)
    html = client.get(change_url(article)).content.decode()
    assert "&lt;p&gt;" not in html
    assert "<p>Giáo viên và học sinh đã dọn vệ sinh phòng thi.</p>" in html
    assert 'name="_submit_for_review"' not in html and "<script>alert" not in html


def test_view_on_site_of_a_draft_opens_the_staff_preview(client, contributor, section):
    client.force_login(contributor)
    client.post(ADD, contributor_data(section))
    article = Article.objects.get(author=contributor)
    html = client.get(change_url(article)).content.decode()
    preview = reverse("admin:news_article_preview", args=[article.pk])
    assert f'href="{preview}" class="viewsitelink"' in html
    assert client.get(preview).status_code == 200
    ct = ContentType.objects.get_for_model(Article)
    response = client.get(f"/admin/r/{ct.pk}/{article.pk}/")
    assert response["Location"] == preview


@pytest.mark.parametrize(("typed", "tags"), [
    ("thi tốt nghiệp, Lai Châu", ["Lai Châu", "thi tốt nghiệp"]),
    ("thi tốt nghiệp", ["thi tốt nghiệp"]),               # one multiword tag stays one tag
    ('"thi tốt nghiệp", "Lai Châu"', ["Lai Châu", "thi tốt nghiệp"]),  # old quoted form
    (" , ,", []),
    ("a, a,  a ", ["a"]),
])
def test_tags_split_on_commas_only(typed, tags):
    assert split_tags(typed) == tags


def test_tags_come_back_as_typed_without_quotes(client, contributor, section):
    client.force_login(contributor)
    client.post(ADD, contributor_data(section, tags="thi tốt nghiệp, Lai Châu"))
    article = Article.objects.get(author=contributor)
    assert sorted(t.name for t in article.tags.all()) == ["Lai Châu", "thi tốt nghiệp"]
    html = client.get(change_url(article)).content.decode()
    assert 'value="Lai Châu, thi tốt nghiệp"' in html and "&quot;" not in html.split('name="tags"')[1][:80]
    # Saved again unchanged: still the same two tags.
    client.post(change_url(article), {**contributor_data(section, tags="Lai Châu, thi tốt nghiệp"),
                                      "opened_version": article.version})
    assert sorted(t.name for t in article.tags.all()) == ["Lai Châu", "thi tốt nghiệp"]


def test_overlong_tag_is_refused_with_a_message(client, contributor, section):
    client.force_login(contributor)
    response = client.post(ADD, contributor_data(section, tags="x" * 101))
    assert response.status_code == 200 and "Mỗi thẻ dài tối đa 100 ký tự." in response.content.decode()
    assert not Article.objects.exists()


def test_cover_shows_a_thumbnail_on_the_form(client, editor, make_article):
    article = make_article()
    client.force_login(editor)
    from .test_admin import editor_data

    client.post(change_url(article), editor_data(article, cover_image=image_file(),
                                                 cover_alt="Phòng thi"))
    article.refresh_from_db()
    assert article.cover_image
    html = client.get(change_url(article)).content.decode()
    assert f'<img src="{article.cover_image.url}" alt="Ảnh đại diện hiện tại"' in html
    assert "css/staff-admin.css" in html
