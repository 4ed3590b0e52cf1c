"""Settings for carbonplan: one module, every environment difference an env variable.

Defaults serve the embedded `make run` (SQLite, tasks in-process); production sets
DATABASE_URL, CELERY_BROKER_URL, REDIS/CACHE_URL, SECRET_KEY and DEBUG=False.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-dev-key-only-for-make-run-set-SECRET_KEY-in-production",
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # FORM_RENDERER = TemplatesSetting finds the form templates
    "django_filters",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "carbonplan.apps.SimpleHistoryConfig",  # simple_history, under a translated name
    "carbonplan.apps.AxesConfig",  # axes, likewise
    "accounts",
    "institutions",
    "initiatives",
    "platforms",
    "talent",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "carbonplan.middleware.LegacyBrowserMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "institutions.middleware.ActiveMembershipMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # axes last, as its documentation asks
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "carbonplan.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carbonplan.context_processors.portal",
                "reporting.context_processors.notifications",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "carbonplan.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# PostgreSQL connections serve the requests of a minute, checked before each reuse,
# rather than one per request (a new one cost a fifth of a loaded 2-core machine,
# issue 14); SQLite's cost nothing to open and stay per request. Behind PgBouncer in
# transaction mode set CONN_MAX_AGE=0 and DISABLE_SERVER_SIDE_CURSORS (README).
_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "CONN_MAX_AGE", default=60 if _POSTGRES else 0
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool(
    "CONN_HEALTH_CHECKS", default=_POSTGRES
)
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
    "DISABLE_SERVER_SIDE_CURSORS", default=False
)
# An optional read replica for the figures, dashboards and exports (read inside
# carbonplan.db_router.reading_from_replica only; writes always go to default).
# Tests point it at the test database itself (MIRROR).
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": DATABASES["default"]["CONN_HEALTH_CHECKS"],
        "DISABLE_SERVER_SIDE_CURSORS": DATABASES["default"][
            "DISABLE_SERVER_SIDE_CURSORS"
        ],
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["carbonplan.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env.str("CACHE_URL", default="locmemcache://")
CACHES = {
    "default": env.cache_url_config(CACHE_URL),
    # Each process's rendered parts of the catalogue (the form's field labels),
    # keyed by the catalogue's version (initiatives/rules.py) and the language: in
    # memory, as they are cheaper to render than to fetch from Redis.
    "catalogue": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "catalogue",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)

# Idle timeout: the session ends 30 minutes after the last request by the user.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Behind a reverse proxy the client address comes from X-Forwarded-For; without
# this every user would share the proxy's address and one lockout would hit all.
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list(
    "AXES_IPWARE_META_PRECEDENCE_ORDER",
    default=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files (evidence) live on local disk under MEDIA_ROOT, which no URL serves;
# with S3_BUCKET set they go to S3-compatible object storage (django-storages), private,
# read back only through the portal's download view.
S3_BUCKET = env.str("S3_BUCKET", default="")
DEFAULT_FILE_STORAGE_CONFIG = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID", default=""),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default=""),
            "location": env.str("S3_LOCATION", default=""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if S3_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_CONFIG,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# Evidence files (reporting/evidence/): the size cap holds while the upload streams;
# zips are judged by their central directory and never decompressed.
EVIDENCE_MAX_BYTES = int(env.float("EVIDENCE_MAX_MIB", default=20) * 1024 * 1024)
EVIDENCE_ZIP_MAX_ENTRIES = env.int("EVIDENCE_ZIP_MAX_ENTRIES", default=2000)
EVIDENCE_ZIP_MAX_UNCOMPRESSED = int(
    env.float("EVIDENCE_ZIP_MAX_UNCOMPRESSED_MIB", default=200) * 1024 * 1024
)
# Dotted path of a callable(fileobj, name) that raises EvidenceRejected; "" is off.
EVIDENCE_SCANNER = env.str("EVIDENCE_SCANNER", default="")
# Uploads above 2.5 MiB stream to a temporary file instead of memory; stored files
# are readable by the portal's own user only (nothing serves MEDIA_ROOT).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="carbonplan@localhost")

# Celery: with no broker configured, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
# Results are not needed by the portal (runs keep their own records); set for tools.
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", 3.0)

# The API (/api/v1/, carbonplan/api/): scripts send "Authorization: Token <key>"
# (knox, first so that a missing login answers 401), the browser its session.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api.authentication.MembershipTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "carbonplan.api.permissions.ReadOnlyTokenRefusesWrites",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "carbonplan.api.filters.FilterBackend",
        "carbonplan.api.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "carbonplan.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "carbonplan.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "carbonplan.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON in as out: a form body would read "0" or a missing nested field its own way
    # (and the schema would offer it); anything else is a 415.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": [
        "carbonplan.api.throttling.UserThrottle",
        "carbonplan.api.throttling.TokenThrottle",
    ],
    # Generous: a script walking a whole period's values by cursor needs a few dozen
    # requests. An empty value turns a throttle off (e.g. for a benchmark). Counted
    # in the cache: with several processes, CACHE_URL must be a shared one (Redis).
    "DEFAULT_THROTTLE_RATES": {
        "user": env.str("API_THROTTLE_USER", default="1200/minute") or None,
        "token": env.str("API_THROTTLE_TOKEN", default="600/minute") or None,
    },
}
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's own migrations create its token table even when KNOX_TOKEN_MODEL replaces
# it (their CreateModel lacks the swappable option): an unused table whose key to
# the users blocks PostgreSQL's TRUNCATE of them. Without migrations, the swapped
# model is never created.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": None,  # each token's expiry is chosen when it is made
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Carbon-neutrality plan portal API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Title and description in the caller's language (carbonplan/api/schema.py).
    "DEFAULT_GENERATOR_CLASS": "carbonplan.api.schema.SchemaGenerator",
    # Swagger UI and Redoc from the portal's own static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReportStateEnum": "reporting.models.Report.State",
        "PeriodStateEnum": "reporting.models.ReportingPeriod.State",
    },
}

# Production hardening: on whenever DEBUG is off, each switchable for a deployer.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

# Seed data shows this banner in every page while true.
DEMO_MODE = env.bool("DEMO_MODE", default=DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own loggers print through the root handler only, not twice.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}

# The China view's optional boundary map, supplied by the ministry: a GeoJSON or
# ECharts map file and its map approval number (shentu hao), shown under the map. Both
# or neither: without an approval number only the tile-grid cartogram is shown.
CHINA_MAP_FILE = env.str("CHINA_MAP_FILE", default="")
CHINA_MAP_APPROVAL = env.str("CHINA_MAP_APPROVAL", default="")
# The feature property of that file holding each province's GB/T 2260 code (110000
# or 11): regions are joined to the figures on it, never on names.
CHINA_MAP_CODE_PROPERTY = env.str("CHINA_MAP_CODE_PROPERTY", default="adcode")

# A rendered dashboard is kept at most this long (reporting/dashboards/cache.py); its
# key follows every change of figures, reports, targets and participants, so this
# bounds only how long a rare admin edit of a name or of the catalogue takes to show.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=300)
