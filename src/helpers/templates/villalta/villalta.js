// The static Villalta calculator: the same rules as helpers.risk.villalta, read from the JSON
// beside it. Runs in the page only; nothing is stored or sent.
(function () {
  "use strict";
  var section = document.currentScript.closest(".cn-villalta");
  var rules = JSON.parse(section.querySelector(".cn-vl-rules").textContent);
  var live = section.querySelector(".cn-vl-live");
  var ulcerBox = section.querySelector("#cn-vl-ulcer");
  var keys = rules.items.map(function (i) { return i.key; });
  var scaleText = rules.scale.meaning.map(function (m) { return m[0] + " " + m[1]; }).join(", ");
  var ulcerBand = rules.bands.find(function (b) { return b.name === rules.ulcer.severity; });

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}[c];
    });
  }
  // Python's repr() for the values a page can hold, so messages read exactly as in Python.
  function pyRepr(v) {
    if (v === null || v === undefined) { return "None"; }
    if (typeof v === "boolean") { return v ? "True" : "False"; }
    if (typeof v === "number") { return Number.isNaN(v) ? "nan" : String(v); }
    if (typeof v === "string") { return "'" + v + "'"; }
    if (Array.isArray(v)) { return "[" + v.map(pyRepr).join(", ") + "]"; }
    return JSON.stringify(v);
  }
  function band(points) {
    return rules.bands.find(function (b) {
      return (b.min === null || points >= b.min) && (b.max === null || points <= b.max);
    });
  }

  // Score a mapping of item -> 0..3 and the ulcer flag; {error: message} for bad input, worded
  // as helpers.risk.villalta's ValueError.
  function score(values, ulcer) {
    if (values === null || typeof values !== "object" || Array.isArray(values)) {
      return {error: "scores must map each Villalta item to 0–3, such as {'pain': 1, ...}; got " +
              pyRepr(values)};
    }
    if (typeof ulcer !== "boolean") {
      return {error: "ulcer must be True or False; got " + pyRepr(ulcer)};
    }
    var unknown = Object.keys(values).filter(function (k) { return !keys.includes(k); }).sort();
    if (unknown.length) {
      return {error: "unknown Villalta items: " + pyRepr(unknown) + "; allowed: " + pyRepr(keys)};
    }
    var missing = keys.filter(function (k) { return !(k in values); });
    if (missing.length) {
      return {error: "Villalta scores are missing " + pyRepr(missing) + "; all " + keys.length +
              " items are needed: " + pyRepr(keys)};
    }
    var symptoms = 0, signs = 0;
    for (var n = 0; n < rules.items.length; n++) {
      var item = rules.items[n], v = values[item.key];
      if (typeof v !== "number" || !Number.isInteger(v) || v < rules.scale.min ||
          v > rules.scale.max) {
        return {error: "Villalta item '" + item.key + "' must be a whole number from " +
                rules.scale.min + " to " + rules.scale.max + " (" + scaleText + "); got " +
                pyRepr(v)};
      }
      if (item.kind === "symptom") { symptoms += v; } else { signs += v; }
    }
    var total = symptoms + signs;
    var severity = ulcer ? rules.ulcer.severity : band(total).name;
    var meaning = severity === "none" ? "no post-thrombotic syndrome"
                                      : severity + " post-thrombotic syndrome";
    var why = ulcer && total < ulcerBand.min ? " because of the venous ulcer" : "";
    return {score: total, severity: severity, ulcer: ulcer, symptom_score: symptoms,
            sign_score: signs, text: "Villalta score " + total + " (symptoms " + symptoms +
            ", signs " + signs + (ulcer ? ", venous ulcer" : "") + "): " + meaning + why + "."};
  }

  function bandsText() {
    return rules.bands.map(function (b) {
      return (b.max === null ? b.min + " or more" : b.min + "–" + b.max) + " " + b.name;
    }).join(", ");
  }

  // What the form holds: digits become numbers; anything else is passed on to be refused.
  function read() {
    var values = {};
    keys.forEach(function (key) {
      var picked = section.querySelector('input[data-item="' + key + '"]:checked');
      var raw = picked ? picked.value : null;
      values[key] = raw !== null && /^[0-9]+$/.test(raw) ? Number(raw) : raw;
    });
    return values;
  }

  function render() {
    var r = score(read(), ulcerBox.checked);
    live.innerHTML = r.error ?
      '<div class="cn-vl-summary"><p class="cn-vl-error" role="alert">Cannot score this: ' +
      esc(r.error) + "</p></div>" :
      '<div class="cn-vl-summary" data-score="' + r.score + '" data-severity="' + r.severity +
      '"><p><strong>' + esc(r.text) + "</strong></p><p>Bands: " + esc(bandsText()) + ". " +
      esc(rules.ulcer.rule) + "</p></div>";
  }

  section.querySelector(".cn-vl-reset").addEventListener("click", function () {
    section.querySelectorAll('input[data-item][value="0"]').forEach(function (r) {
      r.checked = true;
    });
    ulcerBox.checked = false;
    render();
  });
  section.addEventListener("change", render);
  window.cnVillalta = {score: score, rules: rules};
  render();
}());
