"""The shared state of a distributed crawl in Redis, changed only by atomic Lua scripts.

Layout (one job per Redis database, every key under `auditor:<job id>:`):

    auditor:job            the job: id, inspection, host groups (pickled; workers are trusted)
    auditor:job-id         its id alone, polled by workers and the coordinator
    todo                   list of host-group indexes nobody holds
    lease:<g>              the attempt token holding group g, with an expiry renewed by its worker
    running                hash g -> attempt token
    done                   hash g -> attempt token whose shard is waiting to be merged
    finished               set of attempt tokens that handed in a whole shard
    shard:<token>          the finished attempt's SQLite shard (bytes), taken by the coordinator
    claims                 hash url -> "g:token": which attempt checks a URL of another host
    gate:<host>, next:<host>   the per-host politeness leases (auditor/distributed/gate.py)
    <spider>:<token>:requests   scrapy-redis's frontier of one group attempt

A group is crawled by one attempt at a time.  An attempt whose worker dies stops renewing its
lease; the next `take` by anyone puts the group back on `todo`.  A claim holds only while its
attempt holds its lease or has finished, so the checks of a dead or abandoned attempt are
claimed again by whoever meets them next, and its partial shard is never merged.
"""

from __future__ import annotations

import os
import pickle
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

LEASE_MS = 15_000  # a group's lease: renewed every RENEW_SECONDS by a living worker
RENEW_SECONDS = 2.0

_TAKE = """
local running = redis.call('HGETALL', KEYS[2])
for i = 1, #running, 2 do
  local g, t = running[i], running[i + 1]
  if redis.call('EXISTS', ARGV[1] .. 'lease:' .. g) == 0 then
    redis.call('HDEL', KEYS[2], g)
    redis.call('RPUSH', KEYS[1], g)
  end
end
local g = redis.call('LPOP', KEYS[1])
if not g then return {-1, redis.call('HLEN', KEYS[2])} end
redis.call('SET', ARGV[1] .. 'lease:' .. g, ARGV[2], 'PX', ARGV[3])
redis.call('HSET', KEYS[2], g, ARGV[2])
return {tonumber(g), 0}
"""

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

_FINISH = """
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[3])
redis.call('SET', KEYS[4], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[5], ARGV[2])
return 1
"""

_REQUEUE = """
local queued = {}
for _, g in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do queued[g] = true end
local n = 0
for _, g in ipairs(ARGV) do
  if not queued[g] and redis.call('HEXISTS', KEYS[2], g) == 0
     and redis.call('HEXISTS', KEYS[3], g) == 0 then
    redis.call('RPUSH', KEYS[1], g)
    n = n + 1
  end
end
return n
"""

_CLAIM = """
local holder = redis.call('HGET', KEYS[1], ARGV[1])
if holder and holder ~= ARGV[2] then
  local g, t = string.match(holder, '^(%d+):(.+)$')
  if redis.call('GET', ARGV[3] .. 'lease:' .. g) == t then return 0 end
  if redis.call('SISMEMBER', KEYS[2], t) == 1 then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
"""


@dataclass(frozen=True)
class Job:
    """What every worker needs to crawl any group of the run."""

    id: str
    inspection: Any  # auditor.inspection.file.Inspection
    groups: list[list[str]]  # site keys per host group
    # pages whose body is kept for the evidence pack (auditor.crawl.job.Job.keep_body; picklable)
    keep_body: Callable[[dict[str, Any]], bool] | None = None


def new_token() -> str:
    """An attempt's name: the machine and process, so a log line says who held a group."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


class Board:
    """One job's keys and scripts on one Redis connection."""

    def __init__(self, client: Any, job_id: str) -> None:
        self.r = client
        self.job_id = job_id
        self.prefix = f"auditor:{job_id}:"
        self._take = client.register_script(_TAKE)
        self._renew = client.register_script(_RENEW)
        self._finish = client.register_script(_FINISH)
        self._release = client.register_script(_RELEASE)
        self._claim = client.register_script(_CLAIM)
        self._requeue = client.register_script(_REQUEUE)

    def key(self, name: str) -> str:
        return self.prefix + name

    # the coordinator ---------------------------------------------------------------------
    def publish(self, job: Job, pending: list[int]) -> None:
        """(Re)publish the job with the groups still to crawl: a fresh Redis after a restart
        gets everything not yet merged."""
        pipe = self.r.pipeline()
        pipe.delete(self.key("todo"), self.key("running"))
        if pending:
            pipe.rpush(self.key("todo"), *pending)
        pipe.set("auditor:job", pickle.dumps(job))
        pipe.set("auditor:job-id", job.id)
        pipe.execute()

    def requeue(self, groups: list[int]) -> int:
        """Put back on `todo` those of `groups` nobody has queued, holds or handed in: the
        ones a killed coordinator took out of Redis but never merged.  One atomic script, so
        a group a worker takes meanwhile is never queued twice."""
        if not groups:
            return 0
        keys = [self.key("todo"), self.key("running"), self.key("done")]
        return int(self._requeue(keys=keys, args=groups))

    def finished_shards(self) -> Iterator[tuple[int, bytes]]:
        """The shards of finished groups, one at a time, each taken out of Redis only once
        the caller asks for the next: after its merge has committed.  A coordinator killed
        mid-merge so loses no shard (its resume merges what is still here); taking them
        all out first lost the unmerged ones, and their attempts' claims, which hold for a
        finished attempt, then kept the requeued group's new attempt from checking those
        URLs at all.  One shard in memory at a time, however many groups finished."""
        for group, token in self.r.hgetall(self.key("done")).items():
            shard = self.key(f"shard:{token.decode()}")
            body = self.r.get(shard)
            if body is not None:
                yield int(group), body
            pipe = self.r.pipeline()
            pipe.delete(shard)
            pipe.hdel(self.key("done"), group)
            pipe.execute()

    def clear(self) -> None:
        """The job is merged: drop its keys, leaving a marker that tells late workers so."""
        keys = list(self.r.scan_iter(match=self.prefix + "*", count=1000))
        for start in range(0, len(keys), 500):
            self.r.delete(*keys[start : start + 500])
        self.r.delete("auditor:job", "auditor:job-id")
        self.r.set(self.key("complete"), 1, ex=3600)

    # a worker ----------------------------------------------------------------------------
    def take(self, token: str) -> tuple[int | None, int]:
        """A group to crawl (or None) and how many groups others hold."""
        group, busy = self._take(
            keys=[self.key("todo"), self.key("running")],
            args=[self.prefix, token, LEASE_MS],
        )
        return (None if group < 0 else int(group)), int(busy)

    def renew(self, group: int, token: str) -> bool:
        return bool(self._renew(keys=[self.key(f"lease:{group}")], args=[token, LEASE_MS]))

    def release(self, group: int, token: str) -> None:
        """Give up a group without its shard (stopped, crashed): the next `take` requeues it
        at once instead of after the lease runs out."""
        self._release(keys=[self.key(f"lease:{group}")], args=[token])

    def finish(self, group: int, token: str, shard: bytes) -> bool:
        """Hand in a finished group's shard; False when the lease was lost meanwhile."""
        keys = [
            self.key("running"),
            self.key("done"),
            self.key(f"lease:{group}"),
            self.key(f"shard:{token}"),
            self.key("finished"),
        ]
        return bool(self._finish(keys=keys, args=[group, token, shard]))

    def claim(self, url: str, group: int, token: str) -> bool:
        """True when this attempt checks the URL: nobody claimed it, or its claimer lost its
        lease without finishing (killed, abandoned, or forgotten by a restarted Redis)."""
        keys = [self.key("claims"), self.key("finished")]
        return bool(self._claim(keys=keys, args=[url, f"{group}:{token}", self.prefix]))


def current_job_id(client: Any) -> str | None:
    """The published job's id: cheap to poll, where the job itself may hold 14,000 sites."""
    found = client.get("auditor:job-id")
    return found.decode() if found else None


def server_id(client: Any) -> str:
    """The Redis server's run id: it changes when the server restarts, so a worker knows its
    leases, queues and claims are gone even when the coordinator has republished the job."""
    return str(client.info("server")["run_id"])


def current_job(client: Any) -> Job | None:
    body = client.get("auditor:job")
    return pickle.loads(body) if body else None
