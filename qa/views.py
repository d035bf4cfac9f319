"""Public Q&A pages.

The lists and question pages set no cookie and run a fixed number of queries, so a shared cache
can serve them. The question form lives on its own page (it needs the CSRF cookie) and is never
cached. Views are counted on the question page with one UPDATE; a view served by the cache is
not counted, which keeps the page cacheable (the figure is "views that reached the server").
"""


from django.conf import settings
from django.contrib import messages
from django.core.paginator import InvalidPage
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import DetailView, ListView, TemplateView

from examportal import formguard
from examportal.services import ServiceError
from examportal.text import normalize_text

from . import conf, services
from .forms import SORTS, AskForm
from .models import Question, Topic

LIST_TITLE = "Hỏi – đáp về Kỳ thi"
SEARCH_MAX_LENGTH = 200
PINNED_ON_LIST = 5
ASK_SCOPE = "qa-ask"  # the question form's limit and nonces
REFERENCE_MESSAGE = "question-reference"  # carries the new question's reference to the next page


class QuestionListView(ListView):
    """Answered questions: all or by topic, newest or most viewed, searchable without diacritics."""

    template_name = "qa/question_list.html"
    context_object_name = "questions"

    def get_paginate_by(self, queryset):
        return conf.get("PAGE_SIZE")

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        try:
            page = paginator.page(int(self.request.GET.get("page") or 1))
        except (ValueError, TypeError) as exc:
            raise Http404("Trang không hợp lệ.") from exc
        except InvalidPage as exc:
            raise Http404("Không có trang này.") from exc
        return paginator, page, page.object_list, page.has_other_pages()

    def get_queryset(self):
        self.topic = self.kwargs.get("topic")
        if self.topic is not None and self.topic not in Topic.values:
            raise Http404("Không có chủ đề này.")
        self.query = " ".join(normalize_text(self.request.GET.get("q") or "").split())[:SEARCH_MAX_LENGTH]
        sort = self.request.GET.get("sort") or ""
        self.sort = sort if sort in SORTS else ""
        questions = Question.objects.published()
        if self.topic:
            questions = questions.filter(topic=self.topic)
        if self.query:
            questions = questions.search(self.query)
            if self.sort == "xem-nhieu":
                questions = questions.order_by("-view_count", "-answered_at", "-pk")
            elif self.sort == "moi-nhat":
                questions = questions.order_by("-answered_at", "-pk")
        elif self.sort == "xem-nhieu":
            questions = questions.most_viewed()
        else:
            questions = questions.newest()
        return questions.only(
            "pk", "slug", "title", "text", "topic", "asker_name", "show_full_name", "asker_place",
            "answered_at", "view_count", "status", "answer", "pinned",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(
            Question.objects.published().order_by().values_list("topic").annotate(n=Count("pk"))
        )
        topics = [
            {"value": value, "label": label, "count": counts.get(value, 0),
             "url": reverse("qa:topic", kwargs={"topic": value}), "current": value == self.topic}
            for value, label in Topic.choices
        ]
        page = context["page_obj"]
        show_pinned = not self.query and not self.topic and page.number == 1 and not self.sort
        topic_label = Topic(self.topic).label if self.topic else ""
        if self.query:
            heading = f"Tìm câu hỏi: “{self.query}”"
        elif self.topic:
            heading = f"Hỏi – đáp: {topic_label}"
        else:
            heading = LIST_TITLE
        title = heading
        if self.sort == "xem-nhieu" and not self.query:
            title += " — xem nhiều nhất"
        if page.number > 1:
            title += f" — trang {page.number}"
        crumbs = [(LIST_TITLE, reverse("qa:question-list"))]
        if self.topic:
            crumbs.append((topic_label, reverse("qa:topic", kwargs={"topic": self.topic})))
        if self.query:
            crumbs.append(("Kết quả tìm kiếm", None))
        crumbs[-1] = (crumbs[-1][0], None)
        context.update(
            topics=topics,
            topic=self.topic,
            topic_label=topic_label,
            query=self.query,
            sort=self.sort or "moi-nhat",
            sorts=SORTS,
            heading=heading,
            page_title=title,
            total=sum(counts.values()),
            pinned=list(Question.objects.pinned()[:PINNED_ON_LIST]) if show_pinned else [],
            breadcrumbs=crumbs,
            noindex=bool(self.query) or self.sort == "xem-nhieu",
        )
        return context


class QuestionDetailView(DetailView):
    """One answered question, its answer, the documents and articles it cites (FAQPage JSON-LD)."""

    template_name = "qa/question_detail.html"
    context_object_name = "question"

    def get_object(self, queryset=None):
        from documents.models import Document
        from news.models import Article

        questions = Question.objects.published().prefetch_related(
            Prefetch("cited_documents", queryset=Document.objects.published().select_related("issuer"),
                     to_attr="public_documents"),
            Prefetch("cited_articles",
                     queryset=Article.objects.published().for_listing(),
                     to_attr="public_articles"),
        )
        question = questions.filter(pk=self.kwargs["pk"]).first()
        if question is None:
            raise Http404("Không tìm thấy câu hỏi.")
        return question

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if kwargs.get("slug") != self.object.slug:
            return redirect(self.object.get_absolute_url(), permanent=True)
        services.record_view(self.object)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = self.object
        related = (
            Question.objects.published().filter(topic=question.topic).exclude(pk=question.pk)
            .newest().only("pk", "slug", "title", "text", "answered_at")[:5]
        )
        context.update(
            documents=question.public_documents,
            articles=question.public_articles,
            related=list(related),
            json_ld=faq_json_ld(question),
            breadcrumbs=[
                (LIST_TITLE, reverse("qa:question-list")),
                (question.get_topic_display(), question.get_topic_url()),
                (question.display_title, None),
            ],
        )
        return context


def faq_json_ld(question):
    """schema.org FAQPage with the one question and its accepted answer."""
    url = settings.SITE_URL + question.get_absolute_url()
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": url,
        "inLanguage": "vi",
        "mainEntity": [{
            "@type": "Question",
            "name": question.display_title,
            "text": question.text,
            "dateCreated": question.created_at.isoformat(),
            "answerCount": 1,
            "acceptedAnswer": {
                "@type": "Answer",
                "text": question.answer,
                "dateCreated": question.answered_at.isoformat(),
                "url": url,
                "author": {"@type": "GovernmentOrganization", "name": settings.PORTAL["agency"]},
            },
        }],
    }


@method_decorator([never_cache, sensitive_post_parameters("asker_name", "asker_email", "text")],
                  name="dispatch")
class AskView(formguard.GuardedFormView):
    """Đặt câu hỏi: the public-form guard (honeypot, fill time, a slot per address, the form
    filed once, retried once on a lost connection); a refused form keeps its text."""

    template_name = "qa/ask.html"
    form_class = AskForm
    success_url = reverse_lazy("qa:ask-done")
    refusals = (ServiceError,)

    def limit(self):
        """Questions per address and window; the site-wide level refuses too."""
        return formguard.Limit(
            ASK_SCOPE, per_address=conf.get("ASK_LIMIT_PER_IP"),
            window=conf.get("ASK_WINDOW_SECONDS"), site=conf.get("ASK_LIMIT_GLOBAL"),
            address_message="Địa chỉ mạng của bạn đã gửi nhiều câu hỏi: tối đa {limit} câu hỏi "
                            "trong {duration}. Vui lòng thử lại sau {minutes} phút; nội dung bạn "
                            "nhập vẫn được giữ nguyên.",
            site_message="Có nhiều câu hỏi được gửi trong thời gian ngắn. Vui lòng thử lại sau "
                         "{minutes} phút; nội dung bạn nhập vẫn được giữ nguyên.")

    def file(self, form):
        self.question = services.ask_question(**form.question_kwargs())
        return self.question

    def form_valid(self, form):
        """The done page shows the new question's reference, carried once as a message (a
        cookie the page cache neither answers nor stores), never in the URL."""
        response = super().form_valid(form)
        question = getattr(self, "question", None)
        if response.status_code == 302 and question is not None:
            messages.info(self.request, question.reference, extra_tags=REFERENCE_MESSAGE)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(LIST_TITLE, reverse("qa:question-list")), ("Đặt câu hỏi", None)]
        context["topics"] = Topic.choices
        return context


class AskDoneView(TemplateView):
    template_name = "qa/ask_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = [(LIST_TITLE, reverse("qa:question-list")), ("Đã gửi câu hỏi", None)]
        context["reference"] = next((message.message for message in messages.get_messages(
            self.request) if REFERENCE_MESSAGE in message.tags), "")
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["reference"]:  # one asker's reference: no cache keeps it
            add_never_cache_headers(response)
        return response


class QuestionLookupView(TemplateView):
    """Tra cứu câu hỏi: the asker's reference → where their question stands (waiting, answered
    with its link, merged, not answered publicly). Nothing the asker wrote is shown, and a wrong
    reference says only that no question has it."""

    template_name = "qa/lookup.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        typed = normalize_text(self.request.GET.get("ma", ""))[:40].strip()
        question = services.find_by_reference(typed) if typed else None
        context.update(
            typed=typed, question=question,
            reference=services.normalize_reference(typed),
            target=(question.merged_into if question and question.merged_into_id
                    and question.merged_into.is_public else None),
            breadcrumbs=[(LIST_TITLE, reverse("qa:question-list")), ("Tra cứu câu hỏi", None)])
        return context
