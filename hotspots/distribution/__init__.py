"""Getting releases to consumers: a static mirror of `dist/`, and a download-and-verify client.

from hotspots.distribution.mirror import mirror_dist
from hotspots.distribution.download import download_release

mirror_dist(Path("dist"), "s3://bucket/hotspots")  # or a folder, or file:///srv/hotspots
download_release("https://example.org/hotspots", "latest", Path("data"))  # -> data/<version>

Both report transfers through a `Progress` (the CLI draws rich progress bars with it) and fail
with a `DistributionError` whose `hint` names the next step to take.
"""

from __future__ import annotations

from typing import Protocol


class DistributionError(RuntimeError):
    """A mirror or download was refused or failed; `hint` says what to do next."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class Progress(Protocol):
    """Receives transfer events, one file at a time; `total` is None when the size is unknown."""

    def start(self, name: str, total: int | None) -> None: ...

    def advance(self, name: str, n: int) -> None: ...

    def done(self, name: str) -> None: ...


class NoProgress:
    """The default: report nothing."""

    def start(self, name: str, total: int | None) -> None:
        pass

    def advance(self, name: str, n: int) -> None:
        pass

    def done(self, name: str) -> None:
        pass
