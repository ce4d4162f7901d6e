"""The Redis cache keeps one client per connection pool (school/outage_tolerant_cache.py):
Django's builds a new `redis.Redis` for every operation, about 0.8 ms of CPU each on a slow
machine, several times a page."""

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

pytestmark = pytest.mark.integration


@pytest.fixture
def redis_cache(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
    settings.CACHES = {
        "default": {
            "BACKEND": "school.outage_tolerant_cache.OutageTolerantRedisCache",
            "LOCATION": settings.REDIS_URL,
            "KEY_PREFIX": "test-client-reuse",
        }
    }


def test_ten_cache_operations_build_one_redis_client_not_ten(redis_cache, monkeypatch):
    built = []
    original = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)

    for number in range(5):
        cache.set(f"key-{number}", number)
        assert cache.get(f"key-{number}") == number

    assert len(built) == 1


def test_the_kept_client_works_again_once_redis_has_dropped_its_connection(redis_cache):
    cache.set("survivor", "before")
    ours = cache._cache.get_client().client_id()
    redis.Redis.from_url(settings.REDIS_URL).client_kill_filter(_id=ours)

    assert cache.get("survivor") == "before"
    cache.set("survivor", "after")
    assert cache.get("survivor") == "after"
