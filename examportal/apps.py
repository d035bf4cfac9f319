from django.apps import AppConfig


class ExamPortalConfig(AppConfig):
    name = "examportal"
    verbose_name = "Cổng thông tin"
    contributes = {"staff_start": ["examportal.start.section"]}

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .pagecache import content_changed

        post_save.connect(content_changed, dispatch_uid="pagecache-save")
        post_delete.connect(content_changed, dispatch_uid="pagecache-delete")
        m2m_changed.connect(content_changed, dispatch_uid="pagecache-m2m")
