"""Issue 20 item 3: the dataset's identity (schemas/dataset.yaml) and its citations."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
import yaml
from release_fixtures import build_info, sample_tables

from hotspots.release import identity, publish_release
from hotspots.release.identity import IdentityError, load_identity


def test_the_repository_citation_cff_is_current():
    """CITATION.cff at the root is generated from schemas/dataset.yaml: after editing that
    file run `python -m hotspots.release.identity --write`."""
    assert identity.main(["--check"]) == 0
    cff = yaml.safe_load((identity.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    meta = load_identity()
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    assert cff["title"] == meta["title"] and cff["license"] == meta["license"]["name"]
    assert cff["authors"] == [{"name": meta["creator"]}]
    assert "version" not in cff  # the dataset as a whole; each release cites its version


def test_check_fails_when_the_file_is_stale(tmp_path, monkeypatch):
    monkeypatch.setattr(identity, "ROOT", tmp_path)
    assert identity.main(["--check"]) == 1
    assert identity.main(["--write"]) == 0 and identity.main(["--check"]) == 0


def test_no_url_is_invented_while_the_project_has_none():
    meta = load_identity()
    assert meta["homepage"] is None, (
        "schemas/dataset.yaml names a home: update this test and the README's Citing section"
    )
    text = identity.citation_text(meta, "1.2.0", "2026-12-05")
    assert text.endswith("version 1.2.0 [data set]. Not yet published at a canonical URL.")
    bib = identity.bibtex(meta, "1.2.0", "2026-12-05")
    assert "url =" not in bib and "note = {Not yet published at a canonical URL}" in bib
    assert identity.dataset_id(meta, "1.2.0").startswith("urn:uuid:")
    assert identity.dataset_id(meta, "1.2.0") == identity.dataset_id(meta, "1.2.0")
    assert identity.dataset_id(meta, "1.2.0") != identity.dataset_id(meta, "1.2.1")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"homepage": "example.org/data"}, "homepage must be an http(s) URL"),
        ({"doi": "https://doi.org/10.5281/zenodo.1"}, "doi must look like 10.NNNN/suffix"),
        ({"colour": "red"}, "unknown key(s) ['colour']"),
        ({"mirrors": ["ftp://x/"]}, "mirrors[0] must be an http(s) URL"),
    ],
)
def test_the_identity_file_is_checked(tmp_path, change, message):
    raw = yaml.safe_load(identity.IDENTITY_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "dataset.yaml"
    path.write_text(yaml.safe_dump({**raw, **change}), encoding="utf-8")
    with pytest.raises(IdentityError, match=re.escape(message)):
        load_identity(path)


@pytest.fixture(scope="module")
def unpublished(tmp_path_factory):
    dist = tmp_path_factory.mktemp("identity") / "dist"
    return publish_release(sample_tables(), dist, build_info()).path


HOME = {
    "homepage": "https://data.example.net/hotspots/",
    "doi": "10.5281/zenodo.1234567",
    "mirrors": ["https://mirror.example.com/hotspots/"],
}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    dist = tmp_path_factory.mktemp("identity-home") / "dist"
    return publish_release(sample_tables(), dist, {**build_info(), "dataset": HOME}).path


def test_a_release_without_a_home_says_so_everywhere(unpublished):
    card = (unpublished / "README.md").read_text()
    assert "This dataset is not yet published at a canonical URL" in card
    assert "example.org" not in card.split("## Where it lives")[1].split("## How to cite")[0]
    assert "```bibtex\n@misc{china_innovation_hotspots_1_0_0," in card
    cff = yaml.safe_load((unpublished / "CITATION.cff").read_text())
    assert cff["version"] == "1.0.0" and cff["date-released"] == "2026-11-23"
    assert "url" not in cff and "doi" not in cff
    package = json.loads((unpublished / "datapackage.json").read_text())
    assert package["id"].startswith("urn:uuid:") and "homepage" not in package
    croissant = json.loads((unpublished / "croissant.json").read_text())
    assert "url" not in croissant and croissant["citeAs"].startswith("@misc{")
    assert croissant["creditText"].endswith("Not yet published at a canonical URL.")


def test_a_release_with_a_home_and_a_doi_carries_them(published):
    version_url = "https://data.example.net/hotspots/1.0.0/"
    package = json.loads((published / "datapackage.json").read_text())
    assert package["id"] == "https://doi.org/10.5281/zenodo.1234567"
    assert package["homepage"] == HOME["homepage"]
    croissant = json.loads((published / "croissant.json").read_text())
    assert croissant["url"] == version_url
    assert croissant["identifier"] == "https://doi.org/10.5281/zenodo.1234567"
    assert croissant["sameAs"] == ["https://mirror.example.com/hotspots/1.0.0/"]
    assert "doi = {10.5281/zenodo.1234567}" in croissant["citeAs"]
    assert f"url = {{{version_url}}}" in croissant["citeAs"]
    card = (published / "README.md").read_text()
    assert f"Canonical home: <{HOME['homepage']}> (this version: <{version_url}>)." in card
    assert "Mirror: <https://mirror.example.com/hotspots/1.0.0/>." in card
    assert "not yet published" not in card
    cff = yaml.safe_load((published / "CITATION.cff").read_text())
    assert cff["url"] == version_url and cff["doi"] == HOME["doi"]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ld: list[str] = []
        self._in_ld = False
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"
        if "id" in attrs:
            self.ids.add(attrs["id"])

    def handle_endtag(self, tag):
        self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.ld.append(data)


def test_the_page_embeds_the_croissant_metadata_and_the_citation(unpublished):
    text = (unpublished / "index.html").read_text()
    page = _Page()
    page.feed(text)
    [ld] = page.ld
    assert json.loads(ld) == json.loads((unpublished / "croissant.json").read_text())
    assert text.index("application/ld+json") < text.index("</head>")
    assert "cite" in page.ids
    assert "Not yet published at a canonical URL." in text
    assert '<a href="CITATION.cff">CITATION.cff</a>' in text


def test_json_ld_cannot_close_its_element(tmp_path):
    from hotspots.release.page import croissant_jsonld

    (tmp_path / "croissant.json").write_text(json.dumps({"name": "</script><script>x()</script>"}))
    block = croissant_jsonld(tmp_path)
    assert block.count("</script>") == 1 and "\\u003c/script>" in block
