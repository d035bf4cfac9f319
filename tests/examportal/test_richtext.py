import pytest
from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django.contrib import admin
from django.test import RequestFactory

from news.models import Article


def test_admin_form_gets_the_editor_widget_not_a_plain_textarea(db, admin_user):
    request = RequestFactory().get("/admin/news/article/add/")
    request.user = admin_user
    model_admin = admin.site._registry[Article]
    form_class = model_admin.get_form(request)
    assert isinstance(form_class.base_fields["body"].widget, CKEditorUploadingWidget)


@pytest.mark.django_db
def test_stored_html_is_sanitised_whatever_wrote_it(exam_column):
    article = Article.objects.create(
        section=exam_column.sections.first(), title="Kiểm tra", lead="Tóm tắt",
        body='<p onclick="x()">Nội dung</p><script>alert(1)</script>')
    article.refresh_from_db()
    assert article.body == "<p>Nội dung</p>"
    Article.objects.filter(pk=article.pk).update(body="<img src=x onerror=alert(1)>")
    article.refresh_from_db()
    assert "onerror" not in article.body
