import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from examportal.demo import DEMO_PASSWORD
from examportal.roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS, INSPECTORS, OPERATORS, SITE_STAFF
from exams.models import District, ExamSite, SessionReport, SessionReportVersion, SiteMembership

ALL = [EDITORS, CONTRIBUTORS, OPERATORS, INSPECTORS, ADMINISTRATORS, SITE_STAFF]
MATRIX = {
    "/admin/exams/examsession/": {EDITORS, ADMINISTRATORS},
    "/admin/exams/examsite/": {EDITORS, ADMINISTRATORS},
    "/admin/exams/examsite/add/": {ADMINISTRATORS},
    "/admin/exams/sitemembership/": {ADMINISTRATORS},
    "/admin/exams/sessionreport/": {ADMINISTRATORS},
    "/lich-thi/bao-cao/": {EDITORS, INSPECTORS},  # site staff: 403 until given a site
    "/lich-thi/tong-hop/{lit}/": {EDITORS, INSPECTORS},
}


@pytest.mark.django_db
@pytest.mark.parametrize("group", ALL)
@pytest.mark.parametrize("url", sorted(MATRIX))
def test_who_opens_what(client, make_staff, schedule, group, url):
    client.force_login(make_staff(group))
    response = client.get(url.format(lit=schedule["literature"].pk))
    assert response.status_code == (200 if group in MATRIX[url] else 403), f"{group} on {url}"


@pytest.mark.django_db
def test_reports_are_read_only_in_the_admin(client, make_staff):
    client.force_login(make_staff(ADMINISTRATORS))
    assert client.get("/admin/exams/sessionreport/add/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_seed_demo_creates_sample_sites_reports_and_the_site_account_once(settings):
    from exams.models import ExamComponent, ExamSession
    from exams.schedule_2021 import create_2021_schedule
    from examyears.services import ensure_year

    ensure_year(2021)
    create_2021_schedule(ExamSession, ExamComponent)
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    counts = (ExamSite.objects.count(), SessionReport.objects.count(),
              SessionReportVersion.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (ExamSite.objects.count(), SessionReport.objects.count(),
                      SessionReportVersion.objects.count())
    sites = ExamSite.objects.filter(year=2021)
    assert sites.count() >= 8 and all(site.is_sample for site in sites)
    assert set(sites.values_list("district", flat=True)) == set(District.values)
    reported = set(SessionReport.objects.values_list("session__title", flat=True))
    assert reported == {"Ngữ văn", "Toán"}
    assert SessionReport.objects.filter(session__title="Toán").count() < sites.count()  # missing sites
    user = get_user_model().objects.get(username="canbodiemthi")
    assert user.check_password(DEMO_PASSWORD) and not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [SITE_STAFF]
    assert SiteMembership.objects.get(user=user).site.code == "01"
    assert "canbodiemthi" in out.getvalue() and "/lich-thi/dang-nhap/" in out.getvalue()
