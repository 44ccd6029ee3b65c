"""The spider for the province's unified disclosure platform (统一平台).

It crawls like a department site, but the platform is large and shared by every agency of
the province, so within the page cap it reaches the 重点领域 and 信息公开目录 columns first:
those hold the entries the audit attributes to departments by their 发布机构.
"""

from __future__ import annotations

from auditor.spiders.site import SiteSpider

PRIORITY_PHRASES = ("重点领域", "信息公开目录", "公开目录", "政府信息公开", "专栏")


class PlatformSpider(SiteSpider):
    name = "platform"

    def link_priority(self, anchor: str) -> int:
        return 10 if any(phrase in anchor for phrase in PRIORITY_PHRASES) else 0
