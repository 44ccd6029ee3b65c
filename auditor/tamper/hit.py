"""The tamper finding record and the helpers that make it readable in a report."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from lxml import html as lxml_html

SNIPPET_CHARS = 300
PATH_DEPTH = 4

KINDS = (
    "hidden_link",
    "injected_text",
    "hijacked_footer",
    "hidden_iframe",
    "script_injection",
    "meta_spam",
    "cloaking_script",
)
SEVERITIES = ("high", "medium", "low")


@dataclass(frozen=True)
class TamperHit:
    """One piece of tampering evidence; `detail` is the Chinese sentence shown to inspectors."""

    kind: str
    technique: str
    detail: str
    snippet: str
    location: str
    severity: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def truncate(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def outer_html(el) -> str:
    """Serialised element without its tail; never raises on odd nodes."""
    try:
        return lxml_html.tostring(el, encoding="unicode", with_tail=False)
    except (TypeError, ValueError):
        return ""


def step_name(el) -> str:
    tag = el.tag if isinstance(el.tag, str) else "#comment"
    ident = (el.get("id") or "").strip()
    if ident:
        return f"{tag}#{ident[:40]}"
    classes = (el.get("class") or "").split()
    if classes:
        return f"{tag}.{classes[0][:40]}"
    if tag == "meta" and el.get("name"):
        return f"meta[name={el.get('name').lower()}]"
    return tag


def element_path(el, depth: int = PATH_DEPTH) -> str:
    """A short CSS-like path ("footer > div#foot > a") an inspector can find with devtools."""
    steps = [step_name(el)]
    for parent in el.iterancestors():
        if parent.tag == "html" or len(steps) >= depth:
            break
        steps.append(step_name(parent))
    return " > ".join(reversed(steps))
