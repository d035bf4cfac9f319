import datetime
import json
from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from documents import services
from documents.models import Document, DocumentType
from examportal.roles import CONTRIBUTORS, EDITORS

from .conftest import office_zip

LIST = "/van-ban/"


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_registry_lists_newest_first_twenty_a_page(client, make_document):
    for day in range(1, 24):
        make_document(issue_date=datetime.date(2021, 5, day), excerpt=f"Văn bản ngày {day:02d}/05")
    html = html_of(client.get(LIST))
    assert html.count('class="doc-item"') == 20
    assert html.index("Văn bản ngày 23/05") < html.index("Văn bản ngày 22/05")
    assert "Văn bản ngày 03/05" not in html
    assert "Có <strong>23</strong> văn bản" in html
    page2 = html_of(client.get(LIST, {"page": 2}))
    assert page2.count('class="doc-item"') == 3 and "Văn bản ngày 01/05" in page2
    assert client.get(LIST, {"page": 9}).status_code == 404


@pytest.mark.django_db
def test_registry_is_public_cacheable_and_hides_drafts(client, make_document):
    make_document(excerpt="Đã đăng tải")
    make_document(excerpt="Bản nháp chưa đăng", is_published=False)
    make_document(excerpt="Hẹn giờ đăng", published_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get(LIST)
    html = html_of(response)
    assert "Đã đăng tải" in html
    assert "Bản nháp chưa đăng" not in html and "Hẹn giờ đăng" not in html
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert "<script" not in html


@pytest.mark.django_db
def test_filters_combine_stay_in_url_and_keep_values(client, make_document, so_gddt):
    make_document(number="08/CT-UBND", excerpt="Tăng cường chỉ đạo tổ chức Kỳ thi")
    make_document(document_type=DocumentType.PLAN, number="65/KH-SGDĐT", issuer=so_gddt,
                  excerpt="Truyền thông về Kỳ thi")
    make_document(document_type=DocumentType.PLAN, number="66/KH-SGDĐT", issuer=so_gddt,
                  excerpt="Kế hoạch kỳ thi năm 2022", exam_year=2022)
    for n in range(25):
        make_document(document_type=DocumentType.PLAN, number=f"{100 + n}/KH-SGDĐT", issuer=so_gddt,
                      excerpt=f"Kế hoạch thi số {n}")
    html = html_of(client.get(LIST, {"type": "KH", "issuer": so_gddt.slug, "year": "2021"}))
    assert "Tìm thấy <strong>26</strong> văn bản" in html
    assert "Tăng cường chỉ đạo" not in html and "năm 2022" not in html
    assert '<option value="KH" selected>' in html
    assert f'<option value="{so_gddt.slug}" selected>' in html
    # Pagination keeps every filter.
    assert f"?type=KH&amp;issuer={so_gddt.slug}&amp;year=2021&amp;page=2" in html
    html = html_of(client.get(LIST, {"q": "truyen thong", "type": "KH"}))
    assert "Truyền thông về Kỳ thi" in html and 'value="truyen thong"' in html
    assert '<meta name="robots" content="noindex, follow">' in html
    # A mistyped value in a shared link is ignored, never an error.
    html = html_of(client.get(LIST, {"type": "XX", "year": "abc", "issuer": "khong-co"}))
    assert "Có <strong>28</strong> văn bản" in html


@pytest.mark.django_db
def test_search_by_number_and_by_words(client, directive, make_document):
    make_document(number="081/CT-UBND", excerpt="Văn bản khác")
    html = html_of(client.get(LIST, {"q": "08/CT"}))
    assert "Tìm thấy <strong>1</strong> văn bản cho “08/CT”" in html
    assert directive.get_absolute_url() in html
    html = html_of(client.get(LIST, {"q": "chi thi tang cuong"}))
    assert directive.get_absolute_url() in html
    html = html_of(client.get(LIST, {"q": "không có văn bản này"}))
    assert "Không tìm thấy văn bản nào phù hợp" in html
    html = html_of(client.get(LIST, {"q": "<script>alert(1)</script>"}))
    assert "<script>alert(1)</script>" not in html
    html = html_of(client.get(LIST, {"q": "tang cuong " * 100}))
    assert "chỉ 200 ký tự đầu" in html and directive.get_absolute_url() in html
    for odd in ["\x00", "   ", "%", "🙂", "' OR 1=1 --"]:
        assert client.get(LIST, {"q": odd}).status_code == 200


def _count(client, url):
    client.get(url)  # warm the navigation cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_registry_query_count_does_not_grow(client, make_document, so_gddt):
    for n in range(20):
        make_document(with_file=n % 2 == 0, **({"issuer": so_gddt, "document_type": DocumentType.LETTER,
                                                "number": f"{n}/SGDĐT-QLCL"} if n % 2 else {}))
    urls = [LIST, f"{LIST}?q=chi+thi", f"{LIST}?q=08/CT&type=CT", f"{LIST}?issuer={so_gddt.slug}&year=2021"]
    small = {url: _count(client, url) for url in urls}
    for n in range(200):
        make_document(issuer=so_gddt, document_type=DocumentType.LETTER, number=f"{1000 + n}/SGDĐT-QLCL",
                      with_file=n % 50 == 0)
    large = {url: _count(client, url) for url in urls}
    assert small == large
    assert small[LIST] <= 8


@pytest.mark.django_db
def test_detail_page_shows_the_record(client, directive, exam_column):
    from news.models import Article

    section = exam_column.sections.first()
    article = Article.objects.create(
        section=section, title="Lai Châu triển khai Chỉ thị 08", lead="Tin", body="<p>Nội dung</p>",
        status=Article.Status.PUBLISHED, publish_at=timezone.now() - datetime.timedelta(days=1),
    )
    draft = Article.objects.create(section=section, title="Bài nháp liên quan", lead="x", body="<p>x</p>")
    directive.related_articles.add(article, draft)
    directive.effective_date = datetime.date(2021, 5, 12)
    directive.signer = "Nguyễn Văn A"
    directive.save()
    response = client.get(directive.get_absolute_url())
    html = html_of(response)
    assert f"<title>{directive.excerpt} |" in html
    assert f"<h1>{directive.excerpt}</h1>" in html
    for text in ["Số, ký hiệu", "08/CT-UBND", "Loại văn bản", "Chỉ thị", "Cơ quan ban hành",
                 "UBND tỉnh Lai Châu", "Ngày ban hành", "12/05/2021", "Ngày có hiệu lực",
                 "Người ký", "Chủ tịch Nguyễn Văn A", "Trích yếu", "Năm thi"]:
        assert text in html, text
    assert "PDF," in html and directive.files.get().get_absolute_url() in html
    assert directive.files.get().get_open_url() in html
    assert "Lai Châu triển khai Chỉ thị 08" in html and "Bài nháp liên quan" not in html
    assert directive.get_print_url() in html
    assert not response.cookies and "public" in response["Cache-Control"]
    data = json.loads(html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    assert data["@type"] == "Legislation" and data["legislationIdentifier"] == "08/CT-UBND"
    assert data["legislationPassedBy"]["name"] == "UBND tỉnh Lai Châu"
    assert data["encoding"][0]["encodingFormat"] == "application/pdf"


@pytest.mark.django_db
def test_detail_query_count_is_constant(client, directive, exam_column):
    from news.models import Article

    small = _count(client, directive.get_absolute_url())
    for n in range(5):
        upload = ContentFile(office_zip("docx"), name=f"p{n}.docx")
        services.attach_file(directive, upload, label=f"Phụ lục {n}")
        directive.related_articles.add(Article.objects.create(
            section=exam_column.sections.first(), title=f"Bài {n}", lead="x", body="<p>x</p>",
            status=Article.Status.PUBLISHED, publish_at=timezone.now() - datetime.timedelta(days=1),
        ))
    assert _count(client, directive.get_absolute_url()) == small


@pytest.mark.django_db
def test_wrong_slug_redirects_permanently(client, directive):
    response = client.get(f"/van-ban/{directive.pk}-sai-duong-dan/")
    assert response.status_code == 301 and response["Location"] == directive.get_absolute_url()


@pytest.mark.django_db
def test_unpublished_is_404_for_visitors_and_preview_for_staff(client, make_document, make_staff):
    draft = make_document(is_published=False, with_file=True)
    file = draft.files.get()
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(file.get_absolute_url()).status_code == 404
    client.force_login(make_staff(CONTRIBUTORS))
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_staff(EDITORS))
    response = client.get(draft.get_absolute_url())
    html = html_of(response)
    assert "Bản xem trước" in html and '<meta name="robots" content="noindex, nofollow">' in html
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    response = client.get(file.get_absolute_url())
    assert response.status_code == 200 and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_print_view(client, directive):
    html = html_of(client.get(directive.get_print_url()))
    assert "Bản in:" in html and "08/CT-UBND" in html and "Số, ký hiệu" in html
    assert '<meta name="robots" content="noindex, follow">' in html
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{directive.get_absolute_url()}">' in html
    assert 'class="site-nav"' not in html
    assert '<script src="/static/js/documents.js" defer></script>' in html


@pytest.mark.django_db
def test_download_headers_and_filename(client, directive):
    file = directive.files.get()
    response = client.get(file.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-cache" in response["Cache-Control"]
    disposition = response["Content-Disposition"]
    expected = (
        "08-CT-UBND Về việc tăng cường chỉ đạo tổ chức Kỳ thi tốt nghiệp trung học phổ thông năm "
        "2021 trên địa bàn tỉnh Lai Châu.pdf"
    )
    assert disposition.startswith('attachment; filename="08-CT-UBND Ve viec tang cuong chi dao')
    disposition.encode("ascii")  # the header itself is pure ASCII
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == expected
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    directive.refresh_from_db()
    file.refresh_from_db()
    assert directive.download_count == 1 and file.download_count == 1


@pytest.mark.django_db
def test_inline_pdf_head_and_non_pdf(client, directive):
    file = directive.files.get()
    response = client.get(file.get_open_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('inline; filename="08-CT-UBND')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.head(file.get_absolute_url()).status_code == 200
    assert client.post(file.get_absolute_url()).status_code == 405
    directive.refresh_from_db()
    assert directive.download_count == 1  # the inline view counts, HEAD does not
    sheet = services.attach_file(directive, ContentFile(office_zip("xlsx"), name="bang.xlsx"),
                                 label="Phụ lục: danh sách/điểm thi")
    response = client.get(sheet.get_open_url())
    assert response.status_code == 302 and response["Location"] == sheet.get_absolute_url()
    response = client.get(sheet.get_absolute_url())
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    name = unquote(response["Content-Disposition"].split("filename*=UTF-8''", 1)[1])
    assert name.endswith("Lai Châu - Phụ lục- danh sách-điểm thi.xlsx")


@pytest.mark.django_db
def test_long_excerpt_filename_is_shortened_on_a_word(make_document):
    document = make_document(excerpt="Về việc " + "tổ chức thi " * 40, with_file=True)
    name = services.download_filename(document.files.get())
    assert len(name) <= 160 and name.endswith(" thi.pdf")
    assert services.ascii_filename(name).isascii()


@pytest.mark.django_db
def test_missing_file_on_disk_is_404(client, directive):
    file = directive.files.get()
    file.file.storage.delete(file.file.name)
    assert client.get(file.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_record_download_two_at_once_count_two(directive):
    """Two stale copies of the same file each add one: nothing is read-modify-written."""
    file = directive.files.get()
    first, second = type(file).objects.get(pk=file.pk), type(file).objects.get(pk=file.pk)
    services.record_download(first)
    services.record_download(second)
    assert Document.objects.get(pk=directive.pk).download_count == 2
