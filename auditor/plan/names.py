"""Which checklist department a name from a spreadsheet or a portal link means.

The office writes 良庆区发展和改革局 where the checklist says 城区发改局.  The checklist's own
lookup (name, aliases, district prefix) and the audit's attribution (regular short and full
forms, this district's place names) are tried first, so init and the audit agree on what a
name means; only then an abbreviation rule: 发改局 is 发展和改革局 shortened when its
characters appear in order, with the same first and last character, in exactly one
department's name (only that way: a short written name may shorten many full ones).
Anything else is left to a person, with a did-you-mean.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from auditor.checklist.model import Checklist
from auditor.classify.attribution import Attributor, attributor_for, clean


@dataclass(frozen=True)
class DepartmentNames:
    checklist: Checklist
    attributor: Attributor
    cores: tuple[tuple[str, str], ...]  # (core of a known spelling, department)

    def resolve(self, name: str) -> str | None:
        """The checklist's department a written name means, or None when unsure."""
        folded = clean(name)
        if not folded:
            return None
        found = self.checklist.department(folded)
        if found is not None:
            return found.name
        resolved = self.attributor.department(folded) or self._abbreviated(folded)
        bare = _NOTE.sub("", name)  # 良庆区财政局(国资委): the note names another hat
        return resolved or (self.resolve(bare) if bare.strip() and bare != name else None)

    def suggest(self, name: str) -> list[str]:
        """Departments whose spellings are closest to a name nobody could resolve."""
        folded = clean(name)
        core = self.attributor.local_core(folded) or folded
        pairs = [
            (clean(s), d.name) for d in self.checklist.departments for s in (d.name, *d.aliases)
        ]
        scores: dict[str, float] = {}
        for spelling, dept in (*pairs, *self.cores):
            ratio = max(_ratio(folded, spelling), _ratio(core, spelling))
            scores[dept] = max(scores.get(dept, 0.0), ratio)
        best = max(scores.values(), default=0.0)
        ranked = sorted(scores, key=lambda d: -scores[d])
        return [d for d in ranked if scores[d] >= max(0.6, best - 0.1)][:3]

    def _abbreviated(self, folded: str) -> str | None:
        core = self.attributor.local_core(folded)
        if not core or len(core) < 2:
            return None
        found: set[str] = set()
        for written in {core, _GOVERNMENT.sub("", core)}:  # 区人民政府外事办公室
            found |= {d for known, d in self.cores if _shortens(known, written)}
        return found.pop() if len(found) == 1 else None


def department_names(checklist: Checklist, places: Iterable[str] = ()) -> DepartmentNames:
    """Names of a checklist's departments; `places` are further place names known to be the
    district's (those the rows themselves open with, see attribution.common_district)."""
    attributor = attributor_for(checklist, None, places)
    cores: dict[str, str] = {}
    for dept in checklist.departments:
        for spelling in (dept.name, *dept.aliases):
            core = attributor.local_core(spelling)
            if core and len(core) >= 2:
                cores.setdefault(core, dept.name)
    return DepartmentNames(checklist, attributor, tuple(cores.items()))


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


_NOTE = re.compile(r"[(\uff08\[\u3010][^)\uff09\]\u3011]*[)\uff09\]\u3011]")
_GOVERNMENT = re.compile(r"^(?:人民政府|政府)(?=..)")
_MAX_STRETCH = 3.4  # 人社局: 人力资源和社会保障局, about the longest regular shortening
_LONG_ENDINGS = (("委员会", "委"), ("办公室", "办"))


def _shortens(short: str, full: str) -> bool:
    """发改局 shortens 发展和改革局 (and 发改委 发展和改革委员会): same ends, the short one's
    characters in order."""
    for long, brief in _LONG_ENDINGS:
        if full.endswith(long) and not short.endswith(long):
            full = full[: -len(long)] + brief
    if short == full:
        return True
    if len(short) >= len(full) or short[0] != full[0] or short[-1] != full[-1]:
        return False
    if len(full) > len(short) * _MAX_STRETCH:
        return False  # 政府办 is not 政府信息公开工作领导小组办公室
    rest = iter(full)
    return all(char in rest for char in short)
