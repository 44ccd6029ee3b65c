"""The demo's expected national-indicator hits, with page URLs as "{host}/path" placeholders.

Statuses come from articles_health.EXPECTED (every department, every indicator); the planted
pages and their clean look-alikes are looked up in the rendered world by title, so truth.json
carries the URLs a report must (and must never) cite.
"""

from __future__ import annotations

from typing import Any

from auditor.demo.articles_health import EXPECTED, INDICATORS, LOOK_ALIKES, PLANTED
from auditor.demo.world import World


def health_truth(world: World) -> dict[str, Any]:
    pages = {p.article.title: p for p in world.placed}

    def cited(pairs: Any) -> list[dict[str, str]]:
        rows = []
        for indicator, title in pairs:
            placed = pages[title]
            rows.append(
                {
                    "indicator": indicator,
                    "department": placed.site.department or "",
                    "title": title,
                    "page": "{" + placed.site.host + "}" + placed.path,
                }
            )
        return rows

    statuses = {
        department: {i: own.get(i, "ok") for i in INDICATORS}
        for department, own in EXPECTED.items()
    }
    return {"statuses": statuses, "planted": cited(PLANTED), "look_alikes": cited(LOOK_ALIKES)}
