"""The article workflow as one table, read by the services, the admin and the review queue.

``TRANSITIONS`` lists every move an article can make: the stages it starts from, the status it
ends in, who may make it, what it needs (the content, a comment, a time), and how the admin
shows it (button, success message). ``news.services.transition`` makes the moves and checks
them against this table only; the change form's workflow panel offers
``allowed_moves(user, article)``; the bulk actions and ``run_transition`` dispatch by name; the
review queue on the admin home lists the status that "submit" leads to. Adding a move, or
letting one start from another state, is a change to this table (and its test,
``tests/news/test_workflow_table.py``).

Stages are the stored statuses, plus ``SCHEDULED``: a published article whose time has not
come yet may still be published now or moved to another time; a public or expired one may not.
"""

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from .models import Article, ArticleEvent

Status = Article.Status
Action = ArticleEvent.Action

CHANGE_PERMISSION = "news.change_article"
PUBLISH_PERMISSION = "news.publish_article"

SCHEDULED = "scheduled"
"""The stage of a published article whose publication time is still to come."""


def stage(article):
    """The article's stage in the table: its status, or ``SCHEDULED``."""
    return SCHEDULED if article.is_scheduled else Status(article.status)


def can_publish(user):
    """Editors: they review, publish, schedule, withdraw and reopen everyone's articles."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


class Who(models.TextChoices):
    AUTHOR = "author", "Tác giả của bài (có quyền sửa bài) hoặc biên tập viên"
    EDITOR = "editor", "Biên tập viên (có quyền duyệt bài)"

    def allows(self, user, article):
        if self == Who.EDITOR:
            return can_publish(user)
        return (user.is_active and user.has_perm(CHANGE_PERMISSION)
                and (article.author_id == user.pk or can_publish(user)))


class Needs(models.TextChoices):
    """What a move asks for besides the button; the admin panel shows the matching field."""

    NOTHING = "", "Không cần gì thêm"
    CONTENT = "content", "Bài có đủ tiêu đề, sapo và nội dung"
    COMMENT = "comment", "Một góp ý (bắt buộc)"
    REASON = "reason", "Một lý do (không bắt buộc)"
    TIME = "time", "Một thời điểm ở tương lai"


@dataclass(frozen=True)
class Transition:
    name: str                   # the admin's action value
    event: str                  # ArticleEvent.Action recorded in the article's log
    sources: frozenset          # stages it starts from
    target: str                 # Article.Status it ends in
    who: Who
    button: str                 # the workflow panel's button
    done: str                   # the success message; "{at}" is the chosen time
    verb: str                   # "Đã {verb} 3 bài viết." (bulk actions)
    needs: Needs = Needs.NOTHING
    field_label: str = ""       # the label of the comment or time field
    missing: str = ""           # the refusal when what it needs is missing
    button_class: str = "button"
    button_when_scheduled: str = ""  # the button on an article already scheduled

    def allows(self, user, article):
        """May ``user`` make this move on ``article`` as it is now?"""
        return stage(article) in self.sources and self.who.allows(user, article)

    @property
    def takes_comment(self):
        return self.needs in (Needs.COMMENT, Needs.REASON)

    def button_for(self, article):
        return self.button_when_scheduled if article.is_scheduled and self.button_when_scheduled \
            else self.button

    def message(self, at=None):
        when = f"{timezone.localtime(at):%H:%M ngày %d/%m/%Y}" if at else ""
        return self.done.format(at=when)


def _table(*transitions):
    return {t.name: t for t in transitions}


# In the order the workflow panel shows the buttons.
TRANSITIONS = _table(
    Transition(
        "submit", Action.SUBMITTED, frozenset({Status.DRAFT}), Status.PENDING, Who.AUTHOR,
        button="Gửi duyệt", button_class="button default", verb="gửi duyệt",
        done="Đã gửi bài để biên tập viên duyệt.",
        needs=Needs.CONTENT, missing="Bài cần có tiêu đề, sapo và nội dung trước khi gửi duyệt.",
    ),
    Transition(
        "publish", Action.PUBLISHED, frozenset({Status.DRAFT, Status.PENDING, SCHEDULED}),
        Status.PUBLISHED, Who.EDITOR,
        button="Xuất bản ngay", button_class="button default", verb="xuất bản",
        done="Đã xuất bản bài viết.",
    ),
    Transition(
        "schedule", Action.SCHEDULED, frozenset({Status.DRAFT, Status.PENDING, SCHEDULED}),
        Status.PUBLISHED, Who.EDITOR,
        button="Lên lịch xuất bản", button_when_scheduled="Đổi lịch xuất bản", verb="lên lịch",
        done="Đã lên lịch: bài sẽ tự hiện lúc {at}.",
        needs=Needs.TIME, field_label="Xuất bản lúc", missing="Thời điểm lên lịch phải ở tương lai.",
    ),
    Transition(
        "return", Action.RETURNED, frozenset({Status.PENDING}), Status.DRAFT, Who.EDITOR,
        button="Trả lại cho tác giả", verb="trả lại",
        done="Đã trả lại bài cho tác giả kèm góp ý.",
        needs=Needs.COMMENT, field_label="Góp ý khi trả lại (bắt buộc)",
        missing="Hãy ghi lý do trả lại để tác giả biết cần sửa gì.",
    ),
    Transition(
        "withdraw", Action.WITHDRAWN, frozenset({Status.PUBLISHED, SCHEDULED}), Status.WITHDRAWN,
        Who.EDITOR,
        button="Gỡ bài", button_class="button deletelink", verb="gỡ",
        done="Đã gỡ bài viết khỏi cổng thông tin.",
        needs=Needs.REASON, field_label="Lý do gỡ",
    ),
    Transition(
        "reopen", Action.REOPENED, frozenset({Status.WITHDRAWN}), Status.DRAFT, Who.EDITOR,
        button="Mở lại thành bản nháp", verb="mở lại",
        done="Đã mở lại bài viết thành bản nháp.",
    ),
)

# The review queue (admin home): editors see what authors sent, where "submit" leads; authors
# count their own articles there and where "submit" starts.
REVIEW = TRANSITIONS["submit"].target
DRAFTING = TRANSITIONS["submit"].sources


def allowed_moves(user, article):
    """The moves ``user`` may make on ``article`` now, in the panel's order."""
    return [t for t in TRANSITIONS.values() if t.allows(user, article)]


def allowed_actions(user, article):
    """The names of ``allowed_moves``: what the workflow panel offers."""
    return {t.name for t in allowed_moves(user, article)}
