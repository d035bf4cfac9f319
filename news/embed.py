"""What schools use to carry the column: the feed list, the widget generator and the iframe."""

from django import forms
from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import TemplateView

from .models import Article, ArticleTag, Column

# The only page other sites may frame; it loads nothing but our stylesheet and images.
FRAME_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors *"
)
STYLE_CHOICES = [("compact", "Gọn (chỉ tiêu đề)"), ("images", "Có ảnh đại diện")]


class WidgetOptionsForm(forms.Form):
    section = forms.ChoiceField(label="Chuyên mục", required=False)
    limit = forms.IntegerField(label="Số tin (1–20)", min_value=1, max_value=20, initial=5)
    dates = forms.BooleanField(label="Hiện ngày đăng", required=False, initial=True)
    style = forms.ChoiceField(label="Kiểu hiển thị", choices=STYLE_CHOICES, initial="compact")

    def __init__(self, *args, column=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = list(column.sections.all()) if column else []
        self.fields["section"].choices = [("", "Toàn bộ chuyên mục")] + [
            (s.slug, s.title) for s in sections]

    def options(self):
        """Valid options, falling back to the defaults for anything missing or wrong."""
        defaults = {"section": "", "limit": 5, "dates": True, "style": "compact"}
        if not self.is_bound:
            return defaults
        self.is_valid()
        data = dict(defaults)
        for name in defaults:
            if name in self.cleaned_data and name not in self.errors:
                data[name] = self.cleaned_data[name]
        if "dates" not in self.data:
            data["dates"] = self.data.get("limit") is None  # an unsubmitted form shows dates
        return data


def widget_urls(column, options):
    """Absolute URLs a school pastes: the JSON feed, the fallback page and the iframe page."""
    site = settings.SITE_URL
    if options["section"]:
        kwargs = {"year": column.year, "section": options["section"]}
        feed = reverse("feeds:section-json", kwargs=kwargs)
        page = reverse("news:section", kwargs=kwargs)
    else:
        feed = reverse("feeds:column-json", kwargs={"year": column.year})
        page = column.get_absolute_url()
    # An unticked checkbox is simply absent, as a browser would send the form.
    query = (f"?section={options['section']}&limit={options['limit']}"
             f"{'&dates=1' if options['dates'] else ''}&style={options['style']}")
    frame = reverse("feeds:embed-frame", kwargs={"year": column.year}) + query
    return {
        "feed": site + feed,
        "page": site + page,
        "frame": site + frame,
        "frame_path": frame,  # the preview on our own page frames us relative to the request
        "script": site + settings.STATIC_URL + "js/embed.js",
        "frame_height": options["limit"] * (88 if options["style"] == "images" else 56) + 48,
    }


class FollowView(TemplateView):
    """Theo dõi tin: every feed with its address and a copy button."""

    template_name = "news/follow.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        columns = Column.objects.prefetch_related("sections").order_by("-year")
        public = Q(tagged_articles__content_object__in=Article.objects.published())
        context["columns"] = columns
        context["tags"] = (
            ArticleTag.objects.annotate(n=Count("tagged_articles", filter=public))
            .filter(n__gt=0).order_by("-n", "name")[:30]
        )
        context["site_url"] = settings.SITE_URL
        context["breadcrumbs"] = [("Theo dõi tin", None)]
        return context


class EmbedGeneratorView(TemplateView):
    """Nhúng tin vào website của trường: pick options, see a preview, copy the code."""

    template_name = "news/embed.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        column = Column.objects.current()
        form = WidgetOptionsForm(self.request.GET or None, column=column)
        options = form.options()
        context.update(form=form, column=column, options=options,
                       breadcrumbs=[("Nhúng tin vào website của trường", None)])
        if column:
            context["urls"] = widget_urls(column, options)
        return context


@xframe_options_exempt
def embed_frame(request, year):
    """The minimal list a school's <iframe> shows; the one page other sites may frame."""
    column = get_object_or_404(Column.objects.prefetch_related("sections"), year=year)
    options = WidgetOptionsForm(request.GET or None, column=column).options()
    articles = Article.objects.published().filter(section__column=column)
    if options["section"]:
        articles = articles.filter(section__slug=options["section"])
    articles = articles.for_listing()
    response = TemplateResponse(request, "news/embed_frame.html", {
        "column": column, "options": options, "urls": widget_urls(column, options),
        "articles": articles[: options["limit"]],
    })
    response["Content-Security-Policy"] = FRAME_POLICY
    patch_cache_control(response, public=True, max_age=300)
    return response
