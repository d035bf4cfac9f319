from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.SubscribeView.as_view(), name="subscribe"),
    path("kiem-tra-hop-thu/", views.SubscribeDoneView.as_view(), name="subscribe-done"),
    path("xac-nhan/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("huy/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
]
