"""`auditor audit --redis URL`: publish the crawl as host groups in Redis, merge the shards the
workers hand in, and leave one ordinary run in the audit database for classify/judge/report.

The coordinator is the only writer of the audit database (a SQLite file on its own disk):
workers never need it.  It keeps, outside Redis, which groups it has merged, so a Redis that
restarts empty is simply given the job again with the groups still missing.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from auditor.distributed.board import Board, Job
from auditor.errors import AuditorError, InputError
from auditor.inspection.file import Inspection
from auditor.store import Store

POLL_SECONDS = 0.5
REDIS_PATIENCE_SECONDS = 300.0


def run_distributed(
    inspection: Inspection,
    store: Store,
    url: str,
    workers: int = 0,
    quiet: bool = False,
    log_file: Path | None = None,
    keep_body: Callable[[dict[str, Any]], bool] | None = None,
) -> int:
    """Crawl through Redis; returns the run id once every host group is merged.
    `workers` local worker processes are started beside the coordinator (0: others do it)."""
    from auditor.crawl.linkbook import mark_mixed_content
    from auditor.crawl.run import CRAWLED, group_by_host, open_run
    from auditor.distributed.connect import connect

    client = connect(url)
    run_id, _ = open_run(store, inspection, False)
    groups = [[site.key for site in g] for g in group_by_host(inspection.all_sites)]
    job = Job(uuid.uuid4().hex[:12], inspection, groups, keep_body)
    board = Board(client, job.id)
    board.publish(job, list(range(len(groups))))
    say(quiet, f"已在 Redis {url} 发布检查任务:{len(groups)} 个主机组,等待 worker 抓取。")
    local = [spawn_worker(url, log_file, i) for i in range(workers)]
    try:
        Merger(board, job, store, run_id, quiet).until_done()
        board.clear()
    finally:
        for proc in local:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
    mark_mixed_content(store, run_id)
    store.set_run_status(run_id, CRAWLED)
    return run_id


def distributed_crawl(url: str, workers: int) -> Callable[..., int]:
    """run_crawl's signature, crawling through Redis (what `auditor audit --redis` passes):
    the options run_crawl takes besides `resume` (log_file, quiet, keep_body) pass through."""

    def crawl(inspection: Inspection, store: Store, resume: bool = False, **options: Any) -> int:
        if resume:
            raise InputError(
                "分布式检查(--redis)不支持 --resume",
                "已合并的主机组保存在数据库中;去掉 --resume 重新运行 auditor audit --redis … 即可。",
            )
        return run_distributed(inspection, store, url, workers, **options)

    return crawl


def spawn_worker(url: str, log_file: Path | None, index: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "auditor", "worker", "--redis", url]
    if log_file is not None:
        command += ["--log-file", str(log_file.with_suffix(f".w{index}{log_file.suffix}"))]
    return subprocess.Popen(command)


def say(quiet: bool, message: str) -> None:
    if not quiet:
        click.echo(message, err=True)


class Merger:
    """Takes finished shards out of Redis into the audit's run, one transaction each."""

    def __init__(self, board: Board, job: Job, store: Store, run_id: int, quiet: bool) -> None:
        self.board, self.job, self.store, self.run_id, self.quiet = board, job, store, run_id, quiet
        self.merged: set[int] = set()
        self.down_since: float | None = None
        self.shown = -1

    def until_done(self) -> None:
        import redis

        while len(self.merged) < len(self.job.groups):
            try:
                self.step()
                self.down_since = None
            except redis.exceptions.RedisError as error:  # down, loading, timed out
                self.redis_down(error)
            time.sleep(POLL_SECONDS)

    def step(self) -> None:
        from auditor.distributed.board import current_job_id

        if current_job_id(self.board.r) != self.job.id:
            pending = [g for g in range(len(self.job.groups)) if g not in self.merged]
            say(
                self.quiet,
                f"Redis 中的任务已丢失(Redis 可能已重启),重新发布尚未合并的 {len(pending)} 个主机组。",
            )
            self.board.publish(self.job, pending)
            return
        for group, body in self.board.finished_shards():
            if group not in self.merged:
                self.merge(body)
                self.merged.add(group)
        if len(self.merged) != self.shown:
            self.shown = len(self.merged)
            say(self.quiet, f"已合并 {self.shown}/{len(self.job.groups)} 个主机组。")

    def merge(self, body: bytes) -> None:
        from auditor.distributed.spool import shard_root
        from auditor.store.shards import merge_shard

        with tempfile.TemporaryDirectory(prefix="auditor-merge-", dir=shard_root()) as tmp:
            path = Path(tmp) / "shard.db"
            path.write_bytes(body)
            merge_shard(self.store, self.run_id, path)

    def redis_down(self, error: Any) -> None:
        self.down_since = self.down_since or time.monotonic()
        if time.monotonic() - self.down_since > REDIS_PATIENCE_SECONDS:
            raise AuditorError(
                f"Redis 连接中断已超过 {int(REDIS_PATIENCE_SECONDS)} 秒:{error}",
                f"已合并的 {len(self.merged)} 个主机组保存在数据库 {self.store.path}"
                "(本次抓取标记为未完成);恢复 Redis 后重新运行 auditor audit --redis … 即可重新检查。",
                exit_code=1,
            )
