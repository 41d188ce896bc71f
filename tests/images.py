"""The images a learner sees, and whether each says what it shows (alt text)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

# What nbconvert, Markdown tools and careless code write when nobody described the image.
PLACEHOLDERS = re.compile(r"no description|^(image|figure|graph|chart|plot|picture|img)\b"
                          r"|\.(png|svg|jpe?g|gif)$", re.I)
MIN_WORDS = 4


def meaningful(alt: str | None) -> bool:
    """Whether ``alt`` describes an image: four words or more, not a placeholder or file name."""
    text = " ".join((alt or "").split())
    return len(text.split()) >= MIN_WORDS and not PLACEHOLDERS.search(text)


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict[str, Any]] = []
        self._svg: dict[str, Any] | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "img":
            self.found.append({"tag": "img", "src": (a.get("src") or "")[:60],
                               "alt": a.get("alt"), "hidden": a.get("aria-hidden") == "true"})
        elif tag == "svg" and a.get("role") == "img" and self._svg is None:
            self._svg = {"tag": "svg", "src": "", "alt": a.get("aria-label"), "hidden": False}
            self.found.append(self._svg)
        elif tag == "title" and self._svg is not None:
            self._in_title = True

    def handle_data(self, data: str) -> None:
        if self._in_title and self._svg is not None and not self._svg["alt"]:
            self._svg["alt"] = data

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "svg":
            self._svg = None


def images(html: str) -> list[dict[str, Any]]:
    """Every <img> and every <svg role="img"> in ``html``, with its alt text."""
    parser = _Images()
    parser.feed(html)
    return parser.found


def markdown_images(markdown: str) -> list[dict[str, Any]]:
    """Every Markdown image ``![alt](src)`` and every <img> written in ``markdown``."""
    found = [{"tag": "markdown", "src": src[:60], "alt": alt, "hidden": False}
             for alt, src in re.findall(r"!\[([^\]]*)\]\(([^)]*)\)", markdown)]
    return found + images(markdown)


def without_alt(found: list[dict[str, Any]]) -> list[str]:
    """The images of ``found`` a screen-reader user would not understand."""
    return [f"{i['tag']} {i['src']!r} alt={i['alt']!r}" for i in found
            if not i["hidden"] and not meaningful(i["alt"])]


def notebook_images(nb: dict[str, Any]) -> list[dict[str, Any]]:
    """Every image a notebook shows: in its Markdown, in HTML outputs, and image outputs (their
    alt is in the output's metadata, where nbconvert reads it)."""
    found: list[dict[str, Any]] = []
    for cell in nb["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "markdown":
            found += markdown_images(text)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                html = data["text/html"]
                found += images("".join(html) if isinstance(html, list) else html)
            for mime in ("image/png", "image/jpeg", "image/svg+xml"):
                if mime in data and "text/html" not in data:
                    alt = output.get("metadata", {}).get(mime, {}).get("alt")
                    found.append({"tag": mime, "src": "", "alt": alt, "hidden": False})
    return found
