"""Settings, read from environment variables.

Two modes, chosen by SERVICE_MODE:
- ``embedded`` (the default): SQLite, a Celery broker on the local file system, emails written
  to files, all under ``var/``. What ``make run`` and ``make test`` use; binds to localhost.
- ``production``: everything comes from the environment (see README and docker-compose.yml)
  and the settings refuse to start without SECRET_KEY, DATABASE_URL and CELERY_BROKER_URL.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(BASE_DIR / ".env")

SERVICE_MODE = env("SERVICE_MODE", default="embedded")
if SERVICE_MODE not in {"embedded", "production"}:
    raise ImproperlyConfigured("SERVICE_MODE must be 'embedded' or 'production'")
EMBEDDED = SERVICE_MODE == "embedded"

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
if EMBEDDED:
    VAR_DIR.mkdir(parents=True, exist_ok=True)


def _required(name: str):
    """In production a missing setting stops start-up; in embedded mode it has a local default."""
    if name not in env.ENVIRON:
        raise ImproperlyConfigured(f"{name} must be set when SERVICE_MODE=production")


if not EMBEDDED:
    for _name in ("SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "ALLOWED_HOSTS", "EMAIL_URL",
                  "SITE_URL"):
        _required(_name)

SECRET_KEY = env("SECRET_KEY", default="django-insecure-embedded-demo-only-never-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# Host names that only reach this machine (testserver: Django's test client).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})
if "SERVICE_MODE" not in env.ENVIRON and set(ALLOWED_HOSTS) - LOOPBACK_HOSTS:
    # Never fall back to the embedded demo (no two-factor sign-in, insecure cookies, emails
    # to files) on a service that answers to a real host name.
    raise ImproperlyConfigured(
        "SERVICE_MODE must be set when ALLOWED_HOSTS names a host other than this machine "
        "(SERVICE_MODE=production for a real service)")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SERVICE_PHASE = env("SERVICE_PHASE", default="Beta")
# The address people use to reach the service, for links in emails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
PARTNERSHIP_NAME = env("PARTNERSHIP_NAME", default="Northmoor Safeguarding Children Partnership")
# How the public reaches the partnership's business unit: the public referral's confirmation.
PARTNERSHIP_CONTACT_PHONE = env("PARTNERSHIP_CONTACT_PHONE", default="01632 960 123")
PARTNERSHIP_CONTACT_EMAIL = env("PARTNERSHIP_CONTACT_EMAIL",
                                default="safeguarding.partnership@northmoor.example.org")
PARTNERSHIP_CONTACT_HOURS = env("PARTNERSHIP_CONTACT_HOURS",
                                default="Monday to Friday, 9am to 5pm (not bank holidays)")

INSTALLED_APPS = [
    "safeguarding.apps.SafeguardingConfig",
    "cases.apps.CasesConfig",
    "reviews.apps.ReviewsConfig",
    "forms.apps.CaseFormsConfig",
    "deadlines.apps.DeadlinesConfig",
    "oversight.apps.OversightConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "rules",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Passkeys and security keys (WebAuthn) as a second factor: safeguarding/passkeys.py.
    "django_otp_webauthn",
    # Last: the demo partnership and sample cases, which may use every app above.
    "demo.apps.DemoConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early: a body larger than any upload is refused before it is read (413).
    "safeguarding.request_size.LimitRequestSize",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # No page, file or PDF kept by a browser or proxy (static files keep their caching).
    "safeguarding.caching.NoStore",
    "django_otp.middleware.OTPMiddleware",
    # Need-to-know: every page asks for a signed-in user unless it is marked public.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the password, a code from an authenticator app (safeguarding/two_factor.py).
    "safeguarding.two_factor.RequireTwoFactor",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "safeguarding.context_processors.service",
            ],
            # Times as GOV.UK writes them ("3:30pm"), on every template.
            "builtins": ["safeguarding.templatetags.wording"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded web server, worker and beat share one file: wait for locks, never fail fast.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# The oversight figures counted again by the worker after a write (safeguarding.figures_cache):
# only worth it when the worker and the web processes share the cache (Redis), not with each
# process's own memory (embedded mode's default). Off in the tests (tests/conftest.py).
FIGURES_WARM_UP = env.bool("FIGURES_WARM_UP", default=not CACHES["default"]["BACKEND"].endswith(
    ("LocMemCache", "DummyCache")))

AUTH_USER_MODEL = "safeguarding.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a sign-in while its email address and network address are locked out.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "safeguarding.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"

# Sessions end after 30 minutes idle and when the browser closes.
# Sign-in throttling (django-axes, judged by safeguarding/lockout.py): each row locks what it
# counts once it has that many failures within the window, until enough of them are older than
# the window (the locked-out page says how long). One email address from one network address:
# a person's own typing. One email address from any address: a password sprayed at one account
# from many addresses; short, so nobody can keep a real person out for long. One network
# address across every email address: one password tried on many accounts. A successful
# sign-in clears its email address's counts, never its network address's.
SIGN_IN_LOCKOUTS = [
    (("username", "ip_address"), 5, timedelta(minutes=15)),
    (("username",), 10, timedelta(minutes=10)),
    (("ip_address",), 30, timedelta(minutes=30)),
]
AXES_HANDLER = "safeguarding.lockout.SignInLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [list(_counts) for _counts, _failures, _window in SIGN_IN_LOCKOUTS]
AXES_FAILURE_LIMIT = 5  # compared with the handler's answer only: the table above decides
AXES_COOLOFF_TIME = max(_window for _counts, _failures, _window in SIGN_IN_LOCKOUTS)
AXES_RESET_ON_SUCCESS = True
# A refused attempt while locked out is not counted, so the time the page gives holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "safeguarding.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "safeguarding.ratelimit.sign_in_address"
AXES_USERNAME_CALLABLE = "safeguarding.ratelimit.sign_in_name"
AXES_VERBOSE = False

# Two-factor sign-in for every account, except in the embedded demo.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not EMBEDDED)
if not EMBEDDED and not TWO_FACTOR_REQUIRED:
    raise ImproperlyConfigured("TWO_FACTOR_REQUIRED cannot be false when SERVICE_MODE=production")
OTP_TOTP_ISSUER = "Safeguarding case reviews"
# After each wrong code django-otp doubles the wait before the next (1, 2, 4... seconds): never
# longer than this (safeguarding/lockout.py), so a stolen password cannot lock a person out.
TWO_FACTOR_MAX_DELAY = timedelta(minutes=5)
# A first-time set-up link, emailed to the person (safeguarding/invitations.py), lasts this long.
TWO_FACTOR_INVITATION_LIFETIME = timedelta(days=7)
# Passkeys and security keys (django-otp-webauthn), a second factor only: never instead of the
# password. A passkey belongs to one web address (its host is the "relying party"); browsers
# refuse an IP address, so the embedded demo's 127.0.0.1 becomes localhost.
_site = urlsplit(SITE_URL)
_site_host = "localhost" if _site.hostname in {"127.0.0.1", "::1"} else (_site.hostname or "")
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_ID = env("WEBAUTHN_RP_ID", default=_site_host)
OTP_WEBAUTHN_RP_NAME = "Safeguarding case reviews"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("WEBAUTHN_ALLOWED_ORIGINS", default=[
    f"{_site.scheme}://{_site_host}" + (f":{_site.port}" if _site.port else "")])

SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic gathers files here for production; embedded mode serves static/ directly.
STATIC_ROOT = None if EMBEDDED else Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Documents: outside static/ and with no public media URL (nothing serves MEDIA_URL);
        # given out only by the permission-checked download page, which logs each download.
        "OPTIONS": {"location": env("DOCUMENTS_ROOT", default=str(VAR_DIR / "documents")),
                    "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if EMBEDDED
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# Embedded mode serves static files straight from static/ with no collectstatic step.
WHITENOISE_USE_FINDERS = EMBEDDED

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

if EMBEDDED and "EMAIL_URL" not in env.ENVIRON:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
else:
    vars().update(env.email_url("EMAIL_URL", default="smtp://localhost:25"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="case-reviews@localhost")

# Celery: Redis in production; in embedded mode a broker on the local file system, so that
# `make run` starts a real worker and beat with nothing else installed.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _celery_dir = Path(env("CELERY_FILESYSTEM_DIR", default=str(VAR_DIR / "celery")))
    for _folder in ("queue", "control"):
        (_celery_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "control_folder": str(_celery_dir / "control"),
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    # Often enough that a reminder arrives on the morning it is due; each stage sends once.
    "sweep-deadlines": {"task": "deadlines.tasks.sweep_deadlines", "schedule": 15 * 60},
    # Expired sessions deleted, not left in the database (safeguarding.services).
    "clear-expired-sessions": {"task": "safeguarding.tasks.clear_expired_sessions",
                               "schedule": 60 * 60},
}

if not EMBEDDED:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# How many proxies of the service's own sit in front of it, each appending the address it was
# reached from to X-Forwarded-For (docker-compose.yml's nginx: 1). 0: the socket address is the
# client's and X-Forwarded-For is ignored. Sign-in lockouts and rate limits count by this address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# How long a closed case is kept before the partnership reviews it for deletion, in years
# (manage.py cases_past_retention lists them; nothing is deleted by the service itself).
CASE_RETENTION_YEARS = env.int("CASE_RETENTION_YEARS", default=7)
# The largest document that may be uploaded; the proxy in front should refuse a little more.
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
# A form's fields other than files (Django refuses more with a 400)...
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# ...so no request body need be larger than a document and its form: anything larger is refused
# unread (safeguarding/request_size.py). nginx's client_max_body_size is this, rounded up.
REQUEST_MAX_BYTES = DOCUMENT_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
# Content Security Policy: everything from this service only, no inline script or style, no
# framing. The GOV.UK Frontend scripts and styles are served from static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"],
        "img-src": ["'self'", "data:"], "font-src": ["'self'"], "connect-src": ["'self'"],
        "object-src": ["'none'"], "base-uri": ["'self'"], "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "safeguarding.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A calendar feed's address is its password: never in a log line (safeguarding/log_filters.py).
    "filters": {"hide_feed_tokens": {"()": "safeguarding.log_filters.HideFeedTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                             "filters": ["hide_feed_tokens"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"},
                # Requests, as Django logs them (django.server: runserver's access log).
                "django.request": {"filters": ["hide_feed_tokens"]},
                "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False,
                                  "filters": ["hide_feed_tokens"]}},
}
