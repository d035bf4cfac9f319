from django.urls import path

from . import feeds, views

app_name = "documents"

urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("rss.xml", feeds.rss, name="feed-rss"),
    path("atom.xml", feeds.atom, name="feed-atom"),
    path("feed.json", feeds.json_feed, name="feed-json"),
    path("<int:pk>-<slug:slug>/", views.DocumentDetailView.as_view(), name="detail"),
    path("<int:pk>-<slug:slug>/ban-in/", views.DocumentPrintView.as_view(), name="print"),
    path("tep/<int:pk>/tai-ve/", views.download, name="download"),
    path("tep/<int:pk>/xem/", views.open_inline, name="open"),
]
