"""Commands that read releases: `verify`, `diff`, `versions`.

Mounted on the main `hotspots` app with `app.registered_commands += release_app.registered_commands`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from hotspots.release.registry import (
    SIGNATURE,
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


PublicKeyOption = Annotated[
    Path | None,
    typer.Option(
        "--public-key",
        help="minisign public key to check SHA256SUMS.minisig with; default: the repository's "
        "reference/release-key.pub. Given, an unsigned or badly signed release fails.",
        dir_okay=False,
    ),
]


def _public_key(path: Path | None):
    from hotspots.release.sign import SignatureError, default_public_key, read_public_key

    try:
        return read_public_key(path) if path is not None else default_public_key()
    except SignatureError as err:
        raise typer.BadParameter(str(err), param_hint="--public-key") from None


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
    public_key: PublicKeyOption = None,
) -> None:
    """Check a release: SHA256SUMS, schemas and keys of every table, CSV = Parquet, and its
    signature (SHA256SUMS.minisig) when it has one; says plainly when it is unsigned.

    Exits 1 naming the first failing file (or a signature that does not verify, or none when
    --public-key is given); prints "OK: <n> files verified" otherwise.
    """
    path = resolve_release(release, dist)
    # pandas, pyarrow and pandera load only when a release is verified
    from hotspots.release.sign import check_release_signature
    from hotspots.release.verify import verify_release

    key = _public_key(public_key)
    signed = check_release_signature(path, key)
    problems = verify_release(path)
    if signed.state == "bad" or (public_key is not None and signed.state != "good"):
        problems.insert(0, f"{SIGNATURE}: {signed.message}")
    if problems:
        typer.echo(f"FAIL {path}: {problems[0]}", err=True)
        for problem in problems[1:20]:
            typer.echo(f"  also: {problem}", err=True)
        if len(problems) > 20:
            typer.echo(f"  ... and {len(problems) - 20} more", err=True)
        raise typer.Exit(1)
    sums, _ = read_sums(path / SUMS)
    from hotspots.release.archive import release_info, zip_name

    zipped = (path / zip_name(release_info(path)[0])).is_file()
    also = ", and the zip of them" if zipped else ""
    typer.echo(f"OK: {len(sums)} files verified{also} ({path}); {signed.message}")
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
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the summary as Markdown (as in CHANGELOG.md).")
    ] = False,
) -> None:
    """What changed between two releases: facts (subject, predicate, old -> new value, source)
    and entities by name, grouped and counted; then tables, columns and rows by primary key."""
    # reads Parquet: only when diffing
    from hotspots.release.diff_summary import diff_releases, summarize, summarize_markdown
    from hotspots.release.jsonstream import json_pieces

    result = diff_releases(resolve_release(old, dist), resolve_release(new, dist))
    if as_json:
        # streamed: a table new in NEW lists every row's key (diff.RowKeys, not a list)
        for piece in json_pieces(result):
            typer.echo(piece.decode("utf-8"), nl=False)
    else:
        typer.echo(summarize_markdown(result) if markdown else summarize(result))


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


@release_app.command()
def keygen(
    key: Annotated[
        Path,
        typer.Option(
            "--key", help="Where to write the secret key (its .pub beside it).", dir_okay=False
        ),
    ] = Path("~/.config/hotspots/release.key"),
) -> None:
    """Make an Ed25519 key pair for signing releases, in minisign's format (unencrypted secret
    key, mode 0600; never overwritten). Keep the secret key out of the repository; commit the
    public half as reference/release-key.pub."""
    from hotspots.release.sign import SignatureError, generate_key

    path = key.expanduser()
    try:
        public = generate_key(path)
    except (SignatureError, OSError) as err:
        typer.echo(f"no key written: {err}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"secret key {path} (keep it private), public key {path}.pub (id {public.id_hex})")
    typer.echo(f"  public key: {public.line()}")


@release_app.command()
def sign(
    version: Annotated[str, typer.Argument(help="Version, 'latest' or release directory.")],
    key: Annotated[
        Path, typer.Option("--key", help="minisign secret key (unencrypted).", dir_okay=False)
    ] = Path("~/.config/hotspots/release.key"),
    dist: DistOption = Path("dist"),
) -> None:
    """Sign a release: SHA256SUMS.minisig beside its SHA256SUMS (minisign-compatible Ed25519;
    `minisign -Vm SHA256SUMS -p reference/release-key.pub` checks it too). The release's files
    and its hash in versions.json do not change; `hotspots mirror` carries the signature."""
    from hotspots.release.sign import SignatureError, read_secret_key, sign_release

    if version == "latest":  # sign the version itself: latest/ gets a copy (sign_release)
        version = latest_version(dist) or version
    path = resolve_release(version, dist)
    try:
        secret = read_secret_key(key)
        out = sign_release(path, key)
    except SignatureError as err:
        typer.echo(f"not signed: {err}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"signed {path / SUMS} with key {secret.public.id_hex}: {out}")
