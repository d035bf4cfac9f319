import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hotline import services
from hotline.models import AuditEntry, Report, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue_data(make_report, inspector, inspector2):
    now = timezone.now()
    a, _ = make_report(category="leak", place="Điểm thi THPT Mường Tè")
    b, _ = make_report(category="health", place="Điểm thi Than Uyên",
                       received_at=now - timedelta(hours=5))
    c, _ = make_report(category="leak", place="Điểm thi Tân Uyên", channel="phone")
    services.move_report(c, Status.VERIFYING, by=inspector)
    services.assign_report(a, inspector, by=inspector)
    services.assign_report(c, inspector2, by=inspector2)
    return {"a": a, "b": b, "c": c}


def queue(client, **params):
    return client.get(reverse("hotline:staff_queue"), params)


def references(response):
    return [r.reference for r in response.context["reports"]]


def test_queue_filters_sorting_and_counts(client, inspector, queue_data):
    a, b, c = queue_data["a"], queue_data["b"], queue_data["c"]
    client.force_login(inspector)
    response = queue(client)
    assert response.status_code == 200
    assert references(response) == [c.reference, a.reference, b.reference]
    counts = response.context["counts"]
    assert counts["total"] == 3 and counts["new"] == 2 and counts["verifying"] == 1
    assert counts["overdue"] == 1
    assert set(references(queue(client, status="new"))) == {a.reference, b.reference}
    assert set(references(queue(client, status="open"))) == {a.reference, b.reference, c.reference}
    assert set(references(queue(client, category="leak"))) == {a.reference, c.reference}
    assert references(queue(client, channel="phone")) == [c.reference]
    assert references(queue(client, place="muong te")) == [a.reference]  # no diacritics needed
    assert references(queue(client, overdue="on")) == [b.reference]
    assert references(queue(client, mine="on")) == [a.reference]
    assert references(queue(client, q=c.reference.lower())) == [c.reference]
    assert references(queue(client, sort="received"))[0] == b.reference
    assert references(queue(client, sort="due"))[0] == b.reference
    html = queue(client).content.decode()
    assert "Quá hạn" in html and "Mới tiếp nhận" in html


def test_queue_query_count_is_fixed(client, inspector, make_report):
    client.force_login(inspector)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert queue(client).status_code == 200
        return len(ctx)

    make_report()
    count()  # warm the navigation cache; the count is of a steady-state request
    before = count()
    for _ in range(20):
        report, _ = make_report()
        services.assign_report(report, inspector, by=inspector)
    after = count()
    assert before == after, (before, after)
    assert after <= 12


def test_report_page_actions_through_the_workspace(client, inspector, inspector2, make_report):
    report, _ = make_report()
    client.force_login(inspector)
    url = reverse("hotline:staff_report", args=[report.pk])
    assert client.post(url, {"action": "assign", "assignee": inspector2.pk}).status_code == 302
    assert client.post(url, {"action": "note", "note-text": "Gọi cho điểm trưởng"}).status_code == 302
    assert client.post(url, {"action": "reply", "reply-text": "Đang xác minh"}).status_code == 302
    assert client.post(url, {"action": "move", "to_status": "verifying"}).status_code == 302
    # A refused move keeps the typed text and says why.
    response = client.post(url, {"action": "move", "to_status": "rejected", "reason": ""})
    assert response.status_code == 400
    assert "lý do không xử lý" in response.content.decode()
    response = client.post(url, {"action": "move", "to_status": "resolved", "reason": "Giữ lại"})
    assert response.status_code == 400 and "Giữ lại" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.VERIFYING and report.assigned_to == inspector2
    html = client.get(url).content.decode()
    for text in ["Gọi cho điểm trưởng", "Nội bộ", "Đang xác minh", "Nhật ký truy cập",
                 "Phân công cho"]:
        assert text in html
    actions = set(report.audit_entries.values_list("action", flat=True))
    assert {"create", "change", "view"} <= actions


def test_attachment_download_is_audited_and_forced(client, inspector, make_report):
    from .conftest import PDF_BYTES, upload

    report, _ = make_report(files=[upload("bi-mat-ten-that.pdf", PDF_BYTES)])
    attachment = report.attachments.get()
    client.force_login(inspector)
    response = client.get(reverse("hotline:staff_attachment", args=[report.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment;" in response["Content-Disposition"]
    assert report.reference in response["Content-Disposition"]
    assert "bi-mat" not in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(report=report, action="download",
                                     username=inspector.username).exists()


def test_print_summary_and_day_summary(client, inspector, queue_data):
    client.force_login(inspector)
    a = queue_data["a"]
    html = client.get(reverse("hotline:staff_report_print", args=[a.pk])).content.decode()
    assert a.reference in html and "Ban Chỉ đạo" in html and "Ẩn danh/đã ẩn" in html
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = client.get(reverse("hotline:staff_day"), {"day": today})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"ngày {today}" in html
    assert response.context["total"] == Report.objects.received_on(timezone.localdate()).count()
    leak_row = next(row for row in response.context["rows"] if row[0] == "Lộ, lọt đề thi")
    assert leak_row[2] == 2
    assert f"date_from={today}" in html
    assert AuditEntry.objects.filter(action="print").count() == 2


def test_exports_csv_and_xlsx_of_a_filtered_queue(client, inspector, queue_data):
    client.force_login(inspector)
    response = client.get(reverse("hotline:staff_export_csv"), {"category": "leak"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã số" and "Họ tên người phản ánh" not in rows[0]
    assert {r[0] for r in rows[1:]} == {queue_data["a"].reference, queue_data["c"].reference}
    response = client.get(reverse("hotline:staff_export_xlsx"), {"status": "new"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "Mã số"
    assert {v[0] for v in values[1:]} == {queue_data["a"].reference, queue_data["b"].reference}
    assert AuditEntry.objects.filter(action="export").count() == 2


def test_export_neutralises_formulas(client, inspector, make_report):
    make_report(place="=HYPERLINK(\"http://evil\")", description="+SUM(A1:A9)")
    client.force_login(inspector)
    content = client.get(reverse("hotline:staff_export_csv")).content.decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(content)))[1]
    assert row[4].startswith("'=") and row[11].startswith("'+")


def test_reports_sent_under_load_without_proof_are_marked_in_exports_and_filterable(
        client, inspector, make_report):
    verified, _ = make_report()
    unverified, _ = make_report(unverified=True)
    client.force_login(inspector)
    table = list(csv.reader(io.StringIO(
        client.get(reverse("hotline:staff_export_csv")).content.decode("utf-8-sig"))))
    column = table[0].index("Chưa xác minh")
    marks = {row[0]: row[column] for row in table[1:]}
    assert marks == {verified.reference: "", unverified.reference: "Gửi khi quá tải"}
    assert references(queue(client, unverified="on")) == [unverified.reference]


def test_operator_logs_a_call(client, operator):
    client.force_login(operator)
    now = timezone.localtime()
    response = client.post(reverse("hotline:operator_new"), {
        "channel": "phone", "received_date": now.strftime("%d/%m/%Y"),
        "received_time": now.strftime("%H:%M"), "category": "candidate_support",
        "place": "Điểm thi Nậm Nhùn", "description": "Thí sinh quên căn cước, cần hỗ trợ.",
        "reporter_name": "Người Gọi", "reporter_phone": "0912345678", "reporter_email": "",
        "occurred_date": "", "occurred_time": "",
    })
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.channel == "phone" and report.logged_by == operator
    assert report.reference in response.content.decode()
    assert 'id="access-key"' in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_operator_form_refuses_another_day(client, operator):
    client.force_login(operator)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(reverse("hotline:operator_new"), {
        "channel": "phone", "received_date": yesterday.strftime("%d/%m/%Y"),
        "received_time": "08:00", "category": "other", "description": "Giữ nội dung",
    })
    assert response.status_code == 400
    assert "trong hôm nay" in response.content.decode()
    assert "Giữ nội dung" in response.content.decode()
    assert Report.objects.count() == 0


def test_report_page_query_count_is_fixed(client, chief, make_report):
    from .conftest import PDF_BYTES, upload

    report, _ = make_report(files=[upload("a.pdf", PDF_BYTES)])
    client.force_login(chief)
    url = reverse("hotline:staff_report", args=[report.pk])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    count()
    before = count()
    for i in range(10):
        services.add_internal_note(report, f"Ghi chú {i}", by=chief)
        services.add_public_reply(report, f"Trả lời {i}", by=chief)
    services.add_reporter_followup(report, text="Bổ sung", files=[upload("b.pdf", PDF_BYTES)])
    assert count() == before
    print(f"\nqueries: report page {before}")


def test_take_a_report_myself(client, inspector, make_report):
    report, _ = make_report()
    client.force_login(inspector)
    url = reverse("hotline:staff_report", args=[report.pk])
    assert "Tôi nhận xử lý" in client.get(url).content.decode()
    client.post(url, {"action": "assign", "assignee": inspector.pk})
    report.refresh_from_db()
    assert report.assigned_to == inspector
    assert "Tôi nhận xử lý" not in client.get(url).content.decode()


def test_dates_show_as_dd_mm_yyyy(client, operator, inspector):
    client.force_login(operator)
    html = client.get(reverse("hotline:operator_new")).content.decode()
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in html
    client.force_login(inspector)
    html = client.get(reverse("hotline:staff_day")).content.decode()
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in html


def test_a_wrong_filter_does_not_drop_the_others(client, inspector, queue_data):
    client.force_login(inspector)
    response = queue(client, category="health", date_from="31/02/2021")
    assert references(response) == [queue_data["b"].reference]
    assert "Nhập một ngày hợp lệ" in response.content.decode() or response.context["form"].errors
