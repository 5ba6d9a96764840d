"""Join a first-sight gold set (`tests/gold/real_new<N>`) into the development part (`real_dev`).

    .venv/bin/python scripts/join_gold_set.py real_new<N> --stop S --note "scored ... then joined"

What a join does, once every check has passed (nothing is written before):
- the set's documents and sidecars move to `real_dev/docs/`, keeping their `rn<N>_` stems;
- its `facts.csv` rows are appended to `real_dev/facts.csv` as written (the header must be the
  same; a row already in real_dev, or twice in the set, is refused);
- its pages are appended to `real_dev/SOURCES.md` under "## Joined from real_new<N> (stop S)"
  (stem, publisher, published, url, topic: from each page's sidecar);
- `real_dev/README.md` gains "## Pages rn<N>_* (stop S's first-sight set, joined after its
  end-of-stop score)": the note, then the set's README (its decisions and doubts) with its
  headings two levels down;
- `real_new<N>` leaves `REAL_SETS` (and `REAL_MIN_DOCS`) in `tests/test_gold.py`;
- the `real_new<N>` folder is deleted.

It refuses, changing nothing, when the set is missing, a document stem does not start with
`rn<N>_` or is already in real_dev, a url is already used by another gold set's page (or is in
`RESERVED_SOURCES.txt`), a page has no sidecar, a gold row names no page of the set, the headers
differ or a row is a duplicate. Run again after a join, it says the set was joined and changes
nothing. The blind set (`real_blind`) is never opened: its disjointness from the development
part stays the job of `tests/test_gold.py::test_real_parts_disjoint`.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = "real_dev"
BLIND = "real_blind"  # never opened here
NAME = re.compile(r"^real_new(\d+)$")


class JoinError(Exception):
    """A check failed: nothing was changed."""


@dataclass
class Layout:
    """Where the gold sets, the gold test module and the reserved-sources list are."""

    gold: Path
    test_gold: Path
    reserved: Path | None = None

    @classmethod
    def of_repo(cls, root: Path = ROOT) -> Layout:
        return cls(
            gold=root / "tests" / "gold",
            test_gold=root / "tests" / "test_gold.py",
            reserved=root.parent / "shared" / "RESERVED_SOURCES.txt",
        )


@dataclass
class Plan:
    """Everything a join writes, computed before anything is written."""

    stems: list[str]
    facts_text: str  # the set's rows as real_dev's facts.csv writes them, without a header
    n_rows: int
    sources_section: str
    readme_section: str
    test_gold_text: str
    notes: list[str] = field(default_factory=list)


def url_key(url: str) -> str:
    """A url as `tests/test_gold.py` compares them: without scheme and trailing slash."""
    return url.strip().rstrip("/").split("://", 1)[-1]


def section_heading(n: int, stop: str) -> str:
    return f"## Pages rn{n}_* (stop {stop}'s first-sight set, joined after its end-of-stop score)"


def join(name: str, stop: str, note: str, layout: Layout) -> str:
    """Join `name` into real_dev; return what was done. Raises JoinError, changing nothing."""
    match = NAME.match(name)
    if not match:
        raise JoinError(f"{name}: not a first-sight set name (real_new<N>)")
    n = int(match.group(1))
    if not str(stop).strip():
        raise JoinError("--stop is empty")
    if not note.strip():
        raise JoinError("--note is empty: say when the set was scored and joined")
    src, dev = layout.gold / name, layout.gold / DEV
    if not (dev / "facts.csv").is_file():
        raise JoinError(f"{dev}: no facts.csv")
    if not src.is_dir():
        if _already_joined(n, dev):
            return f"{name} was joined already (real_dev holds rn{n}_* pages): nothing to do"
        raise JoinError(f"{src}: no such set")
    plan = _plan(name, n, str(stop).strip(), note.strip(), src, dev, layout)
    _apply(plan, src, dev, layout)
    return "\n".join(
        [
            f"joined {name} into {DEV}: {len(plan.stems)} pages, {plan.n_rows} rows of facts.csv",
            *plan.notes,
        ]
    )


def _already_joined(n: int, dev: Path) -> bool:
    readme = dev / "README.md"
    has_pages = any((dev / "docs").glob(f"rn{n}_*.txt"))
    return has_pages and readme.is_file() and f"rn{n}_" in readme.read_text(encoding="utf-8")


def _plan(name: str, n: int, stop: str, note: str, src: Path, dev: Path, layout: Layout) -> Plan:
    for part in ("facts.csv", "README.md", "docs"):
        if not (src / part).exists():
            raise JoinError(f"{src / part}: missing")
    stems = sorted(p.stem for p in (src / "docs").glob("*.txt"))
    if not stems:
        raise JoinError(f"{src / 'docs'}: no pages")
    prefix = f"rn{n}_"
    wrong = [s for s in stems if not s.startswith(prefix)]
    if wrong:
        raise JoinError(f"{name}: stems not starting with {prefix}: {', '.join(wrong)}")
    for f in sorted((src / "docs").iterdir()):
        if (dev / "docs" / f.name).exists():
            raise JoinError(f"{f.name}: already in {dev / 'docs'} (stem collision)")
    metas = {}
    for stem in stems:
        path = src / "docs" / f"{stem}.meta.json"
        if not path.is_file():
            raise JoinError(f"{stem}: no sidecar {path.name}")
        metas[stem] = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(metas[stem].get("url"), str) or not metas[stem]["url"]:
            raise JoinError(f"{stem}: sidecar without url")
    _check_urls(name, metas, layout)
    facts_text, n_rows = _check_facts(name, src / "facts.csv", dev / "facts.csv", set(stems))
    test_gold_text, notes = _without_set(layout.test_gold, name)
    return Plan(
        stems=stems,
        facts_text=facts_text,
        n_rows=n_rows,
        sources_section=_sources_section(name, stop, stems, metas),
        readme_section=_readme_section(n, stop, note, src / "README.md"),
        test_gold_text=test_gold_text,
        notes=notes,
    )


def _check_urls(name: str, metas: dict[str, dict], layout: Layout) -> None:
    mine: dict[str, str] = {}
    for stem, meta in metas.items():
        key = url_key(meta["url"])
        if key in mine:
            raise JoinError(f"{stem}: url {meta['url']} is also {mine[key]}'s, in the set itself")
        mine[key] = stem
    used: dict[str, str] = {}
    for other in sorted(p for p in layout.gold.iterdir() if p.is_dir()):
        if other.name in (name, BLIND):
            continue
        for path in sorted(other.glob("docs/*.meta.json")):
            url = json.loads(path.read_text(encoding="utf-8")).get("url")
            if isinstance(url, str):
                used.setdefault(
                    url_key(url), f"{other.name}/{path.name.removesuffix('.meta.json')}"
                )
        sources = other / "SOURCES.md"
        if sources.is_file():
            for url in re.findall(r"https?://[^\s|)>]+", sources.read_text(encoding="utf-8")):
                used.setdefault(url_key(url), f"{other.name}/SOURCES.md")
    if layout.reserved is not None and layout.reserved.is_file():
        for line in layout.reserved.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                used.setdefault(url_key(line), "RESERVED_SOURCES.txt")
    for key, stem in sorted(mine.items()):
        if key in used:
            raise JoinError(f"{stem}: url {key} is already used ({used[key]})")


def _rows(text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    return header, [tuple(r) for r in reader if r]


def _check_facts(name: str, src_csv: Path, dev_csv: Path, stems: set[str]) -> tuple[str, int]:
    """The set's rows as real_dev's facts.csv writes them (csv quoting, its line ending)."""
    src_header, src_rows = _rows(_read(src_csv))
    dev_text = _read(dev_csv)
    dev_header, dev_rows = _rows(dev_text)
    if src_header != dev_header:
        raise JoinError(f"{name}/facts.csv: header {src_header} differs from real_dev's")
    if not src_rows:
        raise JoinError(f"{name}/facts.csv: no rows")
    doc = dev_header.index("document") if "document" in dev_header else 0
    seen = set(dev_rows)
    for i, row in enumerate(src_rows, start=2):
        if len(row) != len(dev_header):
            raise JoinError(f"{name}/facts.csv row {i}: {len(row)} fields, not {len(dev_header)}")
        if row[doc] not in stems:
            raise JoinError(f"{name}/facts.csv row {i}: {row[doc]} is no page of the set")
        if row in seen:
            raise JoinError(f"{name}/facts.csv row {i}: duplicate row ({row[doc]}, {row[1:4]})")
        seen.add(row)
    out = io.StringIO()
    csv.writer(out, lineterminator=_eol(dev_text)).writerows(src_rows)
    return out.getvalue(), len(src_rows)


def _eol(text: str) -> str:
    first = text.split("\n", 1)[0]
    return "\r\n" if first.endswith("\r") else "\n"


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _cell(value) -> str:
    return "null" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _sources_section(name: str, stop: str, stems: list[str], metas: dict[str, dict]) -> str:
    lines = [
        f"## Joined from {name} (stop {stop})",
        "",
        "| stem | publisher | published | url | topic |",
        "|---|---|---|---|---|",
    ]
    for stem in stems:
        m = metas[stem]
        cells = [stem, m.get("publisher"), m.get("published"), m["url"], m.get("title")]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _demoted(text: str, levels: int = 2) -> str:
    """Markdown headings `levels` deeper (outside fenced code)."""
    out, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"^#{1,6} ", line):
            line = "#" * levels + line
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def _readme_section(n: int, stop: str, note: str, readme: Path) -> str:
    text = readme.read_text(encoding="utf-8")
    return "\n".join(
        [
            section_heading(n, stop),
            "",
            note,
            "",
            "Its README as the annotator wrote it (decisions and doubts included):",
            "",
            _demoted(text),
        ]
    )


def _without_set(test_gold: Path, name: str) -> tuple[str, list[str]]:
    """tests/test_gold.py with `name` out of REAL_SETS and REAL_MIN_DOCS."""
    text = test_gold.read_text(encoding="utf-8")
    quoted = re.escape(f'"{name}"')
    new = re.sub(rf",\s*{quoted}(?=[,)\s])|{quoted}\s*,\s*", "", text, count=1)
    new = re.sub(rf",\s*{quoted}\s*:\s*\d+|{quoted}\s*:\s*\d+\s*,\s*", "", new, count=1)
    notes = []
    if f'"{name}"' in new:
        raise JoinError(f"{test_gold}: {name} is still named after removing it from REAL_SETS")
    if new == text:
        notes.append(f"{test_gold.name}: {name} was not in REAL_SETS (nothing to remove)")
    return new, notes


def _append(path: Path, text: str, *, blank_line: bool, convert: bool = True) -> None:
    """Append `text` after a line end; `convert`: with the file's own line ending."""
    old = _read(path) if path.is_file() else ""
    eol = _eol(old)
    if convert and eol != "\n":
        text = text.replace("\r\n", "\n").replace("\n", eol)
    if old and not old.endswith("\n"):
        old += eol
    sep = eol if blank_line and old else ""
    _write(path, old + sep + text)


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".join-tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    tmp.replace(path)


def _apply(plan: Plan, src: Path, dev: Path, layout: Layout) -> None:
    (dev / "docs").mkdir(parents=True, exist_ok=True)
    for f in sorted((src / "docs").iterdir()):
        shutil.move(str(f), str(dev / "docs" / f.name))
    _append(dev / "facts.csv", plan.facts_text, blank_line=False, convert=False)
    _append(dev / "SOURCES.md", plan.sources_section, blank_line=True)
    _append(dev / "README.md", plan.readme_section, blank_line=True)
    _write(layout.test_gold, plan.test_gold_text)
    shutil.rmtree(src)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="the first-sight set, e.g. real_new24")
    parser.add_argument("--stop", required=True, help="the stop whose first-sight set it is")
    parser.add_argument("--note", required=True, help="when it was scored (first sight, end)")
    parser.add_argument("--gold", type=Path, help="gold folder (default tests/gold)")
    parser.add_argument("--test-gold", type=Path, help="default tests/test_gold.py")
    parser.add_argument("--reserved", type=Path, help="default ../shared/RESERVED_SOURCES.txt")
    args = parser.parse_args(argv)
    layout = Layout.of_repo()
    if args.gold:
        layout.gold = args.gold
    if args.test_gold:
        layout.test_gold = args.test_gold
    if args.reserved:
        layout.reserved = args.reserved
    try:
        print(join(args.name, args.stop, args.note, layout))
    except JoinError as err:
        print(f"refused, nothing changed: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
