"""With Redis down the subscribe form neither fails open nor closed (issue 14, item 2)."""

import pytest

from alerts.models import Subscription
from tests.hotline.dead_redis import use_dead_redis

from .test_views import SUBSCRIBE, form_data

pytestmark = pytest.mark.django_db


def test_subscriptions_with_redis_down(client, settings, press):
    use_dead_redis(settings)
    settings.ALERTS_SUBSCRIBE_LIMIT_PER_IP = 2
    data = form_data(client, email="b@example.org", documents="on")
    assert client.post(SUBSCRIBE, data).status_code == 302
    assert client.post(SUBSCRIBE, data).status_code == 302  # the same form again
    assert Subscription.objects.count() == 1
    assert client.post(SUBSCRIBE, form_data(client, email="c@example.org", documents="on")).status_code == 302
    response = client.post(SUBSCRIBE, form_data(client, email="d@example.org", documents="on"))
    assert response.status_code == 429 and "Vui lòng thử lại sau" in response.content.decode()
    assert Subscription.objects.count() == 2
