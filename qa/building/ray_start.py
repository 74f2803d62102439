"""Starting a local Ray cluster, or reaching one, for a build on Ray (distributed.py).

Ray (2.60) gives a new local node 30 s to register its raylet with its GCS (a constant
in ray/_private/node.py: no argument of ray.init changes it), and the raylet first waits
for its Python agents, which on a busy machine can take longer to start: "The current
node timed out during startup". That is no failure of the build: the start is made once
more, after the processes the failed one left running (its GCS, raylet, agents) are
ended, since nothing else would end them before this process does.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from urllib.parse import urlsplit

from qa.core.errors import ClusterError

log = logging.getLogger(__name__)
CONNECT_TIMEOUT_S = 5.0
LOCAL_STARTS = 2  # tries to start a new local cluster


def start(ray, options: dict) -> None:
    """ray.init(**options); a new local cluster whose start timed out is started again
    (LOCAL_STARTS tries in all), and what a failed local start left running is ended."""
    local = options["address"] == "local"
    for attempt in range(1, LOCAL_STARTS + 1):
        before = _ray_processes() if local else set()
        try:
            ray.init(**options)
            return
        except Exception as e:
            if local:
                _end_all(before)
            if not local or "timed out during startup" not in str(e) or attempt == LOCAL_STARTS:
                raise
            log.warning("the local Ray cluster did not start in Ray's 30 s; starting it again")


def _ray_processes() -> set[int]:
    """Ray's processes below this one (Linux's /proc; none elsewhere): its binaries and
    scripts, and its workers and agents (titled ray::...)."""
    parents, ray = {}, set()
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:  # "pid (name) state ppid ..."
                parents[int(entry)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                line = f.read()
        except (OSError, ValueError, IndexError):
            continue  # not a process, or gone meanwhile
        if line.startswith(b"ray::") or b"/ray/" in line:
            ray.add(int(entry))
    found, todo = set(), [os.getpid()]
    while todo:
        parent = todo.pop()
        children = {pid for pid, p in parents.items() if p == parent} - found
        found |= children
        todo.extend(children)
    return found & ray


def _end_all(before: set[int], rounds: int = 10) -> None:
    """End the Ray processes started since `before`, looking again until none is left:
    a failed start may still be spawning its monitors while the first are ended (seen
    once under load: the autoscaler's monitor.py and log_monitor.py left running)."""
    for _ in range(rounds):
        left = _ray_processes() - before
        if not left:
            return
        _end(left)
        time.sleep(0.3)


def _end(pids: set[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass  # ended already


def reachable(address: str) -> None:
    """Fail in one line, in seconds, when a ray:// address does not answer (Ray's client
    retries for a long time before it gives up)."""
    if not address.startswith("ray://"):
        return
    parts = urlsplit(address)
    try:
        host, port = parts.hostname, parts.port or 10001
    except ValueError:
        host, port = None, None
    if not host:
        raise ClusterError(f"{address!r} is no Ray address; give ray://HOST:10001, auto or local")
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as e:
        raise ClusterError(
            f"the Ray cluster at {address} does not answer ({e.strerror or e}); start it "
            "(ray start --head --ray-client-server-port 10001) or check --ray/QA_RAY"
        ) from None


def first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
