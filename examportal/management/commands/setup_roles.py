from django.core.management.base import BaseCommand

from examportal.roles import setup_roles


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật các nhóm cán bộ và quyền của từng nhóm (chạy lại nhiều lần không sao)."

    def handle(self, *args, **options):
        for name, count in setup_roles().items():
            self.stdout.write(f"  {name}: {count} quyền")
        self.stdout.write(self.style.SUCCESS("Đã cập nhật các nhóm cán bộ."))
