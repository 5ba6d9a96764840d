"""The release page of a long release: each table shows at most page_rows.MAX_ROWS rows, says so and
links the full files, no link points to a row left out, and the page stays self-contained and
byte-reproducible. (A release under the cap gets the page it always had: test_page.py.) Also the
CSV rendered batch by batch: the same bytes whatever the batch size."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyarrow as pa
import pytest
from release_fixtures import build_info, release_arrow, sample_tables
from test_page import parse, section

from hotspots.release import page, page_rows, publish_release, verify_release, write
from hotspots.release.contract import table_names

CAP, CELL = 2, 2


@pytest.fixture(scope="module")
def long_release(tmp_path_factory) -> Path:
    """The sample release, published while the page shows at most CAP rows and CELL claims per
    cell: facts, claims, entities are over that (conflicts and rankings are not)."""
    dist = tmp_path_factory.mktemp("long") / "dist"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(page_rows, "MAX_ROWS", CAP)
        mp.setattr(page_rows, "MAX_CELL_ITEMS", CELL)
        publish_release(sample_tables(), dist, build_info())
    return dist / "1.0.0"


def table_block(text: str, name: str) -> str:
    block = text[text.index(f'id="table-{name}"') :]
    return block[: block.index("</table>")]


def test_a_long_table_shows_the_cap_and_says_where_the_rest_is(long_release):
    text = (long_release / page.PAGE).read_text(encoding="utf-8")
    tables = sample_tables()
    for name, key in (("facts", "facts"), ("claims", "claims"), ("entities", "entities")):
        total = len(tables[name])
        assert total > CAP
        assert table_block(text, name).count("<tr id=") == CAP, name
        part = section(text, key)
        assert f"Showing {CAP} of {total} rows</strong> — the full table: " in part
        assert f'<a href="data/{name}.csv">data/{name}.csv</a>' in part
        assert f'<a href="data/{name}.parquet">.parquet</a>' in part
    # Tables under the cap: every row, and no note.
    for name, key in (("conflicts", "conflicts"), ("cluster_rankings", "rankings")):
        assert table_block(text, name).count("<tr id=") == len(tables[name])
        assert "Showing " not in section(text, key)
    # The chart and the map still draw every row.
    located = tables["entities"]["lat"].notna().sum()
    assert text.count('class="map-point"') == located


def test_every_link_on_a_long_page_reaches_a_row_that_is_on_it(long_release):
    text = (long_release / page.PAGE).read_text(encoding="utf-8")
    tags = parse(text)
    ids = {a["id"] for _, a in tags.tags if "id" in a}
    targets = [
        a["href"][1:] for t, a in tags.tags if t == "a" and a.get("href", "").startswith("#")
    ]
    assert targets and all(t in ids for t in targets), sorted(set(targets) - ids)
    # The facts' evidence: a claim not shown as a row is named, with the CSV, not linked.
    facts = table_block(text, "facts")
    shown = set(re.findall(r'<tr id="c-([0-9a-f]{16})">', table_block(text, "claims")))
    quoted = set(re.findall(r"claim ([0-9a-f]{16})", facts))
    assert shown and quoted - shown
    for claim_id in quoted - shown:
        assert f'claim {claim_id} (in <a href="data/claims.csv">data/claims.csv</a>)' in facts
    # The facts' claims are the claims shown, before any other.
    assert shown <= quoted
    # A conflict's claim that is not shown is named, not linked.
    conflicts = table_block(text, "conflicts")
    hidden = set(re.findall(r"<code>([0-9a-f]{16})</code>", conflicts)) - shown
    assert hidden and all(f'href="#c-{i}"' not in conflicts for i in hidden)
    # Every file a note or a cell links is in the release.
    for _, a in tags.tags:
        href = a.get("href", "")
        if href.startswith("data/"):
            assert (long_release / href).is_file(), href


def test_a_long_page_is_self_contained_reproducible_and_verifies(long_release, tmp_path):
    assert verify_release(long_release) == []
    written = (long_release / page.PAGE).read_bytes()
    tags = parse(written.decode("utf-8"))
    for tag, attrs in tags.tags:
        assert "src" not in attrs, (tag, attrs)
        if tag == "link":
            assert attrs.get("href") == "data:,"
    csp = next(
        a["content"] for _, a in tags.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp.startswith("default-src 'none';")
    copy = tmp_path / "copy"
    shutil.copytree(long_release, copy)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(page_rows, "MAX_ROWS", CAP)
        mp.setattr(page_rows, "MAX_CELL_ITEMS", CELL)
        assert page.build_release_page(long_release).encode("utf-8") == written
        page.write_release_page(copy)
    assert (copy / page.PAGE).read_bytes() == written
    # One claim per cell: the other claims of a fact are counted and pointed to.
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(page_rows, "MAX_CELL_ITEMS", 1)
        facts = table_block(page.build_release_page(long_release), "facts")
    assert "<li>… and 1 more: the fact’s claim_ids are in" in facts
    # With the real cap the same release shows every row again, and no note.
    full = page.build_release_page(long_release)
    assert "Showing " not in full and "more: the fact’s" not in full
    assert table_block(full, "claims").count("<tr id=") == len(sample_tables()["claims"])


def _claims_table(n: int, per_doc: int) -> pa.Table:
    rows = [
        {
            "claim_id": f"{i:016x}",
            "document_id": f"d{i // per_doc:04d}",
            "char_start": i % per_doc * 10,
            "quote": f"quote {i}",
        }
        for i in range(n)
    ]
    return pa.Table.from_pylist(rows)


def test_rows_are_chosen_for_the_reader_at_the_real_cap():
    """At page_rows.MAX_ROWS: the ranked facts first, then those with most claims; conflicts over
    names first; the claims of the shown facts and conflicts, the first of each before any
    second, then others in document order."""
    n_facts, cap = page_rows.MAX_ROWS + 250, page_rows.MAX_ROWS
    claims = _claims_table(3 * n_facts, per_doc=10)
    ids = claims.column("claim_id").to_pylist()
    facts = [
        {
            "fact_id": f"f{i:05d}",
            "subject_id": f"city/c{i}",
            "object_id": None,
            "predicate": "count_unicorns",
            "as_of": "2024",
            "status": "single_source",
            # fact i has 1 + (i % 3) claims, so the cap keeps facts with 3, then 2
            "claim_ids": ";".join(ids[3 * i : 3 * i + 1 + i % 3]),
        }
        for i in range(n_facts)
    ]
    conflicts = [
        {
            "conflict_id": f"x{i:05d}",
            "kind": "name" if i == n_facts - 1 else "value",
            "subject_id": f"city/c{i}",
            "predicate": "count_unicorns",
            "as_of": "2024",
            "claim_ids": ids[3 * i],
        }
        for i in range(n_facts)
    ]
    rankings = [
        {
            "cluster_id": "cluster/x",
            "edition": 2024,
            "rank": 1,
            "country_code": "CN",
            "fact_id": "f00000",
        }
    ]
    documents = [
        {"document_id": d, "title": f"t{d}", "publisher": "p", "url": "https://x.org/" + d}
        for d in sorted(set(claims.column("document_id").to_pylist()))
    ]
    tables = {
        "facts": facts,
        "conflicts": conflicts,
        "cluster_rankings": rankings,
        "documents": documents,
    }
    look = page.Lookup(tables)
    chosen = page.choose_rows(tables, claims, look)
    shown_facts = chosen.rows["facts"]
    assert len(shown_facts) == cap and shown_facts[0]["fact_id"] == "f00000"  # ranked
    counts = [len(page.split_ids(f["claim_ids"])) for f in shown_facts[1:]]
    assert counts == [3] * 250 + [2] * (cap - 251)  # the most claims first
    assert (
        "Showing 500 of 750 rows" in chosen.notes["facts"]
        and "data/facts.csv" in chosen.notes["facts"]
    )
    assert chosen.rows["conflicts"][0]["kind"] == "name"
    # The conflicts about the facts shown come before the others.
    about = {f["subject_id"] for f in shown_facts}
    assert all(c["subject_id"] in about for c in chosen.rows["conflicts"][1:])
    shown_claims = [c["claim_id"] for c in chosen.rows["claims"]]
    assert len(shown_claims) == cap == len(look.shown["c-"])
    firsts = [page.split_ids(f["claim_ids"])[0] for f in shown_facts]
    assert shown_claims == firsts  # every fact's first claim before any second
    assert "Showing 500 of 2,250 rows" in chosen.notes["claims"]
    # Every claim the facts' evidence quotes is loaded; others are not.
    assert {i for f in shown_facts for i in page.split_ids(f["claim_ids"])} == set(look.claims)
    assert look.claims_of_document("d0000") == 10
    # Only the rows shown, and those they refer to, are Python rows.
    assert set(look.facts_of_claim) == set(shown_claims)
    assert set(look.conflicts_of_fact) <= {f["fact_id"] for f in shown_facts}
    # Few facts: the claims of the facts fill up with others, in document order.
    small = {**tables, "facts": facts[:3], "conflicts": []}
    look = page.Lookup(small)
    chosen = page.choose_rows(small, claims, look)
    shown_claims = [c["claim_id"] for c in chosen.rows["claims"]]
    # (facts in the order chosen: f00000 ranked, then f00002 with 3 claims, then f00001)
    assert shown_claims[:6] == [ids[0], ids[6], ids[3], ids[7], ids[4], ids[8]]
    assert shown_claims[6:] == [i for i in ids if i not in shown_claims[:6]][: cap - 6]


@pytest.mark.parametrize("batch_rows", [1, 2, 3, 1000])
def test_csv_in_batches_is_the_same_bytes(batch_rows, tmp_path):
    tables = sample_tables()
    arrow = release_arrow(tables)
    for name in table_names():
        table = arrow[name]
        whole = write.csv_bytes(table)
        assert b"".join(write.csv_chunks(table, batch_rows)) == whole
        path = tmp_path / f"{name}.csv"
        write.write_csv(path, table)
        assert path.read_bytes() == whole
        assert write.csv_matches(path, table)
        path.write_bytes(whole[:-1])
        assert not write.csv_matches(path, table)
        path.write_bytes(whole + b"x")
        assert not write.csv_matches(path, table)
    empty = write.to_arrow("conflicts", tables["conflicts"].iloc[0:0])
    assert write.csv_bytes(empty).count(b"\n") == 1  # the header line only
