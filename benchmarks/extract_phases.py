"""Where extraction's time goes (issue #18, item 7: at least 150 documents per CPU second on the
benchmark corpus): CPU seconds of each phase of `Extractor.extract` and of the rule functions
that cost most, on N documents of the synthetic corpus, no Prefect.

    .venv/bin/python -m benchmarks.extract_phases --n 1000 [--rules 15] [--json OUT]

Phases are timed by wrapping the Extractor's own calls (mention finding, discovery, sentence
splitting, the context, the rules, context dates, refusals, the model's features); a rule
function's time includes what it computes lazily for the context (quantities, subjects), so the
first rule to ask for them pays. Timing adds overhead (about 10 %): read shares, not absolutes;
the throughput line is measured in a separate pass without any wrapper.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks.corpus import generate


def _documents(n: int, seed: int, folder: Path) -> list:
    from hotspots.ingest import ingest

    generate(folder, n, seed)
    return ingest(folder).documents


def _extractor():
    from hotspots.extract import Extractor
    from hotspots.extract.model import load_scorer
    from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer

    return Extractor(
        load_gazetteer(DEFAULT_REFERENCE_DIR), scorer=load_scorer(DEFAULT_REFERENCE_DIR)
    )


def throughput(documents: list) -> dict:
    """Documents per CPU second of the unwrapped extractor (after one warm-up document)."""
    extractor = _extractor()
    extractor.extract(documents[0])
    c0 = time.process_time()
    claims = sum(len(extractor.extract(d).claims) for d in documents)
    cpu = time.process_time() - c0
    return {
        "documents": len(documents),
        "claims": claims,
        "cpu_s": cpu,
        "docs_per_cpu_s": len(documents) / cpu,
    }


def phases(documents: list, top_rules: int) -> dict:
    """CPU seconds per phase and per rule function, measured with wrappers."""
    import hotspots.extract as extract
    from hotspots.extract import engine

    extractor = _extractor()
    extractor.extract(documents[0])
    spent: Counter = Counter()

    def wrap(owner, name: str, label: str) -> None:
        inner = getattr(owner, name)

        def timed(*args, **kwargs):
            t = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - t

        setattr(owner, name, timed)

    wrap(extractor.finder, "find", "mentions")
    wrap(extractor, "discover", "discovery")
    wrap(extract, "split_sentences", "sentences")
    wrap(extract, "DocContext", "context set-up")
    wrap(extract, "with_context_dates", "context dates")
    wrap(extract, "refusal", "refusals")
    wrap(extract, "claim_model_features", "model features")
    rules: Counter = Counter()
    original = {f: f.fn for f in engine.rule_functions()}
    for function in original:
        label = f"{function.family}.{function.fn.__name__}"

        def timed_rule(ctx, sentence, _fn=function.fn, _label=label):
            t = time.process_time()
            out = list(_fn(ctx, sentence))
            rules[_label] += time.process_time() - t
            return out

        object.__setattr__(function, "fn", timed_rule)
    wrap(extract, "run_rules", "rules (with the engine's checks)")
    try:
        c0 = time.process_time()
        for d in documents:
            extractor.extract(d)
        total = time.process_time() - c0
    finally:
        for function, fn in original.items():
            object.__setattr__(function, "fn", fn)
    return {
        "total_cpu_s": total,
        "phases": dict(spent.most_common()),
        "rest": total - sum(spent.values()),
        "rules": dict(rules.most_common(top_rules)),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rules", type=int, default=15)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        documents = _documents(args.n, args.seed, Path(tmp) / "raw")
        fast = throughput(documents)
        timed = phases(documents, args.rules)
    print(
        f"{fast['documents']} documents, {fast['claims']} claims: {fast['cpu_s']:.1f} CPU s, "
        f"{fast['docs_per_cpu_s']:.1f} documents per CPU second (target 150)"
    )
    total = timed["total_cpu_s"]
    print(f"\nphases (wrapped, {total:.1f} CPU s):")
    for label, seconds in [*timed["phases"].items(), ("rest", timed["rest"])]:
        print(f"  {seconds:7.2f} s {100 * seconds / total:5.1f} %  {label}")
    print("\ncostliest rule functions (inside 'rules'):")
    for label, seconds in timed["rules"].items():
        print(f"  {seconds:7.2f} s {100 * seconds / total:5.1f} %  {label}")
    if args.json:
        args.json.write_text(json.dumps({"throughput": fast, **timed}, indent=2) + "\n")


if __name__ == "__main__":
    main()
