"""The disclaimer and the emergency red-flags box."""

from helpers import references, safety


def test_red_flags_cover_the_arterial_and_pulmonary_emergencies():
    text = repr(safety.red_flags()).lower()
    for sign in ("cold", "pale", "no pulse", "chest pain", "breathlessness"):
        assert sign in text


def test_every_red_flag_is_sourced_from_the_bibliography():
    known = references.bibliography_data()
    for flag in safety.red_flag_list():
        assert flag.sources and set(flag.sources) <= known.keys(), flag.sign


def test_red_flags_box_is_a_labelled_note_with_links_to_sources():
    page = safety.red_flags()._repr_html_()
    assert 'role="note"' in page and 'aria-label="Emergency red flags"' in page
    assert page.count("<li>") == len(safety.red_flag_list())
    assert '<a href="#ref-creager2012">Creager 2012</a>' in page


def test_disclaimer_says_education_not_advice():
    assert safety.DISCLAIMER.startswith("Education, not medical advice.")
