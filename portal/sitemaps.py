"""The site map: XML for search engines (index + one sitemap per section), HTML for people,
robots.txt.

Each app owns the sitemap classes of its content and declares them (``sitemaps`` in its
AppConfig's ``contributes``: ``{"section": SitemapClass}``, examportal.registry); the portal's
own pages come first. Every absolute URL is built from ``SITE_URL``.
"""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.generic import TemplateView

from examportal.registry import named_contributions
from examportal.sitemaps import PortalSitemap
from news.models import Column


class StaticPageSitemap(PortalSitemap):
    changefreq = "daily"
    priority = 0.6
    names = ["home", "documents:list", "hotline:index", "feeds:follow", "feeds:embed", "site-map",
             "qa:question-list", "alerts:subscribe", "exams:schedule", "exams:site-list"]

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)


def sitemap_sections():
    """{section: sitemap class}: the portal's pages, then what every app contributes."""
    return {"trang": StaticPageSitemap, **named_contributions("sitemaps")}


def sitemap_index(request):
    """sitemap.xml: the index of every sitemap page, with absolute links from SITE_URL."""
    entries = []
    for name, cls in sitemap_sections().items():
        sitemap = cls()
        pages = sitemap.paginator.num_pages
        for page in range(1, pages + 1):
            loc = settings.SITE_URL + reverse("sitemap-section", kwargs={"section": name})
            entries.append(loc if page == 1 else f"{loc}?p={page}")
    response = TemplateResponse(request, "portal/sitemap_index.xml", {"entries": entries},
                                content_type="application/xml; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    return response


def sitemap_section(request, section):
    sections = sitemap_sections()
    if section not in sections:
        raise Http404("Không có sơ đồ trang này.")
    try:
        response = sitemap_views.sitemap(request, {section: sections[section]}, section=section)
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404(str(exc)) from exc
    patch_cache_control(response, public=True, max_age=3600)
    return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /ckeditor/",
        "Disallow: /xem-truoc/",
        "Disallow: /duong-day-nong/thanh-tra/",
        "Disallow: /duong-day-nong/tong-dai/",
        "Disallow: /duong-day-nong/tra-cuu/",
        "Disallow: /lich-thi/bao-cao/",
        "Disallow: /lich-thi/tong-hop/",
        "Disallow: /lich-thi/dang-nhap/",
        "Disallow: /nhan-tin/xac-nhan/",
        "Disallow: /nhan-tin/huy/",
        "Disallow: /tim-kiem/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap-index')}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    patch_cache_control(response, public=True, max_age=86400)
    return response


class SiteMapPageView(TemplateView):
    """Sơ đồ trang: every part of the portal on one page (Thông tư 32/2017/TT-BTTTT)."""

    template_name = "portal/site_map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = Column.objects.prefetch_related("sections").order_by("-year")
        context["breadcrumbs"] = [("Sơ đồ trang", None)]
        return context
