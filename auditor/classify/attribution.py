"""Which inspected department a page's 发布机构/来源 names.

A department publishes under many spellings: 城区财政局, 区财政局, 良庆区财政局, 南宁市良庆区财政局
and its official full name.  We reduce each known name to its *core* (财政局) and accept an
agency string when it is a core preceded only by this district's own place names (or by
城区/区/本区).  A same-named body of another district (邕宁区财政局) or of the parent city
(南宁市财政局) keeps a place prefix we do not know, so it is rejected rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from auditor.store.coerce import as_dict, as_list

LOCAL_WORDS = ("城区", "本区", "我区", "全区", "区")
_DISTRICT_UNITS = ("区", "县", "旗")  # an alias's 南宁市… prefix is the parent city, not ours
# A place name holds no word of an office or a sentence: 财政局关于公开区 is not a place.
_PLACE = r"[^\W\d_a-zA-Z局委办厅署会部处科所站队院的年月日与和及对为关]{1,8}?(?:自治区|省|市|自治州|州|盟|地区|区|县|旗)"
_LEADING_PLACE = re.compile(rf"^((?:{_PLACE})+)")
_HIGHER = re.compile(r"^[\u4e00-\u9fff]{1,10}?(?:自治区|省|市|自治州|州|盟|地区)")
# A CMS column prefix: 【财政资金】, [通知公告], 〔栏目〕 opening a title.
_COLUMN_PREFIX = re.compile(r"^\s*(?:[【\[〔［][^】\]〕］]{1,20}[】\]〕］]\s*)+")
# Whitespace (what \s matches: every str.isspace character lies below U+3001) and the
# punctuation a name is written with or without.
_NOISE_CHARS = (
    "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "::,,。、;;\"“”'‘’()()[]【】<>《》"
)
_NOISE = re.compile(f"[{re.escape(_NOISE_CHARS)}]")
_LONG = 200  # characters: above it, one str.replace per noise character present beats the regex
_BODY_AFTER = re.compile(
    r"^(?:人民政府|政府|本级|(?:19|20)\d{2}年|[\u4e00-\u9fff]{0,10}?(?:局|委|办|中心|厅|院|所|站|队))"
)
_NOT_PLACES = (
    "小区",
    "社区",
    "园区",
    "开发区",
    "辖区",
    "市区",
    "景区",
    "片区",
    "校区",
    "库区",
    "示范区",
    "试验区",
    "功能区",
    "保护区",
    "城区",
    "本区",
    "我区",
    "全区",
    "超市",
    "城市",
    "都市",
)


def clean(name: str) -> str:
    """Fold whitespace and punctuation so 良庆区 财政局 and 良庆区财政局 compare equal.  A long
    text (a page's body) is cleaned by one str.replace per noise character it holds: half
    the time of the regex on 4,000 characters, and the body is folded for most pages."""
    if len(name or "") <= _LONG:
        return _NOISE.sub("", name or "")
    for char in _NOISE_CHARS:
        if char in name:
            name = name.replace(char, "")
    return name


@dataclass(frozen=True)
class Attributor:
    """Maps agency strings to canonical department names for one inspection."""

    cores: tuple[tuple[str, str], ...]  # (core, department), longest core first
    exact: tuple[tuple[str, str], ...]  # (cleaned known name, department)
    places: frozenset[str]  # this district's place names: 良庆区, 南宁市良庆区 …

    def department(self, agency: str | None) -> str | None:
        """The department an agency string names, or None when it names no inspected one."""
        return _resolve(self, clean(agency or "")) if agency else None

    def department_in(self, text: str | None) -> str | None:
        """The department named anywhere in a short text (a column, an anchor, a title)."""
        folded = clean(text or "")
        for core, name in self.cores:
            start = folded.find(core)
            while start >= 0:
                if _tail_ok(self, folded[:start]):
                    return name
                start = folded.find(core, start + 1)
        return None

    def local_core(self, agency: str) -> str | None:
        """An agency name without this district's place prefix (南宁市良庆区发展和改革局 →
        发展和改革局, 城区发改局 → 发改局), or None when another jurisdiction's name leads it
        (邕宁区…, 南宁市财政局): the part a short and a full form of one body share."""
        folded = clean(agency)
        match = _LEADING_PLACE.match(folded)
        if match and len(folded) > match.end() + 1:
            if _place_ok(self, match.group(1)):
                return folded[match.end() :]
            if not match.group(1).endswith(_NOT_PLACES):
                return None
        return _strip_local(folded)

    def owner_of(self, facts: dict[str, Any]) -> str | None:
        """The department a platform page belongs to: its 发布机构 (facts, catalog block,
        ContentSource) when given, even if that names nobody of ours; else a department
        named in its column, breadcrumb or title."""
        catalog, meta = as_dict(facts.get("catalog")), as_dict(facts.get("meta"))
        for agency in (facts.get("agency"), catalog.get("agency"), meta.get("ContentSource")):
            if agency and str(agency).strip():
                return self.department(str(agency))
        crumbs = as_list(facts.get("breadcrumb"))
        for text in (facts.get("column"), *crumbs, facts.get("title")):
            if text and (name := self.department_in(str(text))):
                return name
        return None

    def is_foreign(self, title: str | None) -> bool:
        """True when a title opens with another jurisdiction's name (邕宁区…, 南宁市2014年…).
        A bracketed column prefix (【财政资金】) is not part of the title's opening, and a
        title opening with a known spelling of one of ours (南宁市某局良庆分局, a city
        bureau's branch in this district) is ours, whatever place that spelling opens with."""
        return _foreign_cached(self, title or "")


def without_column_prefix(title: str) -> str:
    """A title without the CMS column prefix it opens with (【征地拆迁】关于…): the prefix
    names where the page sits, not what it is."""
    return _COLUMN_PREFIX.sub("", title)


@lru_cache(maxsize=8192)
def _foreign_cached(attributor: Attributor, title: str) -> bool:
    folded = clean(without_column_prefix(title))
    match = _LEADING_PLACE.match(folded)
    if not match or not _BODY_AFTER.match(folded[match.end() :]):
        return False
    if any(folded.startswith(known) for known, _name in attributor.exact):
        return False
    place = match.group(1)
    if place.endswith(_NOT_PLACES) or len(place) < 3:
        return False
    return not any(place.endswith(p) for p in (*attributor.places, *LOCAL_WORDS[:4]))


def build_attributor(
    departments: Iterable[tuple[str, Iterable[str]]], places: Iterable[str] = ()
) -> Attributor:
    """Build from (canonical name, aliases) pairs and any known place names of the district."""
    pairs = [(name, tuple(aliases)) for name, aliases in departments]
    known = {clean(p) for p in places if p} | _learn_places(pairs)
    exact: dict[str, str] = {}
    cores: dict[str, str] = {}
    for name, aliases in pairs:
        for spelling in (name, *aliases):
            folded = clean(spelling)
            if folded:
                exact.setdefault(folded, name)
                cores.setdefault(_strip_places(folded, known), name)
    return Attributor(
        cores=tuple(sorted(cores.items(), key=lambda kv: -len(kv[0]))),
        exact=tuple(sorted(exact.items(), key=lambda kv: -len(kv[0]))),
        places=frozenset(known),
    )


def _learn_places(pairs: list[tuple[str, tuple[str, ...]]]) -> set[str]:
    """District-level place prefixes of the given names: an alias 南宁市良庆区财政局 teaches
    南宁市良庆区 and 良庆区 (aliases are the user's word that the body is this district's);
    南宁市工商行政管理局良庆分局 teaches nothing, or 南宁市财政局 would pass as ours."""
    found: set[str] = set()
    for name, aliases in pairs:
        for spelling in (name, *aliases):
            found |= {p for p in leading_places(spelling) if p.endswith(_DISTRICT_UNITS)}
    return found


def _strip_local(name: str) -> str:
    for word in LOCAL_WORDS:
        if name.startswith(word) and len(name) > len(word) + 1:
            return name[len(word) :]
    return name


def _strip_places(name: str, places: set[str]) -> str:
    match = _LEADING_PLACE.match(name)
    if match and match.group(1) in places and len(name) > match.end() + 1:
        return name[match.end() :]
    return _strip_local(name)


def _last_unit(prefix: str) -> str:
    higher = _HIGHER.match(prefix)
    while higher and higher.end() < len(prefix):
        prefix = prefix[higher.end() :]
        higher = _HIGHER.match(prefix)
    return prefix


def _place_ok(attributor: Attributor, place: str) -> bool:
    """A prefix is ours when empty, a local word, or our district with higher levels before it."""
    if place in ("", *LOCAL_WORDS) or place in attributor.places:
        return True
    return _last_unit(place) in attributor.places and place != _last_unit(place)


def _tail_ok(attributor: Attributor, before: str) -> bool:
    """Whether the text just before a department core leaves it ours: 良庆区财政局 yes,
    邕宁区财政局 and 南宁市财政局 no, a bare 财政局 after ordinary words yes."""
    if before in LOCAL_WORDS:
        return True
    for place in (*attributor.places, "城区", "本区", "我区"):
        if before.endswith(place):
            return True
    return not before or before[-1] not in "区县旗市州省盟"


@lru_cache(maxsize=4096)
def _resolve_cached(attributor: Attributor, agency: str) -> str | None:
    for known, name in attributor.exact:
        if agency == known:
            return name
    for core, name in attributor.cores:
        if agency.endswith(core) and _place_ok(attributor, agency[: -len(core)]):
            return name
    return None


def _resolve(attributor: Attributor, agency: str) -> str | None:
    return _resolve_cached(attributor, agency)


def leading_places(text: str) -> set[str]:
    """Place names a title opens with: 南宁市良庆区2014年… gives 南宁市良庆区 and 良庆区."""
    match = _LEADING_PLACE.match(clean(text))
    if not match or match.group(1).endswith(_NOT_PLACES):
        return set()
    return {match.group(1), _last_unit(match.group(1))}


def attributor_for(checklist: object, inspection: object, places: Iterable[str] = ()) -> Attributor:
    """The attributor of one audit: checklist departments plus the inspection's sites (and
    any place names the caller knows to be the district's)."""
    names: dict[str, list[str]] = {}
    for department in getattr(checklist, "departments", ()):
        names.setdefault(department.name, []).extend(department.aliases)
    for site in getattr(inspection, "sites", ()):
        names.setdefault(site.department, []).extend(site.aliases)
    places = (
        set(places)
        | leading_places(getattr(inspection, "name", ""))
        | leading_places(getattr(checklist, "title", ""))
    )
    places |= {getattr(checklist, "district", ""), getattr(checklist, "district_short", "")}
    return build_attributor(names.items(), places)


def common_district(names: Iterable[str]) -> set[str]:
    """District-level place names that open at least half of a list of agency names (and two
    of them): a department list's own district, though its checklist was written for another."""
    names = list(names)
    counts: dict[str, int] = {}
    for name in names:
        for place in leading_places(name):
            if place.endswith(_DISTRICT_UNITS):
                counts[place] = counts.get(place, 0) + 1
    return {p for p, n in counts.items() if n >= 2 and n * 2 >= len(names)}
