"""Demo hotline reports (clearly samples); the demo inspector may see reporter identity.

Created only by ``seed_demo``; runs again without creating duplicates.
"""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone

from examportal.roles import INSPECTORS, OPERATORS

from . import services
from .models import Report, Status

SAMPLES = [
    # (day, hh:mm, category, place, description, moves, reply)
    (7, "07:52", "leak", "Điểm thi Trường THPT Tam Đường",
     "[Mẫu] Có tin nhắn lan truyền ảnh được cho là đề Ngữ văn lúc 7 giờ 50.",
     [Status.VERIFYING, Status.HANDLING, Status.ESCALATED],
     "Thanh tra Sở đã tiếp nhận và báo cáo Ban Chỉ đạo thi. Cảm ơn bạn đã phản ánh."),
    (7, "09:15", "health", "Điểm thi Trường THPT Sìn Hồ",
     "[Mẫu] Một thí sinh sốt cao trước giờ thi, cần cán bộ y tế hỗ trợ.",
     [Status.VERIFYING, Status.HANDLING, Status.RESOLVED],
     "Cán bộ y tế điểm thi đã hỗ trợ; thí sinh dự thi bình thường."),
    (8, "06:40", "candidate_support", "Điểm thi Trường THPT Nậm Nhùn",
     "[Mẫu] Thí sinh quên căn cước công dân ở nhà, cách điểm thi 20 km.", [], ""),
    (8, "14:05", "proctor", "Điểm thi Trường THPT Than Uyên",
     "[Mẫu] Phản ánh cán bộ coi thi phòng 08 sử dụng điện thoại trong phòng thi.",
     [Status.VERIFYING], ""),
]


def _unmute():
    services.notifications_muted = False


def seed(stdout):
    User = get_user_model()
    # The demo inspector also holds the separate identity permission (granted to the person, not
    # to the group), so the demo shows both sides: the operator sees "Ẩn danh/đã ẩn"; and may
    # grant it to other inspectors on the workspace's "Quyền xem danh tính" screen.
    # The demo mails nobody (the grant below and the reports): callbacks run after the commit in
    # the order registered, so the last one switches notifications back on after theirs ran.
    services.notifications_muted = True
    chief = User.objects.filter(username="thanhtra").first()
    if chief and not chief.user_permissions.filter(codename="grant_identity_access").exists():
        chief.user_permissions.add(*Permission.objects.filter(
            content_type__app_label="hotline",
            codename__in=["view_reporter_identity", "grant_identity_access"]))
        stdout.write("  thanhtra được cấp riêng quyền xem danh tính người phản ánh và quyền cấp "
                     "quyền đó cho Thanh tra khác.")
    if Report.objects.filter(description__startswith="[Mẫu]").exists():
        transaction.on_commit(_unmute)
        return
    inspector = chief or User.objects.filter(groups__name=INSPECTORS).first()
    operator = User.objects.filter(groups__name=OPERATORS).first()
    tz = timezone.get_current_timezone()
    first = None
    for day, hhmm, category, place, description, moves, reply in SAMPLES:
        received = timezone.make_aware(datetime(2021, 7, day, *map(int, hhmm.split(":"))), tz)
        report, key = services.submit_report(
            category=category, place=place, description=description, received_at=received,
            occurred_at=received - timedelta(minutes=10),
            reporter_name="Phụ huynh (mẫu)" if day == 8 else "",
            reporter_phone="0912 000 000" if day == 8 else "",
        )
        if first is None:
            first = (report.reference, services.format_access_key(key))
        if moves:
            services.assign_report(report, inspector, by=inspector)
        for status in moves:
            services.move_report(report, status, by=inspector, reason="[Mẫu] Ghi chú xử lý")
        if reply:
            services.add_public_reply(report, reply, by=inspector)
    if operator:
        services.log_phone_report(
            operator=operator, channel="phone", received_at=None, category="site_incident",
            place="Điểm thi Trường THPT Mường Tè",
            description="[Mẫu] Điểm trưởng gọi báo mất điện phòng thi số 3 trong 10 phút.")
    transaction.on_commit(_unmute)
    stdout.write(f"Phản ánh mẫu để thử trang tra cứu: mã số {first[0]}, mã truy cập {first[1]}")
