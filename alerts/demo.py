"""Two confirmed sample subscriptions (example.org addresses) for ``seed_demo``. Idempotent.

Demo articles are dated 2021, longer ago than ALERTS_MAX_AGE_HOURS, so send_alerts mails none of
them; publishing a new article in the admin shows the whole path (see the console mail backend).
"""

from django.utils import timezone

from .models import Frequency, Subscription

DEMO = [
    ("phongvien.mau@example.org", {"sections": ["thong-cao-bao-chi"]}, Frequency.IMMEDIATE),
    ("phuhuynh.mau@example.org", {"whole_column": True, "documents": True}, Frequency.DAILY),
]


def seed(stdout):
    from news.models import Column

    column = Column.objects.filter(year=2021).first()
    created = 0
    for email, lists, frequency in DEMO:
        if Subscription.objects.filter(email=email).exists():
            continue
        subscription = Subscription.objects.create(
            email=email, whole_column=lists.get("whole_column", False),
            documents=lists.get("documents", False), frequency=frequency,
            confirmed_at=timezone.now(),
        )
        if column and lists.get("sections"):
            subscription.sections.set(column.sections.filter(slug__in=lists["sections"]))
        created += 1
    stdout.write(f"Nhận tin: {created} đăng ký mẫu mới (địa chỉ example.org).")
