"""The bibliography data and how notebooks cite it."""

import re

import pytest

from helpers import references
from tests.notebooks import course_notebooks, markdown_and_outputs

REFS = references.bibliography_data()


@pytest.mark.parametrize("key", sorted(REFS))
def test_every_reference_is_complete_and_linked(key):
    ref = REFS[key]
    for field in ("short", "author", "title", "container"):
        assert getattr(ref, field).strip(), f"{key} lacks {field}"
    assert 1800 < ref.year < 2100
    assert ref.href.startswith("https://"), f"{key} needs a DOI or URL"
    assert ref.checked.strip(), f"{key}: say how the entry was verified"


def test_unknown_key_is_named_in_the_error():
    with pytest.raises(ValueError, match="no_such_paper"):
        references.bibliography(["creager2012", "no_such_paper"])


def test_reference_list_numbers_entries_with_anchors_and_drops_repeats():
    text = references.bibliography(["creager2012", "nice_ng158", "creager2012"])._repr_markdown_()
    assert text.splitlines()[0].startswith('1. <a id="ref-creager2012"></a>Creager MA')
    assert text.count("ref-creager2012") == 1
    assert "https://doi.org/10.1056/NEJMcp1006054" in text
    assert text.splitlines()[1].startswith('2. <a id="ref-nice_ng158"></a>')


def test_empty_reference_list_is_an_error():
    with pytest.raises(ValueError, match="at least one"):
        references.bibliography([])


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda p: p.name)
def test_every_citation_resolves_to_the_notebooks_reference_list(path):
    text = markdown_and_outputs(path)
    cited = set(re.findall(r"\(#ref-([\w-]+)\)|href=\"#ref-([\w-]+)\"", text))
    cited = {a or b for a, b in cited}
    listed = set(re.findall(r'<a id="ref-([\w-]+)"></a>', text))
    assert listed, f"{path.name} has no rendered reference list"
    assert cited - listed == set(), f"{path.name} cites keys missing from its list"
    assert listed - cited == set(), f"{path.name} lists references it never cites"


def test_cite_links_one_key_or_several_to_the_reference_list():
    assert references.cite("hockin2002") == "[Hockin 2002](#ref-hockin2002)"
    assert references.cite(["hockin2002", "palta2014"]) == (
        "[Hockin 2002](#ref-hockin2002); [Palta 2014](#ref-palta2014)")
    with pytest.raises(ValueError, match="nosuchkey"):
        references.cite("nosuchkey")
