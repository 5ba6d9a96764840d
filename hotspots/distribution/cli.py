"""Commands that get releases to consumers: `mirror` and `download`.

Mounted on the main `hotspots` app through `COMMAND_MODULES` in `hotspots/cli.py`.

Exit codes: 0 done (also "nothing to do"); 1 the transfer failed or a release did not verify
(the message says which file, the next line what to do); 2 wrong usage (bad option or argument,
caught before anything is read or written).

Output: progress bars on stderr while a terminal watches, a short coloured summary on stdout;
`--json` prints one JSON object instead (also on failure: {"ok": false, "error", "hint"});
`--quiet` prints nothing but errors.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from hotspots.distribution import DistributionError, NoProgress
from hotspots.distribution.download import download_release
from hotspots.distribution.mirror import mirror_dist
from hotspots.release.registry import parse_version
from hotspots.release.sign import SignatureError, read_public_key

distribution_app = typer.Typer(
    help="Get releases to consumers: mirror dist/, download a verified release.",
    no_args_is_help=True,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON object (for scripts) instead of text.")
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing but errors; no progress bars.")
]


class _Bars:
    """rich progress bars, one per file in flight, on stderr; removed when the file is done."""

    def __init__(self, console: Console) -> None:
        self.bars = Progress(
            TextColumn("{task.description}", justify="left"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> _Bars:
        self.bars.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bars.stop()

    def start(self, name: str, total: int | None) -> None:
        if name in self.tasks:  # a transfer that starts over
            self.bars.reset(self.tasks[name], total=total)
        else:
            self.tasks[name] = self.bars.add_task(name, total=total)

    def advance(self, name: str, n: int) -> None:
        if name in self.tasks:
            self.bars.advance(self.tasks[name], n)

    def done(self, name: str) -> None:
        task = self.tasks.pop(name, None)
        if task is not None:
            self.bars.remove_task(task)


class _NoBars(NoProgress):
    def __enter__(self) -> _NoBars:
        return self

    def __exit__(self, *exc) -> None:
        pass


def _consoles() -> tuple[Console, Console]:
    # soft_wrap: long paths and URLs stay on one line, whole, for copying and for grep.
    return Console(highlight=False, soft_wrap=True), Console(
        stderr=True, highlight=False, soft_wrap=True
    )


def _progress(err: Console, quiet: bool, as_json: bool):
    # Bars only for a person at a terminal: logs and pipes get the summary alone.
    if quiet or as_json or not err.is_terminal:
        return _NoBars()
    return _Bars(err)


def _fail(err: Console, as_json: bool, what: str, error: DistributionError) -> None:
    if as_json:
        typer.echo(json.dumps({"ok": False, "error": str(error), "hint": error.hint}, indent=2))
    else:
        err.print(f"[bold red]✗ {what} failed:[/] {error}", highlight=False)
        if error.hint:
            err.print(f"  [yellow]next:[/] {error.hint}", highlight=False)
    raise typer.Exit(1)


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n} B"  # unreachable


@distribution_app.command()
def mirror(
    dest: Annotated[
        str,
        typer.Argument(
            metavar="DEST",
            help="Where to copy dist/: a folder, a file:// URL, or any fsspec URL "
            "(s3://bucket/prefix, gs://..., with that backend installed).",
        ),
    ],
    dist: Annotated[
        Path,
        typer.Option(
            "--dist", help="Folder holding the releases, versions.json and LATEST.", file_okay=False
        ),
    ] = Path("dist"),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be copied; copy nothing.")
    ] = False,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Copy new releases from DIST to a static mirror any web server can host as is.

    Versions the mirror has are skipped if identical (same SHA256SUMS) and refused if not (a
    published version never changes). Data goes first, pointers last: version folders, then
    latest/, then versions.json, then LATEST, so a reader never follows a pointer to a
    half-copied version. Run it again to finish an interrupted mirror.
    """
    if not (dist / "versions.json").is_file():
        raise typer.BadParameter(
            f"no release in {dist} (no versions.json); point --dist at a dist/ folder",
            param_hint="--dist",
        )
    out, err = _consoles()
    try:
        with _progress(err, quiet, as_json) as bars:
            result = mirror_dist(dist, dest, dry_run=dry_run, progress=bars)
    except DistributionError as error:
        _fail(err, as_json, "Mirror", error)
        return
    except OSError as error:  # the local side: permissions, disk full
        _fail(err, as_json, "Mirror", DistributionError(str(error), "fix the cause and run again"))
        return
    if as_json:
        typer.echo(json.dumps({"ok": True, **result.to_dict()}, indent=2))
        return
    if quiet:
        return
    verb = "would copy" if dry_run else "copied"
    copied = ", ".join(result.uploaded) or "no new version"
    out.print(f"[bold green]✓[/] {dest}: {verb} {copied}", end="")
    if not dry_run and result.files:
        out.print(f" ({result.files} files, {_size(result.bytes)})", end="")
    out.print()
    if result.skipped:
        out.print(f"  [dim]already there, identical: {', '.join(result.skipped)}[/]")
    if result.signatures:
        out.print(f"  signatures added: {', '.join(result.signatures)}")
    if result.latest_updated or result.pointers_updated:
        latest = "latest/ refreshed, " if result.latest_updated else ""
        pointers = ", ".join(result.pointers_updated) or "none"
        out.print(f"  {latest}pointers updated: {pointers}; LATEST = {result.latest}")
    else:
        out.print(f"  up to date; LATEST = {result.latest}")


def _check_version(value: str) -> str:
    if value != "latest" and not parse_version(value):
        raise typer.BadParameter(f"{value!r} is not a version like 1.2.0, nor 'latest'")
    return value


@distribution_app.command()
def download(
    source: Annotated[
        str,
        typer.Option(
            "--from",
            help="The mirror's root: an http(s):// URL, a folder, or a file:// URL "
            "(the place that holds versions.json and LATEST).",
        ),
    ],
    version: Annotated[
        str,
        typer.Argument(
            metavar="[VERSION|latest]",
            help="Version to fetch, e.g. 1.2.0; default: the mirror's LATEST.",
            callback=_check_version,
        ),
    ] = "latest",
    to: Annotated[
        Path,
        typer.Option(
            "--to", help="Folder to put the release in, as TO/<version>.", file_okay=False
        ),
    ] = Path("."),
    sha256: Annotated[
        str | None,
        typer.Option(
            "--sha256",
            help="Expected sha256 of the release's SHA256SUMS (from the repository's "
            "dist/versions.json): trust no mirror.",
        ),
    ] = None,
    retries: Annotated[
        int, typer.Option("--retries", min=0, max=20, help="Retries per file after a failure.")
    ] = 4,
    timeout: Annotated[
        float, typer.Option("--timeout", min=1.0, help="Seconds to wait for the server.")
    ] = 30.0,
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key",
            help="minisign public key (e.g. the repository's reference/release-key.pub): refuse "
            "a release whose SHA256SUMS.minisig is missing or does not verify with it.",
            dir_okay=False,
        ),
    ] = None,
    allow_withdrawn: Annotated[
        bool,
        typer.Option(
            "--allow-withdrawn",
            help="Fetch a version the mirror marks withdrawn (to check or cite it).",
        ),
    ] = False,
    zip_only: Annotated[
        bool,
        typer.Option(
            "--zip",
            help="Fetch the release's one-file zip instead of its files one by one (versions "
            "made before zips have none); every file in it is checked the same way.",
        ),
    ] = False,
    as_json: JsonOption = False,
    quiet: QuietOption = False,
) -> None:
    """Download a release, verify every file against SHA256SUMS, then move it into TO/<version>.

    Interrupted transfers resume (HTTP Range) or are retried with backoff; a tampered or
    truncated release is refused and nothing is left in TO.
    """
    if sha256 is not None and not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
        raise typer.BadParameter("expected 64 hex digits", param_hint="--sha256")
    key = None
    if public_key is not None:
        try:
            key = read_public_key(public_key)
        except SignatureError as err:
            raise typer.BadParameter(str(err), param_hint="--public-key") from None
    out, err = _consoles()
    try:
        with _progress(err, quiet, as_json) as bars:
            result = download_release(
                source,
                version,
                to,
                sha256=sha256,
                retries=retries,
                timeout=timeout,
                progress=bars,
                allow_withdrawn=allow_withdrawn,
                public_key=key,
                zip_only=zip_only,
            )
    except DistributionError as error:
        _fail(err, as_json, "Download", error)
        return
    except OSError as error:  # the local side: permissions, disk full
        _fail(
            err, as_json, "Download", DistributionError(str(error), "fix the cause and run again")
        )
        return
    if as_json:
        typer.echo(json.dumps({"ok": True, **result.to_dict()}, indent=2))
        return
    if quiet:
        return
    checked = ["SHA256SUMS"]
    if result.registry_checked:
        checked.append("the mirror's versions.json")
    if result.pinned:
        checked.append("your --sha256")
    if result.signature == "good":
        checked.append(f"its signature ({result.signature_note.removeprefix('signature good ')})")
    if result.already_present:
        out.print(f"[bold green]✓[/] {result.path} already holds {result.version}, intact")
    else:
        out.print(
            f"[bold green]✓[/] downloaded {result.version} to {result.path} "
            f"({result.files} files, {_size(result.bytes)}), verified against {' and '.join(checked)}"
        )
    if result.signature != "good":
        out.print(f"  [yellow]{result.signature_note}[/]")
    if result.withdrawn:
        out.print(f"  [bold red]{result.version} was {result.withdrawn}[/]")
    if result.retries:
        out.print(f"  [yellow]{result.retries} interrupted transfer(s) resumed or retried[/]")
    if not result.registry_checked and not result.pinned:
        out.print(
            "  [yellow]the mirror has no versions.json: SHA256SUMS itself was not checked;[/] "
            "pass --sha256 to pin it"
        )
    out.print(
        f"  [dim]{Path(result.path).parent} is a mirror of what it holds (versions.json, LATEST, "
        f"latest/); full content check: hotspots verify {result.path}[/]"
    )
