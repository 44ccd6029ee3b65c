"""`auditor worker --redis URL`: crawl host groups of the shared job until none is left.

One Scrapy process holds up to `slots` host groups at once, each leased in Redis
(auditor/distributed/board.py) and crawled by the same spiders as a single-machine crawl
(spiders/site.py), with scrapy-redis's scheduler carrying each group's
frontier in Redis.  Each group attempt writes its own SQLite shard; when the group is done the
shard goes to Redis in the same atomic step that ends the lease, and the coordinator merges
it.  A lease that cannot be renewed (the worker was too slow, or Redis restarted and forgot
it) stops that group's spider: its rows are dropped, since another attempt crawls it again.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from auditor.collector import tune_collector
from auditor.distributed.board import (
    RENEW_SECONDS,
    Board,
    Job,
    current_job,
    current_job_id,
    new_token,
    server_id,
)
from auditor.distributed.gate import RedisClaims, RedisHostGate, RedisHostGateMiddleware
from auditor.distributed.spool import ShardSpool, shard_root
from auditor.errors import AuditorError

TICK_SECONDS = 0.5
REDIS_PATIENCE_SECONDS = 120.0  # how long a worker waits for Redis (or the job) to come back
log = logging.getLogger(__name__)


@dataclass
class Attempt:
    group: int
    token: str
    store: Any
    ctx: Any
    crawler: Any = None
    lost: bool = False
    closing: bool = False  # a close of its spider is under way
    renewed: float = field(default_factory=time.monotonic)


def broken(attempt: Attempt) -> bool:
    """The attempt's crawl is incomplete: its spider closed early, or Redis failed it."""
    return bool(attempt.ctx.interrupted or attempt.ctx.partition.failed)


def redis_settings(job: Job, url: str, log_file: str | None) -> dict[str, Any]:
    """The single-machine crawl's Scrapy settings with scrapy-redis as the frontier and the
    Redis host gate in place of the process-wide one."""
    from auditor.crawl.process import inspected_hosts, scrapy_settings

    crawl = job.inspection.crawl
    settings = scrapy_settings(
        crawl, Path(log_file) if log_file else None, inspected_hosts(job.inspection)
    )
    prefix = f"auditor:{job.id}:"
    middlewares = dict(settings["DOWNLOADER_MIDDLEWARES"])
    middlewares["auditor.spiders.hostgate.HostGateMiddleware"] = None
    middlewares["auditor.distributed.gate.RedisHostGateMiddleware"] = 950
    return {
        **settings,
        "DOWNLOADER_MIDDLEWARES": middlewares,
        "SCHEDULER": "auditor.distributed.frontier.AttemptScheduler",
        "SCHEDULER_QUEUE_CLASS": "auditor.distributed.frontier.AttemptQueue",
        "SCHEDULER_QUEUE_KEY": prefix + "%(spider)s:requests",
        # filters as the single-machine crawl does, built as scrapy-redis builds its filter
        "DUPEFILTER_CLASS": "auditor.distributed.frontier.AttemptDupeFilter",
        # a new attempt at a group starts from its start page: what a dead attempt left in
        # the group's queue is dropped with its rows
        "SCHEDULER_FLUSH_ON_START": True,
        "SCHEDULER_PERSIST": False,
        "REDIS_URL": url,
    }


class Worker:
    def __init__(
        self,
        client: Any,
        url: str,
        job: Job,
        slots: int | None,
        log_file: str | None,
        shard_dir: str | None = None,
    ) -> None:
        from auditor.crawl.scope import Scope
        from auditor.crawl.slots import spider_slots

        self.client, self.url, self.job = client, url, job
        # as many groups at once as a single-machine crawl process runs spiders
        self.slots = max(slots or spider_slots(job.inspection.crawl), 1)
        self.board = Board(client, job.id)
        self.active: dict[str, Attempt] = {}  # by attempt token
        self.finished = 0
        self.error: AuditorError | None = None
        self.down_since: float | None = None
        self.server = server_id(client)  # a new id: Redis restarted and forgot every lease
        self.log_file = log_file
        self.shard_root = shard_root(shard_dir)
        # read-only once built, and built from every site: once per worker, not per group
        self.scope = Scope(job.inspection.all_sites)

    def run(self) -> int:
        """Crawl until the job is done; returns the number of groups this worker finished.
        The shard directory goes however the reactor ends (done, Ctrl-C, SIGTERM, error)."""
        self.spool = ShardSpool(self.shard_root)
        self.shards = self.spool.path
        for path in self.spool.removed_stale:
            log.info("已删除无人使用的分片目录 %s", path)
        try:
            self._crawl()
        finally:
            self.spool.remove()
        if self.error is not None:
            raise self.error
        return self.finished

    def _crawl(self) -> None:
        from scrapy.crawler import CrawlerProcess
        from scrapy.utils.reactor import install_reactor

        # Crawls start from a running reactor, so the one Scrapy wants is installed first.
        install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
        from twisted.internet import reactor, task

        crawl = self.job.inspection.crawl
        RedisHostGateMiddleware.gate = RedisHostGate(
            self.board, crawl.concurrency_per_host, crawl.delay, crawl.timeout
        )
        self.process = CrawlerProcess(redis_settings(self.job, self.url, self.log_file))
        logging.getLogger("scrapy").propagate = self.log_file is not None
        self.loop = task.LoopingCall(self.tick)
        # the first tick waits for the running reactor: a crawl started before fails to open
        cast(Any, reactor).callWhenRunning(self.loop.start, TICK_SECONDS)
        self.process.start(stop_after_crawl=False)

    # the loop ----------------------------------------------------------------------------
    def tick(self) -> None:
        """Never raises: a LoopingCall stops for good at its first exception, and a worker
        without its tick would hold its groups' slots forever."""
        import redis

        try:
            self._tick()
        except redis.exceptions.RedisError as error:  # down, restarting, loading, timed out
            log.warning("Redis 暂时不可用:%s", error)
            self._redis_down()
        except Exception:
            log.exception("worker 轮询出错")

    def _tick(self) -> None:
        job_id = current_job_id(self.client)
        if job_id != self.job.id:
            self._drop_all()  # Redis forgot the job: restarted, or the job ended
            if job_id is None and self.client.exists(self.board.key("complete")):
                self._stop()
                return
            self._wait_for_job()
            return
        self.down_since = None
        self._notice_restart()
        self._renew()
        busy = 0
        while len(self.active) < self.slots:
            token = new_token()
            group, busy = self.board.take(token)
            if group is None:
                break
            self._start(group, token)
        if not self.active and busy == 0:
            self._stop()  # nothing to take and nobody holds a group: the job is done

    def _notice_restart(self) -> None:
        """A Redis that restarted lost every lease, queue and claim of the attempts running
        here, even if the coordinator has already republished the job: they are dropped at
        once, before they spend requests or claims that nobody will ever merge."""
        server = server_id(self.client)
        if server != self.server:
            log.warning("Redis 已重启(%s -> %s),放弃正在抓取的主机组", self.server, server)
            self.server = server
            self._drop_all()
        for attempt in list(self.active.values()):
            if broken(attempt) and not attempt.lost:
                self._abandon(attempt)  # a Redis error cost it part of its crawl
            elif attempt.lost:
                self._close(attempt)  # a close that failed (or came too early) is retried

    def _renew(self) -> None:
        now = time.monotonic()
        for attempt in list(self.active.values()):
            if attempt.lost or now - attempt.renewed < RENEW_SECONDS:
                continue
            attempt.renewed = now
            if not self.board.renew(attempt.group, attempt.token):
                self._abandon(attempt)

    def _wait_for_job(self) -> None:
        self.down_since = self.down_since or time.monotonic()
        if time.monotonic() - self.down_since > REDIS_PATIENCE_SECONDS:
            self._fail("Redis 中的检查任务已不存在(Redis 重启且未保存数据,或协调进程已退出)")

    def _redis_down(self) -> None:
        self.down_since = self.down_since or time.monotonic()
        if time.monotonic() - self.down_since > REDIS_PATIENCE_SECONDS:
            self._fail(f"无法连接 Redis {self.url} 已超过 {int(REDIS_PATIENCE_SECONDS)} 秒")

    def _fail(self, message: str) -> None:
        hint = (
            "恢复 Redis 后重新运行 auditor worker --redis …;若协调进程(auditor audit --redis)"
            "也已退出,请加 --resume 重新运行它,已合并的主机组保存在其数据库中,不再抓取。"
        )
        self.error = AuditorError(message, hint, exit_code=1)
        self._drop_all()
        self._stop()

    def _stop(self) -> None:
        if self.loop.running:
            self.loop.stop()
        if not self.active:
            from twisted.internet import reactor

            clock = cast(Any, reactor)
            clock.callLater(0, clock.stop)  # started with stop_after_crawl=False

    # one group ---------------------------------------------------------------------------
    def _start(self, group: int, token: str) -> None:
        from auditor.crawl.job import Job as CrawlJob
        from auditor.crawl.process import _context, _spiders
        from auditor.crawl.run import open_shard_run
        from auditor.store import Store

        store = Store(self.shards / f"{token}.db")
        # a shard's links are only ever read whole, in stored order, by the coordinator's
        # merge (auditor/store/shards.py): they need no index, in the shard or its transfer
        store.defer_indexes()
        run_id = open_shard_run(store, self.job.inspection)
        keys = self.job.groups[group]
        spec = CrawlJob(
            inspection=self.job.inspection,
            db=str(store.path),
            run_id=run_id,
            resuming=False,
            previous=None,  # no revalidation in a distributed run (docs/scale.md)
            groups=[keys],
            partition=RedisClaims(self.board, group, token),
            log_file=None,
            keep_body=self.job.keep_body,
        )
        ctx = _context(spec, store, self.scope)
        attempt = Attempt(group, token, store, ctx)
        self.active[token] = attempt
        ((spider, kwargs),) = _spiders(spec, ctx, store)
        attempt.crawler = self.process.create_crawler(spider)
        done = self.process.crawl(attempt.crawler, context=ctx, **kwargs)
        done.addErrback(self._crashed, attempt)
        done.addBoth(lambda _: self._finished(attempt))

    def _crashed(self, failure: Any, attempt: Attempt) -> None:
        """A crawl that raised is never handed in (its shard may be empty): the lease runs
        out and another attempt crawls the group."""
        attempt.lost = True
        log.error("抓取主机组 %s 时出错:%s", attempt.group, failure.getTraceback())

    def _finished(self, attempt: Attempt) -> None:
        import redis

        self.active.pop(attempt.token, None)
        attempt.ctx.writer.flush()
        attempt.store.close()
        path = attempt.store.path
        try:
            whole = not (attempt.lost or broken(attempt))
            if whole and self.board.finish(attempt.group, attempt.token, path.read_bytes()):
                self.finished += 1
            elif not whole:
                self.board.release(attempt.group, attempt.token)
        except redis.exceptions.RedisError:
            pass  # the lease dies with the connection; another attempt redoes the group
        path.unlink(missing_ok=True)
        if not self.loop.running:
            self._stop()

    def _abandon(self, attempt: Attempt) -> None:
        attempt.lost = True
        self._close(attempt)

    def _close(self, attempt: Attempt) -> None:
        """Close a lost attempt's spider, once its engine has one open."""
        from scrapy.utils.defer import deferred_from_coro

        engine = attempt.crawler.engine if attempt.crawler is not None else None
        if attempt.closing or engine is None or engine.spider is None:
            return
        attempt.closing = True
        closed = deferred_from_coro(engine.close_spider_async(reason="lease_lost"))
        closed.addErrback(self._close_failed, attempt)

    def _close_failed(self, failure: Any, attempt: Attempt) -> None:
        attempt.closing = False  # the next tick tries again
        log.warning("关闭主机组 %s 的抓取失败:%s", attempt.group, failure.getErrorMessage())

    def _drop_all(self) -> None:
        for attempt in list(self.active.values()):
            if not attempt.lost:
                self._abandon(attempt)


def run_worker(
    url: str,
    slots: int | None,
    wait_seconds: float,
    log_file: str | None,
    shard_dir: str | None = None,
) -> int:
    """Connect, wait for a job (up to `wait_seconds`), crawl it; the groups finished.
    Shards are written under `shard_dir` (default: AUDITOR_SHARD_DIR, else the temp dir)."""
    from auditor.distributed.connect import connect

    client = connect(url)
    deadline = time.monotonic() + wait_seconds
    while (job := current_job(client)) is None:
        if time.monotonic() > deadline:
            raise AuditorError(
                f"Redis {url} 中没有待抓取的检查任务",
                "先在协调机器上运行 auditor audit --redis … 检查方案.toml,再启动 worker。",
            )
        time.sleep(0.5)
    tune_collector()  # again, now that the job's modules are loaded
    return Worker(client, url, job, slots, log_file, shard_dir).run()
