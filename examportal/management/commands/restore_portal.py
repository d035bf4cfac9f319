"""manage.py restore_portal BACKUP_DIR [--database-url ...] [--media-root ...] [--private-root ...]
[--force]: see examportal/backup.py."""

import time

import environ
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from examportal import backup, protected


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của backup_portal: kiểm tra mã SHA-256 của mọi tệp trước, rồi "
        "khôi phục vào một cơ sở dữ liệu và các thư mục còn trống (không ghi đè nếu không có "
        "--force), sau cùng đối chiếu số dòng từng bảng và mã kiểm tra từng tệp."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("backup_dir", help="Thư mục examportal-... do backup_portal tạo.")
        parser.add_argument("--database-url",
                            help="Nơi khôi phục, ví dụ postgres://postgres@127.0.0.1:5432/examportal_moi "
                                 "(mặc định: DATABASE_URL của cổng). Chưa có thì được tạo.")
        parser.add_argument("--media-root", help="Thư mục media đích (mặc định: MEDIA_ROOT).")
        parser.add_argument("--private-root",
                            help="Thư mục tệp riêng của đường dây nóng (mặc định: như cấu hình).")
        parser.add_argument("--force", action="store_true",
                            help="Cho phép ghi đè cơ sở dữ liệu và thư mục đã có dữ liệu.")

    def handle(self, *args, **options):
        if options["database_url"]:
            database = environ.Env.db_url_config(options["database_url"])
        else:
            database = settings.DATABASES["default"]
        media_root = options["media_root"] or settings.MEDIA_ROOT
        private_root = options["private_root"] or protected.private_root()
        started = time.monotonic()
        self.stdout.write(f"Khôi phục {options['backup_dir']} vào {database['NAME']}, {media_root}, "
                          f"{private_root}:")
        try:
            result = backup.restore(options["backup_dir"], database, media_root, private_root,
                                    force=options["force"], log=self.stdout.write)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Đã khôi phục {result['tables']} bảng ({result['rows']} dòng) và {result['files']} tệp "
            f"({time.monotonic() - started:.1f} s)."))
