"""Who the dataset is and how to cite it: reads schemas/dataset.yaml (the one place for its
name, licence, canonical home, mirrors, DOI and maintainer) and writes every citation form from
it: the plain text, BibTeX and CITATION.cff of a version (in the card, on the page, in each
release), the repository's CITATION.cff (no version), and the ids the metadata files carry.

Nothing here invents a URL: while `homepage` is null the citations say the dataset is not yet
published at a canonical URL, and datapackage.json's `id` is a URN derived from name and version.

    python -m hotspots.release.identity --write   # regenerate CITATION.cff at the repository root
    python -m hotspots.release.identity --check   # exit 1 if it is not current
"""

from __future__ import annotations

import argparse
import re
import sys
import uuid
from functools import cache
from pathlib import Path

import yaml

from hotspots.yamlload import load_file
from schemas.predicates import PREDICATES_FILE

ROOT = Path(__file__).resolve().parents[2]
IDENTITY_FILE = PREDICATES_FILE.with_name("dataset.yaml")  # schemas/, beside the vocabulary
CITATION_FILE = "CITATION.cff"
NOT_PUBLISHED = "not yet published at a canonical URL"
_KEYS = {
    "name": str,
    "title": str,
    "description": str,
    "keywords": list,
    "license": dict,
    "creator": str,
    "maintainer": dict,
    "homepage": (str, type(None)),
    "mirrors": list,
    "doi": (str, type(None)),
    "repository": (str, type(None)),
}
_URL = re.compile(r"^https?://[^\s]+$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class IdentityError(ValueError):
    """schemas/dataset.yaml is missing a key, has an unknown one, or a malformed value."""


def load_identity(path: Path = IDENTITY_FILE) -> dict:
    """The identity in `path`, checked: every key present with its type, nothing unknown, URLs
    and the DOI well formed."""
    raw = load_file(path)
    where = Path(path).name
    if not isinstance(raw, dict):
        raise IdentityError(f"{where}: expected a mapping of keys to values")
    unknown = sorted(set(raw) - set(_KEYS))
    missing = sorted(set(_KEYS) - set(raw))
    if unknown or missing:
        raise IdentityError(f"{where}: unknown key(s) {unknown}, missing key(s) {missing}")
    for key, kind in _KEYS.items():
        if not isinstance(raw[key], kind):
            raise IdentityError(f"{where}: {key} has the wrong type ({type(raw[key]).__name__})")
    for key in ("name", "path", "title"):
        if not isinstance(raw["license"].get(key), str):
            raise IdentityError(f"{where}: license.{key} is required (text)")
    if not isinstance(raw["maintainer"].get("name"), str):
        raise IdentityError(f"{where}: maintainer.name is required (text)")
    urls = [("homepage", raw["homepage"]), ("repository", raw["repository"])]
    urls += [(f"mirrors[{i}]", u) for i, u in enumerate(raw["mirrors"])]
    urls.append(("license.path", raw["license"]["path"]))
    for key, url in urls:
        if url is not None and not (isinstance(url, str) and _URL.match(url)):
            raise IdentityError(f"{where}: {key} must be an http(s) URL, not {url!r}")
    if raw["doi"] is not None and not _DOI.match(raw["doi"]):
        raise IdentityError(
            f"{where}: doi must look like 10.NNNN/suffix (without https://doi.org/), not {raw['doi']!r}"
        )
    return raw


@cache
def identity() -> dict:
    return load_identity()


def doi_url(meta: dict) -> str | None:
    return f"https://doi.org/{meta['doi']}" if meta.get("doi") else None


def version_url(meta: dict, version: str) -> str | None:
    """Where a version lives under the canonical home (dist/ layout: <home><version>/)."""
    home = meta.get("homepage")
    return f"{home.rstrip('/')}/{version}/" if home else None


def dataset_id(meta: dict, version: str) -> str:
    """A globally unique id of the version (datapackage.json `id`): its DOI URL when there is a
    DOI, its URL under the canonical home when there is one, else a name-based UUID URN (the
    same name and version always give the same id)."""
    if meta.get("doi"):
        return doi_url(meta)
    if meta.get("homepage"):
        return version_url(meta, version)
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{meta['name']}@{version}"))


def where_to_find(meta: dict, version: str | None = None) -> str:
    """The location part of a citation: DOI, else URL, else the plain statement that there is
    none yet."""
    if meta.get("doi"):
        return doi_url(meta)
    if meta.get("homepage"):
        return version_url(meta, version) if version else meta["homepage"]
    return NOT_PUBLISHED[0].upper() + NOT_PUBLISHED[1:]


def citation_text(meta: dict, version: str, date: str) -> str:
    """'<creator> (<year>). <title>, version <v> [data set]. <DOI or URL or statement>.'"""
    where = where_to_find(meta, version)
    return (
        f"{meta['creator']} ({date[:4]}). {meta['title']}, version {version} [data set]. "
        f"{where.rstrip('.')}."
    )


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", text)


def bibtex(meta: dict, version: str, date: str) -> str:
    """A BibTeX @misc entry (understood by BibTeX and biblatex alike)."""
    key = re.sub(r"[^a-z0-9]+", "_", f"{meta['name']} {version}".lower()).strip("_")
    fields = [
        ("author", "{" + _bibtex_escape(meta["creator"]) + "}"),
        ("title", _bibtex_escape(f"{meta['title']}, version {version}")),
        ("year", date[:4]),
        ("version", version),
        ("howpublished", "Data set"),
    ]
    if meta.get("doi"):
        fields.append(("doi", meta["doi"]))
    url = version_url(meta, version) or doi_url(meta)
    if url:
        fields.append(("url", url))
    else:
        fields.append(("note", NOT_PUBLISHED[0].upper() + NOT_PUBLISHED[1:]))
    fields.append(("date", date))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def citation_cff(meta: dict, version: str | None = None, date: str | None = None) -> str:
    """CITATION.cff (Citation File Format 1.2.0): of a version in a release, of the dataset as a
    whole (no version) at the repository root."""
    doc: dict = {
        "cff-version": "1.2.0",
        "message": (
            "If you use this dataset, please cite this version as below."
            if version
            else "If you use this dataset, please cite the version you used: each release "
            "carries its own CITATION.cff."
        ),
        "type": "dataset",
        "title": meta["title"],
        "abstract": " ".join(meta["description"].split()),
        "authors": [{"name": meta["creator"]}],
        "contact": [
            {"name": meta["maintainer"]["name"]}
            | ({"email": meta["maintainer"]["email"]} if meta["maintainer"].get("email") else {})
        ],
        "keywords": list(meta["keywords"]),
        "license": meta["license"]["name"],
    }
    if version:
        doc["version"] = version
    if date:
        doc["date-released"] = date
    if meta.get("doi"):
        doc["doi"] = meta["doi"]
    url = (version_url(meta, version) if version else None) or meta.get("homepage")
    if url:
        doc["url"] = url
    if meta.get("repository"):
        doc["repository-code"] = meta["repository"]
    if meta.get("mirrors"):
        doc["identifiers"] = [
            {"type": "url", "value": m, "description": "mirror"} for m in meta["mirrors"]
        ]
    head = "# Generated from schemas/dataset.yaml by hotspots.release.identity: do not edit.\n"
    if not url:
        head += f"# The dataset is {NOT_PUBLISHED}: schemas/dataset.yaml says how to set one.\n"
    return head + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="The repository's CITATION.cff, from schemas/dataset.yaml."
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--write", action="store_true", help="write CITATION.cff at the repository root"
    )
    what.add_argument("--check", action="store_true", help="exit 1 if CITATION.cff is not current")
    args = parser.parse_args(argv)
    path = ROOT / CITATION_FILE
    text = citation_cff(load_identity())
    if args.write:
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
        return 0
    current = path.is_file() and path.read_text(encoding="utf-8") == text
    if not current:
        print(
            f"{path} is not current: run python -m hotspots.release.identity --write",
            file=sys.stderr,
        )
    return 0 if current else 1


if __name__ == "__main__":
    sys.exit(main())
