import datetime

import pytest
from django.utils import timezone

from alerts.models import Frequency, Subscription
from news.models import Article, Section


@pytest.fixture(autouse=True)
def _fast_forms(settings):
    settings.ALERTS_MIN_FILL_SECONDS = 0
    settings.SITE_URL = "https://thithpt.laichau.edu.vn"


@pytest.fixture
def press(exam_column):
    return Section.objects.get(column=exam_column, slug="thong-cao-bao-chi")


@pytest.fixture
def results(exam_column):
    return Section.objects.get(column=exam_column, slug="ket-qua-thi")


@pytest.fixture
def publish(press):
    """Create a published article (public now unless ``publish_at`` says otherwise)."""
    counter = {"n": 0}

    def make(section=None, title=None, publish_at=None, **fields):
        counter["n"] += 1
        when = publish_at or timezone.now() - datetime.timedelta(minutes=1)
        return Article.objects.create(
            section=section or press, title=title or f"Thông cáo báo chí số {counter['n']}",
            lead="Sở GDĐT thông tin về Kỳ thi.", body="<p>Nội dung.</p>",
            status=Article.Status.PUBLISHED, publish_at=when, first_published_at=when, **fields)

    return make


@pytest.fixture
def subscriber(db):
    """A confirmed subscription: subscriber("a@example.org", sections=[press], ...)."""

    def make(email, sections=(), whole_column=False, documents=False, frequency=Frequency.IMMEDIATE):
        subscription = Subscription.objects.create(
            email=email, whole_column=whole_column, documents=documents, frequency=frequency,
            confirmed_at=timezone.now())
        subscription.sections.set(sections)
        return subscription

    return make
