// Fagan's nomogram in the page: Bayes in odds form, the sentence and the reading's line, by the
// same rules as helpers.pathway (fagan_reading, FaganReading.sentence) and pathway_views (fagan_alt, fagan_svg)
// and helpers.diagnosis.post_test_probability. The scales and results come from Python
// (pathway_views.fagan_model). Runs in the page only; nothing is stored or sent.
(function () {
  "use strict";
  window.CNExplorerModels = window.CNExplorerModels || {};

  function logit(p) { return Math.log(p / (1 - p)); }

  function postTest(p, lr) {                       // diagnosis.post_test_probability
    if (p === 1) { return 1; }
    var odds = p / (1.0 - p) * lr;
    return odds === Infinity ? 1 : odds / (1.0 + odds);
  }

  window.CNExplorerModels.fagan = function (values, model, h) {
    var result = model.results[values.result];
    var p = values.pretest / 100, lr = result.lr, post = postTest(p, lr);
    function pct(x) { return h.fixed(x * 100, 1) + "%"; }
    var change = post > p ? "raises" : post < p ? "lowers" : "leaves";
    var text = "Pre-test probability " + pct(p) + ", likelihood ratio " + h.fixed(lr, 2) +
      " (" + result.label + "): Bayes in odds form " + change +
      " it to a post-test probability of " + pct(post) + ".";
    var alt = "Fagan nomogram: three vertical scales, pre-test probability on the left (0.5% " +
      "at the top to 99.5% at the bottom), likelihood ratio in the middle (0.001 to " +
      "1000) and post-test probability on the right (0.5% at the bottom to 99.5% at " +
      "the top). A straight line from a pre-test probability of " + pct(p) +
      " through a likelihood ratio of " + h.fixed(lr, 2) + " for " + result.label +
      " reaches a post-test probability of " + pct(post) + ".";
    var width = model.size[0], height = model.size[1], limit = model.y_limit;
    var top = 50, bottom = height - 20, left = 90, right = width - 90;
    function px(x) { return left + x * (right - left); }
    function py(y) { return top + (limit - y) / (2 * limit) * (bottom - top); }
    function c(v) { return h.fixed(v, 1); }
    var leftY = -logit(p), middleY = Math.log(lr) / 2;
    var rightY = post >= 1 ? Infinity : post <= 0 ? -Infinity : logit(post);
    var end = Math.max(-limit, Math.min(limit, rightY));
    var xEnd = end === rightY ? 1.0 : (end - leftY) / (2 * (middleY - leftY));
    var colour = model.colour, label = h.esc(alt);
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + width + " " + height +
      '" width="' + width + '" height="' + height + '" role="img" aria-label="' + label +
      '" style="background:#fff;font-family:sans-serif;font-size:12px;max-width:100%;' +
      'height:auto"><title>' + label + "</title>" + model.axes +
      '<line x1="' + c(px(0)) + '" y1="' + c(py(leftY)) + '" x2="' + c(px(xEnd)) + '" y2="' +
      c(py(end)) + '" stroke="' + colour + '" stroke-width="3" stroke-dasharray="8 4"/>' +
      '<circle cx="' + c(px(0)) + '" cy="' + c(py(leftY)) + '" r="5" fill="' + colour + '"/>' +
      '<circle cx="' + c(px(0.5)) + '" cy="' + c(py(middleY)) + '" r="4" fill="' + colour +
      '"/><circle cx="' + c(px(xEnd)) + '" cy="' + c(py(end)) + '" r="5" fill="' + colour +
      '"/></svg>';
    return {text: text, notes: [], chart: null, alt: alt, alt_lead: "", error: false,
            html: svg};
  };
}());
