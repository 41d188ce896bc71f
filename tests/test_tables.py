"""The Markdown table shared by every cited table in the course."""

import pytest

from helpers.tables import MarkdownTable


def test_markdown_has_header_rule_and_rows_and_plain_text_drops_link_targets():
    table = MarkdownTable(["Sign", "Source"], [["Pallor", "[Björck 2020](#ref-bjorck2020)"]])
    assert table._repr_markdown_().splitlines() == [
        "| Sign | Source |", "|---|---|", "| Pallor | [Björck 2020](#ref-bjorck2020) |"]
    assert repr(table) == "Pallor · Björck 2020"


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="2 cells"):
        MarkdownTable(["a", "b"], [["only one"]])
