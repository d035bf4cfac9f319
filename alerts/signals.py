"""Publishing queues the alert mails; news and documents know nothing about alerts.

An article is queued when it is saved as published (now or scheduled), a document when it is
saved with its "published" flag. The sender mails an item only once its content is public
(``published()`` at send time), so a scheduled article mails when its time comes.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from documents.models import Document
from news.models import Article

from . import services


@receiver(post_save, sender=Article, dispatch_uid="alerts.article_saved")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.status == Article.Status.PUBLISHED:
        services.queue_item(article=instance)


@receiver(post_save, sender=Document, dispatch_uid="alerts.document_saved")
def document_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.is_published:
        services.queue_item(document=instance)
