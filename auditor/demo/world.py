"""The demo district as data: every page, attachment and planted fault of every host.

`World(origins, closed)` renders all static pages once (deterministically: no clock, no
randomness) and answers `respond(host, target)` for the loopback server, including the
dynamic parts: the endless calendar, the endless ?page=N listing, the /ztzl/ztzl/… path
trap and the soft-404 fallback of the food-and-drug site.
"""

from __future__ import annotations

from collections.abc import Mapping

from auditor.demo.layout import Layout
from auditor.demo.pages import build_pages
from auditor.demo.render import Resource
from auditor.demo.specials import build_specials, dynamic_page, not_found


class World(Layout):
    """Renders the district for the given origins ("http://127.0.0.1:PORT" per host)."""

    def __init__(self, origins: Mapping[str, str], closed: str) -> None:
        super().__init__(origins, closed)
        build_pages(self)
        build_specials(self)

    # ---- the server's entry point ----------------------------------------------------
    def respond(self, host: str, target: str) -> Resource:
        found = self.static[host].get(target)
        if found is not None:
            return found
        return dynamic_page(self, host, target) or not_found(self, host)
