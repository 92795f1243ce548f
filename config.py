"""Configuration classes for Dita.

`create_app()` takes one of these (or its name). Secrets and the database URL come
from the environment; production refuses to start without a real SECRET_KEY.
"""
from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

#: The key used in development and tests. Production refuses it.
DEFAULT_SECRET_KEY = "dev-only-not-secret"


def _sqlite_url(name: str) -> str:
    return f"sqlite:///{INSTANCE_DIR / name}"


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Heroku-style URLs and plain postgresql:// go through psycopg 3.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url(_sqlite_url("dita.sqlite"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"

    # Failed logins: per account and address, shared between processes via Redis
    # when RATELIMIT_STORAGE_URI names one.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "dita")
    RATELIMIT_HEADERS_ENABLED = True
    #: Redis is an accelerator: unreachable or slow, the limits count in this process's memory (a
    #: warning is logged) and go back to Redis once it answers again.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    #: Seconds a Redis connection or reply may take before the app goes on without it.
    REDIS_TIMEOUT = float(os.environ.get("REDIS_TIMEOUT", "0.25"))
    #: After a Redis failure, the page cache leaves Redis alone this many seconds, then tries again.
    REDIS_RETRY_AFTER = float(os.environ.get("REDIS_RETRY_AFTER", "5"))
    LOGIN_FAIL_LIMIT = os.environ.get("LOGIN_FAIL_LIMIT", "5 per 15 minutes")

    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "papers"))

    #: Mail (Flask-Mailman over SMTP) goes out only when an SMTP server is named: invitations are then
    #: mailed (otherwise the organizer copies the link), and "forgot password" and notifications work.
    #: The account's password comes from the environment, never from the repository.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") in ("1", "true", "yes")
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "") in ("1", "true", "yes")
    #: Seconds an SMTP connection or reply may take before the mail counts as not sent.
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "10"))
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "dita@localhost")
    #: Always SMTP (also in tests, which run a real SMTP server on loopback).
    MAIL_BACKEND = "smtp"
    #: How long a "forgot password" link works, in seconds.
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", str(2 * 3600)))
    #: Password-reset mails one client address may ask for.
    PASSWORD_RESET_LIMIT = os.environ.get("PASSWORD_RESET_LIMIT", "5 per 15 minutes")
    MAX_CONTENT_LENGTH = 21 * 1024 * 1024  # papers are at most 20 MB

    #: How many proxies (nginx, a load balancer) stand in front and set X-Forwarded-For/-Proto/-Host.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    #: The site's public origin (e.g. https://dita.example.org): links in pages and exports are built
    #: from it, never from a request's Host or X-Forwarded-Host. Without it (or SERVER_NAME), production logs
    #: a warning and keeps a page in the caches per Host, so a forged Host reaches only its own sender.
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")

    #: Public pages may be cached this long by browsers and CDNs.
    PUBLIC_MAX_AGE = 60
    #: The printable agenda is laid out in a child process; it answers 503 after this many seconds.
    PDF_TIMEOUT = float(os.environ.get("PDF_TIMEOUT", "60"))
    #: PDFs laid out at the same time in one process; another waits PDF_QUEUE_WAIT seconds for its
    #: turn, then answers 503 with Retry-After.
    PDF_MAX_CONCURRENT = int(os.environ.get("PDF_MAX_CONCURRENT", "1"))
    PDF_QUEUE_WAIT = float(os.environ.get("PDF_QUEUE_WAIT", "5"))
    #: PDF layouts one anonymous client may cause (a PDF served from the cache does not count).
    PDF_RATE_LIMIT = os.environ.get("PDF_RATE_LIMIT", "10 per minute")

    #: Rendered public pages: in this process by default; shared in Redis with CACHE_REDIS_URL.
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL", "")
    #: Either way bounded: in a process, least recently used pages go beyond CACHE_THRESHOLD pages or
    #: CACHE_MAX_MB megabytes; in Redis every page expires and Redis evicts by its maxmemory policy.
    #: DITA_CACHE_TYPE=NullCache turns the render cache off (the benchmark's cold measurements).
    CACHE_TYPE = os.environ.get("DITA_CACHE_TYPE") or (
        "app.extensions.ResilientRedisCache" if CACHE_REDIS_URL else "app.extensions.BoundedMemoryCache")
    CACHE_DEFAULT_TIMEOUT = int(os.environ.get("CACHE_DEFAULT_TIMEOUT", "600"))
    CACHE_THRESHOLD = int(os.environ.get("CACHE_THRESHOLD", "2000"))
    CACHE_MAX_BYTES = int(float(os.environ.get("CACHE_MAX_MB", "64")) * 1024 * 1024)
    CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "dita:")

    #: Benchmarks: an X-SQL-Queries header with each response's statement count.
    SQL_COUNT_HEADER = os.environ.get("DITA_SQL_COUNT_HEADER") == "1"


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing"
    # Tests build their own database; TEST_DATABASE_URL selects PostgreSQL.
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def check(cls) -> None:
        """Refuse to start with a missing or default secret key."""
        key = os.environ.get("SECRET_KEY", "")
        if not key or key == DEFAULT_SECRET_KEY or len(key) < 16:
            raise RuntimeError(
                "SECRET_KEY must be set to a long random value in production "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
            )


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
