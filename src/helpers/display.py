"""Live widgets that carry a static HTML twin, so a page without a kernel still shows them."""

from __future__ import annotations

import base64
import html
from typing import Any


class LiveWithTwin:
    """Displays ``widget`` where a kernel runs; nbconvert and untrusted views show ``twin_html``."""

    def __init__(self, widget: Any, twin_html: str, plain: str) -> None:
        self.widget, self.twin_html, self.plain = widget, twin_html, plain

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = dict(self.widget._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["text/html"] = self.twin_html
        bundle["text/plain"] = self.plain
        return bundle


def img_html(png: bytes, alt: str) -> str:
    """A PNG as an inline <img> with its alt text."""
    data = base64.b64encode(png).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'
