"""Commands that read releases: `verify`, `diff`, `versions`.

Mounted on the main `hotspots` app with `app.registered_commands += release_app.registered_commands`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from hotspots.release.registry import (
    SUMS,
    WithdrawError,
    is_withdrawn,
    latest_version,
    list_versions,
    read_sums,
    withdraw_version,
    withdrawn_note,
)

release_app = typer.Typer(
    help="Read published releases: verify, diff, versions; withdraw one.", no_args_is_help=True
)

DistOption = Annotated[
    Path,
    typer.Option(
        "--dist", help="Folder holding the releases, versions.json and LATEST.", file_okay=False
    ),
]


def resolve_release(ref: str | None, dist: Path) -> Path:
    """A version name ("1.2.0"), "latest", or a path to a release directory -> its directory."""
    if ref is None:
        ref = latest_version(dist)
        if ref is None:
            raise typer.BadParameter(f"no release in {dist} (no LATEST or versions.json)")
    if (dist / ref).is_dir():
        return dist / ref
    if Path(ref).is_dir():
        return Path(ref)
    raise typer.BadParameter(f"{ref!r} is neither a version in {dist} nor a directory")


@release_app.command()
def verify(
    release: Annotated[
        str | None,
        typer.Argument(
            metavar="[RELEASE]",
            help="Version, 'latest' or release directory; default: the latest version.",
        ),
    ] = None,
    dist: DistOption = Path("dist"),
) -> None:
    """Check a release: SHA256SUMS, schemas and keys of every table, CSV = Parquet.

    Exits 1 naming the first failing file; prints "OK: <n> files verified" otherwise.
    """
    path = resolve_release(release, dist)
    # pandas, pyarrow and pandera load only when a release is verified
    from hotspots.release.verify import verify_release

    problems = verify_release(path)
    if problems:
        typer.echo(f"FAIL {path}: {problems[0]}", err=True)
        for problem in problems[1:20]:
            typer.echo(f"  also: {problem}", err=True)
        if len(problems) > 20:
            typer.echo(f"  ... and {len(problems) - 20} more", err=True)
        raise typer.Exit(1)
    sums, _ = read_sums(path / SUMS)
    typer.echo(f"OK: {len(sums)} files verified ({path})")
    entry = _entry_of(path, dist)
    if entry is not None and is_withdrawn(entry):
        # intact and citable, but readers should not use it: said, not an error
        typer.echo(f"  note: {entry['version']} was {withdrawn_note(entry)}")


def _entry_of(path: Path, dist: Path) -> dict | None:
    """The versions.json entry of the release at `path`: from the dist folder holding it, else
    from --dist."""
    path = path.resolve()
    for folder in dict.fromkeys((path.parent, dist.resolve())):
        name = path.name
        if name == "latest" and folder == path.parent:
            name = latest_version(folder) or name
        for e in list_versions(folder):
            if e["version"] == name:
                return e
    return None


@release_app.command()
def diff(
    old: Annotated[str, typer.Argument(help="Older version or release directory.")],
    new: Annotated[str, typer.Argument(help="Newer version or release directory.")],
    dist: DistOption = Path("dist"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the full diff as JSON.")] = False,
) -> None:
    """What changed between two releases: tables, columns, and rows by primary key."""
    from hotspots.release.diff import diff_releases, summarize  # reads Parquet: only when diffing

    result = diff_releases(resolve_release(old, dist), resolve_release(new, dist))
    typer.echo(json.dumps(result, indent=2, ensure_ascii=False) if as_json else summarize(result))


@release_app.command()
def versions(
    dist: DistOption = Path("dist"),
    as_json: Annotated[bool, typer.Option("--json", help="Print versions.json as it is.")] = False,
) -> None:
    """List published versions, oldest first; the latest is marked with *, a withdrawn
    version says when and why. Exits 2 when DIST holds no release (like `verify`)."""
    entries = list_versions(dist)
    if not entries:
        raise typer.BadParameter(
            f"no release in {dist} (no versions.json); point --dist at a dist/ folder",
            param_hint="--dist",
        )
    if as_json:
        typer.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    latest = latest_version(dist)
    for e in entries:
        mark = "*" if e["version"] == latest else " "
        rows = sum(e.get("rows", {}).values())
        since = f"{e['bump']} since {e['previous']}" if e.get("previous") else "first release"
        status = withdrawn_note(e) or e["status"]
        typer.echo(f"{mark} {e['version']:<10} {e['date']}  {rows:>7} rows  {since}  [{status}]")


@release_app.command()
def withdraw(
    version: Annotated[str, typer.Argument(help="The version to withdraw, e.g. 1.2.0.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why, in a sentence readers will see (required).")
    ],
    dist: DistOption = Path("dist"),
) -> None:
    """Withdraw a published version: marked withdrawn in versions.json with the date and reason,
    LATEST and latest/ move to the newest version not withdrawn, the versions page shows it and
    `download` refuses it unless --allow-withdrawn. Its files stay (still verifiable, citable).
    Mirrors get the change with the next `hotspots mirror`."""
    if not (dist / "versions.json").is_file():
        raise typer.BadParameter(f"no release in {dist} (no versions.json)", param_hint="--dist")
    try:
        entry = withdraw_version(dist, version, reason)
    except WithdrawError as err:
        typer.echo(f"not withdrawn: {err}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"{version} {withdrawn_note(entry)}; LATEST = {latest_version(dist)} "
        f"(run `hotspots mirror` to update mirrors)"
    )
