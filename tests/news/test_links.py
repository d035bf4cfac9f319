"""news.links restates published() in SQL: the two must agree for every state an article can be in."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.links import article_links
from news.models import Article

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def every_state(make_article):
    """One article in each state, all in the same section, an hour apart."""
    now = timezone.now()
    hours = lambda n: now - timedelta(hours=n)  # noqa: E731
    return {
        "public": make_article("Công khai", publish_at=hours(2)),
        "public, expires later": make_article("Hết hạn sau", publish_at=hours(3),
                                              expires_at=now + timedelta(days=1)),
        "expired": make_article("Đã hết hạn", publish_at=hours(4), expires_at=hours(1)),
        "scheduled": make_article("Hẹn giờ", publish_at=now + timedelta(hours=2)),
        "withdrawn": make_article("Đã gỡ", status=Status.WITHDRAWN, publish_at=hours(5)),
        "draft": make_article("Nháp", status=Status.DRAFT),
        "in review": make_article("Chờ duyệt", status=Status.PENDING),
        "public, oldest": make_article("Công khai cũ nhất", publish_at=hours(6)),
    }


def test_links_list_exactly_what_published_lists(every_state, make_article):
    reader = make_article("Bài đang đọc", publish_at=timezone.now() - timedelta(minutes=30))
    reader.related_articles.set(every_state.values())
    public = list(Article.objects.published().exclude(pk=reader.pk).order_by("-publish_at", "-pk"))
    assert [a.title for a in public] == ["Công khai", "Hết hạn sau", "Công khai cũ nhất"]

    links = article_links(reader)

    assert [link.title for link in links.latest_in_section] == [a.title for a in public]
    assert [link.title for link in links.related] == [a.title for a in public]
    assert links.previous.title == "Công khai"
    assert links.next is None


def test_previous_and_next_skip_articles_the_public_cannot_read(every_state):
    middle = every_state["public, expires later"]
    links = article_links(middle)
    assert links.previous.title == "Công khai cũ nhất"  # not "Đã hết hạn", not "Đã gỡ"
    assert links.next.title == "Công khai"
    assert links.next.publish_at == every_state["public"].publish_at
    assert timezone.is_aware(links.next.publish_at)
    assert links.next.get_absolute_url() == every_state["public"].get_absolute_url()


def test_latest_in_section_stops_at_five_and_stays_in_the_section(make_article, other_section):
    articles = [make_article(f"Tin {n}") for n in range(8)]
    make_article("Tin chuyên mục khác", section=other_section)
    links = article_links(articles[0])
    assert [link.title for link in links.latest_in_section] == [f"Tin {n}" for n in range(1, 6)]


def test_tags_in_name_order(make_article):
    article = make_article(tags=["Điểm thi", "An toàn", "Lịch thi"])
    assert [(t.name, t.slug) for t in article_links(article).tags] == [
        ("An toàn", "an-toan"), ("Lịch thi", "lich-thi"), ("Điểm thi", "diem-thi")]
    assert article_links(article).tags[0].get_absolute_url() == "/chu-de/an-toan/"


def test_a_draft_being_previewed_gets_links_around_now(every_state, make_article):
    draft = every_state["draft"]
    links = article_links(draft)
    assert links.previous.title == "Công khai"
    assert links.next is None
    assert draft.title not in [link.title for link in links.latest_in_section]


def test_one_query_however_many_links(make_article):
    article = make_article(tags=["Một", "Hai", "Ba"])
    for n in range(12):
        article.related_articles.add(make_article(f"Liên quan {n}"))
    with CaptureQueriesContext(connection) as queries:
        links = article_links(article)
    assert len(queries) == 1
    assert len(links.related) == 12 and len(links.tags) == 3


@pytest.mark.parametrize("state", [
    "public", "public, expires later", "expired", "scheduled", "withdrawn", "draft", "in review"])
def test_is_public_and_is_gone_agree_with_the_querysets(every_state, state):
    article = every_state[state]
    assert article.is_public == Article.objects.published().filter(pk=article.pk).exists()
    assert article.is_gone == Article.objects.gone().filter(pk=article.pk).exists()
