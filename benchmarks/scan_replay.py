"""CPU of a crawl's page scan replayed in one loop: parse, `extract_facts`, `page_links` and
`scan_html`, as `spiders/site.py`'s `parse_page` calls them, over a sample of a bigworld's
pages.

    python3 benchmarks/scan_replay.py WORLD [--pages 1500] [--passes 2] [--profile N]

Run it with PYTHONPATH set to another checkout to measure that checkout's code, alternating
the two in the same minutes (the machine is shared).  Every pass after the first runs on warm
URL caches, as a long crawl does.  `--profile N` prints cProfile's top N of one more pass.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent))  # after PYTHONPATH: another checkout may go first


def sample(world: Path, count: int) -> list[tuple[str, bytes]]:
    """`count` HTML pages spread evenly over the world (every site, articles and columns)."""
    from extract_identity import world_pages  # this folder: the script's own sys.path[0]

    pages = [(url, body) for url, body, _ in world_pages(world)]
    step = max(1, len(pages) // count)
    return pages[::step][:count]


def one_pass(pages: list[tuple[str, bytes]]) -> float:
    """CPU seconds of the page scan over every page (process time)."""
    from auditor.extract import extract_facts, parse_document
    from auditor.extract.discover import page_links
    from auditor.tamper.scan import scan_html

    start = time.process_time()
    for url, body in pages:
        doc = parse_document(body, url, None)
        extract_facts(doc).to_dict()
        page_links(doc)
        scan_html(doc.text, url, tree=doc.tree)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("world", type=Path)
    parser.add_argument("--pages", type=int, default=1500)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args()
    pages = sample(args.world, args.pages)
    for _ in range(args.passes):
        seconds = one_pass(pages)
        print(f"{len(pages)} pages: {seconds / len(pages) * 1000:.3f} ms a page", flush=True)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(one_pass, pages)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
