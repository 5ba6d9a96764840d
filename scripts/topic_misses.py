"""The attribute facts the rules miss whose subject is in another sentence than the value, and how
the text links them (issue #18; docs/ACCURACY.md, "The subject a sentence does not name").

    python scripts/topic_misses.py [--show BATCH ...] [--json OUT]

For the development gold (constructions, heldout, real_dev, seeds, written; never the blind set
nor real_new27) and the twelve attribute predicates of `scripts/candidate_cues.yaml`, every gold
fact the rules miss whose subject is named (or pointed back to) in some sentence, whose value is
read in another, and no sentence has both, is classified by the sentence stating the value (the
first one with a cue word of the predicate, else the first with the value):

- list item: a bullet line;
- heading: a heading line;
- possessive: "its ..." or "the city's ..." (a reference phrase with a possessive);
- pronoun: "it" (not possessive);
- definite description: "the zone", "the district" (a reference phrase of the vocabulary);
- other entity named: the sentence names another entity (of any type) and no reference phrase;
- no subject word: the sentence names no entity and has no reference phrase.

and by where the subject is: the paragraph's lead sentence, an earlier sentence of the paragraph,
the document's title, or further away. `--show` prints the value sentence and its paragraph's
lead for the given batches (the batches one reads errors from; the others are only counted).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import topic_subjects  # noqa: E402
from candidates_experiment import Lexicon, document_context, sentence_reach  # noqa: E402

from hotspots.evaluate import claims_frame, evaluate  # noqa: E402
from hotspots.extract import Extractor  # noqa: E402
from hotspots.extract.context_references import REFERENCE_RE  # noqa: E402
from hotspots.extract.model.train import gold_sets  # noqa: E402
from hotspots.extract.model.validate import batch_of  # noqa: E402
from hotspots.ingest import ingest  # noqa: E402
from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer  # noqa: E402


def link_of(ctx, sentence) -> str:
    if sentence.is_list_item:
        return "list item"
    if sentence.is_heading:
        return "heading"
    refs = [
        r
        for r in REFERENCE_RE.finditer(ctx.folded, sentence.start, sentence.end)
        if not (
            r.group(0).lower() == "there"
            and topic_subjects.EXISTENTIAL.match(ctx.folded, r.end() + 1, sentence.end)
        )
    ]
    for r in refs:
        after = ctx.folded[r.end() : r.end() + 2]
        if r.group(0).lower() == "its" or after.startswith(("'s", "’s")):
            return "possessive"
    if any(r.group(0).lower() == "it" for r in refs):
        return "pronoun"
    if refs:
        return "definite description"
    if ctx.mentions_in(sentence):
        return "other entity named"
    return "no subject word"


def where_of(ctx, index: int, subject_id: str, reach) -> str:
    sentence = ctx.sentences[index]
    same = [
        i
        for i, s in enumerate(ctx.sentences)
        if s.paragraph == sentence.paragraph and i < index and subject_id in reach[i][0]
    ]
    lead = next(i for i, s in enumerate(ctx.sentences) if s.paragraph == sentence.paragraph)
    if same and same[0] == lead:
        return "paragraph lead"
    if same:
        return "earlier in paragraph"
    if ctx.sentences and ctx.sentences[0].is_heading and subject_id in reach[0][0]:
        return "title"
    if any(subject_id in reach[i][0] for i in range(index)):
        return "earlier paragraph"
    return "later"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", nargs="*", default=[])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    lex = Lexicon()
    wanted = set(lex.spec)
    extractor = Extractor(load_gazetteer(DEFAULT_REFERENCE_DIR))
    topic_subjects.with_topics(False)  # only record where rules ask for a subject and get none
    asked: dict[str, Counter] = defaultdict(Counter)
    links: dict[str, Counter] = defaultdict(Counter)
    wheres: dict[str, Counter] = defaultdict(Counter)
    for s in gold_sets():
        documents = [d for d in ingest(s.docs_dir).documents if d.name in s.documents]
        for d in documents:
            extraction = extractor.extract(d)
            frame = claims_frame([d], [extraction])
            missed = [
                fn
                for fn in evaluate(s.gold, frame, {d.name}).false_negatives
                if fn["predicate"] in wanted
            ]
            if not missed:
                continue
            ctx = document_context(extractor, d)
            reach = sentence_reach(ctx, lex)
            batch = batch_of(s.name, d.name)
            for fn in missed:
                value = (
                    fn["value"] if isinstance(fn["value"], str) else round(float(fn["value"]), 6)
                )
                if fn["predicate"] == "established":
                    value = str(fn["as_of"])
                subj = fn["subject_id"]
                if not any(subj in x[0] for x in reach):
                    continue
                with_value = [i for i, x in enumerate(reach) if value in x[1]]
                if not with_value or any(subj in reach[i][0] for i in with_value):
                    continue
                cued = [i for i in with_value if fn["predicate"] in reach[i][2]]
                index = (cued or with_value)[0]
                sentence = ctx.sentences[index]
                link = link_of(ctx, sentence)
                where = where_of(ctx, index, subj, reach)
                links[batch][link] += 1
                read = (hash(ctx.text), sentence.start) in topic_subjects.ASKED
                asked[batch]["a rule asks its subject" if read else "no rule reads it"] += 1
                wheres[batch][where] += 1
                if batch in args.show:
                    lead = next(x for x in ctx.sentences if x.paragraph == sentence.paragraph)
                    print(
                        f"[{batch}] {d.name} {fn['predicate']}={fn['value']} {subj} | {link} | "
                        f"{where} | {'asked' if read else 'not read'}"
                    )
                    print(f"    title: {ctx.sentences[0].text[:100]!r}")
                    if lead is not sentence:
                        print(f"    lead:  {lead.text[:200]!r}")
                    print(f"    value: {sentence.text[:250]!r}")
    total_links = sum(links.values(), Counter())
    total_wheres = sum(wheres.values(), Counter())
    kinds = sorted(total_links, key=lambda k: -total_links[k])
    places = sorted(total_wheres, key=lambda k: -total_wheres[k])
    print("\n| batch | " + " | ".join(kinds) + " | total |")
    for b in sorted(links):
        row = [str(links[b][k]) for k in kinds]
        print(f"| {b} | " + " | ".join(row) + f" | {sum(links[b].values())} |")
    print(
        "| all | "
        + " | ".join(str(total_links[k]) for k in kinds)
        + f" | {sum(total_links.values())} |"
    )
    print("\n| batch | a rule asks the value sentence's subject | no rule reads it |")
    for b in sorted(asked):
        print(f"| {b} | {asked[b]['a rule asks its subject']} | {asked[b]['no rule reads it']} |")
    total_asked = sum(asked.values(), Counter())
    print("\nvalue sentence: " + ", ".join(f"{k} {v}" for k, v in total_asked.items()))
    print("\nsubject where: " + ", ".join(f"{k} {total_wheres[k]}" for k in places))
    if args.json:
        args.json.write_text(
            json.dumps({"links": links, "where": wheres, "asked": asked}, indent=1, sort_keys=True)
        )


if __name__ == "__main__":
    main()
