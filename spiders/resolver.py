"""DNS resolver that never asks the network about names that cannot exist.

RFC 6761 reserves `.invalid`: such names never resolve, so a link to one is a dns failure at
once, without a lookup that could wait on a slow resolver or leak a query to the network.
"""

from __future__ import annotations

from collections.abc import Sequence

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

RESERVED_SUFFIXES = (".invalid",)


def is_reserved_name(name: str) -> bool:
    host = name.lower().rstrip(".")
    return host == "invalid" or host.endswith(RESERVED_SUFFIXES)


class ReservedNameResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, failing reserved names without a lookup."""

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802
        if is_reserved_name(name):
            return defer.fail(DNSLookupError(f"{name}: reserved name (RFC 6761), never resolves"))
        return super().getHostByName(name, timeout)
