"""Lists of titles a place has earned: "Xining has won the titles of National Civilized City,
National Sanitary City, World Tourism City ...", "It enjoys a good reputation, including National
Civilized City, National Health City and ...". Each title of the list, written as a title
(capitalised, ending in a kind of place), is said of the sentence's subject: a `described_as`, as
GUIDELINES.md reads "earned the title of" (one quoted title: the `described` rule)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.designations import NOT_ASSERTED
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCAL_PLACES

# what earns a city's titles: a place a government runs (a policy region's "titles" are rare and
# a quoted label naming one, "the Silicon Valley in the west", is no subject)
TITLED_PLACES = ("city", "district", "park")

# the noun that announces titles, then what opens their list
TITLES_CUE = re.compile(
    r"\b(?:(?:honou?rary\s+)?titles|honou?rs|accolades|reputation|titles\s+and\s+honou?rs)"
    r"\s*(?:,?\s+(?:including|such\s+as|like|of)\s+|:\s*)(?:the\s+)?",
    re.IGNORECASE,
)
# one item of the list, up to the next separator
ITEM = re.compile(r"(?P<title>[^,;:()\"]{3,90}?)(?=\s*(?:,\s*(?:and\s+)?|\s+and\s+|[.;]|$))")
SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)")
# a title: capitalised words (small words between them), the last one a kind of place
TITLE = re.compile(r"(?-i:[A-Z])[\w&'’-]*(?:\s+(?:of|for|and|in|the|on|(?-i:[A-Z])[\w&'’-]*)){0,9}")
IT_BEFORE = re.compile(r"\b[Ii]t\s+(?:[a-z]+\s+){1,4}(?:a\s+|an\s+|the\s+)?(?:[a-z]+\s+){0,2}$")
TITLE_HEAD = re.compile(
    r"\b(?:city|cities|base|zone|park|cent(?:er|re)|area|county|town|district|hub|pilot)$",
    re.IGNORECASE,
)


@rule(emits={"title_list": "described_as"}, cues_from=(TITLES_CUE,))
def title_list(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'It enjoys a good reputation, including National Civilized City, National Health City ...'."""
    for cue in TITLES_CUE.finditer(ctx.folded, sentence.start, sentence.end):
        before = re.sub(
            r"\b(?:the|its|their)\s+$",
            "",
            ctx.folded[max(sentence.start, cue.start() - 40) : cue.start()],
        )
        if NOT_ASSERTED.search(before):
            continue  # "hopes to win the titles of ..."
        if ctx.folded[cue.end() : cue.end() + 1] in "\"'":
            continue  # quoted titles are the `described` rule's ("the honorary titles of "A", "B"")
        titles = []
        pos = cue.end()
        while pos < sentence.end:
            item = ITEM.match(ctx.folded, pos, sentence.end)
            if item is None:
                break
            # ("... and National Garden City successively."): an adverb closing the list
            title = re.sub(r"\s+[a-z]+ly$", "", item.group("title").strip())
            if TITLE.fullmatch(title) and TITLE_HEAD.search(title):
                titles.append((item.start("title"), item.start("title") + len(title)))
            sep = SEPARATOR.match(ctx.folded, item.end(), sentence.end)
            if sep is None:
                break
            pos = sep.end()
        if len(titles) < 2:
            continue  # one title is the `described` rule's (a list is what this rule reads)
        # "... It enjoys a good reputation, including ...": the pronoun of the cue's clause
        pronoun = IT_BEFORE.search(ctx.folded, max(sentence.start, cue.start() - 60), cue.start())
        if pronoun is not None and not ctx.mentions_between(pronoun.end(), cue.start()):
            subject = ctx.resolve_reference(sentence, "it", pronoun.start())
        else:
            subject = ctx.subject(sentence, LOCAL_PLACES, before=cue.start())
        if subject is None or ctx.type_of(subject.entity_id) not in TITLED_PLACES:
            continue
        for start, end in titles:
            yield draft(
                sentence,
                "title_list",
                subject,
                "described_as",
                value_text=ctx.text[start:end],
                focus=(min(subject.start, cue.start()), end),
            )
