"""Roles, designations and descriptions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import REFERENCE_RE, REFERENCES, DocContext, EntitySpan
from hotspots.extract.engine import rule
from hotspots.extract.numbers import find_periods
from hotspots.extract.rules.common import ClaimDraft, _nearest_before, cued, draft
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCAL_PLACES

# ---------------------------------------------------------------------------------------------
# Roles, designations, descriptions
ROLE_VERBS = lexicon.words("roles", "role_verbs")
ROLE_NOUNS = lexicon.words("roles", "role_nouns")
ROLE = re.compile(
    rf"\b(?:{lexicon.alternation(ROLE_VERBS)})\s+as\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:(?:China|the country|the nation)'s\s+)?"
    rf"(?P<role>(?:[a-z][\w-]*\s+){{0,2}}?(?:{lexicon.alternation(ROLE_NOUNS)}))\b",
    re.IGNORECASE,
)


@rule(emits={"role": "role"}, cues_from=(ROLE,))
def role(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'the Beijing-Tianjin-Hebei region serves as China's innovation source'; 'Functioning as the accelerator, the GBA'."""
    for m in ROLE.finditer(ctx.folded, sentence.start, sentence.end):
        if NOT_ASSERTED.search(ctx.folded, max(sentence.start, m.start() - 30), m.start()):
            continue  # "might act as", "does not serve as"
        types = ("policy_region", "city", "cluster", "park")
        subject = ctx.subject(sentence, types, before=m.start())
        if subject is None:
            subject = ctx.subject(sentence, types, after=m.end())
        if subject:
            value = m.group("role").strip().lower()
            yield draft(
                sentence,
                "role",
                subject,
                "role",
                value_text=value,
                focus=(min(subject.start, m.start()), max(subject.end, m.end())),
            )


DESIGNATION = re.compile(
    rf"\b(?P<term>(?:(?:{lexicon.alternation(lexicon.words('designations', 'designation_modifiers'))})\s+)*"
    r"(?:special economic zones?|free[- ]trade (?:pilot )?zones?|(?:[\w-]+\s+){0,3}pilot (?:cities|city|zones?)|national (?:innovation )?demonstration zones?|national (?:high-tech|hi-tech) (?:zones?|parks?)|comprehensive national science cent(?:re|er)s?|new areas?))\b",
    re.IGNORECASE,
)
DESIGNATE_CUE = re.compile(
    rf"\b(?:{lexicon.alternation(lexicon.words('designations', 'designation_verbs'))})\b",
    re.IGNORECASE,
)
# a negation or a wish before the designation verb: the designation is not stated as made
NOT_ASSERTED = re.compile(
    r"\b(?:not|never|no longer|hopes?|hoping|aims?|wants?|plans?|seeks?|may|might|could|would|applied|applies|bids?|expected|expects)\b(?:\s+to)?\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
MONTHS = lexicon.words("calendar", "months")
DATE_RE = re.compile(
    r"\b(?:(?P<month>" + lexicon.alternation(MONTHS) + r")\s+)?(?P<year>1[89]\d{2}|20\d{2})\b",
    re.IGNORECASE,
)


def _date_in(text: str) -> str | None:
    periods = find_periods(text)  # as precise as stated: "On 17 September 2021" -> 2021-09-17
    first_year = DATE_RE.search(text)
    if periods and first_year and periods[0][1] <= first_year.start() < periods[0][2]:
        return periods[0][0]
    m = first_year
    if not m:
        return None
    if m.group("month"):
        return f"{m.group('year')}-{MONTHS.index(m.group('month').lower()) + 1:02d}"
    return m.group("year")


def _singular(term: str) -> str:
    term = re.sub(r"\bcities\b", "city", term, flags=re.IGNORECASE)
    return re.sub(r"\b(zone|area|park|centre|center)s\b", r"\1", term, flags=re.IGNORECASE)


@rule(emits={"designation": "designated_as"}, cues_from=(DESIGNATION,))
def designation(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Since 1980, Shenzhen is one of the first Special Economic Zones'; 'designated the city as a pilot city'."""
    if not cued(ctx, sentence, DESIGNATE_CUE):
        return
    for m in DESIGNATION.finditer(ctx.folded, sentence.start, sentence.end):
        prefix = ctx.folded[sentence.start : m.start()]
        cues = list(DESIGNATE_CUE.finditer(prefix))
        if not cues:
            continue
        if NOT_ASSERTED.search(prefix, max(0, cues[-1].start() - 30), cues[-1].start()):
            continue  # "was not designated", "hopes to become"
        types = LOCAL_PLACES
        subject = ctx.subject(sentence, types, before=m.start())
        if subject is None:
            continue
        # a modifier the designation keeps ("national new area") is no leading word to drop
        value = re.sub(
            r"^(?:one\s+of\s+(?:the\s+)?(?:\w+\s+)?(?=pilot|special|free|national|comprehensive|new|\w+-border))?(?:the\s+)?(?:country's\s+)?(?:(?!national\b|state-level\b|comprehensive\b|pilot\b|cross-border\b)\w+\s+)?(?=\w+-border|pilot|special|free|national|comprehensive|new)",
            "",
            _singular(m.group("term")).strip(),
            flags=re.IGNORECASE,
        )
        yield draft(
            sentence,
            "designation",
            subject,
            "designated_as",
            value_text=value,
            as_of=_date_in(sentence.text),
            focus=(min(subject.start, m.start()), m.end()),
        )


# "in 2001 it was approved to be the National Optoelectronic Industry Base", "named it a National
# Model Science Park", "selected the zone to become one of the five national model science parks",
# "is designated by the Central Government as an international metropolis and a national central
# city": a designation verb, the designee (before it, or "it"/"the zone" right after it) and a
# title: capitalised words, or a lowercase phrase led by national/state-level/provincial
TITLE_VERB = re.compile(
    r"\b(?P<verb>approved|designated|named|selected|listed|recognized|recognised|certified)\s+"
    r"(?:(?P<obj>it|the zone|the park|the city|the area|the district)\s+)?"
    r"(?:by\s+(?:the\s+)?[A-Z][^,;.]{0,60}?\s+)?(?P<link>as|to be|to become)?\s*"
    r"(?:(?P<article>the|an?)\s+(?:first\s+batch\s+of\s+|one\s+of\s+(?:the\s+)?(?:first\s+|\w+\s+)?)?"
    # "selected the zone to become one of the five national model science parks": "one of"
    # stands for the article
    r"|one\s+of\s+(?:the\s+)?(?:first\s+|\w+\s+)?)",
    re.IGNORECASE,
)
TITLE_CAPITALISED = re.compile(r"[A-Z][\w-]*(?:\s+(?:of|and|for|[A-Z][\w&-]*)){1,8}")
TITLE_LOWER = re.compile(
    r"(?:national-level|national|state-level|provincial|international)(?:\s+(?!by\b|in\b|during\b|and\b|for\b|with\b)[a-z][\w-]*){1,6}"
)
LOCATIVE_OPENING = re.compile(
    r"\W*(?:Across|In|At|From|Near|Located|Situated|Unlike|Like|Besides|Beyond|Along)\b[^,;]{0,80},\s+",
    re.IGNORECASE,
)
TITLE_MORE = re.compile(r"\s+and\s+(?:a|an|the)\s+", re.IGNORECASE)


def _titles(ctx: DocContext, pos: int, end: int) -> list[tuple[str, int, int]]:
    """The titles from `pos` on: one, or several joined by 'and a'."""
    out = []
    while True:
        m = TITLE_CAPITALISED.match(ctx.folded, pos, end) or TITLE_LOWER.match(ctx.folded, pos, end)
        if not m:
            return out
        title = re.sub(r"\s+(?:of|and|for)$", "", m.group(0))
        out.append((_singular(title), m.start(), m.start() + len(title)))
        more = TITLE_MORE.match(ctx.folded, m.start() + len(title), end)
        if not more:
            return out
        pos = more.end()


@rule(emits={"designated_title": "designated_as"}, cues_from=(TITLE_VERB,))
def designated_title(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    for v in TITLE_VERB.finditer(ctx.folded, sentence.start, sentence.end):
        verb = v.group("verb").lower()
        if (
            verb == "named"
            and not (v.group("obj") or v.group("link"))
            and not re.search(
                r"\b(?:is|was|were|are|been)\s+$",
                ctx.folded[max(sentence.start, v.start() - 8) : v.start()],
            )
        ):
            continue  # "DJI named its headquarters the City of Sky": a name given, not a designation
        if v.group("link") is None and verb not in {"named", "designated"}:
            continue
        if NOT_ASSERTED.search(ctx.folded, max(sentence.start, v.start() - 30), v.start()):
            continue
        titles = _titles(ctx, v.end(), sentence.end)
        if not titles:
            continue
        if v.group("obj"):
            phrase = v.group("obj").lower()
            subject = (
                ctx.resolve_reference(sentence, "the area", v.start("obj"))
                or ctx.resolve_reference(sentence, "the city", v.start("obj"))
                if phrase == "it"
                else ctx.resolve_reference(sentence, phrase, v.start("obj"))
            )
        else:
            # "Across the border from Hong Kong, Qianhai ... was designated": past an opening
            # phrase of place, the clause's own subject
            opening = LOCATIVE_OPENING.match(ctx.folded, sentence.start, v.start())
            subject = ctx.subject(
                sentence, LOCAL_PLACES, before=v.start(), after=opening.end() if opening else None
            )
        if subject is None or ctx.type_of(subject.entity_id) not in LOCAL_PLACES:
            continue
        lo, hi = ctx.clause(sentence, v.start())
        for value, start, end in titles:
            if re.match(r"(?:China|Chinese)\b", value) and "'s" in ctx.folded[start : end + 2]:
                continue
            yield draft(
                sentence,
                "designated_title",
                subject,
                "designated_as",
                value_text=value,
                as_of=_date_in(ctx.folded[lo:hi]),
                focus=(
                    min(subject.start, v.start()) if subject.via == "mention" else v.start(),
                    end,
                ),
            )


DESCRIBED = re.compile(
    r"\b(?:(?:earned|earning|earns|given|won|holds|bears|carries|awarded)\s+the\s+(?:(?:honorary|honourary|official)\s+)?(?:titles?|nicknames?|names?|moniker|reputation)\s+(?:of\s+)?|(?:known|dubbed|nicknamed|called|hailed|touted|billed|referred to)\s+as\s+(?:the\s+)?|dubbed\s+(?:the\s+)?(?:China's\s+|the\s+country's\s+)?"
    r"|(?:is|was|are|were|been|being)\s+(?:often\s+|also\s+|sometimes\s+|widely\s+)?(?:called|named|nicknamed)\s+(?:the\s+)?)"
    # the quoted label: in double quotes, or in single quotes where an apostrophe inside a word
    # ("China's") does not close it (quotes are folded to ASCII in ctx.folded)
    r"(?:\"(?P<q>[^\"]{3,80})\"|'(?P<q1>(?:[^']|'(?=[a-z])){3,80})')",
    re.IGNORECASE,
)
LABEL_LIST = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\"(?P<q>[^\"]{3,80})\"")
COPULA = re.compile(r"(?:is|was|are|were|been|being)\s", re.IGNORECASE)
# "is no longer known as", "was never called": a negated epithet
NEGATED_BEFORE = re.compile(r"\b(?:not|no longer|never|hardly)\s+(?:\w+\s+)?$", re.IGNORECASE)


@rule(emits={"described_as": "described_as"}, cues_from=(DESCRIBED,))
def described(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Hangzhou has earned the title of "e-commerce capital of China"'."""
    if not ctx.has(sentence, '"', "'"):
        return
    for m in DESCRIBED.finditer(ctx.folded, sentence.start, sentence.end):
        types = (
            "city",
            "sar",
            "district",
            "park",
            "policy_region",
            "cluster",
            "company",
            "country",
        )
        if NEGATED_BEFORE.search(ctx.folded, max(sentence.start, m.start() - 30), m.start()):
            continue
        if re.search(
            r"\b(?:hereinafter|hereafter|hereunder)\s*$",
            ctx.folded[max(sentence.start, m.start() - 15) : m.start()],
            re.IGNORECASE,
        ):
            continue  # "(hereinafter referred to as "Zhongkai Hi-tech Zone")": a short name, not an epithet
        if COPULA.match(ctx.folded, m.start()):
            # "Zhongguancun, in Beijing's Haidian district, is often called ...": the sentence's subject
            subject = ctx.subject(sentence, types, before=m.start())
        else:
            subject = _nearest_before(ctx, sentence, m.start(), types) or ctx.subject(
                sentence, types, before=m.start()
            )
        label = "q" if m.group("q") is not None else "q1"
        if subject:
            spans = [(m.start(label), m.end(label), m.end())]
            # 'earned the honorary titles of "A", "B" and "C"': every quoted title of the list
            pos = m.end()
            while more := LABEL_LIST.match(ctx.folded, pos, sentence.end):
                spans.append((more.start("q"), more.end("q"), more.end()))
                pos = more.end()
            for start, end, stop in spans:
                yield draft(
                    sentence,
                    "described_as",
                    subject,
                    "described_as",
                    value_text=re.sub(r"[,.;]$", "", ctx.text[start:end].strip()),
                    focus=(min(subject.start, m.start()), stop),
                )


DESCRIPTION_CUE = re.compile(
    r"\s+(?:is|was|remains|has become|became|has developed as|developed as|has emerged as|emerged as|is known for being|"
    r"(?:(?:has|is|was)\s+)?(?:long\s+)?(?:been\s+)?(?:seen|regarded|considered|viewed|described|recognised|recognized)\s+as|to be|"
    # "Shenzhen is often called China's Palo Alto", "The zone has been dubbed the Quantum Center"
    r"(?:is|was|are|were|has\s+been|have\s+been|had\s+been)\s+(?:often\s+|also\s+|widely\s+|sometimes\s+|commonly\s+|frequently\s+)?(?:dubbed|called|nicknamed|named|known\s+as|hailed\s+as|touted\s+as|billed\s+as)|"
    # "Beijing continues to rank as the leading science city", "Tokyo-Yokohama leads as the largest"
    r"(?:continues\s+to\s+|continue\s+to\s+|continued\s+to\s+)?(?:ranks|ranked|rank|leads|led)\s+as)\s+"
    r"(?:(?:undoubtedly|now|also|still|increasingly|widely|arguably|certainly|clearly|already|long)\s+)*(?P<np>the\s+|(?=(?:China|Asia|Europe)['’]s\s))",
    re.IGNORECASE,
)
APPOSITIVE = re.compile(
    r",\s+(?P<np>(?:the\s+world's|China's|the\s+country's|the\s+nation's)\s+)", re.IGNORECASE
)
LIST_LINK = re.compile(r"\s*,?\s*(?:and|or|&)\s+", re.IGNORECASE)
NP_STOP = re.compile(
    r"[,.;:()\[\]\"]|\s-\s|\s(?:that|which|who|whose|for|with|thanks|because|where|while|and|but|after|before|since|when|as)\s",
    re.IGNORECASE,
)
NP_STOP_AFTER_QUOTE = re.compile(NP_STOP.pattern.replace("|for|", "|"), re.IGNORECASE)
NOT_A_DESCRIPTION = re.compile(
    r"^(?:the\s+)?[\w-]+['’]s\s+(?:capital|home|seat)(?:\s+city)?(?:$|\s+(?:in|since|until|from|of|and|again)\b)|"  # "China's capital": a relation
    r"^(?:capital|home|seat|site|core cit(?:y|ies)|(?:common\s+|official\s+)?(?:abbreviation|name|short form|acronym)|centre of gravity|one|part|member|case|same|first\s+time|number|result|reason|fastest|subject)\b|^(?:[\w-]+\s+){0,2}(?:stage|phase|period|step)(?:\s+of\b.*)?$|\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth)[- ](?:largest|biggest|highest)"
    # "the first of such zones": a place in a group named elsewhere; "China's Third" (cut off
    # before "and"): an ordinal with no noun
    r"|^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\s+of\s+(?:such|these|those|them|the|its|their)\b"
    r"|(?:^|\s)(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)$",
    re.IGNORECASE,
)
# "Jiangbei New Area is the 13th national new area approved by ...", "Zhongguancun, China's first
# State-level hi-tech industrial development zone, ...": an ordinal before a national or
# state-level kind of zone is a designation (its kind, singular), not an epithet
ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))"
)
ORDINAL_DESIGNATION = re.compile(
    rf"^(?:(?:China|the country|the nation)['’]s\s+)?(?:{ORDINAL}|earliest)\s+(?:batch\s+of\s+|group\s+of\s+)?"
    r"(?P<term>(?:national|state|state-level|national-level)(?:\s+(?!approved\b|set\b|established\b|launched\b|by\b|in\b|of\b|to\b|and\b|with\b)[\w-]+){0,4}?"
    r"\s+(?:zones?|areas?|parks?|districts?|bases?|cities|city|cent(?:er|re)s?))\b",
    re.IGNORECASE,
)
# "Zhangjiang Hi-tech Park, known as the high-tech highland of Shanghai, is ...": an epithet in an
# appositive participle ("also known as" gives an alias: not read)
APPOSITIVE_KNOWN = re.compile(
    r",\s+(?:(?:widely|often|commonly|popularly|long)\s+)?(?:known\s+as|dubbed|nicknamed|called|hailed\s+as|touted\s+as|"
    r"billed\s+as|regarded\s+as|seen\s+as|considered(?:\s+as)?)\s+"
    r"(?:the\s+|(?=(?:China|Asia|Europe|the\s+world|the\s+country|the\s+nation)['’]s\s))(?P<np>)",
    re.IGNORECASE,
)
ORDINAL_APPOSITIVE = re.compile(rf",\s+the\s+(?P<np>{ORDINAL}\s+)", re.IGNORECASE)
DESCRIBED_TYPES = (
    "city",
    "sar",
    "district",
    "park",
    "policy_region",
    "cluster",
    "company",
    "university",
    "research_institute",
    "country",
)


def _noun_phrase(ctx: DocContext, start: int, end: int) -> tuple[str, int] | None:
    # 'has become the "first stop" for Hong Kong people': a quoted head word belongs to the phrase
    quoted = re.match(r'"[^"]{2,40}"', ctx.folded[start : min(end, start + 42)])
    # ... and its "for" phrase says what it is for: it stays ("the "bridgehead" for the integration")
    stop = (NP_STOP_AFTER_QUOTE if quoted else NP_STOP).search(
        ctx.folded, start + (quoted.end() if quoted else 0), min(end, start + 100)
    )
    np_end = stop.start() if stop else min(end, start + 100)
    dash = ctx.text.find("\u2014", start, np_end)  # an em dash closes the phrase, a hyphen does not
    np_end = dash if dash != -1 else np_end
    phrase = ctx.text[start:np_end].strip()
    words = phrase.split()
    if not words or len(words) > 12 or NOT_A_DESCRIPTION.search(phrase):
        return None
    if len(words) == 1 and stop and re.match(r"\s(?:and|for)\s", stop.group(0)):
        # "the political and cultural capital of", "the base for a series of platforms": one word
        # cut off by a conjunction or preposition is a modifier or a bare head noun, no epithet
        return None
    return phrase, start + len(ctx.text[start:np_end].rstrip())


# "the A and the B", "the A, and also the B"; ", and the city is ..." starts a clause instead
NP_AND_THE = re.compile(
    r"(?:\s+and|,\s+and\s+also)\s+(?:also\s+)?the\s+(?!same\b|other\b|rest\b)(?![^,;.]*\b(?:is|are|was|were|has|have|had)\b)",
    re.IGNORECASE,
)
OPENING_DATE = re.compile(
    r"\W*(?:as\s+of|in|by|at\s+the\s+end\s+of|by\s+the\s+end\s+of)\s+(?P<date>[^,]{4,25}),",
    re.IGNORECASE,
)


def _opening_date(ctx: DocContext, sentence: Sentence, before: int) -> str | None:
    """The date of an opening phrase ("As of September 2012, Suzhou is ..."): the time the
    description is stated for; None without one."""
    m = OPENING_DATE.match(ctx.folded, sentence.start, before)
    return _date_in(m.group("date")) if m else None


def _ordinal_designation(
    ctx: DocContext, sentence: Sentence, subject: EntitySpan, start: int
) -> ClaimDraft | None:
    """The designation an ordinal phrase at `start` states ("the first national high-tech
    industrial development zone"), when the subject is a place; None otherwise."""
    m = ORDINAL_DESIGNATION.match(ctx.folded[start : min(sentence.end, start + 120)])
    if m is None or ctx.type_of(subject.entity_id) not in LOCAL_PLACES:
        return None
    return draft(
        sentence,
        "ordinal_designation",
        subject,
        "designated_as",
        value_text=_singular(m.group("term")),
        as_of=_date_in(sentence.text),
        focus=(min(subject.start, start), start + m.end("term")),
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
            if preceding and re.fullmatch(
                r"\)?\s*(?:\((?:or\s+)?[^)]{0,30}\))?\s*", ctx.folded[preceding[-1].end : m.start()]
            ):
                entity_id = ctx.pick(preceding[-1], DESCRIBED_TYPES)
                if entity_id:
                    subject = EntitySpan.of(preceding[-1], entity_id)
        if subject is None:
            continue
        np = _noun_phrase(ctx, m.end("np"), sentence.end)
        if np and any(
            subject.entity_id in x.entity_ids for x in ctx.mentions_between(m.end("np"), np[1])
        ):
            continue  # "It is the largest company in China": a reference resolved to what the phrase names
        designation = _ordinal_designation(ctx, sentence, subject, m.end("np"))
        if designation is not None:
            yield designation
            continue
        as_of = _opening_date(ctx, sentence, m.start())
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
            if second:
                yield draft(
                    sentence,
                    "description",
                    subject,
                    "described_as",
                    value_text=second[0],
                    as_of=as_of,
                    focus=(min(subject.start, m.start()), second[1]),
                )
    for mention in ctx.mentions_in(sentence):
        m = (
            APPOSITIVE.match(ctx.folded, mention.end)
            or ORDINAL_APPOSITIVE.match(ctx.folded, mention.end)
            or APPOSITIVE_KNOWN.match(ctx.folded, mention.end)
        )
        if not m:
            continue
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
        if np and not re.match(r"^\s*[,.;)]|^\s*$", ctx.folded[np[1] : np[1] + 2]):
            continue  # "..., China's lesser-known clusters such as ...": a list goes on, not an apposition
        if entity_id and np:
            value = re.sub(r"^the\s+", "", np[0], flags=re.IGNORECASE)
            yield draft(
                sentence,
                "appositive_description",
                entity_id,
                "described_as",
                value_text=value,
                focus=(mention.start, np[1]),
            )


# "Widely considered as China's Silicon Valley, the city ...", "Nicknamed the "Chinese Silicon
# Valley" by local authorities, the corridor ...", "Being southern China's major financial centre,
# Shenzhen ...": an epithet in an opening participle clause, said of the subject after its comma
OPENING_DESCRIBED = re.compile(
    r"\W*(?:(?:widely|often|long|also|commonly|sometimes|popularly)\s+)?"
    r"(?P<verb>known\s+as|dubbed|nicknamed|called|hailed\s+as|touted\s+as|billed\s+as|considered(?:\s+as)?|"
    r"regarded\s+as|seen\s+as|described\s+as|being)\s+"
    r"(?:(?:the\s+)?\"(?P<q>[^\"]{3,80})\"|(?P<np>(?:the\s+)?(?:(?:southern|northern|eastern|western|central|south|north|east|west)\s+)?"
    r"(?:China|Asia|Europe|the world|the country|the nation)'s\s+[^,;:()\"]{3,80}|the\s+[^,;:()\"]{3,80}))"
    r"(?:\s+by\s+[^,;:]{2,60})?,\s+",
    re.IGNORECASE,
)


@rule(emits={"opening_description": "described_as"}, cues_from=(OPENING_DESCRIBED,))
def opening_description(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Widely considered as China's Silicon Valley, the city has ...'."""
    m = OPENING_DESCRIBED.match(ctx.folded, sentence.start, sentence.end)
    if m is None:
        return
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
