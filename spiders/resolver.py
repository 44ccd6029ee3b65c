"""DNS resolver that never asks the network about names that cannot exist, and never hands a
non-public address to the downloader unless the inspection names that host.

RFC 6761 reserves `.invalid`: such names never resolve, so a link to one is a dns failure at
once, without a lookup that could wait on a slow resolver or leak a query to the network.

Every answer is checked against the inspection's address policy (auditor/net/safety.py) after
resolution and before any connection, so a public name that resolves to 10.x or
169.254.169.254 is refused too.  `AUDITOR_RESOLVE` fixes answers for names (tests use it to
point a name at a private address without DNS).  The safety middleware (spiders/gatekeeper.py)
asks this resolver first to give the refusal its own reason; this check is the second line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from auditor.net.safety import AddressPolicy, resolve_overrides

RESERVED_SUFFIXES = (".invalid",)


def is_reserved_name(name: str) -> bool:
    host = name.lower().rstrip(".")
    return host == "invalid" or host.endswith(RESERVED_SUFFIXES)


class PrivateAddressRefused(DNSLookupError):
    """The name resolved to an address the inspection does not allow."""


def policy_from_settings(settings: Any) -> AddressPolicy:
    hosts = settings.getlist("AUDITOR_ALLOWED_HOSTS") if settings is not None else []
    return AddressPolicy.for_hosts(hosts, resolve_overrides())


class ReservedNameResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, failing reserved names without a lookup and refusing
    non-public answers the inspection does not allow."""

    policy = AddressPolicy(overrides=resolve_overrides())

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> ReservedNameResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.policy = policy_from_settings(crawler.settings)
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802
        if is_reserved_name(name):
            return defer.fail(DNSLookupError(f"{name}: reserved name (RFC 6761), never resolves"))
        fixed = self.policy.overrides.get(name.lower().rstrip("."))
        answer = defer.succeed(fixed) if fixed else super().getHostByName(name, timeout)
        return answer.addCallback(self._allowed, name)

    def _allowed(self, address: str, name: str) -> str:
        if self.policy.refusal(name, address):
            raise PrivateAddressRefused(f"{name} -> {address}: not a public address")
        return address
