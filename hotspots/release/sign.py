"""Signed releases: an Ed25519 signature of a release's SHA256SUMS, in minisign's formats.

SHA256SUMS names the sha256 of every file of a release, so one signature of it covers them all.
The signature is `SHA256SUMS.minisig`, beside it in the release folder; it is not listed in
SHA256SUMS (it is made after it) and adding it changes neither SHA256SUMS nor the hash
versions.json recorded: a release can be signed after it was published.

Formats are those of minisign (https://jedisct1.github.io/minisign/), so `minisign -Vm
SHA256SUMS -p release-key.pub` checks a signature made here and a key made by `minisign -G -W`
(unencrypted) signs here:
- public key: "untrusted comment: ..." then base64("Ed" || key id (8 bytes) || public key (32));
- secret key: base64("Ed" || kdf "\\0\\0" (none) || "B2" || salt (32) || opslimit (8) || memlimit
  (8) || key id (8) || secret key (64: seed || public key) || BLAKE2b-256 checksum (32));
- signature: base64("ED" || key id || Ed25519(BLAKE2b-512(file))) then a trusted comment and
  base64(Ed25519(signature || trusted comment)), which binds the comment to the signature.
Only the secret key's unencrypted form is read: a password-protected one (scrypt) is refused
with a clear message. The cryptography is the `cryptography` package's Ed25519.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from hotspots.release import archive
from hotspots.release.registry import SIGNATURE, SUMS

# The project's public key, in the repository (and quoted in every release's card).
PUBLIC_KEY = Path(__file__).resolve().parents[2] / "reference" / "release-key.pub"
DEFAULT_SECRET_KEY = Path("~/.config/hotspots/release.key")
_ALG, _PREHASHED, _CHK = b"Ed", b"ED", b"B2"


class SignatureError(ValueError):
    """A key or signature that cannot be read, or a signature that does not verify."""


class OtherKey(SignatureError):
    """The signature names another key than the one it is checked with."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes  # 8 bytes, as stored; shown as minisign shows it (little-endian hex)
    key: bytes  # 32 bytes

    @property
    def id_hex(self) -> str:
        return f"{int.from_bytes(self.key_id, 'little'):016X}"

    def text(self) -> str:
        """The public key file's contents."""
        encoded = base64.b64encode(_ALG + self.key_id + self.key).decode()
        return f"untrusted comment: minisign public key {self.id_hex}\n{encoded}\n"

    def line(self) -> str:
        """The key as one base64 line (what `minisign -P` takes)."""
        return self.text().splitlines()[1]


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    seed: bytes  # 32 bytes
    public: PublicKey


def _b64(line: str, what: str) -> bytes:
    try:
        return base64.b64decode(line.strip(), validate=True)
    except ValueError:
        raise SignatureError(f"{what}: not base64") from None


def _payload_lines(text: str, what: str) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or not lines[0].startswith("untrusted comment:"):
        raise SignatureError(f"{what}: not a minisign file (no 'untrusted comment:' first line)")
    return lines[1:]


def parse_public_key(text: str, what: str = "public key") -> PublicKey:
    """A minisign public key, from its file's text or from its base64 line alone."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and lines[0].startswith("untrusted comment:"):
        lines = lines[1:]
    if not lines:
        raise SignatureError(f"{what}: empty")
    raw = _b64(lines[0], what)
    if len(raw) != 42 or raw[:2] != _ALG:
        raise SignatureError(f"{what}: not an Ed25519 minisign public key")
    return PublicKey(raw[2:10], raw[10:])


def read_public_key(path: Path) -> PublicKey:
    try:
        return parse_public_key(Path(path).read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as err:
        raise SignatureError(f"{path}: cannot be read: {err}") from None


def read_secret_key(path: Path) -> SecretKey:
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SignatureError(f"{path}: cannot be read: {err}") from None
    lines = _payload_lines(text, str(path))
    raw = _b64(lines[0], str(path)) if lines else b""
    if len(raw) != 158 or raw[:2] != _ALG or raw[4:6] != _CHK:
        raise SignatureError(f"{path}: not an Ed25519 minisign secret key")
    if raw[2:4] != b"\0\0":
        raise SignatureError(
            f"{path}: a password-protected key (scrypt); only unencrypted keys are read "
            "(`minisign -G -W`, or `hotspots keygen`)"
        )
    key_id, sk, checksum = raw[54:62], raw[62:126], raw[126:158]
    if hashlib.blake2b(_ALG + key_id + sk, digest_size=32).digest() != checksum:
        raise SignatureError(f"{path}: checksum does not match (damaged key file)")
    seed, public = sk[:32], sk[32:]
    derived = Ed25519PrivateKey.from_private_bytes(seed).public_key()
    if derived.public_bytes(Encoding.Raw, PublicFormat.Raw) != public:
        raise SignatureError(f"{path}: the secret and public halves do not match")
    return SecretKey(key_id, seed, PublicKey(key_id, public))


def generate_key(path: Path) -> PublicKey:
    """Write a new unencrypted key pair: the secret key at `path` (mode 0600, created, never
    overwritten) and the public key at `path` + ".pub". Returns the public key."""
    path = Path(path).expanduser()
    public_path = path.with_name(path.name + ".pub")
    for existing in (path, public_path):
        if existing.exists():
            raise SignatureError(f"{existing} exists; a key is never overwritten (move it aside)")
    seed = secrets.token_bytes(32)
    key_id = secrets.token_bytes(8)
    pk = (
        Ed25519PrivateKey.from_private_bytes(seed)
        .public_key()
        .public_bytes(Encoding.Raw, PublicFormat.Raw)
    )
    sk = seed + pk
    checksum = hashlib.blake2b(_ALG + key_id + sk, digest_size=32).digest()
    raw = _ALG + b"\0\0" + _CHK + bytes(32) + bytes(8) + bytes(8) + key_id + sk + checksum
    text = "untrusted comment: minisign secret key (unencrypted)\n"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text + base64.b64encode(raw).decode() + "\n")
    public = PublicKey(key_id, pk)
    public_path.write_text(public.text(), encoding="utf-8")
    return public


def sign_bytes(data: bytes, key: SecretKey, trusted_comment: str) -> str:
    """A minisign signature file (prehashed, "ED") of `data`."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise SignatureError("the trusted comment must be one line")
    private = Ed25519PrivateKey.from_private_bytes(key.seed)
    signature = private.sign(hashlib.blake2b(data, digest_size=64).digest())
    comment = trusted_comment.encode("utf-8")
    global_signature = private.sign(signature + comment)
    return (
        f"untrusted comment: signature from hotspots secret key {key.public.id_hex}\n"
        f"{base64.b64encode(_PREHASHED + key.key_id + signature).decode()}\n"
        f"trusted comment: {trusted_comment}\n"
        f"{base64.b64encode(global_signature).decode()}\n"
    )


def verify_bytes(data: bytes, signature_text: str, key: PublicKey) -> str:
    """Check a minisign signature of `data`; the trusted comment if it verifies, else raise
    SignatureError saying why."""
    lines = _payload_lines(signature_text, SIGNATURE)
    if len(lines) < 3 or not lines[1].startswith("trusted comment: "):
        raise SignatureError(f"{SIGNATURE}: not a minisign signature")
    raw = _b64(lines[0], SIGNATURE)
    if len(raw) != 74 or raw[:2] not in (_ALG, _PREHASHED):
        raise SignatureError(f"{SIGNATURE}: not an Ed25519 minisign signature")
    if raw[2:10] != key.key_id:
        signer = f"{int.from_bytes(raw[2:10], 'little'):016X}"
        raise OtherKey(
            f"{SIGNATURE} was made with key {signer}, not with the public key {key.id_hex}"
        )
    signature = raw[10:]
    message = hashlib.blake2b(data, digest_size=64).digest() if raw[:2] == _PREHASHED else data
    comment = lines[1].removeprefix("trusted comment: ")
    public = Ed25519PublicKey.from_public_bytes(key.key)
    try:
        public.verify(signature, message)
    except InvalidSignature:
        raise SignatureError(
            f"{SIGNATURE} does not verify: {SUMS} was changed after it was signed, or the "
            "signature is forged"
        ) from None
    try:
        public.verify(_b64(lines[2], SIGNATURE), signature + comment.encode("utf-8"))
    except InvalidSignature:
        raise SignatureError(f"{SIGNATURE}: the trusted comment was changed") from None
    return comment


def sign_release(release_dir: Path, key_path: Path) -> Path:
    """Write `release_dir/SHA256SUMS.minisig`: the signature of its SHA256SUMS, the trusted
    comment naming the release and the hash of what is signed. Signing again replaces it."""
    release_dir = Path(release_dir)
    sums = release_dir / SUMS
    if not sums.is_file():
        raise SignatureError(f"{sums}: missing; only a published release can be signed")
    key = read_secret_key(key_path)
    data = sums.read_bytes()
    comment = (
        f"china-innovation-hotspots {release_dir.name} {SUMS} "
        f"sha256:{hashlib.sha256(data).hexdigest()}"
    )
    text = sign_bytes(data, key, comment)
    out = release_dir / SIGNATURE
    _write_atomic(out, text)
    # The zip of the release holds every file, so now the signature too (none in releases made
    # before zips: those only gain the signature)
    zipped = archive.refresh_zip(release_dir)
    # latest/ is a copy of the LATEST version: it gets the signature (and the new zip) too
    latest = release_dir.parent / "latest"
    if (latest / SUMS).is_file() and (latest / SUMS).read_bytes() == data:
        _write_atomic(latest / SIGNATURE, text)
        if zipped is not None:
            for name in archive.archive_names(release_dir):
                _link_atomic(release_dir / name, latest / name)
    return out


def _link_atomic(src: Path, dst: Path) -> None:
    """`dst` becomes `src` (a hard link, as publish makes latest/; a copy where links fail)."""
    tmp = dst.parent / f".tmp-{dst.name}-{secrets.token_hex(4)}"
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copyfile(src, tmp)
        tmp.chmod(0o644)
    os.replace(tmp, dst)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.parent / f".tmp-{path.name}-{secrets.token_hex(4)}"
    tmp.write_text(text, encoding="utf-8")
    tmp.chmod(0o644)
    os.replace(tmp, path)


@dataclass(frozen=True)
class SignatureCheck:
    """What a release's signature says: `state` is "good", "bad", "other key", "unsigned" or
    "no key"."""

    state: str
    message: str


def check_release_signature(release_dir: Path, key: PublicKey | None) -> SignatureCheck:
    """The state of `release_dir`'s signature against `key` (None: no public key at hand)."""
    release_dir = Path(release_dir)
    path = release_dir / SIGNATURE
    signature = None
    if path.is_file():
        try:
            signature = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            return SignatureCheck("bad", f"{SIGNATURE}: cannot be read: {err}")
    return check_signature((release_dir / SUMS).read_bytes(), signature, key)


def check_signature(sums: bytes, signature: str | None, key: PublicKey | None) -> SignatureCheck:
    """The state of a SHA256SUMS signature (None: there is none) against `key`: "good", "bad",
    "other key" (made with another key than `key`), "unsigned" or "no key"."""
    if signature is None:
        return SignatureCheck(
            "unsigned", f"unsigned: no {SIGNATURE} (checked against {SUMS} only, not signed)"
        )
    if key is None:
        return SignatureCheck(
            "no key", "signed, but not checked: no public key (give --public-key FILE)"
        )
    try:
        verify_bytes(sums, signature, key)
    except OtherKey as err:
        return SignatureCheck("other key", str(err))
    except SignatureError as err:
        return SignatureCheck("bad", str(err))
    return SignatureCheck("good", f"signature good (key {key.id_hex})")


def default_public_key() -> PublicKey | None:
    """The repository's public key (reference/release-key.pub), None when there is none."""
    return read_public_key(PUBLIC_KEY) if PUBLIC_KEY.is_file() else None


def card_signature_section() -> list[str]:
    """The dataset card's lines on signatures: the project's public key and how to check a
    release with it (none when the repository has no key)."""
    key = default_public_key()
    if key is None:
        return []
    return [
        "## Signature",
        "",
        f"Releases are signed with the project's Ed25519 key {key.id_hex} (minisign format; also "
        "`reference/release-key.pub` in the repository). When this folder holds "
        f"`{SIGNATURE}` (signatures are added after publication), check it with either of:",
        "",
        "```sh",
        f"minisign -Vm {SUMS} -P {key.line()}",
        "hotspots verify . --public-key release-key.pub   # key saved from the line above",
        "```",
        "",
        f"then `sha256sum -c {SUMS}` checks every file the signature covers.",
        "",
    ]
