"""`auditor worker --redis URL`: crawl host groups of a distributed audit (docs/scale.md)."""

from __future__ import annotations

import click


@click.command()
@click.option(
    "--redis",
    "redis_url",
    required=True,
    metavar="URL",
    help="协调机器发布任务的 Redis,如 redis://10.0.0.5:6379/0。",
)
@click.option(
    "--slots",
    type=click.IntRange(min=1),
    default=None,
    help="本进程同时抓取的主机组数(每组一个主机,礼貌限制在 Redis 中跨机器共享);"
    "默认按检查方案 [crawl] 的 concurrency、concurrency_per_host 与 delay 计算,与单机抓取相同。",
)
@click.option(
    "--wait",
    "wait_seconds",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Redis 中还没有任务时最多等待的秒数。",
)
@click.option("--log-file", type=click.Path(dir_okay=False), help="Scrapy 日志写入该文件。")
@click.option(
    "--shard-dir",
    type=click.Path(file_okay=False),
    envvar="AUDITOR_SHARD_DIR",
    help="抓取结果分片的临时目录(默认系统临时目录);正常退出时删除,被强制结束留下的目录由下一个 worker 清理。",
)
def worker(
    redis_url: str,
    slots: int | None,
    wait_seconds: float,
    log_file: str | None,
    shard_dir: str | None,
) -> None:
    """从 Redis 领取主机组并抓取,直到任务中没有待抓取的主机组、且其他 worker 也都空闲。"""
    from auditor.distributed.worker import run_worker

    finished = run_worker(redis_url, slots, wait_seconds, log_file, shard_dir)
    click.echo(f"worker 结束:本进程完成 {finished} 个主机组。", err=True)
