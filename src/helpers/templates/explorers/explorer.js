// The static form of a course explorer (helpers.display.Explorer): reads the labelled controls,
// looks the setting up in the grid Python computed (or asks a closed-form model script), and
// draws the chart as SVG with the same rules as helpers.display.chart_svg. Runs in the page only;
// nothing is stored or sent.
(function () {
  "use strict";
  var section = document.currentScript.closest(".cn-explorer");
  var data = JSON.parse(section.querySelector(".cn-ex-data").textContent);
  if (data.grid_gz) {                 // gzipped JSON as base64: inflate it, then start
    var bytes = Uint8Array.from(atob(data.grid_gz), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    new Response(stream).text().then(function (text) {
      data.grid = JSON.parse(text);
      start();
    });
  } else {
    start();
  }
  function start() {
    var statusBox = section.querySelector(".cn-ex-status");
    var plotBox = section.querySelector(".cn-ex-plot");
    var LEVELS = 4095;
    var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    var DASH = {"": "", "dashed": "8 5", "dotted": "2 4", "dashdot": "9 4 2 4"};

    function esc(text) {
      return String(text).replace(/[&<>"']/g, function (c) {
        return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}[c];
      });
    }
    function f(v) { return (Math.floor(v * 10 + 0.5) / 10).toFixed(1); }
    function unpack(p) {
      var out = [], text = p.v;
      for (var i = 0; i < text.length; i += 2) {
        var code = ALPHABET.indexOf(text[i]) * 64 + ALPHABET.indexOf(text[i + 1]);
        out.push(code / LEVELS * p.top);
      }
      return out;
    }
    function pack(values) {
      var top = Math.max(Math.max.apply(null, values), 0), scale = top > 0 ? top : 1, v = "";
      values.forEach(function (x) {
        var c = Math.min(LEVELS, Math.max(0, Math.floor(x / scale * LEVELS + 0.5)));
        v += ALPHABET[c >> 6] + ALPHABET[c & 63];
      });
      return {top: Number(top.toPrecision(6)), v: v};
    }
    // Python's number formats, for frames built in the page (closed-form models).
    function fixed0(x) {                    // f"{x:.0f}": ties go to the even neighbour
      var m = Math.abs(x);
      if (m % 1 === 0.5) {
        var r = Math.floor(m);
        if (r % 2 === 1) { r += 1; }
        return (x < 0 ? "-" : "") + r;
      }
      return x.toFixed(0);
    }
    function percent0(x) { return fixed0(x * 100) + "%"; }
    // f"{x:.{digits}f}": the exact binary value rounded half to even (toFixed rounds ties up).
    function fixed(x, digits) {
      var sign = x < 0 || Object.is(x, -0) ? "-" : "", text = Math.abs(x).toFixed(100);
      var point = text.indexOf("."), rest = text.slice(point + 1 + digits);
      var kept = (text.slice(0, point) + text.slice(point + 1, point + 1 + digits)).split("")
        .map(Number);
      var up = rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) ||
                                                     kept[kept.length - 1] % 2 === 1));
      for (var i = kept.length - 1; up && i >= 0; i--) {
        kept[i] += 1;
        up = kept[i] === 10;
        if (up) { kept[i] = 0; }
      }
      var all = (up ? "1" : "") + kept.join(""), cut = all.length - digits;
      var whole = all.slice(0, cut).replace(/^0+(?=\d)/, "");
      return sign + whole + (digits > 0 ? "." + all.slice(cut) : "");
    }
    function pyRepr(v) {
      if (typeof v === "string") { return "'" + v + "'"; }
      if (typeof v === "number" && Number.isInteger(v) && Math.abs(v) < 1e16) { return v + ".0"; }
      if (typeof v === "number" && Number.isNaN(v)) { return "nan"; }
      return String(v);
    }
    function tickStep(top) {
      var power = Math.pow(10, Math.floor(Math.log10(top)));
      var steps = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10];
      for (var i = 0; i < steps.length; i++) {
        if (top / (steps[i] * power) <= 8) { return steps[i] * power; }
      }
      return 10 * power;
    }
    function niceTop(v) {
      if (v <= 0) { return 1.0; }
      var step = tickStep(v);
      return Number((Math.ceil(v / step - 1e-9) * step).toPrecision(6));
    }
    function ticks(top) {
      var step = tickStep(top), out = [];
      for (var i = 0; i <= Math.round(top / step); i++) {
        var v = Number((i * step).toPrecision(6));
        out.push([v, String(Number(v.toPrecision(3)))]);
      }
      return out;
    }
    var tools = {
      pack: pack, fixed0: fixed0, percent0: percent0, fixed: fixed, esc: esc, pyRepr: pyRepr, niceTop: niceTop,
      ticks: ticks,
      series: function (values, x0, x1, label, colour, dash) {
        return {x0: x0, x1: x1, y: pack(values), label: label, colour: colour, dash: dash};
      },
      error: function (message) {
        return {text: message, notes: [], chart: null, alt: "", alt_lead: "", error: true};
      }
    };
    function curve(y) { return typeof y === "number" ? data.grid.curves[y] : y; }

    // One layout for every screen (see helpers.display): 400 units wide, drawn at up to 520 px;
    // every label outside the plot area (legend rows below, a mark's label above the plot).
    var WIDTH = 400, NATURAL_WIDTH = 520, PLOT_HEIGHT = 170, LEGEND_ROW = 18, CHAR_WIDTH = 6.8;
    var LEFT = 52, RIGHT = 388;
    function legendItems(p) {
      var items = p.lines.map(function (l) { return ["line", l.label, l.colour, l.dash]; });
      if (p.hline) { items.push(["hline", p.hline[1], "", ""]); }
      if (p.band) { items.push(["band", p.band[2], "", ""]); }
      if (p.hatch) { items.push(["hatch", p.hatch[1], "", ""]); }
      if (p.dot) { items.push(["dot", p.dot[2], "", ""]); }
      return items;
    }
    function legendRows(p) {
      var rows = [], x = 0;
      legendItems(p).forEach(function (item) {
        var width = 28 + item[1].length * CHAR_WIDTH;
        if (!rows.length || x + width > WIDTH - 4) { rows.push([]); x = 8; }
        rows[rows.length - 1].push([x, item]);
        x += width + 14;
      });
      return rows;
    }
    function plotTop(p) { return p.marks.length ? 28 : 12; }
    function panelHeight(p) {
      return plotTop(p) + PLOT_HEIGHT + 46 + legendRows(p).length * LEGEND_ROW + 4;
    }
    function swatch(kind, colour, dash, x, y) {
      if (kind === "line") {
        var d = DASH[dash] ? ' stroke-dasharray="' + DASH[dash] + '"' : "";
        return '<line x1="' + f(x) + '" y1="' + f(y) + '" x2="' + f(x + 22) + '" y2="' + f(y) +
          '" stroke="' + colour + '" stroke-width="2.2"' + d + "/>";
      }
      if (kind === "hline") {
        return '<line x1="' + f(x) + '" y1="' + f(y) + '" x2="' + f(x + 22) + '" y2="' + f(y) +
          '" stroke="#d55e00" stroke-width="2" stroke-dasharray="2 4"/>';
      }
      if (kind === "band") {
        return '<rect x="' + f(x) + '" y="' + f(y - 6) + '" width="22" height="12" ' +
          'fill="#009e73" fill-opacity="0.15" stroke="#009e73" stroke-dasharray="4 3"/>';
      }
      if (kind === "hatch") {
        return '<rect x="' + f(x) + '" y="' + f(y - 6) + '" width="22" height="12" ' +
          'fill="url(#cn-hatch)" stroke="#d55e00" stroke-opacity="0.5"/>';
      }
      return '<circle cx="' + f(x + 11) + '" cy="' + f(y) + '" r="5" fill="#000"/>';
    }

    function panelSvg(p) {
      var left = LEFT, right = RIGHT, top = plotTop(p), bottom = top + PLOT_HEIGHT;
      var x0 = p.x[0], x1 = p.x[1], ytop = p.ytop, out = [];
      function px(x) { return left + (x - x0) / (x1 - x0) * (right - left); }
      function py(y) { return bottom - Math.min(Math.max(y, 0), ytop) / ytop * (bottom - top); }
      if (p.band) {
        var y0 = py(p.band[1]), y1 = py(p.band[0]);
        out.push('<rect x="' + f(left) + '" y="' + f(y0) + '" width="' + f(right - left) +
          '" height="' + f(y1 - y0) + '" fill="#009e73" fill-opacity="0.15" stroke="#009e73" ' +
          'stroke-dasharray="4 3"/>');
      }
      if (p.hatch) {
        var hx = px(p.hatch[0]);
        out.push('<rect x="' + f(hx) + '" y="' + f(top) + '" width="' + f(right - hx) +
          '" height="' + f(bottom - top) + '" fill="url(#cn-hatch)" stroke="none"/>');
      }
      out.push('<line x1="' + f(left) + '" y1="' + f(bottom) + '" x2="' + f(right) + '" y2="' +
        f(bottom) + '" stroke="#000"/><line x1="' + f(left) + '" y1="' + f(top) + '" x2="' +
        f(left) + '" y2="' + f(bottom) + '" stroke="#000"/>');
      p.xticks.forEach(function (t) {
        out.push('<line x1="' + f(px(t[0])) + '" y1="' + f(bottom) + '" x2="' + f(px(t[0])) +
          '" y2="' + f(bottom + 4) + '" stroke="#000"/><text class="cn-tick" x="' +
          f(px(t[0])) + '" y="' + f(bottom + 17) + '" text-anchor="middle">' + esc(t[1]) +
          "</text>");
      });
      out.push('<text x="' + f((left + right) / 2) + '" y="' + f(bottom + 36) +
        '" text-anchor="middle">' + esc(p.xlabel) + "</text>");
      p.yticks.forEach(function (t) {
        out.push('<line x1="' + f(left - 4) + '" y1="' + f(py(t[0])) + '" x2="' + f(left) +
          '" y2="' + f(py(t[0])) + '" stroke="#000"/><text class="cn-tick" x="' + f(left - 6) +
          '" y="' + f(py(t[0]) + 4) + '" text-anchor="end">' + esc(t[1]) + "</text>");
      });
      var mid = (top + bottom) / 2;
      out.push('<text x="12" y="' + f(mid) + '" text-anchor="middle" transform="rotate(-90 12 ' +
        f(mid) + ')">' + esc(p.ylabel) + "</text>");
      if (p.hline) {
        var hy = py(p.hline[0]);
        out.push('<line x1="' + f(left) + '" y1="' + f(hy) + '" x2="' + f(right) + '" y2="' +
          f(hy) + '" stroke="#d55e00" stroke-width="2" stroke-dasharray="2 4"/>');
      }
      p.marks.forEach(function (m) {
        var mx = px(m[0]), rightHalf = mx > (left + right) / 2;   // label on the side with room
        out.push('<line x1="' + f(mx) + '" y1="' + f(top - 12) + '" x2="' + f(mx) + '" y2="' +
          f(bottom) + '" stroke="#555" stroke-dasharray="3 3"/><text x="' +
          f(rightHalf ? mx - 4 : mx + 4) + '" y="' + f(top - 4) + '" text-anchor="' +
          (rightHalf ? "end" : "start") + '">' + esc(m[1]) + "</text>");
      });
      p.lines.forEach(function (line) {
        var ys = unpack(curve(line.y)), n = ys.length, step = (line.x1 - line.x0) / (n - 1);
        var pts = ys.map(function (y, i) { return f(px(line.x0 + i * step)) + "," + f(py(y)); });
        var dash = DASH[line.dash], dashAttr = dash ? ' stroke-dasharray="' + dash + '"' : "";
        out.push('<polyline class="cn-curve" points="' + pts.join(" ") +
          '" fill="none" stroke="' + line.colour + '" stroke-width="2.2"' + dashAttr + "/>");
      });
      if (p.dot) {
        out.push('<circle cx="' + f(px(p.dot[0])) + '" cy="' + f(py(p.dot[1])) +
          '" r="6" fill="#000"/>');
      }
      out.push('<g class="cn-legend">');
      legendRows(p).forEach(function (row, r) {
        var y = bottom + 56 + r * LEGEND_ROW;
        row.forEach(function (entry) {
          var x = entry[0], it = entry[1];
          out.push(swatch(it[0], it[2], it[3], x, y) + '<text x="' + f(x + 28) + '" y="' +
            f(y + 4) + '">' + esc(it[1]) + "</text>");
        });
      });
      out.push("</g>");
      return out.join("");
    }

    function svg(chart, alt) {
      var y = 0, body = chart.panels.map(function (p) {
        var g = '<g transform="translate(0 ' + f(y) + ')">' + panelSvg(p) + "</g>";
        y += panelHeight(p);
        return g;
      }).join("");
      return '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + WIDTH + " " + f(y) +
        '" width="' + NATURAL_WIDTH + '" height="' + f(NATURAL_WIDTH * y / WIDTH) +
        '" role="img" aria-label="' + esc(alt) + '" class="cn-chart" ' +
        'style="background:#fff;font-family:sans-serif;font-size:12px;max-width:100%;' +
        'height:auto"><defs><pattern id="cn-hatch" width="8" height="8" ' +
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line x1="0" y1="0" ' +
        'x2="0" y2="8" stroke="#d55e00" stroke-width="2" stroke-opacity="0.5"/></pattern>' +
        "</defs><title>" + esc(alt) + "</title>" + body + "</svg>";
    }

    function alt(frame) { return frame.alt || frame.alt_lead + " " + frame.text; }
    function statusHtml(frame) {
      var notes = (frame.notes || []).map(function (n) { return "<br><em>" + esc(n) + "</em>"; });
      return '<p class="cn-status" aria-live="polite">' + (frame.error ? "⚠ " : "") +
        esc(frame.text) + notes.join("") + "</p>";
    }

    // --- the controls ---------------------------------------------------------------------------
    var inputs = {};
    data.controls.forEach(function (c) {
      inputs[c.key] = section.querySelector('[data-key="' + c.key + '"]');
    });
    function options(c, vals) {
      if (c.type === "toggle") { return [["off", false], ["on", true]]; }
      if (c.depends_on) { return c.options_for[JSON.stringify(vals[c.depends_on])]; }
      return c.options;
    }
    function read() {
      var vals = {}, indices = {};
      data.controls.forEach(function (c) {
        var el = inputs[c.key];
        if (c.type === "number") {
          vals[c.key] = el.value === "" ? el.value : Number(el.value);
          return;
        }
        var i = c.type === "toggle" ? (el.checked ? 1 : 0) : Number(el.value);
        indices[c.key] = i;
        vals[c.key] = options(c, vals)[i][1];
      });
      return {values: vals, indices: indices};
    }
    // A grid frame is a row: its shape's number, then the values that differ from the base.
    function build(row) {
      var shape = data.grid.shapes[row[0]], vals = shape.base.slice(), root = {};
      shape.vary.forEach(function (j, k) {
        vals[j] = shape.strings.indexOf(j) >= 0 ? data.grid.strings[row[k + 1]] : row[k + 1];
      });
      shape.paths.forEach(function (path, j) {
        var node = root;
        for (var i = 0; i < path.length - 1; i++) {
          if (node[path[i]] === undefined) {
            node[path[i]] = typeof path[i + 1] === "number" ? [] : {};
          }
          node = node[path[i]];
        }
        node[path[path.length - 1]] = vals[j];
      });
      return root;
    }
    function frameFor(state) {
      if (data.grid) {
        var node = data.grid.tree;
        data.controls.forEach(function (c) { node = node[state.indices[c.key]]; });
        return build(data.grid.frames[node]);
      }
      return window.CNExplorerModels[data.name](state.values, data.model, tools);
    }
    function update() {
      var state = read();
      data.controls.forEach(function (c) {
        var el = inputs[c.key];
        if (c.enabled_when) {
          var allowed = c.enabled_when[1].map(function (v) { return JSON.stringify(v); });
          el.disabled = allowed.indexOf(JSON.stringify(state.values[c.enabled_when[0]])) < 0;
        }
        if (c.type === "slider") {
          var label = c.options[state.indices[c.key]][0];
          el.setAttribute("aria-valuetext", label);
          var out = section.querySelector('output[for="' + el.id + '"]');
          if (out) { out.textContent = label; }
        }
      });
      var frame = frameFor(state);
      statusBox.innerHTML = statusHtml(frame);
      if (!frame.error) {
        plotBox.innerHTML = (frame.chart ? svg(frame.chart, alt(frame)) : "") + (frame.html || "");
      }
      section.dataset.state = JSON.stringify(state.values);
    }
    data.controls.forEach(function (c) {
      var el = inputs[c.key];
      el.addEventListener(c.type === "number" ? "input" : "change", function () {
        data.controls.forEach(function (d) {            // rebuild lists that depend on this one
          if (d.depends_on === c.key) {
            var opts = options(d, read().values), sel = inputs[d.key];
            sel.innerHTML = opts.map(function (o, i) {
              return '<option value="' + i + '">' + esc(o[0]) + "</option>";
            }).join("");
            sel.value = "0";
          }
        });
        update();
      });
      if (c.type === "slider") { el.addEventListener("input", update); }
    });
    section.cnExplorer = {svg: svg, statusHtml: statusHtml, alt: alt, frame: frameFor, read: read,
                          update: update, tools: tools};
    update();
    section.dataset.ready = "true";
  }
}());
