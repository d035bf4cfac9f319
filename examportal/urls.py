from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import admin_views, sitemaps, views

admin.site.site_header = "Quản trị Cổng thông tin Kỳ thi - Sở GDĐT Lai Châu"
admin.site.site_title = "Quản trị Cổng thông tin Kỳ thi"
admin.site.index_title = "Bảng điều khiển"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("robots.txt", sitemaps.robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap-section"),
    path("so-do-trang/", sitemaps.SiteMapPageView.as_view(), name="site-map"),
    path("van-ban/", include("documents.urls")),
    path("duong-day-nong/", include("hotline.urls")),
    path("hoi-dap/", include("qa.urls")),
    path("nhan-tin/", include("alerts.urls")),
    path("lich-thi/", include("exams.urls")),
    path("", include(("news.feed_urls", "feeds"))),
    path("", include("news.urls")),
    # Before the admin's own "r/" pattern: answers only for objects the user may see.
    path("admin/r/<int:content_type_id>/<path:object_id>/",
         admin.site.admin_view(admin_views.view_on_site), name="admin-view-on-site"),
    path("admin/", admin.site.urls),
    path("ckeditor/", include("ckeditor_uploader.urls")),
]

handler404 = "examportal.views.page_not_found"
handler500 = "examportal.views.server_error"

if settings.BENCH_FLOOR:
    urlpatterns.append(path("__bench__/floor", views.framework_floor))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Error pages render with no database and no cache (examportal.errors).
handler400 = "examportal.views.bad_request"
handler403 = "examportal.views.permission_denied"
