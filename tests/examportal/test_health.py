from unittest import mock

import pytest
from django.db import OperationalError

from tests.faults.services import dead_port


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_503_when_database_does_not_answer(client):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute",
                    side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_healthz_200_with_the_cache_degraded_when_redis_does_not_answer(client, settings):
    """Redis down must not take every server out of the load balancer (issue 14, item 2)."""
    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "examportal.cache.SharedClientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{dead_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
    for _ in range(2):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "degraded"}
        assert "no-cache" in response["Cache-Control"]
