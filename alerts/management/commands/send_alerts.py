from django.core.management.base import BaseCommand

from alerts import services


class Command(BaseCommand):
    help = (
        "Gửi thư báo tin mới cho người đăng ký (chạy định kỳ bằng bộ hẹn giờ, ví dụ 5 phút một lần). "
        "--digest: gửi thư tóm tắt hằng ngày (chạy mỗi ngày một lần). Chạy lại không gửi trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--digest", action="store_true",
                            help="Gửi thư tóm tắt hằng ngày thay vì thư gửi ngay.")
        parser.add_argument("--batch-size", type=int, default=None,
                            help="Số thư mỗi đợt (mặc định ALERTS_BATCH_SIZE).")

    def handle(self, *args, **options):
        if options["digest"]:
            stats = services.send_digests()
            what = "thư tóm tắt"
        else:
            stats = services.send_pending(batch_size=options["batch_size"])
            what = "thư"
        self.stdout.write(
            f"Tạo {stats['created']} lượt gửi mới; đã gửi {stats['sent']} {what}, "
            f"lỗi {stats['failed']} (sẽ thử lại), bỏ qua {stats['skipped']}."
        )
