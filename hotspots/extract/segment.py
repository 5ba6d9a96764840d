"""Split a document into blocks (lines/paragraphs) and sentences, keeping character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "no",
    "nos",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "vs",
    "inc",
    "co",
    "ltd",
    "corp",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "fig",
    "etc",
    "p.r",
    "dept",
    "univ",
    "est",
}
# a stop may carry citation marks before the space ("China.[1] It covers")
# a sentence may open with a name written in lower case with a capital inside ("iFlytek", "eHi")
# text scraped from pages may lose the space after a stop ("in central China.Five out of the top
# 10 cities"): a stop between a lower-case word and a capitalised one ends the sentence too
_SENTENCE_END = re.compile(
    r"[.!?]+(?:\[\d{1,3}\]|[\"')\]])*\s+(?=[\"'(\[]?(?:[A-Z0-9]|[a-z]{1,3}[A-Z]))"
    r"|(?<=[a-z]{3})[.!?](?=[A-Z][a-z]{2,}\b)"
)
# abbreviations that also end sentences ("... set up by Tencent Holdings Ltd. The company ...",
# "chips, drones, etc. The city ..."): followed by a word that opens sentences, the stop ends one
ALSO_ENDS = frozenset({"co", "ltd", "inc", "corp", "etc", "u.s", "u.k"})
_OPENER = re.compile(
    r"[\"'(\[]?(?:The|It|Its|This|These|Those|That|There|They|Their|He|She|We|In|On|At|By|Since|"
    r"As|After|Before|According|But|However|Meanwhile|Today|Now|Last|Founded|Located|"
    r"Established|Also|Such|Some|Many|Most|Its)\b"
)
# a news dateline opening a line ("BEIJING, May 22 (Xinhua) -- ", "Jul.7 (China Daily) -- ",
# "SHENZHEN — ", "(Bloomberg) -- "): a sentence of its own, so that the sentence after it opens
# where its words open ("Since its establishment in 1991, the zone ...")
_MONTH_DAY = r"[A-Z][a-z]{2,8}\.?[ \t]*\d{1,2}(?:,[ \t]*\d{4})?"
_CITY = r"(?:[A-Z][A-Z.'’-]*(?:[ \t][A-Z][A-Z.'’-]*){0,2})"
_AGENCY = r"(?:\([^()\n]{2,30}\)|/[^/\n]{2,30}/)"  # "(Xinhua)", "/PRNewswire/"
DATELINE = re.compile(
    r"[ \t]*(?:"
    rf"{_CITY}(?:,[ \t]*{_MONTH_DAY})?[ \t]*{_AGENCY}"
    rf"|{_CITY},[ \t]*{_MONTH_DAY}(?:[ \t]*{_AGENCY})?"
    rf"|{_MONTH_DAY}[ \t]*\([^()\n]{{2,30}}\)"
    r"|[A-Z]{4,}(?:[ \t][A-Z]{2,}){0,2}"
    r"|\([^()\n]{2,30}\)"
    r")[ \t]*(?:--|—|–)[ \t]+(?=[\"'“‘(]?[A-Z0-9])"
)
_LIST_ITEM = re.compile(r"^\s*(?:(?P<num>\d{1,3})\s*[.)]|[-*•·▪●]|No\.\s?\d{1,3})\s+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    block: int  # index of the block (line) it belongs to
    paragraph: int  # index of the paragraph (blank-line separated run of lines)
    is_list_item: bool
    is_heading: bool


def _split_sentences(line: str, offset: int) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(line):
        before = line[start : m.start() + 1].rstrip(".!?\"')] ")
        last_word = (
            re.split(r"\s+", before)[-1].lower().rstrip(".").lstrip("([\"'") if before else ""
        )
        if last_word in ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word or "-"):
            # "(chips, drones, etc.). Hefei ...": a stop after a closing bracket ends the sentence
            closed = m.start() > start and line[m.start() - 1] in ")]\"'”’"
            if not closed and not (last_word in ALSO_ENDS and _OPENER.match(line, m.end())):
                continue
        if _LIST_ITEM.match(line[start : m.end()]) and line[start : m.start()].strip().isdigit():
            continue  # "1. Tokyo" is a list marker, not a sentence end
        end = m.end()
        spans.append((start, end))
        start = end
    spans.append((start, len(line)))
    out = []
    for s, e in spans:
        seg = line[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg.rstrip())
        if trail > lead:
            out.append((offset + s + lead, offset + s + trail))
    return out


def _line_sentences(line: str, offset: int) -> list[tuple[int, int]]:
    """The sentence spans of one line; a dateline opening it, when words follow, is the first."""
    dateline = DATELINE.match(line)
    rest = _split_sentences(line[dateline.end() :], offset + dateline.end()) if dateline else []
    if not rest:
        return _split_sentences(line, offset)
    lead = len(line) - len(line.lstrip())
    return [(offset + lead, offset + len(line[: dateline.end()].rstrip())), *rest]


def looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 120 or _LIST_ITEM.match(stripped):
        return False
    if stripped[-1] in ".!;,":
        return False
    words = stripped.split()
    return len(words) <= 14


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in document order; each line is a block, blank lines separate paragraphs."""
    sentences: list[Sentence] = []
    paragraph, block, pos = 0, 0, 0
    previous_blank = False
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if not content.strip():
            pos += len(line)
            if not previous_blank:
                paragraph += 1
            previous_blank = True
            continue
        previous_blank = False
        heading = looks_like_heading(content)
        is_item = bool(_LIST_ITEM.match(content))
        for s, e in _line_sentences(content, pos):
            sentences.append(Sentence(s, e, text[s:e], block, paragraph, is_item, heading))
        block += 1
        pos += len(line)
    return sentences
