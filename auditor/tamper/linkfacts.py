"""Facts about one link that decide whether hiding it is suspicious."""

from __future__ import annotations

from dataclasses import dataclass

from auditor.tamper.hosts import (
    is_external,
    is_public_sector,
    is_spam_host,
    link_host,
    looks_institutional,
)
from auditor.tamper.vocab import TermHit, spam_terms

SEVERAL = 2


@dataclass(frozen=True)
class LinkFacts:
    href: str
    text: str
    host: str | None
    outside: bool  # another site, and not a government or national public-service host
    spam: tuple[TermHit, ...]
    spam_host: bool
    institutional: bool

    @property
    def suspicious(self) -> bool:
        return self.outside and (self.spam_host or bool(self.spam))


def link_facts(href: str, text: str, page_url: str, page_host: str | None) -> LinkFacts:
    host = link_host(href, page_url)
    outside = is_external(host, page_host) and not is_public_sector(host or "")
    text = " ".join(text.split())
    return LinkFacts(
        href=href.strip(),
        text=text,
        host=host,
        outside=outside,
        spam=tuple(spam_terms(text, weak=True)),
        spam_host=is_spam_host(host),
        institutional=looks_institutional(text),
    )


def several_outside(links: list[LinkFacts]) -> bool:
    """A block of several links to unknown external sites, not a friendly-link list."""
    unknown = {f.href for f in links if f.outside and not f.institutional}
    return len(unknown) >= SEVERAL


def hosts_phrase(links: list[LinkFacts], limit: int = 3) -> str:
    hosts = list(dict.fromkeys(f.host for f in links if f.host))
    shown = "、".join(hosts[:limit])
    return shown + (f" 等 {len(hosts)} 个站点" if len(hosts) > limit else "")
