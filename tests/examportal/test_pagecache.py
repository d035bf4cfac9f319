import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from examportal import pagecache
from news.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def publish(column, title, minutes_ago=30, **extra):
    moment = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return Article.objects.create(
        section=column.sections.get(slug="tinh-hinh-to-chuc-thi"), title=title,
        lead="Tóm tắt", body="<p>Nội dung</p>", status=Article.Status.PUBLISHED,
        publish_at=moment, first_published_at=moment, **extra)


def test_second_anonymous_request_is_served_from_cache_without_queries(client, exam_column):
    first = client.get("/ky-thi/2021/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as ctx:
        second = client.get("/ky-thi/2021/")
    assert second["X-Page-Cache"] == "hit"
    assert len(ctx) == 0
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert not second.cookies


def test_any_content_write_drops_cached_pages(client, exam_column):
    client.get("/ky-thi/2021/")
    article = publish(exam_column, "Buổi thi môn Toán diễn ra an toàn")
    response = client.get("/ky-thi/2021/")
    assert response["X-Page-Cache"] == "miss"
    client.get("/ky-thi/2021/")
    article.title = "Buổi thi môn Toán diễn ra an toàn, nghiêm túc"
    article.save()
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "miss"
    article.delete()
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "miss"


def test_non_content_writes_keep_the_cache(client, exam_column, django_user_model):
    client.get("/ky-thi/2021/")
    django_user_model.objects.create_user("someone", password="x" * 12)
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "hit"


def test_cached_page_never_outlives_the_next_scheduled_change(client, exam_column):
    publish(exam_column, "Sắp đăng", minutes_ago=-2)  # public in 2 minutes
    assert 0 < pagecache.page_timeout() <= 120
    publish(exam_column, "Sắp hết hạn",
            expires_at=timezone.now() + datetime.timedelta(seconds=40))
    assert 0 < pagecache.page_timeout() <= 40

    client.get("/ky-thi/2021/")
    assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "hit"
    later = timezone.now() + datetime.timedelta(minutes=3)
    # Move both clocks: Django's and the cache's own expiry clock.
    with mock.patch("django.utils.timezone.now", return_value=later), \
            mock.patch("django.core.cache.backends.locmem.time.time",
                       return_value=later.timestamp()):
        assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "miss"


def test_no_schedule_means_the_configured_lifetime(exam_column, settings):
    publish(exam_column, "Đã đăng")
    assert pagecache.page_timeout() == 300
    settings.PAGE_CACHE_SECONDS = 0
    assert pagecache.page_timeout() == 0


def test_logged_in_staff_and_cookie_pages_are_not_cached(client, exam_column, make_staff):
    client.force_login(make_staff("Biên tập viên"))
    client.get("/ky-thi/2021/")
    assert "X-Page-Cache" not in client.get("/ky-thi/2021/")
    client.logout()
    client.cookies.clear()
    assert client.get("/admin/login/").get("X-Page-Cache") is None


def test_responses_that_set_cookies_or_vary_on_cookie_are_not_stored(client, exam_column):
    from django.urls import path

    from portal import urls as root_urls

    def with_cookie(request):
        from django.http import HttpResponse

        response = HttpResponse("x")
        response.set_cookie("a", "b")
        return response

    class Urls:
        urlpatterns = [path("cookie/", with_cookie), *root_urls.urlpatterns]

    with mock.patch("django.conf.settings.ROOT_URLCONF", Urls):
        client.get("/cookie/")
        assert client.get("/cookie/")["X-Page-Cache"] == "miss"


def test_query_string_is_part_of_the_key(client, exam_column):
    client.get("/tim-kiem/?q=toan")
    assert client.get("/tim-kiem/?q=toan")["X-Page-Cache"] == "hit"
    assert client.get("/tim-kiem/?q=van")["X-Page-Cache"] == "miss"


def test_health_check_is_never_cached(client):
    client.get("/healthz")
    assert client.get("/healthz")["X-Page-Cache"] == "miss"


def test_cached_page_answers_304_to_a_client_that_has_it(client, exam_column):
    first = client.get("/ky-thi/2021/rss.xml")
    assert first["ETag"]
    with CaptureQueriesContext(connection) as ctx:
        again = client.get("/ky-thi/2021/rss.xml", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert len(ctx) == 0
    page = client.get("/ky-thi/2021/")
    assert page["ETag"]
    assert client.get("/ky-thi/2021/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 304


def test_staff_only_records_in_content_apps_keep_the_cache():
    from exams.models import SessionReport
    from news.models import Revision, Section

    before = pagecache.content_version()
    pagecache.content_changed(sender=SessionReport)
    pagecache.content_changed(sender=Revision)
    assert pagecache.content_version() == before
    pagecache.content_changed(sender=Section)
    assert pagecache.content_version() != before


def test_a_page_made_across_a_scheduled_change_is_not_kept(client, exam_column):
    """A page rendered just before a scheduled moment (a release, a publish time) but stored just
    after it shows the world before it: the cache must not keep it past the moment."""
    publish(exam_column, "Đã đăng")
    moment = publish(exam_column, "Đăng đúng giờ", minutes_ago=-0.5).publish_at
    before, after = moment - datetime.timedelta(seconds=1), moment + datetime.timedelta(seconds=1)
    assert pagecache.page_timeout(now=before) > 0
    assert pagecache.page_timeout(now=after, rendered_from=before) == 0
    # Through the middleware: rendering starts before the moment, storing happens after it.
    clock = iter([before.timestamp(), after.timestamp()])
    with mock.patch("examportal.pagecache.time.time", side_effect=lambda: next(clock, after.timestamp())), \
            mock.patch("django.utils.timezone.now", return_value=after):
        assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "miss"
    with mock.patch("django.utils.timezone.now", return_value=after):
        assert client.get("/ky-thi/2021/")["X-Page-Cache"] == "miss"
