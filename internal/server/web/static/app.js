// sitrep web UI: draws the timelines (chart.js) and the actor network
// (cytoscape) from JSON the server put in data- attributes. No inline
// script anywhere: the Content-Security-Policy allows scripts from /static/
// only.
(function () {
  "use strict";

  var coop = "#1a7f37", conf = "#c62828", line = "#1f4e79";

  function drawSeries(canvas) {
    if (typeof Chart === "undefined") { return; }
    var points = JSON.parse(canvas.getAttribute("data-series") || "[]");
    var labels = points.map(function (p) { return p.period; });
    var datasets;
    if (canvas.getAttribute("data-kind") === "stance") {
      datasets = [
        { type: "line", label: "Goldstein sum", data: points.map(function (p) { return p.goldstein; }),
          borderColor: line, backgroundColor: line, yAxisID: "y", tension: 0.2 },
        { type: "bar", label: "events", data: points.map(function (p) { return p.events; }),
          backgroundColor: "rgba(95,107,118,0.35)", yAxisID: "n" }
      ];
    } else {
      datasets = [
        { type: "bar", label: "cooperation (Goldstein > 0)", data: points.map(function (p) { return p.cooperative; }),
          backgroundColor: coop, stack: "s", yAxisID: "n" },
        { type: "bar", label: "conflict (Goldstein < 0)", data: points.map(function (p) { return -p.conflictual; }),
          backgroundColor: conf, stack: "s", yAxisID: "n" },
        { type: "line", label: "Goldstein sum", data: points.map(function (p) { return p.goldstein; }),
          borderColor: line, backgroundColor: line, yAxisID: "y", tension: 0.2 }
      ];
    }
    new Chart(canvas, {
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          n: { position: "left", title: { display: true, text: "events" }, stacked: true },
          y: { position: "right", title: { display: true, text: "Goldstein" }, grid: { drawOnChartArea: false } },
          x: { stacked: true }
        }
      }
    });
  }

  // colour maps a mean Goldstein value (-10..10) to red, grey or green.
  function colour(g) {
    var t = Math.max(-1, Math.min(1, g / 10));
    var grey = [150, 150, 150], red = [198, 40, 40], green = [26, 127, 55];
    var to = t < 0 ? red : green, a = Math.abs(t) * 1.6;
    a = Math.min(1, a);
    var c = grey.map(function (v, i) { return Math.round(v + (to[i] - v) * a); });
    return "rgb(" + c.join(",") + ")";
  }

  function drawNetwork(el) {
    if (typeof cytoscape === "undefined") { return; }
    var g = JSON.parse(el.getAttribute("data-network") || "{}");
    var nodes = (g.nodes || []).map(function (n) {
      var label = n.name || n.id;
      if (label.length > 40) { label = label.slice(0, 39) + "\u2026"; }
      return { data: { id: n.id, label: label, events: n.events } };
    });
    var edges = (g.edges || []).map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, events: e.events,
        width: 1 + Math.log(1 + e.events) * 2, colour: colour(e.goldstein) } };
    });
    var maxEvents = 1;
    nodes.forEach(function (n) { maxEvents = Math.max(maxEvents, n.data.events); });
    var cy = cytoscape({
      container: el,
      elements: nodes.concat(edges),
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": 11, "background-color": "#1f4e79",
          "width": function (n) { return 14 + 36 * Math.sqrt(n.data("events") / maxEvents); },
          "height": function (n) { return 14 + 36 * Math.sqrt(n.data("events") / maxEvents); },
          "text-valign": "bottom", "text-margin-y": 3 } },
        { selector: "edge", style: { "width": "data(width)", "line-color": "data(colour)",
          "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": "bezier",
          "opacity": 0.85 } }
      ],
      layout: { name: nodes.length > 1 ? "cose" : "grid", animate: false, randomize: false, nodeRepulsion: 9000 },
      wheelSensitivity: 0.3
    });
    cy.on("tap", "node", function (evt) {
      window.location.href = "/actor?code=" + encodeURIComponent(evt.target.id());
    });
    el.setAttribute("data-drawn", String(nodes.length));
  }

  function init() {
    document.querySelectorAll("canvas[data-series]").forEach(drawSeries);
    var net = document.getElementById("graph");
    if (net) { drawNetwork(net); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
