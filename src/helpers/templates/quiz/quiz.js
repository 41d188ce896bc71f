// The static self-check quiz: marks answers exactly as helpers.quiz.mark does, with no kernel.
// The rules (number syntax, messages) come from Python in the script tag's data-quiz-rules;
// each question's answer and explanation in its fieldset's data-question. A first wrong answer
// gets a hint and a second try; the learner can save their answers as a text file (a download
// made in the page: nothing is sent).
(function () {
  "use strict";
  var rules = JSON.parse(document.currentScript.dataset.quizRules);
  var space = "[" + rules.space + "]";
  var trimmer = new RegExp("^" + space + "+|" + space + "+$", "g");
  var number = new RegExp("^(?:" + rules.number + ")$");
  var script = document.currentScript;

  function trim(text) { return text.replace(trimmer, ""); }
  function isIndex(x) { return typeof x === "number" && Number.isInteger(x); }

  function parseNumber(response) {
    var value = null;
    if (typeof response === "string") {
      var text = trim(response);
      if (!number.test(text)) { return null; }
      value = Number(text.replace(/,/g, "."));
    } else if (typeof response === "number") {
      value = response;
    }
    return value !== null && isFinite(value) ? value : null;
  }

  function notANumber(response) {
    if (typeof response === "string") {      // the first 40 characters, as Python slices them
      return "\u201c" + Array.from(response).slice(0, 40).join("") + "\u201d " +
             rules.notANumber;
    }
    return "That " + rules.notANumber;
  }

  function reveal(q) { return "The answer is " + q.answerText + ". " + q.explain; }

  // q: {kind, answer, options, tolerance, answerText, explain, hint}; attempt: 1 for the first
  // readable answer (helpers.quiz.mark's argument); returns {correct, message}.
  function mark(q, response, attempt) {
    var correct, nudge = "";
    if (attempt === undefined) { attempt = 1; }
    if (response === null || response === undefined ||
        (typeof response === "string" && trim(response) === "")) {
      return {correct: null, message: rules.empty};
    }
    if (q.kind === "numeric") {
      var value = parseNumber(response);
      if (value === null) { return {correct: null, message: notANumber(response)}; }
      correct = Math.abs(value - q.answer) <= q.tolerance;
      nudge = (value > q.answer ? rules.tooHigh : rules.tooLow) + " ";
    } else if (q.kind === "true_false") {
      if (typeof response === "boolean") {
        correct = response === q.answer;
      } else if (isIndex(response) && (response === 0 || response === 1)) {
        correct = (response === 0) === q.answer;          // option 0 is "True"
      } else {
        return {correct: null, message: rules.choose};
      }
    } else {
      if (!(isIndex(response) && response >= 0 && response < q.options)) {
        return {correct: null, message: rules.choose};
      }
      correct = response === q.answer;
    }
    if (correct) { return {correct: true, message: "Correct. " + q.explain}; }
    if (attempt < rules.tries) {
      return {correct: false, message: "Not quite. " + nudge + q.hint + " " + rules.again};
    }
    return {correct: false, message: "Not quite. " + reveal(q)};
  }

  // The learner's answer as they saw it (helpers.quiz.shown_response).
  function shownResponse(q, response) {
    if (q.kind === "numeric") { return trim(String(response)); }
    if (typeof response === "boolean") { response = response ? 0 : 1; }
    return q.choices[response];
  }

  // The file to hand in, line for line as helpers.quiz.results_text writes it.
  function resultsText(meta, questions, progress) {
    var done = progress.map(function (p) {
      return p || {response: "", tries: 0, correct: null, shown: false};
    });
    var right = done.filter(function (p) { return p.correct; }).length;
    var first = done.filter(function (p) { return p.correct && p.tries === 1; }).length;
    var lines = ["Clots & Nerves \u00b7 " + meta.title, "Notebook " + meta.notebook,
                 "Correct: " + right + " of " + done.length + " (at the first try: " + first + ")",
                 ""];
    questions.forEach(function (q, i) {
      var p = done[i], status;
      if (p.tries === 0) {
        status = "Not answered";
      } else {
        status = (p.correct ? "Correct" : "Not correct") + " \u00b7 answers checked: " + p.tries;
      }
      if (p.shown) { status += " \u00b7 answer shown"; }
      lines.push((i + 1) + ". " + q.prompt, "   Your answer: " + (p.response || "(none)"),
                 "   " + status, "");
    });
    return lines.join("\n");
  }

  // A question's marking record; its prompt and options are read from the form itself.
  function question(fieldset) {
    var q = JSON.parse(fieldset.dataset.question);
    q.prompt = fieldset.querySelector("legend").textContent.replace(/^\d+\.\s/, "");
    q.choices = Array.prototype.map.call(
      fieldset.querySelectorAll("input[type=radio] + label"),
      function (label) { return label.textContent; });
    return q;
  }

  window.cnQuiz = {
    mark: mark,
    resultsText: resultsText,
    // Mark by the question's element id, for tests that compare with Python.
    markById: function (id, response, attempt) {
      return mark(question(document.getElementById(id)), response, attempt);
    }
  };

  var section = script.closest("section.cn-quiz");
  if (!section || section.hasAttribute("data-ready")) { return; }
  section.setAttribute("data-ready", "1");
  var meta = JSON.parse(section.dataset.quiz);
  var fieldsets = Array.prototype.slice.call(section.querySelectorAll("fieldset.cn-question"));
  var progress = fieldsets.map(function () {
    return {response: "", tries: 0, correct: null, shown: false};
  });

  fieldsets.forEach(function (q, i) {
    var out = q.querySelector(".cn-feedback"), record = question(q), p = progress[i];
    q.querySelector("button").addEventListener("click", function () {
      var response = null;
      if (record.kind === "numeric") {
        response = q.querySelector("input").value;
      } else {
        var picked = q.querySelector("input:checked");
        response = picked ? Number(picked.value) : null;
      }
      var result = mark(record, response, p.tries + 1);
      if (result.correct !== null) {
        p.tries += 1;
        p.correct = result.correct;
        p.response = shownResponse(record, response);
      }
      out.textContent = result.message;
    });
    q.querySelector("details").addEventListener("toggle", function (event) {
      if (event.target.open) { p.shown = true; }
    });
  });

  section.querySelector(".cn-quiz-download button").addEventListener("click", function () {
    var text = resultsText(meta, fieldsets.map(question), progress);
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], {type: "text/plain;charset=utf-8"}));
    link.download = meta.file;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
  });
})();
