"""Every change of an article that carries rules: one function each, called by admin and views.

The workflow moves (submit, return, publish, schedule, withdraw, reopen) all go through
``transition``, which checks them against ``news.workflow.TRANSITIONS`` (who, from which stage,
what is needed) and records who did it and when (``ArticleEvent``); content saves keep a
``Revision``. They raise ``PermissionDenied`` or ``ServiceError`` (a Vietnamese message).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from examportal.services import ServiceError
from examportal.text import person_name

from .models import Article, ArticleEvent, Revision
from .workflow import TRANSITIONS, Needs, can_publish, stage

Status = Article.Status
Action = ArticleEvent.Action

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


class ConflictError(ServiceError):
    """Someone else saved the article after this user opened it."""


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


def _require(condition, message="Bạn không có quyền thực hiện thao tác này."):
    if not condition:
        raise PermissionDenied(message)


def _conflict_message(current):
    who = ""
    event = current.events.select_related("actor").first()
    if event and event.actor:
        who = f" bởi {person_name(event.actor, '—')}"
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
        raise ServiceError("Không thể đổi đường dẫn của bài đã xuất bản (liên kết cũ sẽ hỏng).")
    article.status = current.status  # the state moves only through the functions below
    article.author_id = current.author_id
    if current.first_published_at and current.first_published_at <= now:
        article.revised_at = now
    article.version = current.version + 1
    article.save()
    _log(article, user, Action.EDITED, from_status=current.status)
    return article


def transition(article, user, name, *, comment="", at=None, expected_version=None):
    """Make the move ``name`` of ``workflow.TRANSITIONS``, if the table allows it.

    Checked in this order: who may make it (on ``article`` as the caller has it), what it needs
    (content, comment, a future time), then, on the locked row, the version and the stage it
    starts from. A move into "published" sets the publication time (``at``, now by default).
    """
    move = TRANSITIONS.get(name)
    if move is None:
        raise ServiceError("Thao tác không hợp lệ.")
    _require(move.who.allows(user, article))
    now = timezone.now()
    comment = (comment or "").strip() if move.takes_comment else ""
    if move.needs == Needs.CONTENT and not (article.title and article.lead and article.body):
        raise ServiceError(move.missing)
    if move.needs == Needs.COMMENT and not comment:
        raise ServiceError(move.missing)
    if move.needs == Needs.TIME and (at is None or at <= now):
        raise ServiceError(move.missing)
    changes = {}
    if move.target == Status.PUBLISHED:
        at = at or now
        if article.expires_at and article.expires_at <= at:
            raise ServiceError("Thời điểm hết hạn phải sau thời điểm xuất bản.")
        changes["publish_at"] = at
        if not article.first_published_at or article.first_published_at > now:
            changes["first_published_at"] = at
        if move.needs == Needs.TIME:
            comment = f"Xuất bản lúc {timezone.localtime(at):%H:%M %d/%m/%Y}"
    with transaction.atomic():
        current = check_version(article, expected_version)
        if stage(current) not in move.sources:
            raise ServiceError(
                f"Không thể “{Action(move.event).label.lower()}” một bài đang ở trạng thái "
                f"“{current.status_label.lower()}”."
            )
        from_status = current.status
        for field, value in changes.items():
            setattr(current, field, value)
        current.status = move.target
        current.version += 1
        current.save()
        _log(current, user, move.event, from_status=from_status, comment=comment)
    article.refresh_from_db()
    return article


def submit_article(article, user, expected_version=None):
    """Draft → pending review. The author (or an editor) sends it."""
    return transition(article, user, "submit", expected_version=expected_version)


def return_article(article, user, comment, expected_version=None):
    """Pending → draft, with the editor's comment for the author."""
    return transition(article, user, "return", comment=comment, expected_version=expected_version)


def publish_article(article, user, at=None, expected_version=None):
    """Draft or pending → published, now or at ``at`` (a future time schedules it).

    A scheduled article (published, its time not yet come) may be moved to another time.
    """
    name = "schedule" if at is not None and at > timezone.now() else "publish"
    return transition(article, user, name, at=at, expected_version=expected_version)


def schedule_article(article, user, at, expected_version=None):
    """Publish at a future time; the article turns public by itself when it comes."""
    return transition(article, user, "schedule", at=at, expected_version=expected_version)


def withdraw_article(article, user, reason="", expected_version=None):
    """Published → withdrawn: the public page answers 410 from then on."""
    return transition(article, user, "withdraw", comment=reason, expected_version=expected_version)


def reopen_article(article, user, expected_version=None):
    """Withdrawn → draft, to be corrected and published again."""
    return transition(article, user, "reopen", expected_version=expected_version)


@transaction.atomic
def restore_revision(article, revision, user, expected_version=None):
    """Put a revision's content back (as a new save, so nothing is lost)."""
    if revision.article_id != article.pk:
        raise ServiceError("Phiên bản này không thuộc bài viết đang sửa.")
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
