import pytest

from hotline import services
from hotline.models import Status


@pytest.mark.django_db
def test_submit_and_move(make_report, inspector):
    report, key = make_report()
    assert report.reference.startswith("DDN-")
    assert services.find_report_by_key(report.reference, key) == report
    services.move_report(report, Status.VERIFYING, by=inspector)
    assert report.status == Status.VERIFYING
