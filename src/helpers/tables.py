"""A small Markdown table that Jupyter, nbconvert and nbval all show the same way."""

from __future__ import annotations

import re
from collections.abc import Sequence

_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_ANCHOR = re.compile(r'<a id="[^"]*"></a>')   # a link target, invisible in the table


class MarkdownTable:
    """Rows of cells shown as a Markdown table, with a plain-text twin that drops link targets."""

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        if any(len(row) != len(headers) for row in rows):
            raise ValueError(f"every row needs {len(headers)} cells")
        self.headers, self.rows = list(headers), [list(r) for r in rows]

    def _repr_markdown_(self) -> str:
        lines = ["| " + " | ".join(self.headers) + " |", "|" + "---|" * len(self.headers)]
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return "\n".join(" · ".join(_LINK.sub(r"\1", _ANCHOR.sub("", cell)) for cell in r)
                         for r in self.rows)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, str]:
        return {"text/markdown": self._repr_markdown_(), "text/plain": repr(self)}
