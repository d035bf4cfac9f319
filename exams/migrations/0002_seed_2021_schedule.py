"""The 2021 exam schedule, a fact of the exam that every install has (exams.schedule_2021)."""

from django.db import migrations

from exams.schedule_2021 import create_2021_schedule


def seed_schedule(apps, schema_editor):
    create_2021_schedule(apps.get_model("exams", "ExamSession"),
                         apps.get_model("exams", "ExamComponent"))


class Migration(migrations.Migration):
    dependencies = [("exams", "0001_initial")]

    operations = [migrations.RunPython(seed_schedule, migrations.RunPython.noop)]
