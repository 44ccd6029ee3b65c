"""Dump, or time, per-page extraction over a fixed page set, to prove a speed-up changes nothing.

    python3 benchmarks/extract_identity.py dump OUT.jsonl [--world DIR] [--root CHECKOUT]
    python3 benchmarks/extract_identity.py time [--world DIR] [--root CHECKOUT] [--repeat N]

The page set: every HTML page of a bigworld (`benchmarks/bigworld.py DIR`, its URLs taken from
world.json), every page of the shared corpus (../shared/corpus/*/…/*.html) and every HTML page
the demo district renders (built in memory, no server).  `dump` writes one JSON line per page
with `extract_facts(doc).to_dict()` and `extract_links(doc)`, so two checkouts' dumps can be
compared with `cmp`; `time` prints the CPU seconds (process time, not wall: the machine is
shared) of parsing and of extraction over the whole set.  `--root` picks the checkout whose
`auditor` package is imported, so a baseline can run from a copy of the previous commit.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
DEMO_PORTS = 19990  # placeholder origins of the in-memory demo district (never connected to)


def world_pages(world: Path) -> list[tuple[str, bytes, str | None]]:
    """(url, body, header charset) of every HTML page of a bigworld, in a stable order."""
    meta = json.loads((world / "world.json").read_text("utf-8"))
    pages = []
    for site in meta["sites"]:
        root = world / site["key"]
        origin = f"http://127.0.0.1:{site['port']}"
        for path in sorted(root.rglob("*.html")):
            url = origin + "/" + path.relative_to(root).as_posix()
            pages.append((url, path.read_bytes(), None))
    return pages


def corpus_pages() -> list[tuple[str, bytes, str | None]]:
    paths = sorted(CORPUS.glob("*/**/*.html")) if CORPUS.is_dir() else []
    return [
        ("http://127.0.0.1/" + p.relative_to(CORPUS).as_posix(), p.read_bytes(), None)
        for p in paths
    ]


def demo_pages() -> list[tuple[str, bytes, str | None]]:
    from auditor.demo.sites import HOSTS
    from auditor.demo.world import World

    origins = {host: f"http://127.0.0.1:{DEMO_PORTS + i}" for i, host in enumerate(HOSTS)}
    world = World(origins, f"http://127.0.0.1:{DEMO_PORTS - 1}")
    pages = []
    for host in HOSTS:
        for target, res in sorted(world.static[host].items()):
            if res.content_type.startswith("text/html") and res.body:
                charset = res.content_type.partition("charset=")[2] or None
                pages.append((origins[host] + target, res.body, charset))
    return pages


def all_pages(world: Path | None) -> list[tuple[str, bytes, str | None]]:
    return [*(world_pages(world) if world else []), *corpus_pages(), *demo_pages()]


def _fields(link) -> dict:
    """A link's fields by name: a named tuple's, or a dataclass's (main before session 12)."""
    return link._asdict() if hasattr(link, "_asdict") else dataclasses.asdict(link)


def dump(pages, out: Path) -> None:
    from auditor.extract import extract_facts, extract_links, parse_document

    with out.open("w", encoding="utf-8") as sink:
        for url, body, charset in pages:
            doc = parse_document(body, url, charset)
            facts = extract_facts(doc).to_dict()
            links = [_fields(link) for link in extract_links(doc)]
            row = {"url": url, "facts": facts, "links": links}
            sink.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(pages)} pages dumped to {out}")


def cpu_time(pages) -> tuple[float, float]:
    """(parse seconds, extraction seconds) of CPU for one pass, as the spider runs them."""
    from auditor.extract import extract_facts, extract_links, parse_document

    parse = extract = 0.0
    for url, body, charset in pages:
        start = time.process_time()
        doc = parse_document(body, url, charset)
        middle = time.process_time()
        extract_links(doc)
        extract_facts(doc)
        parse += middle - start
        extract += time.process_time() - middle
    return parse, extract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("dump", "time"))
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--world", type=Path)
    parser.add_argument("--root", type=Path, default=HERE.parent)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    pages = all_pages(args.world)
    if args.mode == "dump":
        dump(pages, args.out or Path("extract_dump.jsonl"))
        return
    for _ in range(args.repeat):  # the first pass warms the URL caches, as a long crawl does
        parse, extract = cpu_time(pages)
        per_page = extract / len(pages) * 1000
        print(
            f"{len(pages)} pages: parse {parse:.2f} s, extract {extract:.2f} s CPU "
            f"({per_page:.2f} ms/page)",
            flush=True,
        )


if __name__ == "__main__":
    main()
