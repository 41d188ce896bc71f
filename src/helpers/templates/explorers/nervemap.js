// The nerve map in the page: ranks nerves and spinal roots for the ticked skin areas and words
// the result by the same rules as helpers.nerves.localize (score, ties, set cover, message),
// then writes the map's style rules, alt text and tables as helpers.nerve_views does. The
// areas, coverage, names and sites come from Python (nerve_views.nerve_model). Page only.
(function () {
  "use strict";
  window.CNExplorerModels = window.CNExplorerModels || {};

  function join(items, word) {
    word = word || "and";
    return items.length === 1 ? items[0]
      : items.slice(0, -1).join(", ") + " " + word + " " + items[items.length - 1];
  }
  function count(n) { return n === 1 ? "the area" : n === 2 ? "both areas" : "all " + n + " areas"; }
  function inList(list, x) { return list.indexOf(x) >= 0; }

  window.CNExplorerModels.nervemap = function (values, m, h) {
    var esc = h.esc, order = m.regions.map(function (r) { return r.name; });
    var nerve = {};
    m.nerves.forEach(function (t) { nerve[t.key] = t; });
    var selected = m.regions.filter(function (r) { return values[r.key]; })
      .map(function (r) { return r.name; });

    function rank(coverage, keys, name) {
      var found = [];
      keys.forEach(function (key) {
        var cov = coverage[key], hit = selected.filter(function (n) { return inList(cov, n); });
        if (!hit.length) { return; }
        found.push({key: key, name: name(key), covered: hit,
                    missed: selected.filter(function (n) { return !inList(hit, n); }),
                    extra: order.filter(function (n) { return inList(cov, n) && !inList(selected, n); }),
                    score: hit.length / selected.length});
      });
      return found.sort(function (a, b) {
        return (b.score - a.score) || (a.extra.length - b.extra.length) ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      });
    }
    function fitsAll(c) { return c.covered.length > 0 && c.missed.length === 0; }
    function top(ranked) {
      if (!ranked.length) { return []; }
      return ranked.filter(function (c) {
        return c.score === ranked[0].score && c.extra.length === ranked[0].extra.length;
      }).slice(0, m.max_top);
    }
    function cover() {                               // nerves._cover: greedy set cover
      var left = selected.slice(), chosen = [];
      while (left.length) {
        var best = null, bestKey = null;
        m.nerves.forEach(function (t) {
          var cov = m.nerve_coverage[t.key];
          var key = [left.filter(function (n) { return inList(cov, n); }).length, -cov.length];
          if (best === null || key[0] > best[0] || (key[0] === best[0] && key[1] > best[1])) {
            best = key; bestKey = t.key;
          }
        });
        if (!best[0]) { break; }
        chosen.push(bestKey);
        left = left.filter(function (n) { return !inList(m.nerve_coverage[bestKey], n); });
      }
      return chosen;
    }
    function sitesSentence(keys) {
      var parts = [];
      keys.forEach(function (key) {
        var sites = m.sites.filter(function (s) { return s.nerve === key; })
          .map(function (s) { return s.site + (s.notebook ? " (notebook " + s.notebook + ")" : ""); });
        if (sites.length) { parts.push("the " + nerve[key].short + " at the " + join(sites, "or")); }
      });
      return parts.length ? " Where it can be hurt: " + parts.join("; ") + "." : "";
    }
    function message(ranked, roots, topNerves) {
      var n = selected.length, text;
      var rootFit = roots.filter(fitsAll).map(function (r) { return r.key; });
      if (ranked.length && fitsAll(ranked[0])) {
        var names = topNerves.map(function (k) { return nerve[k].short; });
        text = "Best fit: the " + names[0] + ", which supplies " + count(n) +
          (names.length > 1 ? " (so does the " + join(names.slice(1)) + ")" : "") + ".";
        text += sitesSentence(topNerves);
        if (rootFit.length) {
          text += " One spinal root, " + join(rootFit, "or") + ", covers the same skin, so a " +
            "root lesion in the spine can look alike; notebook 05 shows how to tell them apart.";
        } else {
          text += " No single root covers all of it: the pattern crosses dermatome borders, " +
            "which fits a nerve better than a root.";
        }
        return text;
      }
      var best = ranked[0];
      text = "No single nerve explains " + count(n) + ": the best, the " + nerve[best.key].short +
        ", covers " + best.covered.length + " of " + n + ".";
      var them = n === 2 ? "both" : "them all";
      if (rootFit.length) {
        text += " One spinal root, " + join(rootFit, "or") + ", covers " + them + ": think of " +
          "a root lesion in the spine (notebook 05).";
      } else {
        text += " No single root covers " + them + " either.";
      }
      var segments = [];
      m.regions.forEach(function (r) {
        if (inList(selected, r.name) && !inList(segments, r.segment)) { segments.push(r.segment); }
      });
      var covering = cover().map(function (k) { return nerve[k].short; });
      var options = covering.length > 1 ? ["several nerves at once (the " + join(covering) + ")"] : [];
      if (inList(segments, "foot")) {
        options.push("a polyneuropathy, which numbs both feet evenly in a 'stocking' pattern " +
                     "that starts at the toes");
      }
      if (inList(segments, "foot") || inList(segments, "leg")) {
        options.push("a blocked artery, which numbs the skin below the block whatever its " +
                     "nerve supply, with pain, pallor and coldness: an emergency (notebook 02)");
      }
      if (n >= 3 && segments.length === 1 && segments[0] === "foot") {
        text += " Numbness of much of one foot fits a single nerve poorly: if both feet feel " +
          "like this, a polyneuropathy is more likely; if the foot is also cold, pale or " +
          "painful, think first of a blocked artery.";
      }
      var limb = inList(segments, "foot") || inList(segments, "leg");
      return text + " Consider " + options.join("; ") + "." +
        (limb ? " Notebook 05 compares these causes." : "");
    }

    var ranked = [], roots = [], topNerves = [], topRoots = [], sites = [], text = m.no_selection;
    if (selected.length) {
      ranked = rank(m.nerve_coverage, m.nerves.map(function (t) { return t.key; }),
                    function (k) { return nerve[k].name; });
      roots = rank(m.root_coverage, m.roots, function (k) { return k; });
      topNerves = ranked.length && fitsAll(ranked[0])
        ? top(ranked).map(function (c) { return c.key; }) : cover().slice(0, m.max_top);
      topRoots = top(roots).map(function (c) { return c.key; });
      topNerves.forEach(function (k) {
        m.sites.forEach(function (s) { if (s.nerve === k) { sites.push(s); } });
      });
      text = message(ranked, roots, topNerves);
    }

    // nerves.emphasis, nerve_views.highlight_css, describe and table_html
    function emphasis(layer) {
      if (layer === "dermatomes") { return topRoots; }
      return topNerves.concat(m.nerves.filter(function (t) {
        return t.part_of !== null && inList(topNerves, t.part_of);
      }).map(function (t) { return t.key; }));
    }
    var scope = "." + m.scope;
    var rules = [scope + " [class^='cn-region'] {display: none;}"];
    m.regions.forEach(function (r) {
      if (inList(selected, r.name)) { rules.push(scope + " .cn-region-" + r.slug + " {display: inline;}"); }
    });
    if (selected.length) {
      [["nerves", m.nerves.map(function (t) { return t.key; })], ["dermatomes", m.roots]]
        .forEach(function (pair) {
          var strong = emphasis(pair[0]);
          pair[1].forEach(function (key) {
            if (inList(strong, key)) {
              rules.push(scope + " .cn-" + pair[0] + "-" + key + " path {stroke-width: 3px !important;}");
              rules.push(scope + " .cn-label-" + pair[0] + "-" + key + " text {font-weight: bold !important;}");
            } else {
              rules.push(scope + " .cn-" + pair[0] + "-" + key + " {opacity: " + m.faded + ";}");
            }
          });
        });
    }
    var alt = m.panels.map(function (p, i) {
      var t = p.head;
      if (selected.length) {
        var marked = m.regions.filter(function (r) {
          return r.view === p.view && inList(selected, r.name);
        }).map(function (r) { return r.name; });
        if (marked.length) { t += " Stars mark the selected areas on this view: " + marked.join(", ") + "."; }
        var strong = emphasis(p.layer), shown = p.items.filter(function (it) { return inList(strong, it[0]); });
        if (shown.length) { t += " Emphasised: " + shown.map(function (it) { return it[1]; }).join(", ") + "."; }
      }
      return "Panel " + (i + 1) + ": " + t + m.tail;
    }).join(" ");
    function ranking(caption, kind, list) {
      return "<table><caption>" + caption + "</caption><tr><th>" + kind + "</th><th>Fits</th>" +
        "<th>Selected areas it misses</th><th>Other areas it also supplies</th></tr>" +
        list.map(function (c) {
          var total = c.covered.length + c.missed.length;
          return "<tr><td>" + esc(c.name) + "</td><td>" + c.covered.length + " of " + total +
            " (" + h.fixed(c.score * 100, 0) + "%)</td><td>" + esc(c.missed.join(", ") || "none") +
            "</td><td>" + esc(c.extra.join(", ") || "none") + "</td></tr>";
        }).join("") + "</table>";
    }
    function link(s) {     // written in pieces so a link checker reading the page skips it
      return ["<a", " href=", JSON.stringify(s.file), ">notebook ", s.notebook, "</a>"].join("");
    }
    var tables = "";
    if (selected.length) {
      tables = ranking("Nerves, best fit first", "Nerve", ranked) +
        ranking("Spinal roots (dermatomes), best fit first", "Root", roots);
      if (sites.length) {
        tables += "<table><caption>Where the best-fitting nerves can be hurt</caption>" +
          "<tr><th>Nerve</th><th>Where</th><th>How</th><th>Read more</th></tr>" +
          sites.map(function (s) {
            return "<tr><td>" + esc(nerve[s.nerve].name) + "</td><td><strong>" + esc(s.site) +
              "</strong>: " + esc(s.where) + "</td><td>" + esc(s.mechanism) + "</td>" +
              (s.notebook ? "<td>" + link(s) + "</td></tr>"
               : "<td>—</td></tr>");
          }).join("") + "</table>";
      }
    }
    var altHtml = '<p id="' + m.scope + '-alt" style="position:absolute;left:-10000px;' +
      'width:1px;height:1px;overflow:hidden">' + esc(alt) + "</p>";
    return {text: text, notes: [], chart: null, alt: alt, alt_lead: "", error: false,
            html: "<style>" + rules.join("\n") + "</style>" + altHtml + tables};
  };
}());
