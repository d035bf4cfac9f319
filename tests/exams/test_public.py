import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exams.models import District, ExamComponent, ExamSession, ExamSite

from .conftest import vn

pytestmark = pytest.mark.django_db

SCHEDULE = "/lich-thi/"
SITES = "/lich-thi/diem-thi/"
ICS = "/lich-thi/2021/lich-thi.ics"


def title_of(html):
    return html.split("<title>", 1)[1].split("</title>", 1)[0]


@pytest.mark.parametrize("url", [SCHEDULE, "/lich-thi/2021/", SITES, ICS])
def test_public_pages_set_no_cookie_and_are_cacheable(client, schedule, sites, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_schedule_is_an_accessible_table(client, schedule):
    html = client.get(SCHEDULE).content.decode()
    assert "<h1>Lịch thi tốt nghiệp THPT năm 2021</h1>" in html
    assert html.count("<caption>") == 2  # round 1 and round 2
    assert 'scope="col">Giờ phát đề cho thí sinh</th>' in html
    assert "Ngữ văn" in html and "120 phút" in html and "Vật lí (KHTN) / Lịch sử (KHXH)" in html
    assert "07/07/2021" in html and "06/08/2021" in html
    assert 'href="/lich-thi/2021/lich-thi.ics"' in html
    assert "<script>" not in html and 'src="/static/js/exams.js"' in html
    assert 'aria-label="Bạn đang ở"' in html


def test_next_session_is_highlighted_in_vietnam_time(client, schedule, clock):
    # 00:30 on 7/7 in Vietnam is still 6/7 in UTC: the next session is Ngữ văn that morning.
    clock(vn(2021, 7, 7, 0, 30))
    html = client.get(SCHEDULE).content.decode()
    lit = schedule["literature"]
    assert f'id="buoi-{lit.pk}" class="schedule__session is-focus" aria-current="true"' in html
    assert "Buổi tiếp theo" in html and "còn 7 giờ 5 phút" in html
    assert 'data-countdown-to="2021-07-07T07:35:00+07:00"' in html


def test_current_session_is_highlighted(client, schedule, clock):
    clock(vn(2021, 7, 7, 15, 0))
    html = client.get(SCHEDULE).content.decode()
    maths = schedule["maths"]
    assert f'id="buoi-{maths.pk}" class="schedule__session is-focus" aria-current="time"' in html
    assert "Đang diễn ra" in html


def test_after_the_exam_nothing_is_highlighted(client, schedule, clock):
    clock(vn(2021, 9, 1, 8, 0))
    html = client.get(SCHEDULE).content.decode()
    assert "is-focus" not in html and "đã kết thúc" in html


def test_schedule_links_only_published_session_articles(client, schedule, clock, exam_column,
                                                         make_staff):
    from news import services as news_services
    from news.models import Article, Section

    editor = make_staff("Biên tập viên")
    section = Section.objects.get(column=exam_column, slug="tinh-hinh-to-chuc-thi")
    article = Article(section=section, title="Buổi thi Ngữ văn an toàn", lead="Sapo", body="<p>Nội dung</p>")
    news_services.save_article(article, editor)
    ExamSession.objects.filter(pk=schedule["literature"].pk).update(article=article)
    assert "Buổi thi Ngữ văn an toàn" not in client.get(SCHEDULE).content.decode()
    news_services.publish_article(article, editor)
    assert "Tin về buổi thi: Buổi thi Ngữ văn an toàn" in client.get(SCHEDULE).content.decode()


def test_unknown_year_is_404(client, schedule):
    assert client.get("/lich-thi/1999/").status_code == 404
    assert client.get("/lich-thi/1999/lich-thi.ics").status_code == 404


def test_site_list_grouped_by_district_in_order(client, sites, make_site):
    make_site(code="09", name="Điểm thi Trường THPT Than Uyên", district=District.THAN_UYEN, is_sample=True)
    make_site(code="99", name="Điểm thi đã bỏ", is_active=False)
    html = client.get(SITES).content.decode()
    assert "Điểm thi tốt nghiệp THPT năm 2021" in html
    order = [html.index(f'id="{d}-title"') for d in ("tp-lai-chau", "phong-tho", "muong-te", "than-uyen")]
    assert order == sorted(order)
    assert "Điểm thi đã bỏ" not in html
    assert "Dữ liệu mẫu" in html
    assert "4 điểm thi, 40 phòng thi tại 4 huyện, thành phố" in html


def test_titles_are_unique(client, schedule, sites):
    titles = {title_of(client.get(url).content.decode()) for url in (SCHEDULE, SITES)}
    assert len(titles) == 2


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_query_count_does_not_grow_with_data(client, schedule, sites, make_site):
    urls = [SCHEDULE, SITES, ICS]
    before = {url: count_queries(client, url) for url in urls}
    for n in range(60):
        make_site(code=f"{n + 10:02d}", district=list(District)[n % 8])
    for n in range(20):
        session = ExamSession.objects.create(
            year=2021, round=3, date=datetime.date(2021, 9, 1) + datetime.timedelta(days=n),
            part_of_day="morning", title=f"Môn thử {n}", start_time=datetime.time(7, 35),
            duration_minutes=90)
        ExamComponent.objects.create(session=session, name="Thành phần", start_time=datetime.time(7, 35),
                                     duration_minutes=45)
    after = {url: count_queries(client, url) for url in urls}
    assert before == after, (before, after)
    print("queries per public page", before)


def test_empty_schedule_and_site_list_are_pages_not_errors(client):
    from exams.models import SessionReport

    SessionReport.objects.all().delete()
    ExamSession.objects.all().delete()
    ExamSite.objects.all().delete()
    response = client.get(SCHEDULE)
    assert response.status_code == 200
    assert "chưa được công bố" in response.content.decode()
    response = client.get(SITES)
    assert response.status_code == 200
    assert "Chưa công bố danh sách điểm thi" in response.content.decode()
    assert client.get("/lich-thi/2021/").status_code == 404
    assert client.get("/lich-thi/2021/diem-thi/").status_code == 404


def test_schedule_is_in_the_main_navigation(client, schedule):
    html = client.get("/").content.decode()
    assert '<a href="/lich-thi/">Lịch thi</a>' in html
    assert '<a href="/lich-thi/" aria-current="page">Lịch thi</a>' in client.get(SCHEDULE).content.decode()


def test_the_page_cache_learns_when_the_highlight_moves(schedule):
    from exams.selectors import next_schedule_change

    assert next_schedule_change(vn(2021, 7, 7, 0, 30)) == vn(2021, 7, 7, 7, 35)
    assert next_schedule_change(vn(2021, 7, 7, 8, 0)) == vn(2021, 7, 7, 9, 35)
    assert next_schedule_change(vn(2022, 1, 1, 0, 0)) is None
