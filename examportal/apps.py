from django.apps import AppConfig


class ExamPortalConfig(AppConfig):
    name = "examportal"
    verbose_name = "Cổng thông tin"
