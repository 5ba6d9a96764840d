"""The release page's markdown parses a long list of one-line items (the card's Sources, one per
document) a piece at a time: the HTML must be that of the whole text parsed at once, whatever
surrounds the list, and whether or not the text allows the pieces."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

from hotspots.release import page_render

PIECE = 3  # items per piece in these tests: lists of 4 or more are cut


@contextmanager
def small_pieces() -> Iterator[None]:
    saved = page_render.LIST_PIECE
    page_render.LIST_PIECE = PIECE
    try:
        yield
    finally:
        page_render.LIST_PIECE = saved


_word = st.sampled_from(
    [
        "Shenzhen",
        "a",
        "<b>",
        "`x`",
        "*em*",
        "_u_",
        "&amp;",
        "[l](https://e.example/)",
        "[l]",
        "<https://a.example/x>",
        "1.",
        "-",
        "#",
        "\\",
    ]
)
_text = st.lists(_word, min_size=1, max_size=5).map(" ".join)
_item = _text.map(lambda t: f"- {t}")
_block = st.one_of(
    st.lists(_item, min_size=1, max_size=12).map("\n".join),  # a list (long ones are cut)
    _text,  # a paragraph, or a line that continues one
    _text.map(lambda t: f"## {t}"),
    _text.map(lambda t: f"  {t}"),  # indented: may continue a list item
    _text.map(lambda t: f"* {t}"),
    st.lists(_item, min_size=1, max_size=6).map(lambda xs: "```\n\n" + "\n".join(xs) + "\n\n```"),
    st.just("- - -"),
    st.just("-"),
    st.just("[l]: https://ref.example/"),
    st.just(""),
)
_document = st.lists(st.tuples(_block, st.sampled_from(["\n", "\n\n", "\n\n\n"])), max_size=8).map(
    lambda parts: "".join(b + sep for b, sep in parts)
)


@settings(max_examples=1500, deadline=None)
@given(_document)
def test_long_lists_in_pieces_give_the_html_of_the_whole_text(text):
    with small_pieces():
        assert page_render.markdown(text) == page_render._render(text, 1)


def test_the_sources_list_of_a_card_is_cut():
    items = [
        f"- `{i:04x}` — Title {i}, *Publisher* (2020). <https://e.example/{i}>" for i in range(10)
    ]
    text = "## Sources\n\n" + "\n".join(items) + "\n\n## How to load\n\nText.\n"
    with small_pieces():
        assert page_render._long_lists(text.split("\n")) == [(2, 12)]
        html = page_render.markdown(text)
    assert html == page_render._render(text, 1)
    assert html.count("<ul>") == 1 and html.count("<li>") == 10


def test_a_list_that_goes_on_after_a_blank_line_is_not_cut():
    # a loose list (an item after a blank line): cut, its pieces would be tight
    text = "\n".join(f"- item {i}" for i in range(8)) + "\n\n- one more\n"
    with small_pieces():
        assert page_render._long_lists(text.split("\n")) == []
        assert "<p>" in page_render.markdown(text)


def test_a_list_after_a_lazy_continuation_line_is_not_cut():
    # "Shenzhen" continues the first item lazily: the list after the blank line is the same list
    text = "- Shenzhen\nShenzhen\n\n" + "\n".join(f"- item {i}" for i in range(8)) + "\n"
    with small_pieces():
        assert page_render._long_lists(text.split("\n")) == []
        assert page_render.markdown(text) == page_render._render(text, 1)
