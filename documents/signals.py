from django.db import transaction
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from .models import DocumentFile


def _delete_later(storage, name):
    """Remove a stored file once the deletion is committed (a rolled-back delete keeps it)."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=DocumentFile)
def delete_stored_file(sender, instance, **kwargs):
    _delete_later(instance.file.storage, instance.file.name)


@receiver(pre_save, sender=DocumentFile)
def delete_replaced_file(sender, instance, **kwargs):
    if not instance.pk:
        return
    old = DocumentFile.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if old and old != instance.file.name:
        _delete_later(instance.file.storage, old)
