from django.core.management.base import BaseCommand
from django.utils import timezone

from hotline import conf
from hotline.models import CLOSED_STATUSES, Report
from hotline.services import purge_expired_personal_data


class Command(BaseCommand):
    help = (
        "Xóa họ tên, điện thoại, thư điện tử, địa chỉ IP, mã truy cập và tệp đính kèm của các "
        "phản ánh đã kết thúc quá số ngày lưu trữ; giữ bản ghi ẩn danh để thống kê. Xóa mọi địa "
        "chỉ IP cũ hơn thời hạn chống lạm dụng. Nên chạy hằng ngày (cron, systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"Số ngày lưu sau khi kết thúc (mặc định {conf.get('RETENTION_DAYS')}).")
        parser.add_argument("--ip-hours", type=int, default=None,
                            help=f"Số giờ giữ địa chỉ IP (mặc định {conf.get('IP_RETENTION_HOURS')}).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không xóa.")

    def handle(self, *args, days=None, ip_hours=None, dry_run=False, **options):
        days = conf.get("RETENTION_DAYS") if days is None else days
        if dry_run:
            n = Report.objects.filter(
                status__in=CLOSED_STATUSES, personal_data_purged_at__isnull=True,
                closed_at__lt=timezone.now() - timezone.timedelta(days=days)).count()
            self.stdout.write(f"Sẽ xóa dữ liệu cá nhân của {n} phản ánh (chạy thử, chưa xóa).")
            return
        result = purge_expired_personal_data(days=days, ip_hours=ip_hours)
        self.stdout.write(self.style.SUCCESS(
            f"Đã xóa dữ liệu cá nhân của {result['reports']} phản ánh ({result['files']} tệp); "
            f"đã xóa {result['ips']} địa chỉ IP cũ."))
