"""The shapes the membership rule reads: a member before 'part of'/'member of', 'includes' and a
list's lead, 'unites', what is no member, scene-setting openings, core-city cues ('one of the
cities of', 'at the core of', 'form the core of'), what lies outside the group, an opening that
names the members, 'which make up the region' (hotspots.extract.rules.membership reads them)."""

from __future__ import annotations

import re

MEMBER_BEFORE = re.compile(
    r"\b(?:is|are|was|were|as|remains|remain)\s+(?:also\s+|both\s+|all\s+|now\s+)?(?:a\s+|an\s+)?(?:(?:important|integral|key|core|vital|major|founding)\s+)?(?:part|member|members)\s+of\s+(?:the\s+)?(?:China's\s+)?$|\bbelongs?\s+to\s+(?:the\s+)?(?:China's\s+)?$|\bjoined\s+(?:the\s+)?$",
    re.IGNORECASE,
)
MEMBER_LEAD = re.compile(r"^\W*(?:As\s+)?(?:a\s+)?(?:Part|Member)\s+of\s+", re.IGNORECASE)
INCLUDES = re.compile(
    r"^\s*(?:[,-]\s*)?(?:which\s+)?(?:comprises|comprising|includes|including|consists of|consisting of|covers|covering|spans|spanning|brings together|bringing together|unites|uniting|encompasses|encompassing|is made up of|made up of|(?:is\s+)?composed of|groups|(?:connects|connecting|links|linking|joins|joining)(?!\s+(?:with|to|up)\b))\b",
    re.IGNORECASE,
)
MEMBER_LIST_LEAD = re.compile(
    r"(?:^\W*|[,;-]\s*)(?:Among them(?: (?:are|were))?|They (?:include|are)|The (?:\w+\s+){0,3}(?:member\s+)?(?:cities|members) (?:are|include)|Its (?:member\s+)?(?:cities|members) (?:are|include))\b"
    r"|\b(?:including|includes|include) (?:the )?(?:\w+\s+)?cities (?:such as|like|of)\b"
    r"|\b(?:member cities|members|cities) of (?:the )?[^.;:]{3,80}? (?:include|includes|are|comprise)\b",
    re.IGNORECASE,
)
UNITES = re.compile(
    r"\b(?:unite|unites|uniting|link|links|linking|bring together|brings together|bringing together|integrate|integrates|integrating)\s+(?:the\s+)?(?:strengths|economies|cities|resources|markets)\s+of\s+",
    re.IGNORECASE,
)
NOT_MEMBER_BEFORE = re.compile(
    r"\b(?:cities|parts?|areas?|regions?) of\s+(?:the\s+)?$|\bin\s+(?:the\s+)?$", re.IGNORECASE
)
# "In the southern province of Sichuan, Chengdu is part of ...": Sichuan sets the scene, it is not the subject
SCENE_SETTING = re.compile(
    r"\b(?:in|from|across|within)\s+(?:the\s+)?(?:\w+\s+)?(?:province|region|municipality)\s+of\s+$|\bin\s+(?:the\s+)?$",
    re.IGNORECASE,
)
CORE_CUE = re.compile(
    r"\bwith\s+(?P<a>.{1,60}?)\s+(?:as|at)\s+(?:its|the)\s+(?:core|centre|center|heart|hub)(?:\s+cit(?:y|ies))?\b"
    r"|\b(?:anchored|centred|centered|led)\s+(?:by|on)\s+(?P<b>[^.;]{1,120}?)(?:,\s+(?:the|this|its)\s+(?:region|area|circle|zone|cluster|delta|bay area|economic)\b|[.;]|$)"
    r"|\b(?P<c>[A-Z][^,.;]{0,40}?)\s+(?:is|are|remains|remain)\s+(?:(?:one|two|three|four|five)\s+of\s+)?the\s+(?:\w+\s+)?core\s+(?:city|cities)\b"
    r"|\bnames\s+(?P<d>.{1,80}?)\s+as\s+(?:the\s+)?(?:\w+'s\s+)?(?:\w+\s+)?core\s+cities\b"
    r"|\bcore\s+cities\s+(?:anchor|of|lead|drive)\s+[^:.;]{3,80}:\s*(?P<e>[^.;]+)",
    re.IGNORECASE,
)


# "Dongguan, one of the main cities in the Greater Bay Area"; "Hefei is one of the cities of the
# Yangtze River Delta": the name right before the apposition or the copula is a member
ONE_OF_CITIES = re.compile(
    r"^(?:\s*,\s*|\s+(?:is|was|remains)\s+)(?:also\s+)?one\s+of\s+the\s+(?:[\w-]+\s+){0,3}?"
    r"(?:cities|members)\s+(?:in|of)\s+(?:the\s+)?(?:proposed\s+|China's\s+)?$",
    re.IGNORECASE,
)
# "Guangzhou is at the core of the Pearl River Delta" (also after a fronted apposition: "The capital
# of Guangdong, Guangzhou, is at the core of"): the name right before the verb is a core city
# ("at the heart of" may be geography only: not read)
AT_CORE = re.compile(
    r"^,?\s+(?:is|lies|sits|remains|stands)\s+at\s+the\s+core\s+of\s+(?:the\s+)?(?:proposed\s+)?$",
    re.IGNORECASE,
)
# "Shenzhen and Hong Kong form the core of the cluster"; "Together the two cities form the core
# of": every city of the list or of the group the plural phrase points back to
FORM_CORE = re.compile(
    r"\s+(?:together\s+)?(?:form|formed|constitute|make\s+up)\s+the\s+(?:twin\s+)?core\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


# "outside the Greater Bay Area, including ...": what follows lies outside the region
# "The Yangtze River Delta region is a vital economic engine of China, encompassing Shanghai and
# ...", "the GBA is a city cluster composed of ...", "the Greater Bay Area scheme, which includes":
# a region named as its sentence's subject, a predicate noun or a scheme word between it and the
# list's verb (INCLUDES must match right after)
REGION_BEFORE_LIST = re.compile(
    r"^(?:\s+(?:region|area))?\s+(?:is|was|has\s+become|remains)\s+(?:a|an|the|one\s+of\s+the)\s+"
    r"[^,.;:()]{1,80}?(?=(?:,\s*|\s+)(?:comprising|including|consisting\s+of|covering|spanning|"
    r"encompassing|composed\s+of|made\s+up\s+of|connecting|linking|joining|bringing\s+together|uniting)\b)"
    r"|^\s+(?P<scheme>scheme|plan|initiative|strategy|project|blueprint)(?=,\s*which\b)",
    re.IGNORECASE,
)
# what may stand before a region for it to be its sentence's subject: nothing but an article, or
# a fronted phrase closed by a comma ("Covering 56,000 square km in the Pearl River Delta, the")
REGION_AS_SUBJECT = re.compile(r"(?:^\W*|,\s+)(?:the\s+)?(?:\w+['’]s\s+)?$", re.IGNORECASE)
OUTSIDE_GROUP = re.compile(
    r"\b(?:outside|beyond|except|apart\s+from|away\s+from|near|around|neighbou?ring|bordering|"
    r"not\s+(?:in|part\s+of))\s+(?:of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
# "Spread across Shanghai and its neighboring provinces of Jiangsu, Zhejiang and Anhui, the
# Yangtze River Delta covers ...": an opening phrase naming the members of the clause's subject
MEMBERS_OPENING = re.compile(
    r"^\W*(?:Spread|Stretching|Spanning|Sprawling)\s+(?:across|over|through)\s+"
    r"|^\W*(?:Spanning|Covering|Comprising|Encompassing|Uniting|Linking|Made up of|Consisting of|Composed of)\s+",
    re.IGNORECASE,
)
# "Shanghai and its three neighboring provinces, which make up the region"
MAKE_UP = re.compile(
    r",?\s*(?:which|that|who)\s+(?:together\s+)?(?:make|makes|made|form|forms|formed|constitute|constitutes)(?:\s+up)?\s+(?:the\s+)?$",
    re.IGNORECASE,
)

PLACE_THEN_LIST = re.compile(
    r"(?:\s+province)?\s*(?:[-\u2014\u2013:(]|,\s*namely)\s*"
    # "nine cities in Guangdong Province and two Special Administrative Regions (SAR), Hong Kong
    # and Macao": the place closes the first part, the members of the second follow their noun
    r"|(?:\s+province)?\s+and\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:SARs?|special\s+administrative\s+regions?|"
    r"municipalit(?:y|ies))(?:\s*\([^()]{1,10}\))?\s*(?:,|:|of|namely)\s*",
    re.IGNORECASE,
)
LIST_RESUMES = re.compile(
    r"\s*[-\u2014\u2013)]\s*(?:,\s*)?and\s+(?:the\s+)?(?:\w+\s+)?(?:SARs?|special administrative regions?|cities|municipalit(?:y|ies)|provinces?)\s+of\s+",
    re.IGNORECASE,
)
MAKE_UP_CUE = re.compile(r"\b(?:make|makes|made|form|forms|formed|constitute|constitutes)\b")
MAKE_UP_REGION = re.compile(
    r",?\s*(?:which|that)\s+(?:together\s+)?(?:make|makes|made|form|forms|formed|constitute|constitutes)(?:\s+up)?\s+the\s+(?:region|area|delta)\b",
    re.IGNORECASE,
)
