from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from examportal.addresses import cached_reverse


def test_same_answer_as_reverse():
    assert cached_reverse("news:article-detail", slug="lich-thi") == reverse(
        "news:article-detail", kwargs={"slug": "lich-thi"})
    assert cached_reverse("documents:detail", pk=7, slug="chi-thi-08") == "/van-ban/7-chi-thi-08/"


def test_follows_the_script_prefix():
    cached_reverse("news:article-detail", slug="a")
    set_script_prefix("/cong-thi/")
    try:
        assert cached_reverse("news:article-detail", slug="a") == "/cong-thi/bai-viet/a/"
    finally:
        clear_script_prefix()
    assert cached_reverse("news:article-detail", slug="a") == "/bai-viet/a/"


def test_follows_the_urlconf(settings):
    settings.ROOT_URLCONF = "portal.urls"
    assert cached_reverse("home") == "/"
    settings.ROOT_URLCONF = "tests.examportal.empty_urls"
    try:
        cached_reverse("home")
    except NoReverseMatch:
        pass
    else:
        raise AssertionError("answered from the cache of another URLconf")
