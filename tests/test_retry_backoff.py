"""Retries wait: Retry-After when the server gives one (capped), else doubling delays."""

from __future__ import annotations

import time

import pytest
from scrapy import Spider
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from auditor.spiders.middlewares import NOT_BEFORE, BackoffRetryMiddleware, retry_after_seconds


@pytest.fixture()
def middleware() -> BackoffRetryMiddleware:
    crawler = get_crawler(
        Spider, {"RETRY_TIMES": 3, "AUDITOR_RETRY_BACKOFF": 1.0, "AUDITOR_RETRY_AFTER_MAX": 30}
    )
    crawler.spider = crawler._create_spider("test")
    return BackoffRetryMiddleware.from_crawler(crawler)


def wait_of(request: Request | Response) -> float:
    assert isinstance(request, Request), request  # a retry, not the answer given up on
    return round(request.meta[NOT_BEFORE] - time.time())


def test_delays_double_without_retry_after(middleware: BackoffRetryMiddleware) -> None:
    request, waits = Request("http://127.0.0.1/x"), []
    for _ in range(3):
        retried = middleware.process_response(
            request, Response(request.url, status=503, request=request)
        )
        waits.append(wait_of(retried))
        assert isinstance(retried, Request)
        request = retried
    assert waits == [1, 2, 4]
    final = middleware.process_response(request, Response(request.url, status=503))
    assert isinstance(final, Response) and final.status == 503  # gave up: the 503 is recorded


def test_retry_after_is_honoured_and_capped(middleware: BackoffRetryMiddleware) -> None:
    request = Request("http://127.0.0.1/x")
    response = Response(request.url, status=429, headers={"Retry-After": "7"})
    assert wait_of(middleware.process_response(request, response)) == 7
    response = Response(request.url, status=429, headers={"Retry-After": "3600"})
    assert wait_of(middleware.process_response(request, response)) == 30


def test_ok_response_is_not_retried(middleware: BackoffRetryMiddleware) -> None:
    request = Request("http://127.0.0.1/x")
    response = Response(request.url, status=200)
    assert middleware.process_response(request, response) is response


def test_retry_after_formats() -> None:
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10
    assert retry_after_seconds("soon") is None
