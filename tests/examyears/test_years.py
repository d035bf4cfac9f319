"""Every exam year, not just 2021: opening a year is an editor's task, and switching the current
year moves home, navigation, schedule, feeds and widget while 2021 keeps every address."""

import io
import re
from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from alerts.models import Subscription
from examportal.roles import CONTRIBUTORS, EDITORS
from exams.models import District, ExamSession, ExamSite
from examyears import services
from examyears.models import ExamYear, KeyDate
from examyears.selectors import current_year, key_dates
from news.models import Column, Section, SectionRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2021(exam_column):
    ExamSite.objects.create(year=2021, code="01", name="Điểm thi THPT Thành phố", school="THPT TP",
                            address="Phường Tân Phong", district=District.LAI_CHAU_CITY, rooms=20)
    ExamSite.objects.create(year=2021, code="02", name="Điểm thi cũ", school="THPT cũ",
                            address="Xã A", district=District.TAM_DUONG, rooms=5, is_active=False)
    return ExamYear.objects.get(year=2021)


def test_2021_is_the_current_year_with_its_release_and_schedule_days(year_2021):
    assert current_year() == year_2021
    release = timezone.localtime(year_2021.results_release_at)
    assert release.isoformat() == "2021-07-26T00:00:00+07:00"
    items, _ = key_dates(2021)
    days = [item.date for item in items]
    assert days == sorted(days)
    assert date(2021, 7, 7) in days and date(2021, 7, 26) in days and date(2021, 8, 6) in days
    literature = next(item for item in items if item.date == date(2021, 7, 7))
    assert literature.title == "Sáng: Ngữ văn (120 phút); chiều: Toán (90 phút)"
    assert literature.url == "/lich-thi/2021/#ngay-2021-07-07"


def test_key_dates_are_typed_once_and_linked_on_home_and_column(client, year_2021):
    KeyDate.objects.create(exam_year=year_2021, date=date(2021, 8, 5), title="Hết hạn phúc khảo")
    for url in ("/", "/ky-thi/2021/"):
        html = client.get(url).content.decode()
        assert '<a href="/lich-thi/2021/#ngay-2021-07-07">' in html, url
        assert "Hết hạn phúc khảo" in html or url == "/"  # home shows the first six
    schedule = client.get("/lich-thi/2021/").content.decode()
    assert 'id="ngay-2021-07-07"' in schedule


def test_start_exam_year_copies_what_is_per_year(year_2021):
    subscriber = Subscription.objects.create(email="ph@example.org")
    subscriber.sections.add(Section.objects.get(column__year=2021, role=SectionRole.RESULTS))
    out = io.StringIO()
    call_command("start_exam_year", "2022", "--from", "2021", stdout=out)
    new = ExamYear.objects.get(year=2022)
    assert new.title == "Kỳ thi tốt nghiệp THPT năm 2022" and new.council_code == "07"
    assert not new.is_current and current_year() == year_2021
    column = Column.objects.get(year=2022)
    assert column.title == "Thông tin về Kỳ thi tốt nghiệp THPT năm 2022"
    old_sections = list(Section.objects.filter(column__year=2021).values_list("slug", "title", "role"))
    assert list(column.sections.values_list("slug", "title", "role")) == old_sections
    assert list(ExamSite.objects.filter(year=2022).values_list("code", flat=True)) == ["01"]
    assert set(subscriber.sections.values_list("column__year", flat=True)) == {2021, 2022}
    assert not ExamSession.objects.filter(year=2022).exists()
    text = out.getvalue()
    assert "8 chuyên mục con" in text and "1 điểm thi" in text and "1 người nhận tin" in text


def test_copied_schedule_is_hidden_until_confirmed(client, year_2021):
    services.start_exam_year(2022, copy_schedule=True)
    copies = ExamSession.objects.filter(year=2022)
    assert copies.count() == ExamSession.objects.filter(year=2021).count()
    assert not copies.filter(is_confirmed=True).exists()
    assert copies.filter(title="Ngữ văn", round=1).get().date == date(2022, 7, 7)
    assert client.get("/lich-thi/2022/").status_code == 404
    assert key_dates(2022)[0] == []
    literature = copies.get(title="Ngữ văn", round=1)
    literature.is_confirmed = True
    literature.save()
    assert client.get("/lich-thi/2022/").status_code == 200
    assert [item.date for item in key_dates(2022)[0]] == [date(2022, 7, 7)]


@pytest.mark.parametrize("year, source, message", [
    (2021, 2021, "đã có"),
    (2020, 2021, "phải sau"),
    (2023, 1999, "Không có năm thi 1999"),
])
def test_opening_refuses_with_a_clear_message_and_leaves_nothing(year_2021, year, source, message):
    with pytest.raises(ValidationError, match=message):
        services.start_exam_year(year, from_year=source)
    assert not Column.objects.filter(year=year).exclude(year=2021).exists()


def test_switching_moves_every_current_thing_and_2021_keeps_its_addresses(client, year_2021):
    sitemap_2021 = _walk_sitemap(client)
    assert any("/ky-thi/2021/" in url for url in sitemap_2021)
    new, _ = services.start_exam_year(2022, from_year=2021, copy_schedule=True)
    ExamSession.objects.filter(year=2022).update(is_confirmed=True)
    services.make_current(new)
    assert current_year().year == 2022
    home = client.get("/").content.decode()
    assert "Thông tin về Kỳ thi tốt nghiệp THPT năm 2022" in home
    assert 'href="/ky-thi/2022/"' in home                       # navigation
    assert "/ky-thi/2022/rss.xml" in home                       # the feeds every page announces
    assert 'href="/lich-thi/2022/#ngay-2022-07-07"' in home     # key dates
    assert "Lịch thi 2022" in client.get("/lich-thi/").content.decode()
    assert "/ky-thi/2022/feed.json" in client.get("/nhung-tin/").content.decode()  # widget
    assert "/ky-thi/2022/" in client.get("/theo-doi/").content.decode()
    for url in sitemap_2021:                                    # permalinks never break
        assert client.get(url).status_code == 200, url
    assert client.get("/lich-thi/2021/lich-thi.ics").status_code == 200


def _walk_sitemap(client):
    index = client.get("/sitemap.xml").content.decode()
    urls = []
    for part in re.findall(r"<loc>([^<]+)</loc>", index):
        path = re.sub(r"^https?://[^/]+", "", part)
        body = client.get(path).content.decode()
        urls += [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", body)]
    return urls


def test_session_article_goes_to_the_section_with_the_role_whatever_its_address(year_2021):
    section = Section.objects.get(column__year=2021, role=SectionRole.SESSION_UPDATES)
    section.slug = "dien-bien-cac-buoi-thi"
    section.save()
    column = Column.objects.get(year=2021)
    assert column.section_for(SectionRole.SESSION_UPDATES) == section


def test_editor_opens_a_year_in_the_admin_and_makes_it_current(client, make_staff, year_2021):
    client.force_login(make_staff(EDITORS))
    page = client.get(reverse("admin:examyears_examyear_changelist"))
    assert "Mở năm thi mới" in page.content.decode()
    url = reverse("admin:examyears_examyear_open")
    form = client.get(url).context["form"]
    assert form.initial["year"] == 2022
    response = client.post(url, {"year": "2021", "from_year": "2021", "title": "Trùng"})
    assert response.status_code == 400
    assert "Năm thi 2021 đã có." in response.content.decode()
    assert 'value="Trùng"' in response.content.decode()       # what was typed is kept
    response = client.post(url, {"year": "2022", "from_year": "2021", "copy_schedule": "on"})
    assert response.status_code == 302
    new = ExamYear.objects.get(year=2022)
    response = client.post(reverse("admin:examyears_examyear_changelist"),
                           {"action": "make_current", "_selected_action": [new.pk]})
    assert response.status_code == 302
    assert current_year().year == 2022


def test_contributors_cannot_open_or_switch_years(client, make_staff, year_2021):
    client.force_login(make_staff(CONTRIBUTORS))
    assert client.get(reverse("admin:examyears_examyear_open")).status_code == 403
    assert client.post(reverse("admin:examyears_examyear_changelist"),
                       {"action": "make_current", "_selected_action": [2021]}).status_code == 403


def test_key_date_links_stay_inside_the_portal(year_2021):
    for bad in ("javascript:alert(1)", "//evil.example/", "https://evil.example/", "/\\evil"):
        with pytest.raises(ValidationError):
            KeyDate(exam_year=year_2021, date=date(2021, 5, 1), title="x", url=bad).full_clean()
    KeyDate(exam_year=year_2021, date=date(2021, 5, 1), title="x", url="/van-ban/").full_clean()


def test_new_sessions_of_an_opened_year_need_no_programmer(client, year_2021):
    new, _ = services.start_exam_year(2022)
    ExamSession.objects.create(year=2022, date=date(2022, 7, 7), part_of_day="morning",
                               title="Ngữ văn", start_time=time(7, 35), duration_minutes=120)
    services.make_current(new)
    assert "Ngữ văn" in client.get("/lich-thi/").content.decode()
