import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import formats, timezone


class DateForm(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField()


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True


def test_dd_mm_yyyy_is_parsed_day_first():
    form = DateForm(data={"day": "07/08/2021", "moment": "07/08/2021 07:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2021, 8, 7)
    moment = form.cleaned_data["moment"]
    assert moment == datetime.datetime(2021, 8, 7, 7, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_iso_date_from_date_inputs_still_parses():
    form = DateForm(data={"day": "2021-07-06", "moment": "2021-07-06T14:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2021, 7, 6)


def test_invalid_date_gets_vietnamese_message():
    form = DateForm(data={"day": "31/02/2021", "moment": "hôm qua"})
    assert not form.is_valid()
    assert "Nhập một ngày hợp lệ" in str(form.errors["day"])


def test_dates_show_as_dd_mm_yyyy():
    assert formats.date_format(datetime.date(2021, 7, 7)) == "07/07/2021"
    assert formats.date_format(datetime.date(2021, 8, 7), "SHORT_DATE_FORMAT") == "07/08/2021"
    moment = datetime.datetime(2021, 7, 7, 0, 30, tzinfo=datetime.UTC)
    local = timezone.localtime(moment)
    assert formats.date_format(local, "DATETIME_FORMAT") == "07/07/2021 07:30"


def test_admin_error_summary_is_vietnamese():
    from django.template import Context, Template

    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}Please correct the error below."
        "{% plural %}Please correct the errors below.{% endblocktranslate %}")
    for n in (1, 3):
        assert template.render(Context({"n": n})) == "Vui lòng sửa các lỗi bên dưới."
