"""A compact set of URLs for state that spans a whole crawl (the URLs claimed, the fragments
judged): 8 bytes a URL instead of the ~220 a set of strings costs, so memory stays flat as a
district grows."""

from __future__ import annotations

import hashlib
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from heapq import merge

BUFFER = 32_768  # recent keys kept in a plain set before they are merged into the array
HOT = 4_096  # URLs last found present, kept as strings (navigation links repeat on every page)


def _blake2b_key(url: str) -> int:
    digest = hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _str_hash_key(url: str) -> int:
    return hash(url) & 0xFFFF_FFFF_FFFF_FFFF


# 64 bits a URL: collisions stay negligible (about one in 10^7 runs at a million URLs), and
# the key fits an unsigned 8-byte array slot.  The interpreter's own string hash (SipHash,
# keyed afresh in each process, so a page cannot be written to collide with another URL) costs
# ~0.1 µs a new string against BLAKE2b's ~2 µs (a repeat's crawl keys every stored link of its
# 304 pages it has not found recently).  Keys are only ever compared within one process
# (claims, kept verdicts, URL shapes, anchors), never stored or sent to another process, where
# the same URL hashes differently.  A build with a narrower hash keeps BLAKE2b.
url_key: Callable[[str], int] = _str_hash_key if sys.hash_info.width >= 64 else _blake2b_key


class UrlSet:
    """Hashes of URLs: a sorted array, plus a small set of recent ones merged in batches."""

    def __init__(self, urls: Iterable[str] = (), key: Callable[[str], str] | None = None) -> None:
        """`key` maps a URL to the spelling that is hashed: the crawl's claims use the
        de-duplication key, so two spellings of one resource are fetched once."""
        self.sorted = array("Q")
        self.recent: set[int] = set()
        self.key = key
        self.hot: set[str] = set()
        self.last: tuple[str | None, int] = (None, 0)
        self.update(urls)

    def _hash(self, url: str) -> int:
        """The last URL's hash is kept: a new URL is looked up, claimed (looked up again) and
        added in a row, and its key (w3lib canonicalisation) would be computed three times."""
        last, key = self.last
        if url != last:
            key = url_key(self.key(url) if self.key else url)
            self.last = (url, key)
        return key

    def __contains__(self, url: object) -> bool:
        """Most lookups ask again about a URL already present (each page repeats its site's
        navigation): those are answered from a small set of strings, without the key and
        hash (profiled: ~half of routing a revalidated page's stored links).  A set only
        grows, so a URL once present stays present."""
        if url in self.hot:
            return True
        if not (isinstance(url, str) and self.has_key(self._hash(url))):
            return False
        if len(self.hot) >= HOT:
            self.hot.clear()
        self.hot.add(url)
        return True

    def __len__(self) -> int:
        return len(self.sorted) + len(self.recent)

    def has_key(self, key: int) -> bool:
        if key in self.recent:
            return True
        i = bisect_left(self.sorted, key)
        return i < len(self.sorted) and self.sorted[i] == key

    def add(self, url: str) -> None:
        key = self._hash(url)
        if not self.has_key(key):
            self.recent.add(key)
            if len(self.recent) >= BUFFER:
                self._merge()

    def update(self, urls: Iterable[str]) -> None:
        for url in urls:
            self.add(url)

    def _merge(self) -> None:
        self.sorted = array("Q", merge(self.sorted, sorted(self.recent)))
        self.recent = set()
