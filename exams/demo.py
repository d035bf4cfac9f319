"""Demo exam sites (marked as sample), reports for the first sessions, one site-staff account.

Called by ``manage.py seed_demo``; running it again creates only what is missing.
"""

from datetime import timedelta

from django.urls import reverse

from examportal.demo import demo_account
from examportal.roles import SITE_STAFF

from .models import District, ExamSession, ExamSite, SessionReport, SessionReportVersion, SiteMembership

D = District
# code, name, school, address, district, rooms, candidates — sample names and numbers.
SITES = [
    ("01", "Điểm thi Trường THPT Chuyên Lê Quý Đôn", "Trường THPT Chuyên Lê Quý Đôn",
     "Phường Đông Phong, thành phố Lai Châu", D.LAI_CHAU_CITY, 18, 429),
    ("02", "Điểm thi Trường THPT Thành phố Lai Châu", "Trường THPT Thành phố Lai Châu",
     "Phường Tân Phong, thành phố Lai Châu", D.LAI_CHAU_CITY, 16, 382),
    ("03", "Điểm thi Trường THPT Bình Lư", "Trường THPT Bình Lư",
     "Thị trấn Tam Đường, huyện Tam Đường", D.TAM_DUONG, 14, 331),
    ("04", "Điểm thi Trường THPT Phong Thổ", "Trường THPT Phong Thổ",
     "Thị trấn Phong Thổ, huyện Phong Thổ", D.PHONG_THO, 15, 352),
    ("05", "Điểm thi Trường THPT Dào San", "Trường THPT Dào San",
     "Xã Dào San, huyện Phong Thổ", D.PHONG_THO, 9, 205),
    ("06", "Điểm thi Trường THPT Sìn Hồ", "Trường THPT Sìn Hồ",
     "Thị trấn Sìn Hồ, huyện Sìn Hồ", D.SIN_HO, 10, 236),
    ("07", "Điểm thi Trường THPT Nậm Tăm", "Trường THPT Nậm Tăm",
     "Xã Nậm Tăm, huyện Sìn Hồ", D.SIN_HO, 8, 187),
    ("08", "Điểm thi Trường THPT Mường Tè", "Trường THPT Mường Tè",
     "Thị trấn Mường Tè, huyện Mường Tè", D.MUONG_TE, 11, 254),
    ("09", "Điểm thi Trường THPT Than Uyên", "Trường THPT Than Uyên",
     "Thị trấn Than Uyên, huyện Than Uyên", D.THAN_UYEN, 16, 376),
    ("10", "Điểm thi Trường THPT Mường Kim", "Trường THPT Mường Kim",
     "Xã Mường Kim, huyện Than Uyên", D.THAN_UYEN, 9, 198),
    ("11", "Điểm thi Trường THPT Tân Uyên", "Trường THPT Tân Uyên",
     "Thị trấn Tân Uyên, huyện Tân Uyên", D.TAN_UYEN, 14, 318),
    ("12", "Điểm thi Trường THPT Nậm Nhùn", "Trường THPT Nậm Nhùn",
     "Thị trấn Nậm Nhùn, huyện Nậm Nhùn", D.NAM_NHUN, 9, 211),
]
DEMO_USERNAME = "canbodiemthi"
DEMO_FULL_NAME = "Lường Thị Hoa"
# (session title, part of day) of the first sessions, the sites that have not reported, the late ones
FIRST_SESSIONS = [
    ("Ngữ văn", "morning", set(), {"07"}),
    ("Toán", "afternoon", {"05", "12"}, {"08"}),
]


def seed_sites(year=2021):
    sites = []
    for code, name, school, address, district, rooms, candidates in SITES:
        site, _ = ExamSite.objects.get_or_create(
            year=year, code=code,
            defaults={"name": name, "school": school, "address": address, "district": district,
                      "rooms": rooms, "candidates": candidates, "is_sample": True},
        )
        sites.append(site)
    return sites


def seed_reports(sites):
    for title, part, missing, late in FIRST_SESSIONS:
        session = ExamSession.objects.filter(year=2021, round=1, title=title, part_of_day=part).first()
        if session is None:
            continue
        for n, site in enumerate(sites):
            if site.code in missing or SessionReport.objects.filter(session=session, site=site).exists():
                continue
            expected = site.candidates
            absent = (n * 7 + len(title)) % 5 if title == "Ngữ văn" else (n * 5 + 3) % 6
            at = session.ends_at + (timedelta(minutes=95) if site.code in late
                                    else timedelta(minutes=15 + n * 2))
            figures = {"expected": expected, "present": expected - absent, "absent": absent,
                       "suspended": 1 if (title == "Toán" and site.code == "09") else 0,
                       "disciplined": 0, "incident_severity": "none", "incident_text": ""}
            if title == "Toán" and site.code == "03":
                figures.update(incident_severity="minor", incident_text=(
                    "Mất điện 15 phút tại dãy phòng 05–08 lúc 15:10; đã dùng máy phát dự phòng, "
                    "không ảnh hưởng thời gian làm bài (dữ liệu mẫu)."))
            report = SessionReport.objects.create(
                session=session, site=site, is_late=site.code in late, submitted_at=at,
                updated_at=at, **figures)
            SessionReportVersion.objects.create(report=report, number=1, submitted_at=at,
                                                is_late=site.code in late, **figures)


def seed_account(site):
    user = demo_account(DEMO_USERNAME, DEMO_FULL_NAME, SITE_STAFF, is_staff=False)
    SiteMembership.objects.get_or_create(user=user, defaults={"site": site,
                                                               "position": "Thư ký điểm thi"})
    return user


def seed(stdout):
    sites = seed_sites()
    seed_reports(sites)
    seed_account(sites[0])
    stdout.write(
        f"Lịch thi và điểm thi: {len(sites)} điểm thi mẫu năm 2021, báo cáo mẫu của hai buổi thi đầu.")
    stdout.write(f"  {DEMO_USERNAME:<12} {SITE_STAFF:<14} {DEMO_FULL_NAME} — điểm thi {sites[0].code}, "
                 f"đăng nhập tại {reverse('exams:login')}")
