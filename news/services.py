"""Every change of an article that carries rules: one function each, called by admin and views.

Each function checks the user's permission and that the move is allowed from the article's
current state, and records who did it and when (``ArticleEvent``); content saves keep a
``Revision``. They raise ``PermissionDenied`` or ``WorkflowError`` (a Vietnamese message).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleEvent, Revision

Status = Article.Status
Action = ArticleEvent.Action

PUBLISH_PERMISSION = "news.publish_article"
# Content fields kept in every revision; tags and related articles are added by ``snapshot``.
REVISION_FIELDS = [
    "title", "slug", "lead", "body", "source", "byline", "cover_alt", "cover_caption",
    "cover_credit", "is_pinned",
]
REVISION_LABELS = {
    "title": "Tiêu đề", "slug": "Đường dẫn", "lead": "Sapo", "body": "Nội dung",
    "source": "Nguồn tin", "byline": "Tác giả", "cover_alt": "Mô tả ảnh",
    "cover_caption": "Chú thích ảnh", "cover_credit": "Nguồn ảnh", "is_pinned": "Ghim",
    "section": "Chuyên mục con", "tags": "Thẻ", "cover_image": "Ảnh đại diện",
}


class WorkflowError(Exception):
    """A move the rules do not allow; the message is shown to the user as is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class ConflictError(WorkflowError):
    """Someone else saved the article after this user opened it."""


def can_publish(user):
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def can_edit(user, article):
    """Editors edit any article; contributors only their own drafts."""
    if not (user.is_active and user.has_perm("news.change_article")):
        return False
    if can_publish(user):
        return True
    return article.author_id == user.pk and article.status == Status.DRAFT


def can_view(user, article):
    if not (user.is_active and user.has_perm("news.view_article")):
        return False
    return can_publish(user) or article.author_id == user.pk


def display_name(user):
    """A person's name the Vietnamese way: family name first ("Nguyễn Thị Thu Hà")."""
    if user is None:
        return "—"
    return f"{user.last_name} {user.first_name}".strip() or user.get_username()


def _require(condition, message="Bạn không có quyền thực hiện thao tác này."):
    if not condition:
        raise PermissionDenied(message)


def _conflict_message(current):
    who = ""
    event = current.events.select_related("actor").first()
    if event and event.actor:
        who = f" bởi {display_name(event.actor)}"
    when = timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y")
    return (
        f"Bài viết đã được lưu{who} lúc {when}, sau khi bạn mở nó. Thay đổi của bạn chưa được "
        "lưu và vẫn còn trong biểu mẫu: hãy mở bài ở thẻ mới để xem bản mới nhất, rồi chép lại "
        "phần của bạn."
    )


def check_version(article, expected_version):
    """Lock the stored row and make sure nobody saved it since ``expected_version``."""
    current = Article.objects.select_for_update().get(pk=article.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise ConflictError(_conflict_message(current))
    return current


def snapshot(article):
    data = {name: getattr(article, name) for name in REVISION_FIELDS}
    data["section"] = article.section_id
    data["tags"] = sorted(t.name for t in article.tags.all())
    data["related"] = sorted(article.related_articles.values_list("pk", flat=True))
    data["cover_image"] = article.cover_image.name if article.cover_image else ""
    return data


def record_revision(article, user, note=""):
    """Keep a revision of the article as stored now (call after tags are saved)."""
    article.refresh_search_text()
    last = article.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    return Revision.objects.create(
        article=article, number=last + 1, author=user, status=article.status, note=note,
        data=snapshot(article),
    )


def _log(article, user, action, from_status="", comment=""):
    return ArticleEvent.objects.create(
        article=article, action=action, from_status=from_status, to_status=article.status,
        actor=user, comment=comment,
    )


@transaction.atomic
def save_article(article, user, expected_version=None):
    """Save an article's content (new or edited). Tags/related are saved by the caller after
    this, then ``record_revision`` keeps the revision.

    A new article belongs to its author and starts as a draft. Editing a published article
    marks it updated ("Cập nhật lúc …"); its slug can no longer change.
    """
    now = timezone.now()
    if article.pk is None:
        _require(user.has_perm("news.add_article"))
        article.author = user
        article.status = Status.DRAFT
        article.version = 1
        article.save()
        _log(article, user, Action.CREATED)
        return article
    current = check_version(article, expected_version)
    _require(can_edit(user, current), "Bạn không có quyền sửa bài viết này ở trạng thái hiện tại.")
    if current.first_published_at and article.slug != current.slug:
        raise WorkflowError("Không thể đổi đường dẫn của bài đã xuất bản (liên kết cũ sẽ hỏng).")
    article.status = current.status  # the state moves only through the functions below
    article.author_id = current.author_id
    if current.first_published_at and current.first_published_at <= now:
        article.revised_at = now
    article.version = current.version + 1
    article.save()
    _log(article, user, Action.EDITED, from_status=current.status)
    return article


def _transition(article, user, action, allowed_from, to_status, comment="", expected_version=None,
                **changes):
    with transaction.atomic():
        current = check_version(article, expected_version)
        if current.status not in allowed_from:
            raise WorkflowError(
                f"Không thể “{Action(action).label.lower()}” một bài đang ở trạng thái "
                f"“{current.status_label.lower()}”."
            )
        from_status = current.status
        for name, value in changes.items():
            setattr(current, name, value)
        current.status = to_status
        current.version += 1
        current.save()
        _log(current, user, action, from_status=from_status, comment=comment)
    article.refresh_from_db()
    return article


def submit_article(article, user, expected_version=None):
    """Draft → pending review. The author (or an editor) sends it."""
    _require(
        user.has_perm("news.change_article")
        and (article.author_id == user.pk or can_publish(user))
    )
    if not (article.title and article.lead and article.body):
        raise WorkflowError("Bài cần có tiêu đề, sapo và nội dung trước khi gửi duyệt.")
    return _transition(article, user, Action.SUBMITTED, {Status.DRAFT}, Status.PENDING,
                       expected_version=expected_version)


def return_article(article, user, comment, expected_version=None):
    """Pending → draft, with the editor's comment for the author."""
    _require(can_publish(user))
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError("Hãy ghi lý do trả lại để tác giả biết cần sửa gì.")
    return _transition(article, user, Action.RETURNED, {Status.PENDING}, Status.DRAFT,
                       comment=comment, expected_version=expected_version)


def publish_article(article, user, at=None, expected_version=None):
    """Draft or pending → published, now or at ``at`` (a future time schedules it).

    A scheduled article (published, its time not yet come) may be moved to another time.
    """
    _require(can_publish(user))
    now = timezone.now()
    at = at or now
    if article.expires_at and article.expires_at <= at:
        raise WorkflowError("Thời điểm hết hạn phải sau thời điểm xuất bản.")
    allowed = {Status.DRAFT, Status.PENDING}
    if article.is_scheduled:
        allowed.add(Status.PUBLISHED)
    changes = {"publish_at": at}
    if not article.first_published_at or article.first_published_at > now:
        changes["first_published_at"] = at
    action = Action.SCHEDULED if at > now else Action.PUBLISHED
    comment = f"Xuất bản lúc {timezone.localtime(at):%H:%M %d/%m/%Y}" if at > now else ""
    return _transition(article, user, action, allowed, Status.PUBLISHED, comment=comment,
                       expected_version=expected_version, **changes)


def schedule_article(article, user, at, expected_version=None):
    """Publish at a future time; the article turns public by itself when it comes."""
    if at is None or at <= timezone.now():
        raise WorkflowError("Thời điểm lên lịch phải ở tương lai.")
    return publish_article(article, user, at=at, expected_version=expected_version)


def withdraw_article(article, user, reason="", expected_version=None):
    """Published → withdrawn: the public page answers 410 from then on."""
    _require(can_publish(user))
    return _transition(article, user, Action.WITHDRAWN, {Status.PUBLISHED}, Status.WITHDRAWN,
                       comment=(reason or "").strip(), expected_version=expected_version)


def reopen_article(article, user, expected_version=None):
    """Withdrawn → draft, to be corrected and published again."""
    _require(can_publish(user))
    return _transition(article, user, Action.REOPENED, {Status.WITHDRAWN}, Status.DRAFT,
                       expected_version=expected_version)


@transaction.atomic
def restore_revision(article, revision, user, expected_version=None):
    """Put a revision's content back (as a new save, so nothing is lost)."""
    if revision.article_id != article.pk:
        raise WorkflowError("Phiên bản này không thuộc bài viết đang sửa.")
    current = check_version(article, expected_version)
    _require(can_edit(user, current), "Bạn không có quyền sửa bài viết này ở trạng thái hiện tại.")
    data = revision.data
    for name in REVISION_FIELDS:
        if name == "slug" and current.first_published_at:
            continue
        if name in data:
            setattr(current, name, data[name])
    if data.get("section"):
        current.section_id = data["section"]
    old_cover = current.cover_image.name or ""
    current.cover_image = data.get("cover_image", old_cover) or ""
    save_article(current, user, expected_version=current.version)
    if (current.cover_image.name or "") != old_cover:
        from .images import make_renditions

        make_renditions(current)
    current.tags.set(data.get("tags", []))
    current.related_articles.set(
        Article.objects.filter(pk__in=data.get("related", [])).exclude(pk=current.pk)
    )
    _log(current, user, Action.RESTORED, from_status=current.status,
         comment=f"Khôi phục phiên bản {revision.number}")
    record_revision(current, user, note=f"Khôi phục từ phiên bản {revision.number}")
    article.refresh_from_db()
    return article
