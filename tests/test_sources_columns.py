"""PDF pages set in two columns (hotspots.sources.pdf.find_gutter): read column by column, the
left one first, with what spans the page (a title, a table) where it stands; a page in one
column reads exactly as before column detection existed."""

from __future__ import annotations

import io

import pdfplumber

from hotspots.sources.pdf import find_gutter, pdf_to_text, words_of
from tests.sources_fixtures import columns, make_pdf, ruled_table, two_columns
from tests.test_sources_convert import PROSE, RANK_ROWS, report_pdf, text_page

LEFT = [
    "China hosts more of the top science and",
    "technology clusters than any other",
    "economy in this edition of the index.",
    "",
    "Hefei rose four places on the strength",
    "of its university publications, and its",
    "patent filings grew by nine percent over",
]
RIGHT = [  # the sentence at the foot of the left column runs on at the top of this one
    "the previous year, the fastest growth of",
    "all clusters in the top fifty this year.",
    "",
    "Hangzhou entered the top twenty for the",
    "first time, helped by filings from its",
    "digital economy firms and research labs.",
]
TITLE = "Science and technology clusters 2024"
SOURCE = "Source: WIPO Statistics Database, the ranking of clusters by their filings."


def column_report() -> bytes:
    """A centred title over two columns, a ruled table spanning both, a note under it."""
    page = two_columns(LEFT, RIGHT)
    page.texts.append((200, 750, TITLE))
    table = ruled_table(RANK_ROWS, top=560, widths=(60, 300, 120))
    page.texts += table.texts
    page.lines += table.lines
    page.texts.append((72, 470, SOURCE))
    return make_pdf([page])


def test_two_columns_are_read_one_after_the_other_with_spanning_blocks_in_place():
    lines = [ln for ln in pdf_to_text(column_report()).text.splitlines() if ln.strip("\f")]
    assert lines == [
        TITLE,
        "China hosts more of the top science and technology clusters than any other economy "
        "in this edition of the index.",
        # the sentence wrapped at the foot of the left column is one line with its end
        "Hefei rose four places on the strength of its university publications, and its patent "
        "filings grew by nine percent over the previous year, the fastest growth of all clusters "
        "in the top fifty this year.",
        "Hangzhou entered the top twenty for the first time, helped by filings from its digital "
        "economy firms and research labs.",
        "| Rank | Cluster | Economy |",
        "| 1 | Tokyo-Yokohama | Japan |",
        "| 2 | Shenzhen-Hong Kong-Guangzhou | China |",
        "| 3 | Beijing | China |",
        SOURCE,
    ]


def test_columns_between_spanning_blocks_are_each_read_in_their_band():
    """Columns above and below a full-width line: each band is read left then right, and the
    line between them stays between them."""
    page = two_columns(LEFT[:3], RIGHT[3:], top=700)
    lower = two_columns(LEFT[4:], RIGHT[:2], top=560)
    page.texts += lower.texts
    page.texts.append(
        (72, 620, "Figure 1: cluster growth by economy, measured over the last five years")
    )
    text = pdf_to_text(make_pdf([page])).text
    order = [
        "China hosts",
        "of the index.",
        "Hangzhou entered",
        "research labs.",
        "Figure 1:",
        "Hefei rose",
        "nine percent over the previous year",
        "in the top fifty this year.",
    ]
    assert [text.index(s) for s in order] == sorted(text.index(s) for s in order)
    assert "Figure 1: cluster growth by economy, measured over the last five years\n" in text


def gutter_of(data: bytes) -> list:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [
            find_gutter(words_of(page.extract_text_lines(return_chars=True))) for page in pdf.pages
        ]


def test_one_column_pages_and_tables_without_lines_have_no_gutter_and_read_as_before():
    # the texts below are what these fixtures gave before columns were detected
    assert gutter_of(report_pdf()) == [None, None]
    assert pdf_to_text(report_pdf()).text == BEFORE
    unruled = ruled_table(RANK_ROWS, top=650)
    unruled.lines = []  # a table drawn without lines: gutters between short cells, no prose
    unruled.texts.append((72, 700, "Table 1: the top clusters of the Global Innovation Index 2024"))
    unruled.texts.append((72, 560, "Source: WIPO Statistics Database."))
    data = make_pdf([text_page("Global Innovation Index 2024", "", *PROSE), unruled])
    assert gutter_of(data) == [None, None]
    assert pdf_to_text(data).text == BEFORE


def test_a_gutter_is_found_between_columns_of_prose_only():
    (gutter,) = gutter_of(column_report())
    assert gutter is not None and 263 < gutter[0] < gutter[1] <= 320  # between the columns
    # one column of prose beside a few short lines is not a two-column page
    page = text_page(*LEFT[:3])
    page.texts += [(400, 740 - 14 * i, w) for i, w in enumerate(["Japan", "China", "Korea"])]
    assert gutter_of(make_pdf([page])) == [None]


BEFORE = (
    "Global Innovation Index 2024\n\nThe Global Innovation Index 2024 ranks the largest science "
    "and technology clusters of the world by their patent filings and scientific articles; China "
    "hosts the most clusters of all economies, and Hefei and Hangzhou moved up the ranking this "
    "year.\f\nTable 1: the top clusters of the Global Innovation Index 2024\n\n"
    "| Rank | Cluster | Economy |\n| 1 | Tokyo-Yokohama | Japan |\n"
    "| 2 | Shenzhen-Hong Kong-Guangzhou | China |\n| 3 | Beijing | China |\n\n"
    "Source: WIPO Statistics Database.\f\n"
)


def test_three_columns_are_read_one_after_the_other():
    """A gutter divides the page, and a column beside it is divided again."""
    first = ["Shenzhen and Hong Kong form", "the second largest cluster,", "with Guangzhou beside them", "in the ranking of this year."]  # fmt: skip
    second = ["Beijing follows in third", "place, ahead of Shanghai and", "Suzhou, which share a single", "cluster for the first time."]  # fmt: skip
    third = ["Nanjing and Wuhan complete", "the Chinese clusters in the", "top twenty, each of them up", "two places on the last year."]  # fmt: skip
    text = pdf_to_text(make_pdf([columns([first, second, third], [72, 250, 428])])).text
    order = [first[0], first[-1], second[0], second[-1], third[0], third[-1]]
    positions = [text.index(part.split(",")[0]) for part in order]
    assert positions == sorted(positions)
    assert "|" not in text  # no column is mistaken for a table's cells
