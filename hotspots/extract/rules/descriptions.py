"""Descriptions: the epithets a text asserts for one subject (a quoted label after "known as",
"the country's higher education hub" after a copula, a defining apposition, an opening participle
clause). An ordinal before a national kind of zone is read here too, as a designation. Roles and
designations proper are in `designations`.

Beside the rules: description_words (their cues and patterns), description_appositions (what
follows a name set off by a comma or dash), description_ordinals (ordinal designations, the
dates descriptions carry) and description_phrases (where an epithet ends, what is no epithet)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import chain

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
from hotspots.extract.rules.description_words import (
    BECOME_LABEL,
    BECOME_NOT_ASSERTED,
    CLEFT,
    CLOSING_DATE,
    CONTRACTED_CUE,
    COORDINATED,
    COPULA,
    DEFINED_BY_OTHER,
    DEFINING_CLAUSE,
    DESCRIBED,
    DESCRIPTION_CUE,
    FORMER_AFTER,
    FORMER_BEFORE,
    HEADING_LABEL,
    LABEL_LIST,
    LABEL_LIST_THE,
    LABELLED_NOUN,
    NEGATED_BEFORE,
    ONLY_ONE_DEFINED,
    SET_OFF_LABEL,
)
from hotspots.extract.rules.designations import (
    completes_other_head,
    part_of_subject,
)
from hotspots.extract.segment import Sentence

OPEN_RELATIVE = re.compile(r",\s+(?:which|that|who)\b[^,;]*$", re.I)
OBJECT_OF_PREPOSITION = re.compile(r"\b(?:from|to|of|near|by|than)\s+(?:the\s+)?$", re.I)


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
    for m in chain(
        DESCRIPTION_CUE.finditer(ctx.folded, sentence.start, sentence.end),
        CONTRACTED_CUE.finditer(ctx.folded, sentence.start, sentence.end)
        if "'s" in ctx.folded[sentence.start : sentence.end]
        else (),
    ):
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
            elif (
                preceding
                and SUBJECT_GAP.fullmatch(ctx.folded[preceding[-1].end : m.start()])
                # ("Qinghai Lake, which is 150 km away from Xining and is the largest ...": a
                # name after a preposition is no subject of the verb)
                and not OBJECT_OF_PREPOSITION.search(
                    ctx.folded, max(sentence.start, preceding[-1].start - 8), preceding[-1].start
                )
            ):
                subject = _named_subject(
                    ctx, preceding[-1], ctx.folded[preceding[-1].end : m.start()]
                )
            elif preceding:
                subject = _subject_past_phrase(ctx, sentence, preceding, m.start())
            if (
                subject is None
                and COORDINATED.search(ctx.folded, max(sentence.start, m.start() - 8), m.start())
                # (not inside a relative clause: "..., and Qinghai Lake, which is 150 km away
                # from Xining and is the largest ...": the second predicate is the lake's)
                and not OPEN_RELATIVE.search(ctx.folded, sentence.start, m.start())
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
