from django import template

from qa.models import Question

register = template.Library()


@register.inclusion_tag("qa/_pinned.html")
def qa_pinned(limit=4, level=2):
    """The pinned questions, for the column page: ``{% load qa %}{% qa_pinned 4 %}`` (one query;
    renders nothing when none is pinned)."""
    questions = list(Question.objects.pinned().only(
        "pk", "slug", "title", "text", "topic", "answered_at")[:limit])
    return {"questions": questions, "level": level}
