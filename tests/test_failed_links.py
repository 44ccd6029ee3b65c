"""A site's broken targets elsewhere (links.other_broken) from the run's failed links read
once for every site: these tests hold that Python pick (`failed_targets_among`) to the
per-site SQL (`site_failed_targets`) it replaced, for any mix of sites, sources, verdicts
and row order, check that both pick in URL order, whatever order the links were stored in,
and check the bound above which sites are asked one by one again."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.store import Store
from auditor.store.health import failed_targets_among

SITE = "http://127.0.0.1:8101/"
VERDICTS = [(404, "http_404", 0), (None, "robots", 0), (200, "ok", 1), (None, "timeout", 0)]

sources = st.sampled_from([SITE, SITE + "a.html", SITE + "b.html", "", None])
targets = st.sampled_from([f"{SITE}t{n}.html" for n in range(8)])
links = st.lists(st.tuples(st.sampled_from(["s1", "s2"]), sources, targets), max_size=40)
verdicts = st.lists(st.sampled_from(range(len(VERDICTS) + 1)), min_size=8, max_size=8)


def fill(store: Store, rows: Sequence[tuple[str, str | None, str]], chosen: list[int]) -> int:
    run = store.start_run("t", "i.toml", {}, "t", "2014-11-20")
    store.write_batch(
        run,
        {
            "links": [
                {"site_key": k, "source": s, "target": t, "anchor": f"{i}"}
                for i, (k, s, t) in enumerate(rows)
            ]
        },
    )
    checks = []
    for n, pick in enumerate(chosen):
        if pick < len(VERDICTS):  # the last choice: the target was never checked
            status, reason, ok = VERDICTS[pick]
            url = f"{SITE}t{n}.html"
            checks.append(
                {"site_key": "s1", "url": url, "status": status, "reason": reason, "ok": ok}
            )
    store.write_batch(run, {"checks": checks})
    return run


@settings(max_examples=150, deadline=None)
@given(links, verdicts, st.sets(sources.filter(lambda s: s is not None), max_size=3))
def test_the_runs_failed_links_pick_what_the_per_site_query_picks(rows, chosen, homes) -> None:
    with TemporaryDirectory() as folder:
        store = Store(Path(folder) / "audit.db")
        run = fill(store, rows, chosen)
        held = store.run_failed_links(run, 1000)
        assert held is not None
        for site in ("s1", "s2", "s3"):
            expected = list(store.site_failed_targets(run, site, homes))
            assert failed_targets_among(held, site, homes) == expected


def test_more_failed_links_than_held_are_asked_site_by_site(tmp_path: Path) -> None:
    store = Store(tmp_path / "audit.db")
    rows = [("s1", f"{SITE}p{n}.html", f"{SITE}t{n % 3}.html") for n in range(6)]
    run = fill(store, rows, [0, 0, 2, 4, 4, 4, 4, 4])
    assert len(store.run_failed_links(run, 4) or []) == 4  # t0 and t1, two links each
    assert store.run_failed_links(run, 3) is None
    firsts = [
        row["target"]
        for row in failed_targets_among(store.run_failed_links(run, 4) or [], "s1", [])
    ]
    assert firsts == [f"{SITE}t0.html", f"{SITE}t1.html"]


@settings(max_examples=50, deadline=None)
@given(links, verdicts, st.randoms(use_true_random=False))
def test_the_first_link_to_a_failed_target_is_in_url_order(rows, chosen, random) -> None:
    """The same targets, in target order, each cited by its link on the smallest source URL
    (on that page, its first), however the crawl happened to store the links."""
    shuffled = list(rows)
    random.shuffle(shuffled)
    with TemporaryDirectory() as folder:
        store = Store(Path(folder) / "audit.db")
        picked = []
        for stored in (rows, shuffled):
            run = fill(store, stored, chosen)
            found = list(store.site_failed_targets(run, "s1", []))
            targets = [row["target"] for row in found]
            assert targets == sorted(set(targets))
            for row in found:
                linked = [s or "" for k, s, t in stored if k == "s1" and t == row["target"]]
                assert (row["source"] or "") == min(linked)
            picked.append([(row["target"], row["source"] or "") for row in found])
        assert picked[0] == picked[1]
