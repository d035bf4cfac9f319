from django import template

from examportal.text import person_name

from ..models import Article
from ..workflow import DRAFTING, REVIEW, can_publish

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue(context, limit=10):
    """For editors: the articles waiting for review (oldest first) and the workflow counts.

    Which status is "waiting" comes from the workflow table: the one "submit" leads to.
    """
    user = context["request"].user
    if not can_publish(user):
        if user.has_perm("news.add_article"):
            mine = Article.objects.filter(author=user)
            return {
                "editor": False,
                "drafts": mine.filter(status__in=DRAFTING).count(),
                "pending": mine.filter(status=REVIEW).count(),
            }
        return None
    pending = (
        Article.objects.filter(status=REVIEW)
        .select_related("section__column", "author").order_by("updated_at")
    )
    return {
        "editor": True,
        "items": list(pending[:limit]),
        "pending": pending.count(),
        "scheduled": Article.objects.scheduled().count(),
    }


@register.filter
def vi_name(user):
    return person_name(user, "—")
