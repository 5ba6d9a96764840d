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

The steps' parts: publish_data.py (checks, data files, diff, history), publish_metadata.py (the
files beside the data), publish_registry.py (versions.json and LATEST, recovery).
"""

from __future__ import annotations

import functools
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from hotspots.ops.memory import mark
from hotspots.release import (
    card,
    contract,
    derive,
    derive_history,
    distdir,
    publish_data,
    publish_metadata,
    publish_registry,
    write,
)
from hotspots.release.contract import ReleaseError
from hotspots.release.registry import (
    current_version,
    fsync_dir,
)
from hotspots.release.verify import verify_release


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
# Held with their repeated values encoded from their Arrow copy to the end of publish
# (write.encode_repeated): a row per claim or mention, 10-100 times the rows of the others.
ENCODED_TABLES = frozenset({"claims", "mentions"})
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
    rows. `release_extractor_only=True` publishes such a change as a patch.

    The example scripts (examples/) ship in every release: when they differ from the latest
    version's, a new version is published even if the data are the same (a patch, "example
    scripts changed, data unchanged"), so that a release never carries a script the repository
    has since mended. So with the dataset card's text (README.md: its limitations, the
    descriptions, the dataset's metadata): when the card this code would write for the latest
    version differs from the one it carries, a patch is published ("dataset card changed, data
    unchanged"; `publish_metadata.card_changed`)."""
    dist_dir = Path(dist_dir)
    publish_data.check_tables(tables)
    arrow = {}
    for name in contract.pipeline_table_names():
        arrow[name] = write.to_arrow(
            name, tables[name], contract.pipeline_columns(name), encode=name in ENCODED_TABLES
        )
        if consume:
            tables[name] = arrow[name]
        mark(f"to_arrow {name}")
    publish_data.check_quotes(arrow["claims"])
    pipeline_facts = arrow["facts"]
    dist_dir.mkdir(parents=True, exist_ok=True)
    with distdir.dist_lock(dist_dir):
        cleaned = distdir.clean_leftovers(dist_dir)
        registry, adopted = publish_registry.recover_registry(dist_dir)
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
            derive_history.previous_history(dist_dir, [e["version"] for e in registry])
            if registry
            else None
        )
        arrow = derive.release_tables(
            arrow, derive_history.add_history(pipeline_facts, history, publish_data.PENDING)
        )
        mark("release_tables")
        tmp = distdir.make_tmp_dir(dist_dir, ".tmp-")
        try:
            data_sums = publish_data.write_data(tmp, arrow)
            mark("write_data")
            example_sums = publish_metadata.write_examples(tmp)
            same_data = previous is not None and data_sums == publish_data.data_sums(
                dist_dir / previous
            )
            same_examples = previous is not None and example_sums == publish_data.data_sums(
                dist_dir / previous, "examples/"
            )

            @functools.cache
            def same_card(documents: pa.Table = arrow["documents"]) -> bool:
                # the card the latest release would carry if written now: rendered with its rows
                # and today's sources, so it says something only while the data are the same (or
                # differ in version columns alone, which no card shows); rendered only then
                return previous is not None and not publish_metadata.card_changed(
                    dist_dir, registry[-1], write.to_frame(documents), build_info
                )

            if same_data and same_examples and same_card():
                return _no_release(tmp, dist_dir, registry, f"no change since {previous}", notes)
            unchanged_data = []
            if same_data:
                # the same data with other example scripts or card text: a patch that ships them
                changed_files = " and ".join(
                    what
                    for what, same in (
                        ("example scripts", same_examples),
                        ("dataset card", same_card()),
                    )
                    if not same
                )
                unchanged_data.append(f"{changed_files} {card.DATA_UNCHANGED}")
            diff_doc = publish_data.release_diff(
                dist_dir, previous, arrow, build_info, *unchanged_data
            )
            mark("release_diff")
            only_versions = previous is not None and extractor_only(diff_doc)
            if only_versions and same_examples and same_card() and not release_extractor_only:
                return _no_release(
                    tmp, dist_dir, registry, EXTRACTOR_ONLY_MESSAGE, notes, EXTRACTOR_ONLY
                )
            if previous is not None and not same_data:
                # a card rendered with other data differs anyway: named only beside version
                # columns, where it is why this version is published
                if only_versions and not same_card():
                    diff_doc["reasons"].insert(0, "dataset card changed")
                if not same_examples:
                    diff_doc["reasons"].insert(0, "example scripts changed")
            version = diff_doc["version"]
            # the unstamped facts freed before the stamped are made (the key keeps its place)
            arrow["facts"] = None
            arrow["facts"] = publish_data.stamp_history(
                tmp, pipeline_facts, history, version, diff_doc
            )
            mark("stamp_history")
            target = dist_dir / version
            if target.exists():
                raise ReleaseError(
                    f"{target} already exists: a published version is never rewritten"
                )
            # Issue 12: hotspots.sqlite (all tables in one SQLite file, reproducible bytes),
            # written before the metadata so that SHA256SUMS lists it and verify checks it.
            from hotspots.release.database import DATABASE, write_database

            write_database(arrow, tmp / DATABASE)
            mark("write_database")
            publish_metadata.write_metadata(
                tmp,
                write.to_frame(arrow["documents"]),
                diff_doc,
                build_info,
                dist_dir / previous if previous else None,
                arrow,
            )
            mark("write_metadata")
            # verified against the tables in memory: what writing them proved is not redone
            problems = verify_release(
                tmp, written=arrow, validated=contract.pipeline_table_names() if validated else ()
            )
            mark("verify_release")
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
        publish_registry.write_registry(
            dist_dir, [*registry, publish_registry.registry_entry(diff_doc, target)]
        )
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
