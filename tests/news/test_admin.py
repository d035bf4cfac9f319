import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from examportal.roles import OPERATORS
from news import services
from news.models import Article

from .conftest import image_file

pytestmark = pytest.mark.django_db
Status = Article.Status
ADD = reverse("admin:news_article_add")
CHANGELIST = reverse("admin:news_article_changelist")


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def workflow_url(article):
    return reverse("admin:news_article_workflow", args=[article.pk])


def contributor_data(section, **extra):
    data = {
        "title": "Trường THPT Sìn Hồ sẵn sàng cho Kỳ thi",
        "section": section.pk,
        "lead": "Nhà trường hoàn tất chuẩn bị 12 phòng thi.",
        "body": "<p>Giáo viên và học sinh đã dọn vệ sinh phòng thi.</p><script>alert(1)</script>",
        "opened_version": "",
        "cover_alt": "",
        "cover_caption": "",
        "cover_credit": "",
        "tags": "Sìn Hồ, Chuẩn bị",
        "source": "Trường THPT Sìn Hồ",
        "byline": "Lò Văn Minh",
    }
    data.update(extra)
    return data


def editor_data(article, **extra):
    data = contributor_data(article.section)
    data.update({
        "title": article.title, "slug": article.slug, "lead": article.lead, "body": article.body,
        "opened_version": article.version, "tags": ", ".join(t.name for t in article.tags.all()),
        "source": article.source, "byline": article.byline,
        "publish_at_0": "", "publish_at_1": "", "expires_at_0": "", "expires_at_1": "",
    })
    data.update(extra)
    return data


def test_contributor_writes_a_draft_and_sees_only_their_own(client, contributor, section,
                                                            make_article, contributor2):
    others = make_article(title="Bài của người khác", status=Status.DRAFT, author=contributor2)
    client.force_login(contributor)
    form = client.get(ADD).content.decode()
    assert 'name="publish_at_0"' not in form and 'name="is_pinned"' not in form
    response = client.post(ADD, contributor_data(section))
    assert response.status_code == 302
    article = Article.objects.get(title="Trường THPT Sìn Hồ sẵn sàng cho Kỳ thi")
    assert article.status == Status.DRAFT and article.author == contributor
    assert "<script" not in article.body
    assert sorted(t.name for t in article.tags.all()) == ["Chuẩn bị", "Sìn Hồ"]
    assert article.revisions.count() == 1
    listing = client.get(CHANGELIST).content.decode()
    assert article.title in listing and others.title not in listing
    assert client.get(change_url(others)).status_code == 302  # not found for them: back to index


def test_contributor_submits_then_can_only_view(client, contributor, section):
    client.force_login(contributor)
    client.post(ADD, contributor_data(section))
    article = Article.objects.get(author=contributor)
    page = client.get(change_url(article)).content.decode()
    assert "Gửi duyệt" in page and "Xuất bản ngay" not in page
    response = client.post(workflow_url(article), {"action": "submit", "version": article.version},
                           follow=True)
    assert "Đã gửi bài để biên tập viên duyệt." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.PENDING
    page = client.get(change_url(article)).content.decode()
    assert 'name="_save"' not in page  # read-only now
    response = client.post(workflow_url(article), {"action": "publish", "version": article.version},
                           follow=True)
    assert "không có quyền" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Status.PENDING


def test_editors_first_screen_is_the_review_queue(client, editor, contributor, section):
    article = Article(title="Bài chờ duyệt của trường", section=section, lead="Sapo", body="<p>x</p>")
    services.save_article(article, contributor)
    services.submit_article(article, contributor)
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()
    assert "Hàng chờ duyệt bài viết (1)" in html
    assert change_url(article) in html
    assert "Lò Văn Minh" in html
    listing = client.get(CHANGELIST).content.decode()
    assert "Chờ duyệt (1)" in listing
    filtered = client.get(CHANGELIST, {"trang_thai": "pending"}).content.decode()
    assert article.title in filtered


def test_editor_returns_then_schedules_through_the_panel(client, editor, contributor, section):
    article = Article(title="Tin gửi duyệt", section=section, lead="Sapo", body="<p>x</p>")
    services.save_article(article, contributor)
    services.submit_article(article, contributor)
    client.force_login(editor)
    page = client.get(change_url(article)).content.decode()
    for label in ("Xuất bản ngay", "Lên lịch xuất bản", "Trả lại cho tác giả", "Xem trước"):
        assert label in page
    response = client.post(workflow_url(article), {"action": "return", "comment": "",
                                                   "version": article.version}, follow=True)
    assert "Hãy ghi lý do trả lại" in response.content.decode()
    client.post(workflow_url(article), {"action": "return", "comment": "Bổ sung ảnh.",
                                        "version": article.version})
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    client.force_login(contributor)
    assert "Bổ sung ảnh." in client.get(change_url(article)).content.decode()
    services.submit_article(article, contributor)
    client.force_login(editor)
    at = timezone.localtime() + timedelta(days=1)
    response = client.post(workflow_url(article), {
        "action": "schedule", "publish_at": at.strftime("%Y-%m-%dT%H:%M"), "version": article.version,
    }, follow=True)
    assert "Đã lên lịch" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_scheduled
    assert timezone.localtime(article.publish_at).strftime("%d/%m/%Y %H:%M") == at.strftime("%d/%m/%Y %H:%M")
    response = client.post(workflow_url(article), {"action": "schedule", "publish_at": "ngày mai",
                                                   "version": article.version}, follow=True)
    assert "ngày/tháng/năm" in response.content.decode()


def test_list_actions_publish_and_withdraw(client, editor, make_article):
    pending = make_article(title="Chờ 1", status=Status.PENDING)
    draft = make_article(title="Nháp 1", status=Status.DRAFT)
    client.force_login(editor)
    response = client.post(CHANGELIST, {"action": "publish_selected",
                                        "_selected_action": [pending.pk, draft.pk]}, follow=True)
    assert "Đã xuất bản 2 bài viết." in response.content.decode()
    assert Article.objects.published().count() == 2
    response = client.post(CHANGELIST, {"action": "withdraw_selected",
                                        "_selected_action": [pending.pk]}, follow=True)
    assert Article.objects.get(pk=pending.pk).status == Status.WITHDRAWN


def test_two_editors_saving_the_same_article(client, editor, editor2, make_article):
    article = make_article(title="Lịch thi chính thức", author=editor)
    stale = editor_data(article)
    client.force_login(editor)
    response = client.post(change_url(article), editor_data(article, lead="Sapo của Hà."))
    assert response.status_code == 302
    client.force_login(editor2)
    response = client.post(change_url(article), {**stale, "lead": "Sapo của Lan."})
    assert response.status_code == 200
    html = response.content.decode()
    assert "sau khi bạn mở" in html and "Nguyễn Thị Thu Hà" in html
    assert "Sapo của Lan." in html  # what they typed is kept in the form
    assert Article.objects.get(pk=article.pk).lead == "Sapo của Hà."


def test_cover_image_is_checked_cleaned_and_served_responsively(client, editor, make_article,
                                                                 section):
    article = make_article(title="Ảnh bìa", author=editor)
    client.force_login(editor)
    bad = io.BytesIO(b"MZ\x90\x00 not an image")
    bad.name = "anh.jpg"
    response = client.post(change_url(article), {**editor_data(article, title="Tiêu đề đang gõ"),
                                                 "cover_image": bad})
    html = response.content.decode()
    assert response.status_code == 200 and "không phải là tệp hợp lệ" in html
    assert "Tiêu đề đang gõ" in html
    response = client.post(change_url(article), {**editor_data(article),
                                                 "cover_image": image_file(exif=True)})
    assert "Hãy mô tả ngắn nội dung ảnh" in response.content.decode()
    response = client.post(change_url(article), {
        **editor_data(article, cover_alt="Thí sinh vào phòng thi"),
        "cover_image": image_file(name="IMG_2021.jpg", exif=True)})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.cover_image.name.startswith("news/covers/") and "IMG_2021" not in article.cover_image.name
    assert (article.cover_width, article.cover_height) == (1600, 900)
    with article.cover_image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
    assert [r["width"] for r in article.cover_renditions] == [320, 640, 960, 1280]
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'srcset="' in page and " 640w" in page and " 1600w" in page
    assert 'width="1600" height="900"' in page and 'alt="Thí sinh vào phòng thi"' in page


def test_decompression_bomb_is_refused_with_a_message(client, editor, make_article):
    article = make_article(title="Bom ảnh", author=editor)
    bomb = io.BytesIO()
    Image.new("1", (30000, 30000)).save(bomb, format="PNG", optimize=True)
    bomb.seek(0)
    bomb.name = "bom.png"
    client.force_login(editor)
    response = client.post(change_url(article), {**editor_data(article, cover_alt="x"),
                                                 "cover_image": bomb})
    assert response.status_code == 200
    html = response.content.decode()
    assert "quá lớn" in html or "tệp nén độc hại" in html
    assert not Article.objects.get(pk=article.pk).cover_image


def test_preview_is_staff_only_never_cached_and_noindex(client, editor, contributor, make_article,
                                                        contributor2):
    draft = make_article(title="Bản nháp xem trước", status=Status.DRAFT, author=contributor)
    url = reverse("admin:news_article_preview", args=[draft.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(contributor2)
    assert client.get(url).status_code == 404  # not their article
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bản xem trước" in html and draft.title in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_revisions_list_compare_and_restore(client, editor, make_article):
    article = make_article(title="Tiêu đề gốc", author=editor)
    services.record_revision(article, editor)
    client.force_login(editor)
    client.post(change_url(article), editor_data(article, title="Tiêu đề mới", body="<p>Thân bài mới</p>"))
    url = reverse("admin:news_article_revisions", args=[article.pk])
    html = client.get(url).content.decode()
    assert "Khôi phục phiên bản 1" in html
    html = client.get(url, {"a": 1, "b": 2}).content.decode()
    assert "<del>gốc</del>" in html and "<ins>mới</ins>" in html
    assert client.get(url, {"a": 1, "b": 99}).status_code == 404
    article.refresh_from_db()
    response = client.post(reverse("admin:news_article_restore", args=[article.pk, 1]),
                           {"version": article.version}, follow=True)
    assert "Đã khôi phục nội dung phiên bản 1" in response.content.decode()
    article.refresh_from_db()
    assert article.title == "Tiêu đề gốc"
    assert article.revisions.count() == 3


def test_editor_upload_is_for_article_staff_only(client, contributor, make_staff):
    url = "/ckeditor/upload/"
    response = client.post(url, {"upload": image_file()})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(make_staff(OPERATORS, username="tongdai"))
    assert client.post(url, {"upload": image_file()}).status_code == 403
    assert client.get("/ckeditor/browse/").status_code == 403
    client.force_login(contributor)
    response = client.post(url, {"upload": image_file(name="GPS.jpg", exif=True)})
    assert response.status_code == 200
    data = response.json()
    assert data["uploaded"] == 1 and data["url"].startswith("/media/editor/")
    assert "GPS" not in data["url"]
    from django.core.files.storage import default_storage

    with default_storage.open(data["url"].removeprefix("/media/")) as stored, Image.open(stored) as img:
        assert not img.getexif()
    response = client.post(url + "?CKEditorFuncNum=3", {"upload": io.BytesIO(b"<?php echo 1;")})
    html = response.content.decode()
    assert "<script src=" in html and 'data-func="3"' in html and "Chỉ chấp nhận" in html
    assert "callFunction" not in html  # no inline script (the staff CSP forbids it)
    browse = client.get("/ckeditor/browse/")
    assert browse.status_code == 200 and "no-cache" in browse["Cache-Control"]


def test_operators_cannot_open_articles_in_admin(client, make_staff, make_article):
    article = make_article()
    client.force_login(make_staff(OPERATORS, username="tongdai"))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:news_article_preview", args=[article.pk])).status_code == 403


def test_changelist_filters_and_searches_without_diacritics(client, editor, make_article,
                                                            other_section):
    a = make_article(title="Trường THPT Mường Tè sẵn sàng", tags=["Mường Tè"])
    b = make_article(title="Bảng điểm phúc khảo đợt 1", section=other_section, status=Status.DRAFT)
    client.force_login(editor)
    found = client.get(CHANGELIST, {"q": "muong te"}).content.decode()
    assert a.title in found and b.title not in found
    by_section = client.get(CHANGELIST, {"section__id__exact": other_section.pk}).content.decode()
    assert b.title in by_section and a.title not in by_section
    tag = a.tags.get()
    by_tag = client.get(CHANGELIST, {"tags__id__exact": tag.pk}).content.decode()
    assert a.title in by_tag and b.title not in by_tag
    drafts = client.get(CHANGELIST, {"trang_thai": "draft"}).content.decode()
    assert b.title in drafts and a.title not in drafts
    assert client.get(reverse("admin:examyears_examyear_changelist")).status_code == 200
