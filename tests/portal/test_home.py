"""The home page: this exam year's essentials first (the session going on or next, the key dates
linked to the schedule, the hotline as tel: links, the newest news), in a fixed number of
queries."""

import datetime
import zoneinfo
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from exams.models import ExamComponent, ExamSession
from exams.schedule_2021 import create_2021_schedule
from news.models import Article

pytestmark = pytest.mark.django_db
VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def schedule(exam_column):
    if not ExamSession.objects.filter(year=2021).exists():
        create_2021_schedule(ExamSession, ExamComponent)


def home_at(client, moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return client.get("/").content.decode()


@pytest.mark.parametrize("moment,heading,what", [
    (datetime.datetime(2021, 7, 7, 6, 0, tzinfo=VN), "Buổi thi tiếp theo", "Ngữ văn"),
    (datetime.datetime(2021, 7, 7, 15, 0, tzinfo=VN), "Đang diễn ra", "Toán"),
    (datetime.datetime(2021, 9, 1, 8, 0, tzinfo=VN), "Kỳ thi năm 2021", "đã kết thúc"),
])
def test_the_next_exam_moment_comes_first(client, schedule, moment, heading, what):
    html = home_at(client, moment)
    main = html[html.index("<main"):]
    start = main.index('class="home-moment')
    moment_box = main[start:main.index("</section>", start)]
    assert heading in moment_box and what in moment_box
    assert main.index('class="home-moment') < main.index('class="key-dates"') < main.index(
        'class="hotline-box"') < main.index('class="home-services"')


def test_no_schedule_yet_says_so(client, exam_column):
    ExamSession.objects.all().delete()
    assert "chưa được công bố" in client.get("/").content.decode()


def test_hotline_numbers_are_tel_links_and_key_dates_link_the_schedule(client, schedule):
    html = home_at(client, datetime.datetime(2021, 7, 1, 9, 0, tzinfo=VN))
    for phone in settings.PORTAL["phones"]:
        assert f'href="tel:{phone}"' in html
    assert 'href="/lich-thi/2021/#ngay-2021-07-07"' in html


@pytest.mark.parametrize("size", [1, 40])
def test_home_query_count_does_not_grow(client, schedule, exam_column, size,
                                        django_assert_max_num_queries):
    section = exam_column.sections.first()
    moment = timezone.now() - timedelta(hours=1)
    Article.objects.bulk_create([
        Article(section=section, title=f"Tin {n}", slug=f"tin-{n}", lead="", body="<p>x</p>",
                status=Article.Status.PUBLISHED, publish_at=moment, first_published_at=moment)
        for n in range(size)])
    client.get("/")
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200
