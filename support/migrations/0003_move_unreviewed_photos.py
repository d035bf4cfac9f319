"""Photos stored before 0002 sit in public media. Each one moves to the private folder; a photo
whose article was never published leaves public media (its draft then shows it through the staff
view and gets its cover again on publish), one whose article was published keeps its public file
as the copy (``public_image``), since the article shows it."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations
from django.urls import reverse
from django.utils import timezone


def move_photos(apps, schema_editor):
    from support.storage import private_storage

    Photo = apps.get_model("support", "GoodDeedPhoto")
    Article = apps.get_model("news", "Article")
    private = private_storage()
    for photo in Photo.objects.select_related("story").order_by("pk"):
        name = photo.image.name
        if not name or private.exists(name) or not default_storage.exists(name):
            continue
        with default_storage.open(name, "rb") as source:
            saved = private.save(name, ContentFile(source.read()))
        article = (Article.objects.filter(pk=photo.story.article_id).first()
                   if photo.story.article_id else None)
        if article is not None and article.first_published_at:
            Photo.objects.filter(pk=photo.pk).update(image=saved, public_image=name)
            if photo.story.photos_released_at is None:
                type(photo.story).objects.filter(pk=photo.story_id).update(
                    photos_released_at=article.first_published_at or timezone.now())
            continue
        Photo.objects.filter(pk=photo.pk).update(image=saved)
        if article is not None:
            staff_url = reverse("support:story-photo", kwargs={"pk": photo.pk})
            changes = {"body": (article.body or "").replace(default_storage.url(name), staff_url)}
            if article.cover_image == name:
                for rendition in article.cover_renditions or []:
                    default_storage.delete(rendition["name"])
                changes.update(cover_image="", cover_renditions=[], cover_width=None,
                               cover_height=None)
            Article.objects.filter(pk=article.pk).update(**changes)
        default_storage.delete(name)


class Migration(migrations.Migration):

    dependencies = [
        ("support", "0002_private_photos_unverified"),
        ("news", "0008_exam_year_owns_current_and_key_dates"),
    ]

    operations = [migrations.RunPython(move_photos, migrations.RunPython.noop)]
