import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from alerts import services
from alerts.models import Delivery, Frequency, Item, Subscription
from examportal.services import ServiceError
from news.models import Article


def send_twice():
    call_command("send_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("send_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115


def outbox_to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.django_db
def test_publish_then_send_twice_mails_each_subscriber_once(publish, subscriber, press, results):
    journalist = subscriber("pv@example.org", sections=[press])
    parent = subscriber("ph@example.org", whole_column=True)
    other = subscriber("kq@example.org", sections=[results])
    both = subscriber("ca-hai@example.org", sections=[press], whole_column=True)
    article = publish(title="Thông cáo báo chí về buổi thi thứ nhất")
    send_twice()
    assert len(outbox_to(journalist.email)) == 1
    assert len(outbox_to(parent.email)) == 1
    assert len(outbox_to(both.email)) == 1
    assert outbox_to(other.email) == []
    assert len(mail.outbox) == 3
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3
    # Saving the article again queues nothing new.
    article.lead = "Sửa sapo."
    article.save()
    send_twice()
    assert len(mail.outbox) == 3 and Item.objects.count() == 1


@pytest.mark.django_db
def test_mail_is_vietnamese_with_text_part_and_one_click_unsubscribe(publish, subscriber, press, client):
    subscription = subscriber("pv@example.org", sections=[press])
    article = publish(title="Thông cáo báo chí: Kỳ thi diễn ra an toàn")
    services.send_pending()
    message = mail.outbox[0]
    assert "Thông cáo báo chí: Kỳ thi diễn ra an toàn" in message.subject
    assert "Tin mới" in message.body and "Hủy nhận tin" in message.body
    assert f"https://thithpt.laichau.edu.vn{article.get_absolute_url()}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'max-width:560px' in html and 'lang="vi"' in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.match(r"<(https://thithpt\.laichau\.edu\.vn/nhan-tin/huy/[^>]+)>",
                   message.extra_headers["List-Unsubscribe"]).group(1)
    assert url in message.body and url in html
    # The mail client's RFC 8058 one-click POST, without any cookie or CSRF token.
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(url.split("laichau.edu.vn", 1)[1], {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and not response.cookies
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    publish(title="Thông cáo tiếp theo")
    services.send_pending()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_nothing_before_confirmation(publish, press, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscription = services.subscribe("Moi@Example.org", sections=[press])
    assert subscription.email == "moi@example.org" and not subscription.is_active
    assert len(mail.outbox) == 1 and "Xác nhận" in mail.outbox[0].subject
    assert "Thông cáo báo chí" in mail.outbox[0].body
    publish()
    services.send_pending()
    assert len(mail.outbox) == 1
    token = re.search(r"/nhan-tin/xac-nhan/([^/]+)/", mail.outbox[0].body).group(1)
    services.confirm_subscription(token)
    publish(title="Sau khi xác nhận")
    services.send_pending()
    assert len(mail.outbox) == 2 and "Sau khi xác nhận" in mail.outbox[1].subject


@pytest.mark.django_db
def test_confirmation_mails_are_throttled_and_choices_of_active_addresses_wait(
        press, results, subscriber, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.subscribe("a@example.org", sections=[press])
        services.subscribe("a@example.org", sections=[results])
    assert len(mail.outbox) == 1
    active = subscriber("b@example.org", sections=[press])
    with django_capture_on_commit_callbacks(execute=True):
        services.subscribe("b@example.org", documents=True, frequency=Frequency.DAILY)
    active.refresh_from_db()
    assert list(active.sections.all()) == [press] and not active.documents
    assert active.pending_choices["documents"] is True
    token = re.search(r"/nhan-tin/xac-nhan/([^/]+)/", mail.outbox[-1].body).group(1)
    services.confirm_subscription(token)
    active.refresh_from_db()
    assert active.documents and active.frequency == Frequency.DAILY and not active.sections.exists()
    with pytest.raises(ServiceError, match="ít nhất một"):
        services.subscribe("c@example.org")


@pytest.mark.django_db
def test_bad_and_expired_tokens(press, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        subscription = services.subscribe("a@example.org", sections=[press])
    token = services.make_token(subscription, services.CONFIRM_SALT)
    with pytest.raises(ServiceError):
        services.confirm_subscription(token + "x")
    with pytest.raises(ServiceError):  # an unsubscribe token does not confirm
        services.confirm_subscription(services.make_token(subscription, services.UNSUBSCRIBE_SALT))
    settings.ALERTS_CONFIRM_MAX_AGE_SECONDS = -1
    with pytest.raises(ServiceError, match="hết hạn"):
        services.confirm_subscription(token)


@pytest.mark.django_db
def test_scheduled_article_mails_when_it_becomes_public(publish, subscriber, press):
    subscriber("pv@example.org", sections=[press])
    article = publish(publish_at=timezone.now() + datetime.timedelta(hours=2))
    services.send_pending()
    assert mail.outbox == [] and Item.objects.get().fanned_out_at is None
    # Time passes: the article is public now.
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=5))
    services.send_pending()
    services.send_pending()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_old_and_withdrawn_content_is_not_mailed(publish, subscriber, press):
    subscriber("pv@example.org", sections=[press])
    publish(title="Tin cũ", publish_at=timezone.now() - datetime.timedelta(days=30))
    article = publish(title="Tin bị gỡ")
    services.fan_out()
    Article.objects.filter(pk=article.pk).update(status=Article.Status.WITHDRAWN)
    stats = services.send_pending()
    assert mail.outbox == [] and stats["skipped"] == 1
    assert Item.objects.get(article__title="Tin cũ").skipped_reason


@pytest.mark.django_db
def test_failed_mail_is_retried_with_backoff(publish, subscriber, press, settings):
    subscriber("pv@example.org", sections=[press])
    publish()
    settings.EMAIL_BACKEND = "tests.alerts.failing_backend.EmailBackend"
    stats = services.send_pending()
    assert stats["failed"] == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(minutes=4)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_pending()["sent"] == 0  # not due yet
    later = timezone.now() + datetime.timedelta(minutes=6)
    assert services.send_pending(now=later)["sent"] == 1
    assert services.send_pending(now=later)["sent"] == 0
    assert len(mail.outbox) == 1
    # After MAX_ATTEMPTS the delivery is given up.
    settings.EMAIL_BACKEND = "tests.alerts.failing_backend.EmailBackend"
    settings.ALERTS_MAX_ATTEMPTS = 1
    publish(title="Thông cáo khác")
    services.send_pending(now=later)
    assert Delivery.objects.filter(status=Delivery.Status.FAILED).count() == 1


@pytest.mark.django_db
def test_batches_and_claims(publish, subscriber, press):
    for n in range(7):
        subscriber(f"pv{n}@example.org", sections=[press])
    publish()
    stats = services.send_pending(batch_size=3)
    assert stats["sent"] == 7 and len(mail.outbox) == 7
    assert len({m.to[0] for m in mail.outbox}) == 7
    # A delivery claimed by one sender cannot be claimed by another.
    publish(title="Thông cáo 2")
    services.fan_out()
    ids = list(Delivery.objects.filter(status=Delivery.Status.PENDING).values_list("pk", flat=True))
    assert len(list(services._claim(ids, timezone.now()))) == 7
    assert list(services._claim(ids, timezone.now())) == []


@pytest.mark.django_db
def test_daily_digest(publish, subscriber, press):
    daily = subscriber("daily@example.org", whole_column=True, frequency=Frequency.DAILY)
    publish(title="Thông cáo sáng")
    publish(title="Thông cáo chiều")
    services.send_pending()
    assert mail.outbox == []
    stats = services.send_digests()
    assert stats["sent"] == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "(2)" in message.subject and "Thông cáo sáng" in message.body and "Thông cáo chiều" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert services.send_digests()["sent"] == 0
    daily.refresh_from_db()
    assert daily.last_digest_at is not None


@pytest.mark.django_db
def test_new_documents_list(subscriber):
    from documents.models import Document, DocumentType, Issuer

    subscriber("vb@example.org", documents=True)
    subscriber("tin@example.org", whole_column=True)
    issuer = Issuer.objects.create(name="UBND tỉnh Lai Châu")
    document = Document.objects.create(
        number="08/CT-UBND", document_type=DocumentType.DIRECTIVE, issuer=issuer,
        issue_date=datetime.date(2021, 5, 12), excerpt="Về việc tăng cường chỉ đạo tổ chức Kỳ thi",
        exam_year=2021)
    services.send_pending()
    assert mail.outbox == []  # not published yet
    document.is_published = True
    document.save()
    services.send_pending()
    services.send_pending()
    assert [m.to for m in mail.outbox] == [["vb@example.org"]]
    assert "08/CT-UBND" in mail.outbox[0].subject


@pytest.mark.django_db
def test_erase_subscriber(publish, subscriber, press):
    subscription = subscriber("xoa@example.org", sections=[press])
    publish()
    services.send_pending()
    token = services.make_token(subscription, services.UNSUBSCRIBE_SALT)
    assert services.erase_subscriber("XOA@example.org ") is True
    assert not Subscription.objects.exists() and not Delivery.objects.exists()
    assert services.unsubscribe(token) is None
    assert services.erase_subscriber("xoa@example.org") is False


@pytest.mark.django_db
def test_list_counts_show_numbers_only(subscriber, press):
    subscriber("a@example.org", sections=[press])
    subscriber("b@example.org", sections=[press], frequency=Frequency.DAILY)
    subscriber("c@example.org", documents=True)
    Subscription.objects.create(email="cho@example.org", documents=True)
    rows, pending = services.list_counts()
    table = {label: (immediate, daily, total) for label, immediate, daily, total in rows}
    assert table["Chuyên mục con: Thông cáo báo chí"] == (1, 1, 2)
    assert table["Văn bản mới"] == (1, 0, 1)
    assert table["Tổng số địa chỉ đang nhận"] == (2, 1, 3)
    assert pending == 1
    assert "@" not in str(rows)


@pytest.mark.django_db
def test_unreachable_mail_server_keeps_the_batch_for_later(publish, subscriber, press, settings):
    for n in range(3):
        subscriber(f"pv{n}@example.org", sections=[press])
    publish()
    settings.EMAIL_BACKEND = "tests.alerts.failing_backend.UnreachableBackend"
    stats = services.send_pending()
    assert stats["failed"] == 3 and stats["sent"] == 0
    assert set(Delivery.objects.values_list("status", "attempts")) == {(Delivery.Status.PENDING, 1)}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.send_pending(now=timezone.now() + datetime.timedelta(hours=1))["sent"] == 3


@pytest.mark.django_db
def test_scheduled_backlog_does_not_block_what_is_public(publish, subscriber, press, settings):
    subscriber("pv@example.org", sections=[press])
    future = timezone.now() + datetime.timedelta(days=1)
    for n in range(600):
        publish(title=f"Hẹn giờ {n}", publish_at=future)  # queued by the signal
    assert Item.objects.count() == 600
    publish(title="Đã công khai")
    services.send_pending()
    assert [m.subject.split(" — ")[0] for m in mail.outbox] == ["Đã công khai"]
