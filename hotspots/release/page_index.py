"""dist/index.html: every published version, newest first, with its zip's size and sha256 (this
page is in no zip, so it can state them); replaced atomically whenever the registry changes."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from markupsafe import Markup

from hotspots.release import archive, dataset, write
from hotspots.release.page_render import _JINJA, PAGE, page_assets
from hotspots.release.registry import fsync_dir, is_withdrawn, withdrawn_note


def _zip_info(release_dir: Path) -> dict | None:
    """The release's zip: name, size and sha256 (from its .sha256), None without one."""
    version = release_dir.name
    path = release_dir / archive.zip_name(version)
    sidecar = release_dir / archive.sidecar_name(version)
    if not path.is_file() or not sidecar.is_file():
        return None
    digest = sidecar.read_text(encoding="utf-8").split()[0]
    return {"name": path.name, "size": path.stat().st_size, "sha256": digest}


def build_dist_index(dist_dir: Path) -> str:
    """dist/index.html: every version in versions.json, newest first, each with its zip's size
    and sha256 (this page is in no zip, so it can state them): templates/dist_index.html.j2."""
    dist_dir = Path(dist_dir)
    registry = dist_dir / "versions.json"
    entries = json.loads(registry.read_text(encoding="utf-8")) if registry.is_file() else []
    latest_file = dist_dir / "LATEST"
    latest = latest_file.read_text(encoding="utf-8").strip() if latest_file.is_file() else None
    meta = dict(dataset.DATASET)
    if latest and (dist_dir / latest / "datapackage.json").is_file():
        package = json.loads((dist_dir / latest / "datapackage.json").read_text(encoding="utf-8"))
        meta.update({k: package[k] for k in ("title", "description") if package.get(k)})
    versions = []
    for e in reversed(entries):
        version, rows = e["version"], e.get("rows") or {}
        has_page = (dist_dir / version / PAGE).is_file()
        versions.append(
            {
                "version": version,
                "page": f"{version}/{PAGE}" if has_page else f"{version}/README.md",
                "latest": version == latest,
                "withdrawn": withdrawn_note(e),
                "date": e.get("date"),
                "change": f"{e.get('bump')} since {e['previous']}"
                if e.get("previous")
                else "first release",
                "rows": sum(rows.values()),
                "facts": rows.get("facts", ""),
                "status": e.get("status"),
                "sha256": e.get("sha256"),
                "zip": _zip_info(dist_dir / version),
            }
        )
    withdrawn = [
        {"version": e["version"], "note": withdrawn_note(e)}
        for e in reversed(entries)
        if is_withdrawn(e)
    ]
    css, _, csp = page_assets(script=False)
    return _JINJA.get_template("dist_index.html.j2").render(
        page_title=f"{meta['title']}: releases",
        css=Markup(css),
        csp=Markup(csp),
        js="",
        title=meta["title"],
        description=meta["description"],
        latest=latest,
        versions=versions,
        withdrawn=withdrawn,
    )


def write_dist_index(dist_dir: Path) -> Path:
    """Replace dist/index.html atomically (temp file + rename, like versions.json)."""
    dist_dir = Path(dist_dir)
    path = dist_dir / PAGE
    tmp = dist_dir / f".tmp-{PAGE}-{secrets.token_hex(4)}"
    write.write_file(tmp, build_dist_index(dist_dir).encode("utf-8"))
    os.replace(tmp, path)
    fsync_dir(dist_dir)
    return path
