"""The cache reuses one redis-py client per connection pool (issue 13: a client per call cost
several hundred Python calls a request), and that client still reads and writes the real Redis."""

from django.core.cache import cache

from voc_portal.core.cache import ReusedRedisCacheClient


def test_every_cache_call_goes_through_one_client_and_reaches_redis():
    client = cache._cache
    assert isinstance(client, ReusedRedisCacheClient)
    first = client.get_client(write=True)
    assert client.get_client(write=False) is first
    assert client.get_client("any-key", write=True) is first

    cache.set("reused-client-probe", {"n": 1}, 30)
    assert cache.get("reused-client-probe") == {"n": 1}
    # The value is in Redis itself, not in the fail-soft local cache.
    assert first.exists(cache.make_and_validate_key("reused-client-probe")) == 1
    cache.delete("reused-client-probe")
    assert cache.get("reused-client-probe") is None
