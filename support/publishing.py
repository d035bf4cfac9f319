"""A story's photos reach public media when, and only when, an editor publishes its article.

The news workflow records every move and every save as an ``ArticleEvent`` inside its
transaction; ``release_on_publish`` listens to those (post_save), so the news app knows nothing of
stories. Whenever the article is published after the event (published now, scheduled: the editor
has decided, and the copies' random names lead nowhere until the article is public; or a
published article edited or restored to a revision from before), each photo the body shows
through the staff view is copied to public media and the body points to the copy; the first
time, the first photo also becomes the cover unless the editor chose one; the change is kept as
a revision. Copies are made once and kept (a later publish, after a withdrawal or a restored
revision, reuses them). A story returned, left waiting or deleted has no public copy at all;
deleting a photo deletes its private file (``forget_private_file``).
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from news.models import Article, ArticleEvent

from .models import GoodDeedPhoto, GoodDeedStory

logger = logging.getLogger("support.publishing")

COVER_ALT = "Ảnh bạn đọc gửi kèm câu chuyện"


def public_copy(photo):
    """The photo's copy in public media, made on first use."""
    if not photo.public_image:
        with photo.image.open("rb") as source:
            data = source.read()
        extension = photo.image.name.rsplit(".", 1)[-1] if "." in photo.image.name else "bin"
        photo.public_image.save(f"anh.{extension}", ContentFile(data), save=False)
        GoodDeedPhoto.objects.filter(pk=photo.pk).update(public_image=photo.public_image.name)
    return photo.public_image


def release_photos(article, story):
    """Point the published article at public copies of the story's photos (see the module doc).
    Returns how many photos were copied or reused."""
    from news import images as news_images
    from news import services as news_services

    photos = list(story.photos.all())
    body = article.body or ""
    changes, used = {}, 0
    for photo in photos:
        staff_url = photo.get_staff_url()
        if staff_url in body:
            body = body.replace(staff_url, public_copy(photo).url)
            used += 1
    if body != (article.body or ""):
        changes["body"] = body
    first_time = story.photos_released_at is None
    if first_time and photos and not article.cover_image:
        cover = public_copy(photos[0])
        changes.update(cover_image=cover.name, cover_width=photos[0].width,
                       cover_height=photos[0].height,
                       cover_alt=article.cover_alt or COVER_ALT)
        used += 1
    if changes:
        Article.objects.filter(pk=article.pk).update(**changes, version=F("version") + 1)
        article.refresh_from_db()
        if "cover_image" in changes:
            news_images.make_renditions(article)
        news_services.record_revision(article, None, note=(
            f"Ảnh bạn đọc gửi kèm ({story.reference}) được chép sang thư mục công khai khi xuất bản"))
    if first_time:
        GoodDeedStory.objects.filter(pk=story.pk).update(photos_released_at=timezone.now())
    return used


@receiver(post_save, sender=ArticleEvent, dispatch_uid="support.release_on_publish")
def release_on_publish(sender, instance, created, raw=False, **kwargs):
    if raw or not created or instance.to_status != Article.Status.PUBLISHED:
        return
    story = GoodDeedStory.objects.filter(article_id=instance.article_id).first()
    if story is None:
        return
    # Inside the move's transaction: a failed copy undoes the publication (nothing half done).
    release_photos(Article.objects.get(pk=instance.article_id), story)


@receiver(post_delete, sender=GoodDeedPhoto, dispatch_uid="support.forget_private_file")
def forget_private_file(sender, instance, **kwargs):
    """A deleted photo leaves nothing in the private folder (once the deletion is committed)."""
    if instance.image:
        name, storage = instance.image.name, instance.image.storage
        transaction.on_commit(lambda: storage.delete(name))
