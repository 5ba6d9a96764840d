"""README.md, the dataset card, and CHANGELOG.md: the release explained to a person.

Both are generated: table descriptions and columns from the pandera models, sources and their
licences from the documents table, counts from the data, changes from the diff.
"""

from __future__ import annotations

from hotspots.release import contract, derive, diff_summary, identity
from hotspots.release.write import ZSTD_LEVEL

# the end of the reason of a version published for its example scripts or this card alone
# ("dataset card changed, data unchanged"; hotspots.release.publish)
DATA_UNCHANGED = "changed, data unchanged"

LIMITATIONS = [
    "Claims are extracted by rules (gazetteer, phrase and number patterns), not by people: a "
    "claim can be missed or mis-read. Every claim carries its exact quote and character span so "
    "that it can be checked against the source.",
    "How often: on real pages the rules had never been run on (measured December 2026 on "
    "twenty-five batches of 19 or 20 pages and a blind set of 17; `docs/ACCURACY.md` in the project "
    "keeps the history), 5 to 8 in 10 claims were true and 1.5 to 4.5 in 10 of the facts those "
    "pages state were found. `described_as` and `designated_as` are the least reliable "
    "predicates there (about 4 claims in 10 true), `located_in` about 8 in 10; errors are "
    "most often the right statement given to the wrong entity. Read a claim with its quote, "
    "above all a `described_as`.",
    "Facts marked `disputed` are published with the competing values in `conflicts`, not "
    "resolved; `resolved` facts name the rule that chose the value and why.",
    "Numbers are what the sources say, in the unit they say it (see `unit` and `comparator`: "
    '"more than 90" is `gt 90`), for the year in `as_of` (an edition or target year), not '
    "the publication date.",
    "Quotes are short (at most 300 characters): the releases carry facts and short quotations, "
    "never the source texts, which remain their publishers' (see the licence of each source).",
    "In the CSV copies the constraints of datapackage.json describe the unescaped values; a "
    'reader that does not tell `""` from an empty field will see empty strings as nulls.',
    "A release is made when the data, the example scripts or this card change (a change of the "
    "card alone is a patch whose data files are the previous version's); other metadata-only "
    "changes (datapackage.json, croissant.json) wait for the next one.",
]


def _table_rows(rows: dict[str, int]) -> list[str]:
    out = ["| table | rows | contents | primary key |", "|---|---:|---|---|"]
    for table in contract.table_names():
        key = ", ".join(contract.primary_key(table))
        out.append(
            f"| `{table}` | {rows.get(table, 0)} | {contract.table_description(table)} | {key} |"
        )
    return out


def _columns(table: str) -> list[str]:
    out = [f"### `{table}`", "", contract.table_description(table), ""]
    out += ["| column | type | null | description |", "|---|---|---|---|"]
    for col in contract.table_columns(table):
        text = col.description.replace("|", "\\|")
        out.append(f"| `{col.name}` | {col.kind} | {'yes' if col.nullable else 'no'} | {text} |")
    refs = [f"`{c}` → `{t}.{r}`" for c, t, r in contract.foreign_keys(table)]
    refs += [
        f"`{c}` (each ';'-separated id) → `{t}.{r}`"
        for c, t, r in contract.list_foreign_keys(table)
    ]
    if refs:
        out += ["", "References: " + "; ".join(refs) + "."]
    checks = contract.table_checks(table)
    if checks:
        out += ["", "Row checks: " + ", ".join(f"`{c}`" for c in checks) + "."]
    return [*out, ""]


def build_card(
    meta: dict, version: str, date: str, rows: dict[str, int], sources: list[dict], cite_as: str
) -> str:
    name = meta["name"]
    lines = [
        f"# {meta['title']} — version {version}",
        "",
        meta["description"],
        "",
        f"Released {date}. Data licence: [{meta['license']['title']}]({meta['license']['path']}) "
        "for the compilation (ids, links, reconciled facts); quotes remain their publishers' and are "
        "republished as short quotations. Each source's own terms are listed below.",
        "",
        "## Tables",
        "",
        *_table_rows(rows),
        "",
        f"Every table is in `data/<table>.parquet` (canonical: typed, zstd level {ZSTD_LEVEL}, rows "
        "sorted by primary key) and `data/<table>.csv` (the same rows as text). Ids are stable "
        "across versions: join tables on them.",
        "",
        "**Start with `data/facts_simple.csv`**: one readable row per fact, with names instead of "
        "ids, the predicate's label, the value with its unit, and the first source's title, "
        "publisher, URL and quote; `fact_id` leads to everything behind it. `predicates` says what "
        "each predicate means; `facts.first_seen` and `facts.last_changed` give the versions a "
        "fact appeared and last changed in.",
        "",
        *_predicate_rows(),
        "",
        "## Sources",
        "",
    ]
    for s in sources:
        published = s["published"] or "date unknown"
        lines.append(
            f"- `{s['document_id']}` — {s['title']}, {s['publisher']} ({published}). <{s['path']}>. "
            f"Licence: {s['license']}."
        )
    if not sources:
        lines.append("- (no source documents in this version)")
    lines += [
        "",
        "## How to load",
        "",
        "```python",
        "import pandas as pd",
        'claims = pd.read_parquet("data/claims.parquet")',
        "",
        "import polars as pl",
        'claims = pl.read_parquet("data/claims.parquet")',
        "",
        "import duckdb",
        "duckdb.sql(\"SELECT * FROM 'data/claims.parquet'\").df()",
        "```",
        "",
        "Or from the shell: `duckdb -c \"SELECT predicate, count(*) FROM 'data/claims.parquet' GROUP BY 1\"`.",
        "Check the files with `sha256sum -c SHA256SUMS`; `datapackage.json` (Frictionless) and "
        "`croissant.json` (ML Croissant) describe every column.",
        "",
        "## CSV files",
        "",
        "UTF-8, RFC 4180 quoting, `\\n` line ends, one header line. A null is an empty field; an "
        'empty string is written `""`. Floats are written as the shortest decimal that reads back '
        "to the same value, without exponent or trailing `.0` (`23`, `0.1`, `-2`).",
        "",
        "**Formula escaping:** a text cell that starts with `=`, `+`, `-`, `@`, TAB, CR or `'` is "
        "written with one extra `'` in front, so that spreadsheets do not run it as a formula. To "
        "get the true value, drop the first character of any text cell that starts with `'` "
        "(or read the Parquet file, which is never escaped). Numeric columns are never escaped: "
        "`-2` in `value` is the number −2.",
        "",
        "## Columns",
        "",
    ]
    for table in contract.table_names():
        lines += _columns(table)
    lines += ["## Known limitations", ""]
    lines += [f"- {item}" for item in LIMITATIONS]
    lines += ["", *_home_lines(meta, version), "", "## How to cite", "", f"> {cite_as}", ""]
    lines += ["BibTeX:", "", "```bibtex", identity.bibtex(meta, version, date).rstrip(), "```", ""]
    lines += [
        f"`{identity.CITATION_FILE}` in this release says the same in the Citation File Format "
        "(read by GitHub, Zenodo and reference managers).",
        "",
        f"Always cite the version: `{name}` {version}. A published version never changes; "
        "`CHANGELOG.md` and `diff.json` say what changed since the previous one.",
        "",
    ]
    from hotspots.release.sign import card_signature_section  # issue 20: signatures

    lines += card_signature_section()  # the public key SHA256SUMS.minisig is checked with
    return "\n".join(lines)


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _predicate_rows() -> list[str]:
    """The predicate dictionary (the `predicates` table) as a card section."""
    out = [
        "## What the predicates mean",
        "",
        "A rank is a position, not a score; a target is a goal, not an achievement; a change is a "
        "difference, not a level; a `combined` fact gives a group's figure, not the member's own. "
        "The `predicates` table holds the same, with each predicate's description.",
        "",
        "| predicate | label | kind | unit | caveats |",
        "|---|---|---|---|---|",
    ]
    for row in derive.predicates_table().to_dict("records"):
        out.append(
            f"| `{row['predicate']}` | {_cell(row['label'])} | {row['kind']} | "
            f"{_cell(row['unit'])} | {_cell(row['caveats'])} |"
        )
    return out


def _home_lines(meta: dict, version: str) -> list[str]:
    """Where the dataset lives and who maintains it (schemas/dataset.yaml); says so plainly
    when it has no canonical URL yet."""
    out = []
    url = identity.version_url(meta, version)
    if url:
        out.append(f"Canonical home: <{meta['homepage']}> (this version: <{url}>).")
    else:
        out.append(
            f"This dataset is {identity.NOT_PUBLISHED}: this release folder is the copy you "
            "have; `SHA256SUMS` identifies its files."
        )
    for mirror in meta.get("mirrors") or []:
        out.append(f"Mirror: <{mirror.rstrip('/')}/{version}/>.")
    if meta.get("doi"):
        out.append(f"DOI: [{meta['doi']}]({identity.doi_url(meta)}).")
    if meta.get("repository"):
        out.append(f"Code: <{meta['repository']}>.")
    maintainer = meta.get("maintainer") or {}
    if maintainer.get("name"):
        contact = f" ({maintainer['email']})" if maintainer.get("email") else ""
        out.append(f"Maintainer: {maintainer['name']}{contact}.")
    return ["## Where it lives", "", " ".join(out)]


def changelog_section(
    version: str,
    date: str,
    previous: str | None,
    bump: str | None,
    tables: dict,
    reasons: list[str],
    changes: dict | None = None,
) -> str:
    lines = [f"## {version} — {date}", ""]
    if previous is None:
        total = sum(t["rows_after"] for t in tables.values())
        lines.append(f"First release: {len(tables)} tables, {total} rows in all.")
        lines.append("")
        lines += [f"- {name}: {t['rows_after']} row(s)." for name, t in tables.items()]
        return "\n".join([*lines, ""])
    lines.append(f"A {bump} release, compared with {previous}.")
    if reasons:
        lines.append(f"Why {bump}: {reasons[0]}.")
    lines.append("")
    # Issue 20: facts and entities named (subject, predicate, old -> new, source), then rows.
    words = diff_summary.changes_lines(changes, markdown=True)
    if words:
        lines += words
        lines += ["### Rows per table", ""]
    changed = False
    for name, t in tables.items():
        for sentence in diff_summary.table_sentences(name, t):
            lines.append(f"- {sentence}")
            changed = True
    if not changed and reasons and reasons[0].endswith(DATA_UNCHANGED):
        # published for the example scripts or this card: the data files are the previous
        # version's, byte for byte
        lines.append("- No fact changed: no row or column of any table.")
    elif not changed:
        lines.append(
            "- No row or column changed; the data files were re-encoded (e.g. a dependency upgrade)."
        )
    unchanged = [name for name, t in tables.items() if t["status"] == "unchanged"]
    if unchanged:
        lines.append(f"- Unchanged: {', '.join(unchanged)}.")
    return "\n".join([*lines, ""])


def build_changelog(section: str, previous_changelog: str | None) -> str:
    """The new section on top of the previous release's entries (newest first)."""
    head = "# Changelog\n\n"
    older = ""
    if previous_changelog:
        older = (
            previous_changelog.split("\n", 1)[1].lstrip("\n")
            if previous_changelog.startswith("# ")
            else previous_changelog
        )
    return head + section + ("\n" + older if older else "")
