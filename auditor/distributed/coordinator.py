"""`auditor audit --redis URL`: publish the crawl as host groups in Redis, merge the shards the
workers hand in, and leave one ordinary run in the audit database for classify/judge/report.

The coordinator is the only writer of the audit database (a SQLite file on its own disk):
workers never need it.  It keeps, outside Redis, which groups it has merged, so a Redis that
restarts empty is simply given the job again with the groups still missing.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import time
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
    resume: bool = False,
) -> int:
    """Crawl through Redis; returns the run id once every host group is merged.
    `workers` local worker processes are started beside the coordinator (0: others do it).
    `resume` continues the interrupted run: its merged groups are kept, not crawled again."""
    from auditor.crawl.linkbook import mark_mixed_content
    from auditor.crawl.run import CRAWLED, group_by_host, indexed_after, open_run
    from auditor.distributed.connect import connect

    run_id, resuming = open_run(store, inspection, resume)
    merged = merged_before(store, run_id, resuming)
    client = connect(url)
    groups = [[site.key for site in g] for g in group_by_host(inspection.all_sites)]
    job = Job(job_id(store, run_id), inspection, groups, keep_body)
    board = Board(client, job.id)
    take_up(board, job, merged, resuming, quiet, url)
    local = [spawn_worker(url, log_file, i) for i in range(workers)]
    try:
        with indexed_after(store, resuming):  # merged shards' links, indexed at the end
            Merger(board, job, store, run_id, quiet, merged).until_done()
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


def merged_before(store: Store, run_id: int, resuming: bool) -> set[int]:
    """The groups a resumed run already holds.  A single-machine crawl's rows are not
    recorded by group, so its interrupted run is continued on one machine only."""
    from auditor.store.shards import merged_groups

    merged = merged_groups(store, run_id)
    if resuming and not merged and store.fetched_urls(run_id):
        raise InputError(
            f"数据库 {store.path} 中被中断的第 {run_id} 次抓取是单机抓取,不能用 --redis 继续",
            "去掉 --redis,用同一条命令加 --resume 在本机继续;或去掉 --resume 重新开始分布式检查。",
        )
    return merged


def job_id(store: Store, run_id: int) -> str:
    """The run's job id in Redis, the same each time the run is (re)started: a resumed
    coordinator finds its job, and the workers still crawling it, where it left them."""
    run = store.run(run_id) or {}
    seed = f"{Path(store.path).resolve()}\n{run_id}\n{run.get('started')}"
    return hashlib.sha1(seed.encode("utf-8")).hexdigest()[:12]


def take_up(
    board: Board, job: Job, merged: set[int], resuming: bool, quiet: bool, url: str
) -> None:
    """Publish the groups not merged yet; a resume whose job is still in Redis keeps it (the
    workers go on) and only requeues the groups a killed coordinator took but never merged."""
    from auditor.distributed.board import current_job_id

    pending = [g for g in range(len(job.groups)) if g not in merged]
    if resuming and current_job_id(board.r) == job.id:
        lost = board.requeue(pending)
        say(
            quiet,
            f"继续 Redis {url} 中的检查任务:已合并 {len(merged)} 个主机组,"
            f"重新排队 {lost} 个未合并的主机组。",
        )
        return
    board.publish(job, pending)
    say(quiet, f"已在 Redis {url} 发布检查任务:{len(pending)} 个主机组,等待 worker 抓取。")


def distributed_crawl(url: str, workers: int) -> Callable[..., int]:
    """run_crawl's signature, crawling through Redis (what `auditor audit --redis` passes):
    the options run_crawl takes (resume, log_file, quiet, keep_body) pass through."""

    def crawl(inspection: Inspection, store: Store, resume: bool = False, **options: Any) -> int:
        return run_distributed(inspection, store, url, workers, resume=resume, **options)

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

    def __init__(
        self, board: Board, job: Job, store: Store, run_id: int, quiet: bool, merged: set[int]
    ) -> None:
        self.board, self.job, self.store, self.run_id, self.quiet = board, job, store, run_id, quiet
        self.merged = set(merged)  # groups already in the run (a resume keeps them)
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
                self.merge(group, body)
                self.merged.add(group)
        if len(self.merged) != self.shown:
            self.shown = len(self.merged)
            say(self.quiet, f"已合并 {self.shown}/{len(self.job.groups)} 个主机组。")

    def merge(self, group: int, body: bytes) -> None:
        from auditor.distributed.spool import shard_root
        from auditor.store.shards import merge_shard

        with tempfile.TemporaryDirectory(prefix="auditor-merge-", dir=shard_root()) as tmp:
            path = Path(tmp) / "shard.db"
            path.write_bytes(body)
            merge_shard(self.store, self.run_id, path, group, self.job.id)

    def redis_down(self, error: Any) -> None:
        self.down_since = self.down_since or time.monotonic()
        if time.monotonic() - self.down_since > REDIS_PATIENCE_SECONDS:
            raise AuditorError(
                f"Redis 连接中断已超过 {int(REDIS_PATIENCE_SECONDS)} 秒:{error}",
                f"已合并的 {len(self.merged)} 个主机组保存在数据库 {self.store.path}"
                ";恢复 Redis 后加 --resume 重新运行同一条 auditor audit --redis … 命令,"
                "已合并的主机组不再抓取。",
                exit_code=1,
            )
