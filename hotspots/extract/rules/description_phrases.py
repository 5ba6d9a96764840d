"""The noun phrases descriptions read: where an epithet ends ("the high-tech highland of
Shanghai, ..."), what is no epithet (a relation, a time, an ordinal without a noun) and the
subject of a sentence past a parenthetical phrase. Shared by the rules of `descriptions`."""

from __future__ import annotations

import re

from hotspots.extract.context import DocContext, EntitySpan
from hotspots.extract.mentions import Mention
from hotspots.extract.segment import Sentence

NP_STOP = re.compile(
    # a full stop after a lone capital is an abbreviation's ("the leading U.S. innovation hub")
    r"[,;:()\[\]\"]|(?<!\b[A-Z])\.|\s-\s|\s(?:that|which|who|whose|for|with|thanks|because|where|while|and|but|after|before|since|when|as)\s"
    # "became the world's biggest maker in 2011": the date is when, not part of the epithet
    r"|\s(?:in|by)\s+(?:(?:early|late|mid-?)\s*)?(?:1[89]\d{2}|20\d{2})\b",
    re.IGNORECASE,
)
# " and technology-intensive area," : up to three lowercase words after "and", then a hard stop
# (punctuation or a relative word); "and the ...", "and is ..." start something else
AND_MODIFIER = re.compile(
    r"\s+and\s+(?!(?:the|a|an|its|it|is|are|was|has|have|also|then|other)\b)[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?"
    r"(?=\s*[,.;:()]|\s+(?:that|which|who|whose|where|while|but)\s|\s*$)"
)
# an "and" followed by more of the same phrase (no article, pronoun or verb), which AND_MODIFIER
# could not close within a few words
CUT_COORDINATION = re.compile(
    r"\s+and\s+(?!(?:the|a|an|its|it|is|are|was|were|has|have|had|also|then|other|now|will|"
    r"has|became|becomes|remains|serves|plays|boasts|hosts|covers|ranks|ranked)\b)[a-z][\w-]*"
    r"(?:\s+[a-z][\w-]*){0,2}?\s+(?:and|of|in)\s"
)
# one or two lowercase modifiers before an "and" that joins them to more modifiers and the head
# noun ("financial and foreign trade hub"); none a preposition, article or verb
_MODIFIER = (
    r"(?!(?:of|in|for|to|at|on|by|from|with|the|a|an|its|is|are|was|were|has|have|had|been)\b)"
    r"[a-z][\w-]*"
)
MODIFIERS_BEFORE_AND = re.compile(rf"\s*{_MODIFIER}(?:\s+{_MODIFIER})?\s*")
# the head noun after such an "and" is one of a relation ("capital of", "home of"), not an epithet's
RELATION_HEAD = re.compile(
    r"\s+and\s+(?:[a-z][\w-]*\s+){0,2}(?:capital|home|seat|site)\s+(?:of|to|for|in)\b",
    re.IGNORECASE,
)
# " and Hong Kong" closing the phrase: a second name, then a hard stop
NAME_PAIR = re.compile(
    r"\s+and\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2}"
    r"(?=\s*[,.;:()]|\s+(?:that|which|who|whose|where|while|but)\s|\s*$)"
)
# a quantity with a comparator inside the phrase ("home of more than 2 million overseas Chinese",
# "base of over 300 firms"): the phrase states a count, not an epithet
COUNTED = re.compile(
    r"\b(?:more\s+than|over|nearly|almost|about|around|some|at\s+least|up\s+to)\s+\d",
    re.IGNORECASE,
)
NP_STOP_AFTER_QUOTE = re.compile(NP_STOP.pattern.replace("|for|", "|"), re.IGNORECASE)
NOT_A_DESCRIPTION = re.compile(
    r"^(?:the\s+)?[\w-]+['’]s\s+(?:capital|home|seat)(?:\s+city)?(?:$|\s+(?:in|since|until|from|of|and|again)\b)|"  # "China's capital": a relation
    r"^(?:(?:modern|current|present-day)\s+capital\s+(?:city\s+)?of\b|capital|home|seat|site|core cit(?:y|ies)|(?:common\s+|official\s+)?(?:abbreviation|name|short form|acronym)|centre of gravity|one|part|member|case|same|first\s+time|number|result|reason|fastest|subject)\b|^(?:[\w-]+\s+){0,2}(?:stage|phase|period|step)(?:\s+of\b.*)?$|\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth)[- ](?:largest|biggest|highest|busiest|richest|wealthiest|most\s+[a-z][\w-]*)\b"
    # "the only city located in the Yangtze River Delta": where it lies (located_in), no epithet
    r"|\b(?:located|situated)\s+(?:in|at)\b"
    # "the chosen location of several leading research institutions": what the place hosts, no
    # epithet
    r"|^(?:[\w-]+\s+){0,2}(?:location|site|home|base|destination|host)\s+(?:of|for|to)\s+"
    r"(?:several|many|some|numerous|various|a\s+number\s+of|dozens|hundreds|thousands|\d)"
    # "it is the largest of the four": a rank in a group named elsewhere, no epithet
    r"|^(?:[\w-]+est|most\s+[\w-]+|least\s+[\w-]+)\s+of\s+(?:the|these|those|them|all)"
    r"(?:\s+(?:two|three|four|five|six|seven|eight|nine|ten|\d+))?$"
    # "the first of such zones": a place in a group named elsewhere; "China's Third" (cut off
    # before "and"): an ordinal with no noun
    r"|^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\s+of\s+(?:such|these|those|them|the|its|their)\b"
    # "was the highest-placed American cluster": a place in a ranking (the rank predicates'), no epithet
    r"|^(?:highest|lowest|best|worst|top|higher|lower)[- ](?:placed|ranked|ranking)\b"
    # "It is the first in southern China": an ordinal with no noun, only a place or a group after
    r"|^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|only)\s+(?:in|among|on)\b"
    r"|(?:^|\s)(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)$"
    # "the country's third National Development and Opening-up New Area": an ordinal before a
    # capitalised level word opens a written-out designation (the `designation` rule's), no epithet
    r"|^(?:[\w-]+['’]s\s+)?(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+(?:and\s+[\w\s]{0,30}?)?(?-i:National|State)\b"
    # "the national optoelectronic information industry base", "the base of national ... industry":
    # a base a ministry names is a designation (the `designation` rule's), no epithet
    r"|^(?-i:national)\s+(?:(?-i:[a-z])[\w-]*\s+){1,4}bases?$|^bases?\s+of\s+(?-i:national)\s"
    # "It is the fifth year in a row that ...": a time, the start of an extraposed clause
    r"|^(?:[\w-]+\s+){0,2}(?:time|year|month|week|day|decade)s?(?:\s+in\s+a\s+row|\s+running)?$"
    # "It is the second expansion since the zone was created", "marks the fifth anniversary": an
    # event the sentence is about (an ordinal one), no epithet of a place
    r"|^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"latest|last|next)\s+(?:[\w-]+\s+)?(?:expansion|extension|enlargement|anniversary|edition|"
    r"round|session|batch|visit|meeting)s?(?:\s+(?:of|since|in|for|after)\b.*)?$",
    re.IGNORECASE,
)
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
# a quoted label ("known as "the e-commerce capital"") is read for places and companies only
LABELLED_TYPES = tuple(t for t in DESCRIBED_TYPES if t not in ("university", "research_institute"))


# "X, located in the north of the city, is sometimes called ...": a phrase between commas after
# the sentence's subject, with no clause of its own ("which is", "who said")
PAST_PHRASE = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?,(?P<phrase>[^;:]{3,160}?),\s*$")
PHRASE_CLAUSE = re.compile(
    r"\b(?:which|who|whose|that|is|are|was|were|has|have|had|said|says|but|while)\b",
    re.IGNORECASE,
)


# an opening participle clause before the subject: "Established in 1988 in northwestern Beijing, "
OPENING_PARTICIPLE = re.compile(
    r"\W*(?:Established|Founded|Set\s+up|Launched|Located|Situated|Built|Created)\b[^,;]{0,80},\s+(?:the\s+)?$"
)


def _subject_past_phrase(
    ctx: DocContext, sentence: Sentence, preceding: list[Mention], cue: int
) -> EntitySpan | None:
    """The sentence's opening name (past an opening participle clause) when only a parenthetical
    phrase stands between it and the description cue at `cue`; None otherwise."""
    first = next(
        (
            m
            for m in preceding
            if re.fullmatch(r"\W*(?:the\s+)?", ctx.folded[sentence.start : m.start], re.I)
            or OPENING_PARTICIPLE.fullmatch(ctx.folded, sentence.start, m.start)
        ),
        None,
    )
    if first is None:
        return None
    m = PAST_PHRASE.fullmatch(ctx.folded, first.end, cue)
    if m is None or PHRASE_CLAUSE.search(m.group("phrase")):
        return None
    if re.search(r"\band\b", m.group("phrase")) and ctx.mentions_between(first.end, cue):
        return (
            None  # "Shanghai, Shenzhen and Beijing, ...": a list of names, not a phrase about one
        )
    entity_id = ctx.pick(first, DESCRIBED_TYPES)
    return EntitySpan.of(first, entity_id) if entity_id else None


# "(S&T)" between words of a phrase: an abbreviation glossing the words before it
ABBREVIATION = re.compile(r"\s*\((?-i:[A-Z][A-Z&]{1,7})\)(?=\s+[a-z])")


def _noun_phrase(ctx: DocContext, start: int, end: int) -> tuple[str, int] | None:
    # 'has become the "first stop" for Hong Kong people': a quoted head word belongs to the phrase
    quoted = re.match(r'"[^"]{2,40}"', ctx.folded[start : min(end, start + 42)])
    # ... and its "for" phrase says what it is for: it stays ("the "bridgehead" for the integration")
    stop = (NP_STOP_AFTER_QUOTE if quoted else NP_STOP).search(
        ctx.folded, start + (quoted.end() if quoted else 0), min(end, start + 100)
    )
    np_end = stop.start() if stop else min(end, start + 100)
    if (
        stop
        and stop.group(0) == "."
        and re.fullmatch(r"\d\.\d", ctx.folded[np_end - 1 : np_end + 2])
    ):
        return None  # "the home of more than 9.5 million ...": a decimal point is no end of phrase
    coordinated = AND_MODIFIER.match(ctx.folded, np_end, min(end, start + 140)) if stop else None
    names = NAME_PAIR.match(ctx.folded, np_end, min(end, start + 140)) if stop else None
    if names and re.search(
        r"\s(?:of|between|for|to)\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2}$",
        ctx.folded[start:np_end],
    ):
        # "the bridgehead for the cooperation of Shenzhen and Hong Kong": two names joined by
        # "and" after a preposition are one object; cut at "and" the value would say less
        np_end = names.end()
    elif coordinated:
        # "the largest talents-intensive and technology-intensive area": "and" joins two
        # modifiers or nouns of one phrase, which ends at a hard stop a few words on
        np_end = coordinated.end()
    elif (
        stop
        and CUT_COORDINATION.match(ctx.folded, np_end)
        and MODIFIERS_BEFORE_AND.fullmatch(ctx.folded, start, np_end)
    ):
        # "the financial and foreign trade hub of Shandong province": the "and" joins the
        # modifiers before the head noun, and the phrase ends at the next hard stop
        if RELATION_HEAD.match(ctx.folded, np_end):
            return None  # "the political and cultural capital of Zhejiang": a relation (capital_of)
        more = NP_STOP.search(ctx.folded, np_end + len(stop.group(0)) - 1, min(end, start + 100))
        np_end = more.start() if more else min(end, start + 100)
    elif stop and CUT_COORDINATION.match(ctx.folded, np_end):
        # "the core of Sichuan's comprehensive innovation and reform and free trade zones": the
        # "and" joins words of a longer phrase; cut there, the value would say something else
        return None
    abbreviation = ABBREVIATION.match(ctx.folded, np_end) if stop else None
    if abbreviation:
        # "the leading science and technology (S&T) cluster": the phrase goes on past the gloss
        more = NP_STOP.search(ctx.folded, abbreviation.end(), min(end, start + 100))
        np_end = more.start() if more else min(end, start + 100)
    dash = ctx.text.find("\u2014", start, np_end)  # an em dash closes the phrase, a hyphen does not
    np_end = dash if dash != -1 else np_end
    phrase = ctx.text[start:np_end].strip()
    words = phrase.split()
    if not words or len(words) > 12 or NOT_A_DESCRIPTION.search(phrase):
        return None
    if COUNTED.search(phrase):
        return None  # "the ancestral home of more than 9 million ...": a count, not an epithet
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


# between the subject's name and the cue: a closing bracket, a gloss in brackets, or the class
# noun the name goes on with ("The Tokyo-Yokohama cluster is the world's largest")
# ("STC": the Global Innovation Index's "science and technology cluster")
CLASS_NOUN = r"(?:\s+(?P<noun>cluster|stc|city|district|province|region|zone|park|area))?"
# ... and a place the gazetteer does not know that locates it ("cluster in California")
SUBJECT_GAP = re.compile(
    CLASS_NOUN
    + r"(?:(?<=\w)\s+in\s+(?-i:[A-Z])[\w-]*(?:\s+(?-i:[A-Z])[\w-]*){0,2})?"
    + r"\)?\s*(?:\((?:or\s+)?[^)]{0,30}\))?\s*",
    re.IGNORECASE,
)
SUBJECT_IN_PLACE = re.compile(CLASS_NOUN + r"\s+in\s+(?:the\s+)?", re.IGNORECASE)
PLACE_TYPES = ("city", "province", "country", "sar", "district")


# a noun phrase and a preposition before the name: the name only completes that phrase
HEAD_BEFORE_PLACE = re.compile(
    r"\b(?:the|a|an)\s+(?-i:[a-z])[\w-]*(?:\s+(?-i:[a-z])[\w-]*){0,6}\s+(?:in|of|at|for)\s+(?:the\s+)?$"
)


CLUSTER_NOUNS = {"cluster", "stc"}  # the class nouns of a cluster's name


def _named_subject(ctx: DocContext, mention: Mention, gap: str) -> EntitySpan | None:
    """The entity a name before a description cue stands for; "X cluster" prefers a cluster."""
    if ctx.folded[mention.start - 1 : mention.start] == "/":
        return None  # "Tokyo/Yokohama STC": the last city of a cluster's name, not the subject
    if HEAD_BEFORE_PLACE.search(ctx.folded, max(0, mention.start - 90), mention.start):
        return None  # "the greatest advantage of ... in Jiangbei is": the head noun is the subject
    noun = re.match(CLASS_NOUN, gap, re.IGNORECASE)
    types = DESCRIBED_TYPES
    if noun and noun["noun"] and noun["noun"].lower() in CLUSTER_NOUNS:
        types = ("cluster", *[t for t in DESCRIBED_TYPES if t != "cluster"])
    entity_id = ctx.pick(mention, types)
    return EntitySpan.of(mention, entity_id) if entity_id else None


UNKNOWN_NAME = re.compile(r"(?-i:[A-Z])[\w&.-]*(?:\s+(?-i:[A-Z])[\w&.-]*){0,3}\s*(?:,|\band\b)")


def _name_follows(ctx: DocContext, pos: int, end: int) -> bool:
    """A comma and at once a name after a phrase ending at `pos`: the phrase may open that name."""
    comma = re.match(r"\s*,\s*", ctx.folded[pos:end])
    if comma is None:
        return False
    if any(m.start == pos + comma.end() for m in ctx.mentions_between(pos, min(end, pos + 80))):
        return True
    # a name the gazetteer lacks: capitalised words closed by a comma or "and" ("..., DGI, and")
    return UNKNOWN_NAME.match(ctx.folded, pos + comma.end(), end) is not None


# the small words a capitalised name may hold ("Zone of Beijing", "Science and Technology Park")
NAME_FILLER = {"of", "and", "for", "the", "&"}


def _place_led_name(ctx: DocContext, start: int, np: tuple[str, int]) -> bool:
    """The phrase at `start` is a capitalised name that opens with a place's name ("Haidian
    Experimental Zone of Beijing ..."): a proper name, not an epithet ("China's Silicon Valley"
    is led by a possessive, "the Silicon Valley of China" by no place)."""
    words = np[0].split()
    if len(words) < 2 or not all(w[0].isupper() or w.lower() in NAME_FILLER for w in words):
        return False
    return any(
        m.start == start
        and ctx.pick(m, (*PLACE_TYPES, "park"))
        and not ctx.folded.startswith("'s", m.end)
        for m in ctx.mentions_between(start, np[1])
    )


# "the very center to a circle", "the midpoint of a line": a position in a figure (an indefinite
# one), not an epithet
GEOMETRIC = re.compile(
    r"\b(?:cent(?:er|re)|middle|midpoint|mid-point)\s+(?:to|of)\s+an?\s", re.IGNORECASE
)
# a speaker's own words ("Wuhan is the starting point of my life"): a feeling, not an epithet
FIRST_PERSON = re.compile(r"\b(?:[Mm]y|[Oo]ur|[Ww]e|me|us|I)\b")


# an epithet whose measure is the sentence before ("the largest contributor in this regard")
POINTS_BACK = re.compile(
    r"\b(?:in|on|of)\s+(?:this|that|these|those)\s+(?:regard|respect|respects|front|field|sense)\b",
    re.IGNORECASE,
)


def _epithet(ctx: DocContext, phrase: str, end: int) -> bool:
    """The phrase (ending at `end`) can be an epithet: no first person in it or in the rest of its
    clause ("the place where my company was born"), and not the name of an entity the gazetteer
    knows ("the area around the Pearl River Delta, known as the Greater Bay Area" names another
    entity; it describes nothing)."""
    clause_end = re.search(r"[,.;:!?\"\u201d]", ctx.text[end:])
    rest = ctx.text[end : end + clause_end.start()] if clause_end else ctx.text[end:]
    if FIRST_PERSON.search(phrase) or FIRST_PERSON.search(rest):
        return False
    if GEOMETRIC.search(phrase):
        return False  # "the very center to a circle with a radius of 500 km": a position
    if POINTS_BACK.search(phrase):
        return False  # "the largest contributor in this regard": said of what came before
    name = re.sub(r"^the\s+", "", phrase.strip(), flags=re.IGNORECASE)
    return not ctx.gazetteer.lookup(name)
