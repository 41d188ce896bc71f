"""Case cards for the lesson plans (data/cases.yaml): invented people, a story and a question.

A card shows the learner the story and the question as static HTML (one table, so it reads the
same in JupyterLab, Voila, the static pages, slides and printed worksheets). Its worked answer is
computed here by the course's own functions: the Wells score (helpers.risk), the nerve map's
localisation (helpers.nerves), the age-adjusted D-dimer cut-off (helpers.diagnosis) and the
probability chain (helpers.pathway). The teacher's guide prints the answers
(``python -m helpers.tidy times`` writes them, with the discussion answers, the exit ticket and the
90-minute plan, between the guide's ``<!-- generated: ... -->`` markers).
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import course, diagnosis, nerves, pathway, risk
from helpers._data import load
from helpers.references import get

KINDS = ("nerve_map", "wells", "d_dimer")
NOTICE = "An invented case for teaching."
"""Each page says once that it is education, not medical advice: a card does not repeat it."""
CARD_STYLE = ("border-collapse:collapse;margin:0.8em 0;max-width:44em;width:100%;"
              "border:2px solid #0072B2;background:#F5FAFF;color:#1A1A1A;"
              "break-inside:avoid;page-break-inside:avoid")
CELL_STYLE = ("padding:0.35em 0.7em;border-top:1px solid #C9DDEE;vertical-align:top;"
              "text-align:left;background:#F5FAFF;color:#1A1A1A")   # light in dark mode too


@dataclass(frozen=True)
class Case:
    """One case card: who, what is found, what to work out, and the inputs of its answer."""

    key: str
    lesson: str
    kind: str
    title: str
    minutes: int
    story: str
    findings: tuple[str, ...]
    question: str
    inputs: dict[str, Any]

    @property
    def label(self) -> str:
        """The card's heading, e.g. "Case 04·A · Ten days after a knee replacement"."""
        same = [c.key for c in cases() if c.lesson == self.lesson]
        return f"Case {self.lesson}·{'ABCDEF'[same.index(self.key)]} · {self.title}"


def _case(record: dict[str, Any]) -> Case:
    kind = record["kind"]
    if kind not in KINDS:
        raise ValueError(f"case {record['key']!r}: kind must be one of {list(KINDS)}; got {kind!r}")
    course.lesson(str(record["lesson"]))                      # ValueError for an unknown lesson
    return Case(record["key"], str(record["lesson"]), kind, record["title"],
                int(record["minutes"]), record["story"], tuple(record["findings"]),
                record["question"], dict(record["inputs"]))


def cases() -> tuple[Case, ...]:
    """Every case card, in the order of the data file."""
    return tuple(_case(r) for r in load("cases.yaml")["cases"])


def case(key: str) -> Case:
    """The case ``key``; ValueError naming it and the known keys."""
    found = {c.key: c for c in cases()}
    if key not in found:
        raise ValueError(f"unknown case {key!r}; known: {list(found)}")
    return found[key]


def for_lesson(number: str) -> tuple[Case, ...]:
    """The cards of lesson ``number`` (e.g. "04"), in order; ValueError for an unknown lesson."""
    course.lesson(number)
    return tuple(c for c in cases() if c.lesson == number)


# --- the card the learner sees -------------------------------------------------------------------

def card_html(item: Case) -> str:
    """The card as one static HTML table (no script, no widget): story, findings, question."""
    e = html.escape
    found = "".join(f"<li>{e(f)}</li>" for f in item.findings)
    rows = [("The story", e(item.story)),
            ("Found", f'<ul style="margin:0;padding-left:1.2em">{found}</ul>'),
            ("Work out", f"<strong>{e(item.question)}</strong>")]
    body = "".join(f'<tr><th scope="row" style="{CELL_STYLE};width:7em">{h}</th>'
                   f'<td style="{CELL_STYLE}">{d}</td></tr>' for h, d in rows)
    return (f'<table class="cn-case" id="case-{item.key}" style="{CARD_STYLE}">'
            f'<caption style="caption-side:top;text-align:left;font-weight:bold;'
            f'padding:0.3em 0.7em;color:#00406B;background:#F5FAFF;border:2px solid #0072B2;'
            f'border-bottom:0">{e(item.label)}</caption>'
            f'<tbody>{body}<tr><td colspan="2" style="{CELL_STYLE}">'
            f"<em>{e(NOTICE)}</em></td></tr></tbody></table>")


def card_text(item: Case) -> str:
    """The card as plain text."""
    found = "; ".join(item.findings)
    return f"{item.label}\n{item.story}\nFound: {found}\nWork out: {item.question}\n{NOTICE}"


class Cards:
    """Case cards ready to display: static HTML with a plain-text twin."""

    def __init__(self, items: tuple[Case, ...]) -> None:
        self.items = items

    def _repr_html_(self) -> str:
        return "".join(card_html(c) for c in self.items)

    def __repr__(self) -> str:
        return "\n\n".join(card_text(c) for c in self.items)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/html": self._repr_html_(), "text/plain": repr(self)}


def show(lesson: str) -> Cards:
    """The case cards of ``lesson`` (e.g. ``"04"``), ready to display."""
    found = for_lesson(lesson)
    if not found:
        raise ValueError(f"lesson {lesson} has no case cards; lessons with cards: "
                         f"{sorted({c.lesson for c in cases()})}")
    return Cards(found)


# --- the worked answers -----------------------------------------------------------------------

def guide_cite(keys: Any) -> str:
    """Citations for the guide (a Markdown file, not a notebook): each links to its source."""
    keys = [keys] if isinstance(keys, str) else list(dict.fromkeys(keys))
    return "; ".join(f"[{get(k).short}]({get(k).href})" if get(k).href else get(k).short
                     for k in keys)


@dataclass(frozen=True)
class WorkedAnswer:
    """A card's answer: the result of the course function(s) and the steps as Markdown."""

    case: Case
    result: Any
    markdown: str
    sources: tuple[str, ...]


def _wells_lines(result: risk.WellsResult) -> list[str]:
    rows = [f"| {risk.WELLS_DVT_CRITERIA[k].label} | {risk.WELLS_DVT_CRITERIA[k].points:+d} |"
            for k in result.present]
    two, three = result.two_level_category, result.three_level_category
    return ["| Wells item | Points |", "|---|---:|", *rows, f"| **Total** | **{result.points}** |",
            "", f"Total {result.points}: DVT **{result.two_level}** ({two.rule}); three-level "
            f"**{result.three_level}** ({three.rule}). Next step: {two.next_step}"]


def _pretest(result: risk.WellsResult) -> pathway.Pretest:
    return next(p for p in pathway.wells_pretest() if p.category == result.three_level)


def _wells_answer(item: Case) -> WorkedAnswer:
    result = risk.wells_dvt(item.inputs["wells"])
    pre = _pretest(result)
    lines = _wells_lines(result)
    lines += ["", f"In a meta-analysis, {pre.probability:.1%} of people in the "
              f"{result.three_level} group had a DVT ({guide_cite(pre.source)})."]
    return WorkedAnswer(item, result, "\n".join(lines), (*result.sources, pre.source))


def _nerve_answer(item: Case) -> WorkedAnswer:
    result = nerves.localize(item.inputs["areas"])
    names = [nerves.territory(k).name for k in result.top_nerves]
    sites = [f"the {nerves.territory(s.nerve).short} at the {s.site} ({guide_cite(s.sources)})"
             for s in result.vulnerable]
    fit = "fits every area" if result.explained else "fits only some of the areas"
    lines = [f"Areas: {', '.join(result.selected)}.", "",
             f"- Best nerve: {', '.join(names)} ({fit}).",
             f"- Root covering the same skin: {', '.join(result.top_roots) or 'none'}.",
             f"- Where the nerve can be pressed: {'; '.join(sites) or 'no site listed'}.", "",
             f"The nerve map says: {result.message}"]
    sources = tuple(k for s in result.vulnerable for k in s.sources)
    return WorkedAnswer(item, result, "\n".join(lines), tuple(dict.fromkeys(sources)))


def age_band_key(age_years: float) -> str:
    """The age band of the course's D-dimer likelihood ratios that holds ``age_years``."""
    if age_years > 80:
        return "over_80"
    if 61 <= age_years <= 70:
        return "61_70"
    raise ValueError(f"the course has D-dimer likelihood ratios for ages 61–70 and over 80 only; "
                     f"got {age_years!r}")


def _d_dimer_answer(item: Case) -> WorkedAnswer:
    wells = risk.wells_dvt(item.inputs["wells"])
    age, level = item.inputs["age_years"], item.inputs["d_dimer_ug_per_l"]
    cutoff = diagnosis.age_adjusted_d_dimer_cutoff(age)
    conventional = diagnosis.age_adjusted_d_dimer_cutoff(50)
    positive = level >= cutoff
    result_key = (f"d_dimer_positive_age_adjusted_{age_band_key(age)}" if positive
                  else "d_dimer_negative")
    pre = _pretest(wells)
    chain = pathway.probability_chain(pre.probability, [result_key, *item.inputs["then"]])
    steps = [f"{s.before:.1%} → {s.after:.1%} after: {s.result.label} "
             f"(likelihood ratio {s.result.likelihood_ratio:.2f}; {guide_cite(s.result.sources)})"
             for s in chain.steps]
    dd = load("d_dimer.yaml")["age_adjusted_cutoff"]
    by_conventional = level >= conventional
    verdict = ("positive" if positive else "negative") + (
        " by either cut-off" if by_conventional == positive else
        f" by the age-adjusted cut-off ({'positive' if by_conventional else 'negative'} "
        f"at {conventional:g})")
    lines = [*_wells_lines(wells), "",
             f"Pre-test probability for the {wells.three_level} group: {pre.probability:.1%} "
             f"({guide_cite(pre.source)}).", "",
             f"Age-adjusted cut-off at {age:g}: {age:g} × {dd['per_year_ug_per_l']:g} = "
             f"{cutoff:g} µg/L instead of {conventional:g} ({guide_cite(dd['sources'])}). "
             f"{level:,g} µg/L is {verdict}.",
             "", "Step by step:", "", *[f"{n}. {s}" for n, s in enumerate(steps, 1)], "",
             f"A positive D-dimer moves the probability little; any value below {cutoff:g} µg/L "
             f"would have counted as negative at {age:g}, against {conventional:g} µg/L for "
             "a younger person."]
    sources = (*wells.sources, pre.source, *dd["sources"],
               *(k for s in chain.steps for k in s.result.sources))
    return WorkedAnswer(item, chain, "\n".join(lines), tuple(dict.fromkeys(sources)))


def answer(item: Case | str) -> WorkedAnswer:
    """The worked answer of a case (or case key), computed with the course's functions."""
    item = case(item) if isinstance(item, str) else item
    return {"wells": _wells_answer, "nerve_map": _nerve_answer,
            "d_dimer": _d_dimer_answer}[item.kind](item)


# --- plans, the 90-minute plan and the guide's generated sections -------------------------------

def plan_cases(plan: str) -> tuple[Case, ...]:
    """The cards a lesson plan uses ("A", "B" or "90"), in order."""
    plans = load("cases.yaml")["plans"]
    if plan not in plans:
        raise ValueError(f"unknown plan {plan!r}; known: {list(plans)}")
    return tuple(case(k) for k in plans[plan]["cases"])


def plan_title(plan: str) -> str:
    """The plan's title, e.g. "Plan A: one session (about 3 hours)"."""
    plan_cases(plan)
    return str(load("cases.yaml")["plans"][plan]["title"])


def plans() -> tuple[str, ...]:
    """The plans with worksheets, in order."""
    return tuple(load("cases.yaml")["plans"])


@dataclass(frozen=True)
class PlanRow:
    """One row of the 90-minute plan: a lesson, its sections taught and skipped, its minutes."""

    lesson: course.Lesson
    taught: tuple[str, ...]
    skipped: tuple[str, ...]
    cards: tuple[Case, ...]
    minutes: int
    activity: str


def ninety_minute_plan(folder: Path = Path("notebooks")) -> tuple[PlanRow, ...]:
    """The 90-minute plan, its minutes computed from the notebooks in ``folder``: reading time of
    the sections taught (helpers.reading), plus the cards' minutes, plus the row's talk."""
    from helpers import reading  # here, not at the top: the guide's tools need it, a learner's
    #                              kernel showing cards does not (nbformat costs about 2 s)

    rows = []
    for r in load("cases.yaml")["ninety_minutes"]:
        lesson = course.lesson(str(r["lesson"]))
        minutes = reading.section_minutes(folder / lesson.notebook)
        numbered = {int(t.split(".", 1)[0]): t for t in minutes}
        unknown = set(r["sections"]) - set(numbered)
        if unknown:
            raise ValueError(f"lesson {lesson.number} has no sections {sorted(unknown)}")
        taught = tuple(numbered[n] for n in r["sections"])
        skipped = tuple(t for n, t in numbered.items() if n not in r["sections"])
        cards = tuple(c for c in plan_cases("90") if c.lesson == lesson.number)
        reading_minutes = sum(minutes[t] for t in taught)
        if _cards_section(folder / lesson.notebook) in taught:   # counted as class time instead
            reading_minutes -= _reading_minutes(show(lesson.number)._repr_html_())
        total = math.ceil(reading_minutes - 1e-9)
        total += sum(c.minutes for c in cards) + int(r["talk"])
        rows.append(PlanRow(lesson, taught, skipped, cards, total, r["activity"]))
    return tuple(rows)


def _cards_section(path: Path) -> str | None:
    """The numbered section of the notebook at ``path`` that shows its case cards, if any."""
    import nbformat

    from helpers import reading

    section = None
    for cell in nbformat.read(path, as_version=4).cells:
        found = reading.heading(cell)
        if found and found[0] <= 2:
            section = found[1]
        if cell.cell_type == "code" and "cases.show(" in cell.source:
            return section
    return None


def _reading_minutes(html_text: str) -> float:
    from helpers import reading

    tally = reading.Tally()
    tally.add_html(html_text)
    return tally.minutes


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def ninety_minute_markdown(folder: Path = Path("notebooks")) -> str:
    """The 90-minute plan as the guide prints it."""
    rows, start = [], 0
    plan = ninety_minute_plan(folder)
    for r in plan:
        taught = "; ".join(re.sub(r"^(\d+)\. ", r"§\1 ", t) for t in r.taught) or "—"
        skipped = ", ".join(t.split(".", 1)[0] for t in r.skipped) or "—"
        cards = "; ".join(c.label for c in r.cards)
        rows.append(f"| {_clock(start)}–{_clock(start + r.minutes)} | **{r.lesson.number}** "
                    f"{taught} | {r.activity}{' Cards: ' + cards + '.' if cards else ''} | "
                    f"{skipped} |")
        start += r.minutes
    unread = [x.number for x in course.lessons() if x.number not in {r.lesson.number for r in plan}]
    return "\n".join([
        f"For a single 90-minute class. Minutes are computed: the reading time of the sections "
        f"taught (as the lesson times are, the cards left out), plus the class time of each card "
        f"used, plus time to talk; in all "
        f"{start} minutes, which leaves {90 - start} for arriving and questions. Skip the "
        f"sections in the last column and every \"Going deeper\"; set "
        f"{', '.join(unread)} as reading.", "",
        "| Time | Lesson and sections | Activity | Sections skipped |", "|---|---|---|---|",
        *rows])


def answers_markdown() -> str:
    """Every card's worked answer, for the guide."""
    parts = []
    for c in cases():
        a = answer(c)
        parts += [f"### {c.label}", "", f"*{c.story}* **{c.question}**", "", a.markdown, ""]
    return "\n".join(parts).rstrip() + "\n"


def discussion_markdown() -> str:
    """The discussion questions with model answers, and the exit ticket, for the guide."""
    data = load("cases.yaml")
    lines = []
    for d in data["discussion"]:
        lines += [f"- **{d['lessons']}.** {d['question']}", f"  *Model answer.* {d['answer']} "
                  f"({guide_cite(d['sources'])})"]
    lines += ["", "### Exit ticket", "",
              "Three questions on a slip of paper in the last five minutes; collect them "
              "unsigned and start the next class with what they show.", ""]
    for n, t in enumerate(data["exit_ticket"], 1):
        lines += [f"{n}. {t['question']}", f"   *Answer.* {t['answer']} "
                  f"({guide_cite(t['sources'])})"]
    return "\n".join(lines) + "\n"


SECTIONS = {"discussion": discussion_markdown, "cases": answers_markdown,
            "ninety": ninety_minute_markdown}


def _block(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?s)(<!-- generated: {name} -->\n).*?(<!-- end: {name} -->)")


def guide_sections(folder: Path = Path("notebooks")) -> dict[str, str]:
    """Each generated section of the guide, by marker name."""
    return {name: (make(folder) if name == "ninety" else make())  # type: ignore[operator]
            for name, make in SECTIONS.items()}


def write_guide(path: Path, folder: Path = Path("notebooks")) -> bool:
    """Rewrite the generated sections between the guide's markers; True when something changed.
    ValueError names a marker the guide lacks."""
    text = path.read_text(encoding="utf-8")
    new = text
    for name, body in guide_sections(folder).items():
        pattern = _block(name)
        if not pattern.search(new):
            raise ValueError(f"{path}: no '<!-- generated: {name} -->' … '<!-- end: {name} -->'")
        new = pattern.sub(lambda m, b=body: m.group(1) + "\n" + b + "\n" + m.group(2), new)
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True
