import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Column, Section

PUBLIC_URLS = [
    "/",
    "/ky-thi/2021/",
    "/ky-thi/2021/thong-cao-bao-chi/",
    "/van-ban/",
    "/duong-day-nong/",
    "/tim-kiem/?q=ky+thi",
]


@pytest.mark.django_db
def test_home_page_shows_agency_column_and_sections(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LAI CHÂU" in html
    assert "Thông tin về Kỳ thi tốt nghiệp THPT năm 2021" in html
    for section in Section.objects.filter(column__year=2021):
        assert section.title in html
        assert section.get_absolute_url() in html
    assert Section.objects.filter(column__year=2021).count() == 8


@pytest.mark.django_db
def test_navigation_and_footer(client):
    html = client.get("/").content.decode()
    for label in ["Trang chủ", "Kỳ thi tốt nghiệp THPT 2021", "Văn bản", "Đường dây nóng"]:
        assert f">{label}</a>" in html
    assert 'role="search"' in html and 'name="q"' in html
    for contact in ["02133799569", "02133876961", "vp.sogddt@laichau.gov.vn"]:
        assert contact in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert "<script" not in html  # no inline (or any) script on public pages


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_are_cacheable_and_secure(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies, "anonymous pages must not set cookies"
    assert "public" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_each_page_has_unique_title(client):
    titles = set()
    for url in PUBLIC_URLS:
        html = client.get(url).content.decode()
        titles.add(html.split("<title>", 1)[1].split("</title>", 1)[0])
    assert len(titles) == len(PUBLIC_URLS)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_sections(client):
    def count(url):
        client.get(url)  # warm the navigation cache; the count is of a steady-state request
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    before = {url: count(url) for url in PUBLIC_URLS}
    column = Column.objects.get(year=2021)
    for n in range(30):
        Section.objects.create(column=column, title=f"Chuyên mục thử {n}", position=100 + n)
    after = {url: count(url) for url in PUBLIC_URLS}
    assert before == after


@pytest.mark.django_db
def test_404_is_vietnamese_in_layout(client, settings):
    settings.DEBUG = False
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LAI CHÂU" in html
    assert client.get("/ky-thi/1999/").status_code == 404
    assert client.get("/ky-thi/2021/khong-co/").status_code == 404


@pytest.mark.django_db
def test_500_is_vietnamese_in_layout(client, settings):
    from django.urls import path

    from portal import urls as root_urls

    def boom(request):
        raise RuntimeError("boom")

    class Urls:
        urlpatterns = [path("boom/", boom), *root_urls.urlpatterns]
        handler500 = root_urls.handler500

    settings.ROOT_URLCONF = Urls
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in html
    assert "02133799569" in html


@pytest.mark.django_db
def test_search_handles_empty_long_and_odd_queries(client):
    assert "Nhập từ khóa" in client.get(reverse("news:search")).content.decode()
    long_query = "thi " * 500
    response = client.get(reverse("news:search"), {"q": long_query})
    assert response.status_code == 200
    assert "chỉ 200 ký tự đầu" in response.content.decode()
    for odd in ["<script>alert(1)</script>", "' OR 1=1 --", "%%%", "\x00", "🙂"]:
        response = client.get(reverse("news:search"), {"q": odd})
        assert response.status_code in (200, 400)
        assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_column_change_updates_navigation(client):
    column = Column.objects.get(year=2021)
    column.title = "Thông tin về Kỳ thi tốt nghiệp THPT năm 2021 (cập nhật)"
    column.save()
    assert "(cập nhật)" in client.get("/").content.decode()
