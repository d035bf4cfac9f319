from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from examportal.roles import setup_roles


class Command(BaseCommand):
    help = (
        "Nạp nội dung mẫu và tài khoản mẫu (chỉ dùng khi phát triển/trình diễn). "
        "Mỗi ứng dụng góp phần của mình qua <app>/demo.py; chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Cho phép chạy khi DEBUG tắt (không bao giờ dùng trên máy chủ thật).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "seed_demo tạo tài khoản mẫu có mật khẩu công khai: chỉ chạy khi DEBUG=1."
            )
        setup_roles()
        modules = [import_module("examportal.demo")]
        for config in apps.get_app_configs():
            if config.name == "examportal":
                continue
            try:
                modules.append(import_module(f"{config.name}.demo"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
        for module in modules:
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Đã nạp nội dung mẫu."))
