"""Two phones of the same site sending at once: one report, one version per accepted change."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from exams import services
from exams.models import ExamComponent, ExamSession, SessionReport, SessionReportVersion
from exams.schedule_2021 import create_2021_schedule

from .conftest import figures, vn

WORKERS = 8


def run_at_once(func):
    gate = threading.Barrier(WORKERS)
    outcomes = []

    def call(i):
        try:
            gate.wait(timeout=30)
            func(i)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        except Exception as exc:  # report, don't hide
            outcomes.append(repr(exc))
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(call, range(WORKERS)))
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_and_corrections(postgres_only, make_officer, make_site, clock):
    create_2021_schedule(ExamSession, ExamComponent)
    lit = ExamSession.objects.get(year=2021, round=1, title="Ngữ văn")
    site = make_site(code="01")
    officers = [make_officer(site) for _ in range(WORKERS)]
    clock(vn(2021, 7, 7, 9, 50))

    outcomes = run_at_once(lambda i: services.submit_session_report(
        user=officers[i], session=lit, site=site, data=figures(240, 240 - i, i)))
    assert outcomes.count("ok") == 1, outcomes
    assert all("đã gửi báo cáo" in o for o in outcomes if o != "ok"), outcomes
    assert SessionReport.objects.count() == 1 and SessionReportVersion.objects.count() == 1

    report = SessionReport.objects.get()
    outcomes = run_at_once(lambda i: services.correct_session_report(
        user=officers[i], report=report, data=figures(241 + i, 241 + i, 0), reason=f"Sửa {i}",
        expected_version=1))
    assert outcomes.count("ok") == 1, outcomes
    assert all("sau khi bạn mở trang" in o for o in outcomes if o != "ok"), outcomes
    report.refresh_from_db()
    assert report.version == 2
    assert list(report.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
