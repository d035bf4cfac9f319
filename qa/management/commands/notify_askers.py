from django.core.management.base import BaseCommand

from qa import services


class Command(BaseCommand):
    help = (
        "Gửi lại thư báo cho người hỏi mà lần trước gửi không được (máy chủ thư lỗi), và xóa địa "
        "chỉ thư để lại trên câu hỏi chờ quá QA_EMAIL_RETENTION_DAYS ngày. Chạy hằng ngày."
    )

    def handle(self, *args, **options):
        sent = services.notify_waiting_askers()
        erased = services.purge_stale_emails()
        self.stdout.write(f"Đã gửi {sent} thư báo cho người hỏi; đã xóa {erased} địa chỉ quá hạn lưu.")
