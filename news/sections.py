"""The sections of an exam-year column (the plan, sections II.1–II.3), for the first year opened
on an install; later years copy the previous year's sections (news.years). Migration 0002 keeps
its own frozen copy of this list, as migrations must."""

from .models import SectionRole

# (slug, title, description, role)
DEFAULT_SECTIONS = [
    ("van-ban-chi-dao-huong-dan", "Văn bản chỉ đạo, hướng dẫn",
     "Văn bản chỉ đạo, hướng dẫn về Kỳ thi của Bộ GDĐT, UBND tỉnh, Ban Chỉ đạo thi cấp tỉnh "
     "và Sở GDĐT.", SectionRole.DIRECTIVES),
    ("hoat-dong-ban-chi-dao-thi", "Hoạt động của Ban Chỉ đạo thi",
     "Hoạt động của Ban Chỉ đạo thi cấp tỉnh.", SectionRole.STEERING),
    ("cong-tac-chuan-bi", "Công tác chuẩn bị",
     "Công tác chuẩn bị của các địa phương, cơ sở giáo dục THPT, GDTX và các điểm thi.",
     SectionRole.PREPARATION),
    ("on-thi-va-ky-nang-lam-bai", "Ôn thi và kỹ năng làm bài",
     "Thông tin, kinh nghiệm ôn thi và kỹ năng làm bài thi.", SectionRole.STUDY_TIPS),
    ("tinh-hinh-to-chuc-thi", "Tình hình tổ chức thi",
     "Thông tin về tình hình tổ chức các buổi thi, môn thi.", SectionRole.SESSION_UPDATES),
    ("ket-qua-thi", "Kết quả thi", "Kết quả Kỳ thi.", SectionRole.RESULTS),
    ("thong-cao-bao-chi", "Thông cáo báo chí",
     "Thông cáo báo chí về Kỳ thi gửi các cơ quan báo chí, truyền thông.", SectionRole.PRESS),
    ("guong-nguoi-tot-viec-tot", "Gương người tốt, việc tốt",
     "Gương người tốt, việc tốt trong Kỳ thi do các đơn vị gửi về.", SectionRole.GOOD_DEEDS),
]


def column_title(year):
    return f"Thông tin về Kỳ thi tốt nghiệp THPT năm {year}"


def column_intro(year):
    return (
        "Chuyên mục cập nhật đầy đủ, kịp thời văn bản chỉ đạo, hướng dẫn, công tác chuẩn bị, "
        f"tình hình tổ chức và kết quả Kỳ thi tốt nghiệp THPT năm {year} trên địa bàn tỉnh Lai "
        "Châu, theo Kế hoạch truyền thông của Sở Giáo dục và Đào tạo."
    )
