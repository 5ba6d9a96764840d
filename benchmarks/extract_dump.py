"""Everything extraction yields on a fixed set of documents, sorted, one JSON line a row: the
check that a change made for speed moved no claim (stop 30, issue #18 item 7).

    .venv/bin/python -m benchmarks.extract_dump OUT_DIR [SET ...]

Sets: `benchmark` (benchmarks/corpus.py, 1,000 documents, seed 0), `raw` (raw/) and each gold
set with documents (tests/gold/<name>/docs). Each set is written to OUT_DIR/<set>.jsonl: every
claim, mention, discovered entity and refusal of every document, the extractor version left out
(it changes with any code change), then its row counts and sha256 are printed. Compare two runs
with `cmp` or `sha256sum`; a set that must stay unread (real_blind) is compared by its hash and
counts alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.corpus import generate

ROOT = Path(__file__).resolve().parent.parent


def sets() -> dict[str, Path | None]:
    """Every set's folder (None: the benchmark corpus, generated on the fly)."""
    found: dict[str, Path | None] = {"benchmark": None, "raw": ROOT / "raw"}
    for docs in sorted((ROOT / "tests" / "gold").glob("*/docs")):
        found[docs.parent.name] = docs
    return found


def rows(extractor, documents: list) -> list[str]:
    """Every output row of the documents as sorted JSON lines."""
    lines = []
    for document in documents:
        out = extractor.extract(document)
        for kind, items in (
            ("claim", out.claims),
            ("mention", out.mentions),
            ("discovered", out.discovered),
            ("refused", out.refused),
        ):
            for item in items:
                row = {k: v for k, v in item.items() if k != "extractor_version"}
                row.update(kind=kind, doc=document.document_id)
                lines.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return sorted(lines)


def main(argv: list[str] | None = None) -> None:
    from hotspots.extract import Extractor
    from hotspots.extract.model import load_scorer
    from hotspots.ingest import ingest
    from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("sets", nargs="*", help="the sets to write (default: all)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    extractor = Extractor(
        load_gazetteer(DEFAULT_REFERENCE_DIR), scorer=load_scorer(DEFAULT_REFERENCE_DIR)
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, folder in sets().items():
            if args.sets and name not in args.sets:
                continue
            if folder is None:
                folder = Path(tmp) / "raw"
                generate(folder, 1000, 0)
            documents = ingest(folder).documents
            lines = rows(extractor, documents)
            path = args.out / f"{name}.jsonl"
            path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            counts = Counter(json.loads(line)["kind"] for line in lines)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            print(f"{name:14s} {len(documents):5d} documents {dict(counts)} sha256 {digest[:16]}")


if __name__ == "__main__":
    main()
