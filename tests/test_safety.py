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


def test_stroke_flag_does_not_wait_for_the_arm_or_face():
    # Issue 13: "usually together with the arm or face" let a reader dismiss a leg alone. A stroke
    # can weaken mainly one leg (Schneider 1994: 63 of 1575 acute strokes, 4%), and FAST tests
    # face, arms and speech only (NHS North West Ambulance Service).
    (flag,) = [f for f in safety.red_flag_list() if "stroke" in f.meaning]
    assert "together with the arm or face" not in flag.sign
    assert "one leg alone" in flag.sign and "FAST" in flag.sign
    assert {"nwas_stroke", "schneider1994"} <= set(flag.sources)


def test_no_data_file_or_notebook_ties_a_stroke_leg_to_the_arm_or_face():
    from tests.notebooks import ROOT, course_notebooks, markdown_and_outputs

    texts = [p.read_text(encoding="utf-8")
             for p in (ROOT / "src" / "helpers" / "data").rglob("*.yaml")
             if "references" not in p.parts]
    texts += [markdown_and_outputs(p) for p in course_notebooks()]
    for phrase in ("together with the arm or face", "usually together with the arm"):
        assert not any(phrase in t for t in texts), phrase
