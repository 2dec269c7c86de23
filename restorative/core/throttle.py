"""A small rate limiter on the cache: so many tries per window, per key (an address).

Why our own: public pages without accounts (feedback links) must slow down someone trying
tokens from one address (security.md rule 4), and the only other limiter in the product,
django-axes, counts failed sign-ins, not requests. A fixed window counted in the cache is
enough for that: `cache.add` starts the window, `cache.incr` counts within it, and both are
atomic in Redis (the production cache) and in the per-process memory cache.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def throttle_hit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one try for `key` under `scope`; True while within `limit` tries in the window,
    False once the limit is passed (the caller then answers 429). The key is hashed, so no
    address is stored in the cache as it is."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"throttle:{scope}:{digest}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: a new window
        cache.add(cache_key, 1, timeout=window_seconds)
        return True
    return count <= limit
