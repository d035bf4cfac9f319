"""The project's Vietnamese catalogue (locale/vi): compiled, and used by the admin."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def singular_entries():
    text = PO.read_text(encoding="utf-8")
    return re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', text, flags=re.M)


@pytest.mark.parametrize(("english", "vietnamese"), singular_entries())
def test_every_entry_is_compiled_into_the_mo(english, vietnamese):
    with translation.override("vi"):
        assert translation.gettext(english) == vietnamese


@pytest.mark.django_db
def test_admin_filters_say_show_counts_in_vietnamese(client, make_staff):
    from examportal.roles import EDITORS

    client.force_login(make_staff(EDITORS))
    html = client.get("/admin/news/article/").content.decode()
    assert "Hiện số lượng" in html and "Show counts" not in html
    assert "Skip to main content" not in html
