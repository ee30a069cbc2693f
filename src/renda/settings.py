"""Renda settings: everything configurable from the environment, safe defaults for development."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SRC_DIR = BASE_DIR / "src" / "renda"
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

# DEBUG (the environment variable) chooses development (true, the default of `make run` and the
# tests: local keys, cookies over plain http, no HSTS) or production (false: keys of its own required,
# see renda/security/checks.py). Django's own DEBUG setting only switches on its technical error pages,
# which list the settings and URL patterns to whoever reaches a bad address: off unless a developer asks
# for them with DEBUG_PAGES=true, and never in production. Visitors get the app's Chinese error pages.
DEVELOPMENT = env.bool("DEBUG", default=True)
DEBUG = DEVELOPMENT and env.bool("DEBUG_PAGES", default=False)

# Keys of their own, never derived from one another: SECRET_KEY (sessions, signing), RENDA_FIELD_KEY
# (encryption of personal identity numbers) and RENDA_AUDIT_KEY (the audit chain's HMAC). In
# production they come from the environment (a deploy check refuses to start without them). For
# development and tests, local random ones are generated once into var/local-keys.env (git-ignored).
LOCAL_KEYS = ("SECRET_KEY", "RENDA_FIELD_KEY", "RENDA_AUDIT_KEY", "RENDA_BACKUP_KEY")
LOCAL_KEYS_FILE = VAR_DIR / "local-keys.env"


def _local_keys() -> dict[str, str]:
    import secrets

    found: dict[str, str] = {}
    if LOCAL_KEYS_FILE.exists():
        for line in LOCAL_KEYS_FILE.read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep and name.strip() in LOCAL_KEYS:
                found[name.strip()] = value.strip()
    missing = [name for name in LOCAL_KEYS if not found.get(name)]
    if missing:
        for name in missing:
            found[name] = secrets.token_urlsafe(48)
        LOCAL_KEYS_FILE.parent.mkdir(parents=True, exist_ok=True)
        tmp = LOCAL_KEYS_FILE.with_suffix(f".{secrets.token_hex(4)}.tmp")
        tmp.write_text("".join(f"{name}={found[name]}\n" for name in LOCAL_KEYS))
        tmp.chmod(0o600)
        tmp.replace(LOCAL_KEYS_FILE)
    return found


_dev_keys = _local_keys() if DEVELOPMENT and not all(env.str(k, default="") for k in LOCAL_KEYS) else {}
SECRET_KEY = env.str("SECRET_KEY", default="") or _dev_keys.get("SECRET_KEY", "")
RENDA_FIELD_KEY = env.str("RENDA_FIELD_KEY", default="") or _dev_keys.get("RENDA_FIELD_KEY", "")
RENDA_AUDIT_KEY = env.str("RENDA_AUDIT_KEY", default="") or _dev_keys.get("RENDA_AUDIT_KEY", "")
# Backups (manage.py backup / restore, renda.core.backup): encrypted with this key; kept in RENDA_BACKUP_DIR.
RENDA_BACKUP_KEY = env.str("RENDA_BACKUP_KEY", default="") or _dev_keys.get("RENDA_BACKUP_KEY", "")
RENDA_BACKUP_DIR = Path(env.str("RENDA_BACKUP_DIR", default=str(VAR_DIR / "backups")))
# Where the daily digests of the audit chain's head are written: a volume the database
# administrator cannot rewrite.
RENDA_AUDIT_ANCHOR_DIR = Path(env.str("RENDA_AUDIT_ANCHOR_DIR", default=str(VAR_DIR / "audit-anchors")))
# The audit chain's HMAC: "sha256" (HMAC-SHA256) or "sm3" (HMAC-SM3, 国密); changing it needs audit_rekey.
RENDA_AUDIT_HASH = env.str("RENDA_AUDIT_HASH", default="sha256")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "django_filters",
    "renda.core",
    "renda.audit",
    "renda.deputies",
    "renda.security",
    "renda.api",
    "renda.cases",
    "renda.notifications",
    "renda.suggestions",
    "renda.liaison",
    "renda.portal",
    "renda.compliance",
    "renda.budget",
    "renda.documents",
    "renda.meetings",
    "renda.voting",
    "renda.elections",
    "renda.oversight",
    "renda.livelihood",
    "renda.legislation",
    "renda.tasks",
    "renda.analytics",
    "renda.ops",  # production: Prometheus metrics at /metrics (RENDA_METRICS_TOKEN / _ALLOWED_IPS)
    "renda.web",  # the shell: home, menu, to-do and figures registries, account pages
    "renda.demo",  # the demo county: at the top, nothing imports it
]

MIDDLEWARE = [
    "renda.core.request_id.RequestIdMiddleware",  # first: every later record carries the request id
    "renda.ops.middleware.MetricsMiddleware",  # request counts and latency for /metrics
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "renda.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "renda.security.middleware.NoStoreMiddleware",
    "renda.core.middleware.RequestContextMiddleware",
    "renda.core.middleware.RejectNulInputMiddleware",
    "renda.security.middleware.SecurityEnforcementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "renda.urls"
WSGI_APPLICATION = "renda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "renda.web.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'renda.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
elif env.str("RENDA_DB_POOL", default=""):
    # RENDA_DB_POOL=min,max: psycopg's connection pool in every server process (Django 5.1+, needs
    # psycopg-pool): connections are reused and at most ``max`` per process are opened; a request
    # beyond that waits up to RENDA_DB_POOL_TIMEOUT seconds for one. Persistent connections
    # (CONN_MAX_AGE) do not mix with a pool. Size max_connections ≥ processes × max + listeners.
    _pool_min, _pool_max = (int(n) for n in env.str("RENDA_DB_POOL").split(","))
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": _pool_min,
        "max_size": _pool_max,
        "timeout": env.float("RENDA_DB_POOL_TIMEOUT", default=30.0),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# Behind PgBouncer in transaction mode (RENDA_PGBOUNCER=1, docs/scale.md): no server-side cursors (a
# named cursor would outlive its transaction's server connection), no persistent connections (the
# pooler keeps them); LISTEN needs a session of its own, so the live screens' listener connects
# directly to PostgreSQL through RENDA_LISTEN_DATABASE_URL.
if env.bool("RENDA_PGBOUNCER", default=False):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"]["CONN_MAX_AGE"] = 0
RENDA_LISTEN_DATABASE = (
    env.db("RENDA_LISTEN_DATABASE_URL") if env.str("RENDA_LISTEN_DATABASE_URL", default="") else None
)
# A streaming read replica (off unless RENDA_REPLICA_URL is set): lists and statistics read from it,
# a user who just wrote reads from the primary (renda.core.dbrouter, docs/scale.md).
if env.str("RENDA_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("RENDA_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", DATABASES["default"].get("CONN_MAX_AGE", 0))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["renda.core.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(0, "renda.core.dbrouter.ReadYourWritesMiddleware")
    RENDA_REPLICA_PATHS = env.list(
        "RENDA_REPLICA_PATHS",
        default=["/api/v1/suggestions", "/suggestions/", "/api/v1/cases", "/dashboard/"],
    )
    RENDA_REPLICA_STICKY_SECONDS = env.int("RENDA_REPLICA_STICKY_SECONDS", default=10)
# Audit events of ballots recorded write-behind (renda.audit.services.record_event_deferred):
# unchained in the ballot's transaction, chained a moment later in batches. Off by default.
RENDA_AUDIT_WRITE_BEHIND = env.bool("RENDA_AUDIT_WRITE_BEHIND", default=False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "renda.security.passwords.PasswordPolicyValidator"},
    # Django's list of common passwords and more: see renda/security/passwords.py.
    {"NAME": "renda.security.passwords.WeakPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.ScryptPasswordHasher",
    ],
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end packages come from npm at set-up (pinned in package-lock.json) and are served by the app.
STATICFILES_DIRS = [
    SRC_DIR / "static",
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEVELOPMENT
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Sessions: 30 minutes idle (等保), renewed when the security middleware stamps the last activity
# (at most once a minute: no session write per GET).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEVELOPMENT)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEVELOPMENT)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEVELOPMENT)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEVELOPMENT else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEVELOPMENT
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEVELOPMENT)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Behind a proxy, the client's address is the one the nearest trusted proxy saw (renda.core.context):
# either the number of reverse proxies in front of the app (TRUSTED_PROXY_COUNT, 1 for one nginx), or
# their addresses or networks, the outermost first and the one the app talks to last (TRUSTED_PROXIES,
# e.g. "10.0.0.5" or "203.0.113.0/24,10.0.0.5"). Entries of X-Forwarded-For left of those are the
# client's own words and are never trusted.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# Email: console in development, SMTP when EMAIL_URL is set.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="renda@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: the database-backed queue of django-tasks.
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "scheduled"],
    }
}

# Two-factor sign-in
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Renda 人大履职平台")

# Renda's own switches (defaults; the security administrator sets the live policy in the database).
RENDA = {
    "SMS_SENDER": env.str("RENDA_SMS_SENDER", default="renda.notifications.sms.LoggingSmsSender"),
    # Printed by `make run` and in README.md; it must pass the password rules (tests/security).
    "DEMO_PASSWORD": env.str("RENDA_DEMO_PASSWORD", default="Lvzhi@Pingtai2026"),
}

# LOG_JSON=true: one JSON object per line with the request id (renda.core.logging_config).
from renda.core.logging_config import logging_settings  # noqa: E402

LOGGING = logging_settings(
    json=env.bool("LOG_JSON", default=False),
    level=env.str("LOG_LEVEL", default=""),
    access_log=env.bool("LOG_REQUESTS", default=env.bool("LOG_JSON", default=False)),
)
# /metrics (renda.ops): answered only with this bearer token or from these addresses/networks; 404
# when neither is set.
RENDA_METRICS_TOKEN = env.str("RENDA_METRICS_TOKEN", default="")
RENDA_METRICS_ALLOWED_IPS = env.list("RENDA_METRICS_ALLOWED_IPS", default=[])

# Uploaded files: served only by access-checked views (renda.documents.serving), never by path.
# "django" streams them; "nginx" answers X-Accel-Redirect into an internal location at
# RENDA_FILE_INTERNAL_URL (aliased to MEDIA_ROOT); "apache" answers X-Sendfile (mod_xsendfile).
RENDA_FILE_SERVING = env.str("RENDA_FILE_SERVING", default="django")
RENDA_FILE_INTERNAL_URL = env.str("RENDA_FILE_INTERNAL_URL", default="/_protected_media/")
# Live voting screens: a stream sends at most one message per interval (seconds); on SQLite the changes
# of one coalescing window are gathered into one refresh (0 refreshes in the request's thread).
VOTING_LIVE_MIN_INTERVAL = env.float("VOTING_LIVE_MIN_INTERVAL", default=0.3)
VOTING_LIVE_COALESCE = env.float("VOTING_LIVE_COALESCE", default=0.05)
