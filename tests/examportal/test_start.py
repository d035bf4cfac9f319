"""The staff's one way in (examportal.start_views): one sign-in page for everybody, each role
lands on its work, and the start page offers what the role may do and nothing else."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from examportal import roles, staffstart
from exams.models import ExamSite, SiteMembership

pytestmark = pytest.mark.django_db
PASSWORD = "test-password-123"
VN = datetime.timezone(datetime.timedelta(hours=7))
SIGN_IN_PAGES = ["/admin/login/", "/lich-thi/dang-nhap/"]


@pytest.fixture(autouse=True)
def _year(exam_column, monkeypatch):
    # During the 2021 exams: Toán (afternoon of 7/7) is the session at hand.
    monkeypatch.setattr("exams.clock.now",
                        lambda: datetime.datetime(2021, 7, 7, 15, 0, tzinfo=VN))


@pytest.fixture
def site(db):
    return ExamSite.objects.create(year=2021, code="01", name="Điểm thi Trường THPT Chuyên Lê Quý Đôn",
                                   school="Trường THPT Chuyên Lê Quý Đôn", address="Phường Đông Phong",
                                   district="thanh-pho-lai-chau", rooms=18, candidates=429)


@pytest.fixture
def member(make_staff, site):
    """A user of ``group``; site staff are not admin users and belong to a site."""

    def make(group, username=None, **extra):
        user = make_staff(group, username=username, **extra)
        if group in (roles.SITE_STAFF, roles.UNIT_STAFF):
            user.is_staff = False
            user.save()
        if group == roles.SITE_STAFF:
            SiteMembership.objects.create(user=user, site=site)
        if group == roles.UNIT_STAFF:
            from units.models import Unit, UnitMembership

            unit = Unit.objects.create(code="07001", name="Trường THPT Mường Tè",
                                       district="muong-te")
            UnitMembership.objects.create(user=user, unit=unit, position="Hiệu trưởng")
        return user

    return make


def toan_session():
    from exams.models import ExamSession

    return ExamSession.objects.for_year(2021).get(round=1, title="Toán")


def expected_landing(group):
    return {
        roles.INSPECTORS: reverse("hotline:staff_queue"),
        roles.SITE_STAFF: reverse("exams:report-form", kwargs={"session_pk": toan_session().pk}),
        roles.TESTING_OFFICE: reverse("results:staff-upload", kwargs={"year": 2021}),
        roles.UNIT_STAFF: reverse("units:home"),
    }.get(group, reverse("staff:start"))


ROLES = [roles.EDITORS, roles.CONTRIBUTORS, roles.OPERATORS, roles.INSPECTORS,
         roles.ADMINISTRATORS, roles.SITE_STAFF, roles.TESTING_OFFICE, roles.UNIT_STAFF]


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_one_light_sign_in_page_at_both_addresses(client, page):
    response = client.get(page)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in html and 'name="password"' in html
    assert "css/staff.css" in html and "admin/css/base.css" not in html
    assert response.headers["Cache-Control"].count("no-cache") or "private" in response.headers[
        "Cache-Control"]


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
@pytest.mark.parametrize("group", ROLES)
def test_each_role_lands_on_its_work_from_either_page(client, member, group, page):
    user = member(group)
    response = client.post(page, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == expected_landing(group)
    assert client.get(response["Location"]).status_code == 200


def test_site_staff_are_not_told_their_password_is_wrong_at_admin(client, member):
    user = member(roles.SITE_STAFF)
    response = client.post("/admin/login/?next=/admin/", {
        "username": user.username, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == expected_landing(roles.SITE_STAFF)


def test_wrong_password_is_a_clear_vietnamese_message_and_keeps_the_name(client, member):
    user = member(roles.EDITORS)
    response = client.post("/admin/login/", {"username": user.username, "password": "sai"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa đăng nhập được" in html and f'value="{user.username}"' in html
    assert "_auth_user_id" not in client.session


def test_inactive_account_cannot_sign_in(client, member):
    user = member(roles.EDITORS)
    user.is_active = False
    user.save()
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.parametrize(("group", "target", "followed"), [
    (roles.OPERATORS, "/duong-day-nong/tong-dai/ghi-nhan/", True),
    (roles.EDITORS, "/admin/news/article/add/", True),
    (roles.EDITORS, "/admin/", False),           # the admin's home only means "somewhere"
    (roles.EDITORS, "https://evil.example/", False),
    (roles.EDITORS, "//evil.example/x", False),
    (roles.SITE_STAFF, "/admin/news/article/", False),  # not an admin user
    (roles.SITE_STAFF, "/lich-thi/bao-cao/", True),
])
def test_next_is_followed_only_when_safe_and_useful(client, member, group, target, followed):
    user = member(group)
    response = client.post(f"/admin/login/?next={target}", {
        "username": user.username, "password": PASSWORD, "next": target})
    assert response["Location"] == (target if followed else expected_landing(group))


def test_signed_in_site_officer_opening_the_admin_reaches_their_form_without_a_loop(client, member):
    client.force_login(member(roles.SITE_STAFF))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == expected_landing(roles.SITE_STAFF)
    assert len(response.redirect_chain) <= 3


def test_signed_in_user_sent_to_a_page_they_lack_may_switch_account(client, member):
    client.force_login(member(roles.OPERATORS))
    response = client.get("/admin/login/?next=/duong-day-nong/thanh-tra/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "đăng nhập bằng tài khoản khác" in html and 'name="password"' in html


def test_anonymous_start_page_goes_to_the_sign_in_page(client):
    response = client.get("/quan-ly/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")


def test_account_with_no_group_is_told_what_to_do(client, make_staff):
    client.force_login(make_staff(None))
    html = client.get("/quan-ly/").content.decode()
    assert "chưa được giao việc nào" in html
    assert "Bạn không có quyền xem hoặc chỉnh sửa bất cứ gì" not in client.get("/admin/").content.decode()


# What each role's start page must offer (labels), and what it must not.
OFFERS = {
    roles.EDITORS: (["Hàng chờ duyệt bài viết", "Câu hỏi chờ trả lời", "Tổng hợp báo cáo: Toán",
                     "Viết bài mới", "Thêm văn bản", "Mở năm thi mới"],
                    ["Tài khoản cán bộ", "Hàng đợi phản ánh", "Ghi nhận cuộc gọi"]),
    roles.CONTRIBUTORS: (["Bản nháp của tôi", "Viết bài mới", "Tất cả bài của tôi"],
                         ["Hàng chờ duyệt bài viết", "Câu hỏi chờ trả lời", "Tổng hợp báo cáo"]),
    roles.OPERATORS: (["Ghi nhận cuộc gọi, thư báo", "Cuộc gọi đã ghi nhận hôm nay"],
                      ["Hàng đợi phản ánh", "Bài viết", "Tổng hợp báo cáo"]),
    roles.INSPECTORS: (["Hàng đợi phản ánh", "Báo cáo ngày", "Tổng hợp báo cáo: Toán",
                        "Nhật ký truy cập đường dây nóng"],
                       ["Ghi nhận cuộc gọi", "Viết bài mới", "Tài khoản cán bộ"]),
    roles.ADMINISTRATORS: (["Tài khoản cán bộ", "Thêm tài khoản", "Nhóm quyền",
                            "Nhật ký truy cập đường dây nóng", "Nhật ký kết quả thi"],
                           ["Hàng đợi phản ánh", "Hàng chờ duyệt bài viết", "Ghi nhận cuộc gọi"]),
    roles.SITE_STAFF: (["Báo cáo buổi thi Toán", "Các buổi thi của điểm thi"],
                       ["Tổng hợp báo cáo", "Viết bài mới", "Hàng đợi phản ánh"]),
    roles.TESTING_OFFICE: (["Nhập tệp điểm thi 2021"],
                           ["Viết bài mới", "Tài khoản cán bộ", "Hàng đợi phản ánh"]),
    roles.UNIT_STAFF: (["Báo cáo chuẩn bị thi — Trường THPT Mường Tè"],
                       ["Viết bài mới", "Tổng hợp báo cáo", "Hàng đợi phản ánh",
                        "Báo cáo buổi thi"]),
}


@pytest.mark.parametrize("group", ROLES)
def test_start_page_offers_what_the_role_may_do_and_nothing_else(client, member, group):
    user = member(group)
    client.force_login(user)
    response = client.get("/quan-ly/")
    html = response.content.decode()
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    wanted, unwanted = OFFERS[group]
    for label in wanted:
        assert label in html, (group, label)
    for label in unwanted:
        assert label not in html, (group, label)
    links = [link for section in staffstart.sections(user) for link in section.links]
    assert links
    for link in links:
        # Only what the user holds, and every link opens (no dead end, no 403).
        if link.permission:
            assert user.has_perm(link.permission), (group, link)
        assert client.get(link.url).status_code == 200, (group, link.url)


@pytest.mark.parametrize("group", [g for g in ROLES if g not in (roles.SITE_STAFF, roles.UNIT_STAFF)])
def test_admin_home_shows_the_start_links_and_no_dead_end(client, member, group):
    user = member(group)
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "Bạn không có quyền xem hoặc chỉnh sửa bất cứ gì" not in html
    assert "Việc của bạn" in html
    for section in staffstart.sections(user):
        for link in section.links:
            assert f'href="{link.url}"' in html.replace("&amp;", "&"), link


def test_editor_admin_home_links_to_the_exam_dashboard(client, member):
    client.force_login(member(roles.EDITORS))
    html = client.get("/admin/").content.decode()
    assert f'href="{reverse("exams:dashboard", kwargs={"session_pk": toan_session().pk})}"' in html


def test_several_groups_get_the_union(client, member):
    user = member(roles.EDITORS)
    user.groups.add(Group.objects.get(name=roles.INSPECTORS), Group.objects.get(name=roles.OPERATORS))
    titles = [section.title for section in staffstart.sections(user)]
    assert "Bài viết" in titles and "Đường dây nóng" in titles
    labels = {link.label for s in staffstart.sections(user) for link in s.links}
    assert {"Hàng chờ duyệt bài viết", "Hàng đợi phản ánh", "Ghi nhận cuộc gọi, thư báo"} <= labels
    # The most pressing task wins the landing: the inspectors' queue.
    assert staffstart.landing(user) == reverse("hotline:staff_queue")


def test_start_page_queries_do_not_grow_with_content(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hotline import services as hotline
    from news.models import Article, Section

    editor = member(roles.EDITORS)
    editor.groups.add(Group.objects.get(name=roles.INSPECTORS))
    client.force_login(editor)
    client.get("/quan-ly/")

    def count():
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/quan-ly/").content.decode()
        return len(queries), html

    before, _ = count()
    section = Section.objects.first()
    for n in range(30):
        Article.objects.create(title=f"Bài {n}", slug=f"bai-{n}", section=section, author=editor,
                               status=Article.Status.PENDING)
        hotline.submit_report(category="leak", description=f"Phản ánh {n}")
    after, html = count()
    assert after == before <= 15
    assert ">30</span>" in html


def test_accounts_admin_names_people_family_name_first(client, member):
    admin_user = member(roles.ADMINISTRATORS)
    officer = member(roles.OPERATORS, first_name="Hoa", last_name="Lường Thị")
    client.force_login(admin_user)
    html = client.get("/admin/auth/user/").content.decode()
    assert "Lường Thị Hoa" in html and "Hoa Lường Thị" not in html
    form = client.get(f"/admin/auth/user/{officer.pk}/change/").content.decode()
    assert form.index('name="last_name"') < form.index('name="first_name"')
    client.force_login(officer)
    assert "Lường Thị Hoa" in client.get("/quan-ly/").content.decode()


# The apps whose start sections this suite answers for (units, support and results test theirs).
COVERED_APPS = {"auth", "news", "qa", "hotline", "exams", "documents", "examyears", "alerts",
                "units", "support", "results"}


@pytest.mark.parametrize("group", [g for g in ROLES if g not in (roles.SITE_STAFF, roles.UNIT_STAFF)])
def test_start_page_links_every_admin_list_the_role_may_open(rf, member, group):
    """"Everything that role may do": each admin list the user may view is on the start page."""
    from django.contrib import admin

    user = member(group)
    request = rf.get("/admin/")
    request.user = user
    offered = {link.url.split("?")[0] for s in staffstart.sections(user) for link in s.links}
    missing = [model["admin_url"] for app in admin.site.get_app_list(request)
               if app["app_label"] in COVERED_APPS for model in app["models"]
               if model["admin_url"] and model["admin_url"] not in offered]
    assert missing == []


def test_sign_out_from_the_start_page_returns_to_the_sign_in_page(client, member):
    client.force_login(member(roles.SITE_STAFF))
    assert 'action="/quan-ly/dang-xuat/"' in client.get("/quan-ly/").content.decode()
    response = client.post("/quan-ly/dang-xuat/")
    assert response.status_code == 302 and response["Location"] == "/admin/login/"
    assert "_auth_user_id" not in client.session
    html = client.get("/admin/login/").content.decode()
    assert "Trang làm việc" not in html  # nothing to reach before signing in


def test_admin_header_names_the_user_family_name_first(client, member):
    client.force_login(member(roles.EDITORS, first_name="Hoa", last_name="Lường Thị"))
    html = client.get("/admin/").content.decode()
    assert "<strong>Lường Thị Hoa</strong>" in html
    assert 'href="/quan-ly/">Trang làm việc</a>' in html
