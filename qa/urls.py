from django.urls import path

from . import views

app_name = "qa"

urlpatterns = [
    path("", views.QuestionListView.as_view(), name="question-list"),
    path("chu-de/<slug:topic>/", views.QuestionListView.as_view(), name="topic"),
    path("cau-hoi/<int:pk>/<slug:slug>/", views.QuestionDetailView.as_view(), name="question-detail"),
    path("dat-cau-hoi/", views.AskView.as_view(), name="ask"),
    path("dat-cau-hoi/da-gui/", views.AskDoneView.as_view(), name="ask-done"),
    path("tra-cuu/", views.QuestionLookupView.as_view(), name="lookup"),
]
