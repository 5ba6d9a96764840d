"""Descriptions: the epithets a text asserts for one subject (a quoted label after "known as",
"the country's higher education hub" after a copula, a defining apposition, an opening participle
clause). An ordinal before a national kind of zone is read here too, as a designation. Roles and
designations proper are in `designations`.

Beside the rules: description_appositions (what follows a name set off by a comma or dash),
description_ordinals (ordinal designations, the dates descriptions carry) and
description_phrases (where an epithet ends, what is no epithet)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.context_references import REFERENCE_RE, REFERENCES
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.common_subjects import _nearest_before
from hotspots.extract.rules.description_appositions import DASHES, _appositions
from hotspots.extract.rules.description_ordinals import _opening_date, _ordinal_designation
from hotspots.extract.rules.description_phrases import (
    DESCRIBED_TYPES,
    LABELLED_TYPES,
    NOT_A_DESCRIPTION,
    NP_AND_THE,
    NP_STOP,
    PLACE_TYPES,
    SUBJECT_GAP,
    SUBJECT_IN_PLACE,
    _epithet,
    _named_subject,
    _noun_phrase,
    _place_led_name,
    _subject_past_phrase,
)
from hotspots.extract.rules.designations import (
    completes_other_head,
    part_of_subject,
)
from hotspots.extract.segment import Sentence

DESCRIBED = re.compile(
    r"\b(?:(?:earned|earning|earns|given|won|holds|bears|carries|awarded)\s+the\s+(?:(?:honorary|honourary|official)\s+)?(?:titles?|nicknames?|names?|moniker|reputation)\s+(?:of\s+)?|(?:known|dubbed|nicknamed|called|hailed|touted|billed|referred to)\s+as\s+(?:the\s+)?(?:(?-i:[A-Z])[\w-]*['’]s\s+)?|dubbed\s+(?:the\s+)?(?:China's\s+|the\s+country's\s+)?"
    r"|(?:is|was|are|were|been|being)\s+(?:often\s+|also\s+|sometimes\s+|widely\s+)?(?:called|named|nicknamed)\s+(?:the\s+)?)"
    # the quoted label: in double quotes, or in single quotes where an apostrophe inside a word
    # ("China's") does not close it (quotes are folded to ASCII in ctx.folded)
    r"(?:\"(?P<q>[^\"]{3,80})\"|'(?P<q1>(?:[^']|'(?=[a-z])){3,80})')",
    re.IGNORECASE,
)
LABEL_LIST = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\"(?P<q>[^\"]{3,80})\"")
COPULA = re.compile(r"(?:is|was|are|were|been|being)\s", re.IGNORECASE)
# a common noun right before "known as"/"called" (no comma, verb or adverb between): the label
# names that noun, not the subject of the sentence
LABELLED_NOUN = re.compile(
    r"(?<!['’])\b(?!(?:is|was|are|were|been|being|be|also|often|widely|commonly|popularly|sometimes|now|"
    r"long|still|and|has|have|had|today|locally|affectionately|internationally|better|once|"
    r"formerly|previously|collectively|jointly|originally|officially)\b)[a-z][a-z-]+\s+$"
)
# "X, also known as ...": the comma before a participle that labels the phrase ending at it
SET_OFF_LABEL = re.compile(
    r"[)\"'’]?\s*,\s*(?:(?:also|often|popularly|locally|commonly|widely|sometimes)\s+)?$",
    re.IGNORECASE,
)
# "is no longer known as", "was never called": a negated epithet
NEGATED_BEFORE = re.compile(r"\b(?:not|no longer|never|hardly)\s+(?:\w+\s+)?$", re.IGNORECASE)
# a former name or label: "was known as "A" in ancient times", "once called 'B'", "was called "C"
# until 1980": what the place was called then, not an epithet it bears
FORMER_BEFORE = re.compile(
    r"\b(?:once(?!\s+again)|formerly|previously|originally|historically|anciently)\s+(?:\w+\s+)?$|"
    r"\b(?:in\s+ancient\s+times|in\s+the\s+past|in\s+history|in\s+old\s+times),?\s+[^,;.]{0,40}$",
    re.IGNORECASE,
)
FORMER_AFTER = re.compile(
    r"^\s*,?\s*(?:in\s+ancient\s+times|in\s+(?:the\s+)?(?:ancient|old|olden|past|former)\s+(?:times|days)|"
    r"in\s+the\s+past|in\s+history|historically|formerly|"
    r"(?:in|during)\s+the\s+(?:[\w-]+\s+){1,3}(?:dynasty|dynasties)|"
    r"(?:until|till|before)\s+(?:the\s+)?\d{3,4})\b",
    re.IGNORECASE,
)


@rule(emits={"described_as": "described_as"}, cues_from=(DESCRIBED,))
def described(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Hangzhou has earned the title of "e-commerce capital of China"'."""
    if not ctx.has(sentence, '"', "'"):
        return
    for m in DESCRIBED.finditer(ctx.folded, sentence.start, sentence.end):
        types = LABELLED_TYPES
        if NEGATED_BEFORE.search(ctx.folded, max(sentence.start, m.start() - 30), m.start()):
            continue
        if re.search(
            r"\b(?:hereinafter|hereafter|hereunder)\s*$",
            ctx.folded[max(sentence.start, m.start() - 15) : m.start()],
            re.IGNORECASE,
        ):
            continue  # "(hereinafter referred to as "Zhongkai Hi-tech Zone")": a short name, not an epithet
        noun = LABELLED_NOUN.search(ctx.folded, max(sentence.start, m.start() - 30), m.start())
        if noun and not ctx.mentions_between(noun.start(), m.start()):
            continue  # "a circulation line known as the 'Vitality Loop'": the label is the line's
        if COPULA.match(ctx.folded, m.start()):
            # "Zhongguancun, in Beijing's Haidian district, is often called ...": the sentence's subject
            subject = ctx.subject(sentence, types, before=m.start())
        elif (comma := SET_OFF_LABEL.search(ctx.folded, sentence.start, m.start())) and not any(
            x.end == comma.start() for x in ctx.mentions_between(sentence.start, comma.start())
        ):
            # "65 of them along the Liuxian corridor, also known as 'Robot Valley'": a label set
            # off by a comma names the phrase right before it, here no name the gazetteer knows
            continue
        else:
            subject = _nearest_before(ctx, sentence, m.start(), types) or ctx.subject(
                sentence, types, before=m.start()
            )
        label = "q" if m.group("q") is not None else "q1"
        if subject and (
            part_of_subject(ctx, subject) or completes_other_head(ctx, sentence, subject, m.start())
        ):
            continue  # "The core zone of X is known as ...": the part's label
        if subject:
            spans = [(m.start(label), m.end(label), m.end())]
            # 'earned the honorary titles of "A", "B" and "C"': every quoted title of the list
            pos = m.end()
            while more := LABEL_LIST.match(ctx.folded, pos, sentence.end):
                spans.append((more.start("q"), more.end("q"), more.end()))
                pos = more.end()
            if FORMER_AFTER.match(ctx.folded[pos : sentence.end]) or FORMER_BEFORE.search(
                ctx.folded, max(sentence.start, m.start() - 60), m.start()
            ):
                continue  # 'was known as "A" and "B" in ancient times': former names
            for start, end, stop in spans:
                yield draft(
                    sentence,
                    "described_as",
                    subject,
                    "described_as",
                    value_text=re.sub(r"[,.;]$", "", ctx.text[start:end].strip()),
                    focus=(min(subject.start, m.start()), stop),
                )


# a quoted label the subject has become, or that a fact made of it: 'It has become a "factory of
# star enterprises"', '..., making it an "experimental field" and the "vanguard"'
BECOME_LABEL = re.compile(
    r"\b(?P<verb>has\s+become|have\s+become|became|making\s+it|made\s+it|makes\s+it)\s+"
    r"(?:(?:a|an|the)\s+)?\"(?P<q>[^\"]{3,80})\"",
    re.IGNORECASE,
)
# more quoted labels after the first: ', "B" and the "C"'
LABEL_LIST_THE = re.compile(
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:a|an|the)\s+)?\"(?P<q>[^\"]{3,80})\""
)
# a plan or a hope before the verb: 'aims at making it a "hub"'
BECOME_NOT_ASSERTED = re.compile(
    r"\b(?:not|never|no\s+longer|aims?|aiming|hopes?|hoping|plans?|planning|seeks?|seeking|"
    r"strives?|striving|committed|dedicated|goal|objective|will|would|could|may|might)\b[^,;.]{0,25}$",
    re.IGNORECASE,
)


@rule(emits={"become_label": "described_as"}, cues_from=(BECOME_LABEL,))
def become_label(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'It has become a "factory churning out star firms"'; '..., making it an "experimental
    field" and the "vanguard"'."""
    for m in BECOME_LABEL.finditer(ctx.folded, sentence.start, sentence.end):
        if BECOME_NOT_ASSERTED.search(ctx.folded, max(sentence.start, m.start() - 30), m.start()):
            continue
        types = LABELLED_TYPES
        if m.group("verb").lower().endswith(" it"):
            # "it" is the one place the sentence names before it; two places leave it unclear ("Beijing gave Xiamen ..., making it ...")
            named = {
                (e, x.start, x.end)
                for x in ctx.mentions_between(sentence.start, m.start())
                if (e := ctx.pick(x, types))
            }
            if len({e for e, _, _ in named}) > 1:
                continue
            if not named:
                continue  # "A new status came, making it ...": what "it" is stays unclear
            e, start, end = max(named, key=lambda n: n[1])
            mention = next(x for x in ctx.mentions_between(start, end) if x.start == start)
            subject = EntitySpan.of(mention, e)
        else:
            subject = ctx.subject(sentence, types, before=m.start())
            if (
                subject is not None
                and subject.via == "mention"
                and ctx.mentions_between(subject.end, m.start())
            ):
                continue  # another name between the subject and the verb: whose label is unclear
        if subject is None or ctx.type_of(subject.entity_id) not in types:
            continue
        if part_of_subject(ctx, subject) or completes_other_head(ctx, sentence, subject, m.start()):
            continue
        spans = [(m.start("q"), m.end("q"), m.end())]
        pos = m.end()
        while more := LABEL_LIST_THE.match(ctx.folded, pos, sentence.end):
            spans.append((more.start("q"), more.end("q"), more.end()))
            pos = more.end()
        for start, end, stop in spans:
            value = re.sub(r"[,.;]$", "", ctx.text[start:end].strip())
            if NOT_A_DESCRIPTION.search(value) or not _epithet(ctx, value, end):
                continue
            yield draft(
                sentence,
                "become_label",
                subject,
                "described_as",
                value_text=value,
                focus=(min(subject.start, m.start()), stop),
            )


DESCRIPTION_CUE = re.compile(
    r"\s+(?:is|was|remains|remained|has\s+remained|has\s+(?:once\s+again\s+|again\s+|now\s+|(?:undoubtedly|already|gradually|quickly|rapidly|steadily|since|also)\s+)?become|became|(?:has\s+)?turned\s+(?:out\s+)?to\s+be|has developed as|developed as|has emerged as|emerged as|is known for being|"
    r"(?:(?:has|is|was)\s+)?(?:long\s+)?(?:been\s+)?(?:seen|regarded|considered|viewed|described|recognised|recognized)\s+as|to be|"
    # "Hefei is widely considered the ...": a belief verb without "as"
    r"(?:is|was|are|were)\s+(?:widely\s+|generally\s+|often\s+|commonly\s+|now\s+)?considered|"
    # "Shenzhen is often called China's Palo Alto", "The zone has been dubbed the Quantum Center"
    r"(?:is|was|are|were|has\s+been|have\s+been|had\s+been)\s+(?:often\s+|also\s+|widely\s+|sometimes\s+|commonly\s+|frequently\s+)?(?:dubbed|called|nicknamed|named|known\s+as|hailed\s+as|touted\s+as|billed\s+as)|"
    # "Beijing retains its position as the global leader": a standing kept
    r"(?:retains|retained|retaining|keeps|kept|keeping|holds|held|holding)\s+its\s+(?:position|place|status|title)\s+as|"
    # "Beijing continues to rank as the leading science city", "Tokyo-Yokohama leads as the largest"
    r"(?:continues\s+to\s+|continue\s+to\s+|continued\s+to\s+)?(?:ranks|ranked|rank|leads|led|reigns|reigned|reign)\s+as)\s+"
    r"(?:(?:undoubtedly|now|also|still|increasingly|widely|arguably|certainly|clearly|already|long)\s+)*(?P<np>the\s+|(?=(?:China|Asia|Europe)['’]s\s))",
    re.IGNORECASE,
)


# "Shenzhen is the pilot place for telecoms that Apple set up R&D base", "the city where Huawei
# was born": a relative clause with a subject of its own (a name) says what the phrase is through
# another actor's act; the phrase cut before it is no epithet of the subject
DEFINED_BY_OTHER = re.compile(
    r"[^,.;:!?]{0,60}?\s(?:that|where|which|whom)\s+(?!(?:It|The|This|These|Those|There)\b)"
    r"(?-i:[A-Z])[\w&'’-]*"
)
# ", and" right before the cue: a predicate coordinated with the sentence's first one
COORDINATED = re.compile(r",?\s+and\s*$", re.IGNORECASE)
# "But it is the tiny X subdistrict that is actually the heart of the city's tech industry": a
# cleft sentence; its "it" points to nothing, and the phrase names what the that-clause describes
CLEFT = re.compile(r"\s+(?:that|who)\s+(?:is|was|are|were|has|have|had)\b", re.IGNORECASE)


# "the only city in China that ...": a phrase whose relative clause says what makes it the one
ONLY_ONE_DEFINED = re.compile(r"(?:only|sole)\b", re.IGNORECASE)
DEFINING_CLAUSE = re.compile(r"\s+(?:that|which|who)\b", re.IGNORECASE)
# the year right after the epithet, which NP_STOP kept out of it ("... maker in 2011.")
CLOSING_DATE = re.compile(r"\s+(?:in|by)\s+(?P<y>1[89]\d{2}|20\d{2})\b(?=\s*[.,;]|\s*$)")


@rule(
    emits={
        "description": "described_as",
        "appositive_description": "described_as",
        "ordinal_designation": "designated_as",
    }
)
def description(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Beijing is undoubtedly the country's higher education hub'; 'X has long been seen as the
    world's technology capital'; 'DJI, the world's largest maker of civilian drones, ...'."""
    for m in DESCRIPTION_CUE.finditer(ctx.folded, sentence.start, sentence.end):
        subject = None
        if re.search(
            r"\bthere\s*$",
            ctx.folded[max(sentence.start, m.start() - 8) : m.start()],
            re.IGNORECASE,
        ):
            continue  # "there is the X": an existential, not a description
        ref = re.search(
            r"(?P<ref>" + REFERENCE_RE.pattern + r")\s*$",
            ctx.folded[max(sentence.start, m.start() - 20) : m.start()],
            re.IGNORECASE,
        )
        if ref and set(REFERENCES[ref.group("ref").lower()]) & set(DESCRIBED_TYPES):
            subject = ctx.resolve_reference(sentence, ref.group("ref"), m.start())

        else:
            preceding = ctx.mentions_between(sentence.start, m.start())
            if (
                len(preceding) > 1
                and re.fullmatch(r"\s*\(\s*", ctx.folded[preceding[-2].end : preceding[-1].start])
                and re.match(r"\s*\)", ctx.folded[preceding[-1].end : m.start()])
            ):
                preceding.pop()  # "Tokyo-Yokohama (Japan) leads as": the gloss in brackets is not the subject
            if (
                len(preceding) > 1
                and SUBJECT_IN_PLACE.fullmatch(ctx.folded, preceding[-2].end, preceding[-1].start)
                and not ctx.folded[preceding[-1].end : m.start()].strip()
                and ctx.pick(preceding[-1], PLACE_TYPES)
            ):
                # "The San Jose-San Francisco cluster in California is the leading ...": the place
                # after "in" locates the subject before it
                preceding.pop()
                subject = _named_subject(
                    ctx, preceding[-1], ctx.folded[preceding[-1].end : m.start()]
                )
            elif preceding and SUBJECT_GAP.fullmatch(ctx.folded[preceding[-1].end : m.start()]):
                subject = _named_subject(
                    ctx, preceding[-1], ctx.folded[preceding[-1].end : m.start()]
                )
            elif preceding:
                subject = _subject_past_phrase(ctx, sentence, preceding, m.start())
            if subject is None and COORDINATED.search(
                ctx.folded, max(sentence.start, m.start() - 8), m.start()
            ):
                # "The zone is home to X, ..., and is known as the Quantum Center": a second
                # predicate of the sentence's subject
                first = ctx.subject(sentence, DESCRIBED_TYPES)
                opens = first is not None and (
                    first.via != "mention"
                    or re.fullmatch(
                        r"\W*(?:the\s+)?", ctx.folded[sentence.start : first.start], re.I
                    )
                )
                subject = first if opens else None  # only the sentence's own subject
        if (
            subject is None
            or part_of_subject(ctx, subject)
            or completes_other_head(ctx, sentence, subject, m.start())
        ):
            continue  # "The eastern part of X is the largest ...": the part's epithet
        np = _noun_phrase(ctx, m.end("np"), sentence.end)
        if np and any(
            subject.entity_id in x.entity_ids for x in ctx.mentions_between(m.end("np"), np[1])
        ):
            continue  # "It is the largest company in China": a reference resolved to what the phrase names
        designation = _ordinal_designation(ctx, sentence, subject, m.end("np"))
        if designation is not None:
            yield designation
            continue
        if np and _place_led_name(ctx, m.end("np"), np):
            continue  # "the zone was named the Haidian Experimental Zone": a name, no epithet
        if np and not _epithet(ctx, np[0], np[1]):
            continue
        if np and ONLY_ONE_DEFINED.match(np[0]) and DEFINING_CLAUSE.match(ctx.folded, np[1]):
            continue  # "the only city in China that still runs trams": cut there it says else
        if np and DEFINED_BY_OTHER.match(ctx.text, np[1], sentence.end):
            continue  # "the pilot place ... that Apple set up": another actor's act defines it
        if np and ref and ref.group("ref").lower() == "it" and CLEFT.match(ctx.folded, np[1]):
            continue  # "it is the tiny X that is the heart of ...": a cleft; "it" is empty
        as_of = _opening_date(ctx, sentence, m.start())
        closing = CLOSING_DATE.match(ctx.folded, np[1]) if np else None
        if as_of is None and closing is not None:
            as_of = closing["y"]  # "became the world's biggest maker in 2011"
        pos = m.end("np")
        while np:
            yield draft(
                sentence,
                "description",
                subject,
                "described_as",
                value_text=np[0],
                as_of=as_of,
                focus=(min(subject.start, m.start()), np[1]),
            )
            # "Xi'an is the capital city of Shaanxi and the largest designated central city in
            # northwestern China": each phrase of "the A and the B" is said of the subject
            more = NP_AND_THE.match(ctx.folded, np[1], sentence.end)
            if not more or more.end() <= pos:
                break
            pos = more.end()
            np = _noun_phrase(ctx, pos, sentence.end)
        if np is None:
            # the first phrase was no epithet ("the capital city of Shaanxi"): its coordinate may be
            cut = NP_STOP.search(ctx.folded, m.end("np"), min(sentence.end, m.end("np") + 100))
            more = NP_AND_THE.match(ctx.folded, cut.start(), sentence.end) if cut else None
            second = _noun_phrase(ctx, more.end(), sentence.end) if more else None
            if second and _epithet(ctx, second[0], second[1]):
                yield draft(
                    sentence,
                    "description",
                    subject,
                    "described_as",
                    value_text=second[0],
                    as_of=as_of,
                    focus=(min(subject.start, m.start()), second[1]),
                )
    yield from _appositions(ctx, sentence)


# a heading line that is a name, a dash and a quoted label: 'Changsha - "The Green City"' (the
# label as quoted, its article kept)
HEADING_LABEL = re.compile(
    r"\s*(?P<name>[^\n\"]{2,60}?)\s+(?P<dash>-)\s+\"(?P<q>[^\"\n]{3,60})\"\s*"
)


@rule(emits={"heading_label": "described_as"}, cues_from=(HEADING_LABEL,))
def heading_label(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Changsha - "The Green City"' as a heading of its own."""
    m = HEADING_LABEL.fullmatch(ctx.folded, sentence.start, sentence.end)
    if (
        m is None
        or ctx.text[m.start("dash")] not in DASHES
        or "\n" in ctx.folded[m.start() : m.end()]
    ):
        return
    names = ctx.mentions_between(m.start("name"), m.end("name"))
    if len(names) != 1 or (names[0].start, names[0].end) != (m.start("name"), m.end("name")):
        return  # the whole name before the dash is one entity's, nothing else
    entity_id = ctx.pick(names[0], DESCRIBED_TYPES)
    if entity_id is None:
        return
    yield draft(
        sentence,
        "heading_label",
        EntitySpan.of(names[0], entity_id),
        "described_as",
        value_text=ctx.text[m.start("q") : m.end("q")].strip(),
        focus=(m.start("name"), m.end()),
    )
