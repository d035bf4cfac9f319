"""Make the two "what is public" indexes covering on PostgreSQL (INCLUDE expires_at, updated_at, id).

A column's month archive, a section's count and newest articles, and a feed's state (the
newest change, read on every feed request, 304s included) then read the index alone instead of
the wide article rows. SQLite builds them without the INCLUDE columns.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0006_article_search_vector'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='article',
            name='news_article_visible',
        ),
        migrations.RemoveIndex(
            model_name='article',
            name='news_article_section',
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['status', 'publish_at'], include=('expires_at', 'updated_at', 'id'), name='news_article_visible'),
        ),
        migrations.AddIndex(
            model_name='article',
            index=models.Index(fields=['section', 'status', 'publish_at'], include=('expires_at', 'updated_at', 'id'), name='news_article_section'),
        ),
    ]
