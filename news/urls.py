from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("tim-kiem/", views.SearchView.as_view(), name="search"),
    path("ky-thi/<int:year>/", views.ColumnView.as_view(), name="column"),
    path("ky-thi/<int:year>/<slug:section>/", views.SectionView.as_view(), name="section"),
]
