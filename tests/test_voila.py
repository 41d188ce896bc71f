"""The classroom app: Voila on localhost (tests/clients.py, served as `make app` serves it),
driven in Chromium at a projector's 1280 px: nothing fetched from outside the machine, no
console error, no control clipped."""

from tests.clients import broken_images, local_page


def test_voila_serves_the_checklist_and_a_tick_updates_the_score(browser, voila):
    page = voila.open(browser, "04_signs_and_risk.ipynb")
    box = page.get_by_role("checkbox", name="Active cancer", exact=False)
    box.wait_for(timeout=90_000)
    summary = page.locator(".cn-cl-summary")
    assert "Wells score: 0 points → DVT unlikely" in summary.inner_text()
    box.check()
    page.wait_for_function("document.querySelector('.cn-cl-summary').innerText"
                           ".includes('Wells score: 1 point')", timeout=10_000)
    page.get_by_role("checkbox", name="(Pallor)", exact=False).check()
    page.wait_for_function("document.body.innerText.includes('EMERGENCY.')", timeout=10_000)
    # before the "clots" template: Font Awesome style sheets asked of a CDN
    assert page.outside == [] and page.errors == [] and broken_images(page) == []
    page.context.close()


# The nerve map (03) and the explorers of 05 are driven in Voila, and checked for clipped
# controls at 1280 px, in test_closed_form_clients.py.


def test_the_app_folder_view_fetches_nothing_from_outside(browser, voila):
    url = voila.url("")                     # the folder, as `make app` serves it
    page = local_page(browser, url)
    page.goto(url, timeout=90_000)
    page.get_by_text("03_nerve_map.ipynb").wait_for(timeout=30_000)
    assert page.outside == []               # before: Font Awesome 4 from a CDN
    page.context.close()
