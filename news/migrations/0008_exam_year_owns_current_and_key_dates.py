"""The exam year (examyears) now says which year is current and holds the key dates that are
not schedule days (its migration 0002 copied them first); sections get a role, filled from the
2021 addresses they were created with."""

from django.db import migrations, models


ROLES = {
    "van-ban-chi-dao-huong-dan": "directives",
    "hoat-dong-ban-chi-dao-thi": "steering",
    "cong-tac-chuan-bi": "preparation",
    "on-thi-va-ky-nang-lam-bai": "study_tips",
    "tinh-hinh-to-chuc-thi": "session_updates",
    "ket-qua-thi": "results",
    "thong-cao-bao-chi": "press",
    "guong-nguoi-tot-viec-tot": "good_deeds",
}


def roles_from_slugs(apps, schema_editor):
    Section = apps.get_model("news", "Section")
    for slug, role in ROLES.items():
        Section.objects.filter(slug=slug).update(role=role)


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0007_article_covering_indexes'),
        ('examyears', '0002_years_from_columns'),
    ]

    operations = [
        migrations.AddField(
            model_name='section',
            name='role',
            field=models.CharField(blank=True, choices=[('directives', 'Văn bản chỉ đạo, hướng dẫn (dẫn tới sổ văn bản)'), ('steering', 'Hoạt động của Ban Chỉ đạo thi'), ('preparation', 'Công tác chuẩn bị'), ('study_tips', 'Ôn thi và kỹ năng làm bài'), ('session_updates', 'Tình hình tổ chức thi (nhận bài từ số liệu buổi thi)'), ('results', 'Kết quả thi'), ('press', 'Thông cáo báo chí'), ('good_deeds', 'Gương người tốt, việc tốt')], help_text='Mỗi vai trò chỉ một chuyên mục con trong một năm; được giữ khi mở năm thi mới.', max_length=20, verbose_name='vai trò'),
        ),
        migrations.RunPython(roles_from_slugs, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='section',
            constraint=models.UniqueConstraint(condition=models.Q(('role', ''), _negated=True), fields=('column', 'role'), name='news_section_unique_role'),
        ),
        migrations.RemoveField(
            model_name='keydate',
            name='column',
        ),
        migrations.RemoveConstraint(
            model_name='column',
            name='news_one_current_column',
        ),
        migrations.RemoveField(
            model_name='column',
            name='is_current',
        ),
        migrations.DeleteModel(
            name='KeyDate',
        ),
    ]
