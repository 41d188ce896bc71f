// The compression explorer's model in the page: the closed-form chain of helpers.ischemia
// (obstruction -> venous -> capillary -> compartment pressure -> dP) from the same parameters,
// building the same frame as helpers.ischemia_views.compression_frame. Tests check that both
// agree on seeded samples; nothing is stored or sent.
(function () {
  "use strict";
  window.CNExplorerModels = window.CNExplorerModels || {};

  function state(o, dbp, p) {
    var upstream = p.precapillary_resistance + p.postcapillary_resistance;
    function venous(x) {
      var share = p.outflow_resistance / (p.outflow_resistance + (1.0 - x) * upstream);
      return p.central_venous_pressure_mmhg +
        (p.arterial_pressure_mmhg - p.central_venous_pressure_mmhg) * share;
    }
    function capillary(pv) {
      var ratio = p.postcapillary_resistance / p.precapillary_resistance;
      return (ratio * p.arterial_pressure_mmhg + pv) / (1.0 + ratio);
    }
    var rest = p.resting_compartment_pressure_mmhg;
    var pc0 = capillary(venous(0.0));
    var k = p.filtration_coefficient_ml_min_mmhg, g = p.lymph_gain_ml_min_mmhg;
    var comp = Math.max(rest, rest + k / (k + g) * (capillary(venous(o)) - pc0));
    return {obstruction: o, compartment: comp, deltaP: dbp - comp};
  }

  function crossing(dbp, m) {
    function gap(o) { return state(o, dbp, m.params).deltaP - m.threshold; }
    if (gap(0.0) < 0) { return 0.0; }
    if (gap(1.0) >= 0) { return null; }
    var low = 0.0, high = 1.0;
    for (var i = 0; i < 40; i++) {
      var mid = (low + high) / 2;
      if (gap(mid) >= 0) { low = mid; } else { high = mid; }
    }
    return high;
  }

  window.CNExplorerModels.compression = function (values, m, t) {
    var dbp = values.diastolic, range = m.diastolic_range;
    if (typeof dbp !== "number" || !isFinite(dbp) || dbp < range[0] || dbp > range[1]) {
      return t.error("diastolic_bp_mmhg must be a number from " + range[0] + " to " + range[1] +
                     " mmHg; got " + t.pyRepr(dbp));
    }
    var s = state(values.obstruction, dbp, m.params), f0 = t.fixed0, pct = t.percent0;
    var levels = [], comp = [], dp = [];
    for (var i = 0; i < m.levels; i++) {
      var o = i === m.levels - 1 ? 1.0 : i * (1.0 / (m.levels - 1)) + 0.0;
      var here = state(o, dbp, m.params);
      levels.push(o * 100); comp.push(here.compartment); dp.push(here.deltaP);
    }
    var cross = crossing(dbp, m);
    var below = s.deltaP < m.threshold;
    var verdict = below ? "BELOW the 30 mmHg danger line: the nerves and muscles in the " +
      "compartment are losing their blood supply" : "above the 30 mmHg danger line";
    var text = "Veins " + pct(s.obstruction) + " blocked: compartment pressure " +
      f0(s.compartment) + " mmHg, ΔP = " + f0(dbp) + " − " + f0(s.compartment) + " = " +
      f0(s.deltaP) + " mmHg, " + verdict + ".";
    var crossText = cross === null ? "never falls below 30 mmHg" :
      "falls below the 30 mmHg danger line at " + pct(cross) + " obstruction";
    var alt = "Line chart of an illustrative model. As venous outflow is blocked from 0 to " +
      "100%, compartment pressure rises from " + f0(comp[0]) + " to " +
      f0(comp[comp.length - 1]) + " mmHg, slowly at first and steeply near complete " +
      "obstruction, and ΔP (diastolic " + f0(dbp) + " mmHg minus compartment pressure) falls " +
      "from " + f0(dp[0]) + " to " + f0(dp[dp.length - 1]) + " mmHg; ΔP " + crossText + "." +
      " A dot marks the chosen setting: " + pct(s.obstruction) + " blocked, ΔP " +
      f0(s.deltaP) + " mmHg.";
    var top = t.niceTop(Math.max(dbp, Math.max.apply(null, comp)) + 10);
    var xticks = [];
    for (var x = 0; x <= 100; x += 20) { xticks.push([x, String(x)]); }
    var panel = {
      x: [0.0, 100.0], xlabel: "Venous outflow blocked (%)", xticks: xticks, ytop: top,
      ylabel: "Pressure (mmHg)", yticks: t.ticks(top),
      lines: [t.series(comp, levels[0], levels[levels.length - 1], "Compartment pressure",
                       m.colours.compartment, ""),
              t.series(dp.map(function (v) { return Math.max(v, 0.0); }), levels[0],
                       levels[levels.length - 1], "ΔP", m.colours.delta_p, "dashed")],
      band: null, hline: [m.threshold, "30 mmHg danger line"], marks: [],
      hatch: cross === null ? null : [cross * 100, "ΔP below 30 mmHg"],
      dot: [s.obstruction * 100, Math.max(s.deltaP, 0.0), "your setting"]};
    return {text: text, notes: [], chart: {panels: [panel]}, alt: alt, alt_lead: "",
            error: false};
  };
}());
