from django.apps import AppConfig


class ExamYearsConfig(AppConfig):
    name = "examyears"
    verbose_name = "Năm thi"
    default_auto_field = "django.db.models.BigAutoField"
    contributes = {
        "staff_start": ["examyears.start.section"],
        "key_dates": ["examyears.selectors.own_key_dates"],
        "page_cache_content": ["examyears"],
    }

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import selectors

        for model in (self.get_model("ExamYear"), self.get_model("KeyDate")):
            post_save.connect(selectors.forget_current, sender=model,
                              dispatch_uid=f"examyears-forget-{model._meta.model_name}")
            post_delete.connect(selectors.forget_current, sender=model,
                                dispatch_uid=f"examyears-forget-del-{model._meta.model_name}")
