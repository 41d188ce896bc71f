"""The bibliography data and how notebooks cite it."""

import re
from urllib.parse import urlsplit

import nbformat
import pytest

from helpers import reading, references
from tests.notebooks import NOTEBOOKS, course_notebooks, markdown_and_outputs

REFS = references.bibliography_data()


@pytest.mark.parametrize("key", sorted(REFS))
def test_every_reference_is_complete_and_linked(key):
    ref = REFS[key]
    for field in ("short", "author", "title", "container"):
        assert getattr(ref, field).strip(), f"{key} lacks {field}"
    if ref.year is None:
        assert ref.accessed, f"{key}: an undated page needs the date it was accessed"
    else:
        assert 1800 < ref.year < 2100
    if ref.no_link:
        assert not ref.href, f"{key} has a link, so it needs no no_link reason"
    else:
        assert ref.href.startswith("https://"), f"{key} needs a DOI or URL (or a no_link reason)"
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


# Where a reference may link: publishers, indexes, regulators and official bodies. Unofficial copies
# (scribd, docslib, recallguide, themeditary, drugslib, rxreasoner, medpdffinder, paperexplained,
# metajournal, webedcafe, ...) and manufacturers' promotional sites are not on it (issue 13).
ALLOWED_HOSTS = {
    "doi.org": "DOI resolver (publisher)",
    "pubmed.ncbi.nlm.nih.gov": "PubMed",
    "pmc.ncbi.nlm.nih.gov": "PubMed Central",
    "www.ncbi.nlm.nih.gov": "NCBI Bookshelf",
    "www.ema.europa.eu": "European Medicines Agency (EPAR, SmPC)",
    "www.accessdata.fda.gov": "US FDA labels",
    "dailymed.nlm.nih.gov": "DailyMed (US labels, National Library of Medicine)",
    "www.medicines.org.uk": "UK electronic Medicines Compendium (SmPC, leaflets)",
    "www.nice.org.uk": "NICE",
    "webarchive.nationalarchives.gov.uk": "UK Government Web Archive (retired official pages)",
    "www.nhs.uk": "NHS",
    "www.nhsinform.scot": "NHS inform (NHS Scotland)",
    "www.gloshospitals.nhs.uk": "an NHS foundation trust",
    "royalfree.nhs.uk": "an NHS foundation trust",
    "bcuhb.nhs.wales": "an NHS Wales health board",
    "rightdecisions.scot.nhs.uk": "NHS Scotland (Right Decisions guidance)",
    "cks.nice.org.uk": "NICE Clinical Knowledge Summaries",
    "www.who.int": "WHO",
    "medlineplus.gov": "MedlinePlus (US National Library of Medicine)",
    "www.nhlbi.nih.gov": "US National Heart, Lung, and Blood Institute",
    "professional.heart.org": "American Heart Association",
    "www.hematology.org": "American Society of Hematology",
    "ashpublications.org": "ASH journals (publisher)",
    "ashpublications.net": "ASH journals (publisher)",
    "ashpublications.com": "ASH journals (publisher)",
    "rapm.bmj.com": "Regional Anesthesia & Pain Medicine (journal site, BMJ)",
    "synapse.koreamed.org": "KoreaMed Synapse (the Korean journals' own platform)",
    "www.springermedizin.de": "Springer Medizin (the publisher's own portal)",
    "www.rcemlearning.co.uk": "Royal College of Emergency Medicine",
    "icmphilly.com": "International Consensus Meeting on VTE (the consensus body's own site)",
    "www.pathology.uci.edu": "UCI Health pathology department (the laboratory's own announcement)",
    "www.msdmanuals.com": "MSD Manuals (publisher)",
    "msdmanuals.com": "MSD Manuals (publisher)",
    "statpearls.com": "StatPearls Publishing",
    "www.statpearls.com": "StatPearls Publishing",
    "www.medscape.com": "Medscape (publisher)",
    "reference.medscape.com": "Medscape (publisher)",
    "emedicine.medscape.com": "Medscape eMedicine (publisher)",
    "www.emedicine.com": "Medscape eMedicine (publisher)",
    "www.drugs.com": "Drugs.com (publisher of its own monographs)",
    "www.mims.co.uk": "MIMS (publisher's own news item)",
    "evtoday.com": "Endovascular Today (publisher's own news item)",
    "www.health.harvard.edu": "Harvard Health Publishing",
    "www.texasheart.org": "Texas Heart Institute",
    "www.bartleby.com": "Bartleby.com, publisher of the cited online edition of Gray's Anatomy",
    "solaci.org": "SOLACI, the Latin American Society of Interventional Cardiology",
    "niformulary.hscni.net": "Northern Ireland Formulary (Health and Social Care Northern Ireland)",
    "www.medscape.co.uk": "Medscape UK (publisher)",
    "www.fda.gov": "US Food and Drug Administration",
    "www.nwas.nhs.uk": "an NHS ambulance service trust",
    "therotherhamft.nhs.uk": "an NHS foundation trust",
    "www.kenhub.com": "Kenhub (publisher of its own anatomy articles)",
}
URL = re.compile(r"https?://[^\s<>)\]\"']+")


def reference_urls(ref):
    """Every address a reader can follow from an entry: its link and any link inside its note."""
    return ([ref.href] if ref.href else []) + URL.findall(ref.note)


@pytest.mark.parametrize("key", sorted(REFS))
def test_every_link_points_at_a_publisher_index_regulator_or_official_body(key):
    for url in reference_urls(REFS[key]):
        parts = urlsplit(url)
        assert parts.scheme == "https", f"{key}: {url} is not https"
        assert parts.hostname in ALLOWED_HOSTS, (
            f"{key}: {parts.hostname} is not an allowed host; "
            "link the DOI, PubMed or the regulator")


@pytest.mark.parametrize("url", ["https://www.scribd.com/document/1/x", "https://docslib.org/doc/1",
                                 "https://rxreasoner.com/monographs/x", "http://doi.org/10.1/x"])
def test_unofficial_or_insecure_links_are_refused(url):
    parts = urlsplit(url)
    assert parts.scheme != "https" or parts.hostname not in ALLOWED_HOSTS


def test_no_reference_links_the_copies_named_in_issue_13():
    hosts = {urlsplit(u).hostname for r in REFS.values() for u in reference_urls(r)}
    banned = ("scribd", "docslib", "recallguide", "themeditary", "drugslib", "rxreasoner",
              "medpdffinder", "paperexplained", "metajournal", "webedcafe", "fda.report",
              "medlibrary")
    assert not [h for h in hosts if any(b in h for b in banned)]


def _page(**fields):
    base = {"key": "x", "short": "X", "author": "NHS", "title": "A page",
            "container": "NHS website", "url": "https://www.nhs.uk/x/", "checked": "read"}
    return references.Reference(**(base | fields))


def test_undated_page_shows_accessed_date_instead_of_a_year():
    text = _page(accessed="2026-11-25").markdown()
    assert "Undated. Accessed 25 November 2026." in text
    assert "2026;" not in text and ". 2026." not in text


def test_dated_source_shows_its_year_and_no_accessed_date():
    text = _page(year=2019).markdown()
    assert "*NHS website*. 2019." in text
    assert "ccessed" not in text


def test_reference_without_year_or_accessed_date_is_refused():
    with pytest.raises(ValueError, match="'x' needs a year or, if undated, an accessed date"):
        _page()


def test_accessed_date_must_be_an_iso_date():
    with pytest.raises(ValueError):
        _page(accessed="25/11/2026")


def test_bibliography_entries_read_as_undated_show_when_they_were_read():
    # nhsinform_dvt is an undated NHS page read on 25 November 2026 (see its `checked`).
    assert "Undated. Accessed 25 November 2026." in references.get("nhsinform_dvt").markdown()


def test_title_ending_in_a_question_mark_gets_no_extra_full_stop():
    assert "thrombosis? *JAMA*." in references.get("wells2006").markdown()


@pytest.mark.parametrize("path", course_notebooks(), ids=lambda p: p.name)
def test_links_written_in_notebook_text_point_at_allowed_hosts(path):
    cells = nbformat.read(path, as_version=4).cells
    urls = [u for c in cells if c.cell_type == "markdown" for u in URL.findall(c.source)]
    outside = [u for u in urls if urlsplit(u).hostname not in ALLOWED_HOSTS]
    assert outside == [], f"{path.name} links outside the allowed hosts: {outside}"


DEEPER = {"esvs_urgency": "02_ischemia_and_compression", "esvs_imaging": "05_differential",
          "ng158_treatment": "06_treatment", "ng89_prevention": "07_prognosis_and_prevention"}


@pytest.mark.parametrize("name", sorted(DEEPER))
def test_going_deeper_table_cites_every_row(name):
    table = references.guideline_table(name)
    assert table.headers == ["Topic", "What the sources say", "Sources"]
    assert table.rows, f"{name} has no rows"
    for topic, says, sources in table.rows:
        assert topic.strip() and says.strip()
        assert re.fullmatch(r"\[[^\]]+\]\(#ref-\w+\)(; \[[^\]]+\]\(#ref-\w+\))*", sources), topic


def test_unknown_going_deeper_table_is_named():
    with pytest.raises(ValueError, match=r"'ng999'.*esvs_imaging"):
        references.guideline_table("ng999")


@pytest.mark.parametrize("name", sorted(DEEPER))
def test_going_deeper_section_is_tagged_and_shows_its_table(name):
    cells = nbformat.read(NOTEBOOKS / f"{DEEPER[name]}.ipynb", as_version=4).cells
    shown = [i for i, c in enumerate(cells) if c.source == f'references.guideline_table("{name}")']
    assert len(shown) == 1
    section = next(s for s in reading.deeper_sections(cells) if shown[0] in s.cells)
    assert section.title.startswith("Going deeper: ")
    # every cell from its heading to the next heading of its level or higher is tagged
    start = section.cells[0]
    end = next((i for i in range(start + 1, len(cells))
                if (h := reading.heading(cells[i])) and h[0] <= section.level), len(cells))
    assert section.cells == tuple(range(start, end))


# Issue 20: each guideline entry carries its published title and the year it was first published.
NICE_CODE = re.compile(r"\((?:NICE )?(?:guideline |quality standard |interventional procedures "
                       r"guidance )?(NG|QS|CG|IPG)\d+\)")


# Searched for and not found in a stored copy (issue 20); the entry says so in its `checked`.
FIRST_YEAR_NOT_SEEN = {"nice_qs93"}


@pytest.mark.parametrize("key", sorted(k for k, r in REFS.items() if r.container == "NICE"))
def test_every_nice_guidance_entry_has_its_title_code_and_first_publication_year(key):
    ref = REFS[key]
    assert NICE_CODE.search(ref.title), f"{key}: the title should end with its NICE code"
    if key in FIRST_YEAR_NOT_SEEN:
        assert ref.year is None and "publication date was not seen" in ref.checked
        return
    assert ref.year, f"{key}: give the year the guidance was first published"
    assert "first publication year not seen" not in ref.note, key
    if ref.note and re.search(r"\b(updated|amended|replaced)\b", ref.note):
        assert re.search(rf"\b{ref.year}\b", ref.note), f"{key}: say which year came first"


def test_label_links_open_the_labels_own_page_for_the_direct_oral_anticoagulants():
    # Issue 20: DailyMed links that opened a search page now open the label (setid) itself.
    for key in ("eliquis_hcp", "xarelto_hcp", "pradaxa_label_us", "savaysa_label"):
        assert "drugInfo.cfm?setid=" in REFS[key].href, key

