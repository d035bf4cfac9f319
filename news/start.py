"""The news section of a staff member's start page: editors' review queue, contributors' drafts,
administrators' columns and sections (examportal.staffstart)."""

from django.db.models import Count, Q
from django.urls import reverse

from examportal.staffstart import StartLink, StartSection, admin_link

from .models import Article
from .workflow import can_publish

Status = Article.Status


def _articles(filter_value=""):
    url = reverse("admin:news_article_changelist")
    return f"{url}?trang_thai={filter_value}" if filter_value else url


def section(user):
    if not user.is_staff:
        return None
    links = []
    if user.has_perm("news.change_article"):
        mine = Article.objects.all() if can_publish(user) else Article.objects.filter(author=user)
        counts = mine.aggregate(pending=Count("pk", filter=Q(status=Status.PENDING)),
                                drafts=Count("pk", filter=Q(status=Status.DRAFT)))
        if can_publish(user):
            links.append(StartLink("Hàng chờ duyệt bài viết", _articles("pending"),
                                   "Đọc, trả lại hoặc xuất bản bài cộng tác viên gửi.",
                                   counts["pending"], "news.publish_article"))
        else:
            links += [
                StartLink("Bản nháp của tôi", _articles("draft"), "Viết tiếp, rồi gửi duyệt.",
                          counts["drafts"], "news.change_article"),
                StartLink("Bài đang chờ duyệt", _articles("pending"), "", counts["pending"],
                          "news.change_article"),
            ]
    if user.has_perm("news.add_article"):
        links.append(StartLink("Viết bài mới", reverse("admin:news_article_add"),
                               permission="news.add_article"))
    if user.has_perm("news.view_article"):
        links.append(StartLink("Tất cả bài viết" if can_publish(user) else "Tất cả bài của tôi",
                               _articles(), permission="news.view_article"))
    links += [link for link in (
        admin_link(user, "Chuyên mục theo năm thi", "admin:news_column_changelist",
                   "news.view_column"),
        admin_link(user, "Chuyên mục con", "admin:news_section_changelist", "news.view_section"),
        admin_link(user, "Thẻ bài viết", "admin:news_articletag_changelist",
                   "news.view_articletag"),
    ) if link]
    if not links:
        return None
    title = "Bài viết" if can_publish(user) or not user.has_perm("news.add_article") \
        else "Bài viết của tôi"
    return StartSection(title, links, priority=30)
