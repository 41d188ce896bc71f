// The comparison tool in the page: a case's features set against every cause of a numb leg by
// the same rules as helpers.differential.compare (match, close, conflict; ranking; messages) and
// drawn as helpers.differential_widgets.comparison_table_html draws it. The features, causes and
// close pairs come from Python (differential_widgets.comparison_model). Runs in the page only.
(function () {
  "use strict";
  window.CNExplorerModels = window.CNExplorerModels || {};

  window.CNExplorerModels.comparison = function (values, model, h) {
    var esc = h.esc, features = model.features, U = model.unconfirmed;
    function isClose(feature, a, b) {
      return model.close.some(function (c) {
        return c[0] === feature && ((c[1][0] === a && c[1][1] === b) ||
                                    (c[1][0] === b && c[1][1] === a));
      });
    }
    function isWild(feature, v) {
      return model.wildcards.some(function (w) { return w[0] === feature && w[1] === v; });
    }
    function relation(feature, mine, typical) {
      if (mine === typical || isWild(feature, mine) || isWild(feature, typical)) { return "match"; }
      return isClose(feature, mine, typical) ? "close" : "conflict";
    }
    function lower(text) { return text.toLowerCase(); }
    var chosen = model.order.filter(function (k) {
      return values[k] !== null && values[k] !== undefined && values[k] !== "";
    });
    var fits = model.causes.map(function (cause, order) {
      var g = {match: [], close: [], conflict: []};
      chosen.forEach(function (k) { g[relation(k, values[k], cause.findings[k].value)].push(k); });
      return {cause: cause, order: order, matching: g.match, close: g.close,
              conflicting: g.conflict,
              unconfirmed: chosen.filter(function (k) { return !cause.findings[k].confirmed; }),
              score: g.match.length + 0.5 * g.close.length - g.conflict.length};
    });
    function describe(fit, k) {
      var f = fit.cause.findings[k];
      return lower(features[k].label) + ": typically " + lower(features[k].values[f.value]) +
        (fit.unconfirmed.indexOf(k) >= 0 ? " " + U : "");
    }
    function fitMessage(fit) {                    // differential.CauseFit.message
      var compared = fit.matching.length + fit.close.length + fit.conflicting.length, head;
      var ok = fit.conflicting.length === 0;
      if (ok && fit.close.length === 0) {
        head = "Fits " + ({1: "the one feature", 2: "both features"}[compared] ||
                          "all " + compared + " features") + " you set.";
      } else if (ok) {
        head = "Fits: " + fit.matching.length + " of " + compared + " match, the rest are close.";
      } else {
        head = "Does not fit: " + fit.conflicting.length + " of " + compared + " feature" +
          (compared !== 1 ? "s" : "") + " conflict.";
      }
      var parts = [head];
      if (fit.matching.length) {
        parts.push("For: " + fit.matching.map(function (k) {
          return lower(features[k].label) + (fit.unconfirmed.indexOf(k) >= 0 ? " " + U : "");
        }).join(", ") + ".");
      }
      [["Close", fit.close], ["Against", fit.conflicting]].forEach(function (t) {
        if (t[1].length) {
          parts.push(t[0] + ": " + t[1].map(function (k) { return describe(fit, k); })
            .join("; ") + ".");
        }
      });
      return parts.join(" ");
    }
    var message, ranked = fits;
    if (!chosen.length) {
      message = "Set at least one feature of the case (for example how fast it came on, or " +
        "the foot pulses) to compare it with the causes.";
    } else {
      ranked = fits.slice().sort(function (a, b) {
        return (a.conflicting.length - b.conflicting.length) || (b.score - a.score) ||
          (a.order - b.order);
      });
      var fitting = ranked.filter(function (f) { return !f.conflicting.length; });
      if (fitting.length) {
        message = fitting.length + " of " + ranked.length + " causes fit every feature you " +
          "set: " + fitting.map(function (f) { return f.cause.name; }).join(", ") + ".";
      } else {
        message = "No cause fits every feature you set; the closest is " +
          ranked[0].cause.name + " (" + ranked[0].conflicting.length + " conflicting). Real " +
          "cases are often atypical, and two conditions can occur together.";
      }
      if (fitting.some(function (f) { return f.unconfirmed.length; })) {
        message += " Some typical values behind this are " + U.slice(1, -1) + ".";
      }
      var emergencies = fitting.filter(function (f) { return f.cause.urgency === "emergency"; })
        .map(function (f) { return f.cause.name; });
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
            esc(f.cause.name) + "</td><td " + left + ">" +
            (f.conflicting.length ? "✘ does not fit" : "✔ fits") + "</td><td " + left + ">" +
            esc(fitMessage(f)) + "</td></tr>";
        }).join("") + "</tbody></table>";
    }
    return {text: message, notes: [], chart: null, alt: "", alt_lead: "", error: false,
            html: table + "<p><em>" + esc(model.aid) + " " + model.disclaimer + "</em></p>"};
  };
}());
