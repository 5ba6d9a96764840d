"""The patterns the location rule (`location.location`) reads between and around two names:
"in", "X, Y province", "the capital of", "district of", compass words."""

from __future__ import annotations

import re

from hotspots.extract import lexicon
from hotspots.extract.rules.common_places import LEGAL_FORM

# "north", "south-west", "northeastern", ... (reference/lexicons/locations.yaml)
COMPASS_WORDS = lexicon.alternation(lexicon.words("locations", "compass_words"))
KIND_NOUNS = lexicon.alternation(lexicon.words("locations", "kind_nouns"))
# "Central China's" before a province: a qualifier of the province, not a place of its own
# ("China's Northeast Jilin province": the same qualifier the other way round)
COMPASS_QUALIFIER = (
    rf"(?:(?:{COMPASS_WORDS})\s+China's\s+|China's\s+(?:{COMPASS_WORDS})(?:ern)?\s+(?=[A-Z]))"
)
COMPASS_ADJECTIVE = rf"(?:(?:{COMPASS_WORDS})\s+)"
# "the heart of", "the geographically geometric centre of", "the main urban area of"
PLACE_CENTRE = (
    r"(?:(?:[\w-]+\s+){0,2}?(?:heart|centre|center|middle|core|urban\s+area)\s+of\s+(?:the\s+)?)"
)
IN_GAP = re.compile(
    r"^(?:\s+(?:island|district|area|zone|park|campus|headquarters|new area|science park|city))?"
    # "(Songshan Lake for short), located in": the short name the text goes on with; "Hefei
    # High-tech Zone (HHZ), located in": an abbreviation or gloss in parentheses
    # ("Southern University of Science and Technology (SUSTech, simplified Chinese: ...; pinyin:
    # ...) is a ... university in Shenzhen": an encyclopedia's glosses, however long)
    r"(?:\s+for\s+short\s*\)|\s*\([^()]{1,160}\))?"
    # "Weichai Power Co., Ltd is a Chinese listed company in Weifang": the company's legal form
    r"(?:,?\s+" + LEGAL_FORM + r"(?=\s+(?:is|was)\s))?"
    # "The Wuxi National Hi-tech District, also known as the WND, in Jiangsu": a second name
    # between the name and its place
    r"(?:,\s+also\s+(?:known\s+as|called)\s+[^,;:()]{1,40}?(?=,))?"
    # "Changzhou, facing the Yangtze River in north, is located in": a participle's aside
    r"(?:,\s+(?:[a-z]+ing|bordered\s+by|adjacent\s+to|close\s+to)\s[^,;:()]{1,60}?(?=,\s+(?:is|was|are|were|lies|sits)\s))?"
    # "Jilin University, founded in 1946, located in Changchun": a founding date's aside
    r"(?:,\s+(?:founded|established|set\s+up|created)\s+in\s+(?:[A-Z][a-z]+\s+)?\d{4}(?=,\s+(?:located|situated)\s))?"
    # ("Changchun New Area -- in Changchun city": a dash before the place)
    r"(?:\s*[,-]?\s+|\s*(?:--|—|–)\s*)"
    # "A and B, both in Shanghai"; "Suzhou, a city in southern Jiangsu province"
    # "Shenzhen University, the oldest university in Shenzhen"; "Shenzhen is a city of
    # sub-provincial status in Guangdong": the noun of an apposition or a copula
    # ("is a public, coeducational research university located in": adjectives with commas)
    r"(?:(?<=,\s)(?:both|all|each)\s+|(?P<noun>(?:(?<=,\s)|(?:is|was)\s+)(?:a|an|the)\s+(?:[\w-]+,?\s+){0,4}?"
    # ("Zhuzhou, the fifth largest economy in Hunan province": a place ranked among its province's)
    r"(?:" + KIND_NOUNS + r")\s+"
    r"(?:of\s+(?:[\w-]+\s+){1,3}?)?))?"
    # ("located here in Hefei": the writer's "here" is the place named after it)
    r"(?:(?:is|are|was|were)\s+)?(?:(?:located|situated|seated|sits|lies|nestled|nestles)\s+(?:(?:right\s+)?here\s+(?=in\s))?"
    # "Zhangjiang Hi-Tech Park, founded in 1992 in the Pudong New Area": where a zone was set up
    # (read for parks and districts only: a company may have moved since)
    r"|(?P<founded>(?:founded|established|set\s+up|launched)\s+(?:in\s+(?:[A-Z][a-z]+\s+)?\d{4}\s+)?))?"
    # "in the western part of Qixia District", "on the outskirts of Dongguan", "located at the
    # geometric centre of Dongguan", "in the heart of the Yangtze River Delta"
    # ("Zhangjiang Hi-Tech Park, inside Pudong New Area"; "lies within Hefei": "in" as well)
    # ("in the eastern province of Shandong", "in the coastal city of Qingdao")
    r"(?:(?:in|inside|within|(?<=located\s)at|(?<=situated\s)at)\s+(?:the\s+)?(?:"
    rf"(?:(?:{COMPASS_WORDS}|coastal|inland)\s+)?"
    r"(?:city|province)\s+of\s+|"
    # "located in the city's Guangming district": the place named after a possessive reference
    r"(?<=the\s)(?:city|province)['’]s\s+|"
    # "It lies in the east of Suzhou" (inside the place; "to the east of" is outside it)
    r"(?<=in\sthe\s)(?:north|south|east|west)(?:-?(?:east|west))?\s+of\s+(?:the\s+)?|"
    + PLACE_CENTRE
    + "|"
    # ("in central and western Inner Mongolia": two compass words joined)
    r"(?:(?:north|south|east|west|central|middle|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+"
    r"(?:(?:and|or)\s+(?:north|south|east|west|central|middle)(?:ern)?\s+)?)?"
    # "in the west urban district of Changsha city", "in the southern part of"
    # ("in the central area of East China's Zhejiang province")
    r"(?:part|suburbs|outskirts|side|(?:(?<=ern\s)|(?<=ral\s)|(?<=dle\s))(?:area|region)|(?<=\w\s)urban\s+(?:district|area))\s+of\s+(?:the\s+)?)?"
    r"|on\s+the\s+(?:outskirts|edge)\s+of\s+(?:the\s+)?"
    # "The Binhai New Area is located along the east coast of Tianjin"
    r"|(?:(?<=located\s)|(?<=situated\s)|(?<=lies\s))(?:along|on)\s+the\s+"
    r"(?:(?:north|south|east|west)(?:ern)?\s+)?coast\s+of\s+(?:the\s+)?)"
    + "(?:"
    + COMPASS_QUALIFIER
    + "|"
    + COMPASS_ADJECTIVE
    + ")?$",
    re.IGNORECASE,
)
REFERENCE_LOCATED = re.compile(
    r"^\W*(?P<ref>it|the (?:park|zone|district|area|hub|company|firm|university|institute|centre|city)"
    # "The new area is located in", "The development zone lies in"
    r"|the (?:development|high-tech|hi-tech) zone|the new area)"
    # "Its main campuses are located in", "The university's campus lies in": where a university
    # is, its (main) campus is (a campus named by its place, "its Weihai campus", is a part)
    r"(?:(?:['’]s|(?<=\bit)s)(?=\s+(?:main\s+)?campus))?"
    r"(?:\s+(?:main\s+)?campus(?:es)?)?\s+"
    r"(?:(?:is|was|are)\s+)?(?:(?:also|now)\s+)?(?:located|situated|lies|sits)\s+(?:in|at)\s+(?:the\s+)?"
    # "located in the provincial capital city of Kunming"
    r"(?:(?:provincial\s+)?capital\s+city\s+of\s+)?"
    r"(?:(?:(?:north|south|east|west|central)(?:ern)?\s+)?(?:part|suburbs|outskirts)\s+of\s+(?:the\s+)?|"
    r"(?<=in\sthe\s)(?:north|south|east|west)(?:-?(?:east|west))?\s+of\s+(?:the\s+)?|"
    + PLACE_CENTRE
    + ")?",
    re.IGNORECASE,
)
# the same gap, then a phrase pointing back to a place: "Optics Valley, a high-tech zone in the
# city"; "Tencent is located in the district"
IN_REFERENCE = re.compile(
    IN_GAP.pattern.removesuffix("$").removeprefix("^")
    + r"(?:the\s+)?(?P<ref>city|district|province|zone|park)\b(?!['’]s)",
    re.IGNORECASE,
)
# after "City, Province": the pair ends ("Hangzhou, Zhejiang."; "Hefei, Anhui province in east China")
PROVINCE_ENDS = re.compile(
    # the end of a line or table cell also ends it ("| Hefei, Anhui |")
    # (and a caption's credit: "Hangzhou, Zhejiang [Photo/...]")
    # (and a city named as one: "in Hunnan district, Shenyang city.")
    r"^(?:[ \t]*(?:\n|\||\[)|\s*(?:[.;,)]|\s+province\b|\s+city\s*[.;)]|\s+in\s+(?:the\s+)?"
    + COMPASS_ADJECTIVE
    + r"|$))"
)
# "in east China", "in the central part of China": a part of the country the text names no further
REGION_OF_COUNTRY = re.compile(
    "(?:"
    + COMPASS_ADJECTIVE
    + r"|\bpart\s+of\s+(?:the\s+)?|\b(?:north|south|east|west)(?:-?(?:east|west))?\s+of\s+)$",
    re.IGNORECASE,
)
COMMA_GAP = re.compile(r"(?:\s+city)?,\s+" + COMPASS_QUALIFIER + "?", re.IGNORECASE)
PLURAL_IN_GAP = re.compile(
    r"\s+(?:(?:are|were)\s+)?(?:both\s+|all\s+)?(?:(?:located|situated|lie|sit)\s+)?in\s+(?:the\s+)?"
    + COMPASS_ADJECTIVE
    + "?",
    re.IGNORECASE,
)
# "Sichuan's provincial capital Chengdu", "Hubei province's capital city of Wuhan"
POSSESSIVE_CAPITAL = re.compile(
    r"(?:\s+province)?'s\s+(?:provincial\s+)?capital(?:\s+city)?(?:\s+of)?\s+", re.IGNORECASE
)
# "Longgang District of Shenzhen city", "Hefei of Anhui": read only where the gazetteer agrees
PART_OF_GAP = re.compile(
    r"(?:\s+(?:district|city|new area))?\s+of\s+" + COMPASS_QUALIFIER + "?", re.IGNORECASE
)
# "is part of", "is now an integral part of", "forms part of": a part of a larger place
PART_OF_PLACE = re.compile(
    r"\s+(?:(?:is|was|remains|forms)\s+)(?:now\s+|also\s+)?(?:a\s+|an\s+)?"
    r"(?:(?:key|core|important|integral)\s+)?part\s+of\s+(?:the\s+)?",
    re.IGNORECASE,
)
# a noun that owns what a name before "in" has: "shares of BYD in Hong Kong", "a branch of
# Tsinghua University in Shenzhen", "sales of Xiaomi in Beijing": the place is the noun's
PART_OF_NAME = re.compile(
    r"\b(?:shares|stocks?|listings?|sales|exports|imports|investments?|revenues?|profits?|output|"
    r"operations|subsidiar(?:y|ies)|branch(?:es)?|campus(?:es)?|offices?|labs?|laborator(?:y|ies)|"
    r"factor(?:y|ies)|plants?|cent(?:re|er)s?|units?|teams?|staff|employees|workers|engineers|"
    r"researchers|students|customers|clients|partners|suppliers|rivals|products|stores?|shops?)"
    # "the head office and global R&D center of home appliance maker Haier": lower-case words
    # that say what the owner is may stand between "of" and its name
    r"\s+of\s+(?:the\s+)?(?:(?-i:[a-z][\w&-]*)\s+){0,3}$",
    re.IGNORECASE,
)
# the administrative capital only: "the e-commerce capital of Zhejiang" is an epithet
CAPITAL_WORDS = (
    # ("the modern capital of Henan Province": the capital now, beside an ancient one)
    r"(?:the\s+)?(?:(?:modern|current|present-day)\s+)?"
    r"(?:(?:(?:provincial|political|administrative)(?:\s+and\s+(?:cultural|economic))?\s+)?"
    r"capital\s+(?:city\s+)?|administrative\s+cent(?:er|re)\s+)of\s+(?:the\s+)?"
    # "capital of neighbouring Sichuan province"
    r"(?:(?:neighbou?ring|nearby|adjacent)\s+)?"
)
# "Haikou, Hainan's capital", "Haikou is Hainan's capital": the province's possessive after the city
CAPITAL_AFTER_POSSESSIVE = re.compile(
    r"['’]s\s+(?:provincial\s+)?capital(?:\s+city)?\b(?!\s+(?:of|region|area)\b)", re.IGNORECASE
)
CITY_THEN_PROVINCE = re.compile(r",\s+|\s+(?:is|was|remains)\s+(?:also\s+)?", re.IGNORECASE)
CAPITAL_BEFORE = re.compile(r"\b" + CAPITAL_WORDS + "$", re.IGNORECASE)
CAPITAL_GAP = re.compile(
    # "Guiyang, capital of southwestern China's ...": the compass word before the country's name
    r"^(?:\s+city)?,?\s+\(?(?:(?:is|remains)\s+)?"
    + CAPITAL_WORDS
    # "capital of the south-western province of Guizhou"
    + "(?:"
    + COMPASS_ADJECTIVE
    + r"?(?:(?:inland|coastal)\s+)?province\s+of\s+)?"
    + "(?:"
    + COMPASS_QUALIFIER
    + "|"
    + COMPASS_ADJECTIVE
    + ")?$",
    re.IGNORECASE,
)
# "As the capital city of Hunan province, Changsha governs ...": the capital phrase opens the
# sentence, then a comma and the city
FRONTED_CAPITAL = re.compile(r"^\W*(?:as\s+)?" + CAPITAL_WORDS + "$", re.IGNORECASE)
# "Changsha, located in the central part of China, is the capital city of Hunan province": the
# capital phrase after the verb, its subject the sentence's city
IS_CAPITAL = re.compile(
    # "Hefei became the capital of Anhui", "was designated (by the central authorities) as the
    # capital city of": made the capital, and it still is unless the text says otherwise
    r"\b(?:is|remains|became|was\s+(?:made|named|designated)(?:\s+by\s+[\w\s]{3,40}?)?\s+as)"
    # (past an epithet first: "Jinan is the City of Springs, the capital city of ...")
    r"\s+(?:the\s+(?-i:[A-Z])[\w'’ -]{0,40}?,\s+)?(?:(?:now|also|still)\s+)?"
    + CAPITAL_WORDS
    + COMPASS_QUALIFIER
    + "?$",
    re.IGNORECASE,
)
# "30 km north of", "north-west of" (not "in the north of"): a distance or a direction from a place
DIRECTION_FROM = re.compile(
    r"\b\d[\d.,]*\s*(?:km|kilomet(?:er|re)s?|miles?)\b|(?<!the\s)\b(?:north|south|east|west)"
    r"(?:-?(?:east|west))?\s+of\b",
    re.IGNORECASE,
)
OUTSIDE = re.compile(r"\b(?:outside|beyond|except|unlike|apart from|away from)\b", re.IGNORECASE)
PROVINCE_OF_LEAD = re.compile(r"\b(?:province|region|municipality|district) of\s+$", re.IGNORECASE)
# a name ending with the unit word of a unit below a district ("Yuehai subdistrict"), then "of"
SUB_UNIT_NAME = re.compile(r"\s(?:sub-?district|township)$", re.IGNORECASE)
SUB_UNIT_OF = re.compile(r"\s+of\s+(?:the\s+)?")
# a district's or county's name with its unit word ("Xingning District")
UNIT_NAME = re.compile(r"\s(?:district|county)$", re.IGNORECASE)
DISTRICT_OF = re.compile(
    r"\s*(?:\([^()]{0,160}\)\s*)?"
    r"(?:,\s*|\s+(?:is|was|became|remains)\s+(?:now\s+|also\s+)?)"
    r"(?:(?:a|an|the)\s+|one\s+of\s+(?:the\s+)?(?:[\w-]+\s+)?)"
    # "the most southerly district of", "the largest urban district of"
    r"(?:(?:most|largest|smallest|oldest|youngest|newest|biggest|northernmost|southernmost|"
    r"easternmost|westernmost|(?:north|south|east|west)erly)\s+)*"
    r"(?:(?:urban|rural|suburban|central|core|new|county-level|municipal|administrative)\s+)*"
    # "Huaqiao, a township of Kunshan": a township, town or sub-district is a district-level id
    r"(?:districts?|count(?:y|ies)|townships?|towns?|sub-?districts?)\s+"
    r"(?:of|in|under\s+the\s+(?:jurisdiction|administration)\s+of)\s+(?:the\s+)?"
    r"(?:(?:prefecture-level|sub-provincial|provincial|municipal)\s+)?(?:(?:city|municipality)\s+of\s+)?",
    re.IGNORECASE,
)
WHERE_LOCATED = re.compile(r",?\s+where\s+$", re.IGNORECASE)
COMPASS = re.compile(
    r"\bin the (?:north|south|east|west|centre|center|heart|middle)(?:[- ](?:east|west))?(?:ern part)? of (?P<ref>the city|the district|the province|the region)\b",
    re.IGNORECASE,
)
# "Adjacent to Shanghai in East China's Jiangsu province, Kunshan ...": a landmark the subject is
# next to; the place after it locates the subject
# ("located 5 km west of Suzhou, in the Jiangsu province": a distance and a compass word make
# the city a landmark the subject lies beside, not a place it lies in)
NEAR_WORDS = (
    r"\b(?:adjacent\s+to|next\s+to|close\s+to|near|bordering|neighbou?ring|not\s+far\s+from"
    r"|\d+(?:\.\d+)?\s*(?:km|kilometers|kilometres|miles)\s+(?:(?:north|south)(?:-?(?:east|west))?|east|west)"
    r"(?:ward)?\s+of)"
)
NEAR_LANDMARK = re.compile(NEAR_WORDS + r"\s+(?:the\s+)?$", re.IGNORECASE)
# the same, before the last of a list of landmarks ("adjacent to A and B Scenic Zone"): never what
# a later area measures
NEAR_LANDMARKS = re.compile(
    NEAR_WORDS + r"\s+(?:the\s+)?(?:[^,;.]*?\s+and\s+(?:the\s+)?)?$", re.IGNORECASE
)
# "China's central Hubei province": a country's possessive before one of its provinces
# "China's central Hubei province", "China's inland province of Guizhou"
OWNED_PROVINCE = re.compile(
    # ("China's Northeast Jilin province": a compass word, capitalised)
    rf"['’]s\s+(?:(?:(?-i:[a-z-]+)|(?:{COMPASS_WORDS})(?:ern)?)\s+)?(?:province\s+of\s+(?:the\s+)?)?",
    re.IGNORECASE,
)
