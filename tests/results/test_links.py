"""Where the results are linked from: the "Kết quả thi" section and the demo article."""

import pytest

from news import demo as news_demo
from news.models import SectionRole

pytestmark = pytest.mark.django_db


def test_results_section_links_to_lookup_and_statistics(client, exam_column):
    section = exam_column.section_for(SectionRole.RESULTS)
    body = client.get(section.get_absolute_url()).content.decode()
    assert 'href="/ket-qua-thi/2021/"' in body and 'href="/ket-qua-thi/2021/thong-ke/"' in body
    other = exam_column.section_for(SectionRole.STEERING)
    assert "/ket-qua-thi/" not in client.get(other.get_absolute_url()).content.decode()


def test_demo_article_points_to_the_lookup():
    article = next(a for a in news_demo.ARTICLES if a[2].startswith("Công bố kết quả Kỳ thi"))
    assert any('href="/ket-qua-thi/2021/"' in p for p in article[4])
