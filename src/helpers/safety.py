"""The medical disclaimer and the emergency red-flags box shown wherever symptoms are discussed."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from helpers._data import load
from helpers.references import link

DISCLAIMER = ("Education, not medical advice. This course teaches how clots and nerves work; "
              "it cannot tell you what is wrong with your leg. If you are worried, see a "
              "doctor; in an emergency, call your local emergency number.")


@dataclass(frozen=True)
class RedFlag:
    """One emergency sign, what it may mean, and the sources behind it."""

    sign: str
    meaning: str
    sources: tuple[str, ...]


def red_flag_list() -> tuple[RedFlag, ...]:
    """The emergency red flags from data/red_flags.yaml."""
    return tuple(RedFlag(f["sign"], f["meaning"], tuple(f["sources"]))
                 for f in load("red_flags.yaml")["flags"])


RED_FLAGS_ID = "cn-red-flags"   # the page's "Red flags" link jumps here


class RedFlagsBox:
    """The red flags as an unmistakable box (HTML) with a plain-text twin."""

    def __init__(self) -> None:
        self.title = load("red_flags.yaml")["title"]
        self.flags = red_flag_list()

    def _repr_html_(self) -> str:
        items = "".join(
            f"<li><strong>{html.escape(f.sign)}</strong> — possibly {html.escape(f.meaning)} "
            f"<span class=\"cn-cite\">({', '.join(link(k) for k in f.sources)})</span></li>"
            for f in self.flags)
        return (f'<aside class="cn-red-flags" id="{RED_FLAGS_ID}" role="note" '
                'aria-label="Emergency red flags" '
                'style="border:3px solid #B00020;border-left-width:10px;padding:0.5em 1em;'
                'background:#FFF4F4;color:#1A1A1A;border-radius:4px">'
                f'<p style="margin:0.3em 0"><strong>⚠ {html.escape(self.title)}</strong></p>'
                f"<ul>{items}</ul></aside>")

    def __repr__(self) -> str:
        lines = [f"RED FLAGS. {self.title}"]
        lines += [f"- {f.sign} — possibly {f.meaning}" for f in self.flags]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": repr(self)}


def red_flags() -> RedFlagsBox:
    """The emergency red-flags box, ready to display."""
    return RedFlagsBox()
