"""One exam year for each existing column (and each year the schedule or the sites name), the
current one kept; the columns' key dates move here. The 2021 results release (00:00 on
26/07/2021) is a fact of that exam, like its schedule, so every install has it."""

import datetime
import zoneinfo

from django.db import migrations

RELEASES = {2021: datetime.datetime(2021, 7, 26, 0, 0,
                                    tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))}


def forwards(apps, schema_editor):
    ExamYear = apps.get_model("examyears", "ExamYear")
    KeyDate = apps.get_model("examyears", "KeyDate")
    Column = apps.get_model("news", "Column")
    OldKeyDate = apps.get_model("news", "KeyDate")
    ExamSession = apps.get_model("exams", "ExamSession")
    ExamSite = apps.get_model("exams", "ExamSite")
    schedule_days = set(ExamSession.objects.values_list("date", flat=True))
    years = {column.year: column for column in Column.objects.all()}
    years.update({y: None for y in [*ExamSession.objects.values_list("year", flat=True),
                                    *ExamSite.objects.values_list("year", flat=True)]
                  if y not in years})
    for year, column in sorted(years.items()):
        exam_year, _ = ExamYear.objects.get_or_create(year=year, defaults={
            "title": f"Kỳ thi tốt nghiệp THPT năm {year}",
            "is_current": bool(column and column.is_current),
            "results_release_at": RELEASES.get(year),
        })
        if column is None:
            continue
        release = RELEASES.get(year)
        for old in OldKeyDate.objects.filter(column=column):
            # Schedule days and the results release now come from the schedule and the year.
            if old.date in schedule_days or (release and old.date == release.date()):
                continue
            KeyDate.objects.get_or_create(exam_year=exam_year, date=old.date,
                                          defaults={"title": old.title})


class Migration(migrations.Migration):
    dependencies = [
        ("examyears", "0001_initial"),
        ("news", "0007_article_covering_indexes"),
        ("exams", "0002_seed_2021_schedule"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
