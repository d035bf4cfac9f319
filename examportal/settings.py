"""Settings for the exam portal, read from the environment (see README and .env.example)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file is a convenience for development; real deployments set the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# Required when DEBUG is off: the WSGI/ASGI entry points refuse to start without it
# (examportal.startup). Offline commands that never use it (makemigrations, collectstatic in a
# build step) still run; Django refuses any use of an empty key.
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "ckeditor",
    "ckeditor_uploader",
    "examportal",
    "examyears",
    "news",
    "documents",
    "hotline",
    "qa",
    "alerts",
    "exams",
    "results",
    "units",
    "support",
    # The pages made of several apps (home, site search, site maps) and the root URLconf.
    "portal",
]

MIDDLEWARE = [
    # First: a cached page already carries what the middlewares below added when it was made
    # (security headers, CSP, ETag), so a hit answers before any of them runs, and answers 304
    # itself when the client has the page (examportal.pagecache).
    "examportal.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "examportal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag/Last-Modified checks: a page answers 304 when the client has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "examportal.middleware.PublicCacheMiddleware",
    # Last, so its process_exception runs first: a database outage answers 503, not 500.
    "examportal.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "examportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "examportal.context_processors.portal",
                "news.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        # PostgreSQL's default random_page_cost (4.0) is for spinning disks: with it the
        # planner reads every article row to match a search instead of using the GIN index
        # (61 ms instead of 18 ms at 20,000 articles). 1.1 is the usual value for SSDs.
        "options": f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)}",
        # Server-side parameters, and each statement prepared (planned once per connection)
        # from its second use: planning was two thirds of PostgreSQL's work on an article page.
        # Behind a transaction-mode pooler (PgBouncer < 1.21) set DATABASE_PREPARE=0.
        "server_side_binding": True,
        "prepare_threshold": 2 if env.bool("DATABASE_PREPARE", default=True) else None,
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis shared by every app server when REDIS_URL is set ---------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Template fragments that depend only on settings and on the values in their cache key (site
# header, footer, feed links, an article's "newest in section"): kept in each process's memory,
# so reading one costs no network trip, and never stale, since the key holds what they show.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "examportal-fragments",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "examportal.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "examportal",
            "TIMEOUT": 300,
            # Redis is on the servers' own network: a healthy one answers in a millisecond. A
            # dead one costs at most this once per breaker window (examportal.cache), not per call.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        },
        "fragments": FRAGMENT_CACHE,
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "examportal",
            "TIMEOUT": 300,
        },
        "fragments": FRAGMENT_CACHE,
    }

# Anonymous pages kept in the shared cache at most this long (0 turns the page cache off);
# any content change drops them at once (examportal.pagecache).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0 if DEBUG else 300)
# Each app server process also keeps the pages it served lately, up to this many bytes, so a
# hit reads only the content version from Redis, not the page (examportal.pagecache.LocalPages).
PAGE_CACHE_LOCAL_BYTES = env.int("PAGE_CACHE_LOCAL_BYTES", default=32 * 2**20)

# The benchmark's framework floor (a minimal view through every middleware); off in production.
BENCH_FLOOR = env.bool("BENCH_FLOOR", default=False)

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# --- Language, time, formats ----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's own "vi" formats spell dates out and have no input formats; ours are dd/mm/yyyy.
FORMAT_MODULE_PATH = ["examportal.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media (media goes through STORAGES, so an object store can replace it) -------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# Requests larger than this are refused before a view runs (uploads stream to disk past 2.5 MB).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Email ----------------------------------------------------------------------------------
vars().update(
    {k: v for k, v in env.email_url("EMAIL_URL", default="consolemail://").items() if v is not None}
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sở GDĐT Lai Châu <noreply@laichau.edu.vn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# No HSTS preload: only the owner of the registrable domain (laichau.edu.vn, shared by every
# school's site) can decide that (check --deploy: security.W021, named in the README).
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "examportal.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy set by examportal.middleware.SecurityHeadersMiddleware.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-src 'self' https://www.youtube-nocookie.com "
    "https://www.youtube.com; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# CKEditor 4 and the Django admin style elements inline; only staff pages get this policy.
CONTENT_SECURITY_POLICY_STAFF = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)
STAFF_URL_PREFIXES = ("/admin/", "/ckeditor/")

# --- Rich text (django-ckeditor, behind examportal.richtext) ---------------------------------
# The CKEditor 4 warning is named in the README; show it where it matters (check --deploy with
# DEBUG off), not on every development command. models.W040: SQLite (development) builds
# news.Article's covering indexes without their INCLUDE columns, which only PostgreSQL has.
SILENCED_SYSTEM_CHECKS = ["models.W040", *(["ckeditor.W001"] if DEBUG else [])]
CKEDITOR_UPLOAD_PATH = "editor/"
CKEDITOR_IMAGE_BACKEND = "pillow"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
# news.editor_uploads replaces the package's upload and browse views: uploads go to their
# uploader's folder (editor/u<pk>/), a contributor browses that folder, an editor everything. The
# package's own rule (a folder per username, only superusers see all) is not used.
CKEDITOR_RESTRICT_BY_USER = False
CKEDITOR_BROWSE_SHOW_DIRS = False
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic", "Underline", "Strike", "Subscript", "Superscript"],
            ["NumberedList", "BulletedList", "Blockquote", "Table", "HorizontalRule"],
            ["Link", "Unlink", "Image"],
            ["Undo", "Redo", "RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        "height": 420,
        "width": "100%",
        "language": "vi",
        "removePlugins": "exportpdf",
        "versionCheck": False,
    }
}

# --- The portal's own facts ------------------------------------------------------------------
PORTAL = {
    "agency": "Sở Giáo dục và Đào tạo tỉnh Lai Châu",
    "agency_upper": "SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH LAI CHÂU",
    "parent_agency": "Ủy ban nhân dân tỉnh Lai Châu",
    "site_name": "Cổng thông tin Kỳ thi tốt nghiệp THPT",
    "address": "Khu Hành chính - Chính trị tỉnh, phường Tân Phong, thành phố Lai Châu, tỉnh Lai Châu",
    "phones": ["02133799569", "02133876961"],
    "email": "vp.sogddt@laichau.gov.vn",
    "website": "laichau.edu.vn",
    "responsible": "Giám đốc Sở Giáo dục và Đào tạo tỉnh Lai Châu",
}

# Each app's own settings (HOTLINE_*, QA_*, ALERTS_*, EXAMS_*, RESULTS_*) are read where they
# are used, from these settings or the environment (examportal.conf.AppSettings).

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Behind nginx (deploy/; README "Production") ------------------------------------------------
# Document files and hotline attachments are checked and counted by their views, then sent by
# nginx: the view answers with an X-Accel-Redirect to this internal prefix (nginx's internal
# locations, rendered by `manage.py nginx_config`). Empty: the views stream the file themselves
# (development, or no nginx in front).
X_ACCEL_REDIRECT_PREFIX = env.str("X_ACCEL_REDIRECT_PREFIX", default="")
# nginx terminates TLS and tells the app the request's scheme (X-Forwarded-Proto, set by nginx on
# every request). Trust it only when nobody but nginx can reach gunicorn (a unix socket).
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx's micro-cache lifetime for public pages (seconds; 0: nginx's own proxy_cache_valid
# decides). The page cache tells nginx the moment a copy expires (X-Accel-Expires), which keeps
# it at most this long; nginx alone counts whole seconds (a "1 s" copy lives up to 2 s).
NGINX_MICRO_CACHE_SECONDS = env.int("NGINX_MICRO_CACHE_SECONDS", default=0)
