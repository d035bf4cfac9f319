"""``manage.py build_results_index``: the lookup's file of each published result version on this
app server (results.index). Run it on each app server after a deploy or a confirmed import; the
fast path also starts it by itself (``--result-version``) for a version it finds no file for."""

import time

from django.core.management.base import BaseCommand, CommandError

from results import index
from results.models import ResultSet


class Command(BaseCommand):
    help = "Tạo tệp tra cứu điểm (trên máy chủ này) cho các phiên bản kết quả đang công bố."
    # Started by app servers in the background: the deploy's own run of the checks is enough,
    # and their warnings would fill the server's log at every build.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--result-version", type=int, dest="version_id",
                            help="chỉ phiên bản này (số id)")

    def handle(self, *args, version_id=None, verbosity=1, **options):
        if version_id is not None:
            # Started by the fast path: quiet unless it fails (then logged).
            if not index.build_version(version_id) and verbosity > 1:
                self.stdout.write(f"Phiên bản {version_id}: chưa tạo được tệp.")
            return
        published = (ResultSet.objects.exclude(current_version=None)
                     .select_related("current_version").order_by("exam_year_id"))
        if not published:
            self.stdout.write("Chưa có kết quả thi nào được công bố trên cổng.")
            return
        for result_set in published:
            version = result_set.current_version
            started = time.monotonic()
            try:
                built = index.build_locked(version)
            except Exception as exc:
                raise CommandError(f"Năm {result_set.exam_year_id}: không tạo được tệp tra cứu "
                                   f"({exc}).") from exc
            if not built:
                self.stdout.write(f"Năm {result_set.exam_year_id}: một tiến trình khác đang "
                                  "tạo tệp này.")
                continue
            rows = f"{version.row_count:,}".replace(",", ".")
            self.stdout.write(f"Năm {result_set.exam_year_id}: {rows} thí sinh, "
                              f"{time.monotonic() - started:.1f} s → {index.path_for(version)}")
        index.remove_old()
