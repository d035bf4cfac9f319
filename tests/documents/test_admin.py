import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document, DocumentFile
from documents.roles import grant_testing_office
from examportal.roles import ADMINISTRATORS, CONTRIBUTORS, EDITORS, GROUPS, INSPECTORS, OPERATORS
from examportal.uploads import MB

from .conftest import office_zip

ADD = reverse("admin:documents_document_add")
CHANGELIST = reverse("admin:documents_document_changelist")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def form_data(issuer, **overrides):
    data = {
        "document_type": "CT", "number": "08/CT-UBND", "issuer": str(issuer.pk),
        "excerpt": "Về việc tăng cường chỉ đạo tổ chức Kỳ thi tốt nghiệp THPT năm 2021",
        "issue_date": "12/05/2021", "effective_date": "12/05/2021", "exam_year": "2021",
        "signer_title": "Chủ tịch", "signer": "", "is_published": "on",
        "published_at_0": "", "published_at_1": "",
        "files-TOTAL_FORMS": "1", "files-INITIAL_FORMS": "0", "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000", "files-0-label": "", "files-0-position": "0",
        "_save": "Lưu",
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor_client(client, make_staff):
    client.force_login(make_staff(EDITORS))
    return client


# --- Who may do what ---------------------------------------------------------------------

MATRIX = {
    # group: (view/add/change documents, publish, delete documents); any group not named here
    # (one added later, say) gets no rights on the registry.
    EDITORS: (True, True, False),
    ADMINISTRATORS: (True, True, True),
    CONTRIBUTORS: (False, False, False),
    OPERATORS: (False, False, False),
    INSPECTORS: (False, False, False),
}


@pytest.mark.django_db
@pytest.mark.parametrize("group", GROUPS)
def test_permission_matrix(client, make_staff, group, directive):
    manage, publish, delete = MATRIX.get(group, (False, False, False))  # other groups: nothing
    user = make_staff(group)
    client.force_login(user)
    expected = 200 if manage else 403
    assert client.get(CHANGELIST).status_code == expected
    assert client.get(ADD).status_code == expected
    assert client.get(reverse("admin:documents_document_change", args=[directive.pk])).status_code == expected
    assert client.get(reverse("admin:documents_issuer_changelist")).status_code == expected
    assert user.has_perm("documents.publish_document") is publish
    assert user.has_perm("documents.delete_document") is delete
    assert user.has_perm("documents.delete_documentfile") is manage
    assert client.get(reverse("admin:documents_document_delete", args=[directive.pk])).status_code == (
        200 if delete else 403
    )


@pytest.mark.django_db
def test_testing_office_manages_documents_but_not_news(client, make_staff, directive):
    user = grant_testing_office(make_staff(None, username="khaothi"))
    client.force_login(user)
    assert client.get(CHANGELIST).status_code == 200
    assert user.has_perm("documents.publish_document")
    assert not user.has_perm("news.add_article")
    assert client.get(reverse("admin:news_article_changelist")).status_code == 403


@pytest.mark.django_db
def test_without_publish_permission_publication_is_read_only(client, make_staff, issuer):
    user = make_staff(None)
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="documents",
        codename__in=["view_document", "add_document", "change_document", "add_documentfile",
                      "view_documentfile", "change_documentfile", "view_issuer"],
    ))
    client.force_login(user)
    html = client.get(ADD).content.decode()
    assert 'name="is_published"' not in html
    response = client.post(ADD, form_data(issuer, **{"files-TOTAL_FORMS": "0"}))
    assert response.status_code == 302
    document = Document.objects.get()
    assert not document.is_published  # the posted "on" was ignored
    html = client.get(CHANGELIST).content.decode()
    assert "publish_selected" not in html


# --- Adding documents and files ---------------------------------------------------------------


@pytest.mark.django_db
def test_add_document_with_pdf(editor_client, issuer, pdf_bytes):
    upload = SimpleUploadedFile("Chỉ thị 08 (bản ký).PDF", pdf_bytes, content_type="application/pdf")
    response = editor_client.post(ADD, form_data(issuer, **{"number": "08/ct-ubnd", "files-0-file": upload}))
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    assert document.number == "08/CT-UBND" and document.is_published and document.published_at
    file = document.files.get()
    assert file.kind == "pdf" and file.size == len(pdf_bytes)
    assert file.original_name == "Chỉ thị 08 (bản ký).PDF"
    assert file.file.name.startswith("documents/") and file.file.name.endswith(".pdf")
    assert "Chỉ thị" not in file.file.name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("huong-dan.docx", office_zip("docx"), "docx"),
        ("bang-diem.xlsx", office_zip("xlsx"), "xlsx"),
        ("van-ban.odt", office_zip("odt"), "odt"),
        ("cong-van.doc", OLE + b"\0" * 100 + "WordDocument".encode("utf-16-le"), "doc"),
        ("danh-sach.xls", OLE + b"\0" * 100 + "Workbook".encode("utf-16-le"), "xls"),
        ("sai-ten.txt", office_zip("docx"), "docx"),  # the name does not matter, the content does
    ],
)
def test_office_formats_are_accepted_by_content(editor_client, issuer, name, content, kind):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = editor_client.post(ADD, form_data(issuer, **{"files-0-file": upload}))
    assert response.status_code == 302
    file = DocumentFile.objects.get()
    assert file.kind == kind and file.file.name.endswith(f".{kind}")


BAD = "không phải là tệp hợp lệ"
EXE = b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run in DOS mode"
REFUSED = [
    ("renamed executable", "chi-thi.pdf", EXE, BAD),
    ("ELF renamed", "van-ban.docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, BAD),
    ("forged PDF (HTML)", "ke-hoach.pdf", b"<html><script>alert(1)</script></html>", BAD),
    ("forged PDF (marker late)", "ke-hoach.pdf", b"#!/bin/sh\nrm -rf /\n%PDF-1.4\n", BAD),
    ("zip that is no office file", "bao-cao.docx", None, BAD),
    ("image", "anh.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, BAD),
    ("empty", "rong.pdf", b"", "rỗng"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "name", "content", "message"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_uploads_keep_the_other_fields(editor_client, issuer, case, name, content, message):
    import io
    import zipfile

    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("evil.sh", "echo pwned")
        content = buffer.getvalue()
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = editor_client.post(ADD, form_data(issuer, **{"files-0-file": upload,
                                                           "signer": "Nguyễn Văn Bình"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    if message == BAD:
        assert "Chỉ chấp nhận: PDF, Word (DOC), Word (DOCX), Excel (XLS), Excel (XLSX)" in html
    # Everything typed is still there, nothing was saved.
    assert 'value="08/CT-UBND"' in html and 'value="Nguyễn Văn Bình"' in html
    assert "Về việc tăng cường chỉ đạo tổ chức Kỳ thi" in html
    assert 'value="12/05/2021"' in html
    assert Document.objects.count() == 0 and DocumentFile.objects.count() == 0


@pytest.mark.django_db
def test_oversized_file_is_refused(editor_client, issuer, pdf_bytes):
    big = pdf_bytes + b"0" * (20 * MB + 1 - len(pdf_bytes))
    upload = SimpleUploadedFile("lon.pdf", big, content_type="application/pdf")
    response = editor_client.post(ADD, form_data(issuer, **{"files-0-file": upload}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "vượt quá giới hạn 20,0\xa0MB" in html
    assert Document.objects.count() == 0
    exactly = SimpleUploadedFile("vua.pdf", big[: 20 * MB], content_type="application/pdf")
    assert editor_client.post(ADD, form_data(issuer, **{"files-0-file": exactly})).status_code == 302


@pytest.mark.django_db
def test_invalid_record_has_vietnamese_messages(editor_client, issuer, make_document):
    make_document(number="65/CT-UBND", issue_date=datetime.date(2021, 1, 4))
    future = (datetime.date.today() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")
    cases = [
        ({"number": "08 / CT-UBND"}, "không được có dấu cách"),
        ({"number": "08/KH-UBND"}, "Ký hiệu của chỉ thị phải bắt đầu bằng “CT-”"),
        ({"number": "641/KH-SGDĐT", "document_type": "CV"}, "Công văn không có chữ viết tắt tên loại"),
        ({"number": "65/CT-UBND"}, "Đã có văn bản số 65/CT-UBND của UBND tỉnh Lai Châu ban hành năm 2021."),
        ({"effective_date": "01/05/2021"}, "không được trước ngày ban hành (12/05/2021)"),
        ({"issue_date": future, "effective_date": ""}, "Ngày ban hành không được ở tương lai"),
        ({"issue_date": "31/02/2021"}, "Nhập một ngày hợp lệ"),
        ({"exam_year": "1921"}, "Năm thi phải từ 2000 đến"),
    ]
    for overrides, message in cases:
        response = editor_client.post(ADD, form_data(issuer, **{"files-TOTAL_FORMS": "0", **overrides}))
        assert response.status_code == 200, overrides
        assert message in response.content.decode(), (overrides, message)
    assert Document.objects.count() == 1


@pytest.mark.django_db
def test_change_form_has_upload_progress_script_and_inline(editor_client, directive):
    html = editor_client.get(reverse("admin:documents_document_change", args=[directive.pk])).content.decode()
    assert "/static/js/documents.js" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="files-0-file"' in html and "tối đa 20 MB" in html
    # The stored file is linked through the download view, under its original name.
    file = directive.files.get()
    assert f'<a href="{file.get_absolute_url()}">' in html
    assert file.file.name not in html and "/media/" not in html


@pytest.mark.django_db
def test_admin_search_by_number_and_words_and_filters(editor_client, directive, make_document, so_gddt):
    make_document(number="09/CT-UBND", excerpt="Về công tác khác")
    make_document(number="10/CT-SGDĐT", excerpt="Về công tác khác", issuer=so_gddt)
    html = editor_client.get(CHANGELIST, {"q": "08/CT"}).content.decode()
    assert "08/CT-UBND" in html and "09/CT-UBND" not in html
    html = editor_client.get(CHANGELIST, {"q": "tang cuong"}).content.decode()
    assert "08/CT-UBND" in html and "09/CT-UBND" not in html
    html = editor_client.get(CHANGELIST, {"document_type__exact": "CT", "exam_year": "2021"}).content.decode()
    assert "09/CT-UBND" in html
    for title in ["loại văn bản", "cơ quan ban hành", "năm thi", "đăng tải"]:
        assert f'data-filter-title="{title}"' in html


@pytest.mark.django_db
def test_publish_and_unpublish_actions(editor_client, make_document):
    draft = make_document(is_published=False, published_at=None)
    response = editor_client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [draft.pk]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_public
    editor_client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert not draft.is_published and Document.objects.published().count() == 0


@pytest.mark.django_db
def test_services_refuse_publishing_without_permission(make_staff, make_document):
    from django.core.exceptions import PermissionDenied

    from documents import services

    document = make_document(is_published=False)
    with pytest.raises(PermissionDenied):
        services.publish_document(document, user=make_staff(CONTRIBUTORS))
    document.is_published = True
    with pytest.raises(PermissionDenied):
        services.save_document(document, user=make_staff(CONTRIBUTORS), changed_fields=["is_published"])
    document.refresh_from_db()
    at = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    services.publish_document(document, user=make_staff(EDITORS), at=at)
    assert document.published_at == at and not document.is_public


@pytest.mark.django_db
def test_attach_file_refuses_and_saves_nothing(directive):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from documents import services

    with pytest.raises(ValidationError):
        services.attach_file(directive, ContentFile(b"MZ\x90\x00", name="x.pdf"))
    assert directive.files.count() == 1


@pytest.mark.django_db
def test_editors_add_issuers_and_issuers_in_use_are_protected(client, make_staff, directive):
    from documents.models import Issuer

    client.force_login(make_staff(EDITORS))
    response = client.post(reverse("admin:documents_issuer_add"),
                           {"name": "Hội đồng thi tỉnh Lai Châu", "slug": "", "position": "5"})
    assert response.status_code == 302
    assert Issuer.objects.get(name="Hội đồng thi tỉnh Lai Châu").slug == "hoi-dong-thi-tinh-lai-chau"
    client.force_login(make_staff(ADMINISTRATORS))
    response = client.post(reverse("admin:documents_issuer_delete", args=[directive.issuer_id]),
                           {"post": "yes"})
    assert Issuer.objects.filter(pk=directive.issuer_id).exists()  # protected: it has documents
    assert response.status_code == 200 and "08/CT-UBND" in response.content.decode()  # named as the reason
