"""The covering indexes of migration 0007 (PostgreSQL): what lists, archives and feeds count."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from news.models import Article
from news.views import archive_months


def test_public_indexes_cover_what_lists_and_feeds_read(postgres_only, db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
                       "('news_article_visible', 'news_article_section') ORDER BY indexname")
        definitions = dict(cursor.fetchall())
    assert "(section_id, status, publish_at) INCLUDE (expires_at, updated_at, id)" in \
        definitions["news_article_section"]
    assert "(status, publish_at) INCLUDE (expires_at, updated_at, id)" in \
        definitions["news_article_visible"]


def test_a_deep_page_takes_its_keys_from_the_section_index(postgres_only, transactional_db,
                                                           exam_column):
    """After a vacuum (autovacuum's work in production), as the benchmark measures it."""
    sections = list(exam_column.sections.all())
    now = timezone.now()
    Article.objects.bulk_create([
        Article(title=f"Tin {n}", slug=f"tin-{n}", lead="x", body="<p>x</p>" * 200,
                section=sections[n % len(sections)], status=Article.Status.PUBLISHED,
                publish_at=now - timedelta(hours=n))
        for n in range(8000)
    ], batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE news_article")
    public = Article.objects.published()
    months = archive_months(public.filter(section__column=exam_column))
    assert sum(m["count"] for _year, months in months for m in months) == 8000
    keys = public.filter(section=sections[0]).order_by("-publish_at", "-pk").values("pk")[980:1000]
    plan = keys.explain()
    print("\n" + plan)
    assert "Index Only Scan Backward using news_article_section on news_article" in plan
