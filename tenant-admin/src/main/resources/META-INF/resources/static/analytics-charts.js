// Draws the analytics charts of the environment page (templates/analytics/environment-charts.html) with uPlot:
// each <figure class="analytics-chart"> gets one line per version (CPU: p50 solid, p99 dashed) from the JSON of its
// .analytics-charts block. Runs on page load and whenever htmx swaps a fragment in. Reduced to data: no eval, CSP-safe.
(function () {
  "use strict";
  var COLOURS = ["#1f6feb", "#d1242f", "#1a7f37", "#8250df", "#bf8700", "#0a7b83", "#cf222e", "#6e7781", "#953800", "#116329", "#57606a"];

  function lines(metric, series) {
    var out = [];
    series.forEach(function (s, i) {
      var colour = COLOURS[i % COLOURS.length];
      if (metric === "cpu") {
        out.push({ label: s.label + " p50", values: s.cpuP50, stroke: colour, dash: null });
        out.push({ label: s.label + " p99", values: s.cpuP99, stroke: colour, dash: [6, 4] });
      } else {
        out.push({ label: s.label, values: s[metric], stroke: colour, dash: null });
      }
    });
    return out;
  }

  function draw(block) {
    if (typeof uPlot === "undefined" || block.dataset.drawn === "1") {
      return;
    }
    var data = JSON.parse(block.querySelector("script.analytics-data").textContent);
    block.dataset.drawn = "1";
    block.querySelectorAll("figure.analytics-chart").forEach(function (figure) {
      var metric = figure.dataset.metric;
      var plot = figure.querySelector(".analytics-plot");
      var ls = lines(metric, data.series);
      var opts = {
        width: Math.max(320, Math.min(900, block.clientWidth || 640)),
        height: 220,
        series: [{}].concat(ls.map(function (l) {
          return { label: l.label, stroke: l.stroke, width: 2, dash: l.dash, spanGaps: false,
            value: function (u, v) { return v == null ? "–" : (Math.round(v * 100) / 100) + " " + figure.dataset.unit; } };
        })),
        axes: [{}, { label: figure.dataset.unit, size: 60 }],
        scales: { y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } } }
      };
      var columns = [data.times].concat(ls.map(function (l) { return l.values; }));
      plot.innerHTML = "";
      new uPlot(opts, columns, plot);
      figure.dataset.rendered = "1";
    });
  }

  // the page's scripts may still be loading (htmx re-inserts them on a boosted navigation): wait for uPlot a little
  function drawAll(root, tries) {
    if (typeof uPlot === "undefined") {
      if ((tries || 0) < 100) {
        setTimeout(function () { drawAll(root, (tries || 0) + 1); }, 100);
      }
      return;
    }
    (root && root.querySelectorAll ? root : document).querySelectorAll(".analytics-charts").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
  window.addEventListener("load", function () { drawAll(document); });
})();
