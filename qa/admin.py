"""The reviewers' side of Q&A, in the admin: a queue of questions and a review page per question
(answer and publish, merge into an existing answer, decline with a reason, take offline).

State changes go through ``qa.services``; the plain change form only corrects wording of an
answered question. The asker's email address is never shown (it is used once, then erased).
"""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from examportal.services import ServiceError

from . import services
from .forms import AnswerForm, DeclineForm, MergeForm
from .models import Question, Status


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["review_link", "topic", "status", "created_at", "answered_at", "pinned",
                    "view_count", "has_email"]
    list_filter = ["status", "topic", "pinned"]
    search_fields = ["title", "text", "answer"]
    date_hierarchy = "created_at"
    list_per_page = 50
    fields = ["topic", "title", "text", "answer", "cited_documents", "cited_articles", "pinned",
              "status", "public_name", "asker_place", "has_email", "created_at", "answered_at",
              "answered_by", "merged_into", "decline_reason", "view_count"]
    readonly_fields = ["status", "public_name", "asker_place", "has_email", "created_at",
                       "answered_at", "answered_by", "merged_into", "decline_reason", "view_count"]
    # A searchable picker (the admin's autocomplete), not a list to Ctrl-click through.
    autocomplete_fields = ["cited_documents", "cited_articles"]
    change_list_template = "admin/qa/question/change_list.html"

    def has_add_permission(self, request):
        return False  # questions come from the public form

    def has_change_permission(self, request, obj=None):
        """The plain form only corrects an answered question; the rest goes through "Xử lý"."""
        if obj is not None and (obj.status != Status.ANSWERED or not services.can_answer(request.user)):
            return False
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if obj is None or obj.status != Status.ANSWERED or not services.can_answer(request.user):
            readonly += ["topic", "title", "text", "answer", "cited_documents", "cited_articles", "pinned"]
        return readonly

    def save_model(self, request, obj, form, change):
        if obj.status != Status.ANSWERED or not services.can_answer(request.user):
            raise PermissionDenied("Chỉ sửa được câu hỏi đã trả lời, khi có quyền trả lời câu hỏi.")
        super().save_model(request, obj, form, change)

    @admin.display(description="câu hỏi", ordering="created_at")
    def review_link(self, obj):
        url = reverse("admin:qa_question_review", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.display_title)

    @admin.display(description="có thư điện tử", boolean=True)
    def has_email(self, obj):
        return bool(obj.asker_email)

    @admin.display(description="tên hiển thị")
    def public_name(self, obj):
        return obj.public_name

    def get_urls(self):
        return [
            path("<int:pk>/xu-ly/", self.admin_site.admin_view(self.review_view),
                 name="qa_question_review"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        counts = dict(Question.objects.order_by().values_list("status").annotate(n=Count("pk")))
        extra_context = {**(extra_context or {}),
                         "status_counts": [(label, counts.get(value, 0), value)
                                           for value, label in Status.choices]}
        return super().changelist_view(request, extra_context)

    def review_view(self, request, pk):
        question = get_object_or_404(Question, pk=pk)
        if not self.has_view_permission(request, question):
            raise PermissionDenied
        can_answer = services.can_answer(request.user)
        answer_form = self._styled(AnswerForm(instance=question, prefix="a"))
        merge_form = MergeForm(exclude_pk=question.pk, prefix="m")
        decline_form = DeclineForm(prefix="d")
        status = 200
        if request.method == "POST":
            if not can_answer:
                raise PermissionDenied
            bound = {}
            try:
                done = self._act(request, question, request.POST.get("action"), bound)
            except ServiceError as exc:
                messages.error(request, exc.message)
                done = False
            if done:
                messages.success(request, done)
                return redirect(f"{reverse('admin:qa_question_changelist')}?status__exact=pending")
            status = 400
            answer_form = self._styled(bound.get("answer_form", answer_form))
            merge_form = bound.get("merge_form", merge_form)
            decline_form = bound.get("decline_form", decline_form)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Xử lý câu hỏi: {question.display_title}",
            "question": question,
            "answer_form": answer_form,
            "merge_form": merge_form,
            "decline_form": decline_form,
            "can_answer": can_answer,
            "public_url": question.get_absolute_url() if question.is_public else "",
        }
        return TemplateResponse(request, "admin/qa/question/review.html", context, status=status)

    PICKER_HELP = {
        "cited_documents": "Gõ số ký hiệu hoặc vài chữ của trích yếu để tìm; chọn được nhiều văn bản.",
        "cited_articles": "Gõ vài chữ của tiêu đề để tìm; chọn được nhiều bài viết.",
    }

    def _styled(self, form):
        """The answer form as the article form looks: a wide title, searchable pickers."""
        if getattr(form, "_styled", False):
            return form
        form._styled = True
        form.fields["title"].widget.attrs.update({"class": "vTextField qa-review__title", "size": 80})
        form.fields["answer"].widget.attrs.update({"class": "vLargeTextField"})
        for name, help_text in self.PICKER_HELP.items():
            field = form.fields[name]
            field.widget = AutocompleteSelectMultiple(
                Question._meta.get_field(name), self.admin_site, attrs={"data-width": "100%"})
            field.widget.choices = field.choices
            field.widget.is_required = field.required
            field.help_text = help_text
        return form

    def _act(self, request, question, action, bound):
        """Run one action; return a success message, or False (the bound forms in ``bound``)."""
        user = request.user
        if action == "answer":
            form = AnswerForm(request.POST, instance=question, prefix="a")
            bound["answer_form"] = form
            if not form.is_valid():
                return False
            data = form.cleaned_data
            services.answer_question(
                question, user, answer=data["answer"], title=data["title"], topic=data["topic"],
                text=data["text"], documents=data["cited_documents"], articles=data["cited_articles"],
                pinned=data["pinned"])
            return f"Đã trả lời và đăng công khai câu hỏi “{question.display_title}”."
        if action == "merge":
            form = MergeForm(request.POST, exclude_pk=question.pk, prefix="m")
            bound["merge_form"] = form
            if not form.is_valid():
                return False
            services.merge_question(question, user, into=form.cleaned_data["into"])
            return "Đã gộp câu hỏi vào câu trả lời có sẵn."
        if action == "decline":
            form = DeclineForm(request.POST, prefix="d")
            bound["decline_form"] = form
            if not form.is_valid():
                return False
            services.decline_question(question, user, reason=form.cleaned_data["reason"])
            return "Đã ghi nhận: không trả lời câu hỏi này."
        if action == "unpublish":
            services.unpublish_question(question, user)
            return "Đã gỡ câu hỏi khỏi trang công khai; câu hỏi trở lại hàng chờ."
        raise ServiceError("Thao tác không hợp lệ.")
