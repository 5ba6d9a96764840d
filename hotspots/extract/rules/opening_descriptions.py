"""Epithets in an opening participle clause, said of the subject after its comma: "Widely
considered as China's Silicon Valley, the city ...", "As the birthplace of ..., Shenzhen ..."."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import REFERENCE_RE, REFERENCES
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.description_phrases import DESCRIBED_TYPES, NOT_A_DESCRIPTION
from hotspots.extract.segment import Sentence

# "Widely considered as China's Silicon Valley, the city ...", "Nicknamed the "Chinese Silicon
# Valley" by local authorities, the corridor ...", "Being southern China's major financial centre,
# Shenzhen ...": an epithet in an opening participle clause, said of the subject after its comma
OPENING_DESCRIBED = re.compile(
    # ("Also known as the "3820 strategic project", it ...": an alias, no epithet)
    r"\W*(?!(?:also|formerly|officially)\s+(?:known\s+as|called)\b)"
    r"(?:(?:widely|often|long|also|commonly|sometimes|popularly)\s+)?"
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


# "China's leading electronic appliance maker Haier announced ...", "the world's biggest drone
# maker DJI": a place's superlative before a company's name, with no comma between, says what the
# company is; the head noun must be a kind of company
COMPANY_HEADS = (
    r"(?:maker|manufacturer|producer|company|firm|group|giant|carmaker|automaker|chipmaker|"
    r"developer|provider|supplier|operator|retailer|platform|conglomerate|enterprise|brand|"
    r"vendor|start-?up|bank|insurer|airline)"
)
FRONTED_EPITHET = re.compile(
    r"(?P<np>(?P<owner>the\s+world|the\s+country|the\s+nation|(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*)?)['’]s\s+"
    r"(?:largest|biggest|leading|top|foremost|premier|best-known|most\s+valuable|No\.\s*1|number\s+one)"
    r"(?:\s+(?-i:[a-z])[\w-]*){0,4}?\s+" + COMPANY_HEADS + r")\s+$",
    re.IGNORECASE,
)
OWNER_PLACES = ("country", "city", "province", "sar", "policy_region", "district")


@rule(emits={"fronted_description": "described_as"}, cues_from=(FRONTED_EPITHET,))
def fronted_description(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'China's leading appliance maker Haier built ...'."""
    for mention in ctx.mentions_in(sentence):
        m = FRONTED_EPITHET.search(
            ctx.folded, max(sentence.start, mention.start - 100), mention.start
        )
        company = ctx.pick(mention, ("company",))
        if m is None or company is None:
            continue
        if re.match(r"\s*(?:,|and\b|&)\s*", ctx.folded[mention.end : mention.end + 6]) and any(
            0 < x.start - mention.end < 8
            for x in ctx.mentions_between(mention.end, min(sentence.end, mention.end + 100))
        ):
            continue  # "China's top carmakers BYD and Geely": a label of the list
        owner = m.group("owner").lower()
        if not owner.startswith("the "):
            owners = [x for x in ctx.mentions_between(m.start("owner"), m.end("owner"))]
            if not owners or not ctx.pick(owners[0], OWNER_PLACES):
                continue  # "Apple's biggest supplier Foxconn": a company's partner, no epithet
        if ctx.mentions_between(m.end("owner"), m.end("np")):
            continue  # another name inside the phrase
        value = re.sub(r"^the\s+", "", ctx.text[m.start("np") : m.end("np")], flags=re.IGNORECASE)
        yield draft(
            sentence,
            "fronted_description",
            EntitySpan.of(mention, company),
            "described_as",
            value_text=value,
            focus=(m.start("np"), mention.end),
        )
