"""Where an organisation is headquartered."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.context import DocContext
from hotspots.extract.context_references import PLURAL_NOUNS, PLURAL_REFERENCE_RE
from hotspots.extract.engine import rule
from hotspots.extract.rules.common import (
    ClaimDraft,
    _first_of,
    _grouped_by_headquarters,
    _negated,
    _typed,
    draft,
)
from hotspots.extract.rules.common_lists import LINE_OPENING, _subjects_before, coordinated
from hotspots.extract.rules.headquarters_places import _opening_subject, _place_after
from hotspots.extract.segment import Sentence
from hotspots.extract.types import HOST_PLACES, HQ_PLACES, ORGANISATIONS

COMPANY_REFERENCE = re.compile(
    r"\b(?:the|this)\s+(?:[\w-]+\s+){0,3}(?:company|group|firm|start-up|startup|maker|carmaker|chipmaker|giant)\s+(?:is|was|are|has been)?\s*(?:also\s+)?$",
    re.IGNORECASE,
)
OWNER_OPENING = re.compile(
    r"^\W*(?:the|this)\s+(?:[\w-]+\s+){0,2}(?:company|business|group|firm|start-up|startup|maker|giant)\b",
    re.IGNORECASE,
)
BASED_REFERENCE = re.compile(
    # ("the Pingshan, Longgang-based company": the first, most specific place, then its district)
    r"\b(?i:the|this)\s+(?P<place>[A-Z][\w'-]*(?:\s[A-Z][\w'-]*)?(?:,\s[A-Z][\w'-]*)?)-(?:based|headquartered)\s+(?:[\w-]+\s+){0,2}(?P<noun>company|group|firm|start-up|startup|maker|carmaker|chipmaker|giant|university)\b"
)
HQ_VERB = re.compile(
    r"(?P<a>\b(?:headquartered|is based|are based|are all based|is also based|were based|based)\s+(?:in|at|out\s+of)\b)"
    r"|(?P<b>\b(?:has|have|had)\s+(?:its|their)\s+(?:headquarters?|head\s+offices?)\b(?:\s+(?:located|based))?(?:\s+(?:in|at))?)"
    # "Its HQ is in Shenyang": the abbreviation, written in capitals
    r"|(?P<c>\b(?:headquarters|head\s+office|(?-i:HQ))\s+(?:(?:are|is|were)\s+(?:also\s+)?)?(?:located\s+|based\s+)?(?:in|at|here|there)\b)"
    # "its headquarters will stay in Shenzhen", "their headquarters and R&D centres will remain in"
    r"|(?P<e>\b(?:its|their)\s+headquarters\s+(?:and\s+(?:[\w&-]+\s+){1,4})?(?:will\s+|would\s+)?(?:remain|stay)s?\s+(?:in|at)\b)"
    # "Tencent calls Shenzhen home": the place right after the verb, "home" after it
    r"|(?P<f>\bcalls?(?=\s+(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*){0,2}\s+home\b))"
    r"|(?P<d>\b(?:moved|relocated)\s+(?:its|their)\s+(?:global\s+|main\s+)?headquarters?\s+to\b"
    # "Xiaomi Sets Up Global Headquarter in Shenzhen" (done, not planned: "to set up", "will set up")
    r"|(?<!\bto\s)(?<!\bwill\s)\b(?:sets|set)\s+up\s+(?:its\s+|their\s+|a\s+)?(?:new\s+)?(?:global|world|group)\s+"
    r"head\s?quarters?\s+in\b)",
    re.IGNORECASE,
)
# a headquarters only planned: "plans to set up its global headquarters in", "will move its
# headquarters to", "will locate its headquarters in"
PLANNED_HQ = re.compile(
    r"\b(?:plans?|planned|planning|aims?|intends?|intended|expects?|will|would|to)\s+"
    r"(?:\w+\s+){0,2}?(?:set(?:ting)?\s+up|build|establish|open|settle|move|relocate|locate|"
    r"base|place|put|shift|transfer)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
# a facility of the firm just before "based in"
FACILITY_BASED = re.compile(
    r"\b(?:plant|factory|factories|plants|office|offices|branch|branches|subsidiary|subsidiaries|"
    r"centre|center|centres|centers|lab|labs|laboratory|campus|site|facility|facilities|team|teams|unit|units)\s+$",
    re.IGNORECASE,
)
# a headquarters for one market or region is an office of the firm, not where the firm is based
REGIONAL_HQ = re.compile(
    r"\b(?:China|Chinese|regional|Asia|Asian|Asia-Pacific|Asia Pacific|European|Europe|US|American|"
    r"overseas|domestic|national|southern|northern|eastern|western|second|R&D)\s+"
    r"(?:headquarters?|head\s+offices?|(?-i:HQs?))\b",
    re.IGNORECASE,
)
ITS_HQ = re.compile(
    r"^\W*(?:its|their)\s+(?:global\s+|main\s+|world\s+|group\s+)?(?:headquarters?|(?-i:HQ))\s+(?:is|are|was|remains)\s+(?:located\s+|based\s+)?(?:in|at)\b",
    re.IGNORECASE,
)
RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
# "Y-based X", "Y-headquartered X"
PLACE_BASED = re.compile(r"(?P<place>\S+)-(?:based|headquartered)\s+")
BASED_AFTER = re.compile(r"-(?:based|headquartered)\b")
NOT_A_LINK = r"(?!(?:to|from|for|with|by|of|and|or|at|in|on|into)\b)"
BASED_GAP = re.compile(
    rf"(?:{NOT_A_LINK}[\w&'-]+\s+){{0,3}}"
    # "Another Beijing-based school--Peking University--", "a Hefei-based firm, iFlytek,": the
    # name in apposition after the noun
    rf"|(?:{NOT_A_LINK}[\w&']+\s+){{0,2}}[\w&']+(?:\s*,\s*|\s*(?:--|—|–)\s*)",
    re.IGNORECASE,
)
# "Hefei-based companies include ...": a plural firm noun, then the firms listed
BASED_LIST = re.compile(
    r"(?:[\w-]+\s+){0,2}(?:companies|firms|enterprises|start-ups|startups|groups|giants|makers)\s+"
    r"(?:include|includes|included|including|such as|like|are)\s+(?:the\s+)?",
    re.IGNORECASE,
)
HOST_HQ = re.compile(
    r"\b(?:hosting|hosts|host|home\s+(?:to|of)|houses|housing)\s+(?:the\s+)?"
    # "home to the sprawling headquarters of CATL" (not a regional or national seat)
    r"(?:(?!(?:regional|national|local|overseas|international|china|chinese|asia|asian|european|"
    r"american|branch|r&d)\b)[a-z-]+\s+){0,2}headquarters\s+of\b"
    # "Shenzhen is the headquarters of several technology firms such as Huawei"
    r"|\b(?:is|was|remains)\s+(?:also\s+)?the\s+head\s?quarters?\s+of\b",
    re.IGNORECASE,
)

# "The head office and global R&D center of home appliance maker Haier are located in Laoshan",
# "The headquarters of Tencent is in Shenzhen": the seat's owner after "of", the place after the verb
HQ_OF_OWNER = re.compile(
    r"\b(?:headquarters|head\s+office)\s+(?:and\s+(?:[\w&-]+\s+){1,4}?)?of\s+(?P<owner>[^,;:.()]{1,80}?)"
    r"\s+(?:is|are|was|were)\s+(?:now\s+|also\s+)?(?:(?:located|based|situated)\s+)?(?:in|at)\b",
    re.IGNORECASE,
)


def _no_seat(ctx: DocContext, sentence: Sentence, pos: int) -> bool:
    """The headquarters phrase at `pos` is negated, or is a regional office's ("its China
    headquarters in Hefei"), not the firm's seat."""
    return _negated(ctx, sentence, pos) or (
        REGIONAL_HQ.search(ctx.folded, max(sentence.start, pos - 30), pos + 14) is not None
    )


@rule(
    emits={
        name: "headquartered_in"
        for name in (
            "headquartered_in",
            "headquarters_by_heading",
            "appositive_based",
            "place_based",
            "based_reference",
            "hosts_headquarters",
            "headquarters_of_owner",
        )
    },
    cues_from=(HQ_VERB, HOST_HQ, BASED_REFERENCE, PLACE_BASED, HQ_OF_OWNER),
    or_list_item=True,
)
def headquarters(ctx: DocContext, sentence: Sentence) -> Iterable[ClaimDraft]:
    """'X is headquartered in Y'; 'A, B and C are all based in Y'; 'Y-based X'; 'hosting headquarters of A, B'."""
    # (every part below needs a match of one of the cues_from patterns, or a bullet)
    seen: set[str] = set()
    for m in HQ_VERB.finditer(ctx.folded, sentence.start, sentence.end):
        if _no_seat(ctx, sentence, m.start()):
            continue
        if PLANNED_HQ.search(ctx.folded, ctx.clause(sentence, m.start())[0], m.start()):
            continue  # "plans to set up global headquarters in": a plan, not a seat
        if m.group("a") and FACILITY_BASED.search(
            ctx.folded, max(sentence.start, m.start() - 40), m.start()
        ):
            continue  # "has a manufacturing plant based in Shenzhen": the plant's place, not the firm's
        verb_end = m.end()
        if m.group("c") and re.search(r"\b(?:here|there)\s*$", m.group(0), re.IGNORECASE):
            verb_end = m.end() - len(
                re.search(r"(?:here|there)\s*$", m.group(0), re.IGNORECASE).group(0)
            )
        place = _place_after(ctx, sentence, verb_end)
        if place is None:
            continue
        # A plural verb ("are all based in") takes the whole list before it; a singular one only
        # the organization of its own clause.
        plural = re.search(
            r"\b(?:are|were|both|all)\b", ctx.folded[max(sentence.start, m.start() - 12) : m.end()]
        )
        lo = sentence.start if plural else ctx.clause(sentence, m.start())[0]
        orgs = _typed(ctx, ctx.mentions_between(lo, m.start()), ORGANISATIONS)
        if m.group("a") and not plural and orgs:
            orgs = orgs[-1:]
        if m.group("e"):
            # "Huawei said that its headquarters will stay in ...": the firm before the clause;
            # "A and B have assured ... that their headquarters will remain in ...": every one
            orgs = _typed(ctx, ctx.mentions_between(sentence.start, m.start()), ORGANISATIONS)
            if not m.group("e").lower().startswith("their"):
                orgs = orgs[-1:]
        if not orgs and not ctx.folded[sentence.start : m.start()].strip(" \t\"'“‘("):
            # "Headquartered in Laoshan district of Qingdao, Haier, the world's ...": the opening
            # participle's subject is the organisation named right after its place phrase
            orgs = _opening_subject(ctx, sentence, place.end)
        if not orgs:
            # "the artificial-intelligence start-up is headquartered in ...": the company named before
            lead = COMPANY_REFERENCE.search(
                ctx.folded[ctx.clause(sentence, m.start())[0] : m.start()]
            )
            resolved = ctx.resolve_reference(sentence, "the company", m.start()) if lead else None
            if resolved is None and ITS_HQ.search(
                ctx.folded[ctx.clause(sentence, m.start())[0] : m.end()]
            ):
                # "Its global headquarters is in Shanghai": the organisation named before
                resolved = ctx.resolve_reference(sentence, "it", m.start())
                if resolved and ctx.type_of(resolved.entity_id) not in ORGANISATIONS:
                    resolved = None
            if (
                resolved is None
                and (m.group("b") or m.group("d"))
                and OWNER_OPENING.match(ctx.folded[ctx.clause(sentence, m.start())[0] : m.start()])
            ):
                # "The business grew quickly and moved its headquarters to ...": 'its' is the
                # clause's subject, a company named before
                resolved = ctx.resolve_reference(sentence, "the company", m.start())
            if resolved:
                orgs = [resolved]
            else:
                # "All these four companies have their headquarters in Shenzhen": the group named before
                group = PLURAL_REFERENCE_RE.search(
                    ctx.folded, ctx.clause(sentence, m.start())[0], m.start()
                )
                if group and PLURAL_NOUNS[group["noun"].lower()] == ("company",):
                    orgs = ctx.plural_reference(sentence, group)
        pairs = [(org, place) for org in orgs]
        if len(orgs) > 1 and RESPECTIVELY.search(ctx.folded, verb_end, sentence.end):
            # "Xiaomi and BYD are headquartered in Beijing and Shenzhen respectively": the n-th
            # firm goes with the n-th place; lists of different lengths pair nothing
            after = ctx.mentions_between(verb_end, sentence.end)
            k = next((i for i, x in enumerate(after) if x.start == place.start), None)
            places = coordinated(ctx, after, k, HQ_PLACES, backwards=False) if k is not None else []
            pairs = list(zip(orgs, places, strict=True)) if len(places) == len(orgs) else []
        for org, place in pairs:
            if org.entity_id in seen:
                continue
            seen.add(org.entity_id)
            yield draft(
                sentence,
                "headquartered_in",
                org,
                "headquartered_in",
                object_id=place,
                as_of=ctx.sentence_year(sentence, m.start()) if m.group("d") else None,
                focus=(
                    org.start,
                    max(m.end(), place.end if place.via == "mention" else m.end()),
                ),
            )
    for m in HQ_OF_OWNER.finditer(ctx.folded, sentence.start, sentence.end):
        if _no_seat(ctx, sentence, m.start()):
            continue
        # the owner is the last organisation of the "of" phrase ("of home appliance maker Haier")
        owners = _typed(ctx, ctx.mentions_between(m.start("owner"), m.end("owner")), ORGANISATIONS)
        place = _place_after(ctx, sentence, m.end())
        if not owners or place is None or owners[-1].entity_id in seen:
            continue
        org = owners[-1]
        if ctx.folded[org.end : m.end("owner")].strip():
            continue  # "the headquarters of Haier's overseas unit": the seat is the unit's
        seen.add(org.entity_id)
        yield draft(
            sentence,
            "headquarters_of_owner",
            org,
            "headquartered_in",
            object_id=place,
            focus=(m.start(), max(m.end(), place.end if place.via == "mention" else m.end())),
        )
    # Bullets of firm names under a heading naming a city, in lists said to group firms by the
    # city of their headquarters ("The lists below group selected firms by the city where their
    # headquarters are.")
    if sentence.is_list_item:
        item = re.sub(r"^\s*(?:[-*•·▪●]|\d{1,3}[.)])\s*", "", sentence.text).rstrip(" .;")
        names = ctx.mentions_in(sentence)
        heading = ctx.heading_of(sentence)
        if (
            len(names) == 1
            and names[0].text == item
            and heading is not None
            and _grouped_by_headquarters(ctx, heading)
        ):
            org = ctx.pick(names[0], ORGANISATIONS)
            place = _first_of(ctx, ctx.mentions_in(heading), HQ_PLACES)
            if org and place and org not in seen:
                seen.add(org)
                yield draft(
                    sentence,
                    "headquarters_by_heading",
                    org,
                    "headquartered_in",
                    object_id=place.seen_as("heading"),
                    focus=(sentence.start, sentence.end),
                )
    # "Yangtze Memory Technologies, a Wuhan-based maker of ..."
    mentions = ctx.mentions_in(sentence)
    for i, org_m in enumerate(mentions[:-1]):
        org = ctx.pick(org_m, ORGANISATIONS)
        place_m = mentions[i + 1]
        if (
            org
            and org not in seen
            and (
                re.fullmatch(
                    r",\s+(?:also\s+)?(?:a|an|the)\s+", ctx.folded[org_m.end : place_m.start]
                )
                # a fact sheet's "- DJI: Nanshan-based; makes drones": a label, then its value
                or (
                    re.fullmatch(r":[ \t]+", ctx.folded[org_m.end : place_m.start])
                    and LINE_OPENING.fullmatch(ctx.folded, sentence.start, org_m.start)
                    and re.match(r"-based[ \t]*(?:[;,.]|$)", ctx.folded[place_m.end : sentence.end])
                )
            )
            and (based := BASED_AFTER.match(ctx.folded, place_m.end)) is not None
        ):
            place = ctx.pick(place_m, HQ_PLACES)
            if place:
                seen.add(org)
                yield draft(
                    sentence,
                    "appositive_based",
                    org,
                    "headquartered_in",
                    object_id=place,
                    focus=(org_m.start, based.end()),
                )
    for m in PLACE_BASED.finditer(ctx.folded[sentence.start : sentence.end]):
        start = sentence.start + m.start()
        place_mentions = [
            x
            for x in ctx.mentions_in(sentence)
            if x.end == sentence.start + m.start("place") + len(m.group("place"))
        ]
        orgs = [
            x
            for x in ctx.mentions_between(sentence.start + m.end(), sentence.end)
            if x.start <= sentence.start + m.end() + 30
            # only descriptor words between ("drone maker"), not a verb phrase ("supplier sells chips to")
            and BASED_GAP.fullmatch(ctx.folded[sentence.start + m.end() : x.start])
        ]
        if place_mentions and orgs:
            place = ctx.pick(place_mentions[-1], HQ_PLACES)
            firms = _typed(ctx, orgs[:1], ORGANISATIONS)
            if BASED_LIST.fullmatch(ctx.folded[sentence.start + m.end() : orgs[0].start]):
                # "Hefei-based companies include iFlytek, NIO and Gotion High-tech": every one
                sentence_mentions = ctx.mentions_in(sentence)
                k = next(j for j, x in enumerate(sentence_mentions) if x.start == orgs[0].start)
                firms = (
                    coordinated(ctx, sentence_mentions, k, ORGANISATIONS, backwards=False) or firms
                )
            for firm in firms:
                org = firm.entity_id
                if place and org not in seen:
                    seen.add(org)
                    yield draft(
                        sentence,
                        "place_based",
                        org,
                        "headquartered_in",
                        object_id=place,
                        focus=(start, firm.end),
                    )
    # "The Shenzhen-based group has not disclosed ...": the company named just before is based there
    for b in BASED_REFERENCE.finditer(ctx.folded, sentence.start, sentence.end):
        place_m = [x for x in ctx.mentions_between(b.start("place"), b.end("place"))]
        place = ctx.pick(place_m[0], HQ_PLACES) if place_m else None
        # "the Hefei-based university": the university named before
        phrase = "the university" if b["noun"].lower() == "university" else "the company"
        following = ctx.mentions_between(b.end(), sentence.end)
        if following and following[0].start == b.end() + 1:
            continue  # "The Nanshan-based company Tencent": the name follows, no reference
        company = ctx.resolve_reference(sentence, phrase, b.start()) if place else None
        if (
            company
            and sentence.start <= company.start
            and not re.fullmatch(r"\s*,\s*", ctx.folded[company.end : b.start()])
        ):
            continue  # "Tencent invested in the Beijing-based startup": a company of the same sentence, not in apposition, is another one
        if company and company.entity_id not in seen:
            seen.add(company.entity_id)
            yield draft(
                sentence,
                "based_reference",
                company,
                "headquartered_in",
                object_id=place,
                focus=(b.start(), b.end()),
            )
    for m in HOST_HQ.finditer(ctx.folded, sentence.start, sentence.end):
        if _negated(ctx, sentence, m.start()):
            continue  # "is not home to the headquarters of"
        # the firms of the clause: up to a semicolon or a clause of its own (", which courts ...")
        stop = re.compile(r";|,\s*(?:which|who|that|but|while|whereas)\b").search(
            ctx.folded, m.end(), sentence.end
        )
        hi = stop.start() if stop else sentence.end
        orgs_after = _typed(ctx, ctx.mentions_between(m.end(), hi), ORGANISATIONS)
        if re.search(r"\brespectively\b", sentence.text, re.IGNORECASE):
            # "Zhuhai, Foshan and Dongguan are home to the headquarters of Gree, Midea and OPPO, respectively"
            hosts = _subjects_before(ctx, sentence, m.start(), len(orgs_after), HOST_PLACES)
            for host, org in zip(hosts, orgs_after, strict=False):
                if org.entity_id not in seen:
                    seen.add(org.entity_id)
                    yield draft(
                        sentence,
                        "hosts_headquarters",
                        org,
                        "headquartered_in",
                        object_id=host,
                        focus=(host.start, org.end),
                    )
            continue
        host = ctx.subject(sentence, HOST_PLACES, before=m.start())
        if host is None:
            continue
        for org in orgs_after:
            if org.entity_id not in seen:
                seen.add(org.entity_id)
                yield draft(
                    sentence,
                    "hosts_headquarters",
                    org,
                    "headquartered_in",
                    object_id=host,
                    focus=(m.start(), org.end),
                )
