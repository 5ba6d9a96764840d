"""Well-formedness of the hand-written gold annotation (tests/gold/).

The gold files are the yardstick for extraction precision/recall, so they must be exact:
every row names a real document, quotes it literally, uses the predicate vocabulary the way
schemas/predicates.yaml defines it, and uses readable entity ids. See tests/gold/GUIDELINES.md.
"""

from __future__ import annotations

import csv
import json
import math
import re
from functools import cache
from pathlib import Path

import pytest

from hotspots.reference import load_gazetteer
from schemas import predicates as vocabulary
from schemas.predicates import load_predicates

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold"
SEEDS_CSV = GOLD / "seeds" / "facts.csv"
WRITTEN_CSV = GOLD / "written" / "facts.csv"
WRITTEN_DOCS = GOLD / "written" / "docs"
HELDOUT_CSV = GOLD / "heldout" / "facts.csv"
HELDOUT_DOCS = GOLD / "heldout" / "docs"
CONSTRUCTIONS_CSV = GOLD / "constructions" / "facts.csv"
CONSTRUCTIONS_DOCS = GOLD / "constructions" / "docs"
REAL_SETS = (
    "real_dev",
    "real_blind",
)  # real published documents (issue #18)
RAW = ROOT / "raw"
RESERVED_SOURCES = ROOT.parent / "shared" / "RESERVED_SOURCES.txt"

COLUMNS = [
    "document",
    "subject_id",
    "predicate",
    "object_id",
    "value",
    "comparator",
    "as_of",
    "evidence",
    "note",
]
COMPARATORS = {"", "eq", "gt", "gte", "lt", "lte", "approx"}
AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# a gold as_of may also name a half or a quarter (GUIDELINES: periods shorter than a year are kept)
GOLD_AS_OF = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?|-H[12]|-Q[1-4])?$")
ENTITY_ID = re.compile(r"^[a-z_]+/[a-z0-9]+(-[a-z0-9]+)*$")
MAX_EVIDENCE = 80
SIDECAR_FIELDS = {"title", "publisher", "url", "published", "language", "retrieved", "license"}
WRITTEN_LICENSE = "test document written for the china-innovation-hotspots test suite; CC0"
# id prefix -> entity types (schemas/tables.py ENTITY_TYPES) it may stand for
PREFIX_TYPES = {
    "country": {"country"},
    "province": {"province"},
    "city": {"city"},
    "sar": {"sar"},
    "district": {"district"},
    "region": {"policy_region"},
    "cluster": {"cluster"},
    "park": {"park"},
    "org": {"company", "university", "research_institute"},
    "programme": {"programme"},
}
CURRENCY_UNITS = {"currency", "varies"}
PLANNED_PREDICATES = GOLD / "planned_predicates.yaml"


@cache
def predicates() -> dict:
    """The vocabulary the gold may use: the published one plus the planned predicates (their gold
    rows count as misses until the extractor emits them)."""
    planned = load_predicates(PLANNED_PREDICATES)
    assert not set(planned) & set(vocabulary()), "a planned predicate is already published"
    return {**vocabulary(), **planned}


GOLD_SETS = {
    "seeds": (SEEDS_CSV, RAW),
    "written": (WRITTEN_CSV, WRITTEN_DOCS),
    "heldout": (HELDOUT_CSV, HELDOUT_DOCS),
    "constructions": (CONSTRUCTIONS_CSV, CONSTRUCTIONS_DOCS),
    **{
        name: (GOLD / name / "facts.csv", GOLD / name / "docs")
        for name in REAL_SETS
        if (GOLD / name / "facts.csv").is_file()
    },
}
# invented document sets: doc dir -> (max words per document, documents without gold rows)
INVENTED_SETS = {
    "written": (WRITTEN_DOCS, 600, {"w12_oped_no_facts"}),
    "heldout": (HELDOUT_DOCS, 500, {"h10_oped_rankings_no_facts"}),
    "constructions": (CONSTRUCTIONS_DOCS, 300, set()),
}
# minimum words per document where it is not 150 (construction documents are short on purpose)
MIN_WORDS = {"constructions": 80}
# the construction set (issue #11): every row's note carries `construction=<tag>` (how the fact
# is stated), optionally `also=<tag>`; stems are c<NN>_<family>_<name>, >= 2 documents a family
CONSTRUCTION_TAGS = {"reference", "list", "heading", "rank_change", "plain"}
CONSTRUCTION_FAMILIES = CONSTRUCTION_TAGS - {"plain"}
CONSTRUCTION_NOTE = re.compile(
    r"(?:^|; )construction=(?P<tag>[a-z_]+)(?:; also=(?P<also>[a-z_]+))?(?:;|$)"
)
CONSTRUCTION_STEM = re.compile(
    r"^c\d{2}_(?P<family>reference|list|heading|rank_change)_[a-z0-9_]+$"
)


@cache
def _read(csv_path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with csv_path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, strict=True)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@cache
def _doc_text(doc_dir: Path, stem: str) -> str:
    return (doc_dir / f"{stem}.txt").read_text(encoding="utf-8")


def _where(row: dict[str, str], i: int) -> str:
    return f"row {i + 2} ({row['document']} {row['subject_id']} {row['predicate']})"


@pytest.fixture(params=sorted(GOLD_SETS))
def gold(request):
    csv_path, doc_dir = GOLD_SETS[request.param]
    header, rows = _read(csv_path)
    return header, rows, doc_dir


def test_files_exist_and_are_utf8():
    for csv_path, _ in GOLD_SETS.values():
        assert csv_path.is_file(), csv_path
        csv_path.read_bytes().decode("utf-8")  # strict


def test_columns_exactly(gold):
    header, rows, _ = gold
    assert header == COLUMNS
    assert rows, "gold file has no rows"
    for i, row in enumerate(rows):
        assert None not in row, f"row {i + 2} has more cells than the header"
        assert all(v is not None for v in row.values()), (
            f"row {i + 2} has fewer cells than the header"
        )


def test_documents_exist(gold):
    _, rows, doc_dir = gold
    for i, row in enumerate(rows):
        assert (doc_dir / f"{row['document']}.txt").is_file(), _where(row, i)
        assert (doc_dir / f"{row['document']}.meta.json").is_file(), _where(row, i)


def test_evidence_occurs_literally(gold):
    _, rows, doc_dir = gold
    for i, row in enumerate(rows):
        ev = row["evidence"]
        assert ev.strip(), f"{_where(row, i)}: empty evidence"
        assert len(ev) <= MAX_EVIDENCE, f"{_where(row, i)}: evidence longer than {MAX_EVIDENCE}"
        assert ev in _doc_text(doc_dir, row["document"]), (
            f"{_where(row, i)}: {ev!r} not in document"
        )


def test_predicates_in_vocabulary(gold):
    _, rows, _ = gold
    vocab = predicates()
    for i, row in enumerate(rows):
        assert row["predicate"] in vocab, f"{_where(row, i)}: unknown predicate"


def test_values_match_value_type(gold):
    _, rows, _ = gold
    vocab = predicates()
    for i, row in enumerate(rows):
        pred = vocab[row["predicate"]]
        where = _where(row, i)
        if pred.value_type == "number":
            try:
                num = float(row["value"])
            except ValueError:
                pytest.fail(f"{where}: value {row['value']!r} is not numeric")
            assert math.isfinite(num), where
            if pred.unit in CURRENCY_UNITS:
                assert "unit=" in row["note"], (
                    f"{where}: {pred.unit} predicate needs 'unit=...' in note"
                )
        elif pred.value_type == "entity":
            assert row["value"] == "", f"{where}: entity predicate with a value"
            assert row["object_id"], f"{where}: entity predicate without object_id"
            assert row["comparator"] == "", f"{where}: entity predicate with a comparator"
        else:  # text
            assert row["value"].strip(), f"{where}: text predicate without a value"
            assert row["object_id"] == "", f"{where}: text predicate with an object_id"
            assert row["comparator"] == "", f"{where}: text predicate with a comparator"


def test_comparator_and_as_of(gold):
    _, rows, _ = gold
    for i, row in enumerate(rows):
        assert row["comparator"] in COMPARATORS, _where(row, i)
        assert row["as_of"] == "" or GOLD_AS_OF.match(row["as_of"]), (
            f"{_where(row, i)}: as_of {row['as_of']!r}"
        )


def test_entity_ids(gold):
    _, rows, _ = gold
    for i, row in enumerate(rows):
        assert ENTITY_ID.match(row["subject_id"]), f"{_where(row, i)}: subject_id"
        assert row["object_id"] == "" or ENTITY_ID.match(row["object_id"]), (
            f"{_where(row, i)}: object_id"
        )


def test_entity_types_fit_predicate(gold):
    _, rows, _ = gold
    vocab = predicates()
    for i, row in enumerate(rows):
        pred = vocab[row["predicate"]]
        where = _where(row, i)
        subj_types = PREFIX_TYPES.get(row["subject_id"].split("/", 1)[0])
        assert subj_types, f"{where}: unknown id prefix"
        assert subj_types & set(pred.subject_types), (
            f"{where}: subject type not in {pred.subject_types}"
        )
        if row["object_id"]:
            obj_types = PREFIX_TYPES.get(row["object_id"].split("/", 1)[0])
            assert obj_types, f"{where}: unknown object id prefix"
            if pred.object_types:
                assert obj_types & set(pred.object_types), (
                    f"{where}: object type not in {pred.object_types}"
                )


def test_no_duplicate_rows(gold):
    _, rows, _ = gold
    seen: set[tuple[str, ...]] = set()
    for i, row in enumerate(rows):
        key = tuple(row[c] for c in COLUMNS)
        assert key not in seen, f"{_where(row, i)}: duplicate row"
        seen.add(key)


@pytest.mark.parametrize("name", sorted(INVENTED_SETS))
def test_written_sidecars(name):
    doc_dir = INVENTED_SETS[name][0]
    stems = sorted(p.stem for p in doc_dir.glob("*.txt"))
    assert len(stems) >= 10
    for stem in stems:
        meta_path = doc_dir / f"{stem}.meta.json"
        assert meta_path.is_file(), stem
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        assert set(meta) == SIDECAR_FIELDS, f"{stem}: sidecar fields {sorted(meta)}"
        for field in ("title", "publisher", "url", "language", "retrieved", "license"):
            assert isinstance(meta[field], str) and meta[field], f"{stem}: {field}"
        assert meta["published"] is None or AS_OF.match(meta["published"]), f"{stem}: published"
        assert AS_OF.match(meta["retrieved"]), f"{stem}: retrieved"
        assert meta["license"] == WRITTEN_LICENSE, stem
    for meta_path in doc_dir.glob("*.meta.json"):
        assert (doc_dir / f"{meta_path.name.removesuffix('.meta.json')}.txt").is_file()


def test_written_sidecars_match_raw_format():
    for meta_path in sorted(RAW.glob("*.meta.json")):
        raw_fields = set(json.loads(meta_path.read_text(encoding="utf-8")))
        assert raw_fields == SIDECAR_FIELDS, f"{meta_path.name}: raw sidecar format changed"


@pytest.mark.parametrize("name", sorted(INVENTED_SETS))
def test_written_docs_length(name):
    doc_dir, max_words, _ = INVENTED_SETS[name]
    min_words = MIN_WORDS.get(name, 150)
    for path in sorted(doc_dir.glob("*.txt")):
        n_words = len(path.read_text(encoding="utf-8").split())
        assert min_words <= n_words <= max_words, f"{path.name}: {n_words} words"


def test_gold_covers_every_document():
    """Every seed document has gold rows; every written document does, except the no-facts op-ed."""
    _, seed_rows = _read(SEEDS_CSV)
    seeds = {r["document"] for r in seed_rows}
    assert len(seeds) == 5, f"the five seed documents should all be annotated: {sorted(seeds)}"
    for name, (doc_dir, _, expected_without) in INVENTED_SETS.items():
        _, rows = _read(GOLD_SETS[name][0])
        annotated = {r["document"] for r in rows}
        stems = {p.stem for p in doc_dir.glob("*.txt")}
        assert annotated <= stems, name
        without = stems - annotated
        assert without == expected_without, f"{name} documents without gold rows: {sorted(without)}"


def test_heldout_is_separate_from_written():
    """The held-out documents are new: no stem or text shared with the written set."""
    written = {p.stem: p.read_text(encoding="utf-8") for p in WRITTEN_DOCS.glob("*.txt")}
    for path in sorted(HELDOUT_DOCS.glob("*.txt")):
        assert path.stem.startswith("h"), path.name
        assert path.stem not in written, path.name
        assert path.read_text(encoding="utf-8") not in written.values(), path.name


def test_heldout_ids_in_gazetteer():
    """Every id of the held-out set names a gazetteer entity of a type the predicate allows."""
    _check_ids_in_gazetteer(HELDOUT_CSV)


def test_constructions_ids_in_gazetteer():
    """Every id of the construction set names a gazetteer entity of a type the predicate allows."""
    _check_ids_in_gazetteer(CONSTRUCTIONS_CSV)


def test_constructions_notes_and_families():
    """Every construction row is tagged, and every construction family has >= 2 documents."""
    _, rows = _read(CONSTRUCTIONS_CSV)
    for i, row in enumerate(rows):
        found = CONSTRUCTION_NOTE.findall(row["note"])
        assert len(found) == 1, f"{_where(row, i)}: note needs one construction=<tag>"
        tag, also = found[0]
        assert tag in CONSTRUCTION_TAGS, f"{_where(row, i)}: construction={tag}"
        assert also in CONSTRUCTION_TAGS | {""} and also != tag, f"{_where(row, i)}: also={also}"
    stems = sorted(p.stem for p in CONSTRUCTIONS_DOCS.glob("*.txt"))
    assert len(stems) >= 12
    families: dict[str, set[str]] = {f: set() for f in CONSTRUCTION_FAMILIES}
    for stem in stems:
        match = CONSTRUCTION_STEM.match(stem)
        assert match, f"{stem}: stem should be c<NN>_<family>_<name>"
        families[match["family"]].add(stem)
    for family, members in families.items():
        assert len(members) >= 2, f"construction {family}: {sorted(members)}"
        tags = {
            CONSTRUCTION_NOTE.search(r["note"])["tag"] for r in rows if r["document"] in members
        }
        assert family in tags, f"no {family} row in the {family} documents"


def _check_ids_in_gazetteer(csv_path: Path) -> None:
    entities = load_gazetteer().entities
    vocab = predicates()
    _, rows = _read(csv_path)
    for i, row in enumerate(rows):
        pred = vocab[row["predicate"]]
        where = _where(row, i)
        subject = entities.get(row["subject_id"])
        if subject is None and "probably not in the gazetteer" in row["note"]:
            continue  # an open-world entity (GUIDELINES, last section), e.g. a company's facility
        assert subject is not None, f"{where}: subject_id not in the gazetteer"
        assert subject.type in pred.subject_types, (
            f"{where}: subject is a {subject.type}, not one of {pred.subject_types}"
        )
        if row["object_id"]:
            obj = entities.get(row["object_id"])
            assert obj is not None, f"{where}: object_id not in the gazetteer"
            if pred.object_types:
                assert obj.type in pred.object_types, (
                    f"{where}: object is a {obj.type}, not one of {pred.object_types}"
                )


REAL_MIN_DOCS = {
    "real_dev": 25,
    "real_blind": 15,
}
REAL_MAX_WORDS = 900


@pytest.mark.parametrize("name", REAL_SETS)
def test_real_sets(name):
    """Real documents: a sidecar with the page's real url, publisher and dates; no reserved source;
    enough documents; short enough to quote; every document annotated; no document in both parts."""
    doc_dir = GOLD / name / "docs"
    if not (GOLD / name / "facts.csv").is_file():
        pytest.skip(f"{name} not annotated yet")
    reserved = set()
    if RESERVED_SOURCES.is_file():
        reserved = {
            line.strip().rstrip("/").split("://", 1)[-1]
            for line in RESERVED_SOURCES.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        }
    stems = sorted(p.stem for p in doc_dir.glob("*.txt"))
    urls = []
    for stem in stems:
        meta = json.loads((doc_dir / f"{stem}.meta.json").read_text(encoding="utf-8"))
        assert set(meta) == SIDECAR_FIELDS, f"{stem}: sidecar fields {sorted(meta)}"
        for field in ("title", "publisher", "url", "language", "retrieved", "license"):
            assert isinstance(meta[field], str) and meta[field], f"{stem}: {field}"
        assert meta["url"].startswith(("http://", "https://")), f"{stem}: url"
        assert "example.org" not in meta["url"], f"{stem}: not a real url"
        assert meta["license"] != WRITTEN_LICENSE, f"{stem}: a real document is not CC0 test text"
        assert meta["published"] is None or AS_OF.match(meta["published"]), f"{stem}: published"
        assert AS_OF.match(meta["retrieved"]), f"{stem}: retrieved"
        assert meta["url"].rstrip("/").split("://", 1)[-1] not in reserved, (
            f"{stem}: {meta['url']} is reserved for independent checks"
        )
        urls.append(meta["url"])
        n_words = len((doc_dir / f"{stem}.txt").read_text(encoding="utf-8").split())
        assert 60 <= n_words <= REAL_MAX_WORDS, f"{stem}: {n_words} words"
    assert len(urls) == len(set(urls)), f"{name}: a url twice"
    _, rows = _read(GOLD / name / "facts.csv")
    assert {r["document"] for r in rows} <= set(stems)


@pytest.mark.parametrize("name", REAL_SETS)
def test_real_sets_big_enough(name):
    """Issue #18: at least 25 development, 15 blind and 20 new (first-sight) documents, each annotated."""
    stems = {p.stem for p in (GOLD / name / "docs").glob("*.txt")}
    assert len(stems) >= REAL_MIN_DOCS[name], f"{name}: {len(stems)} documents"
    _, rows = _read(GOLD / name / "facts.csv")
    assert {r["document"] for r in rows} == stems, f"{name}: documents without gold rows"


def test_real_parts_disjoint():
    parts = {}
    for name in REAL_SETS:
        doc_dir = GOLD / name / "docs"
        if doc_dir.is_dir():
            parts[name] = {
                json.loads(p.read_text(encoding="utf-8"))["url"]
                for p in doc_dir.glob("*.meta.json")
            }
    names = sorted(parts)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert not (parts[first] & parts[second]), f"{first} and {second} share a url"


def test_guidelines_present():
    text = (GOLD / "GUIDELINES.md").read_text(encoding="utf-8")
    assert "as_of" in text
