"""The staff's one way in (examportal.start_views), included by the root URLconf before the
admin so that ``/admin/login/`` is this sign-in page."""

from django.urls import path

from . import start_views

app_name = "staff"

urlpatterns = [
    path("admin/login/", start_views.SignInView.as_view(), name="login"),
    path("quan-ly/", start_views.StartView.as_view(), name="start"),
    path("quan-ly/dang-xuat/", start_views.SignOutView.as_view(), name="logout"),
]
