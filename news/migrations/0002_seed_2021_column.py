from django.db import migrations

SECTIONS = [
    ("van-ban-chi-dao-huong-dan", "Văn bản chỉ đạo, hướng dẫn",
     "Văn bản chỉ đạo, hướng dẫn về Kỳ thi của Bộ GDĐT, UBND tỉnh, Ban Chỉ đạo thi cấp tỉnh "
     "và Sở GDĐT."),
    ("hoat-dong-ban-chi-dao-thi", "Hoạt động của Ban Chỉ đạo thi",
     "Hoạt động của Ban Chỉ đạo thi cấp tỉnh."),
    ("cong-tac-chuan-bi", "Công tác chuẩn bị",
     "Công tác chuẩn bị của các địa phương, cơ sở giáo dục THPT, GDTX và các điểm thi."),
    ("on-thi-va-ky-nang-lam-bai", "Ôn thi và kỹ năng làm bài",
     "Thông tin, kinh nghiệm ôn thi và kỹ năng làm bài thi."),
    ("tinh-hinh-to-chuc-thi", "Tình hình tổ chức thi",
     "Thông tin về tình hình tổ chức các buổi thi, môn thi."),
    ("ket-qua-thi", "Kết quả thi", "Kết quả Kỳ thi."),
    ("thong-cao-bao-chi", "Thông cáo báo chí",
     "Thông cáo báo chí về Kỳ thi gửi các cơ quan báo chí, truyền thông."),
    ("guong-nguoi-tot-viec-tot", "Gương người tốt, việc tốt",
     "Gương người tốt, việc tốt trong Kỳ thi do các đơn vị gửi về."),
]

INTRO = (
    "Chuyên mục cập nhật đầy đủ, kịp thời văn bản chỉ đạo, hướng dẫn, công tác chuẩn bị, "
    "tình hình tổ chức và kết quả Kỳ thi tốt nghiệp THPT năm 2021 trên địa bàn tỉnh Lai Châu, "
    "theo Kế hoạch truyền thông của Sở Giáo dục và Đào tạo."
)


def seed_column(apps, schema_editor):
    # Frozen copies (migrations must not import app code) of news.sections: DEFAULT_SECTIONS
    # without the roles (migration 0008 adds them), column_title(2021) and column_intro(2021).
    Column = apps.get_model("news", "Column")
    Section = apps.get_model("news", "Section")
    column, created = Column.objects.get_or_create(
        year=2021,
        defaults={
            "title": "Thông tin về Kỳ thi tốt nghiệp THPT năm 2021",
            "intro": INTRO,
            "is_current": not Column.objects.filter(is_current=True).exists(),
        },
    )
    for position, (slug, title, description) in enumerate(SECTIONS, start=1):
        Section.objects.get_or_create(
            column=column, slug=slug,
            defaults={"title": title, "description": description, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]

    operations = [migrations.RunPython(seed_column, migrations.RunPython.noop)]
