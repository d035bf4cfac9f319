import io

import pytest
from django.core.management import call_command

from news.models import Article

from .conftest import image_file

pytestmark = pytest.mark.django_db


def test_news_reindex_rebuilds_search_text_and_missing_renditions(make_article, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = make_article(title="Kỳ thi tốt nghiệp", tags=["Điểm thi"])
    article.cover_image.save("cover.jpg", image_file(), save=True)
    Article.objects.filter(pk=article.pk).update(search_title="", search_body="")
    out = io.StringIO()
    call_command("news_reindex", stdout=out)
    article.refresh_from_db()
    assert article.search_title == "ky thi tot nghiep" and "diem thi" in article.search_body
    assert [r["width"] for r in article.cover_renditions] == [320, 640, 960, 1280]
    assert "1 bài" in out.getvalue()
