"""A course to read without Python: `make site` writes one zip of the site, and the repository's
workflow builds it with the same command and publishes the folder and the zip."""

import zipfile

import yaml

from helpers import build
from tests.notebooks import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"


def _steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]


def _make_site_recipe() -> list[str]:
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    start = lines.index("site: install") + 1
    recipe = []
    for line in lines[start:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_the_workflow_builds_with_make_site_and_uploads_what_it_writes():
    steps = _steps()
    assert [s["run"] for s in steps if "run" in s] == ["make site"]
    uploads = {s["uses"].split("@")[0]: s["with"]["path"] for s in steps if "with" in s
               and "path" in s["with"]}
    assert uploads == {"actions/upload-artifact": str(build.SITE_ZIP),
                       "actions/upload-pages-artifact": "site"}
    recipe = _make_site_recipe()
    assert any("helpers.build site --out site" in line for line in recipe)
    assert recipe[-1].endswith(f"helpers.build zip --site site --out {build.SITE_ZIP}")


def test_the_zip_holds_the_whole_site_in_one_folder_and_is_reproducible(site, tmp_path):
    first = build.zip_site(site, tmp_path / "a" / "site.zip")
    second = build.zip_site(site, tmp_path / "b" / "site.zip")
    assert first.read_bytes() == second.read_bytes()
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == [f"{build.ZIP_FOLDER}/{name}" for name in files]
        assert archive.testzip() is None
    assert "index.html" in files and len(files) >= 10


def test_the_unzipped_site_opens_offline_and_its_quiz_works(offline_page, site, tmp_path):
    with zipfile.ZipFile(build.zip_site(site, tmp_path / "site.zip")) as archive:
        archive.extractall(tmp_path / "unzipped")
    index = tmp_path / "unzipped" / build.ZIP_FOLDER / "index.html"
    offline_page.goto(index.as_uri())
    offline_page.get_by_role("link", name="Start here").first.click()
    question = offline_page.locator("fieldset#cn-00_start_here-dvt-numb")
    question.get_by_label("False").check()
    question.get_by_role("button", name="Check").click()
    assert question.locator(".cn-feedback").inner_text().startswith("Correct.")
    assert offline_page.blocked == [] and offline_page.errors == []
