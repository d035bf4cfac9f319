from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from hotline.models import Report


@pytest.mark.django_db(transaction=True)
def test_demo_seed_is_idempotent_and_mails_nobody(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    count = Report.objects.count()
    assert count >= 4
    assert "DDN-2021-000001" in out.getvalue()
    assert mail.outbox == []
    call_command("seed_demo", stdout=StringIO())
    assert Report.objects.count() == count
