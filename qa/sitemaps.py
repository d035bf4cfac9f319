from django.db.models import Max
from django.urls import reverse

from examportal.sitemaps import PortalSitemap

from .models import Question, Topic


class QuestionSitemap(PortalSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Question.objects.published().only("pk", "slug", "updated_at").order_by("-answered_at", "pk")

    def lastmod(self, question):
        return question.updated_at


class QuestionTopicSitemap(PortalSitemap):
    """The Q&A page and one page per topic that has answered questions."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        newest = dict(
            Question.objects.published().order_by().values_list("topic").annotate(m=Max("updated_at"))
        )
        self._newest = newest
        return [None, *[value for value in Topic.values if value in newest]]

    def location(self, topic):
        if topic is None:
            return reverse("qa:question-list")
        return reverse("qa:topic", kwargs={"topic": topic})

    def lastmod(self, topic):
        newest = getattr(self, "_newest", {})
        if topic is None:
            return max(newest.values(), default=None)
        return newest.get(topic)
