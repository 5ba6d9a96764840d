"""An undated draft is left out when a dated draft of the same sentence states the same thing."""

from hotspots.extract.rules.common import ClaimDraft
from hotspots.extract.twins import without_undated_twins


def _draft(as_of=None, start=0, value_text="national high-tech zone", rule="a"):
    return ClaimDraft(
        subject_id="park/x",
        predicate="designated_as",
        object_id=None,
        value=None,
        value_text=value_text,
        unit=None,
        comparator=None,
        as_of=as_of,
        start=start,
        end=start + 50,
        rule=rule,
        focus=(start, start + 50),
    )


def test_the_undated_twin_of_a_dated_statement_is_left_out():
    dated, undated = _draft("1992-11", rule="designated_title"), _draft(rule="designation")
    assert without_undated_twins([undated, dated]) == [dated]


def test_an_undated_statement_of_another_sentence_or_value_stays():
    dated = _draft("1992-11")
    elsewhere = _draft(start=100)
    other_value = _draft(value_text="national innovation park")
    assert without_undated_twins([dated, elsewhere, other_value]) == [dated, elsewhere, other_value]


def test_value_text_is_compared_without_case_or_outer_spaces():
    dated, undated = _draft("1992"), _draft(value_text=" National High-Tech Zone ")
    assert without_undated_twins([dated, undated]) == [dated]


def test_two_undated_drafts_both_stay():
    a, b = _draft(rule="a"), _draft(rule="b")
    assert without_undated_twins([a, b]) == [a, b]
