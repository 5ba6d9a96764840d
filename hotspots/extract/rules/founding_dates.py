"""When something was established: 'X was established in 1988', 'X (XHTZ), established in 1991',
'Launched in May 2020, the X ...', 'Since its debut in 2007, the X ...'; an approval of the founding
('X was approved for establishment', 'In 1980, the establishment of X was officially approved'), a
zone 'built in 1992', 'X ... since its establishment in 2015'. Other shapes of a founding are in
`founding` and `founding_clauses`; the founding verbs they share are in `founding_words`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import REFERENCE_RE
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, _negated, draft
from hotspots.extract.rules.common_places import located_head
from hotspots.extract.rules.common_subjects import IT_OR_REFERENCE
from hotspots.extract.rules.founding_calendar import FOUNDING_DATE, founding_date
from hotspots.extract.rules.founding_words import (
    ESTABLISHED_TYPES,
    FOUNDED,
    FOUNDED_GAP,
    FOUNDING_NOUNS,
)
from hotspots.extract.segment import Sentence
from hotspots.extract.types import ORGANISATIONS

APPROVED_TO_BE = re.compile(r"\b(?:was|were|had\s+been)\s+approved\s+to\s+be\s+$", re.IGNORECASE)
# "Since its debut in 2007, the GII has ...": the founding as a noun, owned by what follows
SINCE_ITS_FOUNDING = re.compile(
    r"\b(?:since|after)\s+its\s+(?P<verb>debut|launch|" + FOUNDING_NOUNS + r")"
    r"\s+(?:in|on)\s+" + FOUNDING_DATE,
    re.IGNORECASE,
)
# "Approved by the State Council and established in February 1994, X is ...": participles
# before the founding one, all about the subject after the comma
# "Officially launched on 1 April 2017, the X ...": an adverb before the opening participle
OPENING_ADVERB = re.compile(r"(?:first|officially|formally|originally|jointly)", re.IGNORECASE)
PARTICIPLE_OPENING = re.compile(r"^[A-Z][a-z]+ed\b[^,;]{0,80}\s+and$")
# "The district, bordering the city of Dongguan, was created in 2007": a reference opens the
# sentence, an inserted phrase follows it, then the verb
# ("As a traditional industrial hub, the zone was established in 1988": past a fronted phrase;
# "The company, founded by Liu in 1999, had ...": the comma of an aside)
REFERENCE_OPENING = re.compile(
    r"^(?:(?:As|Like|Today|Now|Later|Then|Since\s+then|In\s+(?:19|20)\d{2})\b[^,;]{0,60},\s*)?"
    r"(?P<ref>" + REFERENCE_RE.pattern + r")\b(?P<rest>(?:\s*,[^,;]{1,120},)?[^,;]{0,40},?)$",
    re.IGNORECASE,
)
# a relative pronoun right before the name: the name is the agent of the active verb after it
# ("the alliance that iFlytek established in 2012"), and what was founded is the noun before
RELATIVE_AGENT = re.compile(r"\b(?:that|which|whom)\s+(?:the\s+)?$", re.IGNORECASE)
# places whose name starts the name of a body or zone set up in them ("the Xiamen ... Zone")
NAMING_PLACES = ("city", "province", "country", "sar", "district")
# a plan, not a founding ("will be established", "plans to launch"): the lexicon's one list
PLANNED_BEFORE = re.compile(
    r"\b"
    + lexicon.phrase_pattern(lexicon.words("modality", "planned_phrases"))
    + r"\s+(?:be\s+)?$",
    re.IGNORECASE,
)


# "X (Suzhou) Research Institute", "X (Shenzhen) Co": a gloss in brackets, then the name goes on
BRACKETED_NAME_GOES_ON = re.compile(r"\s*\([^()]{1,40}\)\s*(?-i:[A-Z])[\w&-]*")


def _opens_bracketed_name(ctx: DocContext, mention, sentence: Sentence) -> bool:
    """The mention begins a longer name that goes on past a bracketed gloss, with a word no
    mention covers."""
    m = BRACKETED_NAME_GOES_ON.match(ctx.folded, mention.end, sentence.end)
    if m is None:
        return False
    word_start = m.end() - len(re.search(r"[\w&-]*$", m.group(0)).group(0))
    return not any(x.start == word_start for x in ctx.mentions_between(word_start, sentence.end))


@rule(emits={"established": "established"}, cues_from=(FOUNDED, SINCE_ITS_FOUNDING))
def established(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'X was established in 1988'; 'X (XHTZ), established in 1991'; 'Launched in May 2020, the
    X ...'; 'Since its debut in 2007, the X ...'; 'The area was established in 2010' (the
    reference's antecedent)."""
    matches = [
        *FOUNDED.finditer(ctx.folded, sentence.start, sentence.end),
        *SINCE_ITS_FOUNDING.finditer(ctx.folded, sentence.start, sentence.end),
    ]
    for m in matches:
        if _negated(ctx, sentence, m.start()) or (
            PLANNED_BEFORE.search(ctx.folded, max(sentence.start, m.start() - 20), m.start())
            # "was approved to be established in 2000": the approval founded it, no plan
            and not APPROVED_TO_BE.search(
                ctx.folded, max(sentence.start, m.start() - 30), m.start()
            )
        ):
            continue
        subject = None
        opening = ctx.folded[sentence.start : m.start()].strip(" \t\"'“")
        if not opening or OPENING_ADVERB.fullmatch(opening) or PARTICIPLE_OPENING.match(opening):
            # "Established in 1988 in northwestern Beijing, Zhongguancun is ...": the subject
            # follows the participle phrase after its comma
            comma = ctx.folded.find(",", m.end(), sentence.end)
            # "Established in 1907 by the German government together with German physicians in
            # Shanghai, Tongji is ...": the phrase may name its founders and place at length
            if comma != -1 and comma - m.end() < 100:
                after = _names_right_after(ctx, sentence, comma)
                if after and re.fullmatch(
                    r",\s*(?:the\s+)?", ctx.folded[comma : after[0].start], re.IGNORECASE
                ):
                    entity_id = ctx.pick(after[0], ESTABLISHED_TYPES)
                    if re.match(r"['’]s\b", ctx.folded[after[0].end : after[0].end + 2]):
                        entity_id = None  # "..., Suzhou's new bio-town ...": the town, not Suzhou
                    if (
                        entity_id
                        and ctx.type_of(entity_id) in NAMING_PLACES
                        and ctx.starts_longer_name(sentence, after[0])
                    ):
                        # "Established in 2010, the Xiamen Taiwanese Trade Zone is ...": the
                        # place starts the name of a zone the gazetteer lacks, whose founding it is
                        entity_id = None
                    if entity_id and _opens_bracketed_name(ctx, after[0], sentence):
                        # "..., the National University of Singapore (Suzhou) Research Institute
                        # has ...": a part named after the body, whose founding it is not
                        entity_id = None
                    subject = EntitySpan.of(after[0], entity_id) if entity_id else None
                elif (ref := OPENING_THEN_REFERENCE.match(ctx.folded, comma)) is not None:
                    # "Founded on July 15, 1953, it has witnessed ...": the reference after the
                    # comma is the main clause's subject
                    # (the opening's own names are no antecedent: "Founded in Beijing by the CAS
                    # in 1958, it was ...": 'it' is what was founded, named before the sentence)
                    resolved = ctx.resolve_reference(sentence, ref["ref"], sentence.start)
                    if resolved and ctx.type_of(resolved.entity_id) in ESTABLISHED_TYPES:
                        subject = resolved
                elif comma != -1:
                    # "Founded in March 2004 and located 30 km north of ..., X (XZ) is ...",
                    # "Founded in 1990 in the south, and linked with ..., X covers ...": a longer
                    # opening; the main clause's subject is a name after a later comma, before its verb
                    subject = _main_subject(ctx, sentence, comma)
        else:
            mentions = ctx.mentions_between(sentence.start, m.start())
            ref = REFERENCE_OPENING.match(opening)
            if (
                ref
                and ref["ref"].lower() != "its"
                and FOUNDED_GAP.match(re.sub(r"^\s*,[^,;]*,", "", ref["rest"]) + " ")
            ):
                resolved = ctx.resolve_reference(sentence, ref["ref"], sentence.start)
                if resolved and ctx.type_of(resolved.entity_id) in ESTABLISHED_TYPES:
                    subject = resolved
            elif mentions and FOUNDED_GAP.match(ctx.folded[mentions[-1].end : m.start()]):
                # past a place that only locates the founded thing ("X in Shanghai was launched")
                k = located_head(ctx, mentions, m.start())
                if k is not None and RELATIVE_AGENT.search(
                    ctx.folded, max(sentence.start, mentions[k].start - 12), mentions[k].start
                ):
                    k = None  # "the alliance that iFlytek established in 2012": iFlytek founded it
                entity_id = ctx.pick(mentions[k], ESTABLISHED_TYPES) if k is not None else None
                subject = EntitySpan.of(mentions[k], entity_id) if entity_id else None
        if subject is None or _merged_other_kind(ctx, sentence, m.end(), subject):
            continue
        date = founding_date(m)
        yield draft(
            sentence,
            "established",
            subject,
            "established",
            value_text=date,
            as_of=date,
            focus=(min(subject.start, m.start()), max(subject.end, m.end())),
        )


# the reference that opens a main clause after a participle phrase's comma
# ("Founded in 1922, originally a revolutionary school, the university ...": past an aside
# without a verb or a name)
OPENING_THEN_REFERENCE = re.compile(
    r",\s*(?:(?:originally|formerly|once|initially)\s+[a-z][^,;]{0,50},\s*)?"
    + IT_OR_REFERENCE.pattern,
    re.IGNORECASE,
)
# "It was established in April 2000 through the merger of A University, B University and C":
# the bodies merged are of the kind of what was founded
MERGER_OF = re.compile(
    r"\b(?:through|by|after|following|from|via)\s+(?:the\s+)?(?:merger|merging|amalgamation)\s+of\s+",
    re.IGNORECASE,
)


def _merged_other_kind(ctx: DocContext, sentence: Sentence, pos: int, subject: EntitySpan) -> bool:
    """The founding says what merged into the founded thing, and every merged body named is an
    organisation while the subject is a place: the subject is another thing (a reference to a
    university resolved to the city it is in)."""
    merger = MERGER_OF.search(ctx.folded, pos, sentence.end)
    if merger is None or ctx.type_of(subject.entity_id) in ORGANISATIONS:
        return False
    merged = [
        ctx.type_of(e)
        for x in ctx.mentions_between(merger.end(), sentence.end)
        for e in x.entity_ids[:1]
    ]
    return bool(merged) and all(t in ORGANISATIONS for t in merged)


# the verb right after the subject of a main clause, past a short bracketed abbreviation
MAIN_VERB_AFTER = re.compile(
    r"(?:\s*\([^()]{1,15}\))?\s+(?:(?:is|was|has|had|have|covers|covered|lies|sits|spans|"
    r"boasts|hosts|houses|became|becomes|remains|ranks|ranked)\b)",
    re.IGNORECASE,
)


def _names_right_after(ctx: DocContext, sentence: Sentence, comma: int) -> list:
    """The names that start soon after `comma`, however long ("Baotou Rare Earth High-Tech
    Industrial Development Zone")."""
    return [x for x in ctx.mentions_between(comma, sentence.end) if x.start < comma + 50]


def _main_subject(ctx: DocContext, sentence: Sentence, comma: int) -> EntitySpan | None:
    """The subject named after a later comma of a long opening participle phrase, with the main
    verb right after it; the phrase holds no other name of a founded kind at a comma."""
    limit = min(sentence.end, comma + 200)
    for c in re.finditer(r",", ctx.folded[comma:limit]):
        at = comma + c.start()
        after = _names_right_after(ctx, sentence, at)
        if not after or not re.fullmatch(
            r",\s*(?:the\s+)?", ctx.folded[at : after[0].start], re.IGNORECASE
        ):
            continue
        if not MAIN_VERB_AFTER.match(ctx.folded, after[0].end, sentence.end):
            continue
        entity_id = ctx.pick(after[0], ESTABLISHED_TYPES)
        if entity_id is None or (
            ctx.type_of(entity_id) in NAMING_PLACES and ctx.starts_longer_name(sentence, after[0])
        ):
            return None
        return EntitySpan.of(after[0], entity_id)
    return None


# "X was approved for establishment in 2015", "In 2015, X, ..., was approved for establishment":
# the approval of the founding itself; "X was built in 1992" for a zone or park (a building's
# construction is no founding: only the kinds of place a government sets up)
APPROVED_FOR = re.compile(
    r"\b(?:was|were|had\s+been|has\s+been)\s+(?:(?:officially|formally|first)\s+)?"
    r"(?P<verb>approved\s+for\s+(?:its\s+)?(?:establishment|construction)|built)\b"
    r"(?:\s+(?:in|on)\s+" + FOUNDING_DATE + r")?",
    re.IGNORECASE,
)
BUILT_TYPES = ("park", "district", "policy_region")
# a date opening the sentence: "In 2015, X ...", "On 12 May 1994, X ..."
OPENING_DATE = re.compile(r"\W*(?:in|on)\s+" + FOUNDING_DATE + r",?\s+", re.IGNORECASE)
# "X ... since its establishment in 2015": the founding of the sentence's subject, said after it
# ("... since it was established in 1994", "since it was launched in September 2013": the same
# founding, said with a clause)
SINCE_ITS_LATER = re.compile(
    # ("following its founding in 2003"; "since the zone was created in September 2013": the
    # subject that opens the sentence, referred to)
    r"\b(?:since|after|when|following)\s+(?:its\s+(?:launch|" + FOUNDING_NOUNS + r")"
    r"|(?:it|the\s+(?P<noun>zone|park|district|area|company|firm|university|institute|lab|laboratory))\s+was\s+"
    r"(?:officially\s+|formally\s+|first\s+)?(?:established|founded|set\s+up|created|launched))\s+"
    r"(?:in|on)\s+" + FOUNDING_DATE,
    re.IGNORECASE,
)


# the kinds a noun of SINCE_ITS_LATER refers to ("Tencent ... since the zone was created": no)
REFERRED_KINDS = {
    "zone": ("park", "district"),
    "park": ("park",),
    "area": ("park", "district"),
    "district": ("district", "park"),
    "company": ("company",),
    "firm": ("company",),
    "university": ("university",),
    "institute": ("research_institute", "university"),
    "lab": ("research_institute",),
    "laboratory": ("research_institute",),
}


# "In 1980, the establishment of X was officially approved by the State Council", "The
# construction of X was approved by the ministry on January 10, 2017": the founding approved
FOUNDING_OF_APPROVED = re.compile(
    r"\bthe\s+(?:establishment|founding|construction|creation)\s+of\s+(?:the\s+)?"
    r"(?P<name>[^,;]{3,100}?)\s+(?:was|were|had\s+been|has\s+been)\s+"
    r"(?:(?:officially|formally|finally)\s+)?approved\b"
    r"(?P<rest>[^;.]{0,120}?\s+(?:in|on)\s+" + FOUNDING_DATE + r")?",
    re.IGNORECASE,
)
NAME_LEAD = re.compile(r"\W*(?:(?:in|on)\s+[^,;]{4,25},\s*)?(?:the\s+)?", re.IGNORECASE)
REFERENCE_LEAD = re.compile(
    r"\W*(?:(?:in|on)\s+[^,;]{4,25},\s*)?(?:(?:the|this|that)\s+[\w-]+(?:\s+[\w-]+)?|it)\s*",
    re.IGNORECASE,
)


@rule(
    emits={"approved_for_establishment": "established"},
    cues_from=(APPROVED_FOR, SINCE_ITS_LATER, FOUNDING_OF_APPROVED),
)
def approved_for_establishment(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'In 2015, Jiangbei New Area, the only state-level new area in the province, was approved for
    establishment'; 'The park was built in 1992'; 'X, a state-level new area, has published ...
    since its establishment in 2015'."""
    for m in APPROVED_FOR.finditer(ctx.folded, sentence.start, sentence.end):
        if _negated(ctx, sentence, m.start()) or PLANNED_BEFORE.search(
            ctx.folded, max(sentence.start, m.start() - 20), m.start()
        ):
            continue
        built = m.group("verb").lower() == "built"
        if m.group("date"):
            date = founding_date(m)
        else:
            opening = OPENING_DATE.match(ctx.folded, sentence.start, m.start())
            if opening is None or built:
                continue  # no date of the founding in the clause
            date = founding_date(opening)
        types = BUILT_TYPES if built else ESTABLISHED_TYPES
        subject = ctx.subject(sentence, types, before=m.start())
        if subject is None or ctx.type_of(subject.entity_id) not in types:
            continue
        # the subject opens the sentence (past an opening date): "A new building in the park was
        # built in 2010" founds the building, not the park
        lead = ctx.folded[sentence.start : m.start()]
        if subject.via != "mention" and not REFERENCE_LEAD.fullmatch(lead):
            continue
        if subject.via == "mention":
            if not NAME_LEAD.fullmatch(ctx.folded[sentence.start : subject.start]):
                continue
            gap = ctx.folded[subject.end : m.start()]
            # the name, then at most a bracketed short name or one phrase between commas
            if not re.fullmatch(r"\s*(?:\([^()]{1,40}\))?\s*(?:,[^,;()]{3,120},\s*)?", gap):
                continue
        yield draft(
            sentence,
            "approved_for_establishment",
            subject,
            "established",
            value_text=date,
            as_of=date,
            focus=(min(subject.start, m.start()), max(subject.end, m.end())),
        )
    for m in FOUNDING_OF_APPROVED.finditer(ctx.folded, sentence.start, sentence.end):
        if _negated(ctx, sentence, m.start()) or PLANNED_BEFORE.search(
            ctx.folded, max(sentence.start, m.start() - 20), m.start()
        ):
            continue
        named = ctx.mentions_between(m.start("name"), m.end("name"))
        if not named or named[0].start != m.start("name") or named[0].end != m.end("name"):
            continue  # the founded thing is the whole name, no phrase around it
        entity_id = ctx.pick(named[0], ESTABLISHED_TYPES)
        if entity_id is None:
            continue
        if m.group("rest"):
            date = founding_date(m)
        else:
            # the date opens the sentence and the founding follows at once
            opening = OPENING_DATE.fullmatch(ctx.folded, sentence.start, m.start())
            if opening is None:
                continue
            date = founding_date(opening)
        yield draft(
            sentence,
            "approved_for_establishment",
            EntitySpan.of(named[0], entity_id),
            "established",
            value_text=date,
            as_of=date,
            focus=(m.start(), m.end()),
        )
    for m in SINCE_ITS_LATER.finditer(ctx.folded, sentence.start, sentence.end):
        first = next(iter(ctx.mentions_between(sentence.start, m.start())), None)
        if first is None or not re.fullmatch(
            r"\W*(?:the\s+)?", ctx.folded[sentence.start : first.start], re.IGNORECASE
        ):
            continue  # "its" is the subject that opens the sentence, named
        entity_id = ctx.pick(
            first, REFERRED_KINDS.get((m["noun"] or "").lower(), ESTABLISHED_TYPES)
        )
        if (
            entity_id is None
            or any(
                ctx.pick(x, ESTABLISHED_TYPES) not in (None, entity_id)
                # a place that only locates the subject ("a new area in Chongqing", "located in
                # Tongzhou district of Nantong") is no candidate
                and not re.search(
                    r"\b(?:in|of)\s+(?:the\s+)?$", ctx.folded[max(0, x.start - 8) : x.start]
                )
                for x in ctx.mentions_between(first.end, m.start())
            )
        ):
            continue  # another foundable thing named between: whose founding is unclear
        date = founding_date(m)
        yield draft(
            sentence,
            "approved_for_establishment",
            EntitySpan.of(first, entity_id),
            "established",
            value_text=date,
            as_of=date,
            focus=(first.start, m.end()),
        )
