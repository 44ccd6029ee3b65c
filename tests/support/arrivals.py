"""When requests reached a loopback server, and whether their starts kept a delay.

A handler thread that stamps a request's arrival with time.monotonic() stamps it late when
the machine is loaded (a new thread to start, the GIL held by another thread, a garbage
collection in a big pytest process): two requests sent a delay apart can then be stamped
a few milliseconds apart. The kernel stamps each received packet as it arrives instead
(SO_TIMESTAMPNS), to the microsecond, whatever the server's threads are doing; the servers
read that stamp from the request's first bytes before parsing it. What is left between the
crawler's decision to start a request and its arrival is the crawler's own lag (its reactor
preempted between taking the host's turn and writing the request): `shortfall` measures
how far the starts fall behind the delay, which a test bounds by that lag.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Sequence

SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux's value; Python names it not


def stamp_arrivals(listening: socket.socket) -> None:
    """Have the kernel stamp what the accepted connections receive (they inherit it)."""
    listening.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)


def arrival(connection: socket.socket) -> float:
    """The time.monotonic() at which the next request's first bytes reached the kernel;
    waits for them without consuming them. Now, when the kernel gave no stamp (a TLS socket,
    a closed connection, another system)."""
    try:
        data, ancillary, _, _ = connection.recvmsg(1, socket.CMSG_SPACE(16), socket.MSG_PEEK)
    except (NotImplementedError, OSError):
        return time.monotonic()
    real, monotonic = time.time(), time.monotonic()
    for level, kind, raw in ancillary:
        if data and level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(raw) >= 16:
            seconds, nanoseconds = struct.unpack("qq", raw[:16])
            return monotonic - (real - (seconds + nanoseconds / 1e9))
    return monotonic


def shortfall(starts: Sequence[float], delay: float) -> float:
    """How far, at most, the sorted `starts` fall short of being `delay` apart: the largest
    (j - i) * delay - (starts[j] - starts[i]). A lag in one start shortens the gaps around
    it but does not add up over later ones, so this stays within the longest lag when the
    delay was kept; without the delay it grows with every start."""
    worst = float("-inf")
    for i, first in enumerate(starts):
        for j in range(i + 1, len(starts)):
            worst = max(worst, (j - i) * delay - (starts[j] - first))
    return worst
