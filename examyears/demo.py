"""Demo: the 2021 year's one milestone that is not a schedule day (the schedule's days and the
results release come from the schedule and the year)."""

from datetime import date

from .models import ExamYear, KeyDate


def seed(stdout):
    exam_year = ExamYear.objects.filter(year=2021).first()
    if exam_year is None:
        return
    KeyDate.objects.get_or_create(
        exam_year=exam_year, date=date(2021, 8, 5),
        defaults={"title": "Hết hạn nộp đơn phúc khảo bài thi (10 ngày sau khi công bố điểm)"})
