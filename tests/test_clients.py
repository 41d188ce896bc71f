"""The browser-test clients work: JupyterLab runs a whole notebook offline, Voila serves one."""

from tests.clients import broken_images


def test_lab_runs_a_whole_notebook_offline_with_every_output_in_the_page(browser, lab):
    page = lab.run(browser, "00_start_here.ipynb")
    prompts = page.locator(".jp-InputArea-prompt").all_inner_texts()
    assert prompts and all("[" in p and "*" not in p for p in prompts if p.strip())
    assert page.locator(".jp-OutputArea-output").count() > 0
    assert "Traceback" not in page.locator(".jp-Notebook").inner_text()
    assert broken_images(page) == []
    assert page.outside == [] and page.errors == []
    page.context.close()


def test_voila_serves_a_notebook_with_its_outputs(browser, voila):
    page = voila.open(browser, "00_start_here.ipynb")
    assert "Start here" in page.locator("body").inner_text()
    assert broken_images(page) == []
    # Voila 0.5's own page asks a CDN for Font Awesome; the "clots" template drops that
    assert page.outside == [] and page.errors == []
    page.context.close()
