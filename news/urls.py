from django.urls import path, re_path

from . import editor_uploads, views

app_name = "news"

urlpatterns = [
    path("ky-thi/<int:year>/", views.ColumnView.as_view(), name="column"),
    path("ky-thi/<int:year>/<slug:section>/", views.SectionView.as_view(), name="section"),
    path("bai-viet/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("chu-de/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("luu-tru/", views.ArchiveView.as_view(), name="archive"),
    path("luu-tru/<int:year>/<int:month>/", views.MonthArchiveView.as_view(), name="archive-month"),
    # The editor's image upload and browser. These patterns come before the root urls'
    # include("ckeditor_uploader.urls") (news is included first), so they replace its views
    # with ones that require the article permissions and check every image by content.
    re_path(r"^ckeditor/upload/", editor_uploads.upload, name="editor-upload"),
    re_path(r"^ckeditor/browse/", editor_uploads.browse, name="editor-browse"),
]
