"""A hash of every input of a build, so that a rebuild of unchanged inputs can stop early.

A build's output is a function of: the files in raw/, the reference data, the code (hotspots/,
schemas/, flows/ — every file, not only .py), the example scripts a release ships (examples/)
and the installed packages. When all five hash
the same as in the last successful run, and the release that run left is still the latest, a
new build would publish nothing: `unchanged_since` finds that run, and the build reports "no
change" without extracting, reconciling or validating anything. `--force` builds anyway.

Cheap on purpose (no pandas, no spaCy, no Prefect): the command line calls it before it starts
Prefect, which is most of the cost of a no-op run.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import sys
from importlib.metadata import distributions
from pathlib import Path

from hotspots.reference import reference_hash

CODE_PACKAGES = ("hotspots", "schemas", "flows")
OK_STATUSES = ("published", "no_change")


def raw_hash(raw_dir: Path) -> str:
    """Names and bytes of every file in raw/ (where a name is a link, also its target)."""
    digest = hashlib.sha256()
    for path in sorted(Path(raw_dir).iterdir()):
        if not path.is_file():
            continue
        target = os.path.realpath(path) if path.is_symlink() else ""
        digest.update(
            f"{path.name}\0{target}\0".encode() + hashlib.sha256(path.read_bytes()).digest()
        )
    return digest.hexdigest()


@functools.cache
def code_hash(packages: tuple[str, ...] = CODE_PACKAGES) -> str:
    digest = hashlib.sha256()
    for name in packages:
        spec = importlib.util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            continue
        for root in spec.submodule_search_locations:
            for path in sorted(Path(root).rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                    digest.update(
                        f"{name}/{path.relative_to(root)}\0".encode() + path.read_bytes() + b"\0"
                    )
    return digest.hexdigest()


@functools.cache
def environment_hash() -> str:
    """Python and every installed distribution with its version."""
    installed = sorted({f"{d.metadata['Name']}=={d.version}".lower() for d in distributions()})
    return hashlib.sha256("\n".join([sys.version, *installed]).encode()).hexdigest()


# the example scripts every release ships (hotspots.release.publish_metadata.EXAMPLES_DIR)
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


def examples_hash(examples_dir: Path = EXAMPLES_DIR) -> str:
    """Names and bytes of the example scripts: a release ships them, so a changed script is a
    changed input."""
    digest = hashlib.sha256()
    if examples_dir.is_dir():
        for path in sorted(examples_dir.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def input_fingerprint(raw_dir: Path, reference_dir: Path) -> dict[str, str]:
    parts = {
        "raw": raw_hash(raw_dir),
        "reference": reference_hash(reference_dir),
        "code": code_hash(),
        "examples": examples_hash(),
        "environment": environment_hash(),
    }
    parts["combined"] = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return parts


def last_good_run(dist_dir: Path) -> dict | None:
    """The newest run report under dist/reports/ that ended published or no_change."""
    reports = Path(dist_dir) / "reports"
    if not reports.is_dir():
        return None
    for path in sorted(reports.glob("*.json"), reverse=True):  # run ids start with the UTC time
        try:
            report = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(report, dict) and report.get("status") in OK_STATUSES:
            return report
    return None


def unchanged_since(dist_dir: Path, fingerprint: dict[str, str], latest: str | None) -> dict | None:
    """The last good run, if it had these very inputs and its release is still the latest one;
    None when a build is needed. A run that quarantined documents never qualifies: whether a
    sidecar's date lies in the future depends on the day, not only on the inputs."""
    run = last_good_run(dist_dir)
    if run is None or latest is None:
        return None
    same_inputs = (run.get("fingerprint") or {}).get("combined") == fingerprint["combined"]
    same_release = (run.get("release") or {}).get("version") == latest
    intact = (Path(dist_dir) / latest / "SHA256SUMS").is_file()
    return run if same_inputs and same_release and intact and not run.get("quarantined") else None
