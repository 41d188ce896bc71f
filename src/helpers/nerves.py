"""The nerves of the leg (data/nerves.yaml): skin territories, dermatomes, a localizer, alt text.

Territories and dermatomes are schematic polygons on two views of a right leg ("front" and
"back"). A named skin area (a *region*) belongs to a territory when the region's anchor point lies
inside one of the territory's polygons on the region's view. A nerve also covers the regions of
its branches (``part_of`` in the data): the common fibular nerve covers what its deep and
superficial branches cover, the femoral nerve what the saphenous nerve covers.

``localize`` ranks nerves and roots for a selection of regions. Score = the share of the selected
regions a candidate covers; ties go to the candidate covering the fewest *extra* regions (named
areas it supplies that were not selected), then to the name. An empty selection is not an error:
the result carries a message and no candidates. An unknown region name raises ``ValueError``
naming it and listing the allowed names; the widget in ``helpers.nerve_views`` catches that and
shows the message inline.

This module computes and words; it does not draw. ``helpers.nerve_views`` draws the map (static
figures and the explorer) from what is here. Point-in-polygon is the even-odd rule in plain Python
(a few dozen vertices per polygon), so localizing loads neither numpy nor matplotlib; a test checks
it against matplotlib's ``Path.contains_points`` on every polygon.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable

VIEWS = ("front", "back")
LAYERS = ("nerves", "dermatomes")
NOTEBOOKS = {"02": "02_ischemia_and_compression.ipynb", "05": "05_differential.ipynb",
             "06": "06_treatment.ipynb"}
MAX_TOP = 3                     # vulnerable sites are listed for at most this many nerves

NO_SELECTION = ("No area selected. Pick one or more areas where the skin feels numb, and the map "
                "shows which nerve and which spinal root fit the pattern best.")


# --- the data --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Shape:
    """One schematic polygon on one view; ``label_at`` places a label outside a small patch."""

    view: str
    points: tuple[tuple[float, float], ...]
    label_at: tuple[float, float] | None = None

    def contains(self, point: tuple[float, float]) -> bool:
        """True when ``point`` lies inside the polygon (even-odd rule)."""
        return _inside(self.points, point)

    def label_point(self) -> tuple[float, float]:
        """Where the patch's label goes: ``label_at``, else the centroid (else the vertex mean)."""
        if self.label_at is not None:
            return self.label_at
        centre = _centroid(self.points)
        if self.contains(centre):
            return centre
        import numpy as np

        mean = np.mean(self.points, axis=0)
        return float(mean[0]), float(mean[1])


@dataclass(frozen=True)
class Territory:
    """The skin a nerve (or nerve branch) supplies, with its roots and sources."""

    key: str
    name: str
    short: str                 # the name in a sentence, e.g. "deep fibular nerve"
    label: str                 # short code drawn on the map, e.g. "DF"
    skin: str
    roots: tuple[str, ...]
    roots_note: str
    sources: tuple[str, ...]
    note: str
    shapes: tuple[Shape, ...]
    part_of: str | None = None


@dataclass(frozen=True)
class Dermatome:
    """The skin one spinal root (L2-S2) supplies, with its ISNCSCI key sensory point."""

    key: str
    name: str
    skin: str
    key_point: str
    key_point_view: str
    key_point_at: tuple[float, float]   # where the key point is drawn on its view
    sources: tuple[str, ...]
    shapes: tuple[Shape, ...]

    @property
    def label(self) -> str:
        """The root's name, drawn on the map."""
        return self.key


@dataclass(frozen=True)
class Region:
    """A named skin area a learner can select: its view, anchor point and body segment."""

    name: str
    segment: str               # thigh | leg | foot
    view: str
    anchor: tuple[float, float]
    description: str


@dataclass(frozen=True)
class VulnerableSite:
    """Where along its course a nerve is vulnerable, how, and which notebook says more."""

    nerve: str
    site: str
    where: str
    mechanism: str
    notebook: str | None       # "02", "05" or "06": the notebook covering it; None if none does
    sources: tuple[str, ...]

    @property
    def notebook_file(self) -> str | None:
        """The notebook file the link points to, or None."""
        return NOTEBOOKS[self.notebook] if self.notebook else None

    @property
    def notebook_link(self) -> str:
        """A Markdown link to the notebook that says more, or "—" when none does."""
        return f"[notebook {self.notebook}]({self.notebook_file})" if self.notebook else "—"


@dataclass(frozen=True)
class Neighbourhood:
    """A place where nerve, artery and vein run together, and the numbness trouble there gives."""

    name: str
    view: str
    anchor: tuple[float, float]
    where: str
    nerve: str
    artery: str
    vein: str
    numbness: str
    sources: tuple[str, ...]


def _shapes(records: list[dict[str, Any]]) -> tuple[Shape, ...]:
    """Shapes from the YAML polygon records."""
    return tuple(Shape(r["view"], tuple(tuple(map(float, p)) for p in r["points"]),
                       tuple(r["label_at"]) if r.get("label_at") else None) for r in records)


def _inside(points: tuple[tuple[float, float], ...], point: tuple[float, float]) -> bool:
    """True when ``point`` is inside the polygon ``points``: a ray from it to the right crosses
    the polygon's edges an odd number of times (the even-odd rule, as PNPOLY states it)."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _centroid(points: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    """The area centroid of a simple polygon (shoelace formula)."""
    import numpy as np

    xy = np.asarray(points, dtype=float)
    x, y = xy[:, 0], xy[:, 1]
    x1, y1 = np.roll(x, -1), np.roll(y, -1)
    cross = x * y1 - x1 * y
    area = cross.sum() / 2
    if abs(area) < 1e-12:
        return float(x.mean()), float(y.mean())
    cx = ((x + x1) * cross).sum() / (6 * area)
    cy = ((y + y1) * cross).sum() / (6 * area)
    return float(cx), float(cy)


@cache
def territories() -> tuple[Territory, ...]:
    """The ten nerve territories, in the order of the data file."""
    return tuple(Territory(key=k, name=r["name"], short=r["short"], label=r["label"],
                           skin=r["skin"],
                           roots=tuple(r["roots"]), roots_note=r.get("roots_note", ""),
                           sources=tuple(r["sources"]), note=r.get("note", ""),
                           shapes=_shapes(r["polygons"]), part_of=r.get("part_of"))
                 for k, r in load("nerves.yaml")["territories"].items())


@cache
def dermatomes() -> tuple[Dermatome, ...]:
    """The dermatomes L2-S2, in order."""
    return tuple(Dermatome(key=k, name=r["name"], skin=r["skin"], key_point=r["key_point"],
                           key_point_view=r["key_point_at"]["view"],
                           key_point_at=tuple(map(float, r["key_point_at"]["at"])),
                           sources=tuple(r["sources"]), shapes=_shapes(r["polygons"]))
                 for k, r in load("nerves.yaml")["dermatomes"].items())


@cache
def regions() -> tuple[Region, ...]:
    """The named skin areas a learner can select."""
    return tuple(Region(name=k, segment=r["segment"], view=r["view"],
                        anchor=tuple(map(float, r["anchor"])), description=r["description"])
                 for k, r in load("nerves.yaml")["regions"].items())


def region_names() -> tuple[str, ...]:
    """The names of the selectable skin areas, in display order."""
    return tuple(r.name for r in regions())


@cache
def vulnerable_sites() -> tuple[VulnerableSite, ...]:
    """Every vulnerable site of every nerve."""
    return tuple(VulnerableSite(nerve=r["nerve"], site=r["site"], where=r["where"],
                                mechanism=r["mechanism"],
                                notebook=str(r["notebook"]) if r["notebook"] else None,
                                sources=tuple(r["sources"]))
                 for r in load("nerves.yaml")["vulnerable_sites"])


@cache
def neighbourhoods() -> tuple[Neighbourhood, ...]:
    """Where nerve, artery and vein run together (femoral triangle, popliteal fossa, leg)."""
    return tuple(Neighbourhood(name=r["name"], view=r["view"],
                               anchor=tuple(map(float, r["anchor"])), where=r["where"],
                               nerve=r["nerve"], artery=r["artery"], vein=r["vein"],
                               numbness=r["numbness"], sources=tuple(r["sources"]))
                 for r in load("nerves.yaml")["neighbourhoods"])


def outline(view: str) -> tuple[tuple[float, float], ...]:
    """The leg outline of ``view`` ("front" or "back") as a closed polygon's vertices."""
    check_view(view)
    return tuple(tuple(map(float, p)) for p in load("nerves.yaml")["views"][view]["outline"])


def view_label(view: str) -> str:
    """The heading of a view, e.g. "Front of the right leg"."""
    check_view(view)
    return str(load("nerves.yaml")["views"][view]["label"])


def lateral_side(view: str) -> str:
    """Which side of the drawing of ``view`` is lateral: "left" or "right"."""
    check_view(view)
    return str(load("nerves.yaml")["views"][view]["lateral"])


def landmarks(view: str) -> tuple[tuple[str, float], ...]:
    """The landmarks named beside ``view`` (e.g. knee, ankle) and their heights."""
    check_view(view)
    return tuple((str(m["name"]), float(m["at"][1]))
                 for m in load("nerves.yaml")["views"][view].get("landmarks", []))


def territory(key: str) -> Territory:
    """The territory ``key``; ValueError naming it and the allowed keys otherwise."""
    found = {t.key: t for t in territories()}
    if key not in found:
        raise ValueError(f"unknown nerve {key!r}; choose from: {', '.join(found)}")
    return found[key]


def check_view(view: str) -> str:
    """``view`` if it is "front" or "back"; ValueError naming it otherwise."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {list(VIEWS)}; got {view!r}")
    return view


def check_regions(names: Iterable[str] | str) -> tuple[str, ...]:
    """Selected region names, cleaned and de-duplicated; ValueError naming any unknown ones.

    A single string counts as one name. Case and surrounding spaces are ignored.
    """
    allowed = region_names()
    try:
        items = [names] if isinstance(names, str) else list(names)
    except TypeError:
        raise ValueError(f"choose skin areas as a list of names such as ['sole']; got {names!r}; "
                         f"choose from: {', '.join(allowed)}") from None
    lookup = {n.casefold(): n for n in allowed}
    cleaned, unknown = [], []
    for item in items:
        key = str(item).strip().casefold()
        if key in lookup:
            cleaned.append(lookup[key])
        else:
            unknown.append(str(item))
    if unknown:
        raise ValueError(f"unknown skin area(s) {unknown!r}; choose from: {', '.join(allowed)}")
    chosen = set(cleaned)
    return tuple(n for n in allowed if n in chosen)     # display order, no repeats


# --- coverage and the localizer --------------------------------------------------------------

def _covered(shapes: tuple[Shape, ...]) -> frozenset[str]:
    """The regions whose anchor lies inside any of ``shapes`` on the region's view."""
    return frozenset(r.name for r in regions()
                     if any(s.view == r.view and s.contains(r.anchor) for s in shapes))


@cache
def nerve_coverage() -> dict[str, frozenset[str]]:
    """Regions each nerve covers, its own territory plus those of its branches."""
    own = {t.key: _covered(t.shapes) for t in territories()}
    return {t.key: own[t.key].union(*(own[b.key] for b in territories() if b.part_of == t.key))
            for t in territories()}


@cache
def root_coverage() -> dict[str, frozenset[str]]:
    """Regions each dermatome covers."""
    return {d.key: _covered(d.shapes) for d in dermatomes()}


@dataclass(frozen=True)
class Candidate:
    """A nerve or root ranked for a selection: what it covers, misses and adds."""

    key: str
    name: str
    covered: tuple[str, ...]     # selected regions it covers
    missed: tuple[str, ...]      # selected regions it does not cover
    extra: tuple[str, ...]       # regions it covers that were not selected

    @property
    def score(self) -> float:
        """Share of the selected regions this candidate covers (0-1)."""
        total = len(self.covered) + len(self.missed)
        return len(self.covered) / total if total else 0.0

    @property
    def fits_all(self) -> bool:
        """True when it covers every selected region."""
        return bool(self.covered) and not self.missed


def _rank(selected: tuple[str, ...], coverage: dict[str, frozenset[str]],
          names: dict[str, str]) -> tuple[Candidate, ...]:
    """Candidates covering at least one selected region, best first."""
    order = region_names()
    chosen = set(selected)
    found = []
    for key, regions_covered in coverage.items():
        hit = regions_covered & chosen
        if not hit:
            continue
        found.append(Candidate(key, names[key],
                               covered=tuple(n for n in order if n in hit),
                               missed=tuple(n for n in order if n in chosen - hit),
                               extra=tuple(n for n in order if n in regions_covered - chosen)))
    return tuple(sorted(found, key=lambda c: (-c.score, len(c.extra), c.name)))


def _top(ranked: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The candidates tied with the first on score and number of extra areas."""
    if not ranked:
        return ()
    best = ranked[0]
    return tuple(c for c in ranked
                 if c.score == best.score and len(c.extra) == len(best.extra))[:MAX_TOP]


def _cover(selected: tuple[str, ...]) -> tuple[str, ...]:
    """A small set of nerves that together cover ``selected`` (greedy set cover)."""
    coverage = nerve_coverage()
    left, chosen = set(selected), []
    while left:
        key = max(coverage, key=lambda k: (len(coverage[k] & left), -len(coverage[k])))
        if not coverage[key] & left:
            break
        chosen.append(key)
        left -= coverage[key]
    return tuple(chosen)


@dataclass(frozen=True)
class Localization:
    """Ranked nerves and roots for a selection, their vulnerable sites and a plain message."""

    selected: tuple[str, ...]
    nerves: tuple[Candidate, ...]
    roots: tuple[Candidate, ...]
    top_nerves: tuple[str, ...]           # nerve keys the message and the map emphasise
    top_roots: tuple[str, ...]
    vulnerable: tuple[VulnerableSite, ...]
    message: str

    @property
    def explained(self) -> bool:
        """True when a single nerve covers every selected area."""
        return bool(self.nerves) and self.nerves[0].fits_all

    def nerve_table(self) -> MarkdownTable:
        """Ranked nerves: share covered, areas missed and extra areas."""
        return _candidate_table("Nerve", self.nerves)

    def root_table(self) -> MarkdownTable:
        """Ranked roots (dermatomes): share covered, areas missed and extra areas."""
        return _candidate_table("Root", self.roots)

    def site_table(self) -> MarkdownTable:
        """Where the top candidate nerves are vulnerable, with the notebook to read next."""
        return MarkdownTable(
            ["Nerve", "Vulnerable at", "How", "Read more", "Source"],
            [[territory(s.nerve).name, f"{s.site}: {s.where}", s.mechanism,
              s.notebook_link, cite(s.sources)] for s in self.vulnerable])

    def _repr_markdown_(self) -> str:
        parts = [f"**{', '.join(self.selected) or 'Nothing selected'}.** {self.message}"]
        if self.nerves:
            parts += [self.nerve_table()._repr_markdown_(), self.root_table()._repr_markdown_()]
        if self.vulnerable:
            parts.append(self.site_table()._repr_markdown_())
        return "\n\n".join(parts)

    def __repr__(self) -> str:
        lines = [f"Selected: {', '.join(self.selected) or 'nothing'}", self.message]
        lines += [f"nerve {c.name}: {c.score:.0%}, {len(c.extra)} extra" for c in self.nerves]
        lines += [f"root {c.key}: {c.score:.0%}, {len(c.extra)} extra" for c in self.roots]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/markdown": self._repr_markdown_(), "text/plain": repr(self)}


def _candidate_table(kind: str, ranked: tuple[Candidate, ...]) -> MarkdownTable:
    """A ranking as a Markdown table."""
    return MarkdownTable(
        [kind, "Fits", "Selected areas it misses", "Other areas it also supplies"],
        [[c.name, f"{len(c.covered)} of {len(c.covered) + len(c.missed)} ({c.score:.0%})",
          ", ".join(c.missed) or "none", ", ".join(c.extra) or "none"] for c in ranked])


def _join(items: list[str], word: str = "and") -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {word} " + items[-1]


def _sites_sentence(keys: tuple[str, ...]) -> str:
    """Where the given nerves are vulnerable, with the notebook that says more, as a sentence."""
    parts = []
    for key in keys:
        sites = [s.site + (f" (notebook {s.notebook})" if s.notebook else "")
                 for s in vulnerable_sites() if s.nerve == key]
        if sites:
            parts.append(f"the {territory(key).short} at the {_join(sites, 'or')}")
    return f" Where it can be hurt: {'; '.join(parts)}." if parts else ""


def _count(n: int) -> str:
    """"the area", "both areas", "all 3 areas"."""
    return "the area" if n == 1 else "both areas" if n == 2 else f"all {n} areas"


def _message(selected: tuple[str, ...], ranked: tuple[Candidate, ...],
             roots: tuple[Candidate, ...], top_nerves: tuple[str, ...]) -> str:
    """The plain-language reading of a ranking."""
    n = len(selected)
    root_fit = [r.key for r in roots if r.fits_all]
    if ranked and ranked[0].fits_all:
        names = [territory(k).short for k in top_nerves]
        text = (f"Best fit: the {names[0]}, which supplies {_count(n)}"
                + (f" (so does the {_join(names[1:])})" if len(names) > 1 else "") + ".")
        text += _sites_sentence(top_nerves)
        if root_fit:
            text += (f" One spinal root, {_join(root_fit, 'or')}, covers the same skin, so a root "
                     "lesion in the spine can look alike; notebook 05 shows how to tell them "
                     "apart.")
        else:
            text += (" No single root covers all of it: the pattern crosses dermatome borders, "
                     "which fits a nerve better than a root.")
        return text
    best = ranked[0]
    text = (f"No single nerve explains {_count(n)}: the best, the {territory(best.key).short}, "
            f"covers {len(best.covered)} of {n}.")
    them = "both" if n == 2 else "them all"
    if root_fit:
        text += (f" One spinal root, {_join(root_fit, 'or')}, covers {them}: think of a root "
                 "lesion in the spine (notebook 05).")
    else:
        text += f" No single root covers {them} either."
    segments = {r.segment for r in regions() if r.name in selected}
    cover = [territory(k).short for k in _cover(selected)]
    options = [f"several nerves at once (the {_join(cover)})"] if len(cover) > 1 else []
    if "foot" in segments:
        options.append("a polyneuropathy, which numbs both feet evenly in a 'stocking' pattern "
                       "that starts at the toes")
    if segments & {"foot", "leg"}:
        options.append("a blocked artery, which numbs the skin below the block whatever its "
                       "nerve supply, with pain, pallor and coldness: an emergency (notebook 02)")
    if n >= 3 and segments == {"foot"}:
        text += (" Numbness of much of one foot fits a single nerve poorly: if both feet feel "
                 "like this, a polyneuropathy is more likely; if the foot is also cold, pale or "
                 "painful, think first of a blocked artery.")
    compared = " Notebook 05 compares these causes." if segments & {"foot", "leg"} else ""
    return text + f" Consider {'; '.join(options)}.{compared}"


def localize(selected: Iterable[str] | str) -> Localization:
    """Rank nerves and roots for the selected skin areas; ValueError naming unknown areas."""
    chosen = check_regions(selected)
    if not chosen:
        return Localization((), (), (), (), (), (), NO_SELECTION)
    ranked = _rank(chosen, nerve_coverage(), {t.key: t.name for t in territories()})
    roots = _rank(chosen, root_coverage(), {d.key: d.key for d in dermatomes()})
    top_nerves = (tuple(c.key for c in _top(ranked)) if ranked and ranked[0].fits_all
                  else _cover(chosen)[:MAX_TOP])
    top_roots = tuple(c.key for c in _top(roots))
    sites = tuple(s for k in top_nerves for s in vulnerable_sites() if s.nerve == k)
    return Localization(chosen, ranked, roots, top_nerves, top_roots, sites,
                        _message(chosen, ranked, roots, top_nerves))


# --- tables for the notebook -----------------------------------------------------------------

def territory_table() -> MarkdownTable:
    """Every territory: the skin it supplies, its roots and its sources."""
    return MarkdownTable(["Nerve", "Skin it supplies", "Roots", "Overlap and variation",
                          "Source"],
                         [[t.name, t.skin, "–".join([t.roots[0], t.roots[-1]]), t.note,
                           cite(t.sources)] for t in territories()])


def dermatome_table() -> MarkdownTable:
    """Every dermatome L2-S2: its skin, its key sensory point and sources."""
    return MarkdownTable(["Root", "Skin", "Key sensory point (ISNCSCI)", "Source"],
                         [[d.key, d.skin, d.key_point, cite(d.sources)] for d in dermatomes()])


def vulnerable_site_table() -> MarkdownTable:
    """Where along its course each nerve can be hurt, how, and which notebook says more."""
    return MarkdownTable(["Nerve", "Site", "How it is hurt", "More in", "Source"],
                         [[territory(v.nerve).name, f"**{v.site}**: {v.where}", v.mechanism,
                           v.notebook_link, cite(v.sources)] for v in vulnerable_sites()])


def neighbourhood_table() -> MarkdownTable:
    """Where nerve, artery and vein run together, and what numbness trouble there gives."""
    return MarkdownTable(["Place", "Nerve", "Artery", "Vein", "What numbness follows", "Source"],
                         [[f"**{n.name}**: {n.where}", n.nerve, n.artery, n.vein, n.numbness,
                           cite(n.sources)] for n in neighbourhoods()])


# --- layers, emphasis and alt text: what nerve_views draws, as data and words ---------------

def layer_items(layer: str) -> tuple[Territory, ...] | tuple[Dermatome, ...]:
    """The territories (layer "nerves") or dermatomes (layer "dermatomes")."""
    if layer not in LAYERS:
        raise ValueError(f"layer must be one of {list(LAYERS)}; got {layer!r}")
    return territories() if layer == "nerves" else dermatomes()


def on_view(layer: str, view: str) -> list[Territory | Dermatome]:
    """The items of ``layer`` with a patch on ``view``, in data order."""
    return [i for i in layer_items(layer) if any(s.view == view for s in i.shapes)]


def slug(name: str) -> str:
    """A CSS-safe form of a region name."""
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower())


def emphasis(layer: str, result: Localization | None) -> frozenset[str]:
    """Keys of ``layer`` a result emphasises: top nerves with their branches, or top roots."""
    if result is None:
        return frozenset()
    if layer == "dermatomes":
        return frozenset(result.top_roots)
    keys = set(result.top_nerves)
    return frozenset(keys | {t.key for t in territories() if t.part_of in keys})


def describe(view: str, layer: str = "nerves", result: Localization | None = None) -> str:
    """Alt text for one view of one layer, written from the data (and the result, if any)."""
    check_view(view)
    items = described_items(view, layer)
    kind = "nerve territories" if layer == "nerves" else "dermatomes (L2–S2)"
    parts = [f"{i.label} {i.name if layer == 'nerves' else 'dermatome'}: {i.skin.rstrip('.')}"
             for i in items]
    text = (f"Schematic drawing (not to scale) of the {view_label(view).lower()}, lateral side "
            f"on the {lateral_side(view)}, with {len(items)} {kind} as coloured, hatched and "
            f"labelled patches, from top to bottom: {'; '.join(parts)}.")
    if layer == "dermatomes":
        keys = [d.key for d in dermatomes() if d.key_point_view == view]
        text += (f" White crosses mark the ISNCSCI key sensory points of {_join(keys)}; "
                 "the extent of each patch beyond its point is the least certain part.")
    if result is not None and result.selected:
        marked = [r.name for r in regions() if r.view == view and r.name in result.selected]
        if marked:
            text += f" Stars mark the selected areas on this view: {', '.join(marked)}."
        strong = [i for i in items if i.key in emphasis(layer, result)]
        if strong:
            text += (" Emphasised: "
                     + ", ".join(i.name if layer == "nerves" else i.key for i in strong) + ".")
    return text + DESCRIBE_TAIL


DESCRIBE_TAIL = " Borders are smoothed; real territories overlap and vary between people."


def described_items(view: str, layer: str) -> list[Territory | Dermatome]:
    """The items of ``layer`` on ``view`` from top to bottom, as the alt text lists them."""
    items = [(max(y for s in i.shapes if s.view == view for _x, y in s.points), i)
             for i in on_view(layer, view)]
    items.sort(key=lambda pair: -pair[0])
    return [i for _y, i in items]
