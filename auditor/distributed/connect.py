"""Open the Redis connection named by `--redis redis://HOST:PORT/DB`, or say why not."""

from __future__ import annotations

from typing import Any

from auditor.distributed import require_redis
from auditor.errors import InputError


def connect(url: str) -> Any:
    """A client that has answered a PING; bad URLs and unreachable servers are input errors."""
    redis = require_redis()
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise InputError(
            f"--redis 的地址格式不对:{url}",
            "请写成 redis://主机:端口/数据库编号,例如 redis://10.0.0.5:6379/0。",
        )
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, health_check_interval=10)
        client.ping()
    except ValueError as error:
        raise InputError(
            f"--redis 的地址无法解析:{url}({error})", "请写成 redis://主机:端口/数据库编号。"
        ) from None
    except redis.exceptions.RedisError as error:
        raise InputError(
            f"无法连接 Redis {url}:{error}",
            "请确认 redis-server 已启动、地址和端口正确、防火墙允许本机访问。",
        ) from None
    return client
