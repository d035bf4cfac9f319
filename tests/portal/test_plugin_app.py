"""An app joins the site search, the site map and the page cache's schedules by declaring them
in its AppConfig (tests/portal/plugin_app): nothing outside that app changes."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from examportal import pagecache, registry
from tests.portal.plugin_app import contributions

pytestmark = pytest.mark.django_db


@pytest.fixture
def plugin_app():
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.portal.plugin_app"]):
        yield
    contributions.NEXT_CHANGE["at"] = None
    assert "thu-nghiem" not in registry.named_contributions("sitemaps")  # forgotten again


def test_the_site_search_shows_its_results(client, plugin_app, exam_column):
    from news.models import Article

    moment = timezone.now() - timedelta(hours=1)
    Article.objects.create(
        section=exam_column.sections.first(), title="Thử nghiệm phòng cháy tại điểm thi",
        lead="Tóm tắt", body="<p>Nội dung</p>", status=Article.Status.PUBLISHED,
        publish_at=moment, first_published_at=moment)
    html = client.get(reverse("news:search"), {"q": "thu nghiem"}).content.decode()
    assert "Trang của ứng dụng thử nghiệm" in html
    assert "Thử nghiệm phòng cháy tại điểm thi" in html  # the articles are still there
    assert "loai=thu-nghiem" in html  # and a filter for the new kind
    only = client.get(reverse("news:search"), {"q": "thu nghiem", "loai": "thu-nghiem"})
    assert "Tìm thấy 1 kết quả" in only.content.decode()
    assert "Thử nghiệm phòng cháy" not in only.content.decode()


def test_the_sitemap_index_lists_its_section_and_the_section_answers(client, plugin_app):
    section = reverse("sitemap-section", kwargs={"section": "thu-nghiem"})
    assert settings.SITE_URL + section in client.get(reverse("sitemap-index")).content.decode()
    response = client.get(section)
    assert response.status_code == 200
    xml = response.content.decode()
    assert all(f"<loc>{settings.SITE_URL}{page}</loc>" in xml for page in contributions.PAGES)


def test_without_the_app_nothing_of_it_shows(client):
    assert client.get(reverse("sitemap-section", kwargs={"section": "thu-nghiem"})).status_code == 404
    html = client.get(reverse("news:search"), {"q": "thu nghiem"}).content.decode()
    assert "Trang của ứng dụng thử nghiệm" not in html


def test_the_page_cache_keeps_a_page_no_longer_than_its_schedule_says(client, plugin_app, settings,
                                                                      exam_column):
    settings.PAGE_CACHE_SECONDS = 300
    moment = timezone.now() + timedelta(seconds=3)
    contributions.NEXT_CHANGE["at"] = moment
    assert pagecache.page_timeout() <= 3
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.2)
    assert client.get("/")["X-Page-Cache"] == "miss"  # the page changed with the clock
