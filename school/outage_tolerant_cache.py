"""Django's Redis cache, except that Redis being down makes it a cache that holds nothing.

Everything this site keeps in the cache can be worked out again: sessions are written through to
the database (`cached_db`), public pages and page fragments are rendered again, the verification
throttle counts from zero. So while Redis is unreachable each read is a miss and each write is
dropped, with a warning in the log, and the site keeps working from the database, slower, instead
of answering 500 to every signed-in page. Only unreachability is forgiven (connection refused or
lost, timeouts); any other error from Redis is raised as usual.
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _warn(operation: str, error: Exception) -> None:
    logger.warning("Cache unreachable (%s); %s works without it", error, operation)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one `redis.Redis` per connection pool.

    Django builds a new `redis.Redis` for every cache operation (`get_client`), and each one
    copies redis-py's table of about 170 response callbacks: about 0.8 ms of CPU an operation on
    a slow 2-core machine, several milliseconds a signed-in page (bench/README.md). A
    `redis.Redis` is safe to share (each command takes a connection from the pool), and Django's
    cache handler already gives every thread its own backend, so one per pool is enough.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class OutageTolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            _warn("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            _warn("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            _warn("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            _warn("add", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            _warn("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            _warn("set_many", error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            _warn("touch", error)
            return False

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            _warn("incr", error)
            # What Django raises for a key that is not there: callers already handle it.
            raise ValueError(f"Key '{key}' not found (cache unreachable)") from error

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            _warn("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNREACHABLE as error:
            _warn("delete_many", error)

    def clear(self):
        try:
            return super().clear()
        except UNREACHABLE as error:
            _warn("clear", error)
            return False
