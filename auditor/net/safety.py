"""What auditor may fetch: only http(s), only public addresses, only sane URLs.

The sites inspected include hacked and hostile servers.  A page or a redirect must never make
auditor read a local file (`file:`), talk another protocol (`ftp:`, `data:`), or reach into
the inspector's own network (loopback, RFC 1918, link-local 169.254.169.254 …).  These rules
are pure functions here, so the spider's middleware and resolver (spiders/gatekeeper.py,
spiders/resolver.py) and the tests share one decision.

An inspection that lists a site on a non-public address (the demo and tests run on
127.0.0.1; an intranet portal) allows that address, and only that one.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

SAFE_SCHEMES = frozenset({"http", "https"})
RESOLVE_ENV = "AUDITOR_RESOLVE"  # "name=address,name=address": like curl --resolve


def url_refusal(url: str, max_length: int) -> str | None:
    """The reason a URL must not be requested at all, or None.  Decided on the text alone."""
    if max_length and len(url) > max_length:
        return "url_too_long"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return "invalid_url"
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return "unsafe_scheme"
    if not parts.hostname:
        return "invalid_url"
    return None


def redirect_target(base: str, location: str) -> str:
    """A Location header resolved against the URL that sent it, as a browser requests it;
    a hostile value that is no URL at all (`http://[x`) comes back as written, for
    url_refusal to name."""
    from auditor.net.urls import request_url

    try:
        return request_url(urljoin(base, location))
    except ValueError:
        return location


def without_credentials(url: str) -> str:
    """The URL minus `user:password@`: credentials written into a link are never sent."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL: nothing is sent for it anyway (url_refusal)
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def parse_address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip("[]").split("%", 1)[0])
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.1 is 10.0.0.1
    return mapped if mapped is not None else address


def is_public(text: str) -> bool:
    """A global unicast address: not loopback, private, link-local, shared (CGNAT),
    unique-local, multicast, reserved or unspecified."""
    address = parse_address(text)
    return address is not None and address.is_global and not address.is_multicast


@dataclass(frozen=True)
class AddressPolicy:
    """Which non-public addresses this inspection allows: those its own sites name."""

    names: frozenset[str] = frozenset()  # host names of inspected sites (any address)
    addresses: frozenset[str] = frozenset()  # address literals of inspected sites
    overrides: dict[str, str] = field(default_factory=dict)  # name -> address, no lookup

    @classmethod
    def for_hosts(
        cls, hosts: Iterable[str], overrides: dict[str, str] | None = None
    ) -> AddressPolicy:
        names, addresses = set(), set()
        for host in hosts:
            host = host.lower().strip("[]").rstrip(".")
            address = parse_address(host)
            (addresses.add(str(address)) if address is not None else names.add(host))
        return cls(frozenset(names), frozenset(addresses), dict(overrides or {}))

    def refusal(self, name: str, address: str) -> str | None:
        """None when `name`, resolved to `address`, may be connected to."""
        name = name.lower().strip("[]").rstrip(".")
        if name in self.names or is_public(address):
            return None
        parsed = parse_address(address)
        if parsed is not None and str(parsed) in self.addresses:
            return None
        return "private_address"


def resolve_overrides(text: str | None = None) -> dict[str, str]:
    """`AUDITOR_RESOLVE="intranet.test=10.1.2.3,a.test=127.0.0.2"`: fixed answers for names,
    so tests (and an inspector checking a staging host) need no DNS."""
    text = os.environ.get(RESOLVE_ENV, "") if text is None else text
    pairs = (item.partition("=") for item in text.split(",") if "=" in item)
    return {name.strip().lower(): address.strip() for name, _, address in pairs}
