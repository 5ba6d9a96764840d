"""Fetch one web page or report for `hotspots add URL`, defensively, with the standard library.

- http and https only, at every hop; redirects followed by hand, at most MAX_REDIRECTS;
- a timeout on connecting and on every read, and a deadline for the whole transfer (a server that
  trickles bytes cannot hold the command for ever);
- the body streamed and stopped as soon as it passes the ingest's size limit (a Content-Length
  over it is refused before a byte of the body is read);
- Content-Type must say HTML, PDF or plain text (or say nothing, or the generic
  application/octet-stream a server sends for a download): the type of the snapshot is then
  sniffed from the bytes by `hotspots.sources.metadata`;
- a body shorter than its Content-Length, or a connection dropped mid-body, is an error.
The body is returned in memory (at most 5 MiB): nothing reaches raw/ unless all of it arrived.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from hotspots import __version__
from hotspots.ingest import MAX_DOCUMENT_BYTES, MAX_PDF_BYTES

DEFAULT_TIMEOUT = 30.0  # seconds per connect or read
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "application/pdf", "text/plain")
# What servers send for a file download whose type they do not know; the bytes decide.
GENERIC_TYPES = ("application/octet-stream", "binary/octet-stream", "application/x-download")
REDIRECTS = (301, 302, 303, 307, 308)
USER_AGENT = f"china-innovation-hotspots/{__version__} (hotspots add; snapshot for an open dataset)"


class FetchError(RuntimeError):
    """Why a URL was not fetched; nothing was kept."""


@dataclass(frozen=True)
class Fetched:
    data: bytes
    final_url: str  # after redirects: the address the bytes actually came from
    content_type: str | None
    charset: str | None
    redirects: tuple[str, ...] = ()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand every 3xx back to `fetch`, which checks and counts each hop itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _check_scheme(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"only http(s) URLs are fetched, not {url!r}")


def fetch(
    url: str,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    deadline: float | None = None,
    pdf_max_bytes: int = MAX_PDF_BYTES,
) -> Fetched:
    """The body of `url` after at most `max_redirects` redirects; see the module docstring.
    `deadline` bounds the whole transfer in seconds (default: 4 x `timeout`). A body served as
    application/pdf may have up to `pdf_max_bytes` (the ingest's PDF limit), any other `max_bytes`."""
    deadline_at = time.monotonic() + (deadline if deadline is not None else 4 * timeout)
    opener = urllib.request.build_opener(_NoRedirect())  # per call: proxy settings read now
    hops: list[str] = []
    current = url
    while True:
        _check_scheme(current)
        request = urllib.request.Request(
            current, headers={"User-Agent": USER_AGENT, "Accept": ", ".join(ACCEPTED_TYPES)}
        )
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code in REDIRECTS:
                location = exc.headers.get("Location")
                if not location:
                    raise FetchError(
                        f"{current}: HTTP {exc.code} redirect without a Location"
                    ) from None
                hops.append(current)
                if len(hops) > max_redirects:
                    raise FetchError(
                        f"{url}: more than {max_redirects} redirects (last to {location})"
                    ) from None
                current = urllib.parse.urljoin(current, location)
                continue
            raise FetchError(f"{current}: HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
            raise FetchError(f"{current}: {_reason(exc)}") from None
        with response:
            content_type, charset = _content_type(response.headers)
            _check_type(current, content_type)
            limit = (
                max(max_bytes, pdf_max_bytes) if content_type == "application/pdf" else max_bytes
            )
            data = _read_body(response, current, limit, deadline_at)
        return Fetched(data, response.geturl() or current, content_type, charset, tuple(hops))


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timed out"
    return str(reason) or type(reason).__name__


def _content_type(headers: Message) -> tuple[str | None, str | None]:
    if not headers.get("Content-Type"):
        return None, None
    return headers.get_content_type().lower(), headers.get_content_charset()


def _check_type(url: str, content_type: str | None) -> None:
    if content_type is None or content_type in ACCEPTED_TYPES or content_type in GENERIC_TYPES:
        return
    raise FetchError(
        f"{url}: Content-Type {content_type} is not a web page, a PDF or plain text; not fetched"
    )


def _read_body(response, url: str, max_bytes: int, deadline_at: float) -> bytes:
    length = response.headers.get("Content-Length")
    if length and length.strip().isdigit() and int(length) > max_bytes:
        raise FetchError(
            f"{url}: the document is {int(length):,} bytes, over the {max_bytes:,}-byte limit; not fetched"
        )
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline_at:
            raise FetchError(f"{url}: the transfer took too long (stopped after {size:,} bytes)")
        try:
            chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
        except http.client.IncompleteRead as exc:
            raise FetchError(
                f"{url}: the connection closed after {size + len(exc.partial):,} bytes, before the end of the document"
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(
                f"{url}: the transfer failed after {size:,} bytes: {_reason(exc)}"
            ) from None
        if not chunk:
            break
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: the document is over the {max_bytes:,}-byte limit; stopped")
        chunks.append(chunk)
    if length and length.strip().isdigit() and size < int(length):
        raise FetchError(
            f"{url}: the connection closed after {size:,} of {int(length):,} bytes; not kept"
        )
    return b"".join(chunks)
