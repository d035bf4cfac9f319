"""The worker of one large import job (results.jobs): ``manage.py results_job <id>``. Started by
the import screen in a session of its own; reads or stores the file and writes its progress."""

from django.core.management.base import BaseCommand

from results import jobs


class Command(BaseCommand):
    help = "Chạy một tiến trình nhập tệp điểm lớn (do màn hình nhập tệp khởi động)."

    def add_arguments(self, parser):
        parser.add_argument("job", type=int)

    def handle(self, *args, job, **options):
        jobs.run(job)
