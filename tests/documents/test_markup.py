"""Well-formed markup on the public pages: balanced elements, unique ids, labelled controls."""

import pytest

from tests.markup import markup_problems


@pytest.mark.django_db
def test_public_document_pages_are_well_formed(client, directive, make_document):
    for n in range(25):
        make_document(with_file=n % 3 == 0)
    for url in ["/van-ban/", "/van-ban/?q=08%2FCT&type=CT", "/van-ban/?q=khong+co", "/van-ban/?page=2",
                directive.get_absolute_url(), directive.get_print_url()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert markup_problems(response.content.decode()) == [], url
