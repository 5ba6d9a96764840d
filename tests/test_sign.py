"""Signed releases (issue #20, item 6): `hotspots keygen`, `hotspots sign VERSION --key FILE`,
minisign-compatible Ed25519 signatures of SHA256SUMS, checked by `verify` and `download`.
Every key here is a throwaway made in a tmp dir."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import pytest
import typer
from release_fixtures import publish_two_releases
from typer.testing import CliRunner

from hotspots.distribution.cli import distribution_app
from hotspots.distribution.download import DownloadError, download_release
from hotspots.distribution.mirror import mirror_dist
from hotspots.release import sign
from hotspots.release.cli import release_app
from hotspots.release.registry import SIGNATURE, SUMS, list_versions
from hotspots.release.verify import verify_release

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()

# minisign's own test vectors (the key its author signs releases with; message b"test")
UPSTREAM_KEY = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"
UPSTREAM_PURE = (
    "untrusted comment: signature from minisign secret key\n"
    "RWQf6LRCGA9i59SLOFxz6NxvASXDJeRtuZykwQepbDEGt87ig1BNpWaVWuNrm73YiIiJbq71Wi+dP9eKL8OC351vwIasSSbXxwA=\n"
    "trusted comment: timestamp:1555779966\tfile:test\n"
    "QtKMXWyYcwdpZAlPF7tE2ENJkRd1ujvKjlj1m9RtHTBnZPa5WKU5uWRs5GoP5M/VqE81QFuMKI5k/SfNQUaOAA==\n"
)
UPSTREAM_PREHASHED = (
    "untrusted comment: signature from minisign secret key\n"
    "RUQf6LRCGA9i559r3g7V1qNyJDApGip8MfqcadIgT9CuhV3EMhHoN1mGTkUidF/z7SrlQgXdy8ofjb7bNJJylDOocrCo8KLzZwo=\n"
    "trusted comment: timestamp:1556193335\tfile:test\n"
    "y/rUw2y8/hOUYjZU71eHp/Wo1KZ40fGy2VJEDl34XMJM+TX48Ss/17u3IvIfbVR1FkZZSNCisQbuQY+bHwhEBg==\n"
)


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    main = typer.Typer()
    main.registered_commands += release_app.registered_commands
    main.registered_commands += distribution_app.registered_commands
    return main


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    return publish_two_releases(tmp_path_factory.mktemp("sign"))


def test_upstream_minisign_signatures_verify():
    key = sign.parse_public_key(UPSTREAM_KEY)
    assert key.id_hex == "E7620F1842B4E81F"
    assert sign.verify_bytes(b"test", UPSTREAM_PURE, key) == "timestamp:1555779966\tfile:test"
    assert sign.verify_bytes(b"test", UPSTREAM_PREHASHED, key).startswith("timestamp:1556193335")
    with pytest.raises(sign.SignatureError, match="does not verify"):
        sign.verify_bytes(b"tesT", UPSTREAM_PREHASHED, key)
    forged = UPSTREAM_PREHASHED.replace("file:test", "file:other")
    with pytest.raises(sign.SignatureError, match="trusted comment was changed"):
        sign.verify_bytes(b"test", forged, key)


def test_keygen_writes_a_private_minisign_pair_and_never_overwrites(app, tmp_path):
    path = tmp_path / "cfg" / "release.key"
    result = runner.invoke(app, ["keygen", "--key", str(path)])
    assert result.exit_code == 0, result.output
    assert path.stat().st_mode & 0o777 == 0o600
    public = sign.read_public_key(path.with_name("release.key.pub"))
    assert sign.read_secret_key(path).public == public and public.line() in result.output
    assert path.read_text().startswith("untrusted comment: minisign secret key")
    raw = base64.b64decode(path.read_text().splitlines()[1])
    assert raw[:6] == b"Ed\0\0B2" and len(raw) == 158  # minisign's unencrypted layout
    before = path.read_bytes()
    again = runner.invoke(app, ["keygen", "--key", str(path)])
    assert again.exit_code == 1 and "never overwritten" in again.output
    assert path.read_bytes() == before


def test_unreadable_keys_are_refused_clearly(tmp_path, key):
    raw = bytearray(base64.b64decode(key.read_text().splitlines()[1]))
    encrypted = tmp_path / "enc.key"
    encrypted.write_text(
        "untrusted comment: x\n" + base64.b64encode(b"Ed" + b"Sc" + raw[4:]).decode()
    )
    with pytest.raises(sign.SignatureError, match="password-protected"):
        sign.read_secret_key(encrypted)
    raw[70] ^= 1  # a bit of the secret key
    damaged = tmp_path / "damaged.key"
    damaged.write_text("untrusted comment: x\n" + base64.b64encode(bytes(raw)).decode())
    with pytest.raises(sign.SignatureError, match="checksum"):
        sign.read_secret_key(damaged)
    with pytest.raises(sign.SignatureError, match="not an Ed25519 minisign secret key"):
        sign.read_secret_key(key.with_name("release.key.pub"))  # the public half


def test_sign_then_verify(app, dist, key):
    sums = (dist / "1.0.1" / SUMS).read_bytes()
    recorded = list_versions(dist)[1]["sha256"]
    unsigned = runner.invoke(app, ["verify", "1.0.1", "--dist", str(dist)])
    assert unsigned.exit_code == 0 and "unsigned: no SHA256SUMS.minisig" in unsigned.output

    result = runner.invoke(app, ["sign", "1.0.1", "--key", str(key), "--dist", str(dist)])
    assert result.exit_code == 0, result.output
    # signing changes nothing that was published
    assert (dist / "1.0.1" / SUMS).read_bytes() == sums
    assert list_versions(dist)[1]["sha256"] == recorded
    assert verify_release(dist / "1.0.1") == [] and verify_release(dist / "latest") == []
    assert (dist / "latest" / SIGNATURE).read_bytes() == (dist / "1.0.1" / SIGNATURE).read_bytes()
    text = (dist / "1.0.1" / SIGNATURE).read_text()
    assert "trusted comment: china-innovation-hotspots 1.0.1 SHA256SUMS sha256:" in text

    pub = key.with_name("release.key.pub")
    good = runner.invoke(app, ["verify", "1.0.1", "--dist", str(dist), "--public-key", str(pub)])
    assert good.exit_code == 0 and "signature good (key " in good.output

    other = key.with_name("other.key")
    sign.generate_key(other)
    wrong = runner.invoke(
        app, ["verify", "1.0.1", "--dist", str(dist), "--public-key", f"{other}.pub"]
    )
    assert wrong.exit_code == 1 and "was made with key" in wrong.output
    strict_unsigned = runner.invoke(
        app, ["verify", "1.0.0", "--dist", str(dist), "--public-key", str(pub)]
    )
    assert strict_unsigned.exit_code == 1 and "unsigned" in strict_unsigned.output

    # a signature that does not match SHA256SUMS fails verify even without --public-key,
    # when it names the key verify checks with
    lines = text.splitlines()
    sig = bytearray(base64.b64decode(lines[1]))
    sig[-1] ^= 1
    lines[1] = base64.b64encode(bytes(sig)).decode()
    (dist / "1.0.1" / SIGNATURE).write_text("\n".join(lines) + "\n")
    bad = runner.invoke(app, ["verify", "1.0.1", "--dist", str(dist), "--public-key", str(pub)])
    assert bad.exit_code == 1 and "does not verify" in bad.output


def test_download_checks_the_signature(app, dist, key, tmp_path):
    pub = key.with_name("release.key.pub")
    sign.sign_release(dist / "1.0.1", key)
    mirror = tmp_path / "mirror"
    mirror_dist(dist, str(mirror))
    assert (mirror / "1.0.1" / SIGNATURE).is_file() and (mirror / "latest" / SIGNATURE).is_file()

    got = download_release(
        str(mirror), "1.0.1", tmp_path / "a", public_key=sign.read_public_key(pub), retries=0
    )
    assert got.signature == "good" and (tmp_path / "a" / "1.0.1" / SIGNATURE).is_file()
    assert verify_release(tmp_path / "a" / "1.0.1") == []

    # unsigned, but a signed release was asked for: refused, nothing left
    with pytest.raises(DownloadError, match="unsigned"):
        download_release(
            str(mirror), "1.0.0", tmp_path / "b", public_key=sign.read_public_key(pub), retries=0
        )
    assert not (tmp_path / "b" / "1.0.0").exists()
    # without --public-key an unsigned release is said, not refused
    result = runner.invoke(
        app, ["download", "1.0.0", "--from", str(mirror), "--to", str(tmp_path / "c")]
    )
    assert result.exit_code == 0 and "unsigned" in result.output

    # a mirror whose signature does not verify with the key given: refused
    other = tmp_path / "other.key"
    sign.generate_key(other)
    refused = runner.invoke(
        app,
        [
            "download",
            "1.0.1",
            "--from",
            str(mirror),
            "--to",
            str(tmp_path / "d"),
            "--public-key",
            f"{other}.pub",
        ],
    )
    assert refused.exit_code == 1 and "refused" in refused.output
    assert not (tmp_path / "d" / "1.0.1").exists()
    forged = mirror / "1.0.1" / SIGNATURE
    forged.write_text(sign.sign_bytes(b"other sums", sign.read_secret_key(key), "x"))
    with pytest.raises(DownloadError, match="does not verify"):
        download_release(
            str(mirror), "1.0.1", tmp_path / "e", public_key=sign.read_public_key(pub), retries=0
        )


def test_a_signature_added_later_reaches_the_mirror(dist, key, tmp_path):
    mirror = tmp_path / "mirror"
    mirror_dist(dist, str(mirror))
    sign.sign_release(dist / "1.0.0", key)
    sign.sign_release(dist / "1.0.1", key)
    result = mirror_dist(dist, str(mirror))
    assert result.uploaded == [] and sorted(result.signatures) == [
        "1.0.0/SHA256SUMS.minisig",
        "1.0.1/SHA256SUMS.minisig",
        "latest/SHA256SUMS.minisig",
    ]
    for folder in ("1.0.0", "1.0.1", "latest"):
        assert verify_release(mirror / folder) == []
    assert mirror_dist(dist, str(mirror)).signatures == []


def test_the_repository_holds_the_public_key_only():
    key = sign.read_public_key(ROOT / "reference" / "release-key.pub")
    assert key == sign.default_public_key()
    card = "\n".join(sign.card_signature_section())
    assert key.id_hex in card and key.line() in card
    assert "*.key" in (ROOT / ".gitignore").read_text().splitlines()
    tracked = subprocess.run(
        ["git", "ls-files", "*.key", "**/*.key"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert tracked == ""


def test_the_card_of_a_release_names_the_key(published):
    key = sign.default_public_key()
    assert f"Ed25519 key {key.id_hex}" in (published / "1.0.0" / "README.md").read_text()
    assert json.loads((published / "versions.json").read_text())


def test_sign_latest_signs_the_version_and_its_copy(app, dist, key):
    result = runner.invoke(app, ["sign", "latest", "--key", str(key), "--dist", str(dist)])
    assert result.exit_code == 0, result.output
    signature = (dist / "1.0.1" / SIGNATURE).read_text()
    assert "china-innovation-hotspots 1.0.1 SHA256SUMS" in signature
    assert (dist / "latest" / SIGNATURE).read_text() == signature
    missing = runner.invoke(
        app, ["sign", "1.0.0", "--key", str(key) + ".none", "--dist", str(dist)]
    )
    assert missing.exit_code == 1 and "cannot be read" in missing.output
    assert not (dist / "1.0.0" / SIGNATURE).exists()
