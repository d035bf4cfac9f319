"""manage.py backup_portal --dest DIR [--keep-days N]: see examportal/backup.py."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from examportal import backup
from examportal.protected import private_root


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump định dạng custom, một ảnh chụp nhất quán; "
        "SQLite: API sao lưu), thư mục media và thư mục tệp riêng của đường dây nóng, kèm "
        "manifest.json ghi mã SHA-256 của từng tệp; xóa các bản cũ hơn --keep-days ngày."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--dest", required=True, help="Thư mục chứa các bản sao lưu.")
        parser.add_argument("--keep-days", type=int, default=None,
                            help="Giữ các bản sao lưu trong chừng này ngày (mặc định: giữ hết).")

    def handle(self, *args, **options):
        if options["keep_days"] is not None and options["keep_days"] < 1:
            raise CommandError("--keep-days phải từ 1 trở lên.")
        started = time.monotonic()
        self.stdout.write(f"Sao lưu vào {options['dest']}:")
        try:
            folder = backup.backup(
                options["dest"], settings.DATABASES["default"], settings.MEDIA_ROOT,
                private_root(), keep_days=options["keep_days"], log=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Đã sao lưu: {folder} ({time.monotonic() - started:.1f} s)"))
