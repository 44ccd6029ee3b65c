"""A site's menu and footer links (`common_targets`): targets linked from at least half of
the site's linking pages and from at least three.  They are counted in one pass over the
site's links in stored order; these tests hold that pass to SQL's count(distinct source),
also when a page's links were written in several pieces."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.store import Store

SITE = "http://127.0.0.1:8101/"


def write_links(
    store: Store, run: int, batches: Sequence[Sequence[tuple[str | None, str | None]]]
) -> None:
    """(source, target) links of site `s`, each batch one write (in its order)."""
    for batch in batches:
        rows = [{"site_key": "s", "source": s, "target": t} for s, t in batch]
        rows += [{"site_key": "other", "source": SITE + "x.html", "target": SITE + "menu.html"}]
        store.write_batch(run, {"links": rows})


def test_a_menu_on_every_page_is_common_and_an_article_link_is_not(tmp_path: Path) -> None:
    store = Store(tmp_path / "audit.db")
    run = store.start_run("t", "i.toml", {}, "t", "2014-11-20")
    pages = [f"{SITE}p{i}.html" for i in range(8)]
    batch = [(page, SITE + "menu.html") for page in pages]
    batch += [(page, SITE + "menu.html") for page in pages[:3]]  # twice on a page: once
    batch += [(page, SITE + "half.html") for page in pages[:4]]
    batch += [(page, SITE + "article.html") for page in pages[:3]]
    batch.sort(key=lambda link: pages.index(str(link[0])))  # a page's links together
    write_links(store, run, [batch])
    common = store.common_targets(run, "s")
    assert common == {SITE + "menu.html", SITE + "half.html"}
    assert common == store._common_targets_sql(run, "s")


def test_a_page_whose_links_were_written_in_two_pieces_counts_once(tmp_path: Path) -> None:
    """Four pages: the target linked twice from p0 (in two writes) and once from p1 is on
    two of four pages, not three: it is not a menu."""
    store = Store(tmp_path / "audit.db")
    run = store.start_run("t", "i.toml", {}, "t", "2014-11-20")
    first = [(f"{SITE}p{i}.html", SITE + "all.html") for i in range(4)]
    first += [(SITE + "p0.html", SITE + "twice.html"), (SITE + "p1.html", SITE + "twice.html")]
    again = [(SITE + "p0.html", SITE + "twice.html"), (SITE + "p0.html", SITE + "all.html")]
    write_links(store, run, [first, again])
    assert store.common_targets(run, "s") == {SITE + "all.html"}


LINKS = st.lists(
    st.tuples(
        st.sampled_from([None, *(f"{SITE}p{i}.html" for i in range(6))]),
        st.sampled_from([None, "", *(f"{SITE}t{i}.html" for i in range(4))]),
    ),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINKS, min_size=1, max_size=3), st.booleans())
def test_the_one_pass_count_equals_sqls_count_distinct(
    batches: list[list[tuple[str | None, str | None]]], grouped: bool
) -> None:
    """Any links in any order (NULL sources and targets included): the same targets as
    SQL's `count(distinct source)`.  `grouped` writes each batch's links page by page, as
    the crawl does."""
    if grouped:
        batches = [sorted(b, key=lambda link: str(link[0])) for b in batches]
    with TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "audit.db")
        run = store.start_run("t", "i.toml", {}, "t", "2014-11-20")
        write_links(store, run, batches)
        assert store.common_targets(run, "s") == store._common_targets_sql(run, "s")
        store.close()
