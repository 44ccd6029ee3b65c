"""The crawl frontier on disk: memory stays flat as a district grows.

Scrapy keeps every scheduled request in memory (a Request, its meta and headers: ~3 KB each),
and a breadth-first crawl of a big site schedules most of it before fetching it.  DiskFrontier
is Scrapy's own scheduler with its pickled disk queues, in a temporary directory per scheduler
that is removed when the spider closes: it is a spool, never a resumable job (Scrapy's JOBDIR
is not used).  A resumed crawl rebuilds its frontier from the store (spiders/site.py).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import struct
import tempfile
from pathlib import Path
from typing import Any, cast

from queuelib.queue import LifoDiskQueue
from scrapy import Request
from scrapy.core.scheduler import Scheduler
from scrapy.squeues import PickleLifoDiskQueue

from auditor.spiders.lean import LeanRevalidations

_PICKLED_LIFO: Any = PickleLifoDiskQueue  # a class built at run time: typed as Any

PREFIX = "auditor-frontier-"
LOST_REASON = "frontier_lost"  # the close reason of a spider whose spool could not be read

logger = logging.getLogger(__name__)


def spool_root() -> Path:
    """This process's spool directory (removed by `remove_spool`); spools left by killed
    processes are removed on the way."""
    root = _own_spool()
    _remove_orphans(root.parent)
    root.mkdir(exist_ok=True)
    return root


def remove_spool() -> None:
    shutil.rmtree(_own_spool(), ignore_errors=True)


def _own_spool() -> Path:
    return Path(tempfile.gettempdir()) / f"{PREFIX}{os.getpid()}"


def _remove_orphans(base: Path) -> None:
    for path in base.glob(f"{PREFIX}*"):
        pid = path.name.removeprefix(PREFIX)
        if pid.isdigit() and not is_alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def is_alive(pid: int) -> bool:
    """Whether a process of this machine still runs (a spool or shard of a dead one is stale)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class DiskFrontier(Scheduler):
    """Scrapy's scheduler with its requests in pickled disk queues in a throwaway directory.
    Checks and a repeat's conditional requests skip it: spiders/lean.py sends them (up to
    its memory bound) straight to the downloader."""

    def open(self, spider: Any) -> Any:
        self.dqdir = tempfile.mkdtemp(prefix="queue-", dir=spool_root())
        self.lean = LeanRevalidations(self.crawler)
        return super().open(spider)

    def enqueue_request(self, request: Request) -> bool:
        return self.lean.take(request) or super().enqueue_request(request)

    def has_pending_requests(self) -> bool:
        return len(self.lean) > 0 or super().has_pending_requests()

    def _dqpush(self, request: Request) -> bool:
        """A spool that cannot be written (a full disk) keeps the request in memory: Scrapy
        queues it there when this answers False, and the crawl loses nothing."""
        try:
            return bool(super()._dqpush(request))
        except OSError as error:
            logger.warning("待抓取队列无法写入磁盘(%s),其后的请求暂存内存。", error)
            return False

    def _dqpop(self) -> Request | None:
        """A spool that cannot be read ends this spider as interrupted, with a message:
        popping it again would fail forever and the crawl would never finish.  What it held
        is not lost: `--resume` rebuilds the frontier from the store."""
        try:
            return super()._dqpop()
        except OSError as error:
            self._lose_spool(error)
            return None

    def _lose_spool(self, error: OSError) -> None:
        logger.error(
            "待抓取队列 %s 读取失败(%s),本次抓取按中断处理;清理磁盘后加 --resume 继续。",
            self.dqdir,
            error,
        )
        self._close_spool()
        from twisted.internet import reactor

        engine = cast(Any, self.crawler).engine
        cast(Any, reactor).callLater(0, engine.close_spider, self.spider, LOST_REASON)

    def _close_spool(self) -> None:
        """Close the disk queues once, whatever state a failing disk left them in."""
        if self.dqs is not None:
            with contextlib.suppress(OSError):
                self.dqs.close()
        self.dqs = None

    def close(self, reason: str) -> Any:
        """Drop what is still queued: an interrupted crawl resumes from the store."""
        self.lean.drop()
        self._close_spool()
        if self.dqdir:
            shutil.rmtree(self.dqdir, ignore_errors=True)
        return self.df.close(reason)


class TailLifoFile(LifoDiskQueue):
    """queuelib's LIFO file without a truncate per pop: the queue's end is kept in memory,
    read and written with `pread`/`pwrite` (no seeks), and a push writes over what the last
    pops left behind.  Same bytes between the header and the end as queuelib's; the file is
    cut to that end when closed.  (queuelib seeks three times, reads twice and truncates the
    file for every pop: ~1.3% of a 20,000-page first audit's profile.)"""

    _SIZE = struct.Struct(">L")

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path)
        self.f.flush()
        self.fd = self.f.fileno()
        self.end = self.f.tell()  # queuelib leaves the file positioned at its end

    def push(self, string: bytes) -> None:
        if not isinstance(string, bytes):
            raise TypeError(f"Unsupported type: {type(string).__name__}")
        record = string + self._SIZE.pack(len(string))
        written = os.pwrite(self.fd, record, self.end)
        if written != len(record):  # a full disk: the queue's end stays where it was
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), self.path)
        self.end += len(record)
        self.size += 1

    def pop(self) -> bytes | None:
        last = self._last()
        if last is None:
            return None
        self.end, data = last
        self.size -= 1
        return data

    def peek(self) -> bytes | None:
        last = self._last()
        return None if last is None else last[1]

    def _last(self) -> tuple[int, bytes] | None:
        """(offset, bytes) of the last record, if any."""
        if not self.size:
            return None
        (length,) = self._SIZE.unpack(
            os.pread(self.fd, self._SIZE.size, self.end - self._SIZE.size)
        )
        start = self.end - self._SIZE.size - length
        return start, os.pread(self.fd, length, start)

    def clear(self) -> None:
        super().clear()
        self.f.flush()
        self.end = self.f.tell()

    def close(self) -> None:
        os.ftruncate(self.fd, self.end)
        super().close()


_TAIL_FILE: Any = TailLifoFile  # typed as Any beside the run-time class, whose push takes requests


class NamedCallbackQueue(_PICKLED_LIFO, _TAIL_FILE):
    """Scrapy's pickled LIFO disk queue, but a request's callback and errback are named
    without `inspect.getmembers` of the whole spider: Scrapy's `Request.to_dict` looks the
    bound method up among every member of the spider for each request pushed (~5% of a
    profiled repeat crawl).  The name is read from the method and checked against the
    spider; anything else falls back to Scrapy's own lookup.  Its file is a `TailLifoFile`
    (below Scrapy's pickling in the method order: same records, fewer system calls)."""

    def push(self, request: Request) -> None:
        plain = named_dict(self.spider, request)
        if plain is None:
            super().push(request)
            return
        super(_PICKLED_LIFO, self).push(plain)  # the pickling queue below Scrapy's


def named_dict(spider: Any, request: Request) -> dict[str, Any] | None:
    """`request.to_dict(spider=spider)` without Scrapy's search of the spider's members for
    the callback and errback (their names are read from the methods); None when either is
    not simply a method of the spider (the caller then lets Scrapy name it, or refuse it).
    Also what the distributed frontier pickles into Redis (auditor/distributed/frontier.py)."""
    callback = _method_name(spider, request.callback)
    errback = _method_name(spider, request.errback)
    if callback is None or errback is None:
        return None
    plain = _unbound_dict(request)
    plain["callback"], plain["errback"] = callback or None, errback or None
    return plain


def _method_name(spider: Any, func: Any) -> str | None:
    """The spider attribute naming bound method `func`; "" for no function, None when it
    is not simply a method of the spider (Scrapy then names it, or refuses it, itself)."""
    if func is None:
        return ""
    name = getattr(func, "__name__", "")
    own = getattr(getattr(spider, name, None), "__func__", None) if name else None
    return name if own is not None and own is getattr(func, "__func__", None) else None


def _unbound_dict(request: Request) -> dict[str, Any]:
    """`request.to_dict()` as if it had no callback or errback (the caller names them): the
    two are unset while Scrapy builds the dict, instead of a `replace()` that built a whole
    second Request (its URL made safe again, its headers and meta copied) for every push."""
    callback, errback = request.callback, request.errback
    request.callback = request.errback = None
    try:
        return request.to_dict()
    finally:
        request.callback, request.errback = callback, errback
