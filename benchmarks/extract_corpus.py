"""Extraction accuracy and speed on real government pages, read in place from the shared corpus.

    python3 benchmarks/extract_corpus.py [--corpus DIR] [--repeat N]

For every DIR/*/*.html: parse + links + facts, timed (best of N); where hand labels exist beside
the page (NAME.expected_date.txt, NAME.expected_content.txt, NAME.expected_author.txt) the
published date must match, and the body text is scored by character-bigram precision/recall
against the labelled content. Then the same pipeline on a synthetic 30 KB TRS-style page.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from auditor.extract import extract_facts, extract_links, find_date, parse_document  # noqa: E402

DEFAULT_CORPUS = Path("/work/shared/corpus/realworld")
_SPACE = re.compile(r"\s+")


def timed(body: bytes, url: str, repeat: int) -> tuple[float, object]:
    best, facts = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        doc = parse_document(body, url)
        extract_links(doc)
        facts = extract_facts(doc)
        best = min(best, time.perf_counter() - start)
    return best * 1000, facts


def bigrams(text: str) -> set[str]:
    text = _SPACE.sub("", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}


def overlap(ours: str, expected: str) -> tuple[float, float]:
    mine, theirs = bigrams(ours), bigrams(expected[:4000])
    common = len(mine & theirs)
    return common / (len(mine) or 1), common / (len(theirs) or 1)


def label(page: Path, kind: str) -> str | None:
    path = page.with_name(page.stem + f".expected_{kind}.txt")
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def report_page(page: Path, repeat: int) -> tuple[float, bool | None]:
    ms, facts = timed(page.read_bytes(), "http://127.0.0.1/" + page.name, repeat)
    line = f"{page.parent.name}/{page.name:45} {len(page.read_bytes()) / 1024:6.0f} KB {ms:6.1f} ms"
    expected_date, ok = find_date(label(page, "date")), None
    line += f"  date {facts.published} ({facts.published_source})"
    if expected_date:
        ok = facts.published == expected_date
        line += f" expected {expected_date} {'OK' if ok else 'WRONG'}"
    content = label(page, "content")
    if content:
        precision, recall = overlap(facts.text, content)
        line += f"  text P={precision:.2f} R={recall:.2f}"
    author = label(page, "author")
    if author:
        line += f"  author label {author!r} (agency={facts.agency!r})"
    print(line)
    return ms, ok


def synthetic_page() -> bytes:
    nav = "".join(f"<li><a href='/col/{i}/'>栏目{i}</a></li>" for i in range(120))
    side = "".join(
        f"<li><a href='/art/2014/8/{1 + i % 28}/art_{i}.html'>良庆区财政局关于第{i}项工作的通知</a>"
        f"<span>2014-08-{1 + i % 28:02d}</span></li>"
        for i in range(60)
    )
    para = "<p>根据《中华人民共和国预算法》规定，现将本部门2014年部门预算公开如下，请社会各界监督。</p>"
    html = (
        "<html><head><meta charset='utf-8'><title>良庆区财政局2014年部门预算 - 良庆区财政局</title>"
        "<meta name='PubDate' content='2014-08-05 10:00'></head><body>"
        f"<ul class='nav'>{nav}</ul><div class='position'>当前位置：首页 > 信息公开 > 部门预决算</div>"
        f"<h1>良庆区财政局2014年部门预算</h1><div class='TRS_Editor'>{para * 140}</div>"
        f"<ul class='side'>{side}</ul><div class='footer'>主办：良庆区财政局 桂ICP备00000001号</div>"
        "</body></html>"
    )
    return html.encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results = [report_page(p, args.repeat) for p in sorted(args.corpus.glob("*/*.html"))]
    if results:
        dated = [ok for _, ok in results if ok is not None]
        mean = sum(ms for ms, _ in results) / len(results)
        print(
            f"corpus: {len(results)} pages, mean {mean:.1f} ms/page, dates {sum(dated)}/{len(dated)}"
        )
    body = synthetic_page()
    ms, _ = timed(body, "http://127.0.0.1/art/2014/8/5/art_1.html", max(args.repeat, 50))
    print(f"synthetic {len(body) / 1024:.0f} KB page: {ms:.1f} ms/page (parse + links + facts)")


if __name__ == "__main__":
    main()
