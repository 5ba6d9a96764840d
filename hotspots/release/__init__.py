"""Release layer: write, describe, version, verify and compare dataset releases under dist/.

result = publish_release(tables, Path("dist"), build_info)
problems = verify_release(Path("dist/1.0.0"))  # [] means OK

The names below load their module on first use (PEP 562): importing one light submodule, such as
`hotspots.release.registry`, does not import pandas, pyarrow and pandera with the rest.
"""

from __future__ import annotations

import importlib

_HOME = {
    "PublishResult": "hotspots.release.publish",
    "ReleaseError": "hotspots.release.contract",
    "diff_releases": "hotspots.release.diff_summary",
    "latest_version": "hotspots.release.registry",
    "list_versions": "hotspots.release.registry",
    "publish_release": "hotspots.release.publish",
    "summarize": "hotspots.release.diff_summary",
    "verify_release": "hotspots.release.verify",
}
__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
