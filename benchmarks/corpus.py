"""A synthetic corpus in the styles of raw/ and the written gold documents, for benchmarks.

`generate(folder, n, seed)` writes `bench_<seed>_<i>.txt` with its `.meta.json` sidecar for
i < n. Each document is one of six kinds — a ranking list ("1. Name (Country)"), a ranking press
release ("second and third places, respectively"), a city profile with counts ("more than 90
universities"), a region page (member cities, core city, role), a news round-up (companies
"headquartered in" / "X-based") and a story under a wrong photo caption — with names drawn from
the gazetteer (clusters, cities, companies, regions, parks), numbers and sentence shapes varied,
and comment paragraphs to bring it to 1–5 KB. The same seed gives the same bytes; every
document carries its own reference line, so no two share a sha256.

    python -m benchmarks.corpus OUT_DIR --n 1000 --seed 0
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hotspots.reference import DEFAULT_REFERENCE_DIR, load_gazetteer

MIN_BYTES, MAX_BYTES = 1024, 5 * 1024
KINDS = (
    "ranking_list",
    "ranking_press",
    "city_profile",
    "region_page",
    "news_roundup",
    "wrong_caption",
)
COUNTRY_NAMES = {
    "US": "United States",
    "KR": "Republic of Korea",
    "GB": "United Kingdom",
    "CN": "China",
    "NL": "Netherlands",
    "IR": "Iran",
    "RU": "Russia",
    "TW": "Taiwan",
}
PUBLISHERS = (  # (publisher, host): hosts match reference/source_authority.yaml where it matters
    ("World Intellectual Property Organization", "www.wipo.int"),
    ("State Council Information Office", "english.www.gov.cn"),
    ("Xinhua", "english.news.xinhuanet.com"),
    ("Cifnews", "www.cifnews.example"),
    ("Qonversations", "qonversations.example"),
    ("Innovation Wire", "innovationwire.example"),
    ("City Opinion Weekly", "opinion.example"),
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)
NUMBER_WORDS = (
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
ROLES = ("source", "accelerator", "connector")
FIELDS = (
    "artificial intelligence",
    "quantum technology",
    "integrated circuits",
    "biomedicine",
    "new energy vehicles",
    "robotics",
    "advanced materials",
    "aerospace",
    "photonics",
    "blockchain",
    "cloud computing",
    "batteries",
)


@dataclass(frozen=True)
class Names:
    """What the documents talk about, taken from the gazetteer."""

    clusters: tuple[tuple[str, str], ...]  # (WIPO name, economy)
    china_clusters: tuple[str, ...]
    cities: tuple[tuple[str, str | None], ...]  # (city, province or None for a municipality)
    companies: tuple[tuple[str, str | None], ...]  # (company, headquarters city or None)
    universities: tuple[str, ...]
    regions: tuple[
        tuple[str, str | None, tuple[str, ...]], ...
    ]  # (name, short alias, member cities)
    parks: tuple[str, ...]


@cache
def gazetteer_names(reference_dir: Path = DEFAULT_REFERENCE_DIR) -> Names:
    g = load_gazetteer(reference_dir)
    entities = sorted(g.entities.values(), key=lambda e: e.entity_id)

    def country(code: str | None) -> str:
        if not code:
            return "China"
        entity = g.entities.get(f"country/{code.lower()}")
        return COUNTRY_NAMES.get(code) or (entity.name if entity else code)

    def name_of(entity_id: str | None) -> str | None:
        entity = g.entities.get(entity_id or "")
        return entity.name if entity else None

    cities = tuple(
        (e.name, name_of(e.parent_id) if (e.parent_id or "").startswith("province/") else None)
        for e in entities
        if e.type == "city" and e.country_code == "CN"
    )
    companies = tuple(
        (
            e.name,
            name_of(e.parent_id) if (e.parent_id or "").startswith(("city/", "sar/")) else None,
        )
        for e in entities
        if e.type == "company"
    )
    regions = []
    for e in entities:
        if e.type != "policy_region":
            continue
        members = tuple(
            n for n in (name_of(m) for m in e.members if m.startswith(("city/", "sar/"))) if n
        )
        short = next(
            (a.alias for a in g.aliases if a.entity_id == e.entity_id and a.kind == "short"), None
        )
        if len(members) >= 2:
            regions.append((e.name, short, members))
    return Names(
        clusters=tuple((e.name, country(e.country_code)) for e in entities if e.type == "cluster"),
        china_clusters=tuple(
            e.name for e in entities if e.type == "cluster" and e.country_code == "CN"
        ),
        cities=cities,
        companies=companies,
        universities=tuple(
            e.name for e in entities if e.type == "university" and e.country_code == "CN"
        ),
        regions=tuple(regions),
        parks=tuple(e.name for e in entities if e.type == "park"),
    )


# --- small helpers --------------------------------------------------------------------------------
def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def count_phrase(rng: random.Random, n: int) -> str:
    """'more than 1,200', 'nearly 90', 'at least 12', 'about 3,000' or the bare number."""
    comparator = rng.choice(
        ("more than ", "over ", "nearly ", "at least ", "about ", "", "almost ")
    )
    return f"{comparator}{n:,}"


def money(rng: random.Random, low: float, high: float) -> str:
    value = round(rng.uniform(low, high), 1)
    return rng.choice(
        (
            f"RMB {value} billion",
            f"{value} billion yuan",
            f"${value} billion",
            f"US${value} billion",
        )
    )


def joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def city_pick(rng: random.Random, names: Names, k: int = 1) -> list[tuple[str, str | None]]:
    return rng.sample(names.cities, k)


def hq_companies(names: Names) -> list[tuple[str, str]]:
    return [(c, city) for c, city in names.companies if city]


# --- document kinds: each returns (title, paragraphs) ----------------------------------------------
def ranking_list(rng: random.Random, names: Names, year: int) -> tuple[str, list[str]]:
    k = rng.randint(8, 20)
    chosen = rng.sample(names.clusters, k)
    china = [c for c, _ in chosen if c in names.china_clusters]
    title = rng.choice(
        (
            f"Check out the top {k} science and technology clusters of {year}",
            f"The world's leading innovation clusters in {year}: the top {k}",
            f"Science and technology clusters: the {year} top {k}",
        )
    )
    intro = (
        f"The Global Innovation Index {year} ranks the world's science and technology clusters by the number of "
        f"international patent applications and scientific articles filed from them. "
        f"{rng.choice(('China', 'The country'))} now boasts {rng.randint(18, 30)} clusters in the top 100, "
        f"{rng.choice(('an increase of', 'up by', 'a gain of'))} {rng.choice(NUMBER_WORDS[:4])} from the previous year."
    )
    style = rng.randrange(3)
    if style == 0:
        lines = [f"{i}. {c} ({country})" for i, (c, country) in enumerate(chosen, 1)]
        body = [
            f"Check out the top {k} science and technology clusters by size in {year}:",
            "\n\n".join(lines),
        ]
    elif style == 1:
        lines = ["Rank | Cluster | Economy"] + [
            f"{i} | {c} | {country}" for i, (c, country) in enumerate(chosen, 1)
        ]
        body = [
            f"The table below reproduces the first {k} places of the {year} cluster ranking.",
            "\n".join(lines),
        ]
    else:
        lines = [f"No. {i} — {c}, {country}" for i, (c, country) in enumerate(chosen, 1)]
        body = [f"The first {k} places of the {year} edition looked like this:", "\n".join(lines)]
    outro = (
        f"{china[0]} was the highest-placed Chinese cluster in this list."
        if china
        else "No Chinese cluster made this part of the list."
    )
    return title, [intro, *body, outro]


def ranking_press(rng: random.Random, names: Names, year: int) -> tuple[str, list[str]]:
    top = rng.sample(names.clusters, 6)
    a, b, c, d, e, f = (x for x, _ in top)
    china_now, china_before = rng.randint(18, 30), rng.randint(14, 26)
    us = rng.randint(15, 25)
    title = f"Global Innovation Index {year}: {a} keeps the lead; {rng.choice(('China hosts the most top-100 clusters', 'a shift to the east continues'))}"
    city = rng.choice(("GENEVA", "BEIJING", "SHANGHAI", "SHENZHEN"))
    paras = [
        f"{city}, {rng.choice(MONTHS)} {rng.randint(1, 28)}, {year} — The World Intellectual Property Organization (WIPO) today "
        f"released the science and technology cluster ranking of the Global Innovation Index {year}.",
        rng.choice(
            (
                f"{a} held on to the top spot, while {b} and {c} took second and third places, respectively.",
                f"{a} remained first; {b} and {c} secured second and third places in the WIPO rankings, respectively.",
                f"{a} and {b} kept first and second place, respectively, while {c} came third.",
            )
        )
        + f" {d} {rng.choice(('slipped', 'moved up', 'climbed', 'fell'))} to {ORDINALS[rng.randint(3, 6)]}, and {e} completed the top {rng.choice(('five', 'six', 'seven'))}.",
        f"China had {china_now} clusters in the top 100, {'up' if china_now >= china_before else 'down'} from {china_before} in the {year - 1} edition. "
        f"The United States followed with {us}, and Germany came third with {rng.choice(NUMBER_WORDS[5:])} clusters.",
        f"{f} moved up to {ordinal(rng.randint(8, 40))} place, and several clusters in middle-income economies grew by "
        f"{rng.randint(5, 25)}% or more.",
        "The ranking is based on the addresses of inventors listed in international patent applications and of authors "
        "of scientific articles; clusters do not follow administrative borders.",
    ]
    return title, paras


def city_profile(rng: random.Random, names: Names, year: int) -> tuple[str, list[str]]:
    ((city, province),) = city_pick(rng, names)
    field_a, field_b = rng.sample(FIELDS, 2)
    where = (
        f"the capital of {province} province"
        if province and rng.random() < 0.6
        else f"a city in {province or 'China'}"
    )
    paras = [
        f"{city}, {where}, has turned itself into one of China's most talked-about science cities. "
        f"The city covers {rng.randint(1500, 20000):,} square kilometres and is betting on {field_a} and {field_b}.",
        f"According to the municipal science and technology bureau, at the end of {year} the city counted "
        f"{count_phrase(rng, rng.randint(10, 95))} universities and colleges, {count_phrase(rng, rng.randint(30, 1200))} research institutes "
        f"and {count_phrase(rng, rng.randint(3, 130))} state key laboratories. It also had {count_phrase(rng, rng.randint(500, 25000))} "
        f"national high-tech enterprises, and {rng.choice(NUMBER_WORDS)} unicorns.",
        f"{city}'s R&D expenditure reached {money(rng, 5, 200)} in {year}, equal to {round(rng.uniform(1.5, 6.5), 1)}% of the city's GDP.",
    ]
    companies = hq_companies(names)
    if companies and rng.random() < 0.8:
        company, hq = rng.choice(companies)
        paras.append(
            rng.choice(
                (
                    f"{company}, headquartered in {hq}, has invested {money(rng, 0.2, 9)} in a research centre in {city}.",
                    f"{hq}-based {company} opened a campus in {city} in {year}, which employs about {rng.randint(200, 9000):,} people.",
                )
            )
        )
    if rng.random() < 0.6:
        paras.append(
            f"{city} plans to produce at least {rng.choice(NUMBER_WORDS)} unicorns by {year + rng.randint(2, 6)}, "
            f"according to an action plan published by the city government."
        )
    if names.universities and rng.random() < 0.5:
        paras.append(
            f"Local universities, {rng.choice(names.universities)} among them, turn out more than "
            f"{rng.randint(20, 300) * 1000:,} graduates a year."
        )
    return (
        f"{city}: {rng.choice(('a profile', 'a science city in the making', 'numbers behind the boom'))}",
        paras,
    )


def region_page(rng: random.Random, names: Names, year: int) -> tuple[str, list[str]]:
    region, short, members = rng.choice(names.regions)
    shown = rng.sample(members, min(len(members), rng.randint(3, 6)))
    core = shown[0]
    abbreviation = f" ({short})" if short else ""
    ref = short or f"the {region}"
    paras = [
        f"The {region}{abbreviation} is a region that national planning documents treat as one unit. "
        f"It covers about {rng.randint(20, 400) * 1000:,} square kilometres and is home to roughly {rng.randint(20, 240)} million people.",
        f"{rng.choice(('Its member cities include', 'The region comprises cities such as', 'Among its cities are'))} {joined(shown)}. "
        f"{core} is the core city of the {region}.",
        f"Within the national innovation system {ref} acts as the {rng.choice(ROLES)}, "
        f"{rng.choice(('spreading new technologies from its large cities to smaller ones', 'turning research into products', 'linking research and manufacturing'))}.",
        f"In {year} its R&D expenditure exceeded {money(rng, 50, 900)}, and its universities number more than {rng.randint(100, 500)}.",
    ]
    if names.parks and rng.random() < 0.5:
        paras.append(
            f"The {rng.choice(names.parks)} covers about {rng.randint(10, 500)} square kilometres and "
            f"concentrates {rng.choice(FIELDS)} firms."
        )
    return f"{region}{abbreviation}", paras


def news_roundup(rng: random.Random, names: Names, year: int) -> tuple[str, list[str]]:
    companies = hq_companies(names)
    picked = rng.sample(companies, min(len(companies), rng.randint(3, 5)))
    paras = []
    for company, hq in picked:
        ((other, _),) = city_pick(rng, names)
        paras.append(
            rng.choice(
                (
                    f"{hq}-based {company} said on {rng.choice(('Monday', 'Tuesday', 'Thursday'))} that it now employs more than {rng.randint(1, 200) * 1000:,} people.",
                    f"{company}, headquartered in {hq}, has invested {money(rng, 0.5, 12)} in a research centre in {other}, the company said.",
                    f"{company} spent about {money(rng, 1, 30)} on research and development in {year}.",
                    f"{company}, a {hq}-based maker of {rng.choice(FIELDS)} products, employs about {rng.randint(2, 90) * 100:,} people.",
                    f"{company}'s headquarters are in {hq}; its {other} office employs more than {rng.randint(1, 30) * 100:,} people.",
                )
            )
        )
    paras.append(
        f"Elsewhere, several makers of {rng.choice(FIELDS)} components reported "
        f"{rng.choice(('falling orders', 'full order books', 'record sales'))} for the {rng.choice(('third', 'fourth'))} quarter."
    )
    return (
        f"China tech roundup: {rng.choice(FIELDS)}, {rng.choice(FIELDS)} and a new research campus",
        paras,
    )


def wrong_caption(rng: random.Random, names: Names, year: int) -> tuple[str, list[str]]:
    cluster = rng.choice(names.china_clusters)
    ((neighbour, _),) = city_pick(rng, names)
    wrong = rng.choice(("Shenzhen-Hong Kong-Guangdong", f"{cluster.split('–')[0]}-{neighbour}"))
    place = ORDINALS[rng.randint(1, 5)]
    paras = [
        f"Photo caption: The {wrong} cluster ranked {place} in this year's WIPO list of science and technology hotspots. "
        f"(Photo: {rng.choice(('Innovation Wire', 'XINHUA', 'Staff'))})",
        f"{cluster} has moved {rng.choice(('up', 'down'))} one place to {place} in the science and technology cluster ranking "
        f"of the Global Innovation Index {year}, the World Intellectual Property Organization said.",
        f"WIPO defines clusters by where inventors and scientists live and work, not by administrative borders. "
        f"{neighbour}, about {rng.randint(40, 300)} kilometres away, is not part of the {cluster} cluster.",
        f"Altogether, {rng.randint(18, 30)} Chinese clusters made the top 100 this year.",
    ]
    return (
        f"{cluster} {rng.choice(('climbs', 'slips', 'moves'))} to {place} in global innovation cluster ranking",
        paras,
    )


MAKERS = {
    "ranking_list": ranking_list,
    "ranking_press": ranking_press,
    "city_profile": city_profile,
    "region_page": region_page,
    "news_roundup": news_roundup,
    "wrong_caption": wrong_caption,
}

COMMENT = (
    "Rankings are a useful mirror, but a city that looks only at the mirror will end up polishing the wrong things.",
    "Critics warn that a city government acting as a venture investor takes on risks that taxpayers may one day carry.",
    "Supporters answer that the bets have so far paid off, and that the jobs created in the new factories speak for themselves.",
    "Growth rates favour places that start from a low base, so they should not be read as a verdict on established centres.",
    "Many graduates still leave for the coast, and local officials admit that turning research into companies is hard.",
    "Differences in currency, law and customs still separate the jurisdictions, even as travel between them gets easier.",
    "Officials judged on headline numbers have an incentive to court start-ups from elsewhere rather than nurture their own.",
    "The hard work of innovation happens far from the press releases, in seminar rooms, small workshops and late-night conversations.",
    "Economists were more cautious, pointing out that the gap between the leading places and the rest is still growing.",
    "What the numbers do not show is how different these places are from one another.",
    "Some analysts expect the pace to slow as subsidies are phased out and competition for talent intensifies.",
    "Founders say that access to suppliers within an hour's drive matters more to them than tax breaks.",
)


def fact_sentence(rng: random.Random, names: Names, year: int) -> str:
    """One more statement about something in the gazetteer, in one of the shapes the sources use."""
    ((city, province),) = city_pick(rng, names)
    company, hq = rng.choice(hq_companies(names))
    cluster = rng.choice(names.china_clusters)
    shape = rng.randrange(9)
    if shape == 0:
        return f"{city} is home to {count_phrase(rng, rng.randint(100, 30000))} high-tech enterprises and {rng.randint(3, 90)} universities."
    if shape == 1:
        return f"{company}, headquartered in {hq}, {rng.choice(('opened', 'set up', 'built'))} a laboratory for {rng.choice(FIELDS)} in {city}."
    if shape == 2:
        return f"In WIPO's Global Innovation Index {year}, the {cluster} cluster ranked {ordinal(rng.randint(1, 60))}."
    if shape == 3:
        return f"{cluster}'s output grew {round(rng.uniform(1, 25), 1)}% in {year}, {rng.choice(('faster than', 'slower than', 'in line with'))} the national average."
    if shape == 4:
        return f"The {rng.choice(names.parks)} covers {rng.randint(5, 600)} square kilometres{f' in {province} province' if province else ''}."
    if shape == 5:
        return f"In {rng.choice(MONTHS)} {year} the State Council designated {city} a national innovation pilot city."
    if shape == 6:
        return f"{cluster} accounted for {round(rng.uniform(0.5, 11), 1)}% of global PCT applications in {year}."
    if shape == 7:
        return f"{hq}-based {company} employs more than {rng.randint(1, 120) * 500:,} people, {rng.choice(('most of them engineers', 'a third of them in research'))}."
    return f"{city} wants to have {rng.randint(2, 30) * 1000:,} national high-tech enterprises by {year + rng.randint(1, 7)}."


def filler_paragraph(rng: random.Random, names: Names, year: int) -> str:
    """Comment, facts, or both: what surrounds the statements a document is about."""
    facts = [fact_sentence(rng, names, year) for _ in range(rng.randint(1, 3))]
    comment = rng.sample(COMMENT, rng.randint(1, 2))
    mix = rng.randrange(3)
    return " ".join(comment if mix == 0 else facts if mix == 1 else [*facts, *comment])


def make_document(index: int, seed: int = 0, names: Names | None = None) -> tuple[str, dict]:
    """The text and sidecar of document `index` of the corpus for `seed`."""
    names = names or gazetteer_names()
    rng = random.Random(f"{seed}:{index}")
    kind = KINDS[rng.randrange(len(KINDS))]
    year = rng.randint(2018, 2025)
    title, paras = MAKERS[kind](rng, names, year)
    footer = f"Reference: benchmark corpus, seed {seed}, item {index:06d}."
    target = rng.randint(MIN_BYTES + 200, MAX_BYTES - 300)
    body = [title, *paras]
    while len("\n\n".join([*body, footer]).encode()) < target:
        body.insert(rng.randint(2, len(body)), filler_paragraph(rng, names, year))
    while len("\n\n".join([*body, footer]).encode()) > MAX_BYTES and len(body) > 2:
        body.pop()
    text = "\n\n".join([*body, footer]) + "\n"
    publisher, host = PUBLISHERS[rng.randrange(len(PUBLISHERS))]
    month = rng.randint(1, 12)
    published = rng.choice(
        (f"{year}-{month:02d}-{rng.randint(1, 28):02d}", f"{year}-{month:02d}", str(year), None)
    )
    meta = {
        "title": title,
        "url": f"https://{host}/bench/{seed}/{index:06d}-{kind.replace('_', '-')}",
        "publisher": publisher,
        "published": published,
        "retrieved": "2025-12-31",
        "language": "en",
        "license": "CC0-1.0 (synthetic benchmark text)",
    }
    return text, meta


def document_name(index: int, seed: int = 0) -> str:
    return f"bench_{seed}_{index:06d}"


def generate(
    folder: Path, n: int, seed: int = 0, reference_dir: Path = DEFAULT_REFERENCE_DIR
) -> list[Path]:
    """Write n documents and their sidecars into `folder`; return the .txt paths."""
    folder.mkdir(parents=True, exist_ok=True)
    names = gazetteer_names(reference_dir)
    paths = []
    for i in range(n):
        text, meta = make_document(i, seed, names)
        path = folder / f"{document_name(i, seed)}.txt"
        path.write_text(text, encoding="utf-8", newline="\n")
        (folder / f"{document_name(i, seed)}.meta.json").write_text(
            json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Write a synthetic benchmark corpus (text + sidecar per document)."
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    paths = generate(args.out, args.n, args.seed)
    print(f"wrote {len(paths)} documents to {args.out}")


if __name__ == "__main__":
    main()
