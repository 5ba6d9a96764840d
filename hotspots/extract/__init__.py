"""Extract stage: mentions and claims from documents, in batches, with exact spans.

`extract_documents(documents, gazetteer)` is the plain function the Prefect task wraps. Each
claim records the rule that produced it and the extractor version, so a value can always be
traced to the text and the code that read it.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import cache

from hotspots.extract.combined import with_combined_subjects
from hotspots.extract.context import DocContext
from hotspots.extract.discover import Discovered, discover
from hotspots.extract.doubt import refusal
from hotspots.extract.engine import content_version, gazetteer_hash, registered_rules, run_rules
from hotspots.extract.mentions import Mention, MentionFinder
from hotspots.extract.model import Scorer
from hotspots.extract.model.features import FeatureContext
from hotspots.extract.model.features import claim_features as claim_model_features
from hotspots.extract.rules import ClaimDraft
from hotspots.extract.scope import scoped_as_of
from hotspots.extract.segment import split_sentences
from hotspots.extract.twins import without_undated_twins
from hotspots.extract.types import ORGANISATIONS
from hotspots.ingest import Document
from hotspots.reference import AliasSpec, Gazetteer
from hotspots.text import fold_for_matching, normalize_name
from schemas.predicates import predicates
from schemas.tables import MAX_QUOTE_CHARS

EXTRACTOR_NAME = "hotspots-rules"
# A hash of every file that decides what extraction yields (engine.version_files): it changes
# whenever a rule, a lexicon or the text normalisation does, and never by hand.
EXTRACTOR_VERSION = content_version()

__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "UNIQUE_FIELDS",
    "DocumentExtraction",
    "Extractor",
    "extract_documents",
    "gazetteer_hash",
    "quote_span",
    "registered_rules",
    "share_values",
    "stable_id",
]


@dataclass
class DocumentExtraction:
    document_id: str
    mentions: list[dict] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    # entities the gazetteer lacks that this document shows (hotspots.extract.discover): one row
    # per name found, {entity_id, name, type, cue, char_start, char_end}
    discovered: list[dict] = field(default_factory=list)
    # drafts the subject-doubt check refused (hotspots.extract.doubt): {subject_id, predicate,
    # object_id, value, value_text, char_start, char_end, extractor, reason}
    refused: list[dict] = field(default_factory=list)


# Columns whose values are (nearly) all different: not worth sharing (see `share_values`).
UNIQUE_FIELDS = frozenset({"mention_id", "claim_id", "quote"})


def share_values(rows: list[dict], pool: dict[str, str]) -> list[dict]:
    """`rows`, with each repeated string value (entity and document ids, predicates, units,
    surface forms, versions) replaced by one shared object from `pool`. Rows read from the cache
    have a string object per row and value, rows fresh from extraction one per match: at 10,000
    documents the tables held ~200 MiB (cache) and ~100 MiB (fresh) of copies of the same
    strings."""
    for row in rows:
        for name, value in row.items():
            if type(value) is str and name not in UNIQUE_FIELDS:
                row[name] = pool.setdefault(value, value)
    return rows


def stable_id(*parts: object) -> str:
    """16 hex digits of sha256 over the parts: the same inputs always give the same id."""
    digest = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:16]


def quote_span(text: str, start: int, end: int, focus: tuple[int, int]) -> tuple[int, int]:
    """The sentence, or when it is too long a window of it around the words that state the claim."""
    if end - start <= MAX_QUOTE_CHARS:
        return start, end
    f_start, f_end = max(start, focus[0]), min(end, focus[1])
    if f_end - f_start > MAX_QUOTE_CHARS:
        return f_start, f_start + MAX_QUOTE_CHARS
    slack = MAX_QUOTE_CHARS - (f_end - f_start)
    w_start = max(start, f_start - slack // 2)
    w_end = min(end, w_start + MAX_QUOTE_CHARS)
    w_start = max(start, w_end - MAX_QUOTE_CHARS)
    # trim to whole words, never cutting into the focus
    m = re.search(r"\s", text[w_start:f_start])
    if w_start > start and m:
        w_start += m.end()
    tail = text[f_end:w_end]
    cut = tail.rfind(" ")
    if w_end < end and cut > 0:
        w_end = f_end + cut
    return w_start, w_end


class Extractor:
    """Holds the spaCy matchers built from one gazetteer; reuse it across documents.

    With `precheck=False` every rule is called on every sentence, without the engine's test of
    cue words and quantity kinds first; the claims are the same (a test proves it), only slower.
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        precheck: bool = True,
        scorer: Scorer | None = None,
        keep_features: bool = False,
    ) -> None:
        self.gazetteer = gazetteer
        self.precheck = precheck
        # the claim model (hotspots.extract.model): each claim gets a confidence when it is
        # given; `keep_features` also keeps each claim's features (for training)
        self.scorer = scorer
        self.keep_features = keep_features
        self.finder = MentionFinder(gazetteer)
        self.version = f"{EXTRACTOR_NAME}@{EXTRACTOR_VERSION}"
        self.org_types = frozenset(ORGANISATIONS)

    def _is_known_name(self, name: str) -> bool:
        """A gazetteer alias (the gazetteer's entity, never a discovered one), or a name a
        reviewer rejected (reference/judgements.yaml: never discovered again)."""
        return bool(self.gazetteer.lookup(name)) or (
            normalize_name(name) in self.gazetteer.rejected_names
        )

    def discover(
        self, text: str, folded: str, mentions: list[Mention]
    ) -> tuple[list[Mention], list[Discovered]]:
        """`mentions` plus one mention per name the text shows to be an entity the gazetteer
        lacks; a gazetteer mention inside a discovered name ("Hefei" in "Hefei Binhu Science
        City") gives way to it."""
        entities = self.gazetteer.entities
        org_starts = frozenset(
            m.start
            for m in mentions
            if any(entities[e].type in self.org_types for e in m.entity_ids)
        )
        park_starts = frozenset(
            m.start for m in mentions if any(entities[e].type == "park" for e in m.entity_ids)
        )
        found = discover(
            folded,
            [(m.start, m.end) for m in mentions],
            self._is_known_name,
            org_starts,
            known_park_starts=park_starts,
            known_provinces=frozenset(
                (m.start, m.end)
                for m in mentions
                if any(entities[e].type == "province" for e in m.entity_ids)
            ),
            known_company_starts=frozenset(
                m.start
                for m in mentions
                if any(entities[e].type == "company" for e in m.entity_ids)
            ),
            known_cities=frozenset(
                (m.start, m.end)
                for m in mentions
                if any(entities[e].type == "city" for e in m.entity_ids)
            ),
        )
        if not found:
            return mentions, found
        # a discovered name whose id is a gazetteer entity's (the same slug, a name the gazetteer
        # does not list) stays apart: only an exact alias or a judgement merges it
        # ... unless the typed list names it by an exact alias (the gazetteer's own mention then)
        known_typed = [d for d in found if d.entity_id in entities and self._typed_form_known(d)]
        found = [
            replace(d, entity_id=f"{d.entity_id}-discovered") if d.entity_id in entities else d
            for d in found
            if d not in known_typed
        ]
        kept = [
            m
            for m in mentions
            if not any(d.start <= m.start and m.end <= d.end for d in found + known_typed)
        ]
        for d in found + known_typed:
            alias = AliasSpec(d.entity_id, d.name, "variant", f"discovered: {d.cue}")
            kept.append(Mention(d.start, d.end, text[d.start : d.end], (alias,)))
        kept.sort(key=lambda m: m.start)
        return kept, found

    def _typed_form_known(self, found: Discovered) -> bool:
        """A bare district name read from a typed list ("Xincheng, Beilin and Lianhu districts")
        whose typed form ("Beilin District") is an exact alias of the gazetteer entity of that
        slug alone: the list names that district, not a namesake."""
        if found.type != "district":
            return False
        owners = {a.entity_id for a in self.gazetteer.lookup(f"{found.name} District")}
        return owners == {found.entity_id}

    def context(self, document: Document) -> tuple[DocContext, list[Discovered]]:
        """The document's sentences and mentions (gazetteer and discovered), as rules read them."""
        text = document.text
        folded = fold_for_matching(text)
        mentions, found = self.discover(text, folded, self.finder.find(text, folded=folded))
        ctx = DocContext(
            text=text,
            folded=folded,
            sentences=split_sentences(text),
            mentions=mentions,
            gazetteer=self.gazetteer,
            discovered={d.entity_id: d.type for d in found},
        )
        return ctx, found

    def extract(self, document: Document) -> DocumentExtraction:
        text = document.text
        ctx, found = self.context(document)
        drafts: list[ClaimDraft] = without_undated_twins(
            with_combined_subjects(
                ctx,
                with_context_dates(
                    ctx, run_rules(ctx, precheck=self.precheck), document.meta.get("published")
                ),
            )
        )
        out = DocumentExtraction(document.document_id)
        out.discovered = [
            {
                "entity_id": d.entity_id,
                "name": d.name,
                "type": d.type,
                "cue": d.cue,
                "char_start": d.start,
                "char_end": d.end,
            }
            for d in found
        ]
        used: dict[tuple[int, int], set[str]] = {}
        seen: set[str] = set()
        features = FeatureContext(ctx, self.scorer.cues) if self.scorer is not None else None
        sentences = {(s.start, s.end): s for s in ctx.sentences}
        for d in drafts:
            if not types_allowed(ctx, d):
                continue
            sentence = sentences.get((d.start, d.end))
            doubt = refusal(ctx, sentence, d) if sentence is not None else None
            if doubt is not None:
                out.refused.append(
                    {
                        "subject_id": d.subject_id,
                        "predicate": d.predicate,
                        "object_id": d.object_id,
                        "value": d.value,
                        "value_text": d.value_text,
                        "char_start": d.start,
                        "char_end": d.end,
                        "extractor": d.rule,
                        "reason": doubt,
                    }
                )
                continue
            q_start, q_end = quote_span(text, d.start, d.end, d.focus)
            claim_id = stable_id(
                document.document_id,
                q_start,
                q_end,
                d.subject_id,
                d.predicate,
                d.object_id,
                d.value,
                d.value_text,
                d.as_of,
                *(["combined"] if d.combined else []),
            )
            if claim_id in seen:
                continue
            seen.add(claim_id)
            used.setdefault((d.start, d.end), set()).update({d.subject_id, d.object_id} - {None})
            claim_features = claim_model_features(features, d) if features is not None else None
            model = self.scorer.model if self.scorer is not None else None
            out.claims.append(
                {
                    "claim_id": claim_id,
                    "document_id": document.document_id,
                    "subject_id": d.subject_id,
                    "predicate": d.predicate,
                    "object_id": d.object_id,
                    "value": d.value,
                    "value_text": d.value_text,
                    "unit": d.unit,
                    "comparator": d.comparator,
                    "as_of": d.as_of,
                    "quote": text[q_start:q_end],
                    "char_start": q_start,
                    "char_end": q_end,
                    "extractor": d.rule,
                    "extractor_version": self.version,
                    "antecedent": "; ".join(filter(None, (d.antecedent, d.dated_by))) or None,
                    "combined": d.combined,
                    "confidence": (
                        model.confidence(claim_features)
                        if model is not None and claim_features is not None
                        else None
                    ),
                    **({"features": claim_features} if self.keep_features else {}),
                }
            )
        spans = sorted(used)  # sentence spans: disjoint, so at most one holds a mention
        span_starts = [s for s, _ in spans]
        for mention in ctx.mentions:
            chosen = None
            i = bisect.bisect_right(span_starts, mention.start)
            for s_start, s_end in spans[max(0, i - 1) : i]:
                ids = used[(s_start, s_end)]
                if s_start <= mention.start and mention.end <= s_end:
                    chosen = next((e for e in mention.entity_ids if e in ids), None)
                    if chosen:
                        break
            entity_id = chosen or ctx.default_entity(mention)
            out.mentions.append(
                {
                    "mention_id": stable_id(
                        document.document_id, mention.start, mention.end, entity_id
                    ),
                    "document_id": document.document_id,
                    "entity_id": entity_id,
                    "char_start": mention.start,
                    "char_end": mention.end,
                    "text": mention.text,
                    "extractor_version": self.version,
                }
            )
        return out


def with_context_dates(
    ctx: DocContext, drafts: list[ClaimDraft], published: str | None
) -> list[ClaimDraft]:
    """`drafts`, each time-bound one without a date given the date its paragraph or section sets
    (hotspots.extract.scope), with where that date is stated in `dated_by`."""
    by_span = {(s.start, s.end): s for s in ctx.sentences}
    out = []
    for d in drafts:
        sentence = by_span.get((d.start, d.end)) if d.as_of is None else None
        scope = scoped_as_of(ctx, sentence, d.predicate, d.focus, published) if sentence else None
        if scope is not None:
            d = replace(d, as_of=scope.as_of, dated_by=f"as_of {scope.as_of}: {scope.source}")
        out.append(d)
    return out


def extract_documents(
    documents: list[Document], gazetteer: Gazetteer, extractor: Extractor | None = None
) -> list[DocumentExtraction]:
    extractor = extractor or Extractor(gazetteer)
    return [extractor.extract(doc) for doc in documents]


@cache
def _vocabulary_types() -> dict[str, tuple[tuple[str, ...] | None, tuple[str, ...] | None]]:
    return {
        name: (spec.subject_types or None, spec.object_types or None)
        for name, spec in predicates().items()
    }


def types_allowed(ctx: DocContext, d: ClaimDraft) -> bool:
    """The vocabulary's subject and object types admit the draft's entities: a rule that reads a
    shape right may still land on an entity of a kind the predicate does not describe (a
    district's count of high-tech enterprises where counts are of cities, parks and regions), and
    such a claim would say something the vocabulary does not define."""
    subject_types, object_types = _vocabulary_types().get(d.predicate, (None, None))
    for entity_id, allowed in ((d.subject_id, subject_types), (d.object_id, object_types)):
        if entity_id is None or allowed is None:
            continue
        spec = ctx.gazetteer.entities.get(entity_id)
        kind = spec.type if spec is not None else ctx.discovered.get(entity_id)
        if kind is not None and kind not in allowed:
            return False
    return True
