"""One settings pattern for every app (examportal.conf.AppSettings)."""

import pytest

from examportal.conf import AppSettings

DEFAULTS = {"LIMIT": 10, "ON": False, "RATIO": 0.5, "EMAILS": [], "NAME": "a"}


def test_default_then_environment_then_settings(settings, monkeypatch):
    conf = AppSettings("DEMOAPP", DEFAULTS)
    assert [conf.get(k) for k in DEFAULTS] == [10, False, 0.5, [], "a"]
    monkeypatch.setenv("DEMOAPP_LIMIT", "25")
    monkeypatch.setenv("DEMOAPP_ON", "1")
    monkeypatch.setenv("DEMOAPP_RATIO", "0.25")
    monkeypatch.setenv("DEMOAPP_EMAILS", "a@x.vn| b@x.vn |")
    monkeypatch.setenv("DEMOAPP_NAME", "b")
    assert [conf.get(k) for k in DEFAULTS] == [25, True, 0.25, ["a@x.vn", "b@x.vn"], "b"]
    settings.DEMOAPP_LIMIT = 3
    assert conf.get("LIMIT") == 3


def test_unknown_name_is_a_programming_error():
    with pytest.raises(KeyError):
        AppSettings("DEMOAPP", DEFAULTS).get("NOPE")


@pytest.mark.parametrize("module, name, env, expected", [
    ("hotline.conf", "SUBMIT_LIMIT_PER_IP", "7", 7),
    ("qa.conf", "PAGE_SIZE", "15", 15),
    ("alerts.conf", "BATCH_SIZE", "40", 40),
    ("exams.conf", "REPORT_DEADLINE_MINUTES", "90", 90),
    ("results.ratelimit", "LOOKUPS_PER_MINUTE", "30", 30),
])
def test_every_app_reads_its_settings_the_same_way(monkeypatch, module, name, env, expected):
    from importlib import import_module

    conf = import_module(module)
    prefix = {"hotline.conf": "HOTLINE", "qa.conf": "QA", "alerts.conf": "ALERTS",
              "exams.conf": "EXAMS", "results.ratelimit": "RESULTS"}[module]
    monkeypatch.setenv(f"{prefix}_{name}", env)
    assert conf.get(name) == expected
