"""Settings shared by every environment.

Everything that differs between a laptop and production comes from environment variables,
and every default here is the safe one: DEBUG is off, cookies are HttpOnly, no host is allowed
unless named. dev.py and test.py relax what they must; production.py only tightens transport.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from school.content_security_policy import DIRECTIVES
from school.error_reporting import error_reporting_start

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_SITE_NAME = "DX経営スクール"

# Open Badges 3.0 credentials (docs/credentials.md). The Ed25519 signing key, PKCS#8 PEM, as
# text or as a file; never in the repository. The issuer is did:web of SITE_URL unless named.
CREDENTIALS_SIGNING_KEY = env("CREDENTIALS_SIGNING_KEY", "")
CREDENTIALS_SIGNING_KEY_FILE = env("CREDENTIALS_SIGNING_KEY_FILE", "")
CREDENTIALS_ISSUER_DID = env("CREDENTIALS_ISSUER_DID", "")
CREDENTIALS_ISSUER_NAME_JA = env("CREDENTIALS_ISSUER_NAME_JA", WAGTAIL_SITE_NAME)
CREDENTIALS_ISSUER_NAME_EN = env("CREDENTIALS_ISSUER_NAME_EN", "DX Executive School")

INSTALLED_APPS = [
    "school.apps.SchoolConfig",
    "cms.apps.CmsConfig",
    "cohorts.apps.CohortsConfig",
    "workshops.apps.WorkshopsConfig",
    "certificates.apps.CertificatesConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.embeds",
    "wagtail.sites",
    "school.apps.SchoolUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "auditlog",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First: every log line of the request, from any middleware on, carries its id.
    "school.request_logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Every answer gets the Content-Security-Policy (school/content_security_policy.py).
    "school.content_security_policy.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "school.locale_middleware.LocaleMiddleware",
    # After the language is known, before any view work: see school/public_page_cache.py.
    "school.public_page_cache.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sets the actor (and address) of every audit entry written during the request.
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes must come last: it turns a lockout raised during authenticate() into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "school.urls"
WSGI_APPLICATION = "school.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "school.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://user:pass@host:5432/dxschool; the embedded default is SQLite.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default used as a server uses it: readers never wait for the writer (WAL),
    # a writer waits up to 20 s for another instead of failing at once ("database is locked"),
    # and a transaction takes the write lock when it begins (IMMEDIATE), so two transactions
    # that read and then write cannot deadlock, which SQLite resolves by failing one of them
    # without waiting. synchronous=NORMAL is durable in WAL mode except for the last commits on
    # power loss. https://www.sqlite.org/wal.html, https://www.sqlite.org/lang_transaction.html,
    # https://docs.djangoproject.com/en/5.2/ref/databases/#sqlite-transaction-behavior
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(env("SQLITE_BUSY_TIMEOUT_SECONDS", "20")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down: a cache that holds nothing, not a site that answers 500 (see the module).
            "BACKEND": "school.outage_tolerant_cache.OutageTolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "dxschool",
            # An unreachable Redis costs each request a short wait, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous visitors' public pages (home, programme, news, verification) are kept this long.
PUBLIC_PAGE_CACHE_SECONDS = int(env("PUBLIC_PAGE_CACHE_SECONDS", "60"))
# Certificate verification lookups one address may make in ten minutes, found or not
# (certificates/lookup_throttling.py).
CERTIFICATE_LOOKUP_LIMIT = int(env("CERTIFICATE_LOOKUP_LIMIT", "30"))

# --- Celery ---------------------------------------------------------------------------------
# Without a broker the tasks run in the calling process, so one machine needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# With Redis, a task a killed worker held unacknowledged goes back to the queue once it has been
# out this long: far longer than a task takes (the longest, a workshop's ZIP of plan PDFs, renders
# one PDF per participant), short enough that a cohort's certificates do not wait for the Redis
# transport's default of an hour.
# Every worker looks for such tasks every 10 s. A task still running when the time is up is
# delivered once more, which every task here is written to survive.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "900")),
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = "Asia/Tokyo"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "school.tasks.clear_expired_sessions",
        "schedule": timedelta(hours=24),
    },
    # The outbox sweep: sends e-mails whose task never ran (broker down, worker killed).
    "send-pending-emails": {
        "task": "school.tasks.send_pending_emails",
        "schedule": timedelta(minutes=1),
    },
    # Deadline reminders 72 h and 24 h before; each is recorded, so a sweep that runs twice
    # (or two beats) sends nothing twice.
    "send-deadline-reminders": {
        "task": "workshops.tasks.send_deadline_reminders",
        "schedule": timedelta(minutes=15),
    },
    # People invited to a cohort starting within a week who have not set a password yet are
    # reminded once (the outbox key decides), with a fresh link.
    "send-invitation-reminders": {
        "task": "cohorts.tasks.send_invitation_reminders",
        "schedule": timedelta(hours=1),
    },
    # Alumni check-ins: a daily sweep asks each alumnus once per fiscal year (the check-in row
    # and the person's lock decide), so the first run of April, or the day after a cohort
    # ends, sends the requests and every later run sends nothing.
    "request-check-ins": {
        "task": "workshops.tasks.request_check_ins",
        "schedule": timedelta(hours=24),
    },
}

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "school.User"
AUTHENTICATION_BACKENDS = [
    # The address limit, then Axes, so that a throttled address or a locked-out account is
    # refused before the password is even checked.
    "school.login_throttling.AddressThrottleBackend",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "school:login"
LOGIN_REDIRECT_URL = "school:dashboard"
LOGOUT_REDIRECT_URL = "school:login"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
INVITATION_VALID_DAYS = int(env("INVITATION_VALID_DAYS", "14"))

# Log-in throttling (school/login_throttling.py): the sixth wrong password in a row for one
# account from one address locks that account's log-in from that address, on every path that
# authenticates (the site and the Wagtail admin alike). An address is also limited across all
# accounts. A cohort sits in one seminar room behind one NAT address: a few typos there lock
# only the account they were typed for, and only from that room.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "6"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_ADDRESS_FAILURE_LIMIT = int(env("LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
PASSWORD_RESET_ADDRESS_LIMIT = int(env("PASSWORD_RESET_ADDRESS_LIMIT", "10"))
PASSWORD_RESET_ACCOUNT_LIMIT = int(env("PASSWORD_RESET_ACCOUNT_LIMIT", "3"))
# One way to reset a password (the site's, throttled, with links built on SITE_URL): the Wagtail
# admin's own reset form is switched off and its log-in page links to ours.
WAGTAIL_PASSWORD_RESET_ENABLED = False
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "school.login_throttling.lockout_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_IPWARE_PROXY_COUNT = int(env("PROXY_COUNT", "0")) or None
AXES_VERBOSE = False

# Sessions are read on every signed-in request: from the cache (Redis in production), written
# through to the database, so a cache flush or restart logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
CSRF_COOKIE_HTTPONLY = True
# JSON for the editor's autosave, the site's own page (with a way back) for forms.
CSRF_FAILURE_VIEW = "school.expired_sign_in.csrf_failure"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {"DIRECTIVES": DIRECTIVES}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
# The project's own catalogue first (makemessages writes there), then Japanese for the Wagtail
# admin strings Wagtail's catalogue lacks: LOCALE_PATHS come before the installed apps'
# catalogues, so they fill the gaps without patching the package (docs/back-office.md).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_wagtail"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
# One date style per language, for the whole site (school/formats/).
FORMAT_MODULE_PATH = ["school.formats"]
LANGUAGE_COOKIE_NAME = "dxschool_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Plan attachments and images: outside MEDIA_ROOT, so no web server or DEBUG media route can hand
# them out; only the views that check who asks read them.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))
# The longest (wall clock) a plan version's PDF may take to render
# (school.pdf_rendering.render_pdf_within). The largest plan the limits allow takes about 4 CPU s,
# but up to 23 s on a busy 2-core machine (bench/README.md); a million characters took 139 s.
PDF_RENDER_TIME_LIMIT_SECONDS = float(env("PDF_RENDER_TIME_LIMIT_SECONDS", "60"))

MEDIA_STORAGE = env("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "local":
    media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")

STORAGES = {
    "default": media_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------------
# EMAIL_URL-style settings are split into plain variables so each can be set on its own.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "DX経営スクール <no-reply@dx-school.example>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Forms ----------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Wagtail --------------------------------------------------------------------------------
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # documents go through Django, so access can be checked
# Originals and renditions are stored privately and served by cms.image_views, which applies
# the module pages' readership to the images they show (cms/images.py).
WAGTAILIMAGES_IMAGE_MODEL = "cms.SchoolImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "pptx", "docx", "xlsx", "csv", "txt", "zip"]
# Nothing is shown inline in the browser: a document is always a download, so an uploaded file
# can never run as a page on the school's origin.
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# No SVG: an SVG is a document that can carry script, and images are served from the site itself.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Pages exist in Japanese (the default locale) and English; each language has its own page tree
# under /ja/ and /en/, linked by translation keys.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Approving the last step of the course review publishes the page: reviewers hold no publish
# permission of their own (see cms/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.workflows.publish_reviewed_page"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ja", "日本語"), ("en", "English")]
# The admin shows Wagtail's own default avatar rather than asking gravatar.com for one: that
# would send a hash of every staff member's e-mail address to a third party on each page.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = True

# --- Logging --------------------------------------------------------------------------------
# One JSON object per line on standard output, where a process manager or container runtime
# collects it (The Twelve-Factor App, XI. Logs); LOG_FORMAT=plain for a person reading a terminal.
# Each line of a request carries its request_id, user_id and route (school/request_logging.py).
LOG_FORMAT = env("LOG_FORMAT", "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'plain'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "school.request_logging.RequestContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO; its warnings (a refused URL) stay.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pikepdf says at start-up that its C++ logger is bridged: noise on every command's output.
        "pikepdf": {"level": "WARNING"},
        # One line per request from school.requests says the same, with the request's id.
        "django.server": {"level": "WARNING"},
    },
}

# --- Error reporting ------------------------------------------------------------------------
# Off unless SENTRY_DSN is set (school/error_reporting.py says what is, and is not, sent).
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    error_reporting_start(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production") or "production",
        release=env("SENTRY_RELEASE"),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
    )
# --- Audit trail (django-auditlog: https://django-auditlog.readthedocs.io/) ----------------
# Who changed enrolments, attendance, extensions, grades and releases, certificates, roles and
# cohort settings, from what to what. The models are registered in school/audit.py; reads of
# another person's plan, version PDF or attachment are written there too. See docs/personal-data.md.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "cohorts.enrolment",
    "cohorts.attendance",
    "cohorts.cohort",
    "cohorts.teachingassignment",
    "workshops.extension",
    "workshops.assessment",
    # The names frozen on a certificate stay out of the trail: it records what changed about
    # the certificate (status, version, revocation), and an erasure then has fewer copies to find.
    {
        "model": "certificates.certificate",
        "exclude_fields": [
            "last_name",
            "first_name",
            "last_name_kana",
            "first_name_kana",
            "last_name_roman",
            "first_name_roman",
        ],
    },
    # Roles: the groups a person belongs to and the admin flags, nothing else of the account.
    {
        "model": "school.user",
        "include_fields": ["is_active", "is_staff", "is_superuser"],
        "m2m_fields": ["groups"],
    },
)

# Each answer's wall and CPU milliseconds in a Server-Timing header (school/request_logging.py):
# for the load benchmark (bench/load.py), off in production by default.
SERVER_TIMING = env_bool("SERVER_TIMING", False)
