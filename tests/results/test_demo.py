import io

import pytest

from results import demo
from results.models import CandidateResult, ResultVersion

pytestmark = pytest.mark.django_db


def test_demo_seeds_3214_released_candidates(client, exam_column):
    demo.seed(io.StringIO())
    assert CandidateResult.objects.current(2021).count() == 3214
    assert ResultVersion.objects.count() == 2  # scores, then graduation
    demo.seed(io.StringIO())  # again: nothing new
    assert ResultVersion.objects.count() == 2
    body = client.get("/ket-qua-thi/2021/", {"sbd": "07003214"}).content.decode()
    assert "07003214" in body and "tốt nghiệp" in body
    assert client.get("/ket-qua-thi/2021/thong-ke/").status_code == 200


def test_home_link_during_the_results_weeks(exam_column):
    import datetime
    from unittest import mock

    from django.template import Context, Template

    from tests.results.conftest import RELEASE

    tpl = Template("{% load results_tags %}{% results_home_link %}")
    with mock.patch("django.utils.timezone.now", return_value=RELEASE + datetime.timedelta(days=3)):
        assert "Tra cứu điểm thi" in tpl.render(Context())
    with mock.patch("django.utils.timezone.now", return_value=RELEASE - datetime.timedelta(days=1)):
        assert "công bố lúc 00:00" in tpl.render(Context())
    with mock.patch("django.utils.timezone.now", return_value=RELEASE + datetime.timedelta(days=90)):
        assert tpl.render(Context()).strip() == ""
