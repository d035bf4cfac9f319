import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "examportal.settings")

django_application = get_wsgi_application()

from examportal.pagecache import PageCacheApp  # noqa: E402 - needs the settings loaded
from examportal.startup import require_secret_key  # noqa: E402

require_secret_key()

# Page-cache hits for requests without cookies are answered before Django's handler
# (examportal.pagecache.PageCacheApp); everything else goes to Django unchanged.
application = PageCacheApp(django_application)
