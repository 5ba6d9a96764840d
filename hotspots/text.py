"""Text normalisation shared by matching and resolution.

`fold_for_matching` keeps the text's length so that every offset found in the folded text is an
offset in the original: spans never drift. `normalize_name` is the lossy key used to compare names.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Characters that mean "dash" or "apostrophe/quote" in the wild, folded to one ASCII form each.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
APOSTROPHES = "\u2018\u2019\u201b\u2032\u02bc\uff07"
QUOTES = "\u201c\u201d\u201e\u201f\u2033\uff02"
SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
)

_FOLD_TABLE = str.maketrans(
    {
        **dict.fromkeys(DASHES, "-"),
        **dict.fromkeys(APOSTROPHES, "'"),
        **dict.fromkeys(QUOTES, '"'),
        **dict.fromkeys(SPACES, " "),
        "\t": " ",
    }
)


# Typography of pages copied from Chinese sites, put right in place (the same length): a space
# before a comma ("Xiamen Special Economic Zone , established in 1980") and inside a possessive
# ("East China' s Anhui province") move after it.
_SPACE_BEFORE_COMMA = re.compile(r"(?<=\w) ,(?= )")
_SPACED_POSSESSIVE = re.compile(r"(?<=\w)' s(?= )")


def fold_for_matching(text: str) -> str:
    """Same-length copy of `text` with dashes, quotes and spaces folded to ASCII, and a space
    before a comma or inside a possessive moved after it."""
    folded = text.translate(_FOLD_TABLE)
    if " ," in folded:
        folded = _SPACE_BEFORE_COMMA.sub(", ", folded)
    if "' s " in folded:
        folded = _SPACED_POSSESSIVE.sub("'s ", folded)
    assert len(folded) == len(text)
    return folded


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_SPACE_AROUND_DASH = re.compile(r"\s*-\s*")
_NON_WORD = re.compile(r"[^\w\s\-&]")
_WS = re.compile(r"\s+")


# The same few thousand names recur in every document (43 k calls for 1,000 documents).
@functools.lru_cache(maxsize=1 << 16)
def normalize_name(name: str) -> str:
    """Comparison key for names: case, dashes, diacritics, punctuation and spacing folded.

    "Shenzhen – Hong Kong–Guangzhou" and "shenzhen-hong kong-guangzhou" give the same key.
    """
    key = strip_diacritics(unicodedata.normalize("NFKC", name)).translate(_FOLD_TABLE)
    key = key.casefold().replace("'s ", " ").replace("'", "")
    key = _NON_WORD.sub(" ", key)
    key = _SPACE_AROUND_DASH.sub("-", key)
    key = _WS.sub(" ", key).strip(" -")
    key = re.sub(r"^(?:the )+", "", key)  # all of them, so that the key is idempotent
    return key


def slugify(name: str) -> str:
    """Readable id part: 'Shenzhen–Hong Kong–Guangzhou' -> 'shenzhen-hong-kong-guangzhou'."""
    key = normalize_name(name).replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-")
