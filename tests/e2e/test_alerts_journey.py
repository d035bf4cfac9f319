"""A journalist subscribes to press releases, confirms, receives the next press release once,
and unsubscribes with one click."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from alerts.models import Subscription
from news.models import Article, Section

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
EMAIL = "phongvien@example.org"


@pytest.fixture(autouse=True)
def _settings(settings, live_server):
    settings.ALERTS_MIN_FILL_SECONDS = 0
    settings.SITE_URL = live_server.url


def publish(slug, title):
    section = Section.objects.get(column__year=2021, slug=slug)
    when = timezone.now() - timedelta(seconds=30)
    return Article.objects.create(
        section=section, title=title, lead=f"{title}: sapo.", body="<p>Nội dung.</p>",
        status=Article.Status.PUBLISHED, publish_at=when, first_published_at=when)


def send_alerts():
    out = io.StringIO()
    call_command("send_alerts", stdout=out)
    return out.getvalue()


def mails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_journalist_subscribes_confirms_receives_once_and_unsubscribes(
        page, live_server, axe_check, screenshot):
    base = live_server.url
    page.goto(base + "/nhan-tin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhận tin qua thư điện tử")
    assert axe_check(page) == []
    page.get_by_label("Địa chỉ thư điện tử").fill(EMAIL)
    page.get_by_label("Thông cáo báo chí").check()
    page.get_by_label("Ngay khi có tin mới").check()
    screenshot(page, "alerts-subscribe")
    page.get_by_role("button", name="Đăng ký nhận tin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vui lòng kiểm tra hộp thư")

    # Nothing is sent before the confirmation, even if a press release comes out.
    publish("thong-cao-bao-chi", "Thông cáo báo chí trước khi xác nhận")
    send_alerts()
    confirmations = mails_to(EMAIL)
    assert len(confirmations) == 1 and "Xác nhận" in confirmations[0].subject
    link = re.search(r"(http://\S+/nhan-tin/xac-nhan/\S+/)", confirmations[0].body).group(1)
    page.goto(link)
    expect(page.get_by_text("Chuyên mục con “Thông cáo báo chí”")).to_be_visible()
    assert axe_check(page) == []
    page.get_by_role("button", name="Xác nhận đăng ký").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã xác nhận đăng ký")
    screenshot(page, "alerts-confirmed")
    assert Subscription.objects.get(email=EMAIL).is_active

    # The next press release arrives once, however many times the timer runs; other news not.
    release = publish("thong-cao-bao-chi", "Thông cáo báo chí về buổi thi Ngữ văn ngày 7/7")
    publish("ket-qua-thi", "Tin kết quả thi không thuộc danh sách đã chọn")
    send_alerts()
    send_alerts()
    alerts = mails_to(EMAIL)[1:]
    assert len(alerts) == 1
    alert = alerts[0]
    assert "Thông cáo báo chí về buổi thi Ngữ văn ngày 7/7" in alert.subject
    assert base + release.get_absolute_url() in alert.body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.match(r"<(.+)>", alert.extra_headers["List-Unsubscribe"]).group(1)
    assert unsubscribe in alert.body

    # The mail renders in a narrow mail client (a blank page: no site CSP applies to mail).
    reader = page.context.new_page()
    reader.set_viewport_size({"width": 320, "height": 640})
    reader.set_content(alert.alternatives[0][0])
    assert reader.evaluate("() => document.documentElement.scrollWidth") <= 320
    screenshot(reader, "alerts-mail-narrow")
    reader.close()

    # One click on the link in the mail.
    page.goto(unsubscribe)
    page.get_by_role("button", name="Hủy nhận tin").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã hủy nhận tin")
    assert axe_check(page) == []
    screenshot(page, "alerts-unsubscribed")
    publish("thong-cao-bao-chi", "Thông cáo báo chí sau khi hủy")
    send_alerts()
    assert len(mails_to(EMAIL)) == 2
    assert page.console_errors == []
