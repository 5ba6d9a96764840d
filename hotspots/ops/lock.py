"""One build at a time per dist directory.

The lock is a small JSON file, `dist/.run.lock`, naming its holder (pid, host, start time, run id).
While a run holds it, a heartbeat thread touches the file, so its mtime says when the holder was
last alive. A second run waits up to `wait` seconds for it, then gives up with `LockBusy`, which
names the holder.

A lock is stale, and is cleared, when its holder was on this host and that process is gone (or
its pid now belongs to another process), or when it has had no heartbeat for `max_age` seconds
(a holder on another machine that died). Checking and taking the lock happen under a short
`flock` on the dist directory itself, so two runs that find the same stale lock cannot both
take it; the kernel drops that flock when a process dies, so it never goes stale itself.

(`dist/.lock` is a different lock: the release layer's, held only while publishing.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import secrets
import socket
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

LOCK_NAME = ".run.lock"
DEFAULT_MAX_AGE = 3600.0  # seconds without a heartbeat before a lock held elsewhere is stale
POLL_SECONDS = 0.5


class LockBusy(RuntimeError):
    """Another run holds the lock (and did not release it within the wait)."""

    def __init__(self, path: Path, holder: Holder | None, waited: float) -> None:
        self.path, self.holder, self.waited = path, holder, waited
        who = holder.describe() if holder else "an unknown holder"
        hint = (
            "pass --wait SECONDS to wait for it"
            if waited == 0
            else f"gave up after waiting {waited:.0f} s"
        )
        super().__init__(
            f"another run is building into {path.parent}: {path.name} is held by {who}; {hint}"
        )


@dataclass(frozen=True)
class Holder:
    pid: int
    host: str
    started_at: str
    run_id: str
    token: str
    proc_start: str | None = None  # Linux: the process's start time, to tell a reused pid apart
    heartbeat: float = 0.0  # the file's mtime: when the holder last showed it was alive

    def describe(self) -> str:
        return f"run {self.run_id} (pid {self.pid} on {self.host}, started {self.started_at})"

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "token"}


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this host (a zombie does not count)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    stat = _proc_stat(pid)
    return not (stat and stat[0] == "Z")


def proc_start(pid: int) -> str | None:
    stat = _proc_stat(pid)
    return stat[19] if stat and len(stat) > 19 else None


def _proc_stat(pid: int) -> list[str] | None:
    """Fields 3… of /proc/<pid>/stat (state, ppid, …, starttime at index 19); None off Linux."""
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return data[data.rfind(")") + 2 :].split()


def stale_reason(holder: Holder, now: float, max_age: float, host: str | None = None) -> str | None:
    """Why `holder` no longer holds the lock, or None if it may still be running."""
    host = host or socket.gethostname()
    if holder.host == host:
        if not pid_alive(holder.pid):
            return f"process {holder.pid} is no longer running on {host}"
        if holder.proc_start and proc_start(holder.pid) not in (None, holder.proc_start):
            return f"pid {holder.pid} now belongs to another process"
    idle = now - holder.heartbeat
    if idle > max_age:
        return f"no heartbeat for {idle:.0f} s (more than the maximum age of {max_age:.0f} s)"
    return None


def read_holder(path: Path) -> Holder | None:
    """The lock's holder; None when there is no lock. An unreadable file reads as a dead holder."""
    try:
        text = path.read_text(encoding="utf-8")
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return None
    try:
        data = json.loads(text)
        return Holder(**{**data, "pid": int(data["pid"]), "heartbeat": mtime})
    except (ValueError, TypeError, KeyError):
        return Holder(
            pid=0, host="?", started_at="?", run_id="unreadable lock file", token="", heartbeat=0.0
        )


class RunLock:
    """`with RunLock(dist_dir, run_id, wait=60):` — hold `dist_dir/.run.lock` for the block.

    After `acquire()`: `waited` (seconds) and `cleared` (the stale holder removed, with the reason).
    """

    def __init__(
        self,
        dist_dir: Path,
        run_id: str,
        wait: float = 0.0,
        max_age: float = DEFAULT_MAX_AGE,
        poll: float = POLL_SECONDS,
    ) -> None:
        self.dist_dir = Path(dist_dir)
        self.path = self.dist_dir / LOCK_NAME
        self.run_id, self.wait, self.max_age, self.poll = run_id, max(0.0, wait), max_age, poll
        self.token = secrets.token_hex(8)
        self.waited = 0.0
        self.cleared: dict | None = None
        self.lost: str | None = (
            None  # set when, at release, the lock turned out to be someone else's
        )
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    # --- taking and giving back ----------------------------------------------------------------
    def acquire(self) -> RunLock:
        self.dist_dir.mkdir(parents=True, exist_ok=True)
        t0 = time.monotonic()
        while (holder := self._try_take()) is not None:
            self.waited = round(time.monotonic() - t0, 3)
            if self.waited >= self.wait:
                raise LockBusy(self.path, holder, self.waited if self.wait else 0)
            time.sleep(min(self.poll, max(0.01, self.wait - self.waited)))
            self.waited = round(time.monotonic() - t0, 3)
        self._start_heartbeat()
        return self

    def release(self) -> None:
        self._stop.set()
        if self._beat is not None:
            self._beat.join(timeout=5)
        with self._guard():
            holder = read_holder(self.path)
            if holder is not None and holder.token == self.token:
                self.path.unlink()
            else:
                self.lost = (
                    f"the lock was taken over by {holder.describe()}"
                    if holder
                    else "the lock file was removed by someone else"
                )

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()

    def as_dict(self) -> dict:
        return {
            "path": str(self.path),
            "waited_s": self.waited,
            "cleared_stale": self.cleared,
            "lost": self.lost,
        }

    # --- internals -----------------------------------------------------------------------------
    def _try_take(self) -> Holder | None:
        """Take the lock if it is free or stale; otherwise return its live holder."""
        with self._guard():
            holder = read_holder(self.path)
            if holder is not None:
                reason = stale_reason(holder, time.time(), self.max_age)
                if reason is None:
                    return holder
                self.cleared = {**holder.as_dict(), "reason": reason}
            self._write()
            return None

    def _write(self) -> None:
        me = Holder(
            pid=os.getpid(),
            host=socket.gethostname(),
            run_id=self.run_id,
            token=self.token,
            started_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            proc_start=proc_start(os.getpid()),
        )
        tmp = self.dist_dir / f"{LOCK_NAME}.{self.token}.tmp"  # not `.tmp-*`: publish sweeps those
        tmp.write_text(
            json.dumps({k: v for k, v in asdict(me).items() if k != "heartbeat"}, indent=2) + "\n",
            encoding="utf-8",
        )
        os.replace(tmp, self.path)

    @contextlib.contextmanager
    def _guard(self):
        fd = os.open(self.dist_dir, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing drops the flock

    def _start_heartbeat(self) -> None:
        interval = max(0.05, min(30.0, self.max_age / 4))

        def beat() -> None:
            while not self._stop.wait(interval):
                with contextlib.suppress(OSError):
                    os.utime(self.path)

        self._stop.clear()
        self._beat = threading.Thread(target=beat, name="hotspots-lock-heartbeat", daemon=True)
        self._beat.start()
