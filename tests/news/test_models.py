import unicodedata

import pytest

from news.models import Article, ArticleTag

pytestmark = pytest.mark.django_db


def test_slug_keeps_d_and_is_unique(make_article):
    a = make_article(title="Đề thi Địa lí đúng đáp án")
    b = make_article(title="Đề thi Địa lí đúng đáp án")
    assert a.slug == "de-thi-dia-li-dung-dap-an"
    assert b.slug == "de-thi-dia-li-dung-dap-an-2"


def test_text_is_stored_nfc(make_article):
    decomposed = unicodedata.normalize("NFD", "Kỳ thi tốt nghiệp")
    article = make_article(title=decomposed, lead=decomposed)
    article.refresh_from_db()
    assert article.title == unicodedata.normalize("NFC", "Kỳ thi tốt nghiệp")
    assert unicodedata.is_normalized("NFC", article.lead)


def test_tag_slugs_transliterate_d():
    tag = ArticleTag.objects.create(name="Điểm thi Đà Nẵng")
    assert tag.slug == "diem-thi-da-nang"
    assert tag.get_absolute_url() == "/chu-de/diem-thi-da-nang/"


def test_published_queryset_and_urls(make_article):
    visible = make_article(title="Công khai")
    make_article(title="Nháp", status=Article.Status.DRAFT)
    assert list(Article.objects.published()) == [visible]
    assert visible.get_absolute_url() == "/bai-viet/cong-khai/"
    assert visible.updated_at is not None and visible.publish_at is not None
