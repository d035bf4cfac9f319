import re

import pytest
from django.core import mail

from alerts import services
from alerts.models import Frequency, Subscription
from examportal import roles

SUBSCRIBE = "/nhan-tin/"


def form_data(client, **changes):
    html = client.get(SUBSCRIBE).content.decode()
    data = {"email": "pv@example.org", "frequency": "immediate", "website": "",
            "form_token": re.search(r'name="form_token" value="([^"]+)"', html).group(1)}
    data.update(changes)
    return data


@pytest.mark.django_db
def test_subscribe_page_lists_sections_and_needs_a_choice(client, press):
    response = client.get(SUBSCRIBE)
    html = response.content.decode()
    assert "Thông cáo báo chí" in html and "csrftoken" in response.cookies
    assert "no-store" in response["Cache-Control"]
    response = client.post(SUBSCRIBE, form_data(client, email="sai-dia-chi"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Địa chỉ thư điện tử không hợp lệ" in html and "ít nhất một loại tin" in html
    assert 'value="sai-dia-chi"' in html
    assert not Subscription.objects.exists() and mail.outbox == []


@pytest.mark.django_db
def test_subscribe_confirm_and_unsubscribe_pages(client, press, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, form_data(client, sections=[press.pk], frequency="daily"))
    assert response.status_code == 302 and response["Location"] == "/nhan-tin/kiem-tra-hop-thu/"
    subscription = Subscription.objects.get()
    assert subscription.frequency == Frequency.DAILY and not subscription.is_active
    assert len(mail.outbox) == 1
    confirm = re.search(r"https://thithpt\.laichau\.edu\.vn(/nhan-tin/xac-nhan/[^/]+/)",
                        mail.outbox[0].body).group(1)
    # Opening the link (or a mail scanner opening it) changes nothing.
    response = client.get(confirm)
    html = response.content.decode()
    assert response.status_code == 200 and "Xác nhận đăng ký" in html and "Thông cáo báo chí" in html
    assert not response.cookies and response["X-Robots-Tag"] == "noindex"
    subscription.refresh_from_db()
    assert not subscription.is_active
    response = client.post(confirm)
    assert response.status_code == 200 and "Đã xác nhận đăng ký" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active
    unsubscribe = services.unsubscribe_url(subscription).split("laichau.edu.vn", 1)[1]
    response = client.get(unsubscribe)
    assert response.status_code == 200 and "Hủy nhận tin" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active
    response = client.post(unsubscribe)
    assert "Đã hủy nhận tin" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert client.get("/nhan-tin/xac-nhan/khong-hop-le/").status_code == 400
    assert client.get("/nhan-tin/huy/khong-hop-le/").status_code == 404


@pytest.mark.django_db
def test_the_answer_is_the_same_for_known_and_unknown_addresses(client, press,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(SUBSCRIBE, form_data(client, email="a@example.org", documents="on"))
        second = client.post(SUBSCRIBE, form_data(client, email="a@example.org", documents="on"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 1  # one confirmation mail per address per 10 minutes


@pytest.mark.django_db
def test_honeypot_and_limits(client, press, settings):
    assert client.post(SUBSCRIBE, form_data(client, documents="on", website="x")).status_code == 400
    settings.ALERTS_SUBSCRIBE_LIMIT_PER_IP = 1
    assert client.post(SUBSCRIBE, form_data(client, email="b@example.org", documents="on")).status_code == 302
    response = client.post(SUBSCRIBE, form_data(client, email="c@example.org", documents="on"))
    assert response.status_code == 429
    assert Subscription.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("group,status,sees_addresses", [
    (roles.EDITORS, 200, False), (roles.ADMINISTRATORS, 200, True),
    (roles.CONTRIBUTORS, 403, False), (roles.INSPECTORS, 403, False), (roles.OPERATORS, 403, False),
])
def test_staff_see_counts_and_addresses_only_with_the_permission(client, make_staff, subscriber, press,
                                                                 group, status, sees_addresses):
    subscription = subscriber("bi-mat@example.org", sections=[press])
    client.force_login(make_staff(group))
    response = client.get("/admin/alerts/subscription/")
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Số người đang nhận theo danh sách" in html and "Thông cáo báo chí" in html
        assert ("bi-mat@example.org" in html) is sees_addresses
        detail = client.get(f"/admin/alerts/subscription/{subscription.pk}/change/").content.decode()
        assert ("bi-mat@example.org" in detail) is sees_addresses
        assert ("erase_selected" in html) is sees_addresses
        assert client.get("/admin/alerts/subscription/?q=bi-mat").status_code == 200


@pytest.mark.django_db
def test_erase_on_request_in_the_admin(client, make_staff, subscriber, press):
    subscriber("xoa-toi@example.org", sections=[press])
    keep = subscriber("giu@example.org", sections=[press])
    admin = make_staff(roles.ADMINISTRATORS)
    client.force_login(make_staff(roles.EDITORS))
    assert client.get("/admin/alerts/subscription/xoa-dia-chi/").status_code == 403
    client.force_login(admin)
    assert client.get("/admin/alerts/subscription/xoa-dia-chi/").status_code == 200
    response = client.post("/admin/alerts/subscription/xoa-dia-chi/", {"email": "xoa-toi@example.org"})
    assert response.status_code == 302
    assert list(Subscription.objects.all()) == [keep]
    response = client.post("/admin/alerts/subscription/", {
        "action": "erase_selected", "_selected_action": [keep.pk]})
    assert response.status_code == 302 and not Subscription.objects.exists()


@pytest.mark.django_db
def test_demo_subscriptions(exam_column):
    import io

    from alerts import demo

    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert Subscription.objects.confirmed().count() == 2
    assert all(s.email.endswith("@example.org") for s in Subscription.objects.all())
    assert Subscription.objects.filter(sections__slug="thong-cao-bao-chi").exists()


@pytest.mark.django_db
def test_editors_see_the_send_queue_without_addresses(client, make_staff, subscriber, press, publish):
    subscriber("an-danh@example.org", sections=[press])
    publish(title="Thông cáo số 1")
    services.send_pending()
    client.force_login(make_staff(roles.EDITORS))
    response = client.get("/admin/alerts/item/")
    html = response.content.decode()
    assert response.status_code == 200 and "Thông cáo số 1" in html
    assert "an-danh@example.org" not in html
    client.force_login(make_staff(roles.CONTRIBUTORS))
    assert client.get("/admin/alerts/item/").status_code == 403
