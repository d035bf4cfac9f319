"""The root URLconf (ROOT_URLCONF): where every app's pages live. The core (examportal) gives
the error handlers, /healthz and the benchmark's floor; the apps their own URLconfs; the pages
made of several apps (home, site search, site maps) are this app's."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from examportal import admin_views
from examportal import views as core_views
from news import urls as news_urls

from . import sitemaps, views

admin.site.site_header = "Quản trị Cổng thông tin Kỳ thi - Sở GDĐT Lai Châu"
admin.site.site_title = "Quản trị Cổng thông tin Kỳ thi"
admin.site.index_title = "Bảng điều khiển"

# The site search keeps its address and its name in the news namespace ("news:search").
news_patterns = [path("tim-kiem/", views.SearchView.as_view(), name="search"),
                 *news_urls.urlpatterns]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("", include("examportal.start_urls")),  # /admin/login/ and /quan-ly/: staff's one way in
    path("favicon.ico", core_views.favicon),
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("so-do-trang/", sitemaps.SiteMapPageView.as_view(), name="site-map"),
    path("van-ban/", include("documents.urls")),
    path("duong-day-nong/", include("hotline.urls")),
    path("hoi-dap/", include("qa.urls")),
    path("nhan-tin/", include("alerts.urls")),
    path("", include("support.urls")),
    path("lich-thi/", include("exams.urls")),
    path("don-vi/", include("units.urls")),
    path("ket-qua-thi/", include("results.urls")),
    path("", include(("news.feed_urls", "feeds"))),
    path("", include((news_patterns, news_urls.app_name))),
    # Before the admin's own "r/" pattern: answers only for objects the user may see.
    path("admin/r/<int:content_type_id>/<path:object_id>/",
         admin.site.admin_view(admin_views.view_on_site), name="admin-view-on-site"),
    path("admin/", admin.site.urls),
    path("ckeditor/", include("ckeditor_uploader.urls")),
]

# Error pages render with no database and no cache (examportal.errors).
handler400 = "examportal.views.bad_request"
handler403 = "examportal.views.permission_denied"
handler404 = "examportal.views.page_not_found"
handler500 = "examportal.views.server_error"

if settings.BENCH_FLOOR:
    urlpatterns.append(path("__bench__/floor", core_views.framework_floor))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
