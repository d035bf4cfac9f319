"""With Redis down the question form neither fails open nor closed (issue 14, item 2): its
nonce lives in the database and its limit counts there."""

import pytest

from qa.models import Question
from tests.hotline.dead_redis import use_dead_redis

from .test_ask import ASK, TEXT, payload

pytestmark = pytest.mark.django_db


def test_questions_with_redis_down(client, settings):
    use_dead_redis(settings)
    settings.QA_ASK_LIMIT_PER_IP = 2
    data = payload(client)
    assert client.post(ASK, data).status_code == 302
    assert client.post(ASK, data).status_code == 302  # the same form again: counted once
    assert Question.objects.count() == 1
    assert client.post(ASK, payload(client, text=f"{TEXT} (2)")).status_code == 302
    response = client.post(ASK, payload(client, text=f"{TEXT} (3)"))
    assert response.status_code == 429 and "Vui lòng thử lại sau" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 3600
    assert Question.objects.count() == 2
