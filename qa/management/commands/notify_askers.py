from django.core.management.base import BaseCommand

from qa import services


class Command(BaseCommand):
    help = "Gửi lại thư báo cho người hỏi mà lần trước gửi không được (máy chủ thư lỗi)."

    def handle(self, *args, **options):
        sent = services.notify_waiting_askers()
        self.stdout.write(f"Đã gửi {sent} thư báo cho người hỏi.")
