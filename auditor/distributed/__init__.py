"""Distributed crawl: one Redis, any number of `auditor worker` processes on any machines.

Only `auditor audit --redis` and `auditor worker` import this package, so the single-machine
crawl, the demo and the default tests never need Redis (see docs/scale.md).
"""

from __future__ import annotations

from typing import Any

from auditor.errors import InputError

EXTRA_HINT = "请先安装分布式扩展:pip install 'auditor[redis]'(含 scrapy-redis 与 redis)。"


def require_redis() -> Any:
    """The redis module, or a clear Chinese error naming the extra to install."""
    try:
        import redis
        import scrapy_redis  # noqa: F401  (the scheduler the workers use)
    except ImportError as error:
        raise InputError(
            f"分布式抓取需要 redis 扩展,当前未安装({error.name})", EXTRA_HINT
        ) from None
    return redis
