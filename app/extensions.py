"""Flask extensions, created unbound; `create_app()` binds them. Imports nothing from the app."""
from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections import OrderedDict
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import redis
from flask_babel import Babel
from flask_caching import Cache
from flask_caching.backends.base import BaseCache
from flask_caching.backends.rediscache import RedisCache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
# The models' base class. At run time it is `db.Model` (Base with Flask-SQLAlchemy's table-name and
# bind mixins); mypy cannot take an attribute such as `db.Model` as a base class (python/mypy#8603),
# so type checkers see Base, and the models are typed by their `Mapped[...]` annotations.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
#: Rendered public pages, keyed by their validator (in-process by default, Redis when configured).
cache = Cache()

log = logging.getLogger("dita.cache")


def redis_options(timeout: float) -> dict[str, Any]:
    """Connection options for every Redis client of the app: short connect and read timeouts and no
    retries, so that a stopped or frozen Redis costs a request at most `timeout` seconds once."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {"socket_connect_timeout": timeout, "socket_timeout": timeout, "retry": Retry(NoBackoff(), 0)}


class BoundedMemoryCache(BaseCache):
    """The render cache of one process: least recently used pages go first once it holds more than
    `threshold` pages or `max_bytes` bytes of them, so no stream of distinct URLs can grow a worker
    or push the pages everyone reads out in favour of pages read once. Thread-safe."""

    def __init__(self, default_timeout: int = 300, threshold: int = 2000, max_bytes: int = 64 * 1024 * 1024):
        super().__init__(default_timeout=default_timeout)
        self.threshold, self.max_bytes = threshold, max_bytes
        self._entries: OrderedDict[str, tuple[float, Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @classmethod
    def factory(cls, app, config, args, kwargs):
        return cls(default_timeout=kwargs.get("default_timeout") or 300, threshold=config["CACHE_THRESHOLD"],
                   max_bytes=config["CACHE_MAX_BYTES"])

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size_in_bytes(self) -> int:
        return self._bytes

    @staticmethod
    def _size(value: Any) -> int:
        if isinstance(value, (bytes, str)):
            return len(value) + 64
        if isinstance(value, (tuple, list)):
            return 64 + sum(BoundedMemoryCache._size(part) for part in value)
        return 64

    def get(self, key: str) -> Any:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, value, size = entry
            if expires and expires <= time.monotonic():
                self._pop(key)
                return None
            self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        timeout = self._normalize_timeout(timeout)
        size = self._size(value)
        if size > self.max_bytes:
            return False
        expires = time.monotonic() + timeout if timeout else 0.0
        with self._lock:
            self._pop(key)
            self._entries[key] = (expires, value, size)
            self._bytes += size
            while len(self._entries) > self.threshold or self._bytes > self.max_bytes:
                self._pop(next(iter(self._entries)))
        return True

    def add(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        if self.has(key):
            return False
        return self.set(key, value, timeout)

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    def delete(self, key: str) -> bool:
        with self._lock:
            return self._pop(key)

    def clear(self) -> bool:
        with self._lock:
            self._entries.clear()
            self._bytes = 0
        return True

    def _pop(self, key: str) -> bool:
        entry = self._entries.pop(key, None)
        if entry is None:
            return False
        self._bytes -= entry[2]
        return True


class ResilientRedisCache(RedisCache):
    """The render cache shared in Redis, as an accelerator only: when Redis is stopped, unreachable or
    frozen, a call fails after the short socket timeout, a warning is logged, and Redis is left alone
    for `retry_after` seconds (pages are rendered without it meanwhile); then it is tried again, so the
    cache comes back by itself. Entries expire (CACHE_DEFAULT_TIMEOUT); Redis itself should run with
    `maxmemory` and `maxmemory-policy allkeys-lru` so that it evicts the least recently used page."""

    retry_after = 5.0
    _lock: threading.Lock  # set by factory()

    @classmethod
    def factory(cls, app, config, args, kwargs):
        config["CACHE_OPTIONS"] = {**(config.get("CACHE_OPTIONS") or {}), **redis_options(config["REDIS_TIMEOUT"])}
        for name in ("socket_connect_timeout", "socket_timeout", "retry"):
            kwargs.pop(name, None)
        instance = super().factory(app, config, args, kwargs)
        instance.retry_after = config["REDIS_RETRY_AFTER"]
        instance._down_until = 0.0
        instance._lock = threading.Lock()
        return instance

    @property
    def available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _failed(self, error: Exception) -> None:
        with self._lock:
            was_up = self.available
            self._down_until = time.monotonic() + self.retry_after
        if was_up:
            log.warning("Redis page cache unavailable (%s); serving without it for %g s", error, self.retry_after)

    def _call(self, method, default, *args, **kwargs):
        if not self.available:
            return default
        try:
            return method(*args, **kwargs)
        except (redis.RedisError, OSError) as error:
            self._failed(error)
            return default

    def get(self, key: str) -> Any:
        return self._call(super().get, None, key)

    def set(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        return self._call(super().set, False, key, value, timeout)

    def add(self, key: str, value: Any, timeout: int | timedelta | None = None) -> bool:
        return self._call(super().add, False, key, value, timeout)

    def has(self, key: str) -> bool:
        return self._call(super().has, False, key)

    def delete(self, key: str) -> bool:
        return self._call(super().delete, False, key)

    def clear(self) -> bool:
        return self._call(super().clear, False)

    def ping(self) -> bool:
        """Whether Redis answers now (for /healthz); a failure also pauses the cache's use of it."""
        try:
            return bool(self._read_client.ping())
        except (redis.RedisError, OSError) as error:
            self._failed(error)
            return False


class CanonicalOrigin:
    """WSGI middleware: every request is seen as addressed to the configured public origin
    (PUBLIC_URL), whatever its Host or X-Forwarded-Host said, so that links built for pages and
    exports (and kept in the caches) always name the real site. Wrapped inside ProxyFix, which
    has already taken the client's address from the trusted hop."""

    def __init__(self, app, public_url: str):
        parts = urlsplit(public_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"PUBLIC_URL must be an absolute http(s) URL, not {public_url!r}")
        self.app = app
        self.scheme = parts.scheme
        self.host = parts.netloc
        self.port = str(parts.port or (443 if parts.scheme == "https" else 80))
        self.server_name = parts.hostname

    def __call__(self, environ, start_response):
        environ["HTTP_HOST"] = self.host
        environ["SERVER_NAME"] = self.server_name
        environ["SERVER_PORT"] = self.port
        environ["wsgi.url_scheme"] = self.scheme
        environ.pop("HTTP_X_FORWARDED_HOST", None)
        return self.app(environ, start_response)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    """SQLite enforces foreign keys (and so ON DELETE) only when asked, per connection."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def init_wsgi(app) -> None:
    """The request's origin and client address as the deployment says they are.

    Behind nginx or a load balancer (TRUSTED_PROXIES hops), the client's address (for the limits)
    and the scheme come from the X-Forwarded-For/-Proto values the trusted hop set; anything a
    client put before them is ignored. With PUBLIC_URL, the host is always the configured one, and
    X-Forwarded-Host is never read. Also gives the rate limits' Redis short timeouts.
    """
    from werkzeug.middleware.proxy_fix import ProxyFix

    public_url = app.config.get("PUBLIC_URL", "")
    if public_url:
        app.wsgi_app = CanonicalOrigin(app.wsgi_app, public_url)
    elif not (app.debug or app.testing or app.config.get("SERVER_NAME")):
        logging.getLogger("dita").warning(
            "PUBLIC_URL is not set: links are built from each request's Host; set it to the site's origin")
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        x_host = 0 if public_url else hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=x_host)
    # Flask-Caching's own back ends are neither bounded by size nor tolerant of a failing Redis.
    replacements = {"SimpleCache": "app.extensions.BoundedMemoryCache",
                    "RedisCache": "app.extensions.ResilientRedisCache"}
    cache_type = str(app.config.get("CACHE_TYPE", ""))
    app.config["CACHE_TYPE"] = replacements.get(cache_type.rsplit(".", 1)[-1], cache_type)
    if str(app.config.get("RATELIMIT_STORAGE_URI", "")).startswith(("redis://", "rediss://", "unix://")):
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", redis_options(app.config["REDIS_TIMEOUT"]))
