"""From a suspected DVT to a post-test probability: test results, the reading of Fagan's
nomogram, a synthetic cohort run through the rule-out pathway, and the NICE NG158 pathway as data.

- Likelihood ratios and Bayes' theorem in odds form come from ``helpers.diagnosis``.
- Test accuracy, prevalence and the pathway are data in data/diagnostic_tests.yaml, each number
  with its source. The D-dimer accuracy used for positive results combines Stein 2004's ELISA
  sensitivity with Schouten 2013's age-banded specificities: a course choice the data record.
- This module computes; it draws nothing. The nomogram and the flowchart are drawn in
  helpers.pathway_views (matplotlib for the static figures, inline SVG for the live explorer).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from helpers import checks, diagnosis, risk
from helpers._data import load
from helpers.references import cite
from helpers.tables import MarkdownTable

PRETEST_RANGE = (0.005, 0.995)        # a nomogram's log-odds scale cannot show 0 or 1
LR_RANGE = (0.001, 1000.0)
DEFAULT_PRETEST = 0.19
AGE_BANDS = ("51-60", "61-70", "71-80", "over 80")
CUTOFFS = ("conventional", "age_adjusted")


def _data() -> dict[str, Any]:
    return load("diagnostic_tests.yaml")


def _proportion(name: str, value: Any) -> float:
    return checks.number(name, value, 0.0, 1.0, "a proportion from 0 to 1 (write 95% as 0.95)")


# --- test accuracy and pre-test probabilities ----------------------------------------------------

@dataclass(frozen=True)
class Accuracy:
    """Sensitivity and specificity (proportions) used for one test, with their sources."""

    test: str
    sensitivity: float
    specificity: float
    sources: tuple[str, ...]
    note: str = ""

    @property
    def likelihood_ratios(self) -> diagnosis.LikelihoodRatios:
        """LR+ and LR− from ``helpers.diagnosis.likelihood_ratios``."""
        return diagnosis.likelihood_ratios(self.sensitivity, self.specificity)


def _check_choice(name: str, value: Any, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise ValueError(f"{name} must be one of {list(allowed)}; got {value!r}")
    return str(value)


def d_dimer_accuracy(age_band: str = "61-70", cutoff: str = "conventional") -> Accuracy:
    """D-dimer accuracy for one age band and cut-off: ELISA sensitivity 0.96 (Stein 2004) with
    the specificity Schouten 2013 found in that band (a course combination, as the data say).

    ``age_band`` is one of AGE_BANDS; ``cutoff`` is "conventional" (500 µg/L) or
    "age_adjusted" (age × 10 µg/L above 50). ValueError names a value outside them.
    """
    band = _check_choice("age_band", age_band, AGE_BANDS)
    kind = _check_choice("cutoff", cutoff, CUTOFFS)
    d = _data()["d_dimer"]
    row = next(r for r in d["age_adjusted"]["specificity_by_age"] if r["ages"] == band)
    sim = d["for_simulation"]
    words = "500 µg/L" if kind == "conventional" else "age × 10 µg/L"
    return Accuracy(f"D-dimer, {words} cut-off, age {band.replace('-', '–')}",
                    float(sim["sensitivity"]), float(row[kind]["value"]),
                    tuple(sim["sources"]), sim["note"])


def ultrasound_accuracy() -> Accuracy:
    """Proximal leg vein ultrasound, all techniques pooled (Goodacre 2005; NCGC 2012)."""
    sim = _data()["ultrasound"]["for_simulation"]
    return Accuracy("Proximal leg vein ultrasound", float(sim["sensitivity"]),
                    float(sim["specificity"]), tuple(sim["sources"]), sim["note"])


def compression_ultrasound_accuracy() -> Accuracy:
    """Compression-only ultrasound for proximal DVT (Goodacre 2005, 22 cohorts)."""
    row = next(r for r in _data()["ultrasound"]["by_technique"]
               if r["technique"] == "Compression only")
    return Accuracy("Compression ultrasound (proximal)", row["sensitivity_proximal"]["value"],
                    row["specificity"]["value"], (row["source"],))


@dataclass(frozen=True)
class ResultLR:
    """A test result a learner can put on the nomogram, with its likelihood ratio and sources."""

    key: str
    label: str
    likelihood_ratio: float
    sources: tuple[str, ...]
    how: str                   # how the LR was obtained


def result_options() -> tuple[ResultLR, ...]:
    """D-dimer and compression-ultrasound results with their likelihood ratios.

    A negative ELISA D-dimer uses the LR− Stein 2004 reports (0.12). Positive D-dimers use
    LR+ = 0.96 / (1 − specificity) with Schouten 2013's specificity in two age bands; the
    ultrasound LRs come from Goodacre 2005's compression-only sensitivity and specificity.
    """
    stein = next(a for a in _data()["d_dimer"]["highly_sensitive_assays"]
                 if a["assay"].startswith("ELISA"))
    results = [ResultLR("d_dimer_negative", "D-dimer negative (ELISA)",
                          float(stein["negative_likelihood_ratio"]["value"]),
                          (stein["source"],), "LR− as reported")]
    for band in ("61-70", "over 80"):
        for cutoff in CUTOFFS:
            acc = d_dimer_accuracy(band, cutoff)
            words = "500 µg/L" if cutoff == "conventional" else "age-adjusted"
            results.append(ResultLR(
                f"d_dimer_positive_{cutoff}_{band.replace(' ', '_').replace('-', '_')}",
                f"D-dimer positive, {words} cut-off, age {band.replace('-', '–')}",
                acc.likelihood_ratios.positive, acc.sources,
                f"0.96 / (1 − {acc.specificity:.3f})"))
    cus = compression_ultrasound_accuracy()
    lr = cus.likelihood_ratios
    results += [ResultLR("ultrasound_positive", "Compression ultrasound positive (proximal)",
                           lr.positive, cus.sources,
                           f"{cus.sensitivity} / (1 − {cus.specificity})"),
                ResultLR("ultrasound_negative", "Compression ultrasound negative (proximal)",
                           lr.negative, cus.sources,
                           f"(1 − {cus.sensitivity}) / {cus.specificity}")]
    return tuple(results)


def result_option(key: str) -> ResultLR:
    """The test result ``key``; ValueError naming it and the known keys."""
    results = {r.key: r for r in result_options()}
    if key not in results:
        raise ValueError(f"unknown test result {key!r}; known: {list(results)}")
    return results[key]


def results_table() -> MarkdownTable:
    """Each result with its likelihood ratio, how it was computed, and its sources."""
    return MarkdownTable(["Result", "Likelihood ratio", "How", "Sources"],
                         [[r.label, f"{r.likelihood_ratio:.2f}", r.how, cite(r.sources)]
                          for r in result_options()])


def d_dimer_specificity_table() -> MarkdownTable:
    """Schouten 2013's specificity by age for both cut-offs, and the LR+ each gives with 0.96."""
    rows = []
    for band in AGE_BANDS:
        conv, adj = d_dimer_accuracy(band, "conventional"), d_dimer_accuracy(band,
                                                                              "age_adjusted")
        rows.append([band.replace("-", "–"), f"{conv.specificity:.1%}",
                     f"{adj.specificity:.1%}", f"{conv.likelihood_ratios.positive:.2f}",
                     f"{adj.likelihood_ratios.positive:.2f}",
                     cite(dict.fromkeys(("schouten2013", *conv.sources)))])
    return MarkdownTable(["Age", "Specificity, 500 µg/L", "Specificity, age-adjusted",
                          "LR+, 500 µg/L", "LR+, age-adjusted", "Sources"], rows)


@dataclass(frozen=True)
class Pretest:
    """The share with DVT in one Wells category, with its 95% CI and source."""

    category: str
    probability: float
    ci95: tuple[float, float]
    source: str


def wells_pretest() -> tuple[Pretest, ...]:
    """Pooled DVT prevalence in the three-level Wells groups (the Wells record, helpers.risk)."""
    return tuple(Pretest(s.category, s.probability, s.ci95 or (s.probability, s.probability),
                         s.source)
                 for s in risk.wells_three_level_shares("wells2004blood"))


def default_prevalence() -> float:
    """The middle of the data's range for a simulated cohort (0.18–0.20): 0.19."""
    low, high = _data()["prevalence"]["range_for_simulation"]
    return round((low + high) / 2, 4)


# --- Bayes in odds form, step by step -----------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One test result applied to a probability."""

    result: ResultLR
    before: float
    after: float


@dataclass(frozen=True)
class Chain:
    """A pre-test probability carried through test results, one Bayes step each."""

    pretest: float
    steps: tuple[Step, ...]

    @property
    def post_test(self) -> float:
        """The probability after the last result."""
        return self.steps[-1].after if self.steps else self.pretest

    def table(self) -> MarkdownTable:
        """Each step: probability and odds before, likelihood ratio, odds and probability after."""
        rows = [["Start (pre-test)", "", "", f"{self.pretest / (1 - self.pretest):.3f}",
                 f"{self.pretest:.1%}", ""]]
        for s in self.steps:
            odds_before = s.before / (1 - s.before)
            odds_after = odds_before * s.result.likelihood_ratio
            rows.append([s.result.label, f"{odds_before:.3f}",
                         f"× {s.result.likelihood_ratio:.2f}", f"{odds_after:.3f}",
                         f"{s.after:.1%}", cite(s.result.sources)])
        return MarkdownTable(["Step", "Odds before", "Likelihood ratio", "Odds after",
                              "Probability after", "Sources"], rows)

    def sentence(self) -> str:
        """The chain in one sentence."""
        path = " → ".join([f"{self.pretest:.1%}", *(f"{s.after:.1%} after "
                                                    f"{s.result.label[0].lower()}"
                                                    f"{s.result.label[1:]}" for s in self.steps)])
        return f"Probability of DVT: {path}."

    def _repr_mimebundle_(self, include: object = None, exclude: object = None
                          ) -> dict[str, str]:
        return {"text/markdown": f"{self.sentence()}\n\n{self.table()._repr_markdown_()}",
                "text/plain": f"{self.sentence()}\n{self.table()!r}"}


def probability_chain(pretest: Any, results: Sequence[str]) -> Chain:
    """Apply test results (keys of ``result_options()``) in turn to ``pretest`` (0–1).

    Multiplying likelihood ratios assumes the tests err independently given the disease; a
    simplification that real pathways avoid by using each test where it was studied.
    """
    p = diagnosis.post_test_probability(pretest, 1.0)          # checks pretest
    if isinstance(results, str):
        raise ValueError(f"results must be a list of result keys; got the string {results!r}")
    steps = []
    for key in results:
        result = result_option(key)
        after = diagnosis.post_test_probability(p, result.likelihood_ratio)
        steps.append(Step(result, p, after))
        p = after
    return Chain(float(pretest), tuple(steps))


# --- Fagan's nomogram ----------------------------------------------------------------------------

def logit(p: float) -> float:
    """The log-odds of a probability ``p`` strictly between 0 and 1."""
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class FaganReading:
    """A pre-test probability, a likelihood ratio and the post-test probability they give.

    On the nomogram: the left axis carries −logit(pre-test), the middle ln(LR)/2 and the right
    logit(post-test), so one straight line joins the three (that is Bayes in odds form).
    """

    pretest: float
    likelihood_ratio: float
    post_test: float
    label: str = ""

    @property
    def left_y(self) -> float:
        """Height of the pre-test point on the left axis."""
        return -logit(self.pretest)

    @property
    def middle_y(self) -> float:
        """Height of the likelihood ratio on the middle axis."""
        return math.log(self.likelihood_ratio) / 2

    @property
    def right_y(self) -> float:
        """Height of the post-test point on the right axis (may lie beyond the drawn scale)."""
        if self.post_test >= 1.0:
            return math.inf
        if self.post_test <= 0.0:
            return -math.inf
        return logit(self.post_test)

    def sentence(self) -> str:
        """The reading in one sentence, with the direction of the change."""
        what = f" ({self.label})" if self.label else ""
        change = ("raises" if self.post_test > self.pretest
                  else "lowers" if self.post_test < self.pretest else "leaves")
        return (f"Pre-test probability {self.pretest:.1%}, likelihood ratio "
                f"{self.likelihood_ratio:.2f}{what}: Bayes in odds form {change} it to a "
                f"post-test probability of {self.post_test:.1%}.")


def fagan_reading(pretest: Any, likelihood_ratio: Any, label: str = "") -> FaganReading:
    """The nomogram reading for ``pretest`` (0.005–0.995) and ``likelihood_ratio`` (0.001–1000).

    ValueError names a value outside the drawn scales; the post-test probability comes from
    ``helpers.diagnosis.post_test_probability``.
    """
    low, high = PRETEST_RANGE
    p = checks.number("pretest", pretest, low, high,
                f"a probability from {low} to {high} (write 20% as 0.2)")
    lo_lr, hi_lr = LR_RANGE
    lr = checks.number("likelihood_ratio", likelihood_ratio, lo_lr, hi_lr,
                 f"a number from {lo_lr:g} to {hi_lr:g}")
    return FaganReading(p, lr, diagnosis.post_test_probability(p, lr), label)


# --- a synthetic cohort through the rule-out branch --------------------------------------------

@dataclass(frozen=True)
class CohortResult:
    """Counts from one synthetic cohort: D-dimer first (then ultrasound if positive), compared
    with an ultrasound for everyone, on the same people and the same scan results."""

    n: int
    seed: int
    prevalence: float
    d_dimer: Accuracy
    ultrasound: Accuracy
    with_dvt: int
    d_dimer_positive: int
    d_dimer_negative: int
    d_dimer_negative_with_dvt: int       # clots missed because the D-dimer was negative
    scans_done: int
    scan_positive: int
    dvt_diagnosed: int                   # scan positive and DVT present
    false_diagnoses: int                 # scan positive without DVT
    missed_by_scan: int                  # D-dimer positive, DVT present, scan negative
    scan_all_diagnosed: int
    scan_all_false_diagnoses: int
    scan_all_missed: int

    @property
    def without_dvt(self) -> int:
        """People in the cohort who have no clot."""
        return self.n - self.with_dvt

    @property
    def scans_avoided(self) -> int:
        """Scans the D-dimer saves against scanning everyone: one per negative D-dimer."""
        return self.d_dimer_negative

    @property
    def clots_missed(self) -> int:
        """People with DVT sent home as 'DVT unlikely' by the D-dimer-first branch."""
        return self.d_dimer_negative_with_dvt + self.missed_by_scan

    @property
    def extra_missed(self) -> int:
        """Clots the D-dimer-first branch misses beyond those that scanning everyone misses."""
        return self.clots_missed - self.scan_all_missed

    @property
    def d_dimer_positive_with_dvt(self) -> int:
        """Positive D-dimers that come with a clot (true positives)."""
        return self.with_dvt - self.d_dimer_negative_with_dvt

    @property
    def d_dimer_ppv(self) -> float:
        """Share of positive D-dimers that come with a clot (NaN when there are none)."""
        return (self.d_dimer_positive_with_dvt / self.d_dimer_positive
                if self.d_dimer_positive else math.nan)

    def sentence(self) -> str:
        """What the rule-out strategy buys and costs, in one sentence."""
        return (f"Of {self.n:,} simulated people ({self.with_dvt:,} with DVT), a D-dimer first "
                f"avoided {self.scans_avoided:,} scans ({self.scans_avoided / self.n:.0%}) and "
                f"missed {self.clots_missed:,} clots, against {self.scan_all_missed:,} missed by "
                f"scanning everyone; only {self.d_dimer_ppv:.0%} of positive D-dimers came "
                "with a clot.")

    def table(self) -> MarkdownTable:
        """The two strategies side by side."""
        rows = [["Ultrasound scans", f"{self.scans_done:,}", f"{self.n:,}"],
                ["Scans avoided", f"{self.scans_avoided:,}", "0"],
                ["Clots found (scan positive, DVT present)", f"{self.dvt_diagnosed:,}",
                 f"{self.scan_all_diagnosed:,}"],
                ["Clots missed", f"{self.clots_missed:,}", f"{self.scan_all_missed:,}"],
                ["… of which the D-dimer was negative", f"{self.d_dimer_negative_with_dvt:,}",
                 "—"],
                ["Scans positive without DVT (false diagnoses)", f"{self.false_diagnoses:,}",
                 f"{self.scan_all_false_diagnoses:,}"]]
        return MarkdownTable(["Outcome", "D-dimer first", "Ultrasound for everyone"], rows)

    def _assumptions(self) -> str:
        dd, us = self.d_dimer, self.ultrasound
        return (f"Seed {self.seed}; prevalence {self.prevalence:.1%}; {dd.test}: sensitivity "
                f"{dd.sensitivity:.1%}, specificity {dd.specificity:.1%} "
                f"({cite(dd.sources)}); {us.test}: sensitivity {us.sensitivity:.1%}, "
                f"specificity {us.specificity:.1%} ({cite(us.sources)}). Synthetic people, "
                "not patients.")

    def _repr_mimebundle_(self, include: object = None, exclude: object = None
                          ) -> dict[str, str]:
        markdown = (f"**{self.sentence()}**\n\n{self.table()._repr_markdown_()}\n\n"
                    f"*{self._assumptions()}*")
        return {"text/markdown": markdown, "text/plain": f"{self.sentence()}\n{self.table()!r}"}


def _cohort_accuracy(age_band: str, cutoff: str, d_dimer_sensitivity: Any,
                     d_dimer_specificity: Any, scan_sensitivity: Any, scan_specificity: Any
                     ) -> tuple[Accuracy, Accuracy]:
    dd, us = d_dimer_accuracy(age_band, cutoff), ultrasound_accuracy()
    if d_dimer_sensitivity is not None or d_dimer_specificity is not None:
        sens = dd.sensitivity if d_dimer_sensitivity is None else _proportion(
            "d_dimer_sensitivity", d_dimer_sensitivity)
        spec = dd.specificity if d_dimer_specificity is None else _proportion(
            "d_dimer_specificity", d_dimer_specificity)
        dd = Accuracy("D-dimer (values given)", sens, spec, (), "set by the caller")
    if scan_sensitivity is not None or scan_specificity is not None:
        sens = us.sensitivity if scan_sensitivity is None else _proportion(
            "scan_sensitivity", scan_sensitivity)
        spec = us.specificity if scan_specificity is None else _proportion(
            "scan_specificity", scan_specificity)
        us = Accuracy("Ultrasound (values given)", sens, spec, (), "set by the caller")
    return dd, us


def simulate_cohort(n: int = 1000, seed: int = 5, prevalence: Any = None, *,
                    age_band: str = "61-70", cutoff: str = "conventional",
                    d_dimer_sensitivity: Any = None, d_dimer_specificity: Any = None,
                    scan_sensitivity: Any = None, scan_specificity: Any = None
                    ) -> CohortResult:
    """Run ``n`` synthetic people with suspected DVT through the rule-out branch of NICE NG158.

    Each person has DVT with probability ``prevalence`` (default 0.19, the middle of the data's
    0.18–0.20). D-dimer first: a negative result ends in "DVT unlikely"; a positive one leads to
    a proximal ultrasound, whose result decides. The comparison scans everyone, with the same
    scan results. Accuracy comes from the data for ``age_band`` and ``cutoff`` unless given.

    Deterministic: ``numpy.random.default_rng(seed)`` draws one (3, n) array of uniforms; row 0
    decides DVT (u < prevalence), row 1 the D-dimer (positive if u < sensitivity with DVT, if
    u < 1 − specificity without), row 2 the scan the same way. ValueError names a bad argument.
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= 10_000_000:
        raise ValueError(f"n must be a whole number of people from 1 to 10,000,000; got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0; got {seed!r}")
    p = default_prevalence() if prevalence is None else _proportion("prevalence",
                                                                               prevalence)
    dd, us = _cohort_accuracy(age_band, cutoff, d_dimer_sensitivity, d_dimer_specificity,
                              scan_sensitivity, scan_specificity)
    u = np.random.default_rng(int(seed)).random((3, int(n)))
    dvt = u[0] < p
    dd_pos = np.where(dvt, u[1] < dd.sensitivity, u[1] < 1 - dd.specificity)
    scan_pos = np.where(dvt, u[2] < us.sensitivity, u[2] < 1 - us.specificity)
    scanned = dd_pos
    return CohortResult(
        n=int(n), seed=int(seed), prevalence=p, d_dimer=dd, ultrasound=us,
        with_dvt=int(dvt.sum()), d_dimer_positive=int(dd_pos.sum()),
        d_dimer_negative=int((~dd_pos).sum()),
        d_dimer_negative_with_dvt=int((dvt & ~dd_pos).sum()),
        scans_done=int(scanned.sum()), scan_positive=int((scanned & scan_pos).sum()),
        dvt_diagnosed=int((scanned & scan_pos & dvt).sum()),
        false_diagnoses=int((scanned & scan_pos & ~dvt).sum()),
        missed_by_scan=int((scanned & ~scan_pos & dvt).sum()),
        scan_all_diagnosed=int((scan_pos & dvt).sum()),
        scan_all_false_diagnoses=int((scan_pos & ~dvt).sum()),
        scan_all_missed=int((~scan_pos & dvt).sum()))


def expected_cohort(n: int = 1000, prevalence: Any = None, **accuracy: Any) -> dict[str, float]:
    """The expected counts of ``simulate_cohort`` with the same arguments (no randomness).

    Keyword arguments are those of ``simulate_cohort`` after ``prevalence``.
    """
    p = default_prevalence() if prevalence is None else _proportion("prevalence",
                                                                               prevalence)
    dd, us = _cohort_accuracy(accuracy.get("age_band", "61-70"),
                              accuracy.get("cutoff", "conventional"),
                              accuracy.get("d_dimer_sensitivity"),
                              accuracy.get("d_dimer_specificity"),
                              accuracy.get("scan_sensitivity"), accuracy.get("scan_specificity"))
    with_dvt, without = n * p, n * (1 - p)
    dd_pos = with_dvt * dd.sensitivity + without * (1 - dd.specificity)
    return {
        "with_dvt": with_dvt,
        "d_dimer_positive": dd_pos,
        "scans_avoided": n - dd_pos,
        "d_dimer_negative_with_dvt": with_dvt * (1 - dd.sensitivity),
        "dvt_diagnosed": with_dvt * dd.sensitivity * us.sensitivity,
        "false_diagnoses": without * (1 - dd.specificity) * (1 - us.specificity),
        "clots_missed": with_dvt * (1 - dd.sensitivity * us.sensitivity),
        "scan_all_missed": with_dvt * (1 - us.sensitivity),
    }


def cohort_comparison(n: int = 1000, seed: int = 5,
                      prevalences: Mapping[str, float] | None = None, **kwargs: Any
                      ) -> MarkdownTable:
    """One cohort per prevalence (default: Wells low, moderate, high), side by side."""
    if prevalences is None:
        prevalences = {f"Wells {p.category} ({p.probability:.1%}, {cite(p.source)})":
                       p.probability for p in wells_pretest()}
    rows = []
    for name, prevalence in prevalences.items():
        r = simulate_cohort(n, seed, prevalence, **kwargs)
        rows.append([name, f"{r.with_dvt:,}", f"{r.scans_avoided:,}", f"{r.clots_missed:,}",
                     f"{r.scan_all_missed:,}", f"{r.d_dimer_ppv:.0%}"])
    return MarkdownTable(["Cohort", "With DVT", "Scans avoided", "Clots missed, D-dimer first",
                          "Clots missed, scan everyone", "Positive D-dimers with a clot"], rows)


def cutoff_comparison(n: int = 1000, seed: int = 5, age_band: str = "over 80",
                      prevalence: Any = None) -> MarkdownTable:
    """The same cohort with the conventional and the age-adjusted D-dimer cut-off."""
    rows = []
    for cutoff in CUTOFFS:
        r = simulate_cohort(n, seed, prevalence, age_band=age_band, cutoff=cutoff)
        rows.append([r.d_dimer.test, f"{r.d_dimer.specificity:.1%}", f"{r.scans_avoided:,}",
                     f"{r.clots_missed:,}", f"{r.d_dimer_ppv:.0%}"])
    return MarkdownTable(["D-dimer", "Specificity", "Scans avoided", "Clots missed",
                          "Positive D-dimers with a clot"], rows)


# --- the NICE NG158 pathway as a figure ---------------------------------------------------------

@dataclass(frozen=True)
class PathwayNode:
    """One step of the pathway: id, kind (start, decision, action, end) and text."""

    id: str
    kind: str
    text: str


@dataclass(frozen=True)
class PathwayEdge:
    """An arrow from one step to the next, with its condition (may be empty)."""

    source: str
    target: str
    label: str = ""


@dataclass(frozen=True)
class Pathway:
    """The NICE NG158 pathway for suspected DVT as nodes and edges, with its sources."""

    title: str
    nodes: Mapping[str, PathwayNode]
    edges: tuple[PathwayEdge, ...]
    sources: tuple[str, ...]

    def after(self, node: str) -> tuple[PathwayEdge, ...]:
        """The arrows leaving ``node``."""
        return tuple(e for e in self.edges if e.source == node)


def _label(text: str) -> str:
    return text.replace(">=", "≥").replace("<=", "≤")


def nice_pathway() -> Pathway:
    """The pathway from data/diagnostic_tests.yaml; ValueError if an arrow names no step."""
    d = _data()["pathway_nice_ng158"]
    nodes = {r["id"]: PathwayNode(r["id"], r["kind"], r["text"]) for r in d["nodes"]}
    edges = tuple(PathwayEdge(e["from"], e["to"], _label(e.get("label", "")))
                  for e in d["edges"])
    for e in edges:
        for end in (e.source, e.target):
            if end not in nodes:
                raise ValueError(f"pathway arrow {e.source} → {e.target} names no step {end!r}")
    return Pathway(d["title"], nodes, edges, tuple(d["sources"]))


def pathway_steps() -> MarkdownTable:
    """The pathway in words: each step and where each answer leads, with the sources."""
    path = nice_pathway()
    rows = []
    for number, node in enumerate((n for n in path.nodes.values() if n.kind != "end"), 1):
        leads = "; ".join(f"{e.label or 'then'} → {path.nodes[e.target].text}"
                          for e in path.after(node.id))
        rows.append([str(number), node.text, leads])
    rows.append(["", f"Sources: {cite(path.sources)}", ""])
    return MarkdownTable(["#", "Step", "Leads to"], rows)
