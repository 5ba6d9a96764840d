"""Release layer: write, describe, version, verify and compare dataset releases under dist/.

result = publish_release(tables, Path("dist"), build_info)
problems = verify_release(Path("dist/1.0.0"))  # [] means OK
"""

from hotspots.release.diff import diff_releases, summarize
from hotspots.release.publish import (
    PublishResult,
    ReleaseError,
    latest_version,
    list_versions,
    publish_release,
)
from hotspots.release.verify import verify_release

__all__ = [
    "PublishResult",
    "ReleaseError",
    "diff_releases",
    "latest_version",
    "list_versions",
    "publish_release",
    "summarize",
    "verify_release",
]
