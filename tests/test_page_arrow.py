"""The release page's data path in Arrow (issue #21: no table made Python rows whole) on random
releases (the sample release with its tables thinned, shuffled and rewired: ties in every sort key,
claims missing from the claims table, facts sharing a conflict's key, entities without
coordinates, discovered entities, references and dates in antecedents) at random caps: the page
renders, gives the same bytes twice, and every link inside it points to a row it shows. (Until
stop 27 the page was compared byte for byte with a frozen copy of the code that made every table
Python rows; they were identical on every case, and the copy was retired.) Also: the page makes
Python rows of the rows it shows, not of whole tables."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from release_fixtures import build_info, sample_tables

from hotspots.release import page, page_rows, publish_release

CASES = 40


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("arrow") / "dist"
    publish_release(sample_tables(), dist, build_info())
    return dist / "1.0.0"


def _read(release: Path, name: str) -> pa.Table:
    return pq.read_table(release / "data" / f"{name}.parquet")


def _write(release: Path, name: str, rows: list[dict], schema: pa.Schema) -> None:
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), release / "data" / f"{name}.parquet")


def _ids(rng: random.Random, pool: list[str], most: int) -> str:
    """A claim_ids cell: some ids of `pool`, maybe one twice, maybe an unknown one, maybe empty
    parts."""
    ids = rng.sample(pool, min(len(pool), rng.randint(0, most)))
    if ids and rng.random() < 0.2:
        ids.append(ids[0])
    if rng.random() < 0.15:
        ids.append("f" * 16)  # not in the claims table
    text = ";".join(ids)
    return text + ";" if rng.random() < 0.1 else text


def _rewire(release: Path, rng: random.Random) -> None:
    """The release's tables thinned, shuffled and rewired at random (schemas kept)."""
    t = {
        name: _read(release, name)
        for name in (*page_rows.WHOLE_TABLES, "claims")
        if (release / "data" / f"{name}.parquet").is_file()
    }
    rows = {name: table.to_pylist() for name, table in t.items()}
    for name in rows:
        rows[name] = [r for r in rows[name] if rng.random() < 0.85]
        rng.shuffle(rows[name])
    entity_ids = [e["entity_id"] for e in rows["entities"]] + ["org/not-an-entity"]
    document_ids = [d["document_id"] for d in rows["documents"]] + ["0" * 16]
    titles = ["Alpha", "alpha", "Beta", "Ärger", "Beta"]
    for d in rows["documents"]:
        if rng.random() < 0.5:
            d["title"] = rng.choice(titles)  # ties: then by document_id
    names = ["Shenzhen", "shenzhen", "Straße", "STRASSE", "Ωmega", "ωmega", "Hub"]
    for e in rows["entities"]:
        if rng.random() < 0.4:
            e["name"] = rng.choice(names)  # casefold ties
        if rng.random() < 0.3:
            e["lat"] = e["lon"] = None
        if rng.random() < 0.2:
            e["source"] = "discovered"
        if rng.random() < 0.2:
            e["parent_id"] = rng.choice(entity_ids)
    antecedents = [
        None,
        "",
        "'the city' -> {e} (named at 10-11)",
        "'the city' -> {e} (named at 40-41); as_of 2023: heading at 0-20",
        '"it" -> {e} (named at 5-6)',
        "as_of 2021: 'last year' with the document's date",
        "x -> y",
    ]
    for c in rows["claims"]:
        if rng.random() < 0.5:
            c["subject_id"] = rng.choice(entity_ids)
        if rng.random() < 0.2:
            c["object_id"] = rng.choice([None, "", *entity_ids])
        if rng.random() < 0.3:
            c["document_id"] = rng.choice(document_ids)
        if rng.random() < 0.3:
            c["char_start"] = rng.choice([0, 5])
        if rng.random() < 0.5:
            c["antecedent"] = (rng.choice(antecedents) or "").format(e=rng.choice(entity_ids))
            c["antecedent"] = c["antecedent"] or rng.choice([None, ""])
    claim_ids = [c["claim_id"] for c in rows["claims"]]
    keys = []
    for f in rows["facts"]:
        if rng.random() < 0.6:
            f["claim_ids"] = _ids(rng, claim_ids, 6)
        if rng.random() < 0.3:
            f["subject_id"] = rng.choice(entity_ids)
        if rng.random() < 0.2:
            f["object_id"] = rng.choice([None, "", *entity_ids])
        if rng.random() < 0.2:
            f["as_of"] = None
        if rng.random() < 0.2:
            f["status"] = "disputed"
        if keys and rng.random() < 0.1:  # another fact's key: a conflict's fact is the last
            f["subject_id"], f["predicate"], f["as_of"] = rng.choice(keys)
        keys.append((f["subject_id"], f["predicate"], f["as_of"]))
    fact_ids = [f["fact_id"] for f in rows["facts"]]
    some = range(rng.randint(0, 12))
    conflict_keys = [
        rng.choice(keys) if keys and rng.random() < 0.7 else ("org/x", "p", None) for _ in some
    ]
    rows["conflicts"] = [
        {
            **{n: None for n in t["conflicts"].schema.names},
            "conflict_id": f"{i:016x}",
            "kind": rng.choice(["name", "value", "value"]),
            "subject_id": key[0],
            "predicate": key[1],
            "as_of": key[2],
            "claim_ids": _ids(rng, claim_ids, 5),
            "values": rng.choice(["A | B", "Shenzhen | Shenzen", "x"]),
            "resolution": rng.choice(["A", "Shenzhen", ""]),
            "rule": "r",
            "rationale": "why",
        }
        for i, key in enumerate(conflict_keys)
    ]
    rankings = rows["cluster_rankings"]
    for r in rankings:
        if rng.random() < 0.4:
            r["edition"], r["rank"] = rng.choice([2023, 2024]), rng.choice([1, 2, 2, 9])
        if rng.random() < 0.3:
            r["country_code"] = rng.choice(["CN", "US"])
        if fact_ids and rng.random() < 0.3:
            r["fact_id"] = rng.choice(fact_ids)
    for name, table in t.items():
        _write(release, name, rows[name], table.schema)


def _render(release: Path, cap: int, cell: int, mp) -> str:
    mp.setattr(page_rows, "MAX_ROWS", cap)
    mp.setattr(page_rows, "MAX_CELL_ITEMS", cell)
    return page.build_release_page(release)


@pytest.mark.parametrize("seed", range(CASES))
def test_the_page_of_a_random_release_is_whole_and_reproducible(seed, release, tmp_path):
    rng = random.Random(seed)
    case = tmp_path / "1.0.0"
    shutil.copytree(release, case)
    if seed:  # seed 0: the sample release as published
        _rewire(case, rng)
    cap, cell = rng.choice([1, 2, 3, 5, 1000]), rng.choice([1, 2, 20])
    with pytest.MonkeyPatch.context() as mp:
        first = _render(case, cap, cell, mp)
        again = _render(case, cap, cell, mp)
    assert first == again
    assert first.rstrip().endswith("</html>")
    if not seed:  # (a rewired release has ids that point nowhere on purpose)
        anchors = set(re.findall(r'\bid="([^"]+)"', first))
        links = set(re.findall(r'href="#([^"]+)"', first))
        assert links <= anchors, sorted(links - anchors)[:5]


@pytest.mark.parametrize(("cap", "cell"), [(1, 1), (2, 2), (3, 20), (5, 1), (1000, 20)])
def test_every_link_of_a_capped_page_points_to_a_row_it_shows(cap, cell, release):
    with pytest.MonkeyPatch.context() as mp:
        text = _render(release, cap, cell, mp)
    anchors = set(re.findall(r'\bid="([^"]+)"', text))
    links = set(re.findall(r'href="#([^"]+)"', text))
    assert links and links <= anchors, sorted(links - anchors)[:5]


def test_only_the_rows_shown_become_python_rows(release, monkeypatch):
    """With a cap of 2 on a release of more rows, the look-ups hold the rows shown and those
    they refer to, not whole tables."""
    monkeypatch.setattr(page_rows, "MAX_ROWS", 2)
    monkeypatch.setattr(page_rows, "MAX_CELL_ITEMS", 2)
    rel = page.read_release(release, page.WHOLE_TABLES)
    claims = page.read_claims(release, rel.package)
    look = page.Lookup(rel.tables)
    chosen = page.choose_rows(rel.tables, claims, look)
    assert all(isinstance(t, pa.Table) for t in rel.tables.values())
    shown = chosen.rows
    assert all(len(rows) <= 2 for rows in shown.values())
    assert len(shown["facts"]) == 2 and len(shown["entities"]) == 2
    # the claims shown and those the two facts quote (two each)
    assert len(look.claims) <= 2 + 2 * 2 < claims.num_rows
    assert set(look.facts_of_claim) <= {c["claim_id"] for c in shown["claims"]}
    assert set(look.aliases) <= {e["entity_id"] for e in shown["entities"]}
    documents = {c["document_id"] for c in look.claims.values()}
    assert set(look.documents._rows) <= documents | {d["document_id"] for d in shown["documents"]}
    referred = {
        r.get(k)
        for name in ("facts", "conflicts", "entities", "cluster_rankings")
        for r in shown[name]
        for k in ("subject_id", "object_id", "parent_id", "cluster_id")
    } | {r.get(k) for r in look.claims.values() for k in ("subject_id", "object_id")}
    assert set(look.entities._rows) <= referred
    assert len(look.entities._rows) < rel.tables["entities"].num_rows
