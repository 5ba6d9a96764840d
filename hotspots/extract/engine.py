"""The extraction engine: registers the claim rules, decides which to run on a sentence, runs
them in a fixed order, and names the extractor by the content of everything that decides what
extraction yields.

A rule is a function `fn(ctx, sentence) -> Iterable[ClaimDraft]` in a family module of
`hotspots.extract.rules`, registered with `@rule(emits={name: predicates}, ...)`. Each name in
`emits` is a sub-rule: the `extractor` column of a claim carries it, and `registered_rules()`
lists it with its predicates and family.

Before a rule is called on a sentence (most sentences match no rule at all) the engine checks
what the rule needs: a quantity of one of `kinds`, and one of its cue words. The cue words are
derived from the rule's `cues_from` patterns (`cues.required_literals`), never written by hand:
a rule that finds nothing unless one of some patterns matches inside the sentence names those
patterns there (inside a rule, `rules.common.cued` does the same before a costly scan). A
pattern that can match without any literal is refused at import. `Extractor(precheck=False)`
skips the check, and a test proves the claims are the same either way.

Precedence: when two sub-rules state the same claim (same quote span, subject, predicate,
object, value and year) the first one drafted is recorded. Drafts come sentence by sentence;
within a sentence, rules run in family order (`FAMILIES` below), and within a family in the
order of their definition in its module, and within a function in the order it drafts them;
so the recorded rule never depends on import order.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hotspots.extract.cues import required_literal_sets, required_literals, substring_cover

# The families in precedence order (see the module docstring); each is a module of
# hotspots/extract/rules/.
FAMILIES = (
    "rank_lists",
    "ranks",
    "rank_orders",
    "clusters",
    "cluster_shares",
    "counts",
    "count_phrases",
    "money",
    "areas",
    "targets",
    "headquarters",
    "designations",
    "designated_titles",
    "designation_phrases",
    "title_lists",
    "descriptions",
    "opening_descriptions",
    "location",
    "membership",
    "indexes",
    "index_leaders",
    "measures",
    "residents",
    "fact_sheets",
    "founding_dates",
    "founding",
    "founding_clauses",
)

Rule = Callable[..., Iterable]


@dataclass(frozen=True)
class RuleSpec:
    """A rule name a claim's `extractor` column can carry."""

    name: str
    predicates: tuple[str, ...]  # every predicate it can state
    family: str  # the module of hotspots/extract/rules/ that holds it
    function: str  # the registered function that drafts it


@dataclass(frozen=True)
class RuleFunction:
    """A registered function and what a sentence must have for it to find anything."""

    fn: Rule
    family: str
    emits: tuple[RuleSpec, ...]
    kinds: frozenset[str] | None  # a quantity of one of these kinds
    cues: tuple[str, ...] | None  # one of these lowercase literals (derived from `cues_from`)
    or_list_item: bool  # ... unless the sentence is a list item
    line: int  # where it is defined in its module (its precedence within the family)
    # per `cues_from` pattern, the literal sets each of its matches meets (one string of each,
    # cues.required_literal_sets): tested after the cue words, they rule out the sentences that
    # hold a common cue of a pattern ("science") but not its other words ("top ... city")
    cue_sets: tuple[tuple[re.Pattern[str], ...], ...] = ()


_REGISTRY: dict[Rule, RuleFunction] = {}


def rule(
    *,
    emits: dict[str, str | tuple[str, ...]],
    kinds: tuple[str, ...] | None = None,
    cues_from: tuple[re.Pattern[str], ...] = (),
    or_list_item: bool = False,
) -> Callable[[Rule], Rule]:
    """Register a rule function that drafts the sub-rules `emits` ({name: predicate(s)}).

    `cues_from`: patterns one of which must match inside the sentence for the function to find
    anything; their required literals become its cue words. `kinds`: quantity kinds one of
    which the sentence must hold. `or_list_item`: a list item is tried even without a cue."""

    def register(fn: Rule) -> Rule:
        family = fn.__module__.rsplit(".", 1)[-1]
        if family not in FAMILIES:
            raise ValueError(f"{fn.__module__}.{fn.__name__}: family {family!r} not in FAMILIES")
        cues = None
        if cues_from:
            words: set[str] = set()
            for pattern in cues_from:
                found = required_literals(pattern)
                if found is None:
                    raise ValueError(
                        f"{fn.__module__}.{fn.__name__}: pattern {pattern.pattern[:60]!r} can "
                        "match without a literal, so it cannot give cue words"
                    )
                words.update(found)
            cues = substring_cover(words)
        cue_sets = tuple(
            tuple(re.compile("|".join(map(re.escape, one))) for one in required_literal_sets(p))
            for p in cues_from
        )
        if all(len(sets) < 2 for sets in cue_sets):
            cue_sets = ()  # one set a pattern: the cue words test as much
        specs = tuple(
            RuleSpec(
                name, (preds,) if isinstance(preds, str) else tuple(preds), family, fn.__name__
            )
            for name, preds in emits.items()
        )
        _REGISTRY[fn] = RuleFunction(
            fn,
            family,
            specs,
            None if kinds is None else frozenset(kinds),
            cues,
            or_list_item,
            inspect.getsourcelines(fn)[1],
            cue_sets=cue_sets,
        )
        return fn

    return register


@cache
def rule_functions() -> tuple[RuleFunction, ...]:
    """Every registered rule function in precedence order (family order, then definition)."""
    import hotspots.extract.rules  # noqa: F401  (its families register their rules)

    return tuple(
        sorted(_REGISTRY.values(), key=lambda r: (FAMILIES.index(r.family), r.line, r.fn.__name__))
    )


def registered_rules() -> dict[str, RuleSpec]:
    """Every rule name a claim's `extractor` column can carry, in precedence order."""
    out: dict[str, RuleSpec] = {}
    for function in rule_functions():
        for spec in function.emits:
            if spec.name in out:
                # one name drafted by two functions: its predicates are the union
                known = out[spec.name]
                spec = RuleSpec(
                    spec.name,
                    tuple(dict.fromkeys(known.predicates + spec.predicates)),
                    known.family,
                    known.function,
                )
            out[spec.name] = spec
    return out


@cache
def _cue_index() -> tuple[re.Pattern[str], dict[str, int]]:
    """Every rule function's cue words as one pattern, and for each word the functions (bit i:
    the i-th of `rule_functions()`) one of whose cue words it holds."""
    functions = rule_functions()
    words = sorted({w for f in functions for w in f.cues or ()}, key=lambda w: (-len(w), w))
    bits = {
        word: sum(1 << i for i, f in enumerate(functions) if any(c in word for c in f.cues or ()))
        for word in words
    }
    return re.compile("|".join(map(re.escape, words))), bits


def _cued_functions(lowered: str, start: int, end: int) -> int:
    """The functions (bits, as in `_cue_index`) one of whose cue words lies in lowered[start:end]:
    one scan of the sentence for all of them. The scan moves on one character past each find, so
    it meets every position where a cue word starts; there it finds the longest word the pattern
    holds, and each cue word starting there is a prefix of it, so a word of its functions."""
    pattern, bits = _cue_index()
    found = 0
    while (m := pattern.search(lowered, start, end)) is not None:
        found |= bits[m.group()]
        start = m.start() + 1
    return found


def run_rules(ctx, *, precheck: bool = True) -> list:
    """Every rule's drafts over every sentence of the document `ctx`, in precedence order."""
    drafts: list = []
    if not precheck:
        for sentence in ctx.sentences:
            for function in rule_functions():
                drafts.extend(function.fn(ctx, sentence))
        return drafts
    # each function's checks as plain values: this loop runs for every sentence and function
    # (read per call, not once: a benchmark may wrap `fn`)
    plan = [
        (f.fn, f.kinds, 0 if f.cues is None else 1 << i, f.or_list_item, f.cue_sets)
        for i, f in enumerate(rule_functions())
    ]
    lowered = ctx.lowered
    for sentence in ctx.sentences:
        kinds = {q.kind for q in ctx.quantities_in(sentence)}
        start, end = sentence.start, sentence.end
        list_item = sentence.is_list_item
        cued = _cued_functions(lowered, start, end)
        for fn, fn_kinds, cue_bit, or_list_item, cue_sets in plan:
            if fn_kinds is not None and fn_kinds.isdisjoint(kinds):
                continue
            if cue_bit and not (or_list_item and list_item):
                if not cued & cue_bit:
                    continue
                if cue_sets and not any(
                    all(g.search(lowered, start, end) for g in sets) for sets in cue_sets
                ):
                    continue
            drafts.extend(fn(ctx, sentence))
    return drafts


# ---------------------------------------------------------------------------------------------
# The extractor's version: a hash of what decides what extraction yields.
PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent.parent
LEXICON_DIR = PROJECT_ROOT / "reference" / "lexicons"
TEXT_MODULE = PROJECT_ROOT / "hotspots" / "text.py"


def version_files() -> list[Path]:
    """The files that decide what extraction yields: the engine, rules and helpers
    (hotspots/extract/**), the lexicons and hotspots/text.py. The gazetteer is not among them:
    it is data the extractor reads (`gazetteer_hash`)."""
    files = [p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts]
    files += [p for p in LEXICON_DIR.rglob("*") if p.is_file() and p.suffix in {".yaml", ".yml"}]
    files.append(TEXT_MODULE)
    return sorted(files)


@cache
def content_version() -> str:
    """12 hex digits of sha256 over the paths and bytes of `version_files()`."""
    digest = hashlib.sha256()
    for path in version_files():
        digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def gazetteer_hash(reference_dir: Path | None = None) -> str:
    """12 hex digits of sha256 over the reference data besides the lexicons (gazetteer,
    demonyms, ...): recorded beside the extractor version, never part of it."""
    from hotspots.reference import DEFAULT_REFERENCE_DIR

    root = Path(reference_dir) if reference_dir is not None else DEFAULT_REFERENCE_DIR
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if (
            path.is_file()
            and path.suffix in {".yaml", ".yml", ".csv"}
            and rel.parts[0] != "lexicons"
        ):
            digest.update(rel.as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]
