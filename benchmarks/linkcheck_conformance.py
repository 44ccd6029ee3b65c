"""Conformance of auditor's link extraction with three established link checkers' own suites.

    python3 benchmarks/linkcheck_conformance.py [--corpus ../shared/corpus/linkcheckers] [-v]

Serves `../shared/corpus/linkcheckers/` on 127.0.0.1 (LinkChecker's data folder at the path its
suite uses, /tests/checker/data/), fetches every page of the three suites over HTTP, runs
auditor's real extraction on it (`parse_document` + `extract_links`, what the crawl stores in
`links`), and compares the recorded URLs with the ones each suite expects:
- LinkChecker: the `cache key` of every entry of `<page>.result` after the page's own
  (`url` when the key is `None`: a malformed link), placeholders filled in;
- lychee and linkinator: `expected.json` of their folder ({dir}, {root} filled in).
URLs are compared with fragments merged (as linkinator does; auditor keeps the fragment in
`links.fragment` and checks the URL once), http(s) URLs in the form a browser requests and long
data: URLs up to their comma.  Deliberate differences are listed in EXCLUDED with their
reason (docs/linkcheck.md repeats them).  Prints recall and precision per peer and overall.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.extract import extract_links, parse_document  # noqa: E402
from auditor.net.urls import request_url, scheme_of  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "linkcheckers"
LINKCHECKER_PATH = "/tests/checker/data"  # where LinkChecker's suite serves its data folder
PEERS = ("linkchecker", "lychee", "linkinator")
USE_EXCLUSIONS = True  # --raw: compare without the documented exclusions

# Where auditor deliberately differs from a peer: (peer, page or "*", URL prefix): why.
# "{origin}" stands for the server's origin.  docs/linkcheck.md repeats these.
EXCLUDED = {
    ("linkchecker", "*", "dns:"): "dns-prefetch/preconnect hints warm up a host; no page "
    "uses them, and auditor never resolves names it is not asked to fetch",
    ("linkchecker", "*", "clsid:"): "an <object classid> names an ActiveX control, not an address",
    ("linkchecker", "*", "javascript:"): "auditor reads the URLs inside javascript: links "
    "(window.open, location.href), never records or runs the script itself",
    ("linkchecker", "anchor1.html", "{origin}/tests/checker/data/anchor3.html"): "linked from "
    "anchor2.html, which LinkChecker's recursion also reads; not a link of this page",
    ("linkchecker", "file_url_quote.html", "http://localhost:8001/"): "LinkChecker decodes "
    "%FC as the page's charset and re-encodes it as UTF-8 (%C3%BC); auditor requests the "
    "escapes the page wrote, and encodes raw text in a query in the page's charset, as a "
    "browser does (WHATWG)",
    ("linkchecker", "file_url_quote.html", "mailto:"): "the same re-encoding, in mailto: "
    "links (recorded as written)",
    ("linkchecker", "http_url_quote.html", "http://localhost:8001/"): "as file_url_quote.html",
    ("linkchecker", "http_url_quote.html", "mailto:"): "as file_url_quote.html",
    ("linkchecker", "http_quotes.html", "{origin}/stalter"): "LinkChecker escapes `&` in a "
    "path (%26); a browser sends it as written (WHATWG's path set leaves `&` alone), and so "
    "does auditor",
    ("linkchecker", "html5.html", "{origin}/tests/checker/data/file.php"): "<html manifest> "
    "names an AppCache manifest, which browsers no longer fetch (removed in Chrome 85 and "
    "Firefox 84)",
    ("lychee", "*", "https://example]org/"): "a malformed URL is recorded with its own verdict "
    "(malformed_url); lychee's extractor drops it",
}


@dataclass(frozen=True)
class Case:
    peer: str
    page: str  # path of the page inside the peer's folder
    expected: tuple[str, ...]  # with placeholders, filled in by `expected_urls`

    @property
    def path(self) -> str:
        prefix = LINKCHECKER_PATH if self.peer == "linkchecker" else f"/{self.peer}"
        return f"{prefix}/{self.page}"

    @property
    def id(self) -> str:
        return f"{self.peer}/{self.page}"


def _linkchecker_expected(result: Path) -> tuple[str, ...]:
    """Every entry's cache key after the first (the page itself); `url` when it is None."""
    urls = []
    for block in result.read_text("utf-8").split("\n\n")[1:]:
        fields = dict(line.split(" ", 1) for line in block.splitlines() if " " in line)
        key = block.split("cache key ", 1)[1].splitlines()[0] if "cache key " in block else ""
        urls.append(fields.get("url", "") if key in ("", "None") else key)
    return tuple(u for u in urls if u)


def cases(corpus: Path = CORPUS) -> list[Case]:
    found = [
        Case(
            "linkchecker",
            str(r.relative_to(corpus / "linkchecker"))[: -len(".result")],
            _linkchecker_expected(r),
        )
        for r in sorted((corpus / "linkchecker").rglob("*.result"))
    ]
    for peer in ("lychee", "linkinator"):
        data = json.loads((corpus / peer / "expected.json").read_text("utf-8"))
        found += [Case(peer, page, tuple(v["urls"])) for page, v in data.items() if page[0] != "_"]
    return found


def expected_urls(case: Case, origin: str) -> list[str]:
    page_dir = (origin + case.path).rsplit("/", 1)[0] + "/"
    data = f"{origin}{LINKCHECKER_PATH}"
    out = []
    for url in case.expected:
        url = url.replace("file://%(curdir)s/%(datadir)s", data)
        url = url.replace("http://localhost:%(port)d", origin)
        url = url.replace("%(datadir)s", LINKCHECKER_PATH.lstrip("/")).replace("%%", "%")
        out.append(url.replace("{dir}", page_dir).replace("{root}", origin))
    return out


def same_form(url: str) -> str:
    """The form both sides are compared in (see the module's docstring)."""
    url = url.strip().split("#", 1)[0]
    if scheme_of(url) == "data":
        return url.split(",", 1)[0] if len(url) > 256 or "," not in url else url
    if scheme_of(url) in ("http", "https"):
        try:
            return request_url(url)
        except ValueError:
            return url
    return url


class _Handler(SimpleHTTPRequestHandler):
    def translate_path(self, path: str) -> str:
        if path.startswith(LINKCHECKER_PATH + "/"):
            path = "/linkchecker/" + path[len(LINKCHECKER_PATH) + 1 :]
        return super().translate_path(path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def serve(corpus: Path = CORPUS) -> Iterator[str]:
    """The corpus on 127.0.0.1 (port 0); yields the origin."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(corpus)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def recorded_urls(case: Case, origin: str) -> list[str]:
    """What auditor records for the page: its extraction run on the page fetched over HTTP."""
    url = origin + case.path
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - 127.0.0.1 only
        body, charset = answer.read(), answer.headers.get_content_charset()
    urls = [link.url for link in extract_links(parse_document(body, url, charset))]
    if case.peer == "lychee":  # its tests give no base: relative links are out of their scope
        urls = [u for u in urls if not u.startswith(origin)]
    return urls


def excluded(case: Case, url: str, origin: str) -> bool:
    if not USE_EXCLUSIONS:
        return False
    return any(
        peer == case.peer
        and page in ("*", case.page)
        and url.startswith(prefix.replace("{origin}", origin))
        for peer, page, prefix in EXCLUDED
    )


def compare(case: Case, origin: str) -> tuple[set[str], set[str]]:
    """(expected, recorded) of one page, both in the compared form, exclusions removed.
    The page itself is left out on both sides: LinkChecker lists it first and linkinator
    counts it, and auditor's links to its own fragments name it."""
    expected = {same_form(u) for u in expected_urls(case, origin)}
    recorded = {same_form(u) for u in recorded_urls(case, origin)}
    leave_out = {same_form(origin + case.path)}
    expected = {u for u in expected - leave_out if not excluded(case, u, origin)}
    recorded = {u for u in recorded - leave_out if not excluded(case, u, origin)}
    return expected, recorded


def measure(corpus: Path = CORPUS, verbose: bool = False) -> dict[str, dict[str, float]]:
    totals: dict[str, list[int]] = {p: [0, 0, 0] for p in (*PEERS, "overall")}
    with serve(corpus) as origin:
        for case in cases(corpus):
            expected, recorded = compare(case, origin)
            hit = len(expected & recorded)
            for key in (case.peer, "overall"):
                totals[key][0] += hit
                totals[key][1] += len(expected)
                totals[key][2] += len(recorded)
            if verbose and expected != recorded:
                print(
                    f"{case.id}: missed {sorted(expected - recorded)} "
                    f"extra {sorted(recorded - expected)}"
                )
    return {
        key: {
            "recall": hit / max(exp, 1),
            "precision": hit / max(rec, 1),
            "expected": exp,
            "recorded": rec,
        }
        for key, (hit, exp, rec) in totals.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--raw", action="store_true", help="ignore the documented exclusions")
    args = parser.parse_args()
    global USE_EXCLUSIONS  # noqa: PLW0603 - a command-line switch of this script
    USE_EXCLUSIONS = not args.raw
    if not args.corpus.is_dir():
        sys.exit(f"找不到链接检查器测试页:{args.corpus}\n提示:把 shared 放在项目目录旁(../shared)")
    for key, row in measure(args.corpus, args.verbose).items():
        print(
            f"{key:12} recall {row['recall']:.3f}  precision {row['precision']:.3f}  "
            f"(expected {row['expected']:.0f}, recorded {row['recorded']:.0f})"
        )


if __name__ == "__main__":
    main()
