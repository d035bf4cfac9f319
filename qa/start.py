"""Questions waiting for an answer, on the reviewers' start page (examportal.staffstart)."""

from django.urls import reverse

from examportal.staffstart import StartLink, StartSection

from .models import Question, Status


def section(user):
    if not (user.is_staff and user.has_perm("qa.view_question")):
        return None
    url = reverse("admin:qa_question_changelist")
    links = []
    if user.has_perm("qa.answer_question"):
        links.append(StartLink("Câu hỏi chờ trả lời", f"{url}?status__exact={Status.PENDING}",
                               "Trả lời, gộp vào câu trả lời có sẵn hoặc từ chối.",
                               Question.objects.pending().count(), "qa.answer_question"))
    links.append(StartLink("Tất cả câu hỏi", url, permission="qa.view_question"))
    return StartSection("Hỏi – đáp", links, priority=40)
