from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The pages that put several apps together: home, site search, the site maps and robots.txt,
    and the root URLconf. Everything it shows from other apps comes either from their own
    functions (home) or from what they declare in ``contributes`` (examportal.registry)."""

    name = "portal"
    verbose_name = "Trang chung của cổng"
