"""Descriptions set off after a name: an apposition (", China's Silicon Valley,", "X—the
world's largest drone maker—"), an appositive participle (", known as the high-tech highland of
Shanghai,") and an ordinal apposition that states a designation (", the sixth national ...")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.description_ordinals import ORDINAL, _ordinal_designation
from hotspots.extract.rules.description_phrases import (
    DESCRIBED_TYPES,
    _epithet,
    _name_follows,
    _noun_phrase,
)
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCAL_PLACES

# ", China's Silicon Valley," or between dashes: "Zhongguancun Science Park—China's Silicon Valley—"
DASHES = "\u2014\u2013"  # an em or en dash in the text (folded to "-" in ctx.folded)
APPOSITIVE = re.compile(
    r"(?:,\s+|\s*(?P<dash>-)\s*)(?P<np>(?:the\s+world's|China's|the\s+country's|the\s+nation's)\s+"
    # "X, the top State-level zone in western China": a superlative apposition
    # ("Hefei, the top of the list", "Wuhan, the largest of the three": a place in a group, no epithet)
    r"|the\s+(?=(?:top|largest|biggest|leading|foremost|premier)\s+"
    r"(?!(?:of|in|among|on|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)\b)(?-i:[a-zA-Z])))",
    re.IGNORECASE,
)
LIST_LINK = re.compile(r"\s*,?\s*(?:and|or|&)\s+", re.IGNORECASE)
# "Zhangjiang Hi-tech Park, known as the high-tech highland of Shanghai, is ...": an epithet in an
# appositive participle ("also known as" gives an alias: not read)
APPOSITIVE_KNOWN = re.compile(
    r",\s+(?:(?:widely|often|commonly|popularly|long)\s+)?(?:known\s+as|dubbed|nicknamed|called|hailed\s+as|touted\s+as|"
    r"billed\s+as|regarded\s+as|seen\s+as|considered(?:\s+as)?)\s+"
    r"(?:the\s+|(?=(?:China|Asia|Europe|the\s+world|the\s+country|the\s+nation)['’]s\s))(?P<np>)",
    re.IGNORECASE,
)
# "Shenzhen is a special economic zone and technology hub, known as China's Silicon Valley": the
# participle after an indefinite complement of the subject's copula says what the subject is known as
PREDICATE_KNOWN = re.compile(
    r"\s+(?:is|was)\s+(?:a|an)\s+[^,;:()\"]{3,80}?,\s+(?:(?:widely|often|commonly|popularly)\s+)?"
    r"(?:known\s+as|dubbed|nicknamed|hailed\s+as)\s+"
    r"(?:the\s+|(?=(?:China|Asia|Europe|the\s+world|the\s+country|the\s+nation)['’]s\s))(?P<np>)",
    re.IGNORECASE,
)
ORDINAL_APPOSITIVE = re.compile(rf",\s+the\s+(?P<np>{ORDINAL}\s+)", re.IGNORECASE)


def _appositions(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """Each name the sentence follows with an apposition or appositive participle: the epithet
    it states, or the designation an ordinal apposition states."""
    for mention in ctx.mentions_in(sentence):
        m = (
            APPOSITIVE.match(ctx.folded, mention.end)
            or ORDINAL_APPOSITIVE.match(ctx.folded, mention.end)
            or APPOSITIVE_KNOWN.match(ctx.folded, mention.end)
            or PREDICATE_KNOWN.match(ctx.folded, mention.end)
        )
        if not m:
            continue
        if m.re is PREDICATE_KNOWN and ctx.mentions_between(mention.end, m.start("np")):
            continue  # "X is a partner of Y, known as ...": the participle may be Y's
        if m.re is APPOSITIVE and m.group("dash") and ctx.text[m.start("dash")] not in DASHES:
            continue  # a hyphen joins words: only a dash sets off an apposition
        entity_id = ctx.pick(mention, LOCAL_PLACES)
        if entity_id:
            designation = _ordinal_designation(
                ctx, sentence, EntitySpan.of(mention, entity_id), m.start("np")
            )
            if designation is not None:
                yield designation
                continue
        if m.re is ORDINAL_APPOSITIVE:
            continue  # ", the sixth ...": only a designation is read here
        before = ctx.mentions_between(sentence.start, mention.start)
        if before and LIST_LINK.fullmatch(ctx.folded, before[-1].end, mention.start):
            continue  # "Hangzhou and Suzhou, China's ... hubs": a label of the list, not of its last name
        entity_id = ctx.pick(mention, DESCRIBED_TYPES)
        np = _noun_phrase(ctx, m.start("np"), sentence.end)
        clause_ends = r"^\s*[,.;)\u2014\u2013]|^\s*$"
        if m.re is PREDICATE_KNOWN:
            # "... known as China's Silicon Valley while Hong Kong is ...": a new clause may follow
            clause_ends += r"|^\s+(?:while|whereas|but)\s"
        if np and not re.match(clause_ends, ctx.text[np[1] : np[1] + 9]):
            continue  # "..., China's lesser-known clusters such as ...": a list goes on, not an apposition
        if np and _name_follows(ctx, np[1], sentence.end):
            # "include China's top social media company, Tencent, the world's biggest drone
            # maker, DJI, and ...": a list of labels each before its name; the phrase is DJI's
            continue
        if entity_id and np and _epithet(ctx, np[0], np[1]):
            value = re.sub(r"^the\s+", "", np[0], flags=re.IGNORECASE)
            yield draft(
                sentence,
                "appositive_description",
                entity_id,
                "described_as",
                value_text=value,
                focus=(mention.start, np[1]),
            )
