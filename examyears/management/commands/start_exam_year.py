from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from examyears import services


class Command(BaseCommand):
    help = ("Mở năm thi mới: tạo năm, chuyên mục và các chuyên mục con, điểm thi còn hoạt động, "
            "danh sách nhận tin; tùy chọn sao chép lịch thi (chưa xác nhận, chưa công khai).")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--from", dest="from_year", type=int,
                            help="Năm sao chép (mặc định: năm hiện hành).")
        parser.add_argument("--title", default="", help="Tên kỳ thi (mặc định: Kỳ thi tốt "
                                                        "nghiệp THPT năm ‹năm›).")
        parser.add_argument("--copy-schedule", action="store_true",
                            help="Sao chép lịch thi, dời theo số năm, đánh dấu chưa xác nhận.")
        parser.add_argument("--make-current", action="store_true",
                            help="Đặt năm mới làm năm hiện hành ngay.")

    def handle(self, *args, year, from_year, title, copy_schedule, make_current, **options):
        try:
            exam_year, lines = services.start_exam_year(
                year, from_year=from_year, title=title, copy_schedule=copy_schedule)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for line in lines:
            self.stdout.write(line)
        if make_current:
            services.make_current(exam_year)
            self.stdout.write(f"Năm {year} là năm hiện hành.")
