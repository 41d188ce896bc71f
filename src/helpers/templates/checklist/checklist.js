// The static risk checklist: the same rules as helpers.checklist, read from the JSON beside it.
// Runs in the page only; nothing is stored or sent.
(function () {
  "use strict";
  var section = document.currentScript.closest(".cn-checklist");
  var rules = JSON.parse(section.querySelector(".cn-cl-rules").textContent);
  var wellsLive = section.querySelector(".cn-cl-wells-live");
  var tallyLive = section.querySelector(".cn-cl-tally-live");
  var triageLive = section.querySelector(".cn-cl-triage-live");
  var why = section.querySelector(".cn-cl-why-live");
  var levels = ["emergency", "urgent", "routine"];          // most severe first
  var findingKeys = rules.findings.map(function (f) { return f.key; });
  var labels = {};
  rules.findings.forEach(function (f) { labels[f.key] = f.label; });
  var ageBox = section.querySelector("#cn-cl-age");
  var ageRule = new RegExp("^(?:" + rules.age.pattern + ")$");

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}[c];
    });
  }
  function g(x) { return String(Number(x.toPrecision(6))); }       // Python's "{:g}"
  function pointsText(n) { return n + " point" + (Math.abs(n) === 1 ? "" : "s"); }
  function band(bands, points) {
    return bands.find(function (b) {
      return (b.min === null || points >= b.min) && (b.max === null || points <= b.max);
    });
  }

  function score(keys) {
    var points = 0;
    new Set(keys).forEach(function (key) {
      var item = rules.wells.find(function (c) { return c.key === key; });
      if (!item) { throw new Error("unknown Wells criterion: " + key); }
      points += item.points;
    });
    return {points: points, two: band(rules.two_level, points),
            three: band(rules.three_level, points)};
  }

  // The triage: a rule fires when every group has a ticked finding; the most severe level wins.
  // A rule's own action replaces its tier's only when every rule fired at that tier has one.
  function triage(keys) {
    var ticked = new Set(keys);
    ticked.forEach(function (key) {
      if (findingKeys.indexOf(key) < 0) { throw new Error("unknown triage finding: " + key); }
    });
    var fired = rules.triage_rules.filter(function (r) {
      return r.when.every(function (group) {
        return group.some(function (key) { return ticked.has(key); });
      });
    }).sort(function (a, b) { return levels.indexOf(a.level) - levels.indexOf(b.level); });
    var level = fired.length ? fired[0].level : "routine";
    var top = fired.filter(function (r) { return r.level === level; });
    var own = top.length && top.every(function (r) { return r.action; }) ? top[0].action : "";
    var used = new Set();
    fired.forEach(function (r) {
      r.when.forEach(function (group) { group.forEach(function (k) { used.add(k); }); });
    });
    return {level: level, ticked: ticked.size, action: own || rules.levels[level].action,
            reasons: fired.map(function (r) { return r.sentence; }),
            also_ticked: findingKeys.filter(function (k) { return ticked.has(k) && !used.has(k); }),
            conflicts: rules.conflicts.filter(function (c) {
              return c.keys.every(function (k) { return ticked.has(k); });
            }).map(function (c) { return c.message; })};
  }

  function alsoNote(keys) {
    if (!keys.length) { return ""; }
    var names = keys.map(function (k) { return "“" + labels[k].split(":")[0] + "”"; });
    return rules.also_ticked[names.length === 1 ? "one" : "many"]
      .replace("{labels}", names.join(", "));
  }

  function triageHtml(t) {
    if (!t.ticked) { return ""; }
    return '<div class="cn-cl-triage cn-cl-' + t.level + '"><p><strong>' +
      esc(rules.levels[t.level].title) + ".</strong> " + esc(t.action) + "</p></div>";
  }

  function whyHtml(t) {
    if (!t.ticked) { return ""; }
    var reasons = t.reasons.length ? "<ul>" + t.reasons.map(function (r) {
      return "<li>" + esc(r) + "</li>";
    }).join("") + "</ul>" : "<p>None of the combinations in the triage table is ticked.</p>";
    var also = alsoNote(t.also_ticked);
    return '<div class="cn-cl-why"><p><strong>Why:</strong></p>' + reasons +
      (also ? '<p class="cn-cl-also">' + esc(also) + "</p>" : "") +
      t.conflicts.map(function (c) { return '<p class="cn-cl-conflict">' + esc(c) + "</p>"; })
        .join("") + "</div>";
  }

  function mismatches(wellsKeys, tallyKeys) {
    var shared = rules.shared;
    return shared.pairs.filter(function (p) {
      var inWells = wellsKeys.includes(p.wells);
      var inTally = p.tally.some(function (k) { return tallyKeys.includes(k); });
      return inWells !== inTally;
    }).map(function (p) {
      var inWells = wellsKeys.includes(p.wells);
      return shared.mismatch.replace("{name}", p.name)
        .replace("{ticked}", shared.panels[inWells ? "wells" : "tally"])
        .replace("{other}", shared.panels[inWells ? "tally" : "wells"]);
    });
  }

  function readAge(text) {
    var entry = String(text).trim(), a = rules.age;
    if (!entry) { return {years: null, message: "", ok: true}; }
    if (!ageRule.test(entry)) {
      return {years: null, ok: false, message: "Age must be a number of years from " + g(a.min) +
              " to " + g(a.max) + ", such as 64."};
    }
    var years = Number(entry);
    if (years < a.min || years > a.max) {
      return {years: null, ok: false, message: "An age of " + g(years) +
              " years is not possible here: use " + g(a.min) + " to " + g(a.max) + "."};
    }
    var cutoff = years <= a.from ? a.conventional : years * a.per_year;
    return {years: years, cutoff: cutoff, ok: true, message: "Age-adjusted D-dimer cut-off at " +
            g(years) + " years: " + g(cutoff) + " µg/L (FEU)."};
  }

  function ticked(panel) {
    return Array.prototype.map.call(
      section.querySelectorAll('input[data-panel="' + panel + '"]:checked'),
      function (box) { return box.value; });
  }

  var lastTriage = null;
  function render() {
    var wellsKeys = ticked("wells"), s = score(wellsKeys);
    var tallyKeys = ticked("tally"), t = triage(ticked("triage"));
    var factors = rules.tally.filter(function (f) { return tallyKeys.includes(f.key); });
    var shared = mismatches(wellsKeys, tallyKeys).map(function (m) {
      return '<p class="cn-cl-shared">' + esc(m) + "</p>";
    }).join("");
    var arms = Object.keys(rules.arms).map(function (arm) {
      var labels = factors.filter(function (f) { return f.arms.includes(arm); })
                          .map(function (f) { return f.label; });
      return "<li>" + esc(rules.arms[arm]) + ": " +
             (labels.length ? esc(labels.join("; ")) : "none ticked") + "</li>";
    }).join("");
    var age = readAge(ageBox.value);
    var shown = triageHtml(t);
    if (shown !== lastTriage) {           // announce the triage only when it changes
      lastTriage = shown;
      triageLive.innerHTML = shown;
    }
    why.innerHTML = whyHtml(t);
    var step = esc(s.two.next_step);
    if (t.level === "emergency") {
      step = "<strong>" + esc(rules.emergency_first) + "</strong> After that, for the doctor: " +
        step;
    }
    wellsLive.innerHTML = '<div class="cn-cl-summary cn-cl-wells-result"><p><strong>Wells score: ' +
      pointsText(s.points) + " → DVT " + s.two.name + "</strong> (" + esc(s.two.rule) +
      ").</p><p>Three-level reading: " + s.three.name + " (" + esc(s.three.rule) +
      "). In the 1997 study, " + esc(s.three.prevalence) + '.</p><p class="cn-cl-next">' +
      "Next step: " + step + "</p>" + (age.message ? '<p class="cn-cl-age' +
      (age.ok ? "" : " cn-cl-error") + '">' + esc(age.message) + "</p>" : "") + "</div>";
    tallyLive.innerHTML = '<div class="cn-cl-summary cn-cl-tally-result">' +
      "<p><strong>Risk-factor tally</strong> (not a validated score): " + factors.length +
      " ticked.</p><ul>" + arms + "</ul>" + shared + "</div>";
  }

  section.addEventListener("change", render);
  section.addEventListener("input", render);
  window.cnChecklist = {
    score: function (keys) {
      var s = score(keys);
      return {points: s.points, two_level: s.two.name, three_level: s.three.name};
    },
    readAge: readAge,
    triage: function (keys) {
      var t = triage(keys);
      return {level: t.level, reasons: t.reasons, action: t.action, also_ticked: t.also_ticked,
              also_note: alsoNote(t.also_ticked), conflicts: t.conflicts};
    },
    triageAll: function (all) { return all.map(function (keys) { return this.triage(keys); }, this); },
    mismatches: mismatches
  };
  render();
}());
