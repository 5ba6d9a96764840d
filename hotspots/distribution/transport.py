"""How a mirror's files are read: over HTTP(S) with resumed, retried transfers, or through fsspec.

`download.py` decides what to fetch and when a release is complete; this module only moves bytes,
retrying what the network or the server got wrong for a moment and refusing what it got wrong for
good.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import fsspec

from hotspots.distribution import DistributionError, Progress
from hotspots.release.registry import SUMS

CHUNK = 1 << 16
MAX_BACKOFF = 30.0
USER_AGENT = "china-innovation-hotspots-downloader/1"
_CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


class DownloadError(DistributionError):
    """The release was not downloaded, or was refused; nothing was left in the destination."""


class Interrupted(OSError):
    """A transfer ended before its announced length."""


def open_source(source: str, **options) -> Source:
    scheme = urllib.parse.urlsplit(source).scheme.lower()
    if scheme in ("http", "https"):
        return HttpSource(source, **options)
    fs, root = fsspec.core.url_to_fs(source)
    return FsSource(source, fs, root, **options)


def is_transient(err: BaseException) -> bool:
    """Worth retrying: the network or the server hiccuped, as opposed to a definite answer."""
    if isinstance(err, urllib.error.HTTPError):
        return err.code in (408, 425, 429) or err.code >= 500
    return isinstance(err, OSError | http.client.HTTPException)


class Source:
    """A mirror root; subclasses know how to read and fetch a path relative to it."""

    def __init__(self, source: str, *, retries: int, backoff: float, timeout: float) -> None:
        self.source, self.retries, self.backoff, self.timeout = source, retries, backoff, timeout
        self._registry: list[dict] | None = None
        self._registry_read = False

    def url(self, rel: str) -> str:
        return self.source.rstrip("/") + "/" + rel

    def registry(self) -> list[dict] | None:
        """The mirror's versions.json, or None if it has none (a bare folder of versions)."""
        if not self._registry_read:
            data = self.read("versions.json")
            try:
                entries = json.loads(data) if data is not None else None
                if entries is not None and not all(
                    isinstance(e, dict) and isinstance(e.get("version"), str) for e in entries
                ):
                    raise ValueError("not a list of versions")
                self._registry = entries
            except (ValueError, TypeError):
                raise DownloadError(
                    f"{self.url('versions.json')} is not a list of versions",
                    hint="the mirror is damaged; try another mirror",
                ) from None
            self._registry_read = True
        return self._registry

    def _retrying(self, what: str, attempt):
        """Run `attempt()` until it succeeds; retry transient failures with backoff, bounded.
        Returns (its value, the number of retries)."""
        failures = 0
        while True:
            try:
                return attempt(), failures
            except (OSError, http.client.HTTPException) as err:
                if not is_transient(err):
                    raise DownloadError(
                        f"{what}: {err}", hint="check the --from address and try again"
                    ) from None
                failures += 1
                if failures > self.retries:
                    raise DownloadError(
                        f"{what}: failed {failures} times, last: {err}; nothing was saved",
                        hint="check your connection or the mirror, then run the same command "
                        "again (or raise --retries)",
                    ) from None
                time.sleep(min(self.backoff * 2 ** (failures - 1), MAX_BACKOFF))

    def read(self, rel: str) -> bytes | None:
        raise NotImplementedError

    def fetch(self, rel: str, out: Path, name: str, progress: Progress) -> int:
        raise NotImplementedError


class HttpSource(Source):
    def url(self, rel: str) -> str:
        return self.source.rstrip("/") + "/" + urllib.parse.quote(rel)

    def _open(self, rel: str, offset: int = 0):
        headers = {"User-Agent": USER_AGENT}
        if offset:
            headers["Range"] = f"bytes={offset}-"
        request = urllib.request.Request(self.url(rel), headers=headers)
        return urllib.request.urlopen(request, timeout=self.timeout)

    def read(self, rel: str) -> bytes | None:
        def attempt() -> bytes | None:
            try:
                with self._open(rel) as resp:
                    data = resp.read()
                    length = resp.headers.get("Content-Length")
                    if length is not None and len(data) < int(length):
                        raise Interrupted(f"got {len(data)} of {length} bytes")
                    return data
            except urllib.error.HTTPError as err:
                if err.code in (404, 410):
                    return None
                raise

        return self._retrying(self.url(rel), attempt)[0]

    def fetch(self, rel: str, out: Path, name: str, progress: Progress) -> int:
        def attempt() -> None:
            have = out.stat().st_size if out.exists() else 0
            try:
                resp = self._open(rel, have)
            except urllib.error.HTTPError as err:
                if err.code == 416 and have:
                    return  # nothing after `have`: the file is complete (the hash decides)
                if err.code in (404, 410):
                    raise DownloadError(
                        f"{self.url(rel)}: listed in {SUMS} but missing on the mirror",
                        hint="the mirror's copy is incomplete; try another mirror",
                    ) from None
                raise
            with resp:
                total = _total_size(resp, have)
                if have and resp.status == 206:
                    start = _range_start(resp)
                    if start != have:  # not what we asked for: start over
                        out.unlink()
                        raise Interrupted(f"server resumed at byte {start}, not {have}")
                    mode = "ab"
                else:  # first request, or a server that ignores Range: from the beginning
                    have, mode = 0, "wb"
                    progress.start(name, total)
                got = have
                with open(out, mode) as fh:
                    for chunk in iter(lambda: resp.read(CHUNK), b""):
                        fh.write(chunk)
                        got += len(chunk)
                        progress.advance(name, len(chunk))
                # http.client returns b"" rather than raising when a connection closes early.
                if total is not None and got < total:
                    raise Interrupted(f"connection closed after {got} of {total} bytes")
            progress.done(name)

        return self._retrying(f"{self.url(rel)}", attempt)[1]


def _total_size(resp, have: int) -> int | None:
    match = _CONTENT_RANGE.match(resp.headers.get("Content-Range") or "")
    if resp.status == 206 and match and match.group(3) != "*":
        return int(match.group(3))
    length = resp.headers.get("Content-Length")
    if length is None:
        return None
    return int(length) + (have if resp.status == 206 else 0)


def _range_start(resp) -> int | None:
    match = _CONTENT_RANGE.match(resp.headers.get("Content-Range") or "")
    return int(match.group(1)) if match else None


class FsSource(Source):
    """A path, `file://` URL, or any fsspec filesystem: read with seek to resume."""

    def __init__(self, source: str, fs, root: str, **options) -> None:
        super().__init__(source, **options)
        self.fs, self.root = fs, root.rstrip("/")

    def _path(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def read(self, rel: str) -> bytes | None:
        def attempt() -> bytes | None:
            try:
                return self.fs.cat_file(self._path(rel))
            except FileNotFoundError:
                return None

        return self._retrying(self.url(rel), attempt)[0]

    def fetch(self, rel: str, out: Path, name: str, progress: Progress) -> int:
        def attempt() -> None:
            have = out.stat().st_size if out.exists() else 0
            try:
                fin = self.fs.open(self._path(rel), "rb")
            except FileNotFoundError:
                raise DownloadError(
                    f"{self.url(rel)}: listed in {SUMS} but missing on the mirror",
                    hint="the mirror's copy is incomplete; try another mirror",
                ) from None
            with fin, open(out, "ab") as fh:
                if not have:
                    progress.start(name, getattr(fin, "size", None))
                fin.seek(have)
                for chunk in iter(lambda: fin.read(CHUNK), b""):
                    fh.write(chunk)
                    progress.advance(name, len(chunk))
            progress.done(name)

        return self._retrying(self.url(rel), attempt)[1]
