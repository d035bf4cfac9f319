"""Results on the start page: the testing office lands on the import screen (it also releases and
keeps the school names); editors reach the year's page for the article button
(examportal.staffstart)."""

from django.urls import reverse

from examportal.staffstart import StartLink, StartSection, admin_link, admin_list_links
from examyears.selectors import current_year_number

from .services import ARTICLE_PERMISSION, IMPORT_PERMISSION, RELEASE_PERMISSION


def section(user):
    year = current_year_number()
    links, landing = [], None
    if year and user.has_perm(IMPORT_PERMISSION):
        landing = reverse("results:staff-upload", kwargs={"year": year})
        links += [
            StartLink(f"Nhập tệp điểm thi {year}", landing, "Tệp CSV hoặc XLSX; xem trước rồi xác nhận.",
                      permission=IMPORT_PERMISSION),
            StartLink("Sửa điểm một thí sinh", reverse("results:staff-correct", kwargs={"year": year}),
                      permission=IMPORT_PERMISSION),
        ]
    if year and user.has_perm(RELEASE_PERMISSION):
        links.append(StartLink(f"Kết quả thi {year}: xem trước, công bố",
                               reverse("results:staff-year", kwargs={"year": year}),
                               permission=RELEASE_PERMISSION))
    elif year and user.has_perm(ARTICLE_PERMISSION):
        links.append(StartLink(f"Kết quả thi {year}: tạo bài viết từ số liệu",
                               reverse("results:staff-year", kwargs={"year": year}),
                               permission=ARTICLE_PERMISSION))
    if user.has_perm("results.add_schoolname") and user.has_perm("results.change_schoolname"):
        links.append(StartLink("Tên trường trên trang thống kê", reverse("results:staff-schools"),
                               permission="results.change_schoolname"))
    if user.has_perm(IMPORT_PERMISSION) or user.has_perm(RELEASE_PERMISSION):
        links.append(StartLink("Kết quả các năm thi", reverse("results:staff-home"),
                               permission=IMPORT_PERMISSION if user.has_perm(IMPORT_PERMISSION)
                               else RELEASE_PERMISSION))
    audit = admin_link(user, "Nhật ký kết quả thi", "admin:results_auditentry_changelist",
                       "results.view_auditentry")
    if audit:
        links.append(audit)
    # The other admin lists the user may open (result sets, versions, school names, national
    # figures), in the admin's order.
    links += admin_list_links(user, "results", skip=("auditentry",))
    if not links:
        return None
    return StartSection("Kết quả thi", links, landing=landing, priority=20 if landing else 70)
