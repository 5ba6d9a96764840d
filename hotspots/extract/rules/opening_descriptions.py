"""Epithets in an opening participle clause, said of the subject after its comma: "Widely
considered as China's Silicon Valley, the city ...", "As the birthplace of ..., Shenzhen ..."."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import REFERENCE_RE, REFERENCES, DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.description_phrases import DESCRIBED_TYPES, NOT_A_DESCRIPTION
from hotspots.extract.segment import Sentence

# "Widely considered as China's Silicon Valley, the city ...", "Nicknamed the "Chinese Silicon
# Valley" by local authorities, the corridor ...", "Being southern China's major financial centre,
# Shenzhen ...": an epithet in an opening participle clause, said of the subject after its comma
OPENING_DESCRIBED = re.compile(
    r"\W*(?:(?:widely|often|long|also|commonly|sometimes|popularly)\s+)?"
    r"(?P<verb>known\s+as|dubbed|nicknamed|called|hailed\s+as|touted\s+as|billed\s+as|considered(?:\s+as)?|"
    r"regarded\s+as|seen\s+as|described\s+as|being|as)\s+"
    r"(?:(?:the\s+)?\"(?P<q>[^\"]{3,80})\"|(?P<np>(?:the\s+)?(?:(?:southern|northern|eastern|western|central|south|north|east|west)\s+)?"
    r"(?:China|Asia|Europe|the world|the country|the nation)'s\s+[^,;:()\"]{3,80}|the\s+[^,;:()\"]{3,80}))"
    r"(?:\s+by\s+[^,;:]{2,60})?,\s+",
    re.IGNORECASE,
)


# after a bare "As": an epithet's head noun (a role noun of the roles lexicon, or a place word:
# "As the birthplace of ...", "As the gateway to ...") or a superlative ("As the largest city in
# ..."); "As the lure of domestic universities grows, ..." is a clause of time, no epithet
EPITHET_HEADS = [
    *lexicon.words("roles", "role_nouns"),
    "birthplace",
    "cradle",
    "capital",
    "centre",
    "center",
    "heart",
    "home",
    "base",
    "showcase",
    "frontier",
    "bridgehead",
    "window",
    "symbol",
    "valley",
]
AS_EPITHET = re.compile(
    r"(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:(?:"
    + lexicon.alternation(EPITHET_HEADS)
    + r")(?:\s+(?:of|for|to|in)\s|$)|[\w-]+est\s)",
    re.IGNORECASE,
)


@rule(emits={"opening_description": "described_as"}, cues_from=(OPENING_DESCRIBED,))
def opening_description(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Widely considered as China's Silicon Valley, the city has ...'."""
    m = OPENING_DESCRIBED.match(ctx.folded, sentence.start, sentence.end)
    if m is None:
        return
    if m.group("verb").lower() == "as" and not AS_EPITHET.match(m.group("np") or ""):
        return  # "As the city grows, ...": only "As the birthplace of ...", "As the largest ..."
    if m.group("verb").lower() == "being" and m.group("q") is not None:
        return  # 'Being "X", ...': a quoted word, no epithet of the subject
    after = m.end()
    subject = None
    first = next(iter(ctx.mentions_between(after, sentence.end)), None)
    if first is not None and re.fullmatch(
        r"(?:the\s+)?", ctx.folded[after : first.start], re.IGNORECASE
    ):
        entity_id = ctx.pick(first, DESCRIBED_TYPES)
        subject = EntitySpan.of(first, entity_id) if entity_id else None
    else:
        ref = re.match(
            r"(?P<ref>" + REFERENCE_RE.pattern + r")\b",
            ctx.folded[after : after + 30],
            re.IGNORECASE,
        )
        if ref and set(REFERENCES[ref.group("ref").lower()]) & set(DESCRIBED_TYPES):
            # from the sentence start: a name inside the epithet ("Silicon Valley") is not what it means
            subject = ctx.resolve_reference(sentence, ref.group("ref"), sentence.start)
    if subject is None or ctx.type_of(subject.entity_id) not in DESCRIBED_TYPES:
        return
    label = "q" if m.group("q") is not None else "np"
    value = re.sub(
        r"^the\s+", "", ctx.text[m.start(label) : m.end(label)].strip(), flags=re.IGNORECASE
    )
    if NOT_A_DESCRIPTION.search(value) or len(value.split()) > 12:
        return
    yield draft(
        sentence,
        "opening_description",
        subject,
        "described_as",
        value_text=value,
        focus=(m.start(label), m.end()),
    )
