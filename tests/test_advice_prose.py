"""One account of advice (issue 20): every sentence of the course's prose that says how soon to
get help for a combination of findings agrees with :func:`helpers.checklist.triage`.

The prose is read where learners read it: the notebooks' Markdown, the quizzes (each prompt with
its correct option, and each explanation), the answers and glossary of notebook 08
(review.yaml), the red flags box, and the teacher's guide. docs/answer_key.md is generated from
the quizzes (test_quiz checks it is up to date), so the quiz claims cover it. Notebook 04's own
list of the tiers is not prose at all: ``checklist_views.tier_table()`` renders it from the
triage table (tested at the end of this file).

Each CLAIM names a file, an *anchor* (the words of the sentence that name the findings) and the
findings in the checklist's terms. The tier is READ from the words that follow the anchor in its
sentence, so prose that changes its tier ("urgent" for a cold, pale, numb leg) fails here, as
does prose that sends a bleed to 999 when the table says 111 or A&E. Every sentence that pairs a
word of a tier with a word of a finding must be covered by a claim or listed in NOT_ADVICE with
the reason it is not advice about a combination of findings, so a new advice sentence cannot slip
past unchecked.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import checklist, checklist_views
from tests.notebooks import ROOT, yaml_strings

FILES = {
    "notebooks": "notebooks",
    "quizzes": "src/helpers/data/quizzes",
    "review": "src/helpers/data/review.yaml",
    "red_flags": "src/helpers/data/red_flags.yaml",
    "teaching": "docs/teaching.md",
}

# The tier a sentence states: the earliest of these cues after the anchor wins.
CUES = [
    ("not emergency", r"\b(?:not|never)\b[^.;:]{0,30}emergenc"),
    ("routine", r"\broutine\b|if it lasts"),
    ("urgent", r"urgent|same[- ]day|\btoday\b"),
    ("emergency", r"emergenc|\b999\b|at once|immediately|straight away|\bnow\b|A&E|\b111\b"),
]
CUE = re.compile("|".join(f"(?P<c{i}>{pattern})" for i, (_l, pattern) in enumerate(CUES)), re.I)
# What makes a sentence look like advice: a tier word and a finding word together.
TIER_WORD = re.compile(r"emergenc|urgent|same[- ]day|\b999\b|A&E|\b111\b|at once|immediately|"
                       r"straight away|help now|\broutine\b", re.I)
FINDING_WORD = re.compile(r"\bnumb(?!er)|cold|pale|pulse|weak|paraly|cannot move|swollen|chest|"
                          r"breathless|bleed|blood thinner|anticoagulant|groin|back pain|black|"
                          r"bladder|(?-i:FAST)|speech", re.I)

N, S, C, P, W = "numbness", "sudden_onset", "cold_or_pale", "no_foot_pulse", "cannot_move_foot"
LEG, CHEST, ANTI = "swollen_painful_leg", "chest_pain_or_breathless", "on_anticoagulant"
BLEED, BACK, SLOW = "bleeding_signs", "groin_or_back_pain", "gradual_over_weeks"
NB = "notebooks/{}.ipynb".format
QUIZ = "src/helpers/data/quizzes/{}.yaml".format

CLAIMS: list[tuple[str, str, list[str]]] = [
    # notebooks
    (NB("01_clot_formation"), "a cold, pale, numb leg", [N, C]),
    *[(NB("02_ischemia_and_compression"), "a leg made numb or paralysed by a blocked artery", f)
      for f in ([N, P], [W, P])],
    (NB("02_ischemia_and_compression"), "Sudden numbness from a clot", [S, N]),
    (NB("03_nerve_map"), "a numb leg that is also cold, pale and painful", [N, C]),
    (NB("03_nerve_map"), "A numb leg that is also cold, pale and painful", [N, C]),
    (NB("03_nerve_map"), "new numbness or weakness of the thigh with groin, hip or back pain in "
                         "someone on an anticoagulant", [ANTI, BACK, N]),
    (NB("03_nerve_map"), "New thigh numbness or weakness with groin, hip or back pain on an "
                         "anticoagulant", [ANTI, BACK, N]),
    (NB("03_nerve_map"), "Sudden severe back pain is itself one of the warning signs of bleeding",
     [ANTI, BACK, S]),
    (NB("04_signs_and_risk"), "A common finding on its own", [N]),
    (NB("04_signs_and_risk"), "A common finding on its own", [ANTI]),
    (NB("04_signs_and_risk"), "Numbness or weakness in a leg that is also cold, pale or pulseless",
     [N, C]),
    (NB("04_signs_and_risk"), "Numbness or weakness in a leg that is also cold, pale or pulseless",
     [W, P]),
    (NB("04_signs_and_risk"), "Numbness or weakness in a leg that is also cold, pale or pulseless",
     [SLOW, N, C]),
    (NB("04_signs_and_risk"), "Bleeding signs, or new groin, hip or back pain, in someone taking a "
                              "blood thinner", [ANTI, BLEED]),
    (NB("04_signs_and_risk"), "Bleeding signs, or new groin, hip or back pain, in someone taking a "
                              "blood thinner", [ANTI, BACK]),
    (NB("04_signs_and_risk"), "numbness on its own, without a sudden start", [N]),
    (NB("04_signs_and_risk"), "A cold foot, or a foot pulse that cannot be felt, on its own", [C]),
    (NB("04_signs_and_risk"), "A cold foot, or a foot pulse that cannot be felt, on its own", [P]),
    (NB("04_signs_and_risk"), "With numbness or a foot that cannot move, the same leg", [N, C]),
    (NB("04_signs_and_risk"), "With numbness or a foot that cannot move, the same leg", [W, P]),
    (NB("04_signs_and_risk"), "numbness or weakness in a cold, pale or pulseless leg (whenever it "
                              "started)", [N, C]),
    (NB("04_signs_and_risk"), "numbness or weakness in a cold, pale or pulseless leg (whenever it "
                              "started)", [SLOW, W, P]),
    (NB("04_signs_and_risk"), "sudden numbness, FAST signs", [S, N]),
    (NB("04_signs_and_risk"), "a swollen leg with chest pain or breathlessness", [LEG, CHEST]),
    (NB("04_signs_and_risk"), "bleeding on a blood thinner are emergencies", [ANTI, BLEED]),
    (NB("04_signs_and_risk"), "a swollen painful leg alone", [LEG]),
    (NB("04_signs_and_risk"), "numbness alone, without a sudden start", [N]),
    (NB("05_differential"), "Numbness in a cold, pale leg", [N, C]),
    (NB("05_differential"), "A cold, pale, pulseless, numb leg", [N, C, P]),
    (NB("06_treatment"), "Someone taking one should get medical attention", [ANTI, BLEED]),
    (NB("06_treatment"), "It needs help now, from NHS 111 or A&E", [ANTI, BACK, N]),
    (NB("06_treatment"), "On an anticoagulant, bleeding that will not stop", [ANTI, BLEED]),
    (NB("06_treatment"), "On an anticoagulant, bleeding that will not stop", [ANTI, BACK, N]),
    (NB("07_prognosis_and_prevention"), "a cold, pale, numb leg", [N, C]),
    (NB("08_review"), "A numb, cold, pale or weak leg", [N, C]),
    (NB("08_review"), "A numb, cold, pale or weak leg", [N, W]),
    (NB("08_review"), "a swollen leg with chest pain or breathlessness", [LEG, CHEST]),
    # quizzes: the prompt with the correct option, and the explanation
    (QUIZ("00_start_here"), "a swollen, painful calf and is suddenly short of breath",
     [LEG, CHEST]),
    (QUIZ("00_start_here"), "numbness in a cold, pale, pulseless leg", [N, C, P]),
    (QUIZ("02_ischemia_and_compression"), "Sudden numbness from a clot", [S, N]),
    (QUIZ("03_nerve_map"), "Someone taking an anticoagulant notices new numbness of the front of "
                           "the thigh", [ANTI, N, BACK]),
    (QUIZ("03_nerve_map"), "On a blood thinner, new groin pain", [ANTI, BACK]),
    (QUIZ("04_signs_and_risk"), "A suddenly numb, cold, pale leg", [S, N, C]),
    (QUIZ("04_signs_and_risk"), "A swollen, painful calf, with no chest pain and no breathlessness",
     [LEG]),
    (QUIZ("04_signs_and_risk"), "On its own, a swollen, painful leg", [LEG]),
    (QUIZ("04_signs_and_risk"), "With chest pain or breathlessness the same leg", [LEG, CHEST]),
    (QUIZ("05_differential"), "A leg became suddenly painful, pale, cold and numb", [S, C, N, P]),
    (QUIZ("06_treatment"), "Someone taking an anticoagulant notices black stools", [ANTI, BLEED]),
    (QUIZ("06_treatment"), "New numbness of the thigh with groin pain", [ANTI, N, BACK]),
    (QUIZ("07_prognosis_and_prevention"), "a cold, pale, numb leg", [N, C]),
    (QUIZ("08_review"), "A swollen, painful calf and sudden breathlessness", [LEG, CHEST]),
    (QUIZ("08_review"), "A swollen leg with breathlessness or chest pain", [LEG, CHEST]),
    # notebook 08's answers and glossary
    *[(FILES["review"], "At once, by calling your local emergency number", f)
      for f in ([N, C], [N, P], [N, W], [LEG, CHEST], [S, N], ["saddle_or_bladder"])],
    (FILES["review"], "breathlessness or chest pain with a swollen leg", [LEG, CHEST]),
    # the red flags box (each sign is read with the box's title)
    *[(FILES["red_flags"], "Numbness, weakness or sudden severe pain in a leg that is cold", f)
      for f in ([N, C], [W, P], [SLOW, N, C], [S, C])],
    (FILES["red_flags"], "A swollen or painful leg together with chest pain", [LEG, CHEST]),
    (FILES["red_flags"], "A massively swollen, bluish, very painful leg",
     ["severe_pain_tense_leg"]),
    (FILES["red_flags"], "Sudden numbness or weakness on one side of the body", [S, N]),
    (FILES["red_flags"], "Sudden numbness or weakness on one side of the body",
     ["face_arm_or_speech"]),
    (FILES["red_flags"], "Numbness between the legs or around the back passage",
     ["saddle_or_bladder"]),
    # the teacher's guide
    (FILES["teaching"], "tick numbness alone", [N]),
    (FILES["teaching"], "then add a sudden start", [N, S]),
    (FILES["teaching"], "then untick the start and tick a cold or pale leg instead", [N, C]),
    (FILES["teaching"], "and a swollen painful leg alone", [LEG]),
    (FILES["teaching"], "then with breathlessness", [LEG, CHEST]),
    (FILES["teaching"], "sudden numbness from a clot", [S, N]),
    (FILES["teaching"], "a blocked artery, which numbs the skin below the block", [N, C]),
]

# Sentences that pair a tier word with a finding word but give no advice on a combination.
NOT_ADVICE = {
    "The red flags are in": "a link to the red flags box",
    "When a numb leg is an emergency": "a section title",
    "Many numb legs are not emergencies, but some are": "an overview, before the signs",
    "A clot can make a leg numb, but the classic culprit": "names a cause, not findings",
    "Numbness beyond the toes or any weakness means": "a Rutherford grade",
    "Pain, pallor and coldness at once; tingling, then numbness": "what ischaemia does, in order",
    "Name one way a clot can make a leg numb, and say how urgent": "an exit-ticket question",
    "Of the six Ps": "a Rutherford grade, for a leg already known to be ischaemic",
    "Sensory loss beyond the toes, or any weakness, means": "a Rutherford grade",
    "Class IIa may have minimal sensory loss": "a Rutherford grade",
    "Sensory loss beyond the toes with mild or moderate weakness is": "a Rutherford grade",
    "How best to treat it is debated": "'at once' describes an operation's effect",
    "In the Rutherford classes, a leg with sensory loss beyond the toes": "a Rutherford grade",
    "In the Rutherford scale, which is the first class with any motor": "a Rutherford grade",
    "Routine stockings to prevent PTS": "'routine' means preventive use, not a tier",
}


WHOLE = "\x00"          # marks a unit read as one sentence


def _text(path: Path) -> list[str]:
    """The prose units of one file, as learners read them."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return [line for c in cells if c["cell_type"] == "markdown"
                for line in "".join(c["source"]).split("\n")]
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8").split("\n")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if path.name == "red_flags.yaml":
        return [f"{f['sign']}: {data['title']}" for f in data["flags"]]
    if path.parent.name == "quizzes":
        units = []
        for q in data["questions"]:
            answer = f" → answer: {q['options'][q['answer']]}." if q.get("options") else ""
            units += [WHOLE + q["prompt"] + answer, q.get("explanation", "")]
        return units
    return list(yaml_strings(data))


def sentences(path: Path) -> list[str]:
    """Every sentence of a file's prose, whitespace normalised (a quiz prompt with its answer
    counts as one sentence)."""
    out = []
    for unit in _text(path):
        whole = unit.startswith(WHOLE)
        unit = re.sub(r"\s+", " ", unit.removeprefix(WHOLE)).strip()
        out += [unit] if whole else [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*“\"(\[])", unit)
                                     if s]
    return out


def stated(sentence: str, anchor: str) -> tuple[str | None, str | None]:
    """The tier a sentence states after ``anchor``, and the number it sends to (999 or 111)."""
    rest = sentence[sentence.index(anchor):]
    found = CUE.search(rest)
    if not found:
        return None, None
    level = CUES[int(found.lastgroup[1:])][0]
    sends_111 = bool(re.search(r"\b111\b|A&E", rest))
    sends_999 = bool(re.search(r"\b999\b|emergency number|emergency help", rest))
    number = ("111" if sends_111 and not sends_999 else
              "999" if sends_999 and not sends_111 else None)
    return level, number


def problems(root: Path) -> list[str]:
    """Every disagreement between the prose under ``root`` and the triage table."""
    found = []
    cache: dict[str, list[str]] = {}

    def of(name: str) -> list[str]:
        if name not in cache:
            cache[name] = sentences(root / name)
        return cache[name]

    for name, anchor, findings in CLAIMS:
        # the sentences holding the anchor that state a tier (a sentence with no tier word,
        # such as "a cold, pale, numb leg means every hour counts", gives no advice)
        hits = [s for s in of(name) if anchor in s and stated(s, anchor)[0]]
        if not hits:
            found.append(f"{name}: no sentence holds {anchor!r} with a tier any more; "
                         "update CLAIMS")
        result = checklist.triage(findings)
        table_number = "111" if result.rule_action else "999"     # the bleeding rules' own
        for sentence in hits:
            level, number = stated(sentence, anchor)
            agrees = (result.level != "emergency" if level == "not emergency"
                      else level == result.level)
            if not agrees:
                found.append(f"{name}: {sentence!r} says {level}, but triage({findings}) is "
                             f"{result.level}")
            elif level == "emergency" and number and number != table_number:
                found.append(f"{name}: {sentence!r} sends to {number}, but triage({findings}) "
                             f"says {result.action!r}")
    anchors: dict[str, list[str]] = {}
    for name, anchor, _f in CLAIMS:
        anchors.setdefault(name, []).append(anchor)
    for name in _files(root):
        for sentence in of(name):
            if not (TIER_WORD.search(sentence) and FINDING_WORD.search(sentence)):
                continue
            if any(a in sentence for a in anchors.get(name, [])) or any(
                    phrase in sentence for phrase in NOT_ADVICE):
                continue
            found.append(f"{name}: advice sentence not checked against the triage table: "
                         f"{sentence!r}; add it to CLAIMS (or NOT_ADVICE, with the reason)")
    return found


def _files(root: Path) -> list[str]:
    names = []
    for where in FILES.values():
        path = root / where
        kids = sorted(path.glob("*.ipynb")) + sorted(path.glob("*.yaml")) if path.is_dir() \
            else [path]
        names += [str(p.relative_to(root)) for p in kids]
    return names


def test_every_advice_sentence_agrees_with_the_triage_table():
    assert problems(ROOT) == []


def test_every_not_advice_phrase_and_claim_file_is_still_there():
    everything = {name: " ".join(sentences(ROOT / name)) for name in _files(ROOT)}
    for phrase in NOT_ADVICE:
        assert any(phrase in text for text in everything.values()), phrase
    assert {name for name, _a, _f in CLAIMS} <= set(everything)


@pytest.fixture
def copy(tmp_path):
    """A scratch copy of every file the check reads, to plant faults in."""
    for where in FILES.values():
        source, target = ROOT / where, tmp_path / where
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return tmp_path


# Planted faults: each copy says something the triage table does not.
@pytest.mark.parametrize("name, old, new, expected", [
    # the issue's own example: "urgent" for a cold, pale, numb leg
    (NB("05_differential"), "is a reason to call your local emergency number now",
     "is urgent: see a doctor today", "says urgent, but triage(['numbness', 'cold_or_pale'])"),
    (NB("07_prognosis_and_prevention"), "a cold, pale, numb leg is an emergency now",
     "a cold, pale, numb leg needs a doctor the same day", "says urgent"),
    (QUIZ("06_treatment"), "Get medical attention at once (in the UK, NHS 111 or A&E)",
     "See a doctor if it lasts", "says routine"),
    (NB("03_nerve_map"), "needs medical help now: NHS 111 or A&E",
     "needs medical help now: call 999", "sends to 999"),
    (FILES["teaching"], "tick numbness alone (routine)", "tick numbness alone (emergency)",
     "says emergency, but triage(['numbness']) is routine"),
])
def test_a_copy_whose_prose_disagrees_with_the_table_fails(copy, name, old, new, expected):
    path = copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = problems(copy)
    assert any(expected in p for p in found), found


def test_a_new_advice_sentence_that_no_claim_covers_fails(copy):
    path = copy / QUIZ("04_signs_and_risk")
    text = path.read_text(encoding="utf-8")
    marker = "the combination, not the single sign, sets the tier."
    path.write_text(text.replace(marker, marker + " A numb foot is urgent.", 1), encoding="utf-8")
    assert any("not checked against the triage table" in p and "A numb foot is urgent" in p
               for p in problems(copy))


def test_notebook_04_renders_its_tiers_from_the_triage_table():
    table = checklist_views.tier_table()
    rows = repr(table)
    for rule in checklist.triage_rules():
        assert checklist_views._when(rule) in rows, rule.key
    actions = [row[1] for row in table.rows if row[1]]
    levels = checklist.rules()["levels"]
    assert actions[0] == levels["emergency"]["action"]
    assert {r.action for r in checklist.triage_rules() if r.action} <= set(actions)
    assert actions[-2:] == [levels["urgent"]["action"], levels["routine"]["action"]]
    code = "".join(c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                   for c in json.loads((ROOT / NB("04_signs_and_risk")).read_text())["cells"]
                   if c["cell_type"] == "code")
    assert "checklist_views.tier_table()" in code
