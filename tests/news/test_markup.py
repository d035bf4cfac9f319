"""Every public news page is well-formed: balanced elements, unique ids, labelled controls."""

import pytest
from django.utils import timezone

from news.images import make_renditions
from tests.markup import markup_problems as check

from .conftest import image_file

pytestmark = pytest.mark.django_db


def test_public_pages_are_well_formed(client, make_article, section, exam_column, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = make_article(title="Công bố kết quả thi", tags=["Kết quả thi"], is_pinned=True,
                           cover_alt="Thí sinh tra cứu điểm", source="Sở GDĐT",
                           body="<p>Đoạn 1</p><ul><li>Một</li><li>Hai</li></ul>"
                                "<table><tr><td>x</td></tr></table>")
    article.cover_image.save("cover.jpg", image_file(), save=True)
    make_renditions(article)
    other = make_article(title="Bài liên quan")
    article.related_articles.add(other)
    for n in range(22):
        make_article(title=f"Tin số {n}", tags=["Kết quả thi"])
    month = timezone.localtime(article.publish_at)
    urls = ["/", exam_column.get_absolute_url(), section.get_absolute_url(),
            section.get_absolute_url() + "?page=2", article.get_absolute_url(), "/chu-de/ket-qua-thi/",
            "/luu-tru/", f"/luu-tru/{month.year}/{month.month}/", "/tim-kiem/",
            "/tim-kiem/?q=ket+qua", "/tim-kiem/?q=khong+co+gi+ca", "/tim-kiem/?q=%25%25"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert check(response.content.decode()) == [], url


def test_the_checker_catches_mistakes():
    assert check("<div><span></div>")
    assert check('<p id="a"></p><p id="a"></p>')
    assert check('<input id="q" type="text">')
    assert check('<img src="x.png">')
    assert check('<label for="q">Từ khóa</label><input id="q" type="search">') == []
