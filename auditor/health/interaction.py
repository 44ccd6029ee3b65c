"""互动回应差 (a single veto): consultation messages left unanswered, or no channel at all.

The rule: a consultation message (咨询, 留言, 信箱) unanswered for more than 3 months within
the year fails the site; 2019 adds "no consultation channel". Message pages of government CMSs
print the asking and answering dates under labels (留言时间 … 回复时间 …); each message page is
read for them. A message asked within the year before as_of and more than three months before
it, with no answer date and no answer text, is unanswered. Answers later than the inspection's
`answer_within_days` are reported as late (a warning, not the veto).

A channel is found when a page's title or column, or a link on the home page, names one
(领导信箱, 咨询投诉, 互动交流…), or when message pages exist. A department site that relies on
the portal's channel shows 未发现 as a warning for a person to confirm, never as the veto.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from auditor.extract.dates import find_date
from auditor.health.common import FAIL, OK, WARN, indicator, months_before
from auditor.health.sitedata import SiteData
from auditor.store.records import Indicator

ASKED = re.compile("(?:留言|来信|提问|咨询|提交|写信|投诉|信件)(?:时间|日期)")
ANSWERED = re.compile("(?:回复|答复|办理|处理|办结|反馈)(?:时间|日期)")
ANSWER_TEXT = re.compile("(?:回复|答复)(?:内容|意见)?[::]\\s*(?!暂无|无|待)[^\\s]{6,}")
CHANNEL = re.compile("咨询|留言|信箱|互动|问政|来信|投诉|建言|民意|诉求")
DATE_WINDOW = 30  # characters after a label searched for its date
UNANSWERED_MONTHS = 3
MAX_LISTED = 50


@dataclass(frozen=True)
class Message:
    page: str
    title: str
    asked: str
    answered: str | None
    has_answer: bool  # an answer text is printed even where its date is not

    def as_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "title": self.title,
            "asked": self.asked,
            "answered": self.answered,
        }


def _date_after(pattern: re.Pattern[str], text: str) -> str | None:
    for match in pattern.finditer(text):
        found = find_date(text[match.end() : match.end() + DATE_WINDOW])
        if found:
            return found
    return None


def read_message(page: dict[str, Any]) -> Message | None:
    """The asking and answering dates of one message page; None when it is not one."""
    text = str(page.get("text") or "")
    asked = _date_after(ASKED, text)
    if asked is None or page.get("is_listing"):
        return None
    answered = _date_after(ANSWERED, text)
    return Message(
        page["url"], str(page.get("title") or ""), asked, answered, bool(ANSWER_TEXT.search(text))
    )


def messages(pages: Iterable[dict[str, Any]]) -> Iterator[Message]:
    for page in pages:
        message = read_message(page)
        if message is not None:
            yield message


def is_channel(page: dict[str, Any]) -> bool:
    return bool(CHANNEL.search(f"{page.get('title') or ''} {page.get('column_name') or ''}"))


def observe_interaction(page: dict[str, Any]) -> dict[str, Any] | None:
    """What one page gives the interaction indicator: None, or whether it names a channel
    ("channel") and its message as [title, asked, answered, has answer] ("message")."""
    seen: dict[str, Any] = {"channel": 1} if is_channel(page) else {}
    message = read_message(page)
    if message is not None:
        seen["message"] = [message.title, message.asked, message.answered, message.has_answer]
    return seen or None


class InteractionScan:
    """The site's consultation channel and messages, fed its pages' observations
    (`observe_interaction`)."""

    def __init__(self, data: SiteData, as_of: dt.date, limit_days: int) -> None:
        self.as_of, self.limit_days = as_of, limit_days
        self.channel = _home_channel(data)
        self.found: list[Message] = []

    def take(self, url: str, seen: dict[str, Any]) -> None:
        self.channel = self.channel or bool(seen.get("channel"))
        if "message" in seen:
            self.found.append(Message(url, *seen["message"]))

    def indicators(self) -> list[Indicator]:
        """Messages in URL order, not crawl order: the ones quoted are the same every run."""
        channel = self.channel or bool(self.found)
        found = sorted(self.found, key=lambda m: m.page)
        return [judge_messages(found, channel, self.as_of, self.limit_days)]


def _home_channel(data: SiteData) -> bool:
    return any(CHANNEL.search(str(link.get("anchor") or "")) for link in data.home_links)


def judge_messages(
    found: list[Message], channel: bool, as_of: dt.date, limit_days: int
) -> Indicator:
    name, threshold = "互动回应", "一年内无超过3个月未回复的留言;有咨询渠道"
    year_ago = (as_of - dt.timedelta(days=365)).isoformat()
    overdue_before = months_before(as_of, UNANSWERED_MONTHS).isoformat()
    in_year = [m for m in found if year_ago <= m.asked <= as_of.isoformat()]
    unanswered = [
        m for m in in_year if not m.answered and not m.has_answer and m.asked < overdue_before
    ]
    late = [m for m in in_year if m.answered and _days(m.asked, m.answered) > limit_days]
    listed = {
        "unanswered": [m.as_dict() for m in unanswered[:MAX_LISTED]],
        "late": [m.as_dict() for m in late[:MAX_LISTED]],
    }
    if unanswered:
        shown = ";".join(f"《{m.title}》留言于{m.asked}" for m in unanswered[:3])
        detail = f"一年内有{len(unanswered)}条留言超过3个月未回复(互动回应差,单项否决):{shown}。"
        entry = indicator(
            "interaction.response", name, len(unanswered), threshold, FAIL, detail, veto=True
        )
    elif not channel:
        detail = "未发现咨询、留言或信箱等互动渠道;如依托门户网站的渠道,请人工确认。"
        entry = indicator("interaction.response", name, 0, threshold, WARN, detail)
    elif late:
        shown = ";".join(f"《{m.title}》{m.asked}留言,{m.answered}回复" for m in late[:3])
        detail = f"{len(late)}条留言回复时间超过{limit_days}天:{shown}。"
        entry = indicator("interaction.response", name, 0, threshold, WARN, detail)
    else:
        detail = f"发现互动渠道;一年内留言{len(in_year)}条,均已按时回复或未满3个月。"
        entry = indicator("interaction.response", name, 0, threshold, OK, detail)
    return {**entry, "messages": listed}


def _days(asked: str, answered: str) -> int:
    return (dt.date.fromisoformat(answered) - dt.date.fromisoformat(asked)).days
