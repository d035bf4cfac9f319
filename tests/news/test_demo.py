import io

import pytest
from django.utils import timezone

from examportal import demo as accounts_demo
from news import demo
from news.models import Article

pytestmark = pytest.mark.django_db


def test_seed_fills_every_section_june_to_august_2021_and_is_idempotent(exam_column, roles, settings,
                                                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    accounts_demo.seed(out)
    demo.seed(out)
    published = Article.objects.published().select_related("section")
    assert published.count() >= 40
    assert {a.section.slug for a in published} == set(exam_column.sections.values_list("slug", flat=True))
    for article in published:
        when = timezone.localtime(article.publish_at)
        assert (when.year, 6 <= when.month <= 8) == (2021, True), article.title
        assert article.cover_image and article.cover_alt and article.cover_renditions
        assert "bài viết mẫu" in article.body
        assert article.revisions.exists()
    assert Article.objects.filter(status=Article.Status.PENDING).exists()
    count = Article.objects.count()
    demo.seed(out)
    assert Article.objects.count() == count
    assert "0 bài viết mẫu mới" in out.getvalue()
