"""The words and patterns of the description rules (`descriptions`): the cues each rule starts
from (DESCRIBED, BECOME_LABEL, DESCRIPTION_CUE, HEADING_LABEL) and the shapes that keep a phrase
from being an epithet (negated, former, defined by another actor, a cleft sentence, ...)."""

from __future__ import annotations

import re

# verbs of praise before "as" that label their subject ("honored as", "renowned as")
ACCLAIMED = r"honou?red|acclaimed|celebrated|renowned|famed"
DESCRIBED = re.compile(
    r"\b(?:(?:earned|earning|earns|given|won|holds|bears|carries|awarded)\s+the\s+(?:(?:honorary|honourary|official)\s+)?(?:titles?|nicknames?|names?|moniker|reputation)\s+(?:of\s+)?|(?:known|dubbed|nicknamed|called|hailed|touted|billed|referred to|"
    + ACCLAIMED
    + r")\s+as\s+(?:the\s+)?(?:(?-i:[A-Z])[\w-]*['’]s\s+)?|dubbed\s+(?:the\s+)?(?:China's\s+|the\s+country's\s+)?"
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


# "\s\s*", not "\s+": the same matches, but a pattern that opens with a character class lets `re`
# skip to the spaces before trying it (three times faster over a sentence; it runs on every one)
DESCRIPTION_CUE = re.compile(
    r"\s\s*(?:is|was|remains|remained|has\s+remained|has\s+(?:once\s+again\s+|again\s+|now\s+|(?:undoubtedly|already|gradually|quickly|rapidly|steadily|since|also)\s+)?become|became|(?:has\s+)?turned\s+(?:out\s+)?to\s+be|has developed as|developed as|has emerged as|emerged as|is known for being|"
    r"(?:(?:has|is|was)\s+)?(?:long\s+)?(?:been\s+)?(?:seen|regarded|considered|viewed|described|recognised|recognized)\s+as|to be|"
    # "Hefei is widely considered the ...": a belief verb without "as"
    # ("Hefei is considered to be the economic center of Anhui")
    r"(?:is|was|are|were)\s+(?:widely\s+|generally\s+|often\s+|commonly\s+|now\s+)?considered(?:\s+to\s+be)?|"
    # "Shenzhen is often called China's Palo Alto", "The zone has been dubbed the Quantum Center"
    r"(?:is|was|are|were|has\s+been|have\s+been|had\s+been)\s+(?:often\s+|also\s+|widely\s+|sometimes\s+|commonly\s+|frequently\s+)?(?:dubbed|called|nicknamed|named|known\s+as|hailed\s+as|touted\s+as|billed\s+as|(?:"
    + ACCLAIMED
    + r")\s+as)|"
    # "Beijing retains its position as the global leader": a standing kept
    r"(?:retains|retained|retaining|keeps|kept|keeping|holds|held|holding)\s+its\s+(?:position|place|status|title)\s+as|"
    # "Beijing continues to rank as the leading science city", "Tokyo-Yokohama leads as the largest"
    r"(?:continues\s+to\s+|continue\s+to\s+|continued\s+to\s+)?(?:ranks|ranked|rank|leads|led|reigns|reigned|reign)\s+as)\s+"
    r"(?:(?:undoubtedly|now|also|still|increasingly|widely|arguably|certainly|clearly|already|long)\s+)*(?P<np>the\s+|(?=(?:China|Asia|Europe)['’]s\s))",
    re.IGNORECASE,
)


# "It's known as China's Famous Ceramic City", "it's the largest port in the south": the
# contraction's "'s" is the copula (a separate pattern: DESCRIPTION_CUE opens with a space, which
# keeps it fast on every sentence)
CONTRACTED_CUE = re.compile(
    r"(?<=\b[Ii]t)['’]s\s+(?:(?:often|also|widely|sometimes|commonly|now|still|already)\s+)*"
    r"(?:(?:known|regarded|seen|considered|hailed|touted|billed|recogni[sz]ed|renowned|famed)\s+as\s+"
    r"|(?:called|dubbed|nicknamed|considered)\s+|become\s+)?"
    r"(?:(?:undoubtedly|now|also|still|arguably|certainly|clearly)\s+)*"
    r"(?P<np>the\s+|(?=(?:China|Asia|Europe)['’]s\s))",
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


# a heading line that is a name, a dash and a quoted label: 'Changsha - "The Green City"' (the
# label as quoted, its article kept)
HEADING_LABEL = re.compile(
    r"\s*(?P<name>[^\n\"]{2,60}?)\s+(?P<dash>-)\s+\"(?P<q>[^\"\n]{3,60})\"\s*"
)
