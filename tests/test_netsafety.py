"""Address and URL safety decisions (auditor/net/safety.py, spiders/resolver.py,
spiders/gatekeeper.py), proved without sending a packet: every refusal is decided before a
connection, so these tests only ask for decisions."""

from __future__ import annotations

import pytest
from twisted.internet import defer

from auditor.net.reasons import describe
from auditor.net.safety import (
    AddressPolicy,
    is_public,
    resolve_overrides,
    url_refusal,
    without_credentials,
)
from auditor.spiders.resolver import PrivateAddressRefused, ReservedNameResolver

NOT_PUBLIC = [
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "100.64.0.1",  # shared address space (CGNAT)
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "fe80::1",
    "fd00::1",  # unique-local
    "fc00::abcd",
    "::ffff:10.0.0.1",  # IPv4-mapped private
    "::",
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "203.119.25.1"]


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert not is_public(address)
    assert AddressPolicy.for_hosts(["127.0.0.1"]).refusal("intranet.test", address) == (
        None if address == "127.0.0.1" else "private_address"
    )


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address: str) -> None:
    assert is_public(address)
    assert AddressPolicy().refusal("www.example.test", address) is None


def test_an_inspected_loopback_site_allows_that_address_only() -> None:
    policy = AddressPolicy.for_hosts(["127.0.0.1", "portal.intranet.test"])
    assert policy.refusal("127.0.0.1", "127.0.0.1") is None
    assert policy.refusal("127.0.0.2", "127.0.0.2") == "private_address"
    assert policy.refusal("portal.intranet.test", "10.9.8.7") is None  # named by the file
    assert policy.refusal("evil.example.test", "10.9.8.7") == "private_address"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "unsafe_scheme"),
        ("FILE:///etc/passwd", "unsafe_scheme"),
        ("ftp://127.0.0.1/x", "unsafe_scheme"),
        ("data:text/html,hi", "unsafe_scheme"),
        ("gopher://h/", "unsafe_scheme"),
        ("javascript:alert(1)", "unsafe_scheme"),
        ("http:///nohost", "invalid_url"),
        ("http://h:99999/", "invalid_url"),
        ("http://[::1/", "invalid_url"),
        ("http://h.test/" + "a" * 9000, "url_too_long"),
        ("https://h.test/ok", None),
        ("http://u:p@h.test/", None),
    ],
)
def test_url_refusal(url: str, reason: str | None) -> None:
    assert url_refusal(url, 8192) == reason
    if reason:
        assert describe(reason) != reason  # every refusal has its Chinese wording


def test_credentials_are_removed() -> None:
    assert without_credentials("http://u:secret@h.test:81/a?b") == "http://h.test:81/a?b"
    assert without_credentials("http://h.test/a@b") == "http://h.test/a@b"


def test_resolve_overrides_parse() -> None:
    assert resolve_overrides("A.test=10.1.2.3, b.test = 127.0.0.2,bad") == {
        "a.test": "10.1.2.3",
        "b.test": "127.0.0.2",
    }


def _resolve(resolver: ReservedNameResolver, name: str) -> object:
    outcome: list[object] = []
    deferred: defer.Deferred[str] = resolver.getHostByName(name)
    deferred.addBoth(outcome.append)
    return outcome[0]


@pytest.mark.parametrize("address", ["10.1.2.3", "169.254.169.254", "192.168.0.7"])
def test_resolver_refuses_a_name_that_resolves_privately(address: str) -> None:
    """The override answers without DNS; the policy refuses before anyone could connect."""
    resolver = ReservedNameResolver.__new__(ReservedNameResolver)
    resolver.policy = AddressPolicy.for_hosts(["127.0.0.1"], {"metadata.test": address})
    failure = _resolve(resolver, "metadata.test")
    assert isinstance(getattr(failure, "value", None), PrivateAddressRefused)


def test_resolver_allows_an_inspected_name() -> None:
    resolver = ReservedNameResolver.__new__(ReservedNameResolver)
    resolver.policy = AddressPolicy.for_hosts(["portal.test"], {"portal.test": "10.1.2.3"})
    assert _resolve(resolver, "portal.test") == "10.1.2.3"


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("http://10.1.2.3/admin", "PrivateAddressError"),
        ("http://169.254.169.254/latest/meta-data/", "PrivateAddressError"),
        ("http://[fd00::1]/", "PrivateAddressError"),
        ("file:///etc/passwd", "UnsafeSchemeError"),
        ("ftp://127.0.0.1/", "UnsafeSchemeError"),
        ("http://127.0.0.1/" + "x" * 9000, "UrlTooLongError"),
    ],
)
def test_middleware_refuses_before_the_download(url: str, error: str) -> None:
    """The middleware's decision for address literals and schemes needs no network."""
    import asyncio

    from scrapy.http import Request
    from scrapy.utils.test import get_crawler

    from auditor.spiders.gatekeeper import SafetyMiddleware

    crawler = get_crawler(settings_dict={"AUDITOR_ALLOWED_HOSTS": ["127.0.0.1"]})
    middleware = SafetyMiddleware(crawler)
    with pytest.raises(Exception) as raised:
        asyncio.run(middleware.process_request(Request(url)))
    assert type(raised.value).__name__ == error


def test_middleware_strips_credentials_from_url_and_referer() -> None:
    import asyncio

    from scrapy.http import Request
    from scrapy.utils.test import get_crawler

    from auditor.spiders.gatekeeper import LINKED_URL, SafetyMiddleware

    middleware = SafetyMiddleware(get_crawler(settings_dict={}))
    request = Request(
        "http://u:pw@127.0.0.1:1/a",
        headers={"Referer": "http://v:pw2@127.0.0.1:1/", "Authorization": "Basic eDp5"},
    )
    replaced = asyncio.run(middleware.process_request(request))
    assert replaced is not None
    assert replaced.url == "http://127.0.0.1:1/a"
    assert replaced.meta[LINKED_URL] == "http://u:pw@127.0.0.1:1/a"
    assert b"Authorization" not in replaced.headers
    assert replaced.headers[b"Referer"] == b"http://127.0.0.1:1/"
