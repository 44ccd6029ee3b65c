"""The spider asks a listing's proxy or API only on its own inspected host, decided before
any connection is made."""

from __future__ import annotations

from auditor.inspection.file import Site
from auditor.spiders.listing_walker import own_host

SITE = Site(department="城区财政局", url="http://127.0.0.1:8101/bm/czj/", key="site1")


def test_follow_ups_stay_on_the_spiders_own_host() -> None:
    assert own_host("http://127.0.0.1:8101/module/web/jpage/dataproxy.jsp", SITE)
    assert own_host("http://127.0.0.1:8101/api/list?pageNo=2", SITE)
    assert not own_host("http://127.0.0.1:8102/api/list", SITE)  # another port
    assert not own_host("http://api.example-cdn.invalid/list", SITE)
    assert not own_host("ftp://127.0.0.1:8101/list", SITE)
    assert not own_host("javascript:load('/api/list')", SITE)
