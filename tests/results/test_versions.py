"""Versions, corrections, compare and restore, the audit trail, graduation, the article."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from results import services
from results.models import AuditEntry, CandidateResult, ResultSet, ResultVersion

from .conftest import csv_file

pytestmark = pytest.mark.django_db


def current(number):
    return CandidateResult.objects.lookup(2021, number)


def test_correction_is_a_new_version_keeping_the_old(year, officer):
    services.import_rows(user=officer, exam_year=year, rows=services.importing.parse(
        "a.csv", csv_file("07000001,,,8,7,5,N1,6,6,6,,,"), council_code="07").rows)
    result_set = ResultSet.objects.get(exam_year=year)
    with pytest.raises(ValidationError):
        services.correct_candidate(user=officer, result_set=result_set, number="07000001",
                                   changes={"toan": "8.6"}, reason="")
    with pytest.raises(ValidationError):
        services.correct_candidate(user=officer, result_set=result_set, number="07000001",
                                   changes={"toan": "8.5"}, reason="Phúc khảo")  # off-step
    v2 = services.correct_candidate(user=officer, result_set=result_set, number="07000001",
                                    changes={"toan": "8.6"}, reason="Phúc khảo môn Toán")
    row = current("07000001")
    assert v2.number == 2 and str(row.toan) == "8.60" and str(row.a00) == "20.60"
    assert row.before_remarking == {"toan": "8"}
    old = CandidateResult.objects.get(version__number=1, number="07000001")
    assert str(old.toan) == "8.00"
    diff = services.compare_versions(old.version, v2)
    assert diff == [("07000001", [("Toán", "8", "8.6")])]
    v3 = services.restore_version(user=officer, version=old.version, reason="Nhầm")
    assert v3.number == 3 and str(current("07000001").toan) == "8.00"
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["confirmed", "corrected", "restored"]
    assert "Phúc khảo môn Toán" in AuditEntry.objects.get(action="corrected").detail


def test_graduation_from_its_own_import(client, year, officer, seeded):
    data = csv_file("07000001,Đỗ", "07000002,Trượt", header="SBD,Tốt nghiệp")
    parsed, pending = services.stage_upload(user=officer, exam_year=year, name="tn.csv", data=data,
                                            graduation=True)
    assert parsed.ok
    services.confirm_import(user=officer, pending=pending)
    assert current("07000001").graduation == "dat" and current("07000002").graduation == "truot"
    assert current("07000003").graduation == ""
    assert CandidateResult.objects.filter(version__number=2).count() == 200
    assert "Đỗ tốt nghiệp" in client.get("/ket-qua-thi/2021/?sbd=07000001").content.decode()
    unknown = csv_file("07999999,Đỗ", header="SBD,Tốt nghiệp")
    parsed, pending = services.stage_upload(user=officer, exam_year=year, name="tn.csv",
                                            data=unknown, graduation=True)
    assert pending is None and parsed.problems[0].row == 2


def test_permissions(year, editor, officer, administrator, seeded):
    with pytest.raises(PermissionDenied):
        services.stage_upload(user=editor, exam_year=year, name="a.csv", data=b"")
    for user in (editor, administrator):
        with pytest.raises(PermissionDenied):
            services.set_release_time(user=user, exam_year=year, moment=year.results_release_at)
        with pytest.raises(PermissionDenied):
            services.restore_version(user=user, version=ResultVersion.objects.first())
    with pytest.raises(PermissionDenied):
        services.create_results_article(user=officer, exam_year=year)


def test_article_drafted_from_the_figures(year, editor, seeded):
    article = services.create_results_article(user=editor, exam_year=year)
    assert article.title == "Kết quả Kỳ thi tốt nghiệp THPT năm 2021"
    assert article.section.role == "results" and article.status == "draft"
    assert "Môn Toán" in article.body and "/ket-qua-thi/2021/" in article.body
    assert AuditEntry.objects.filter(action="article").exists()
