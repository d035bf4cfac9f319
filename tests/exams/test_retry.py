"""Issue 14, item 5: a site's session report whose database connection dies before the commit
is written again once on a fresh connection, in the same request, and filed once."""

import pytest

from exams import services
from exams.models import SessionReport, SessionReportVersion
from tests.hotline.connection_faults import Faults

from .conftest import figures, vn

pytestmark = pytest.mark.django_db(transaction=True)


def form_url(session):
    return f"/lich-thi/bao-cao/buoi-thi/{session.pk}/"


@pytest.fixture
def faults(monkeypatch):
    return Faults(monkeypatch)


@pytest.mark.parametrize("fault", ["lose_connection", "terminate_backend"])
def test_a_session_report_is_filed_once_when_the_connection_dies(client, schedule, officer, sites,
                                                                 clock, faults, fault):
    from django.db import connection

    if fault == "terminate_backend" and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    lit = schedule["literature"]
    client.force_login(officer)
    clock(vn(2021, 7, 7, 9, 45))
    # The report row is written; its first version's statement finds the connection gone.
    faults.once(services, "_version", getattr(faults, fault))
    response = client.post(form_url(lit), figures(240, 238, 2))
    assert faults.lost == 1
    report = SessionReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/lich-thi/bao-cao/{report.pk}/"
    assert report.version == 1 and SessionReportVersion.objects.count() == 1


def test_a_correction_is_written_once_when_the_connection_dies(client, schedule, officer, sites,
                                                               clock, faults):
    lit = schedule["literature"]
    clock(vn(2021, 7, 7, 9, 45))
    services.submit_session_report(user=officer, session=lit, site=sites[0], data=figures())
    client.force_login(officer)
    faults.once(services, "_version", faults.lose_connection)
    response = client.post(form_url(lit), {**figures(240, 237, 3), "version": 1,
                                           "reason": "Nhập nhầm số thí sinh vắng thi phòng 05."})
    assert faults.lost == 1 and response.status_code == 302
    report = SessionReport.objects.get()
    assert (report.version, report.present, report.absent) == (2, 237, 3)
    assert sorted(report.versions.values_list("number", flat=True)) == [1, 2]
