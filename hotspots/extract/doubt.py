"""Subject doubt: one check, applied to every rule's drafts, that refuses a claim whose subject
(or object) is named in its sentence only in a shape that makes it another thing's neighbour,
owner, maker or part, or a word inside a longer name the gazetteer lacks.

On pages the rules never saw, about half of the false claims gave a true statement to the wrong
entity of the sentence (docs/ACCURACY.md, "Subject doubt (stop 26)"). A rule picks its subject
by its own shape; this check asks of the chosen entity, wherever it came from, whether every
place the sentence names it is one of these shapes:

- `longer name`: the name is the first or last word of a longer name no mention covers ("the
  Quanzhou Taiwanese Investment Zone", "Xiamen Special Economic Zone"), or stands in brackets
  inside one ("the National University of Singapore (Suzhou) Research Institute");
- `neighbour`: it follows "adjacent to", "close to the main urban area of", "30 km north of";
- `part` (subject only): it follows "the core area of", "the area around", "in the east of";
  what the sentence says is about the part (a place inside a part is still inside the whole);
- `owner`: it owns a name no mention covers ("Shenzhen's Yuehai district, home to ...",
  "China's central Hubei province");
- `maker` (subject only): it is the agent of a participle such as "developed by", "invested in
  by" ("... jointly invested in by Zhejiang University and tech giant Alibaba Group, in Yuhang
  district"), without a clause of its own after it (", headquartered in ...", ", which ...").

A subject or object reached through a reference ("it", "the city") or a heading is not named in
the sentence and is left to the reference resolution. A sixth shape, `past`, is about
`described_as` only: an epithet after "was"/"became" in a sentence set in history.

The words are data (reference/lexicons/doubt.yaml), and so is which shapes refuse:
`refusing_shapes` lists those that removed more false first-sight claims than true ones on a
batch they were not read from; a draft of another shape is doubted (`claim_doubt` says why,
scripts/subject_doubt_ledgers.py counts it) but kept. `Extractor.extract` calls `refusal` and
keeps each refused draft with its reason in `DocumentExtraction.refused`.
"""

from __future__ import annotations

import re
from functools import cache

from hotspots.extract.context import DocContext
from hotspots.extract.context_subjects import NAMED_PLACES, POSSESSIVE
from hotspots.extract.lexicon import words
from hotspots.extract.mentions import Mention
from hotspots.extract.rules.common import ClaimDraft
from hotspots.extract.segment import Sentence


def _alternation(items: list[str]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True)
    )


# up to six words between a phrase and the name, none of them placing what follows elsewhere
# ("near the airport in Shunyi district": Shunyi holds the airport and what is near it)
NO_PLACE_WORDS = r"(?:(?!(?:in|at|within|inside|of\s+the\s+same)\s)[\w'’-]+\s+){0,6}?"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    compass = words("locations", "compass_words")
    return {
        # "adjacent to", "close to the main urban area of", "30 km north of the city proper of":
        # up to six words between the phrase and the name
        "neighbour": re.compile(
            r"(?:\b(?:" + _alternation(words("doubt", "neighbour_phrases")) + r")"
            r"|(?<![\w-])(?:" + _alternation(compass) + r")(?:ern)?\s+of)"
            r"\s+(?:the\s+)?" + NO_PLACE_WORDS + r"$",
            re.IGNORECASE,
        ),
        # "in the north of X": inside X, not beside it (a part, for a subject)
        "inside_compass": re.compile(
            r"\b(?:in|at)\s+(?:the\s+)?(?:far\s+)?(?:" + _alternation(compass) + r")(?:ern)?"
            r"(?:\s+part)?\s+of\s+(?:the\s+)?" + NO_PLACE_WORDS + r"$",
            re.IGNORECASE,
        ),
        "part": re.compile(
            r"\b(?:" + _alternation(words("doubt", "part_phrases")) + r")\s+(?:the\s+)?$",
            re.IGNORECASE,
        ),
        "maker": re.compile(
            r"\b(?:" + _alternation(words("doubt", "maker_verbs")) + r")(?:\s+in)?\s+by\s+"
            r"(?P<gap>[^;:()]{0,150})$",
            re.IGNORECASE,
        ),
        "past_marker": re.compile(
            r"\b(?:" + _alternation(words("doubt", "past_markers")) + r")\b", re.IGNORECASE
        ),
        # "Shenzhen's Yuehai district", "China's central Hubei province": an owned capitalised
        # name ending with a head noun (perhaps after one lowercase word)
        "owned_name": re.compile(
            r"\s+(?:the\s+)?(?:(?-i:[a-z])[\w-]*\s+)?(?P<name>(?:(?-i:[A-Z])[\w'’-]*\s+){1,4})"
            r"(?:" + _alternation(words("doubt", "name_heads")) + r")\b",
            re.IGNORECASE,
        ),
    }


# the gap of a "by" phrase is a list of names, not a new clause ("..., was unveiled in") nor a
# phrase of place or time that ends it ("developed by X in 2019")
CLAUSE_IN_GAP = re.compile(
    r"\b(?:which|who|whose|that|where|while|and\s+(?:it|is|was|has))\b|[.!?]"
    r"|,\s+(?!(?:and|or|the|as\s+well\s+as)\b)(?-i:[a-z])|\s(?:in|at|on|with|from)\s",
    re.IGNORECASE,
)
# "... the cluster, which was ranked second": a relative clause of the name's own
OWN_RELATIVE = re.compile(r"(?:\s+(?-i:[a-z])[\w-]*)?\s*,?\s*(?:which|that|whose)\b", re.IGNORECASE)
# "... Tus-Holdings, headquartered in Beijing": a clause of the agent's own after its name
OWN_CLAUSE_AFTER = re.compile(
    r"\s*,\s*(?:which|who|whose|headquartered|based|located|founded|established|itself)\b",
    re.IGNORECASE,
)
# "National University of Singapore (Suzhou) Research Institute": a bracket then a name word
BRACKET_THEN_NAME = re.compile(r"\s*\([^()]{1,40}\)\s+(?-i:[A-Z])[a-z]")
NAME_THEN_BRACKET = re.compile(r"(?-i:[A-Z])[\w'’&-]*\s+\($")
BRACKET_CLOSE_THEN_NAME = re.compile(r"\)\s+(?-i:[A-Z])[a-z]")


# "... and Qiantang New Area in Hangzhou": a place right after the name (no comma) places it
RIGHT_AFTER = re.compile(r"\s+(?:in|at)\s+(?:the\s+)?")


def _placed_right_after(ctx: DocContext, m: Mention, object_id: str | None) -> bool:
    gap = RIGHT_AFTER.match(ctx.folded, m.end)
    if object_id is None or gap is None:
        return False
    return any(
        x.start == gap.end() and object_id in x.entity_ids
        for x in ctx.mentions_between(gap.end(), gap.end() + 200)
    )


# "was the", "became China's", "were once": a past copula right before an epithet
PAST_COPULA = re.compile(
    r"\b(?:was|were|became|had\s+been)\s+(?:(?:once|also|then)\s+)?(?:(?:the|a|an)\s+)?"
    r"(?:[\w-]+['’]s\s+)?$",
    re.IGNORECASE,
)


def epithet_doubt(ctx: DocContext, sentence: Sentence, d: ClaimDraft) -> str | None:
    """Why a `described_as` draft states what its subject was, not what it is: the epithet
    follows a past copula in a sentence set in history (reference/lexicons/doubt.yaml
    past_markers)."""
    if d.predicate != "described_as" or not d.value_text:
        return None
    at = ctx.folded.find(d.value_text, sentence.start, sentence.end)
    if at == -1 or not PAST_COPULA.search(ctx.folded, max(sentence.start, at - 40), at):
        return None
    if not _patterns()["past_marker"].search(ctx.folded, sentence.start, sentence.end):
        return None
    return "past: an epithet after a past copula in a sentence set in history"


SHAPES = ("longer name", "neighbour", "part", "owner", "maker", "past")


def shape_of(reason: str) -> str:
    """The shape a reason of `claim_doubt` names ("subject city/x: part: ..." -> "part")."""
    return reason.split(": ", 2)[1]


@cache
def refusing_shapes() -> frozenset[str]:
    """The shapes whose claims extraction refuses (reference/lexicons/doubt.yaml)."""
    shapes = frozenset(words("doubt", "refusing_shapes"))
    unknown = shapes - set(SHAPES)
    if unknown:
        raise ValueError(f"doubt.yaml refusing_shapes: unknown shape(s) {sorted(unknown)}")
    return shapes


def refusal(ctx: DocContext, sentence: Sentence, d: ClaimDraft) -> str | None:
    """`claim_doubt`'s reason when its shape is one extraction refuses, else None."""
    reason = claim_doubt(ctx, sentence, d)
    return reason if reason is not None and shape_of(reason) in refusing_shapes() else None


def claim_doubt(ctx: DocContext, sentence: Sentence, d: ClaimDraft) -> str | None:
    """Why the draft's subject or object is in doubt, or None: every mention of it in the
    sentence has one of the module's shapes. A draft whose entity the sentence does not name
    (a reference, a heading) is not judged. A `described_as` draft is also refused when its
    epithet is what the subject was (`epithet_doubt`)."""
    past = epithet_doubt(ctx, sentence, d)
    if past is not None:
        return f"subject {d.subject_id}: {past}"
    roles = (("subject", d.subject_id), ("object", d.object_id))
    for role, entity_id in roles:
        if entity_id is None:
            continue
        named = [m for m in ctx.mentions_in(sentence) if entity_id in m.entity_ids]
        if not named:
            continue
        other = d.object_id if role == "subject" else d.subject_id
        reasons = [mention_doubt(ctx, sentence, m, entity_id, role, other) for m in named]
        if all(reasons):
            return f"{role} {entity_id}: {reasons[-1]}"
    return None


def mention_doubt(
    ctx: DocContext,
    sentence: Sentence,
    m: Mention,
    entity_id: str,
    role: str,
    other: str | None = None,
) -> str | None:
    """The shape that makes this mention of `entity_id` name another thing's neighbour, owner,
    maker or part, or a word of a longer name; None when it names the entity plainly.
    `other`: the claim's object when `entity_id` is its subject, its subject when it is the
    object."""
    patterns = _patterns()
    folded = ctx.folded
    lo = max(sentence.start, m.start - 80)
    before = folded[lo : m.start]
    if ctx.type_of(entity_id) in NAMED_PLACES and ctx.inside_longer_name(sentence, m):
        return "longer name: it is a word of a longer name the gazetteer lacks"
    if BRACKET_THEN_NAME.match(folded, m.end, sentence.end) or (
        NAME_THEN_BRACKET.search(before) and BRACKET_CLOSE_THEN_NAME.match(folded, m.end)
    ):
        return "longer name: it stands beside a bracket inside a longer name"
    # a subject's own relation to a place named after it ("in the east of Suzhou, a city in
    # Jiangsu", "Xingning District of Nanning") is stated whatever comes before it; a figure in a
    # relative clause of its own ("part of the cluster, which ranked second") is its own too
    object_id = other if role == "subject" else None
    beside_or_part = not (role == "subject" and object_id is not None) and not (
        OWN_RELATIVE.match(folded, m.end, sentence.end)
    )
    if beside_or_part and patterns["inside_compass"].search(before):
        return "part: a part of it is what the sentence speaks of" if role == "subject" else None
    beside = patterns["neighbour"].search(before) if beside_or_part else None
    if beside is not None and not (
        # "north of ... Xingning District of Nanning": the subject is named inside the phrase,
        # and the object places it there
        role == "object"
        and any(other in x.entity_ids for x in ctx.mentions_between(lo + beside.start(), m.start))
    ):
        return "neighbour: it is named as what something is beside"
    if beside_or_part and role == "subject" and patterns["part"].search(before):
        return "part: a part of it is what the sentence speaks of"
    owner = POSSESSIVE.match(folded, m.end)
    if owner is not None:
        owned = patterns["owned_name"].match(folded, owner.end(), sentence.end)
        name_start, name_end = owned.span("name") if owned is not None else (0, 0)
        if owned is not None and not any(
            x.start < name_end for x in ctx.mentions_between(name_start, sentence.end)
        ):
            return "owner: it owns a name the gazetteer lacks, which the sentence is about"
    if role == "subject":
        maker = patterns["maker"].search(folded, max(sentence.start, m.start - 200), m.start)
        if (
            maker is not None
            and not CLAUSE_IN_GAP.search(maker.group("gap"))
            and not OWN_CLAUSE_AFTER.match(folded, m.end, sentence.end)
            and not _placed_right_after(ctx, m, object_id)
        ):
            return "maker: it made or runs another thing, which the sentence is about"
    return None
