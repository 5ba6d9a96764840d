"""Say whether a web page is already used by the project (issue #18 item 1).

A page is in use when its url, normalised (scheme, ``www.``, trailing slash, query and fragment
dropped; host lowercased), matches the ``url`` field of any ``*.meta.json`` sidecar under ``raw/``
or ``tests/gold/`` (every set, audit folders included; only the sidecars' url fields are read,
never the documents) or a line of the reserved-sources list (``../shared/RESERVED_SOURCES.txt`` by
default). Dropping the query is deliberately conservative: two pages that differ only by their
query string (``index.php?id=1`` / ``?id=2``) count as the same page. Paths in the blind part are
reported without their file names. With ``--text FILE`` the page's text is also compared with the documents of the
non-blind sets: an identical opening (first 300 non-space characters) counts as in use too.

Exit code 0: not in use; 1: in use (the matches are printed); 2: bad arguments.

    .venv/bin/python scripts/page_in_use.py https://example.com/a/b?x=1
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESERVED = ROOT.parent / "shared" / "RESERVED_SOURCES.txt"
SEARCH_DIRS = ("raw", "tests/gold")
BLIND_PARTS = {"real_blind"}
OPENING_CHARS = 300


def normalise(url: str) -> str:
    """``https://www.Example.com/a/b/?q=1#x`` -> ``example.com/a/b``."""
    url = url.strip()
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    host = parts.netloc.lower()
    if "@" in host:
        host = host.rsplit("@", 1)[1]
    if host.startswith("www."):
        host = host[4:]
    host = re.sub(r":(80|443)$", "", host)
    path = parts.path.rstrip("/")
    return host + path


def sidecar_urls(roots: list[Path]) -> dict[str, list[str]]:
    """Normalised url -> sidecar paths, from every ``*.meta.json`` under the given roots."""
    found: dict[str, list[str]] = {}
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.meta.json")):
            try:
                url = json.loads(path.read_text(encoding="utf-8")).get("url")
            except (ValueError, OSError, AttributeError):
                continue
            if isinstance(url, str) and url.strip():
                where = str(path)
                if BLIND_PARTS & set(path.parts):
                    where = f"{path.parent} (a blind sidecar; name not shown)"
                found.setdefault(normalise(url), []).append(where)
    return found


def reserved_urls(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if not path.is_file():
        # A missing list must never read as "nothing is reserved".
        raise FileNotFoundError(f"reserved-sources list not found: {path} (give --reserved)")
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            found.setdefault(normalise(line), []).append(f"{path} (reserved)")
    return found


def _opening(text: str) -> str:
    return re.sub(r"\s+", "", text)[:OPENING_CHARS].lower()


def text_matches(text: str, roots: list[Path]) -> list[str]:
    """Documents (outside the blind part) whose opening equals the given text's opening."""
    want = _opening(text)
    if len(want) < 50:
        return []
    hits = []
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.txt")):
            if BLIND_PARTS & set(path.parts):
                continue
            try:
                if _opening(path.read_text(encoding="utf-8", errors="replace")) == want:
                    hits.append(str(path))
            except OSError:
                continue
    return hits


def in_use(
    url: str,
    *,
    root: Path = ROOT,
    reserved: Path = DEFAULT_RESERVED,
    extra_roots: tuple[Path, ...] = (),
    text: str | None = None,
) -> list[str]:
    """Where the page is already used (empty list: not in use)."""
    roots = [root / d for d in SEARCH_DIRS] + list(extra_roots)
    key = normalise(url)
    hits = list(sidecar_urls(roots).get(key, []))
    hits += reserved_urls(reserved).get(key, [])
    if text is not None:
        hits += [f"{p} (same text)" for p in text_matches(text, roots)]
    return hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--text", type=Path, help="the page's text, compared with stored documents")
    parser.add_argument("--reserved", type=Path, default=DEFAULT_RESERVED)
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="checkout to search (raw/, tests/gold/)"
    )
    parser.add_argument(
        "--also", type=Path, action="append", default=[], help="further folders of sidecars"
    )
    args = parser.parse_args(argv)
    text = args.text.read_text(encoding="utf-8") if args.text else None
    try:
        hits = in_use(
            args.url,
            root=args.root,
            reserved=args.reserved,
            extra_roots=tuple(args.also),
            text=text,
        )
    except FileNotFoundError as err:
        print(f"ERROR: {err}")
        return 2
    if hits:
        print(f"IN USE: {normalise(args.url)}")
        for hit in hits:
            print(f"  {hit}")
        return 1
    print(f"not in use: {normalise(args.url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
