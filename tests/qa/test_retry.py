"""Issue 14, item 5: a question whose database connection dies before the commit is saved
again once on a fresh connection, in the same request, and counted once."""

import pytest

from examportal.models import UsedNonce
from qa import services
from qa.models import Question
from tests.hotline.connection_faults import Faults

from .test_ask import ASK, payload

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def faults(monkeypatch):
    return Faults(monkeypatch)


@pytest.mark.parametrize("fault", ["lose_connection", "terminate_backend"])
def test_a_question_is_saved_once_when_the_connection_dies(client, faults, fault):
    from django.db import connection

    if fault == "terminate_backend" and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    # The form's nonce is written; the question's statement finds the connection gone.
    faults.once(services, "ask_question", getattr(faults, fault))
    data = payload(client)
    response = client.post(ASK, data)
    assert faults.lost == 1
    assert response.status_code == 302 and response["Location"] == "/hoi-dap/dat-cau-hoi/da-gui/"
    assert Question.objects.count() == 1 and UsedNonce.objects.count() == 1
    assert client.post(ASK, data).status_code == 302  # sent again: still one
    assert Question.objects.count() == 1
