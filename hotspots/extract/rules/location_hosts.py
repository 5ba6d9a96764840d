"""Hosts and their lists, for the location rule (`location.location`): "X is home to A and B",
"Wuhan has 83 universities, including A", "its private firms (e.g. A, B)", "Universities in the
city include A", "..., Haidian district, where A and B are located"."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hotspots.extract.rules.common import NEGATION, ClaimDraft, _typed, cued, draft
from hotspots.extract.rules.common_lists import coordinated
from hotspots.extract.rules.common_places import _innermost_possessive, _located
from hotspots.extract.rules.common_subjects import owns_unknown_place
from hotspots.extract.rules.location_checks import _verb_subject
from hotspots.extract.rules.location_patterns import PART_OF_NAME
from hotspots.extract.types import HQ_PLACES, LOCATED_OUTER, ORGANISATIONS

# "is home to", "plays host to", "boasts", "is (also) the site of": what follows is in the place
HOME_TO = re.compile(
    r"\b(?:(?:is|are|was|remains|also)?\s*(?:home|host)\s+to|boasts|(?:is|was)\s+(?:also\s+)?the\s+site\s+of"
    # "Shenzhen is also the home of Denza"
    r"|(?:is|was|remains)\s+(?:also\s+)?the\s+home\s+of)"
    r"\s+(?:the\s+likes\s+of\s+|such\s+|some\s+of\s+)?",
    re.IGNORECASE,
)
# "will be home to", "is set to become home to": a plan
FUTURE_HOME = re.compile(
    r"\b(?:will|would|could|may|might|shall|to)\s+(?:soon\s+|eventually\s+)?(?:be|become)\s*"
    r"(?:a\s+)?(?:home|host)\b",
    re.IGNORECASE,
)
OWNED_EXAMPLES = re.compile(
    r"(?P<owner>\b(?i:its|their|the city's)|\b[A-Z][\w-]+(?:\s[A-Z][\w-]+)?'s)\s+(?:(?!(?i:rivals?|competitors?|peers?|neighbou?rs?|by|to|from|for|through|via|into)\b)[\w-]+\s+){0,5}?"
    r"(?:firms|companies|employers|giants|champions|start-ups|startups|enterprises|universities|institutes)\s*"
    r"(?:\(\s*e\.g\.,?|\(\s*such as|like|such as|including|notably)\s+",
)
INCLUDING = re.compile(
    r"\b(?:including|such as|like|notably|among them|namely)\s+(?:the\s+)?(?:cities\s+(?:such as|like|of)\s+)?",
    re.IGNORECASE,
)
# the host has the things listed: "Wuhan has 83 universities, including ...", not "borrowing
# experience from universities including Harvard" or "recognizing nine parks, including ..."
HAVING = re.compile(
    # ("It encompasses a group of industrial parks such as A, B and C": its parts)
    r"(?:\b(?:has|have|had|hosts?|hosted|boasts?|houses?|contains?|gathers?|encompass(?:es|ed)?|"
    r"(?:includes|included|comprises|comprised)(?=\s+(?:a|an|the|several|many|some|\d|[\w-]+\s+of)\b)|"
    r"(?:is|are|was|were)\s+home\s+to|there\s+(?:are|were)|with(?=\s+(?:more\s+than\s+|over\s+|nearly\s+|about\s+)?\d))|\b(?:its|their|the city's|the region's|the province's))\s+"
    # the words between verb and noun are the noun's ("its business environment by introducing
    # enterprises including ..." is no having)
    r"(?:(?!(?:by|to|from|for|through|via|into|after|before|with)\b)[\w-]+\s+){0,6}?"
    r"(?P<noun>universities|colleges|institutes|institutions|companies|firms|enterprises|parks|zones|laboratories)\b(?![^,;]*\b(?:from|with|by|than)\b)",
    re.IGNORECASE,
)
# "Universities in the city include Shenzhen University and ...": the things of a kind in a place
KIND_IN_PLACE = re.compile(
    r"\b(?P<kind>universities|colleges|institutes|companies|firms|enterprises|parks|zones|laboratories|labs)\s+"
    r"(?:(?:located|based)\s+)?in\s+(?:the\s+)?(?:(?P<ref>city|district|region)\b)?\s*",
    re.IGNORECASE,
)
# a number before the kind noun: "two technology parks in", "three of the universities in"
COUNTED_KIND = re.compile(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|both)\s+(?:of\s+the\s+)?"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
# the entity types each kind noun names: "universities in the city, such as Tencent" lists no
# university, so nothing is read
KIND_TYPES = {
    "universities": ("university",),
    "colleges": ("university",),
    "institutes": ("research_institute", "university"),
    "laboratories": ("research_institute",),
    "labs": ("research_institute",),
    "companies": ("company",),
    "firms": ("company",),
    "enterprises": ("company",),
    "parks": ("park",),
    "zones": ("park",),
}
KIND_IN_PLACE_VERB = re.compile(
    # "Universities in the city include A"; "universities in the city, such as A and B"
    # "universities in Wuhan (among which are A and B)"
    r"\s*(?:include|includes|included|are|were|,?\s*(?:such\s+as|including|notably)"
    r"|,?\s*\(?\s*among\s+(?:which|them)(?:\s+(?:are|were))?)\s+(?:the\s+)?",
    re.IGNORECASE,
)
# "A delegation from Hangzhou, including Alibaba, visited Hefei"; "a deal with Jiangsu, including
# ...": the firms listed after a place a visit or a deal comes from or goes to may be the visit's
FROM_HOST = re.compile(
    r"\b(?:from|to|towards?|with|via|against|visit(?:ed|ing|s)?)\s+(?:the\s+)?$", re.IGNORECASE
)
# the noun of the sentence says what the named place is in the larger one: one of its districts
# or counties ("an urban district of", "one of ten districts under the jurisdiction of")
# "outside the GBA, including", "near Shanghai, including": the list lies outside the place
OUTSIDE_HOST = re.compile(
    r"\b(?:outside|beyond|except|apart\s+from|away\s+from|near|around|neighbou?ring|bordering|"
    r"not\s+(?:in|part\s+of))\s+(?:of\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
WHERE = re.compile(r"\bwhere\b")
# a list of capitalised names ("3M, Samsung, Johnson & Johnson and Bosch"), up to the first word
# that is not part of a name
NAMED_ITEM = r"[A-Z0-9][\w&.'’-]*(?:\s+(?:&\s+)?[A-Z0-9][\w&.'’-]*){0,6}"
NAMED_LIST = re.compile(rf"\s*{NAMED_ITEM}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+){NAMED_ITEM})+")


def _including_members(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """ "Hebei, including cities such as ...": the members a host of the list has."""
    # "Hebei, including cities such as Shijiazhuang and Baoding"; "Wuhan has 83 universities, including Wuhan University and ..."
    for inc in (
        INCLUDING.finditer(ctx.folded[sentence.start : sentence.end])
        if cued(ctx, sentence, INCLUDING)
        else ()
    ):
        pos = sentence.start + inc.end()
        after = [k for k, x in enumerate(mentions) if x.start >= pos]
        named_list = None
        # "including electric vehicle maker BYD": a common noun may describe the first name
        if not after or not re.fullmatch(
            r"\s*(?:(?!(?:and|or|of|in|at|by|for|from)\b)[a-z][\w-]*\s+){0,4}",
            ctx.folded[pos : mentions[after[0]].start],
        ):
            # "including 3M, Samsung and Siemens": names the gazetteer lacks may open the list
            named_list = NAMED_LIST.match(ctx.folded, pos, sentence.end)
            if not after or named_list is None or mentions[after[0]].end > named_list.end():
                continue
        head = [x for x in mentions if x.end <= sentence.start + inc.start()]
        host = None
        # "A delegation from Hangzhou, including Alibaba": the list may be the delegation's
        moved = bool(head) and bool(
            FROM_HOST.search(ctx.folded, max(sentence.start, head[-1].start - 25), head[-1].start)
        )
        if head and OUTSIDE_HOST.search(
            ctx.folded, max(sentence.start, head[-1].start - 25), head[-1].start
        ):
            continue  # "Cities outside the Greater Bay Area, including Changsha": not its parts
        if head and re.fullmatch(
            r"(?:\s+province)?,\s+", ctx.folded[head[-1].end : sentence.start + inc.start()]
        ):
            host = _typed(ctx, head[-1:], ("province", "city", "policy_region"))
            host = host[0] if host else None
        having = (
            HAVING.search(
                ctx.folded,
                max(sentence.start, sentence.start + inc.start() - 80),
                sentence.start + inc.start(),
            )
            if host is None
            and re.search(
                r"\b(?:universities|colleges|institutes|institutions|companies|firms|enterprises|parks|zones|laboratories)\b[^.;]{0,30}$",
                ctx.folded[sentence.start : sentence.start + inc.start()],
                re.IGNORECASE,
            )
            else None
        )
        if having is not None:
            host = _verb_subject(
                ctx, sentence, having.start(), clause_end=sentence.start + inc.start()
            )
            if host is not None and re.search(r"\bheadquarters\b", having.group(0), re.IGNORECASE):
                # "it is home to 34 headquarters of multinationals, such as A and B": where A and
                # B have their headquarters
                for inner in coordinated(ctx, mentions, after[0], ORGANISATIONS, backwards=False):
                    if ctx.type_of(host.entity_id) in HQ_PLACES:
                        yield draft(
                            sentence,
                            "including_headquarters",
                            inner.entity_id,
                            "headquartered_in",
                            object_id=host,
                            focus=(host.start, inner.end),
                        )
                continue
        if host is None:
            continue
        inner_types = ("city", "district", "park", "company", "university", "research_institute")
        if named_list is not None:
            # every name of the list the gazetteer knows, one item each
            inners = _typed(
                ctx,
                [x for x in mentions if pos <= x.start and x.end <= named_list.end()],
                inner_types,
            )
        else:
            described = bool(ctx.folded[pos : mentions[after[0]].start].strip())
            inners = coordinated(
                ctx, mentions, after[0], inner_types, backwards=False, described=described
            )
        for inner in inners:
            if moved and ctx.type_of(inner.entity_id) not in ("city", "district"):
                # a visit's or a trade's place: only its own cities and districts are its parts
                continue
            yield from emit(_located(sentence, inner, host, "including_members", ctx))


def _owned_examples(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """ "its well-established private firms (e.g. Huawei, ZTE)": the firms a place owns."""
    # "its well-established private firms (e.g. Huawei, ZTE)"; "the city's employers like Huawei and Tencent"
    for o in (
        OWNED_EXAMPLES.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, OWNED_EXAMPLES)
        else ()
    ):
        after = [k for k, x in enumerate(mentions) if x.start >= o.end()]
        if not after or mentions[after[0]].start - o.end() > 3:
            continue
        owner_phrase = o.group("owner").lower()
        if owner_phrase in {"its", "the city's", "their"}:
            host = ctx.resolve_reference(
                sentence, "the city" if owner_phrase == "the city's" else "it", o.start()
            )
        else:
            owner_mentions = [
                x
                for x in mentions
                if x.end <= o.start() + len(o.group("owner")) and x.start >= o.start()
            ]
            host = _typed(ctx, owner_mentions[-1:], HQ_PLACES)
            host = host[0] if host else None
        if host is None:
            continue
        host_id = host.entity_id
        if ctx.type_of(host_id) not in (
            "city",
            "sar",
            "district",
            "park",
            "province",
            "policy_region",
        ):
            continue
        for inner in coordinated(
            ctx,
            mentions,
            after[0],
            ORGANISATIONS,
            backwards=False,
        ):
            yield from emit(_located(sentence, inner, host, "owned_examples", ctx))


def _kind_in_place(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """ "Universities in the city include A and B": the things of a kind in a place."""
    # "Universities in the city include A and B"; "Companies in Hefei include A"
    for k in (
        KIND_IN_PLACE.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, KIND_IN_PLACE)
        else ()
    ):
        if k.group("ref"):
            place = ctx.resolve_reference(sentence, "the " + k.group("ref").lower(), k.start())
            place_end = k.end()
        else:
            nxt = [x for x in mentions if x.start == k.end()]
            place = (
                _innermost_possessive(ctx, mentions, mentions.index(nxt[0]), LOCATED_OUTER)
                if nxt
                else None
            )
            place_end = place.end if place else k.end()
        verb = KIND_IN_PLACE_VERB.match(ctx.folded, place_end, sentence.end) if place else None
        counted = (
            place is not None
            and verb is None
            and COUNTED_KIND.search(ctx.folded, max(sentence.start, k.start() - 30), k.start())
        )
        if counted:
            # "Two technology parks in Hong Kong, Hong Kong Science Park and Cyberport, ...": the
            # counted things named in an apposition
            verb = re.compile(r",\s+(?:the\s+)?").match(ctx.folded, place_end, sentence.end)
        if verb is None or NEGATION.search(ctx.folded[k.start() : verb.end()]):
            continue
        first = [j for j, x in enumerate(mentions) if x.start == verb.end()]
        if not first:
            continue
        inners = coordinated(
            ctx, mentions, first[0], KIND_TYPES[k["kind"].lower()], backwards=False
        )
        if counted and (
            len(inners) < 2
            or not re.match(r"\s*(?:[,.;:)]|$)", ctx.folded[inners[-1].end : sentence.end])
            or re.match(r"\s*,?\s+in\b", ctx.folded[inners[-1].end : sentence.end])
        ):
            continue  # the apposition names as many as it counts, and ends there
        for inner in inners:
            yield from emit(_located(sentence, inner, place, "kind_in_place", ctx))


def _home_to(ctx, sentence, mentions, emit) -> Iterable[ClaimDraft]:
    """ "X is home to A and B": A and B are located in X."""
    # "X is home to A and B": A and B are located in X
    for h in (
        HOME_TO.finditer(ctx.folded, sentence.start, sentence.end)
        if cued(ctx, sentence, HOME_TO)
        else ()
    ):
        if re.match(
            r"(?:the\s+)?(?:[a-z-]+\s+){0,2}(?:headquarters|head offices?)\b",
            ctx.folded[h.end() : h.end() + 50],
            re.IGNORECASE,
        ):
            continue  # "home to the headquarters of ...": a headquarters claim, made by its own rule
        host = _verb_subject(
            ctx,
            sentence,
            h.start(),
            ("city", "sar", "district", "park", "province", "policy_region"),
        )
        if host is None or (host.via == "mention" and owns_unknown_place(ctx, host, h.start())):
            continue  # "Shenzhen's Yuehai district, home to ...": the district is the host
        after = [k for k, x in enumerate(mentions) if x.start >= h.end()]
        if not after:
            continue
        first = after[0]
        if not re.fullmatch(r"[\w\s,'-]{0,60}", ctx.folded[h.end() : mentions[first].start]):
            continue
        if FUTURE_HOME.search(ctx.folded, max(sentence.start, h.start() - 30), h.start() + 1):
            continue  # "Shenzhen will be home to ...": a plan, not where anything is
        if PART_OF_NAME.search(ctx.folded, h.end(), mentions[first].start):
            continue  # "home to customers of Huawei": the customers are there, not Huawei
        for inner in coordinated(
            ctx,
            mentions,
            first,
            ("company", "university", "research_institute", "park"),
            backwards=False,
            # "home to firms including gaming giant Tencent, telecom champion Huawei, ..."
            described=bool(
                re.search(r"\b[a-z][\w-]*\s+$", ctx.folded[h.end() : mentions[first].start])
            ),
        ):
            if NEGATION.search(ctx.folded[h.end() : inner.start]):
                break  # "home to many start-ups, but not to Tencent"
            if re.match(r"['’]s\s", ctx.folded[inner.end : inner.end + 3]):
                # "home to iFlytek's rival Baidu", "home to BYD's new plant": what the place hosts
                # is the firm's (a rival, a plant), not the firm
                continue
            yield from emit(_located(sentence, inner, host, "home_to", ctx))


def _where_located(ctx, sentence, mentions, emit, emitted) -> Iterable[ClaimDraft]:
    """ "..., Haidian district, where Tsinghua University ... are located"."""
    # "..., Haidian district, where Tsinghua University and Peking University are located"
    for m in (
        WHERE.finditer(ctx.folded[sentence.start : sentence.end])
        if cued(ctx, sentence, WHERE)
        else ()
    ):
        pos = sentence.start + m.start()
        before = [(k, x) for k, x in enumerate(mentions) if x.end <= pos]
        after = [k for k, x in enumerate(mentions) if x.start > pos]
        if (
            not before
            or not after
            # (not "Hefei-based": a firm's own label, not the verb of the "where" clause)
            or not re.search(
                r"(?<!-)\b(?:located|based|situated)\b", ctx.folded[pos : sentence.end]
            )
            or NEGATION.search(ctx.folded[pos : sentence.end])
            # "..., where its research facilities are brought together. iFlytek, ...": a name
            # after the end of the clause (a sentence the segmenter did not split) is not its
            or re.search(r"[.;!?]\s", ctx.folded[pos : mentions[after[0]].start])
        ):
            continue
        place = _typed(ctx, [before[-1][1]], ("district", "park", "city", "sar"))
        if place:
            inners = coordinated(
                ctx,
                mentions,
                after[0],
                ("company", "university", "research_institute", "park"),
                backwards=False,
            )
            # the verb of the named firms themselves: "where Tencent and DJI are based"
            # ("Wuhu, where Chery's headquarters is located": the same, said of the headquarters)
            based = bool(inners) and re.match(
                r"\s+(?:is|are|was|were)\s+(?:also\s+|all\s+|both\s+)?based\b"
                r"|['’]s\s+headquarters\s+(?:is|are|was|were)\s+(?:located|based|situated)\b",
                ctx.folded[inners[-1].end : inners[-1].end + 40],
                re.IGNORECASE,
            )
            for inner in inners:
                if based and ctx.type_of(inner.entity_id) in ORGANISATIONS:
                    # "Hangzhou, where the internet giant Alibaba is based": its headquarters
                    if (inner.entity_id, place[0].entity_id) not in emitted:
                        emitted.add((inner.entity_id, place[0].entity_id))
                        yield draft(
                            sentence,
                            "where_based",
                            inner.entity_id,
                            "headquartered_in",
                            object_id=place[0],
                            focus=(place[0].start, inner.end),
                        )
                    continue
                yield from emit(_located(sentence, inner, place[0], "where_located", ctx))
