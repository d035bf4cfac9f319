from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from examyears.models import ExamYear

from .context_processors import NAV_CACHE_KEY
from .models import Column


@receiver([post_save, post_delete], sender=Column)
@receiver([post_save, post_delete], sender=ExamYear)
def forget_navigation_column(sender, **kwargs):
    """The navigation shows the current year's column: forget it when either changes."""
    cache.delete(NAV_CACHE_KEY)
