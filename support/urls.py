"""Included at the root: the offers live beside the year's schedule (/lich-thi/…)."""

from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    # Public
    path("lich-thi/ho-tro-thi-sinh/", views.OffersView.as_view(), name="offers"),
    path("lich-thi/<int:year>/ho-tro-thi-sinh/", views.OffersView.as_view(), name="offers-year"),
    path("lich-thi/<int:year>/ho-tro-thi-sinh/ban-in/<slug:district>/",
         views.DistrictPrintView.as_view(), name="print"),
    path("guong-nguoi-tot-viec-tot/gui-bai/", views.good_deed_form, name="story-form"),
    # Staff: the stories sent in, and their photos (private until the article is published)
    path("guong-nguoi-tot-viec-tot/quan-ly/", views.StoryListView.as_view(), name="story-list"),
    path("guong-nguoi-tot-viec-tot/quan-ly/anh/<int:pk>/", views.StoryPhotoView.as_view(),
         name="story-photo"),
    # Staff: unit staff enter their unit's offers; editors review them
    path("lich-thi/ho-tro-thi-sinh/quan-ly/", views.StaffListView.as_view(), name="staff-list"),
    path("lich-thi/ho-tro-thi-sinh/quan-ly/them/", views.OfferFormView.as_view(),
         name="staff-add"),
    path("lich-thi/ho-tro-thi-sinh/quan-ly/<int:pk>/", views.OfferFormView.as_view(),
         name="staff-edit"),
    path("lich-thi/ho-tro-thi-sinh/quan-ly/<int:pk>/<slug:action>/",
         views.OfferActionView.as_view(), name="staff-action"),
]
