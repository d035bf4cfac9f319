import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examportal.settings")

django_application = get_wsgi_application()

from examportal import registry  # noqa: E402 - needs the settings loaded
from examportal.pagecache import PageCacheApp  # noqa: E402
from examportal.startup import require_secret_key  # noqa: E402

require_secret_key()


def wrapped(django_app):
    """Page-cache hits for requests without cookies are answered before Django's handler
    (examportal.pagecache.PageCacheApp), and before that the apps' own fast paths
    (``wsgi_fast_paths``, the first in INSTALLED_APPS outermost); everything else goes to
    Django unchanged."""
    app = PageCacheApp(django_app)
    for fast_path in reversed(registry.contributions("wsgi_fast_paths")):
        app = fast_path(app)
    return app


application = wrapped(django_application)
