"""The words the measure rules read: GDP nouns and what is no GDP, population and residents, R&D
intensity and spending, 'of GDP', the members of a place; the places each measure is said of;
and the elliptical pair's shapes ('Shenzhen's GDP reached 3.2 trillion yuan, Guangzhou's 2.8
trillion yuan') (hotspots.extract.rules.measures reads them)."""

from __future__ import annotations

import re

from hotspots.extract import lexicon
from schemas import predicates

GDP_NOUN = re.compile(
    r"\b" + lexicon.phrase_pattern(lexicon.words("measures", "gdp_nouns")) + r"\b", re.IGNORECASE
)
GDP_EXCLUDED = re.compile(
    lexicon.phrase_pattern(lexicon.words("measures", "gdp_exclusions")), re.IGNORECASE
)
RESIDENTS = lexicon.phrase_pattern(lexicon.words("measures", "resident_nouns"))
# (the verb may follow the place the population is of: "The population of Hefei is 9.6 million")
POPULATION_VERB = (
    r"(?:was|is|stands\s+at|stood\s+at|totals|totalled|totaled|(?:(?:has|had)\s+)?(?:reached|hit))"
)
# ("The permanent resident population of the whole city is 3,984,687": the place named before)
OF_THE_PLACE = r"of\s+the\s+(?:whole\s+|entire\s+)?(?:city|district|county|province|zone|area)\s+"
POPULATION_BEFORE = re.compile(
    # ("Its population in 2019 was 1,132,200": the year between the noun and its verb)
    r"\bpopulation\s+(?:in\s+(?:19|20)\d{2}\s+)?(?:of|"
    + POPULATION_VERB
    + r"|of\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,3}\s+"
    + POPULATION_VERB
    + r"|"
    + OF_THE_PLACE
    + POPULATION_VERB
    + r")\s+$",
    re.IGNORECASE,
)
# The word right before "population": a population of residents is the whole place's ("a
# permanent population of", "the city's population was"); any other qualifier names a group or a
# part ("a full-time student population of 155,000", "its rural population", "a combined
# population of" two places, "a non-registered population of"), which is no population of the
# place. A year before the noun dates it ("an estimated 2010 population of 8.3 million").
POPULATION_OF_RESIDENTS = re.compile(
    r"(?:^|(?<!-)\b(?:a|an|the|its|their|his|her|total|permanent|registered|resident|current|estimated|"
    r"overall|whole|entire|year-end|usual|census|de\s+facto|1[89]\d{2}|20\d{2})|['’]s)\s+population\s+"
    r"(?:in\s+(?:19|20)\d{2}\s+)?"
    r"(?:st(?:oo|an)ds?\s+at|(?:has|had)\s+\S+|of\s+(?:the\s+)?(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,3}\s+"
    + POPULATION_VERB
    + r"|"
    + OF_THE_PLACE
    + POPULATION_VERB
    + r"|\S+)\s+$",
    re.IGNORECASE,
)
RESIDENTS_AFTER = re.compile(
    r"^\s+(?:(?:permanent|registered|resident|urban|permanent\s+urban)\s+)?" + RESIDENTS + r"\b",
    re.IGNORECASE,
)
# "Population: 1,095,289" as a line of its own, under a heading that is one place's name (an
# infobox): the label and the figure, nothing else
POPULATION_LABEL = re.compile(
    r"\W*(?:(?:total|resident|permanent)\s+)?population\s*:\s*(?:about\s+|approximately\s+)?",
    re.IGNORECASE,
)
INTENSITY = re.compile(
    r"\b" + lexicon.phrase_pattern(lexicon.words("measures", "rd_intensity_phrases")) + r"\b"
    r"|\b(?:R&D|research\s+(?:and|&)\s+(?:experimental\s+)?development)\b[^.;%]{0,60}?"
    r"\b(?:spending|expenditures?|investment|input)\b[^.;%]{0,40}?"
    r"\b(?:to|of|as\s+a\s+(?:share|proportion|percentage)\s+of|accounted\s+for)\b[^.;%]{0,20}?"
    r"\b(?:GDP|gross\s+domestic\s+product)\b",
    re.IGNORECASE,
)
RD_SPENDING = re.compile(
    r"\b(?:R&D|research\s+(?:and|&)\s+(?:experimental\s+)?development)\s+"
    r"(?:spending|expenditures?|investment|input)\b"
    # "the city invested 64 billion yuan in R&D, accounting for 4 per cent of GDP"
    r"|\b(?:invested|invests|spent|spends)\s+[^.;%]{0,50}?\b(?:in|on)\s+"
    r"(?:R&D|research\s+(?:and|&)\s+(?:experimental\s+)?development)\b",
    re.IGNORECASE,
)
# "Hefei spent 3.9 percent of its GDP on R&D": the share of GDP inside a spending phrase
SHARE_SPENT = re.compile(
    r"\b(?:spent|spends|spend|spending|invested|invests|invest|investing|devoted|devotes|"
    r"allocated|allocates)\s+(?P<share>[^;,]{1,30}?)\s+of\s+(?:its\s+|their\s+|the\s+\w+['’]s\s+)?"
    r"(?:GDP|gross\s+domestic\s+product)\s+(?:on|in|to|into)\s+"
    r"(?:R&D|research\s+(?:and|&)\s+(?:experimental\s+)?development)\b",
    re.IGNORECASE,
)
OF_GDP = re.compile(
    r"\s+of\s+(?:(?:its|their|the\s+(?:city|country|province|region)'s)\s+|"
    r"(?P<owner>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)'s\s+)?(?:GDP|gross\s+domestic\s+product)\b"
)
# a figure said of the members of a place, not of the place: "nine cities in the region"
MEMBERS = re.compile(
    r"\b(?:each|every|cities|provinces|districts|counties|members|economies)\b", re.IGNORECASE
)
PLACES_WITH_GDP = predicates()["gdp"].subject_types
PLACES_WITH_POPULATION = predicates()["population"].subject_types
PLACES_WITH_INTENSITY = predicates()["rd_intensity_pct"].subject_types

# an elliptical pair: "Shenzhen's GDP reached 3.2 trillion yuan, Guangzhou's 2.8 trillion yuan",
# "Shenzhen has a population of 17.7 million, Guangzhou 18.8 million": the second place's figure
# of the same measure, its verb and noun left out (the year, when the sentence gives one, is both)
PAIR_MEASURES = (
    ("gdp", "money", GDP_NOUN, PLACES_WITH_GDP),
    ("population", "cardinal", re.compile(r"\bpopulation\b", re.I), PLACES_WITH_POPULATION),
    ("rd_intensity_pct", "percent", INTENSITY, PLACES_WITH_INTENSITY),
)
PAIR_FIRST = re.compile(
    r"\s+(?:(?:has|had)\s+(?:a|an)\s+(?:(?:total|permanent|resident)\s+)?)?(?P<noun>[^,;.]{2,60}?)\s+"
    r"(?:of|reached|was|is|stood\s+at|hit|totall?ed|amounted\s+to|came\s+to)\s+"
    r"(?:about\s+|around\s+|nearly\s+|over\s+|more\s+than\s+)?$",
    re.IGNORECASE,
)
PAIR_SECOND = re.compile(
    r"(?:\s+(?:in|by)\s+(?:19|20)\d{2})?,\s+(?:while\s+|and\s+|whereas\s+)?(?:the\s+)?$", re.I
)
PAIR_GAP = re.compile(
    r"(?:['’]s)?(?:\s+(?:was|reached|stood\s+at|hit|had))?\s+"
    r"(?:about\s+|around\s+|nearly\s+|over\s+|more\s+than\s+)?",
    re.IGNORECASE,
)


# the second figure closes its clause ("..., Guangzhou's 2.8 trillion yuan." or "... in 2022")
PAIR_CLOSES = re.compile(r"(?:\s+(?:in|by)\s+(?:19|20)\d{2})?\s*(?:[,.;)]|$)")
