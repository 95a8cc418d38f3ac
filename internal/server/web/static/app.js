// sitrep web UI: draws the actor network (cytoscape) from JSON the server
// put in data- attributes (charts.js draws the time charts). No inline
// script anywhere: the Content-Security-Policy allows scripts from /static/
// only.
(function () {
  "use strict";

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
    var net = document.getElementById("graph");
    if (net) { drawNetwork(net); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
