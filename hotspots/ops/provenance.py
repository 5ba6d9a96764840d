"""Where a release's code came from: the git commit and whether the working tree matched it.

"Clean" means `git status` finds nothing in the whole tree: no modified, staged, deleted or
untracked file, git-ignored files aside (caches, .venv, reports, locks). The build's own dist
folder is left out too when it lies inside the tree: the build writes into it (a new version,
versions.json, LATEST, latest/), and releases published since the last commit are the build's
output, not its input — counting them would call every run after the first dirty.

Light on purpose (no pandas, no Prefect); read once at the start of a run, before any stage
writes, so the answer describes the code the run loaded.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from pathlib import Path

from hotspots import __version__

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
# Enough changed paths for a maintainer to see why a tree was dirty, few enough for a report.
SHOWN_CHANGES = 20


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True
    ).stdout


def _inside(path: Path, root: Path) -> str | None:
    """`path` relative to `root` (git's pathspec form) when it lies inside it, else None."""
    try:
        rel = Path(path).resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return rel.as_posix() if rel.parts else None


def source_state(root: Path = PROJECT_ROOT, outputs: Iterable[Path] = ()) -> dict:
    """{commit, tree_clean, code_version, changes}: the full commit sha, whether the tree is
    clean (see the module's docstring; `outputs` are left out), `<version>+g<12 hex>[.dirty]`,
    and the first changed paths. Outside a git checkout: commit and tree_clean are None and
    code_version is the package version."""
    try:
        commit = _git(root, "rev-parse", "--verify", "HEAD").strip()
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
        excluded = [f":(exclude){rel}" for p in outputs if (rel := _inside(p, top))]
        status = _git(top, "status", "--porcelain", "--untracked-files=all", "--", ".", *excluded)
    except (OSError, subprocess.SubprocessError):
        return {"commit": None, "tree_clean": None, "code_version": __version__, "changes": []}
    changes = [line[3:] for line in status.splitlines() if line.strip()]
    clean = not changes
    return {
        "commit": commit,
        "tree_clean": clean,
        "code_version": f"{__version__}+g{commit[:12]}{'' if clean else '.dirty'}",
        "changes": changes[:SHOWN_CHANGES],
    }
