"""Demo units (marked as sample) in the demo exam sites' districts, their 2021 preparation
reports in various states, difficulties (one urgent and answered, one waiting) and the unit
account ``canbotruong``. Called by ``manage.py seed_demo``; running it again creates only what
is missing."""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from examportal.demo import demo_account
from examportal.roles import UNIT_STAFF
from exams.models import District
from examyears.models import ExamYear

from . import services
from .models import (
    Difficulty,
    DifficultyEvent,
    DifficultyKind,
    DifficultyStatus,
    PreparationReport,
    PreparationReportVersion,
    ReportingRound,
    Unit,
    UnitKind,
    UnitMembership,
)

D = District
YEAR = 2021
# code, name, kind, district, phone — sample names and numbers.
UNITS = [
    ("07001", "Trường THPT Chuyên Lê Quý Đôn", UnitKind.SCHOOL, D.LAI_CHAU_CITY, "02133876001"),
    ("07002", "Trường THPT Thành phố Lai Châu", UnitKind.SCHOOL, D.LAI_CHAU_CITY, "02133876002"),
    ("07003", "Trường THPT Bình Lư", UnitKind.SCHOOL, D.TAM_DUONG, "02133876003"),
    ("07004", "Trường THPT Phong Thổ", UnitKind.SCHOOL, D.PHONG_THO, "02133876004"),
    ("07005", "Trường THPT Dào San", UnitKind.SCHOOL, D.PHONG_THO, "02133876005"),
    ("07006", "Trường THPT Sìn Hồ", UnitKind.SCHOOL, D.SIN_HO, "02133876006"),
    ("07008", "Trường THPT Mường Tè", UnitKind.SCHOOL, D.MUONG_TE, "02133876008"),
    ("07009", "Trường THPT Than Uyên", UnitKind.SCHOOL, D.THAN_UYEN, "02133876009"),
    ("07011", "Trung tâm GDNN-GDTX huyện Tân Uyên", UnitKind.CENTRE, D.TAN_UYEN, "02133876011"),
    ("07012", "Trường THPT Nậm Nhùn", UnitKind.SCHOOL, D.NAM_NHUN, "02133876012"),
]
MISSING = {"07005", "07011"}
DEADLINE = (2021, 6, 15, 17, 0)
# code → (day in June 2021 of the first sending, staff, students, registered, hardship, far,
#         covered lodging, meals, transport, updated later)
FIGURES = {
    "07001": (8, 62, 620, 205, 12, 18, 10, 20, 6, False),
    "07002": (9, 58, 560, 190, 20, 25, 15, 30, 12, True),
    "07003": (10, 45, 480, 160, 35, 42, 30, 50, 28, False),
    "07004": (11, 52, 540, 180, 48, 60, 40, 70, 45, True),
    "07006": (12, 47, 500, 170, 44, 58, 38, 65, 40, False),
    "07008": (7, 50, 520, 175, 60, 85, 55, 90, 60, True),
    "07009": (18, 55, 590, 200, 30, 35, 25, 40, 20, False),
    "07012": (14, 40, 420, 140, 38, 52, 32, 55, 35, False),
}
DEMO_USERNAME = "canbotruong"
DEMO_FULL_NAME = "Lò Thị Hương"
DEMO_UNIT = "07008"


def vn(*args):
    return timezone.make_aware(datetime(*args), timezone.get_default_timezone())


def seed_units():
    units = {}
    for code, name, kind, district, phone in UNITS:
        unit, _ = Unit.objects.get_or_create(code=code, defaults={
            "name": name, "kind": kind, "district": district, "phone": phone,
            "email": f"c3.{code}@demo.laichau.edu.vn", "is_sample": True})
        units[code] = unit
    return units


def report_data(staff, students, registered, hardship, far, lodging, meals, transport, stage):
    """Figures that pass ``services.validate_report``; stage 2 is the update a week later."""
    share = 1 if stage == 2 else 0.8
    return {
        "staff_total": staff, "students_total": students,
        "informed_on": vn(2021, 5, 20).date(), "informed_staff": staff,
        "informed_students": int(students * share), "informed_parents": int(students * share * 0.7),
        "communication_methods": "Họp cha mẹ học sinh theo lớp; chào cờ đầu tuần; nhóm Zalo của "
                                 "từng lớp; loa phát thanh của trường (dữ liệu mẫu).",
        "trained_on": vn(2021, 5, 28).date(), "trained_managers": 4,
        "trained_teachers": staff - 10, "trained_employees": 6,
        "trained_students": int(registered * share),
        "candidates_registered": registered, "candidates_hardship": hardship,
        "candidates_far": far,
        "lodging_covered": int(lodging * share), "meals_covered": int(meals * share),
        "transport_covered": int(transport * share),
        "support_notes": "Ở ký túc xá của trường và nhà dân gần điểm thi; Đoàn Thanh niên đưa đón "
                         "thí sinh ở bản xa; bếp ăn miễn phí trong các ngày thi (dữ liệu mẫu).",
    }


def seed_reports(units, exam_year):
    for code, (day, staff, students, registered, hardship, far, lodging, meals, transport,
               updated) in FIGURES.items():
        unit = units[code]
        if PreparationReport.objects.filter(unit=unit, year=exam_year).exists():
            continue
        first = services.validate_report(
            report_data(staff, students, registered, hardship, far, lodging, meals, transport, 1),
            year=YEAR, today=vn(2021, 6, day).date())
        sent = vn(2021, 6, day, 15, 30)
        report = PreparationReport.objects.create(
            unit=unit, year=exam_year, submitted_at=sent, updated_at=sent, **first)
        PreparationReportVersion.objects.create(report=report, number=1, saved_at=sent,
                                                note="Gửi báo cáo lần đầu",
                                                data=services.snapshot(report))
        if updated:
            later = vn(2021, 6, day + 7, 9, 0)
            second = services.validate_report(
                report_data(staff, students, registered, hardship, far, lodging, meals, transport,
                            2), year=YEAR, today=later.date())
            for name, value in second.items():
                setattr(report, name, value)
            report.version = 2
            report.updated_at = later
            report.save()
            PreparationReportVersion.objects.create(
                report=report, number=2, saved_at=later, data=services.snapshot(report),
                note="Bổ sung học sinh được tuyên truyền và thí sinh được hỗ trợ đợt 2")


def seed_difficulties(units, exam_year):
    if Difficulty.objects.filter(year=exam_year, unit__is_sample=True).exists():
        return
    editor = get_user_model().objects.filter(username="bientapvien").first()
    urgent_at, answered_at = vn(2021, 6, 24, 8, 15), vn(2021, 6, 24, 10, 40)
    urgent = Difficulty.objects.create(
        unit=units["07008"], year=exam_year, kind=DifficultyKind.DIFFICULTY, is_urgent=True,
        text="Đường từ xã Pa Vệ Sử ra thị trấn Mường Tè sạt lở sau mưa lớn; 23 thí sinh chưa có "
             "phương tiện ra điểm thi ngày 06/7. Đề nghị Sở phối hợp bố trí xe đưa đón (dữ liệu "
             "mẫu).",
        status=DifficultyStatus.ANSWERED, created_at=urgent_at, updated_at=answered_at,
        answer="Sở đã đề nghị UBND huyện Mường Tè và Huyện đoàn bố trí 2 xe đưa thí sinh ra thị "
               "trấn từ chiều 05/7; nhà trường lập danh sách, báo số điện thoại người phụ trách "
               "cho Văn phòng Sở (dữ liệu mẫu).",
        answered_at=answered_at, answered_by=editor)
    DifficultyEvent.objects.bulk_create([
        DifficultyEvent(difficulty=urgent, action=DifficultyEvent.Action.RAISED, at=urgent_at,
                        text=urgent.text, status=DifficultyStatus.OPEN),
        DifficultyEvent(difficulty=urgent, action=DifficultyEvent.Action.URGENT, at=urgent_at,
                        status=DifficultyStatus.OPEN),
        DifficultyEvent(difficulty=urgent, action=DifficultyEvent.Action.ANSWERED, at=answered_at,
                        by=editor, text=urgent.answer, status=DifficultyStatus.ANSWERED),
    ])
    waiting_at = vn(2021, 6, 21, 14, 0)
    waiting = Difficulty.objects.create(
        unit=units["07004"], year=exam_year, kind=DifficultyKind.PROPOSAL,
        text="Đề xuất Sở hỗ trợ kinh phí nấu ăn cho 40 thí sinh ở bán trú trong 3 ngày thi; quỹ "
             "của nhà trường mới đủ cho 30 thí sinh (dữ liệu mẫu).",
        status=DifficultyStatus.OPEN, created_at=waiting_at, updated_at=waiting_at)
    DifficultyEvent.objects.create(difficulty=waiting, action=DifficultyEvent.Action.RAISED,
                                   at=waiting_at, text=waiting.text, status=DifficultyStatus.OPEN)


def seed_account(unit):
    user = demo_account(DEMO_USERNAME, DEMO_FULL_NAME, UNIT_STAFF, is_staff=False)
    UnitMembership.objects.get_or_create(user=user, defaults={"unit": unit,
                                                               "position": "Phó Hiệu trưởng"})
    return user


def seed(stdout):
    units = seed_units()
    exam_year = ExamYear.objects.filter(year=YEAR).first()
    if exam_year is not None:
        ReportingRound.objects.get_or_create(
            year=exam_year, defaults={"deadline": vn(*DEADLINE),
                                      "note": "Theo kế hoạch truyền thông (dữ liệu mẫu)."})
        seed_reports(units, exam_year)
        seed_difficulties(units, exam_year)
    seed_account(units[DEMO_UNIT])
    stdout.write(f"Đơn vị: {len(units)} đơn vị mẫu, {len(FIGURES)} báo cáo chuẩn bị thi năm {YEAR} "
                 f"({len(MISSING)} đơn vị chưa báo cáo).")
    stdout.write(f"  {DEMO_USERNAME:<12} {UNIT_STAFF:<14} {DEMO_FULL_NAME} — "
                 f"{units[DEMO_UNIT].name}, trang {reverse('units:home')}")
