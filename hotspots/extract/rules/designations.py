"""Roles and designations: what a place serves as ("serves as China's innovation source") and
the titles it was given ("one of the first Special Economic Zones", "approved to be the National
Optoelectronic Industry Base"). Epithets are in `descriptions`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract import lexicon
from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.discover import load_cues
from hotspots.extract.engine import rule
from hotspots.extract.numbers import find_periods
from hotspots.extract.rules.common import ClaimDraft, draft
from hotspots.extract.rules.common_years import PERMITTED_TO_BUILD
from hotspots.extract.rules.count_places import _possessed_place
from hotspots.extract.rules.designation_terms import DESIGNATION
from hotspots.extract.segment import Sentence
from hotspots.extract.types import LOCAL_PLACES

ROLE_VERBS = lexicon.words("roles", "role_verbs")
ROLE_NOUNS = lexicon.words("roles", "role_nouns")
ROLE = re.compile(
    rf"\b(?:{lexicon.alternation(ROLE_VERBS)})\s+(?:itself\s+)?as\s+(?:the\s+|a\s+|an\s+|its\s+)?(?:(?:China|the country|the nation)'s\s+)?"
    rf"(?P<role>(?:[a-z][\w-]*\s+){{0,2}}?(?:{lexicon.alternation(ROLE_NOUNS)}))\b",
    re.IGNORECASE,
)


WELL_POSITIONED = re.compile(
    r"\b(?:well|better|best|uniquely|ideally|perfectly|strategically|strongly)\s+$", re.IGNORECASE
)
ROLE_MORE = re.compile(
    rf"(?:,\s*(?:and\s+)?|\s+and\s+)(?:a|an|the)\s+(?P<role>(?:[a-z][\w-]*\s+){{0,2}}?"
    rf"(?:{lexicon.alternation(ROLE_NOUNS)}))\b(?!\s+(?-i:[a-z][\w-]*)\s+(?:is|was|are|were)\b)",
    re.IGNORECASE,
)


# a plan word before a verb the role's verb is coordinated with ("will develop ... and serve as")
PLANNED_AND = re.compile(r"\b(?:will|shall|plans?\s+to|aims?\s+to)\b[^.;]*\band\s+$", re.IGNORECASE)
# a relative pronoun in the verb's clause: what acts is the noun the relative clause hangs on
# ("X, which borders Hong Kong, serves as": the relative closed by a comma right before the verb
# is a parenthesis, and X acts)
RELATIVE_BEFORE = re.compile(r",\s+(?:which|who)\b", re.I)


@rule(emits={"role": "role"}, cues_from=(ROLE,))
def role(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'the Beijing-Tianjin-Hebei region serves as China's innovation source'; 'Functioning as the accelerator, the GBA'."""
    for m in ROLE.finditer(ctx.folded, sentence.start, sentence.end):
        if NOT_ASSERTED.search(ctx.folded, max(sentence.start, m.start() - 30), m.start()):
            continue  # "might act as", "does not serve as"
        if PLANNED_AND.search(ctx.folded, ctx.clause(sentence, m.start())[0], m.start()):
            continue  # "Fuzhou will develop a base and serve as the platform": both planned
        if WELL_POSITIONED.search(ctx.folded, max(sentence.start, m.start() - 15), m.start()):
            continue  # "is well positioned as a leader": a chance, not a role it plays
        if RELATIVE_BEFORE.search(
            ctx.folded, ctx.clause(sentence, m.start())[0], m.start()
        ) and not re.search(r",\s*$", ctx.folded[max(sentence.start, m.start() - 3) : m.start()]):
            continue  # "home to the Academy, which ... acts as a hub": the relative's antecedent acts
        types = ("policy_region", "city", "cluster", "park")
        subject = ctx.subject(sentence, types, before=m.start())
        if subject is not None and _owner_in_object(ctx, sentence, subject, m.start()):
            continue  # "The valley lifts the region's growth, serving as a pioneer": the valley
        if subject is not None and subject.start >= sentence.start:
            # "Shanghai's Pudong serves as a testbed": the place the possessive names, not its owner
            owned = _possessed_place(ctx, subject, m.start(), (*types, *LOCAL_PLACES))
            if owned is None or ctx.type_of(owned.entity_id) not in types:
                continue
            subject = owned
        if subject is not None and completes_other_head(ctx, sentence, subject, m.start()):
            continue  # "The annual fair in Guangzhou serves as a platform": the fair acts
        if subject is None:
            subject = ctx.subject(sentence, types, after=m.end())
        if subject:
            end = m.end()
            roles = [m.group("role")]
            # "positioned as a national carrier, a global science hub and an engine": each role
            # of the list after the first
            while more := ROLE_MORE.match(ctx.folded, end, sentence.end):
                roles.append(more.group("role"))
                end = more.end()
            for value in roles:
                yield draft(
                    sentence,
                    "role",
                    subject,
                    "role",
                    value_text=value.strip().lower(),
                    focus=(min(subject.start, m.start()), max(subject.end, end)),
                )


# the sentence opens with another noun phrase that the place only completes ("The annual fair
# in Guangzhou", "The new airport of Shenzhen"); "The city of Shenzhen" names the place itself
OTHER_HEAD_BEFORE = re.compile(
    r"^\W*(?:the|a|an)\s+(?:(?-i:[a-z])[\w-]*\s+){0,4}?(?!(?:city|province|region|district|town|"
    r"county|municipality|area|zone|park|cluster)\b)(?-i:[a-z])[\w-]*\s+"
    r"(?:(?:held|located|based|built|opened)\s+)?(?:in|of|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


# a clause of its own between the opening phrase and the verb: "The committee of X announced
# that the zone has been upgraded": the verb has another subject than the opening phrase
CLAUSE_BETWEEN = re.compile(
    r"\b(?:that|which|who|said|says|announced|announces|reported|stated|noted)\b", re.IGNORECASE
)


def completes_other_head(
    ctx: DocContext, sentence: Sentence, subject: EntitySpan, verb: int
) -> bool:
    """The place is named inside the noun phrase that opens the sentence, after its head, and
    that phrase is the subject of the verb at `verb` (no clause of its own between)."""
    if subject.via != "mention" or subject.end > verb:
        return False
    if CLAUSE_BETWEEN.search(ctx.folded, subject.end, verb):
        return False
    return OTHER_HEAD_BEFORE.match(ctx.folded[sentence.start : subject.start]) is not None


def _owner_in_object(ctx: DocContext, sentence: Sentence, subject: EntitySpan, before: int) -> bool:
    """A possessive ("the region's") after the sentence's opening words owns a thing in the
    object; what the sentence says acts is its subject, before the verb. A reference is found
    by its phrase (its span is the antecedent's)."""
    if subject.via == "mention":
        start, end = subject.start, subject.end
    else:
        phrase = re.search(
            rf"\b{re.escape(subject.via)}(?=['’]s\b)", ctx.folded[sentence.start : before], re.I
        )
        if phrase is None:
            return False
        start, end = sentence.start + phrase.start(), sentence.start + phrase.end()
    possessive = re.match(r"['’]s\b", ctx.folded[end : end + 2]) is not None
    opening = ctx.folded[sentence.start : start].strip(" \t\"'“").lower()
    return possessive and opening not in ("", "the")


APPROVED_AFTER = re.compile(r"\s+(?:approved|designated)\s+by\b", re.IGNORECASE)
# the capitalised words right before a name, and the level word that opens a title among them
CAPITALISED_RUN = re.compile(r"(?:(?:[A-Z][\w-]*|and|of)\s+)*$")
TITLE_LEVEL = re.compile(r"\b(?:National|State)(?:-level)?\s")
DESIGNATE_CUE = re.compile(
    rf"\b(?:{lexicon.alternation(lexicon.words('designations', 'designation_verbs'))})\b",
    re.IGNORECASE,
)
# a whole the subject is part of, between verb and designation, holds the designation
PART_OF_WHOLE = re.compile(r"\b(?:part|parts|portion|component|core\s+area)\s+of\b", re.IGNORECASE)
# a negation, a wish or a plan before the designation verb ("its objectives are to function as")
NOT_ASSERTED = re.compile(
    r"\b(?:not|never|no longer|hopes?|hoping|aims?|aiming|strives?|striving|wants?|plans?|planning|seeks?|seeking|"
    r"intends?|intending|may|might|could|would|applied|applies|bids?|bidding|expected|expects|"
    + lexicon.phrase_pattern(lexicon.words("modality", "planned_phrases"))
    + r")\b(?:\s+to)?\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
MONTHS = lexicon.words("calendar", "months")
# a month written out or shortened ("Nov. 1992", "Sept. 2008")
MONTH_WORD = (
    r"(?:" + lexicon.alternation(MONTHS) + r"|(?:" + "|".join(m[:3] for m in MONTHS) + r"|sept)\.)"
)
DATE_RE = re.compile(
    r"\b(?:(?P<month>" + MONTH_WORD + r")\s+)?(?P<year>1[89]\d{2}|20\d{2})\b",
    re.IGNORECASE,
)
# the date right after a designation: "approved as a state-level zone in Nov. 1992"
DATE_AFTER = re.compile(
    r"(?:\s+by\s+(?:the\s+)?[A-Z][^,;.]{0,60}?)?\s+(?:in|on)\s+(?P<date>(?:\d{1,2}\s+)?"
    + MONTH_WORD
    + r"?\s*[^,;.]{0,8}?(?:1[89]\d{2}|20\d{2}))\b",
    re.IGNORECASE,
)


# "June 3, " or "3 June " right before a year
DAY_BEFORE_YEAR = re.compile(
    r"(?:\b" + MONTH_WORD + r"\s+\d{1,2},?\s+|\b\d{1,2}\s+" + MONTH_WORD + r",?\s+)$",
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
        month = m.group("month").lower()[:3]
        index = next(i for i, name in enumerate(MONTHS) if name.startswith(month))
        return f"{m.group('year')}-{index + 1:02d}"
    return m.group("year")


def _date_near(
    ctx: DocContext, sentence: Sentence, pos: int, verb: int | None = None, end: int | None = None
) -> str | None:
    """The date of the designation at `pos`: in its own clause, the nearest date before it
    ("set up in 1988 and approved in 1999, becoming a ... zone": 1999), else the first after it
    ("became a national new area in 2017"). A date after the designation verb at `verb` (or after
    the designation) comes first: "co-founded in December 1990 ... and designated as one of the
    first national-level high-tech zones by the State Council in March 1991" is dated 1991-03."""
    lo, hi = ctx.clause(sentence, pos)
    if verb is not None and end is not None and lo <= verb < pos:
        after = DATE_AFTER.match(ctx.folded, end, hi)
        if after and not DATE_RE.search(ctx.folded, verb, pos):
            return _date_in(after.group("date"))
    before = list(DATE_RE.finditer(ctx.folded, lo, pos))
    if before:
        # a day before the month ("on 17 September 2021") is part of the date, and so are a
        # month and day before a bare year ("on June 3, 2014")
        year = before[-1].start()
        lead = DAY_BEFORE_YEAR.search(ctx.folded, max(lo, year - 16), year)
        return _date_in(ctx.folded[lead.start() if lead else max(lo, year - 4) : pos])
    # a year inside the designation names its programme ("Made in China 2025"), no date
    return _date_in(ctx.folded[end if end is not None else pos : hi])


# "the core area of X", "the southern part of X", "part of X": what the sentence says next is
# said of a part of X, not of X
PART_BEFORE = re.compile(
    # ("the total area of X", "the city of X" name X itself: an area or zone is a part only
    # with a word that says which part)
    r"(?:\b(?:the|a|one|its)\s+(?:[\w-]+\s+){0,2}?(?:part|parts|section|sections|portion|portions|"
    r"half|corner|quarter|sub-?parks?|campus|block|blocks|piece|phase|expansion|extension|"
    # "The center of Luoyang has grown ... to 265 sq km": the urban core, not the city
    r"cent(?:er|re)|heart|downtown|outskirts)"
    r"|\b(?:the|a|one|its)\s+(?:core|central|main|start-?up|starting|initial|pilot|eastern|western|"
    r"northern|southern|old|first|second|third)\s+(?:area|areas|zone|zones)"
    r"|\b(?:part|parts|half|most|much))\s+of\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def part_of_subject(ctx: DocContext, subject: EntitySpan) -> bool:
    """`subject` is named as the whole a part belongs to ("the core area of Binhai Park became
    ..."): an attribute the sentence then states is the part's, not the whole's."""
    if subject.via != "mention":
        return False
    return PART_BEFORE.search(ctx.folded, max(0, subject.start - 40), subject.start) is not None


def _singular(term: str) -> str:
    # ("Model Environmental Cities" -> "Model Environmental City": the title's capitals kept)
    term = re.sub(
        r"\bcities\b",
        lambda m: m.group(0)[:3] + ("Y" if m.group(0).isupper() else "y"),
        term,
        flags=re.IGNORECASE,
    )
    term = re.sub(r"\bmunicipalities\b", "municipality", term, flags=re.IGNORECASE)
    return re.sub(r"\b(zone|area|park|centre|center|base)s\b", r"\1", term, flags=re.IGNORECASE)


# a copula and an article right before the designation: "Shenzhen is a Chinese Special Economic
# Zone" states the designation as a fact (the term must follow at once: no other noun between)
COPULA_ARTICLE = re.compile(
    r"\b(?:is|was|has\s+been|remains)\s+(?:now\s+|also\s+)?(?:a|an)\s+(?:Chinese\s+)?$"
    # "It is also the national ... base and a national bio-industry base": the second of two
    r"|\b(?:is|was|has\s+been|remains)\s+(?:now\s+|also\s+)?(?:a|an|the)\s+national\s+[^,;.]{3,60}?\s+and\s+(?:a|an)\s+$"
    # a later member of the list the article opens ("is a sub-provincial division, new area and")
    r"|\b(?:is|was|has\s+been|remains)\s+(?:now\s+|also\s+)?(?:a|an)\s+(?:[^,;.()]{3,60}?(?:,\s+|\s+and\s+)){1,4}(?:(?:a|an)\s+)?$",
    re.IGNORECASE,
)
# "It is also the national ... base": a definite article before a level-led designation
COPULA_THE = re.compile(r"\b(?:is|was|has\s+been|remains)\s+(?:now\s+|also\s+)?the\s+$", re.I)
# what opens a written-out title: an article, a possessive or an ordinal ("the country's third
# National Development and Opening-up New Area"); a capitalised word there would be a name's
TITLE_OPENER = re.compile(
    r"(?:\b(?:the|a|an|its|their)|['’]s|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th)))\s+$",
    re.IGNORECASE,
)
GENERIC_WORDS = load_cues().generic_words


def _written_title(ctx: DocContext, sentence: Sentence, start: int, end: int) -> str | None:
    """The capitalised title a designation word at `start`-`end` ends, when it is led by a level
    word and made of generic words only ("National Development and Opening-up New Area"): a kind
    the State Council gives, not a place's name. None for a name ("Pudong New Area")."""
    run = CAPITALISED_RUN.search(ctx.text, sentence.start, start)
    if run is None or run.start() == start:
        return None
    level = list(TITLE_LEVEL.finditer(ctx.text, run.start(), start))
    if not level or not TITLE_OPENER.search(
        ctx.text, max(sentence.start, run.start() - 12), run.start()
    ):
        return None
    words = [w for w in re.split(r"[ \t-]+", ctx.text[level[-1].start() : start]) if w]
    if not all(w in GENERIC_WORDS for w in words) or ctx.mentions_between(run.start(), start):
        return None
    return _singular(ctx.text[level[-1].start() : end]).strip()


# a lowercase kind of zone right after a place ("Xiong'an high-tech industrial development
# zone"): the place only names an unnamed zone, which is what the sentence designates
UNNAMED_KIND = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,4}(?:zone|park|area|district|base)\b")


def _opens_quoted_name(ctx: DocContext, subject: EntitySpan) -> bool:
    """'The project "Songjiang G60 Digital Economy ... Cluster" was designated': a place that only
    opens a longer quoted name is not what the name designates."""
    if subject.via != "mention" or ctx.folded[subject.start - 1 : subject.start] != '"':
        return False
    close = ctx.folded.find('"', subject.end, subject.end + 120)
    return close > subject.end + 1


@rule(emits={"designation": "designated_as"}, cues_from=(DESIGNATION,))
def designation(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'Since 1980, Shenzhen is one of the first Special Economic Zones'; 'designated the city as a
    pilot city'; 'Shenzhen is a Special Economic Zone'; 'It is the country's third National
    Development and Opening-up New Area approved by the State Council'."""
    for m in DESIGNATION.finditer(ctx.folded, sentence.start, sentence.end):
        name = next(
            (x for x in ctx.mentions_in(sentence) if x.start <= m.start() and m.end() <= x.end),
            None,
        )
        title = None
        if name is not None:
            # "the Pudong New Area": a word of a name, no designation; but a name only discovery
            # found, in a capitalised title led by the level ("Third and Inland First National
            # Development and Opening-up New Area"), is that title: the designation written out
            run = CAPITALISED_RUN.search(ctx.text, sentence.start, name.start)
            level = list(TITLE_LEVEL.finditer(ctx.text, run.start(), name.end)) if run else []
            if not (level and all(e in ctx.discovered for e in name.entity_ids)):
                continue
            title = _singular(ctx.text[level[-1].start() : name.end]).strip()
        else:
            title = _written_title(ctx, sentence, m.start(), m.end())
        prefix = ctx.folded[sentence.start : m.start()]
        # a designation verb of another clause ("X was one of the earliest science parks, and it
        # is regarded as one of the most successful of the 114 national high-tech zones") does
        # not govern this term
        clause_start = ctx.clause(sentence, m.start())[0] - sentence.start
        cues = [c for c in DESIGNATE_CUE.finditer(prefix) if c.start() >= clause_start]
        copula = COPULA_ARTICLE.search(prefix) or (
            COPULA_THE.search(prefix) if m.group("term").lower().startswith("national ") else None
        )
        # "It is China's third National ... New Area approved by the State Council": the
        # approval right after a written-out title
        if (
            not cues
            and not copula
            and not (
                title
                and APPROVED_AFTER.match(ctx.folded, m.end())
                and re.search(r"\b(?:is|was)\b", prefix)
            )
        ):
            continue
        verb = cues[-1].start() if cues else copula.start() if copula else None
        if verb is not None and NOT_ASSERTED.search(prefix, max(0, verb - 30), verb):
            continue  # "was not designated", "hopes to become", "may be a new area"
        if verb is not None and PART_OF_WHOLE.search(prefix, verb):
            continue  # "became an important part of China's fourth comprehensive ... center"
        if PERMITTED_TO_BUILD.search(ctx.folded, sentence.start, m.end()):
            continue  # "was approved to construct a national pilot zone": to build one, not one
        types = LOCAL_PLACES
        subject = ctx.subject(sentence, types, before=m.start())
        if (
            subject is None
            or _opens_quoted_name(ctx, subject)
            or part_of_subject(ctx, subject)
            or completes_other_head(ctx, sentence, subject, m.start())
        ):
            continue
        kind = UNNAMED_KIND.match(ctx.folded, subject.end, m.start())
        if subject.via == "mention" and kind:
            continue  # "the upgrade of the Xiong'an high-tech zone into a national-level ..."
        # a modifier the designation keeps ("national new area") is no leading word to drop
        value = re.sub(
            r"^(?:one\s+of\s+(?:the\s+)?(?:\w+\s+)?(?=pilot|special|free|national|comprehensive|new|\w+-border))?(?:the\s+)?(?:country's\s+)?(?:(?!national\b|state-level\b|comprehensive\b|pilot\b|cross-border\b)\w+\s+)?(?=\w+-border|pilot|special|free|national|comprehensive|new)",
            "",
            _singular(m.group("term")).strip(),
            flags=re.IGNORECASE,
        )
        value = re.sub(r"^(?:first|earliest|only)\s+", "", value, flags=re.IGNORECASE)
        yield draft(
            sentence,
            "designation",
            subject,
            "designated_as",
            value_text=title or value,
            # the date of the designation's own clause, not another clause's ("established in
            # 1991, ... and was approved in 2009, becoming a pilot zone": 2009)
            as_of=_date_near(
                ctx,
                sentence,
                m.start(),
                verb=None if verb is None else sentence.start + verb,
                end=m.end(),
            ),
            focus=(min(subject.start, m.start()), m.end()),
        )
