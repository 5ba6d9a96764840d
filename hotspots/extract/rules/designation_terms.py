"""The designations the `designation` rule (designations.py) reads, as one pattern built from
reference/lexicons/designations.yaml: zones, pilot cities, new areas, the state's honour titles
for a city, and the kinds of place a level word ("national", "state-level") makes a designation.
Their words combine ("free-trade pilot zones", "national hi-tech parks")."""

from __future__ import annotations

import re

from hotspots.extract import lexicon

# ("Model Environmental Cities": each title singular in the lexicon, read in the plural too;
# written as a title, capitalised: "a garden city with many parks" only describes one)
_HONOURS = sorted(lexicon.words("designations", "honour_titles"), key=len, reverse=True)
HONOUR_TITLES = "|".join(
    "(?-i:"
    + r"\s+".join(re.escape(w.capitalize()) if w != "and" else w for w in title.split()[:-1])
    + r"\s+Cit(?:y|ies))"
    for title in _HONOURS
)
# the same titles in lower case once a level word leads them ("Datong is a national garden city",
# "one of the first national historical and cultural cities"): the level makes them the honour
HONOUR_TITLES_LEVELLED = (
    r"(?:(?<=national\s)|(?<=national-level\s))(?:"
    + "|".join(
        r"\s+".join(re.escape(w) for w in title.split()[:-1]) + r"\s+cit(?:y|ies)"
        for title in _HONOURS
    )
    + r")"
)
# a city, an industrial or development zone or park that a level word leads ("a national
# transportation hub city", "a state-level development zone", "a national-level industry park";
# not "a national hub for quantum innovation": an epithet)
LEVELLED_KIND = (
    r"(?:(?<=national\s)|(?<=national-level\s)|(?<=state-level\s))(?<!\"national\s)"
    r"(?:(?!(?:of|the|a|an|and|for|in|to|is|was|with|by|that|which)\s)(?-i:[a-z])[\w-]*\s+){0,4}"
    r"(?:cit(?:y|ies)|new\s+(?:districts?|areas?)|(?:industr(?:y|ial)|development|demonstration)\s+(?:zones?|parks?))"
)
DESIGNATION = re.compile(
    rf"\b(?<!['’])(?P<term>(?:(?:{lexicon.alternation(lexicon.words('designations', 'designation_modifiers'))})\s+)*"
    r"(?:special economic zones?|free[- ]trade (?:pilot )?zones?|(?:(?!(?:a|an|the|as|to|up|be|is|was|of|for|in|build|construct|set)\s)[\w-]+\s+){0,3}pilot (?:cities|city|zones?)|national (?:innovation |innovative )?demonstration zones?|(?:national|state)(?:-level)?\s+(?:high-tech|hi-tech|new\s+and\s+high-tech)\s+(?:industr(?:y|ial)\s+)?(?:development\s+)?(?:zones?|parks?)|(?:national|state)(?:-level)?\s+economic\s+and\s+technological\s+development\s+zones?|comprehensive national science cent(?:re|er)s?|new (?:urban )?areas?"
    # "one of the 14 coastal open cities", "an inland open city": the opening-up designations
    r"|(?:coastal|inland|border|riverside)\s+open(?:ing)?\s+cit(?:y|ies)|open\s+coastal\s+cit(?:y|ies)"
    # "a national-level Excellent Tourism City": a city's honours (reference/lexicons)
    + r"|(?:"
    + HONOUR_TITLES
    + r")|"
    + HONOUR_TITLES_LEVELLED
    + r"|"
    + LEVELLED_KIND
    # "the national optoelectronic information industry base": a base given by a ministry
    + r"|(?<=national\s)(?<!\"national\s)(?:(?!(?:of|the|a|an|and|for|in|to|is|was|with)\s)(?-i:[a-z])[\w-]*\s+){1,4}bases?"
    # "a pilot city for the government's Made in China 2025 strategy": the programme it is for
    r"|(?<=pilot\s)cit(?:y|ies)\s+for\s+(?:the\s+)?(?:government['’]s\s+)?(?:\"[^\"]{2,40}?\d{4}|(?:(?-i:[A-Z])[\w-]*\s+(?:in\s+)?){1,5}\d{4}(?:\s+(?:strategy|initiative|plan))?)))\b",
    re.IGNORECASE,
)
