// The static self-check quiz: marks answers exactly as helpers.quiz.mark does, with no kernel.
// The rules (number syntax, messages) come from Python in the script tag's data-quiz-rules;
// each question's answer and explanation in its fieldset's data-question. Nothing is sent.
(function () {
  "use strict";
  var rules = JSON.parse(document.currentScript.dataset.quizRules);
  var space = "[" + rules.space + "]";
  var trimmer = new RegExp("^" + space + "+|" + space + "+$", "g");
  var number = new RegExp("^(?:" + rules.number + ")$");

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

  // q: {kind, answer, options, tolerance, answerText, explain}; returns {correct, message}.
  function mark(q, response) {
    var correct;
    if (response === null || response === undefined ||
        (typeof response === "string" && trim(response) === "")) {
      return {correct: null, message: rules.empty};
    }
    if (q.kind === "numeric") {
      var value = parseNumber(response);
      if (value === null) { return {correct: null, message: notANumber(response)}; }
      correct = Math.abs(value - q.answer) <= q.tolerance;
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
    var verdict = correct ? "Correct." : "Not quite. The answer is " + q.answerText + ".";
    return {correct: correct, message: verdict + " " + q.explain};
  }

  function question(fieldset) { return JSON.parse(fieldset.dataset.question); }

  window.cnQuiz = {
    mark: mark,
    // Mark by the question's element id, for tests that compare with Python.
    markById: function (id, response) {
      return mark(question(document.getElementById(id)), response);
    }
  };

  document.querySelectorAll("fieldset.cn-question:not([data-ready])").forEach(function (q) {
    q.setAttribute("data-ready", "1");
    var out = q.querySelector(".cn-feedback");
    q.querySelector("button").addEventListener("click", function () {
      var record = question(q), response = null;
      if (record.kind === "numeric") {
        response = q.querySelector("input").value;
      } else {
        var picked = q.querySelector("input:checked");
        response = picked ? Number(picked.value) : null;
      }
      out.textContent = mark(record, response).message;
    });
  });
})();
