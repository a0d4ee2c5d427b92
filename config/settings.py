"""Settings for the commentary archive, all read from the environment.

Defaults suit a newcomer (SQLite file, local-memory cache); production sets
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL, and gets the
deployment hardening that `manage.py check --deploy` asks for.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # Development only: a key for this process, so nothing secret is committed.
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

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
    "django_countries",
    "django_filters",
    "markdownx",
    "taggit",
    "reversion",
    "django_otp",
    "config.apps.AuthenticatorApps",  # django_otp.plugins.otp_totp, named for the admin
    "config.apps.RecoveryCodes",  # django_otp.plugins.otp_static
    "config.apps.SignInLockouts",  # axes
    "archive",
    "citations",
    "appearances",
]

MIDDLEWARE = [
    # Outermost, so every response has it: static files, cached pages, errors, the admin.
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Public (anonymous) reads may go to a read replica (DATABASE_REPLICA_URLS).
    "archive.db_router.PublicReadsMiddleware",
    # Old WordPress addresses: looked up only on a 404 (or /?p=N), above the page cache.
    "archive.wordpress.redirects.RedirectMiddleware",
    # Above the session middleware: a cache hit never loads a session or a user.
    # Who may keep a response: public pages for shared caches, the rest private.
    "archive.cache.FrontCacheMiddleware",
    "archive.cache.PageCacheMiddleware",
    # Below the page cache, so a stored page keeps the records it was built from.
    "archive.surrogate.SurrogateKeyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF: a POST to a feed is a 405, not a 403 about a missing token.
    "archive.middleware.ReadOnlyMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A session signed in by password alone, for an account that needs a second
    # factor, counts as signed out everywhere but the second step (archive/signin/).
    "archive.signin.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A change refused because Redis is down gets a 503 that says nothing was saved.
    "archive.cache_backend.CacheUnavailableMiddleware",
    # Last, as django-axes asks: turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "django.template.context_processors.csp",
                "archive.context_processors.site",
            ],
        },
    },
]

# Persistent connections rather than Django's psycopg pool: gunicorn's sync workers
# serve one request at a time, so each process needs exactly one connection, opened
# once and health-checked; a pool would only hold idle ones. (Opening a PostgreSQL
# connection per request halves throughput.)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}

# Read replicas for public pages (archive/db_router.py): comma-separated addresses.
REPLICA_DATABASES = []
for number, address in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    alias = f"replica{number}"
    DATABASES[alias] = {
        **dj_database_url.parse(
            address,
            conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "600")),
            conn_health_checks=True,
        ),
        "TEST": {"MIRROR": "default"},  # tests read what they wrote
    }
    REPLICA_DATABASES.append(alias)
DATABASE_ROUTERS = ["archive.db_router.ReplicaRouter"] if REPLICA_DATABASES else []

CACHES = {
    "default": (
        {
            # A Redis that is down gives misses, not errors (archive/cache_backend.py).
            "BACKEND": "archive.cache_backend.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("DJANGO_REDIS_TIMEOUT", "2")),
                "socket_timeout": float(os.environ.get("DJANGO_REDIS_TIMEOUT", "2")),
            },
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Anonymous public pages are cached until content changes (archive/cache.py); this is
# the longest a page is kept in any case. 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "3600"))
PAGE_CACHE_SKIP = []  # path prefixes the page cache leaves alone

# Front caches (Varnish, a CDN) purged by surrogate key on every change (archive/purge.py):
# "varnish:http://127.0.0.1:6081", "fastly:<service id>", "cloudflare:<zone id>".
FRONT_CACHES = env_list("DJANGO_FRONT_CACHES")
FASTLY_API_TOKEN = os.environ.get("FASTLY_API_TOKEN", "")
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "")
# How long a shared cache may keep a public page (s-maxage). Purged front caches keep it
# a day; without one, a minute, since nothing would tell a shared cache of an edit.
FRONT_CACHE_SECONDS = int(
    os.environ.get("DJANGO_FRONT_CACHE_SECONDS", "86400" if FRONT_CACHES else "60")
)
FRONT_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("DJANGO_FRONT_CACHE_SWR", "30"))
FRONT_CACHE_STALE_IF_ERROR = int(os.environ.get("DJANGO_FRONT_CACHE_STALE_IF_ERROR", "86400"))
FRONT_CACHE_TAG_HEADER = os.environ.get("DJANGO_FRONT_CACHE_TAG_HEADER", "")  # e.g. Cache-Tag
FRONT_CACHE_PURGE_TIMEOUT = float(os.environ.get("DJANGO_FRONT_CACHE_PURGE_TIMEOUT", "2"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded WordPress exports wait here between the report and the import: never under
# MEDIA_ROOT, so no export is ever served.
WORDPRESS_IMPORT_DIR = Path(
    os.environ.get("DJANGO_WORDPRESS_IMPORT_DIR", BASE_DIR / "private" / "wordpress-imports")
)
# Comments imported from WordPress are kept for the author; on, approved ones are shown.
WORDPRESS_SHOW_COMMENTS = os.environ.get("DJANGO_WORDPRESS_SHOW_COMMENTS", "0") == "1"
# Uploaded images on S3-compatible object storage (django-storages) when a bucket is
# named; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, as boto3 reads.
MEDIA_BUCKET = os.environ.get("DJANGO_MEDIA_BUCKET", "")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": MEDIA_BUCKET,
                "endpoint_url": os.environ.get("DJANGO_MEDIA_ENDPOINT_URL") or None,
                "region_name": os.environ.get("DJANGO_MEDIA_REGION") or None,
                # Served from the site's own address (the CDN or proxy in front of the
                # bucket adds the media headers), never by a signed link that expires.
                "custom_domain": os.environ.get("DJANGO_MEDIA_DOMAIN") or None,
                "querystring_auth": False,
                "default_acl": None,
                "file_overwrite": False,
                "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            },
        }
        if MEDIA_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("DJANGO_PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "admin:login"

# Sign-in (archive/signin/): django-axes counts failed sign-ins, wrong passwords and wrong
# second-factor codes alike, in the database (so every server process sees them), and
# locks out an account, and separately an address, after LOGIN_FAILURE_LIMIT of them
# within the cool-off; the lock lifts when the cool-off has passed since the last one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before any check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_USERNAME_CALLABLE = "archive.signin.lockout.username_of"  # "Author" counts as "author"
AXES_CLIENT_IP_CALLABLE = "archive.signin.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "archive.signin.views.locked_out"
# Only a full sign-in (password and, where needed, the second factor) clears an account's
# failures (archive/signin/lockout.py): a right password alone must not restart the count of
# wrong codes. Failing again while locked out does not prolong the lock.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "code"]
# Behind a TLS-terminating proxy the client's address is the one the proxy appends to
# X-Forwarded-For; otherwise that header is the client's own word, and never read.
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", False)

# Two-factor sign-in (django-otp): TOTP apps and one-time recovery codes. A superuser
# cannot use the admin until they have set it up, unless this is off (as it is in debug,
# so `make run`'s demo stays one password away).
REQUIRE_2FA_FOR_SUPERUSERS = env_bool("DJANGO_REQUIRE_2FA_FOR_SUPERUSERS", not DEBUG)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the admin never shows a device's secret

# Security headers. No template carries inline script or style, so the policy
# needs no 'unsafe-inline'.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "https:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Powerful browser features, denied to the site and anything it frames, but for what the
# recording players (framed only when the visitor presses play) and passkeys in the admin
# use. django-permissions-policy writes the header and checks the feature names. Only
# features browsers know: Chromium logs every unknown one on every page (ambient-light-sensor
# and bluetooth were), and the browser tests fail on that.
PLAYERS = ["self", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        [
            "accelerometer",
            "browsing-topics",
            "camera",
            "display-capture",
            "geolocation",
            "gyroscope",
            "hid",
            "idle-detection",
            "interest-cohort",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "payment",
            "screen-wake-lock",
            "serial",
            "usb",
            "xr-spatial-tracking",
        ],
        [],
    ),
    "autoplay": PLAYERS,
    "encrypted-media": PLAYERS,
    "fullscreen": PLAYERS,
    "picture-in-picture": PLAYERS,
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}
CSRF_FAILURE_VIEW = "archive.views.csrf_failure"  # the site's 403 page, saying what to do
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Deployment hardening: on whenever debug is off. Behind a TLS-terminating proxy keep them
# on and set DJANGO_BEHIND_TLS_PROXY=1: the proxy's X-Forwarded-Proto tells Django the
# visitor's request was HTTPS, so nothing redirects in a loop and the cookies stay secure.
# Switching one off is for plain-HTTP testing only (`check --deploy` warns).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The trash: deleted articles and appearances can be restored for this many days, then
# `manage.py purge_trash` deletes them for good (their history keeps a copy).
TRASH_DAYS = int(os.environ.get("DJANGO_TRASH_DAYS", "30"))

# Content vocabulary.
TAGGIT_CASE_INSENSITIVE = True
COUNTRIES_FIRST = []

# Markdown: the admin preview goes through the same sanitising renderer as pages.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "archive.markdown.render_markdown"
# Where the editor's uploads go: expanded with strftime at each upload (archive/admin_views.py).
MARKDOWNX_MEDIA_PATH = "uploads/%Y/%m/"

# Uploads (archive/uploads.py): every image is identified from its bytes, checked against
# these caps before it is decoded, and re-encoded. The size handler stops storing a file's
# bytes past the cap while the request is read.
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_PIXELS = 40_000_000  # also Pillow's Image.MAX_IMAGE_PIXELS (archive/apps.py)
UPLOAD_MAX_FRAMES = 500  # frames of an animation; all frames together stay within the pixels
FILE_UPLOAD_HANDLERS = [
    "archive.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Django serves /media/ itself (with the same protective headers as deploy/nginx.conf) in
# debug, or when this is on for a single-box install without a front proxy.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG)

# Where vulnerability reports go, shown in /.well-known/security.txt (archive/security_txt.py);
# `check --deploy` warns while it is the placeholder.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@example.org")
if "@" in SECURITY_CONTACT and ":" not in SECURITY_CONTACT:
    SECURITY_CONTACT = f"mailto:{SECURITY_CONTACT}"
SECURITY_TXT_DAYS = int(os.environ.get("SECURITY_TXT_DAYS", "180"))

# How long a timed appearance without a recorded length lasts in calendars (.ics): a
# calendar program shows a zero-length event as a sliver, or not at all.
APPEARANCE_DEFAULT_DURATION = timedelta(
    minutes=int(os.environ.get("APPEARANCE_CALENDAR_MINUTES", "60"))
)

SITE_TITLE = os.environ.get("SITE_TITLE", "Raffaello Pantucci")
SITE_TAGLINE = os.environ.get(
    "SITE_TAGLINE", "Commentary, papers and broadcasts on China, Central Asia and security"
)
OTP_TOTP_ISSUER = SITE_TITLE  # the name an authenticator app lists the account under

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
