"""Designations read from the phrases around names (the `designation` rule reads a designation
stated for one place):

- a counted list: "China has four state-level new areas, including Shanghai's Pudong New Area,
  Tianjin's Binhai New Area and ..." (the count says the places listed hold the designation);
- an apposition led by a level word: "Nanjing Jiangbei New Area, a state-level new area in ...";
- a level word before a name of a designated kind: "the State Council approved the
  establishment of the national-level Gui'an New Area" (a national-level new area);
- a designation given to a group: "Suzhou, Wuxi and Hefei were named national innovation
  demonstration zones", "Both cities were named ..." (the pair the sentence before opens with);
- membership of a batch: "it was among the first batch of high-tech industrial development zones
  approved by the State Council", "X, one of China's first-batch high-tech zones at state level",
  "X became one of the pilot innovative science and technology parks under the Ministry ...".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.designation_approvals import (
    APPROVAL,
    APPROVED_OR_LAUNCHED,
    LEVEL_NEW_DISTRICT,
    _designation_at,
)
from hotspots.extract.rules.designation_members import PLURAL_REFERENCE, _members, _pair_before
from hotspots.extract.rules.designation_terms import DESIGNATION
from hotspots.extract.rules.designations import (
    DESIGNATE_CUE,
    NOT_ASSERTED,
    _date_in,
    _singular,
)
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCAL_PLACES

NUMBER_WORDS = lexicon.alternation(lexicon.words("numbers", "units"))
# a plan ("will set up four pilot zones, including ..."): the lexicon's one list of plan words
PLANNED = re.compile(
    r"\b" + lexicon.phrase_pattern(lexicon.words("modality", "planned_phrases")) + r"\b",
    re.IGNORECASE,
)
# a count right before a plural designation, and the word that opens its members
COUNTED = re.compile(
    rf"\b(?:\d{{1,3}}|{NUMBER_WORDS})\s+(?P<term>(?!(?:\d{{1,3}}|{NUMBER_WORDS})\b)[\w-]+(?:\s+[\w-]+){{0,6}}?)"
    r"\s*,?\s+(?:including|such\s+as|namely)\s+",
    re.IGNORECASE,
)


@rule(emits={"designation_list": "designated_as"}, cues_from=(COUNTED,))
def designation_list(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'China currently has four state-level new areas including A, B, C and D'."""
    for m in COUNTED.finditer(ctx.folded, sentence.start, sentence.end):
        term = DESIGNATION.fullmatch(m.group("term"))
        if term is None or not re.search(r"s$", term.group(0)):
            continue  # a count of designations is plural ("four state-level new areas")
        if NOT_ASSERTED.search(
            ctx.folded, max(sentence.start, m.start() - 30), m.start()
        ) or PLANNED.search(ctx.folded, max(sentence.start, m.start() - 40), m.start()):
            continue  # "plans to build four pilot zones, including ...", "will have ..."
        value = _singular(term.group("term")).strip()
        for member in _members(ctx, sentence, m.end()):
            yield draft(
                sentence,
                "designation_list",
                member,
                "designated_as",
                value_text=value,
                focus=(m.start(), member.end),
            )


# the level word right before a name ("the national-level Gui'an New Area")
LEVEL_BEFORE = re.compile(
    r"\b(?:the|a|an|its|their)\s+(?P<level>national-level|state-level|national|state)\s+$",
    re.IGNORECASE,
)
# the kinds of place a level is given to, as the last words of the name
DESIGNATED_KIND = re.compile(
    r"(?:New Area|New District|Hi-?[Tt]ech (?:Industrial )?(?:Development )?Zone|High-?[Tt]ech "
    r"(?:Industrial )?(?:Development )?Zone|Economic and Technological Development Zone|"
    r"Free[- ]Trade (?:Pilot )?Zone)$"
)


@rule(emits={"level_before_name": "designated_as"}, cues_from=(LEVEL_BEFORE,))
def level_before_name(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'On January 6, 2014, the State Council approved the establishment of the national-level
    Gui'an New Area' (a national-level new area, 2014-01-06)."""
    for mention in ctx.mentions_in(sentence):
        level = LEVEL_BEFORE.search(
            ctx.folded, max(sentence.start, mention.start - 30), mention.start
        )
        kind = DESIGNATED_KIND.search(ctx.text[mention.start : mention.end])
        if level is None or kind is None:
            continue
        word = level.group("level")
        if word[0].isupper() and "level" not in word.lower():
            continue  # "the National Xi'an ...": a capitalised level word is part of a name
        if NOT_ASSERTED.search(ctx.folded, max(sentence.start, level.start() - 30), level.start()):
            continue
        entity_id = ctx.pick(mention, LOCAL_PLACES)
        if entity_id is None:
            continue
        value = f"{level.group('level').lower()} {kind.group(0).lower()}"
        approved = APPROVAL.search(ctx.folded, sentence.start, sentence.end) or (
            DESIGNATE_CUE.search(ctx.folded, sentence.start, mention.start)
        )
        yield draft(
            sentence,
            "level_before_name",
            EntitySpan.of(mention, entity_id),
            "designated_as",
            value_text=value,
            as_of=_date_in(sentence.text) if approved else None,
            focus=(level.start("level"), mention.end),
        )


# an apposition after a name: "Nanjing Jiangbei New Area, a state-level new area in Jiangsu";
# "X, the only state-level new district in the province, was approved": the level word opens the
# designation (an ordinal before it, "X, the sixth State-level zone", is ordinal_designation's)
APPOSITIVE_LEVEL = re.compile(
    r",\s+(?:a|an|the)\s+(?:only\s+)?(?=(?:national|state)(?:-level)?\s)",
    re.IGNORECASE,
)


@rule(emits={"appositive_designation": "designated_as"}, cues_from=(APPOSITIVE_LEVEL,))
def appositive_designation(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Nanjing Jiangbei New Area, a state-level new area in east China's Jiangsu, ...'."""
    for mention in ctx.mentions_in(sentence):
        opening = APPOSITIVE_LEVEL.match(ctx.folded, mention.end, sentence.end)
        if opening is None:
            continue
        term = DESIGNATION.match(ctx.folded, opening.end(), sentence.end) or (
            LEVEL_NEW_DISTRICT.match(ctx.folded, opening.end(), sentence.end)
        )
        entity_id = ctx.pick(mention, LOCAL_PLACES)
        if term is None or entity_id is None:
            continue
        approved = APPROVED_OR_LAUNCHED.search(ctx.folded, sentence.start, sentence.end)
        yield draft(
            sentence,
            "appositive_designation",
            EntitySpan.of(mention, entity_id),
            "designated_as",
            value_text=_singular(term.group(0)).strip(),
            as_of=_date_in(sentence.text) if approved else None,
            focus=(mention.start, term.end()),
        )


# the designation before the name it is said of: an opening "As a national demonstration zone
# ..., X ...", or an indefinite designation set off before a name, "manages a national new
# district, the Xixian New District."
OPENING_AS = re.compile(r"\W*As\s+(?:a|an|one\s+of\s+the(?:\s+first)?)\s+", re.IGNORECASE)
BEFORE_NAME = re.compile(r"\b(?:a|an)\s+(?P<level>(?:national|state)(?:-level)?)\s", re.IGNORECASE)
# what may follow the designation in the opening: a phrase of purpose, place or approval, no
# verb ("As a state-level new area grows, ..." is a clause of time)
OPENING_REST = re.compile(
    r"(?:\s+(?:for|in|of|on|with|and|approved|designated|set|established|founded|since|"
    r"launched|recognised|recognized)\b[^,;]*)?",
    re.IGNORECASE,
)
# the name closes its phrase: "the Xixian New District." (not "the Guangdong city that ...")
NAME_CLOSES = re.compile(r"\s*(?:[,.;)]|$)")


@rule(emits={"designation_before_name": "designated_as"}, cues_from=(OPENING_AS, BEFORE_NAME))
def designation_before_name(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'As a national high-tech zone, Wuxi ...'; 'It manages a national new district, the Xixian
    New District.'"""
    found: list[tuple[re.Match, EntitySpan]] = []
    opening = OPENING_AS.match(ctx.folded, sentence.start, sentence.end)
    term = _designation_at(ctx, opening.end(), sentence.end) if opening else None
    comma = ctx.folded.find(",", term.end(), sentence.end) if term else -1
    if (
        term is not None
        and comma >= 0
        and OPENING_REST.fullmatch(ctx.folded, term.end(), comma)
        and not ctx.mentions_between(term.end(), comma)
    ):
        first = next(iter(ctx.mentions_between(comma, sentence.end)), None)
        if first is not None and re.fullmatch(
            r",\s*(?:the\s+)?", ctx.folded[comma : first.start], re.IGNORECASE
        ):
            entity_id = ctx.pick(first, LOCAL_PLACES)
            if entity_id:
                found.append((term, EntitySpan.of(first, entity_id)))
    for m in BEFORE_NAME.finditer(ctx.folded, sentence.start, sentence.end):
        term = _designation_at(ctx, m.start("level"), sentence.end)
        if term is None or NOT_ASSERTED.search(
            ctx.folded, max(sentence.start, m.start() - 30), m.start()
        ):
            continue
        name = next(iter(ctx.mentions_between(term.end(), sentence.end)), None)
        if name is None or not re.fullmatch(
            r",\s+the\s+", ctx.folded[term.end() : name.start], re.IGNORECASE
        ):
            continue
        if not NAME_CLOSES.match(ctx.folded, name.end, sentence.end):
            continue
        entity_id = ctx.pick(name, LOCAL_PLACES)
        if entity_id:
            found.append((term, EntitySpan.of(name, entity_id)))
    for term, subject in found:
        yield draft(
            sentence,
            "designation_before_name",
            subject,
            "designated_as",
            value_text=_singular(term.group(0)).strip(),
            focus=(term.start(), subject.end),
        )


# a designation given to several places at once: "Suzhou, Wuxi and Hefei were named national
# innovation demonstration zones in 2021" (each member holds it; the `designation` rule reads
# the first member only)
GROUP_VERB = re.compile(
    r"\s+(?:were|have\s+been|had\s+been)\s+(?:(?:all|jointly|officially|formally|both)\s+)?"
    r"(?:named|designated|approved|listed|selected|recognized|recognised|granted)"
    r"(?:\s+(?:as|to\s+be))?\s+(?:(?:the\s+)?(?:first|second|third|new)\s+(?:batch\s+of\s+)?)?",
    re.IGNORECASE,
)


@rule(emits={"designation_batch": "designated_as"}, cues_from=(GROUP_VERB,))
def designation_batch(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Suzhou, Wuxi and Hefei were named national innovation demonstration zones in 2021'."""
    for m in GROUP_VERB.finditer(ctx.folded, sentence.start, sentence.end):
        term = DESIGNATION.match(ctx.folded, m.end(), sentence.end)
        if term is None or not re.search(r"s$", term.group(0)):
            continue  # a designation shared by several places is plural
        if NOT_ASSERTED.search(ctx.folded, max(sentence.start, m.start() - 30), m.start()):
            continue
        # the list that ends right before the verb, from the clause's opening
        lo = ctx.clause(sentence, m.start())[0]
        members: list[EntitySpan] = []
        for start in (x.start for x in ctx.mentions_between(lo, m.start())):
            members = _members(ctx, sentence, start)
            if members and members[-1].end == m.start():
                break
            members = []
        if not members:
            # "Both cities were named ...", "The two zones were approved as ...": the pair the
            # sentence before names ("Hefei and Wuhu ...")
            pair = PLURAL_REFERENCE.fullmatch(ctx.folded, lo, m.start())
            members = _pair_before(ctx, sentence) if pair else []
            if len(members) != 2:
                continue
            members = [member.seen_as("the sentence before") for member in members]
        else:
            if len(members) < 2:
                continue
            opening = ctx.folded[lo : members[0].start]
            if not re.fullmatch(
                r"\W*(?:(?:in|on|by)\s+[^,;]{1,30},\s*)?(?:the\s+)?", opening, re.I
            ):
                continue  # "The parks of Suzhou and Wuxi were named ...": the list only qualifies
        value = _singular(term.group("term")).strip()
        as_of = _date_in(ctx.folded[lo : sentence.end])
        for member in members:
            yield draft(
                sentence,
                "designation_batch",
                member,
                "designated_as",
                value_text=value,
                as_of=as_of,
                # a pair from the sentence before is not in this sentence: the claim's focus is
                # the verb and the designation
                focus=(member.start if member.start >= sentence.start else m.start(), term.end()),
            )


ORDINALS = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,2}(?:st|nd|rd|th))"
)
# membership of a batch of designations: "it was among the first batch of high-tech industrial
# development zones approved by the State Council", "forms part of the third batch of pilot FTZs",
# "one of China's first-batch high-tech zones at state level"
IN_BATCH = re.compile(
    r"(?P<verb>\b(?:is|was|are|were|became|becomes|has\s+become)\s+(?:among|one\s+of|part\s+of)"
    r"|\bforms?\s+part\s+of|\bformed\s+part\s+of|,\s+one\s+of)\s+"
    r"(?:the\s+|(?:China|the\s+country|the\s+nation)['’]s\s+)?"
    rf"(?:{ORDINALS}\s+batch\s+of\s+|{ORDINALS}-batch\s+)"
    r"(?P<term>(?:(?!(?:in|of|by|under|and|which|that|approved)\s)[\w-]+\s+){0,6}?"
    r"(?:zones?|parks?|areas?|cities|city|cent(?:er|re)s?|bases?|districts?|FTZs?)"
    r"(?:\s+at\s+(?:the\s+)?(?:state|national|provincial)\s+level)?)\b",
    re.IGNORECASE,
)


# "X became one of the pilot innovative science and technology parks under the Ministry of Science
# and Technology in 2009": a kind of place an authority names, without a batch
ONE_OF_UNDER = re.compile(
    r"(?P<verb>\b(?:became|has\s+become|is|was|has\s+been)\s+one\s+of)\s+the\s+"
    r"(?:first\s+|earliest\s+)?"
    r"(?P<term>(?:(?!(?:in|of|by|under|which|that|approved|most|best|largest|leading|biggest|top|new|many|several|other|few)\s)"
    r"(?-i:[a-z])[\w-]*\s+){1,6}?(?:zones|parks|areas|cities|cent(?:er|re)s|bases))"
    r"\s+(?:under|approved\s+by|designated\s+by|named\s+by|selected\s+by|recognized\s+by|"
    r"recognised\s+by)\s+(?:the\s+)?(?:State\s+Council|(?:\w+\s+){0,2}Ministry|(?:central|national)"
    r"\s+government|MOST|NDRC)\b",
    re.IGNORECASE,
)


@rule(emits={"batch_designation": "designated_as"}, cues_from=(IN_BATCH, ONE_OF_UNDER))
def batch_designation(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'In 1991, it was among the first batch of high-tech industrial development zones approved
    by the State Council'; 'X forms part of the third batch of pilot FTZs'."""
    matches = [
        *IN_BATCH.finditer(ctx.folded, sentence.start, sentence.end),
        *ONE_OF_UNDER.finditer(ctx.folded, sentence.start, sentence.end),
    ]
    for m in matches:
        if NOT_ASSERTED.search(ctx.folded, max(sentence.start, m.start() - 30), m.start()):
            continue
        if PLANNED.search(ctx.folded, max(sentence.start, m.start() - 40), m.start()):
            continue  # "will become part of the second batch of ..."
        if m.group("verb").startswith(","):
            # an apposition: the name right before it ("X (XHTZ), one of China's first-batch ...")
            before = [x for x in ctx.mentions_between(sentence.start, m.start())]
            if not before or not re.fullmatch(
                r"\s*(?:\([^()]{1,30}\)|\))?\s*", ctx.folded[before[-1].end : m.start()]
            ):
                continue
            entity_id = ctx.pick(before[-1], LOCAL_PLACES)
            subject = EntitySpan.of(before[-1], entity_id) if entity_id else None
        else:
            subject = ctx.subject(sentence, LOCAL_PLACES, before=m.start())
        if subject is None:
            continue
        value = _singular(re.sub(r"\bFTZs\b", "FTZ", m.group("term"))).strip().lower()
        lo, hi = ctx.clause(sentence, m.start())
        as_of = _date_in(ctx.folded[lo:hi])
        if as_of is None and subject.via != "mention":
            # "On 31 December 2014 the State Council approved X. It is among the second batch of
            # ...": the approval that names the antecedent dates the batch
            prev = ctx.before_in_paragraph(sentence, 1)
            if (
                prev
                and prev[0].start <= subject.start < prev[0].end
                and APPROVAL.search(prev[0].text)
            ):
                as_of = _date_in(prev[0].text)
        yield draft(
            sentence,
            "batch_designation",
            subject,
            "designated_as",
            value_text=value,
            as_of=as_of,
            focus=(min(subject.start, m.start()), m.end()),
        )
