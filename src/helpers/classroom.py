"""The classroom app (``make app``: Voila over notebooks/ with the "clots" template).

Voila's folder view lists file names; :func:`page_config_hook` (set in the template folder's
``voila.py``) hands the template the lessons' numbers, titles and times from data/course.yaml, so
the landing page lists "02 · How a clot starves or squeezes a nerve", not
``02_ischemia_and_compression.ipynb``.
"""

from __future__ import annotations

from typing import Any

from helpers import course

PAGE_CONFIG_KEY = "cnLessons"


def lesson_entries() -> dict[str, dict[str, str]]:
    """Each lesson's notebook file name → what the landing page shows for it."""
    return {x.notebook: {"title": f"{x.number} · {x.title}", "part": x.part,
                         "minutes": f"{x.minutes} min"} for x in course.lessons()}


def page_config_hook(page_config: dict[str, Any], **_: Any) -> dict[str, Any]:
    """Voila's ``VoilaConfiguration.page_config_hook``: add the lesson entries (in place, since
    the folder view ignores the value returned) and return the page config."""
    page_config[PAGE_CONFIG_KEY] = lesson_entries()
    return page_config
