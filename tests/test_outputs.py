"""Every stored output is a sentence, a table or a figure, never a bare Python value."""

import re

import pytest

from tests.notebooks import course_notebooks, load, source

# What a bare value looks like as text: a repr such as Name(a=1), a number, a container or
# string literal, an object address, True/False/None.
BARE = re.compile(r"""\s*(?:[A-Za-z_][\w.]*\(.*\)      # Name(...)
                     |[-+]?[\d.,_eE+-]+               # 780.0
                     |[\[{(].*|['"].*                 # containers, string literals
                     |<.*\bat\ 0x[0-9a-f]+>           # <object at 0x...>
                     |True|False|None)\s*""", re.S | re.X)


def bare_value(text: str) -> bool:
    """Whether ``text`` reads as a Python value rather than a sentence."""
    return bool(BARE.fullmatch(text)) or len(text.split()) < 3


@pytest.mark.parametrize("text", ["LikelihoodRatios(positive=42.6, negative=0.06)", "780.0",
                                  "[1, 2]", "'text'", "<Foo object at 0x7f00>", "None",
                                  "(0.5, 0.2)", "array([1., 2.])"])
def test_bare_values_are_recognised(text):
    assert bare_value(text)


@pytest.mark.parametrize("text", ["At 78 years the cut-off is 780 µg/L.",
                                  "Diastolic 70 mmHg: compartment pressure rises from 8 to 49."])
def test_sentences_are_not_bare_values(text):
    assert not bare_value(text)


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda p: p.name)
def test_no_output_is_a_bare_python_value(path):
    found = []
    for cell in load(path)["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output.get("output_type") == "stream":
                text = output["text"]
            elif set(data) == {"text/plain"}:      # nothing richer to show: the reader sees this
                text = "".join(data["text/plain"])
            else:
                continue
            if bare_value(text):
                found.append(f"{source(cell)[:60]!r} -> {text[:60]!r}")
    assert found == [], "return a sentence or a table (a _repr_markdown_) instead"
