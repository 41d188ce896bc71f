// The comparison tool in the page: a case's features set against every cause of a numb leg by
// the same rules as helpers.differential.compare (only a sourced typical value counts: relation,
// verdict, ranking, messages) and drawn as differential_views.comparison_table_html draws it.
// Features, causes, close pairs and words come from Python (comparison_model). Page only.
(function () {
  "use strict";
  window.CNExplorerModels = window.CNExplorerModels || {};

  window.CNExplorerModels.comparison = function (values, model, h) {
    var esc = h.esc, features = model.features, U = model.unconfirmed,
      short = model.unconfirmed_short;
    function isClose(feature, a, b) {
      return model.close.some(function (c) {
        return c[0] === feature && ((c[1][0] === a && c[1][1] === b) ||
                                    (c[1][0] === b && c[1][1] === a));
      });
    }
    function isWild(feature, v) {
      return model.wildcards.some(function (w) { return w[0] === feature && w[1] === v; });
    }
    function relation(feature, mine, finding) {           // differential.relation
      if (!finding.confirmed) { return "unconfirmed"; }
      if (mine === finding.value || isWild(feature, mine) || isWild(feature, finding.value)) {
        return "match";
      }
      return isClose(feature, mine, finding.value) ? "close" : "conflict";
    }
    function lower(text) { return text.toLowerCase(); }
    var chosen = model.order.filter(function (k) {
      return values[k] !== null && values[k] !== undefined && values[k] !== "";
    });
    var fits = model.causes.map(function (cause, order) {   // differential.fit_cause
      var g = {match: [], close: [], conflict: [], unconfirmed: []};
      chosen.forEach(function (k) { g[relation(k, values[k], cause.findings[k])].push(k); });
      var counted = g.match.length + g.close.length + g.conflict.length;
      return {cause: cause, order: order, matching: g.match, close: g.close,
              conflicting: g.conflict, unconfirmed: g.unconfirmed,
              verdict: g.conflict.length ? "does_not_fit" : counted ? "fits" : "cannot_tell",
              score: g.match.length + 0.5 * g.close.length - g.conflict.length};
    });
    function describe(fit, k) {
      return lower(features[k].label) + ": typically " +
        lower(features[k].values[fit.cause.findings[k].value]);
    }
    function fitMessage(fit) {                    // differential.CauseFit.message
      var compared = fit.matching.length + fit.close.length + fit.conflicting.length, head;
      if (fit.verdict === "cannot_tell") {
        head = "Cannot tell: no feature you set has a sourced typical value for this cause.";
      } else if (fit.verdict === "fits" && !fit.close.length) {
        head = "Fits " + ({1: "the one sourced feature", 2: "both sourced features"}[compared] ||
                          "all " + compared + " sourced features") + " you set.";
      } else if (fit.verdict === "fits") {
        head = "Fits: " + fit.matching.length + " of " + compared +
          " sourced features match, the rest are close.";
      } else {
        head = "Does not fit: " + fit.conflicting.length + " of " + compared + " sourced " +
          "feature" + (compared !== 1 ? "s" : "") + " conflict.";
      }
      var parts = [head];
      if (fit.matching.length) {
        parts.push("For: " + fit.matching.map(function (k) { return lower(features[k].label); })
          .join(", ") + ".");
      }
      [["Close", fit.close], ["Against", fit.conflicting],
       ["Not counted (" + short + ")", fit.unconfirmed]].forEach(function (t) {
        if (t[1].length) {
          parts.push(t[0] + ": " + t[1].map(function (k) { return describe(fit, k); })
            .join("; ") + ".");
        }
      });
      return parts.join(" ");
    }
    function names(list) { return list.map(function (f) { return f.cause.name; }); }
    var message, ranked = fits;
    if (!chosen.length) {
      message = "Set at least one feature of the case (for example how fast it came on, or " +
        "the foot pulses) to compare it with the causes.";
    } else {
      ranked = fits.slice().sort(function (a, b) {
        return (a.conflicting.length - b.conflicting.length) || (b.score - a.score) ||
          (a.order - b.order);
      });
      var fitting = ranked.filter(function (f) { return f.verdict === "fits"; });
      if (fitting.length) {
        message = fitting.length + " of " + ranked.length + " causes fit the features you " +
          "set, counting only typical values confirmed by a source: " +
          names(fitting).join(", ") + ".";
      } else if (ranked.every(function (f) { return f.verdict === "cannot_tell"; })) {
        message = "No feature you set has a sourced typical value for any cause, so the " +
          "comparison cannot tell them apart: set another feature.";
      } else {
        var best = ranked.filter(function (f) { return f.verdict === "does_not_fit"; })[0];
        message = "No cause fits every sourced feature you set; the closest is " +
          best.cause.name + " (" + best.conflicting.length + " conflicting). Real cases are " +
          "often atypical, and two conditions can occur together.";
      }
      var untold = names(ranked.filter(function (f) { return f.verdict === "cannot_tell"; }));
      if (untold.length && untold.length < ranked.length) {
        message += " Cannot tell for " + untold.join(", ") + ": no feature you set has a " +
          "sourced typical value for " + (untold.length === 1 ? "it" : "them") + ".";
      }
      if (ranked.some(function (f) { return f.unconfirmed.length; })) {
        message += " Typical values " + U + " are shown as " + short + " and never counted " +
          "for or against a cause.";
      }
      var emergencies = names(fitting.filter(function (f) {
        return f.cause.urgency === "emergency";
      }));
      if (emergencies.length) {
        message += " ⚠ If it could be " + emergencies.join(" or ") + ", it is an emergency: " +
          "call your local emergency number.";
      }
    }
    var left = 'style="text-align:left;vertical-align:top"', table = "";
    if (chosen.length) {
      table = '<table class="cn-compare"><thead><tr>' + ["Rank", "Cause", "Fits?", "Why"]
        .map(function (t) { return '<th scope="col" ' + left + ">" + t + "</th>"; }).join("") +
        "</tr></thead><tbody>" + ranked.map(function (f, i) {
          return "<tr><td " + left + ">" + (i + 1) + "</td><td " + left + ">" +
            esc(f.cause.name) + "</td><td " + left + ">" + model.verdicts[f.verdict] +
            "</td><td " + left + ">" + esc(fitMessage(f)) + "</td></tr>";
        }).join("") + "</tbody></table>";
    }
    return {text: message, notes: [], chart: null, alt: "", alt_lead: "", error: false,
            html: table + "<p><em>" + esc(model.aid) + "</em></p>"};
  };
}());
