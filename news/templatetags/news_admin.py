from django import template
from django.utils import timezone

from ..models import Article
from ..services import display_name

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue(context, limit=10):
    """For editors: the articles waiting for review (oldest first) and the workflow counts."""
    user = context["request"].user
    if not user.has_perm("news.publish_article"):
        if user.has_perm("news.add_article"):
            mine = Article.objects.filter(author=user)
            return {
                "editor": False,
                "drafts": mine.filter(status=Article.Status.DRAFT).count(),
                "pending": mine.filter(status=Article.Status.PENDING).count(),
            }
        return None
    pending = (
        Article.objects.filter(status=Article.Status.PENDING)
        .select_related("section__column", "author").order_by("updated_at")
    )
    return {
        "editor": True,
        "items": list(pending[:limit]),
        "pending": pending.count(),
        "scheduled": Article.objects.filter(
            status=Article.Status.PUBLISHED, publish_at__gt=timezone.now()
        ).count(),
    }


@register.filter
def vi_name(user):
    return display_name(user)
