from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from examportal.roles import OPERATORS
from examportal.services import ServiceError
from news import services
from news.models import Article, ArticleEvent
from news.services import ConflictError

pytestmark = pytest.mark.django_db
Status = Article.Status
Action = ArticleEvent.Action


@pytest.fixture
def draft(contributor, section):
    article = Article(title="Trường THPT Mường Tè sẵn sàng cho Kỳ thi", section=section,
                      lead="Nhà trường hoàn tất chuẩn bị.", body="<p>Nội dung.</p>")
    services.save_article(article, contributor)
    services.record_revision(article, contributor)
    return article


def events(article):
    return list(article.events.order_by("at", "pk").values_list("action", "from_status", "to_status",
                                                                 "actor__username"))


def test_new_article_belongs_to_its_author_and_starts_as_draft(draft, contributor):
    assert draft.status == Status.DRAFT
    assert draft.author == contributor
    assert draft.slug == "truong-thpt-muong-te-san-sang-cho-ky-thi"
    assert events(draft) == [(Action.CREATED, "", Status.DRAFT, "congtac")]
    assert draft.revisions.count() == 1


def test_full_journey_submit_return_resubmit_schedule(draft, contributor, editor):
    services.submit_article(draft, contributor)
    assert draft.status == Status.PENDING
    services.return_article(draft, editor, "Thêm ảnh và nguồn tin.")
    assert draft.status == Status.DRAFT
    services.submit_article(draft, contributor)
    at = timezone.now() + timedelta(hours=5)
    services.schedule_article(draft, editor, at)
    assert draft.status == Status.PUBLISHED and draft.publish_at == at
    assert draft.is_scheduled and not draft.is_public
    assert draft not in Article.objects.published()
    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(seconds=1)):
        assert draft in Article.objects.published()
    assert events(draft) == [
        (Action.CREATED, "", Status.DRAFT, "congtac"),
        (Action.SUBMITTED, Status.DRAFT, Status.PENDING, "congtac"),
        (Action.RETURNED, Status.PENDING, Status.DRAFT, "bientap"),
        (Action.SUBMITTED, Status.DRAFT, Status.PENDING, "congtac"),
        (Action.SCHEDULED, Status.PENDING, Status.PUBLISHED, "bientap"),
    ]
    returned = draft.events.get(action=Action.RETURNED)
    assert returned.comment == "Thêm ảnh và nguồn tin."
    assert returned.at <= timezone.now()


def test_publish_now_withdraw_and_reopen(draft, editor):
    services.publish_article(draft, editor)
    assert draft.is_public and draft.first_published_at == draft.publish_at
    services.withdraw_article(draft, editor, "Thông tin chưa chính xác")
    assert draft.status == Status.WITHDRAWN
    assert draft in Article.objects.gone()
    services.reopen_article(draft, editor)
    assert draft.status == Status.DRAFT
    assert [e[0] for e in events(draft)][-3:] == [Action.PUBLISHED, Action.WITHDRAWN, Action.REOPENED]


@pytest.mark.parametrize(
    ("status", "move"),
    [
        (Status.PENDING, "submit"),
        (Status.PUBLISHED, "submit"),
        (Status.DRAFT, "return"),
        (Status.PUBLISHED, "return"),
        (Status.WITHDRAWN, "publish"),
        (Status.DRAFT, "withdraw"),
        (Status.PENDING, "withdraw"),
        (Status.PUBLISHED, "reopen"),
        (Status.DRAFT, "reopen"),
    ],
)
def test_moves_out_of_order_are_refused(make_article, editor, status, move):
    article = make_article(status=status, author=editor)
    calls = {
        "submit": lambda: services.submit_article(article, editor),
        "return": lambda: services.return_article(article, editor, "Góp ý"),
        "publish": lambda: services.publish_article(article, editor),
        "withdraw": lambda: services.withdraw_article(article, editor),
        "reopen": lambda: services.reopen_article(article, editor),
    }
    with pytest.raises(ServiceError) as excinfo:
        calls[move]()
    assert "Không thể" in excinfo.value.message
    article.refresh_from_db()
    assert article.status == status
    assert not article.events.exists()  # nothing half-done


def test_published_article_cannot_be_published_again(make_article, editor):
    article = make_article()
    with pytest.raises(ServiceError):
        services.publish_article(article, editor)


def test_scheduled_article_can_be_rescheduled_and_published_now(make_article, editor):
    article = make_article(publish_at=timezone.now() + timedelta(days=1))
    later = timezone.now() + timedelta(days=2)
    services.schedule_article(article, editor, later)
    assert article.publish_at == later
    services.publish_article(article, editor)
    assert article.is_public


def test_schedule_needs_a_future_time(draft, editor):
    with pytest.raises(ServiceError, match="tương lai"):
        services.schedule_article(draft, editor, timezone.now() - timedelta(minutes=1))


def test_return_needs_a_comment(draft, contributor, editor):
    services.submit_article(draft, contributor)
    with pytest.raises(ServiceError, match="lý do"):
        services.return_article(draft, editor, "   ")
    assert Article.objects.get(pk=draft.pk).status == Status.PENDING


def test_submit_needs_title_lead_and_body(contributor, section):
    article = Article(title="Chưa viết xong", section=section, lead="", body="")
    services.save_article(article, contributor)
    with pytest.raises(ServiceError, match="sapo"):
        services.submit_article(article, contributor)


def test_contributors_cannot_review_publish_or_withdraw(draft, contributor, make_article):
    services.submit_article(draft, contributor)
    for call in (
        lambda: services.return_article(draft, contributor, "x"),
        lambda: services.publish_article(draft, contributor),
        lambda: services.schedule_article(draft, contributor, timezone.now() + timedelta(days=1)),
    ):
        with pytest.raises(PermissionDenied):
            call()
    published = make_article(author=contributor)
    with pytest.raises(PermissionDenied):
        services.withdraw_article(published, contributor)
    with pytest.raises(PermissionDenied):
        services.reopen_article(make_article(status=Status.WITHDRAWN), contributor)


def test_contributor_cannot_submit_or_edit_someone_elses_draft(draft, contributor2):
    with pytest.raises(PermissionDenied):
        services.submit_article(draft, contributor2)
    draft.title = "Sửa trộm"
    with pytest.raises(PermissionDenied):
        services.save_article(draft, contributor2, expected_version=draft.version)
    assert Article.objects.get(pk=draft.pk).title != "Sửa trộm"


def test_contributor_cannot_edit_own_article_once_submitted(draft, contributor):
    services.submit_article(draft, contributor)
    draft.title = "Sửa khi đang chờ duyệt"
    with pytest.raises(PermissionDenied):
        services.save_article(draft, contributor, expected_version=draft.version)


def test_users_outside_the_news_groups_can_do_nothing(draft, make_staff, section):
    operator = make_staff(OPERATORS, username="tongdai")
    with pytest.raises(PermissionDenied):
        services.save_article(Article(title="x", section=section, lead="x", body="x"), operator)
    with pytest.raises(PermissionDenied):
        services.submit_article(draft, operator)
    with pytest.raises(PermissionDenied):
        services.publish_article(draft, operator)


def test_editor_can_submit_and_edit_anyones_article(draft, editor):
    draft.title = "Biên tập viên sửa tiêu đề"
    services.save_article(draft, editor, expected_version=draft.version)
    services.submit_article(draft, editor)
    assert draft.status == Status.PENDING


def test_slug_is_stable_once_published(draft, editor):
    services.publish_article(draft, editor)
    slug = draft.slug
    draft.title = "Tiêu đề hoàn toàn mới"
    services.save_article(draft, editor, expected_version=draft.version)
    assert Article.objects.get(pk=draft.pk).slug == slug
    draft.slug = "duong-dan-khac"
    with pytest.raises(ServiceError, match="đường dẫn"):
        services.save_article(draft, editor, expected_version=draft.version)


def test_editing_a_published_article_marks_it_updated(draft, editor):
    services.save_article(draft, editor, expected_version=draft.version)
    assert draft.revised_at is None  # not public yet: no "updated" note
    services.publish_article(draft, editor)
    draft.body = "<p>Nội dung đã sửa.</p>"
    services.save_article(draft, editor, expected_version=draft.version)
    assert Article.objects.get(pk=draft.pk).revised_at is not None


def test_second_editor_saving_a_stale_copy_is_told(draft, editor, editor2):
    first = Article.objects.get(pk=draft.pk)
    second = Article.objects.get(pk=draft.pk)
    first.lead = "Sapo của biên tập viên thứ nhất."
    services.save_article(first, editor, expected_version=first.version)
    second.lead = "Sapo của biên tập viên thứ hai."
    with pytest.raises(ConflictError) as excinfo:
        services.save_article(second, editor2, expected_version=draft.version)
    assert "sau khi bạn mở" in excinfo.value.message
    assert Article.objects.get(pk=draft.pk).lead == "Sapo của biên tập viên thứ nhất."


def test_transition_on_a_stale_copy_is_refused(draft, contributor, editor):
    opened_version = draft.version
    services.submit_article(draft, contributor)
    with pytest.raises(ConflictError):
        services.publish_article(draft, editor, expected_version=opened_version)


def test_every_save_keeps_a_revision_and_restore_brings_content_back(draft, editor):
    draft.tags.set(["Mường Tè"])
    services.record_revision(draft, editor)
    original_title = draft.title
    draft.title = "Tiêu đề đã sửa"
    draft.body = "<p>Nội dung mới.</p>"
    services.save_article(draft, editor, expected_version=draft.version)
    draft.tags.set(["Khác"])
    services.record_revision(draft, editor)
    numbers = list(draft.revisions.values_list("number", flat=True))
    assert numbers == [3, 2, 1]
    revision = draft.revisions.get(number=2)
    services.restore_revision(draft, revision, editor)
    assert draft.title == original_title
    assert draft.body == "<p>Nội dung.</p>"
    assert [t.name for t in draft.tags.all()] == ["Mường Tè"]
    latest = draft.revisions.first()
    assert latest.number == 4 and "phiên bản 2" in latest.note
    assert draft.events.filter(action=Action.RESTORED).exists()


def test_restore_refuses_a_revision_of_another_article(draft, editor, make_article):
    other = make_article()
    services.record_revision(other, editor)
    with pytest.raises(ServiceError):
        services.restore_revision(draft, other.revisions.first(), editor)


def test_search_text_is_stored_without_marks(draft):
    draft.tags.set(["Điểm thi"])
    services.record_revision(draft, None)
    draft.refresh_from_db()
    assert draft.search_title == "truong thpt muong te san sang cho ky thi"
    assert "nha truong hoan tat chuan bi" in draft.search_body
    assert "diem thi" in draft.search_body


def test_restoring_an_older_cover_rebuilds_its_renditions(draft, editor, settings, tmp_path):
    from news.images import make_renditions

    from .conftest import image_file

    settings.MEDIA_ROOT = tmp_path
    draft.detected_kind = "jpeg"
    draft.cover_image.save("cover.jpg", image_file(), save=False)
    draft.cover_alt = "Ảnh cũ"
    services.save_article(draft, editor, expected_version=draft.version)
    make_renditions(draft)
    services.record_revision(draft, editor)
    with_cover = draft.revisions.first()
    draft.cover_image = ""
    services.save_article(draft, editor, expected_version=draft.version)
    make_renditions(draft)
    services.record_revision(draft, editor)
    assert Article.objects.get(pk=draft.pk).cover_renditions == []
    services.restore_revision(draft, with_cover, editor)
    assert draft.cover_image.name == with_cover.data["cover_image"]
    assert [r["width"] for r in draft.cover_renditions] == [320, 640, 960, 1280]
