"""The closed-form explorers (nerve map 03, comparison tool and Fagan nomogram 05) evaluated in
the page by their own scripts agree with Python on every input they offer (the comparison tool's
40,320 cases compared by digest), and the static forms answer their controls, offline, in
Chromium."""

import hashlib
import itertools
import json

import pytest

from helpers import differential, differential_views, display, nerve_views, nerves, pathway
from tests.browser import evaluate_json, standalone_page

FAGAN = differential_views.fagan_explorer()
COMPARISON = differential_views.comparison_explorer()
NERVE_MAP = nerve_views.nerve_explorer()


@pytest.fixture(scope="module")
def explorers_page(tmp_path_factory):
    body = "".join(display.static_form(e) for e in (FAGAN, COMPARISON, NERVE_MAP))
    return standalone_page(tmp_path_factory.mktemp("explorers"), "Explorers", body)


@pytest.fixture
def page(offline_page, explorers_page):
    offline_page.goto(explorers_page.as_uri())
    return offline_page


def _browser_frames(page, name: str, settings: list[dict]) -> list[dict]:
    return evaluate_json(page,
        """([name, all]) => { const s = document.getElementById('cn-ex-' + name).cnExplorer;
             return all.map(values => s.frame({values: values, indices: {}})); }""",
        [name, settings])


def _python(explorer: display.Explorer, values: dict) -> dict:
    frame = explorer.safe_frame(values)
    return {"text": frame.text, "alt": frame.alt, "html": frame.html, "error": frame.error}


def test_fagan_in_the_page_equals_python_at_every_stop_and_result(page):
    stops = [v for _label, v in FAGAN.controls[0].stops]
    results = [v for _label, v in FAGAN.controls[1].options]
    settings = [{"pretest": p, "result": r} for p, r in itertools.product(stops, results)]
    assert len(settings) == 199 * 7
    browser = _browser_frames(page, "fagan", settings)
    for values, js in zip(settings, browser, strict=True):
        py = _python(FAGAN, values)
        assert {k: js[k] for k in py} == py, values
    assert page.errors == [] and page.blocked == []


def test_fagan_form_moves_by_keyboard_and_redraws(page):
    section = page.locator("#cn-ex-fagan")
    status = section.locator(".cn-status")
    assert "Pre-test probability 19.0%" in status.inner_text()
    slider = section.get_by_role("slider", name="Pre-test probability")
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert "Pre-test probability 19.5%" in status.inner_text()
    assert status.get_attribute("aria-live") == "polite"
    section.get_by_role("combobox", name="Test result").select_option(
        label="Compression ultrasound positive (proximal)")
    expected = _python(FAGAN, {"pretest": 19.5, "result": "ultrasound_positive"})
    assert status.inner_text() == expected["text"]
    assert section.locator(".cn-ex-plot svg").get_attribute("aria-label") == expected["alt"]
    assert page.errors == [] and page.blocked == []


def _comparison_cases() -> list[dict]:
    """Every case the comparison tool offers: each list's options crossed (40,320)."""
    options = {c.key: [v for _label, v in c.options] for c in COMPARISON.controls}
    return [dict(zip(options, combo, strict=True))
            for combo in itertools.product(*options.values())]


# A frame's words as one string, hashed alike in the page (JSON.stringify, SHA-1) and in Python:
# 40,320 frames of about 6 kB would be 240 MB to carry out of the page.
_DIGESTS = """async ([name, cases]) => {
    const s = document.getElementById('cn-ex-' + name).cnExplorer, enc = new TextEncoder();
    const all = JSON.parse(cases);
    const hex = b => [...new Uint8Array(b)].map(x => x.toString(16).padStart(2, '0')).join('');
    return Promise.all(all.map(values => { const f = s.frame({values: values, indices: {}});
        return crypto.subtle.digest('SHA-1', enc.encode(JSON.stringify(
            [f.text, f.alt, f.html, f.error]))).then(hex); })).then(h => h.join(' ')); }"""


def _digest(frame: dict) -> str:
    text = json.dumps([frame["text"], frame["alt"], frame["html"], frame["error"]],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def test_comparison_in_the_page_equals_python_on_every_case(page):
    cases = _comparison_cases()
    assert len(cases) == 4 * 4 * 8 * 5 * 6 * 3 * 4      # distribution: 8 with "several roots"
    browser = page.evaluate(_DIGESTS, ["comparison", json.dumps(cases)]).split()
    verdicts, differ = set(), []
    for values, js in zip(cases, browser, strict=True):
        py = _python(COMPARISON, values)
        if _digest(py) != js:
            differ.append(values)
        verdicts.add(py["text"].split(":")[0])
    assert differ == [], f"{len(differ)} cases differ, first {differ[:3]}"
    assert len(verdicts) > 5
    assert page.errors == [] and page.blocked == []


def test_the_digest_comparison_sees_one_changed_character(page):
    values = dict(differential_views.WORKED_CASE)
    values = {c.key: values.get(c.key) for c in COMPARISON.controls}
    js = page.evaluate(_DIGESTS, ["comparison", json.dumps([values])])
    py = _python(COMPARISON, values)
    assert _digest(py) == js
    assert _digest({**py, "text": py["text"] + " "}) != js
    assert _digest({**py, "html": py["html"].replace("<", "&lt;", 1)}) != js


def test_comparison_form_answers_each_list_and_reads_like_python(page):
    section = page.locator("#cn-ex-comparison")
    status = section.locator(".cn-status")
    assert status.inner_text().startswith("Set at least one feature")
    case = {}
    for key, value in differential_views.WORKED_CASE.items():
        label = differential.FEATURES[key].label
        section.get_by_role("combobox", name=label).select_option(
            label=differential.FEATURES[key].values[value])
        case[key] = value
        expected = COMPARISON.safe_frame({**COMPARISON.defaults(), **case})
        assert status.inner_text() == expected.text
    assert "⚠ If it could be Acute arterial occlusion" in status.inner_text()
    assert section.locator("table.cn-compare tbody tr").count() == len(differential.CAUSES)
    section.get_by_role("combobox", name="Foot pulses").focus()
    page.keyboard.press("Home")                               # back to "not set"
    assert status.inner_text() == COMPARISON.safe_frame(
        {**COMPARISON.defaults(), **case, "pulses": None}).text
    assert page.errors == [] and page.blocked == []


def _sha(text: str) -> str:
    """SHA-256 of the UTF-8 text, as the page computes it (to compare long HTML cheaply)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


SHA_JS = """async (t) => [...new Uint8Array(await crypto.subtle.digest('SHA-256',
    new TextEncoder().encode(t)))].map(b => b.toString(16).padStart(2, '0')).join('')"""


def test_nerve_map_in_the_page_equals_python_on_all_8192_selections(page):
    names = nerves.region_names()
    keys = [nerve_views.control_key(n) for n in names]
    settings = [dict(zip(keys, bits, strict=True))
                for bits in itertools.product((False, True), repeat=len(keys))]
    assert len(settings) == 2 ** 13 == 8192
    browser = evaluate_json(page,
        """async ([all, sha]) => { const hash = eval(sha);
             const s = document.getElementById('cn-ex-nervemap').cnExplorer;
             return Promise.all(all.map(async values => {
               const f = s.frame({values: values, indices: {}});
               return [f.text, await hash(f.alt), await hash(f.html), f.error]; })); }""",
        [settings, SHA_JS])
    messages = set()
    for values, js in zip(settings, browser, strict=True):
        frame = NERVE_MAP.safe_frame(values)
        assert js == [frame.text, _sha(frame.alt), _sha(frame.html), frame.error], values
        messages.add(frame.text[:30])
    assert len(messages) > 10
    assert page.errors == [] and page.blocked == []


def test_nerve_map_form_answers_each_box_by_keyboard(page):
    section = page.locator("#cn-ex-nervemap")
    status = section.locator(".cn-status")
    assert status.inner_text().startswith("Best fit: the common fibular nerve")
    for name in nerve_views.DEFAULT_SELECTION:               # untick the default case
        section.get_by_role("checkbox", name=name, exact=True).uncheck()
    assert status.inner_text() == nerves.NO_SELECTION
    box = section.get_by_role("checkbox", name="sole", exact=True)
    box.focus()
    page.keyboard.press("Space")
    frame = NERVE_MAP.safe_frame({**dict.fromkeys(NERVE_MAP.defaults(), False), "sole": True})
    assert status.inner_text() == frame.text
    assert "tarsal tunnel" in section.locator(".cn-ex-plot").inner_text()
    star = section.locator(".cn-nervemap .cn-region-sole").first
    assert star.evaluate("e => getComputedStyle(e).display") == "inline"
    hidden = section.locator(".cn-nervemap .cn-region-heel").first
    assert hidden.evaluate("e => getComputedStyle(e).display") == "none"
    assert page.errors == [] and page.blocked == []


# --- the course pages (make site), opened from file:// with the network blocked ----------------

def _site_page(offline_page, site, name: str):
    offline_page.goto((site / name).as_uri())
    return offline_page


def _clean(page) -> None:
    broken = page.evaluate("() => [...document.images].filter(i => i.complete && "
                           "i.naturalWidth === 0).map(i => i.src.slice(0, 60))")
    assert broken == [] and page.errors == [] and page.blocked == []


def test_nerve_map_page_is_live_offline_and_agrees_with_python(offline_page, site):
    page = _site_page(offline_page, site, "03_nerve_map.html")
    section = page.locator("#cn-ex-nervemap")
    status = section.locator(".cn-status")
    values = NERVE_MAP.defaults()
    assert status.inner_text() == NERVE_MAP.safe_frame(values).text
    for name in ("sole", "heel", *nerve_views.DEFAULT_SELECTION):
        section.get_by_role("checkbox", name=name, exact=True).click()
        key = nerve_views.control_key(name)
        values = {**values, key: not values[key]}
        frame = NERVE_MAP.safe_frame(values)
        assert status.inner_text() == frame.text
        assert section.locator("#cn-nervemap-alt").inner_text() == frame.alt
    assert "to choose other areas" not in page.locator("body").inner_text()   # the old picture
    _clean(page)


def test_comparison_and_fagan_pages_are_live_offline_and_agree_with_python(offline_page, site):
    page = _site_page(offline_page, site, "05_differential.html")
    comparison = page.locator("#cn-ex-comparison")
    values = COMPARISON.defaults()
    for key, value in differential_views.WORKED_CASE.items():
        feature = differential.FEATURES[key]
        comparison.get_by_role("combobox", name=feature.label).select_option(
            label=feature.values[value])
        values = {**values, key: value}
        assert comparison.locator(".cn-status").inner_text() == \
            COMPARISON.safe_frame(values).text
    fagan = page.locator("#cn-ex-fagan")
    slider = fagan.get_by_role("slider", name="Pre-test probability")
    for stop, result in ((50.0, "ultrasound_negative"), (0.5, "d_dimer_negative"),
                         (99.5, "ultrasound_positive")):
        index = [v for _l, v in FAGAN.controls[0].stops].index(stop)
        slider.fill(str(index))
        fagan.get_by_role("combobox", name="Test result").select_option(
            label=pathway.result_option(result).label)
        expected = FAGAN.safe_frame({"pretest": stop, "result": result})
        assert fagan.locator(".cn-status").inner_text() == expected.text
        assert fagan.locator("svg[role=img]").get_attribute("aria-label") == expected.alt
    _clean(page)


@pytest.mark.parametrize("name", ["03_nerve_map.html", "05_differential.html"])
def test_explorer_pages_stay_within_one_megabyte(site, name):
    assert (site / name).stat().st_size <= 1_000_000
