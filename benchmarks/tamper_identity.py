"""Every per-page answer of the tamper scan and the evidence pre-test, dumped for a diff, and
their CPU cost: proof that making them cheaper changed nothing.

For every page of a generated world (benchmarks/bigworld.py), the shared corpus (realpages,
realworld), the labelled tamper set and the demo district, `dump` writes one JSON line: the
hits of scan_html, the latent blocks and rows of ResourceScan.page (the world's stylesheets
fed to it as the crawl would), and the answer of the crawl's evidence predicate.  `time`
parses every page once, then measures the CPU seconds of the three calls over all pages.

    python3 benchmarks/tamper_identity.py dump OUT.jsonl [--world DIR]
    python3 benchmarks/tamper_identity.py time [--world DIR] [--rounds 3]

Run it with PYTHONPATH set to another checkout to measure that checkout's code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.append(str(HERE.parent))  # after PYTHONPATH: another checkout may go first
SHARED = HERE.parent.parent / "shared" / "corpus"

from auditor.checklist.load import load_checklist  # noqa: E402
from auditor.classify.classifier import evidence_candidate  # noqa: E402
from auditor.extract.document import parse_document  # noqa: E402
from auditor.extract.facts import extract_facts  # noqa: E402
from auditor.tamper import scan_html  # noqa: E402
from auditor.tamper.linked import latent_blocks  # noqa: E402
from spiders.resources import ResourceScan  # noqa: E402

Page = tuple[str, str, bytes]  # (source, url, body)


class AnySite:
    """A scope in which every URL belongs to an inspected site: every stylesheet is read."""

    def owner(self, url: str) -> str:
        return "site"


def world_pages(world: Path) -> Iterator[Page]:
    meta = json.loads((world / "world.json").read_text("utf-8"))
    for site in meta["sites"]:
        origin = f"http://127.0.0.1:{site['port']}"
        for path in sorted((world / site["key"]).rglob("*.html")):
            rel = path.relative_to(world / site["key"]).as_posix()
            yield "world", f"{origin}/{rel}", path.read_bytes()


def corpus_pages() -> Iterator[Page]:
    for folder in ("realpages", "realworld"):
        for path in sorted((SHARED / folder).rglob("*.htm*")):
            yield folder, f"http://www.{path.stem}.gov.cn.invalid/a/{path.name}", path.read_bytes()


def tamper_set_pages() -> Iterator[Page]:
    import tamper_bench

    for case in tamper_bench.load_cases():
        yield "tamper_set", tamper_bench.PAGE_URL, tamper_bench.render(case).encode()


def demo_pages() -> Iterator[Page]:
    from auditor.demo.sites import HOSTS
    from auditor.demo.world import World

    origins = {h: f"http://127.0.0.1:{19250 + i}" for i, h in enumerate(HOSTS)}
    world = World(origins, "http://127.0.0.1:19249")
    for host in HOSTS:
        for target, resource in sorted(world.static[host].items()):
            if "html" in (resource.content_type or ""):
                yield "demo", origins[host] + target, resource.body


def all_pages(world: Path | None) -> list[Page]:
    pages = list(world_pages(world)) if world else []
    return pages + [*corpus_pages(), *tamper_set_pages(), *demo_pages()]


def sheet_files(world: Path | None) -> dict[str, bytes]:
    """The world's stylesheets by URL, handed to ResourceScan as the crawl's checks would."""
    if world is None:
        return {}
    meta = json.loads((world / "world.json").read_text("utf-8"))
    found = {}
    for site in meta["sites"]:
        for path in sorted((world / site["key"]).rglob("*.css")):
            rel = path.relative_to(world / site["key"]).as_posix()
            found[f"http://127.0.0.1:{site['port']}/{rel}"] = path.read_bytes()
    return found


def answers(page: Page, resources: ResourceScan, keep, sheets: dict[str, bytes]) -> dict:
    source, url, body = page
    doc = parse_document(body, url)
    hits = scan_html(doc.text, url, tree=doc.tree)
    latent = [_latent(b) for b in latent_blocks(doc.tree, url, _host(url))]
    rows = resources.page(doc.tree, url, url, "site", hits)
    for sheet in [s for s in sheets if s not in resources.linked.sheets]:
        rows += resources.file(sheet, "text/css", sheets[sheet], url, "site")
    facts = extract_facts(doc).to_dict()
    evidence = keep({"url": url, "title": facts.get("title") or "", "facts": facts})
    hits_out = [h.to_dict() for h in hits]
    return {"source": source, "url": url, "hits": hits_out, "latent": latent, "rows": rows, "evidence": evidence}


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower() or None


def _latent(block) -> dict:
    out = asdict(block) if hasattr(block, "__dataclass_fields__") else dict(vars(block))
    out["chain"] = [(s.tag, s.attrib) for s in block.chain]
    return out


def dump(out: Path, world: Path | None) -> None:
    keep = evidence_candidate(load_checklist("liangqing-2014"))
    resources = ResourceScan(AnySite())  # type: ignore[arg-type]
    sheets = sheet_files(world)
    digest = hashlib.sha256()
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for page in all_pages(world):
            line = json.dumps(answers(page, resources, keep, sheets), ensure_ascii=False, sort_keys=True, default=str)
            fh.write(line + "\n")
            digest.update(line.encode())
            count += 1
    print(f"{count} pages, sha256 {digest.hexdigest()}")


def cpu_times(world: Path | None, rounds: int) -> None:
    """CPU ms/page of scan_html, ResourceScan.page and the evidence predicate (trees and facts
    prepared beforehand, outside the clock)."""
    keep = evidence_candidate(load_checklist("liangqing-2014"))
    docs = []
    for _, url, body in all_pages(world):
        doc = parse_document(body, url)
        facts = extract_facts(doc).to_dict()
        docs.append((url, doc, {"url": url, "title": facts.get("title") or "", "facts": facts}))
    for _ in range(rounds):
        resources = ResourceScan(AnySite())  # type: ignore[arg-type]
        spent = {}
        started = time.process_time()
        hits = [scan_html(doc.text, url, tree=doc.tree) for url, doc, _ in docs]
        spent["scan_html"] = time.process_time() - started
        started = time.process_time()
        for (url, doc, _), found in zip(docs, hits, strict=True):
            resources.page(doc.tree, url, url, "site", found)
        spent["resources"] = time.process_time() - started
        started = time.process_time()
        for _, _, row in docs:
            keep(row)
        spent["evidence"] = time.process_time() - started
        shown = " ".join(f"{k} {v / len(docs) * 1000:.3f}" for k, v in spent.items())
        print(f"{len(docs)} pages, CPU ms/page: {shown}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("dump", "time"))
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--world", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.mode == "dump":
        dump(args.out, args.world)
    else:
        cpu_times(args.world, args.rounds)


if __name__ == "__main__":
    main()
