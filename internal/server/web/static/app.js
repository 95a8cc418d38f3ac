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

  // typeColours colour nodes by entity type.
  var typeColours = { PER: "#8250df", ORG: "#0969da", GPE: "#1a7f37", LOC: "#57606a", MISC: "#bf8700", "": "#8c959f" };
  var palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"];

  function el(tag, text) { var e = document.createElement(tag); if (text) { e.textContent = text; } return e; }

  function drawNetwork(box) {
    if (typeof cytoscape === "undefined") { return; }
    var g = JSON.parse(box.getAttribute("data-network") || "{}");
    var byCountry = box.getAttribute("data-colour") === "country";
    var since = box.getAttribute("data-since") || "", until = box.getAttribute("data-until") || "";
    // Countries get the palette's colours by activity; the rest share grey.
    var countryEvents = {};
    (g.nodes || []).forEach(function (n) { if (n.country) { countryEvents[n.country] = (countryEvents[n.country] || 0) + n.events; } });
    var countries = Object.keys(countryEvents).sort(function (a, b) { return countryEvents[b] - countryEvents[a]; });
    var countryColour = {};
    countries.forEach(function (c, i) { countryColour[c] = i < palette.length ? palette[i] : "#b0b7bf"; });
    function nodeColour(n) { return byCountry ? (countryColour[n.country] || "#d0d7de") : (typeColours[n.type] || typeColours[""]); }
    var maxEvents = 1;
    (g.nodes || []).forEach(function (n) { maxEvents = Math.max(maxEvents, n.events); });
    var nodes = (g.nodes || []).map(function (n) {
      var label = n.name || n.id;
      if (label.length > 32) { label = label.slice(0, 31) + "\u2026"; }
      var size = 12 + 48 * Math.sqrt(n.events / maxEvents);
      return { data: { id: n.id, label: label, events: n.events, size: size, font: Math.round(11 + size / 6),
        colour: nodeColour(n), type: n.type, country: n.country } };
    });
    var edges = (g.edges || []).map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, events: e.events, goldstein: e.goldstein,
        width: 1 + Math.log(1 + e.events) * 1.6, colour: colour(e.goldstein) } };
    });
    var big = nodes.length > 150;
    var cy = cytoscape({
      container: box,
      elements: nodes.concat(edges),
      style: [
        { selector: "node", style: { "label": "data(label)", "font-size": "data(font)", "background-color": "data(colour)",
          "width": "data(size)", "height": "data(size)", "text-valign": "bottom", "text-margin-y": 3,
          "color": "#1b1f24", "text-outline-color": "#fff", "text-outline-width": 2,
          "min-zoomed-font-size": 10 } },
        { selector: "edge", style: { "width": "data(width)", "line-color": "data(colour)",
          "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": big ? "haystack" : "bezier",
          "opacity": 0.8 } },
        { selector: ".faded", style: { "opacity": 0.08, "text-opacity": 0 } },
        { selector: "node.focus", style: { "border-width": 3, "border-color": "#1b1f24" } }
      ],
      layout: nodes.length > 1 ? { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 12000; },
        idealEdgeLength: function () { return 90; }, numIter: big ? 400 : 1000, nodeDimensionsIncludeLabels: !big } : { name: "grid" },
      wheelSensitivity: 0.3, textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: 1
    });
    var info = document.getElementById("graph-info");
    function dated(u) {
      if (since) { u += "&since=" + encodeURIComponent(since); }
      if (until) { u += "&until=" + encodeURIComponent(until); }
      return u;
    }
    function show(parts) {
      if (!info) { return; }
      info.textContent = "";
      parts.forEach(function (p) {
        if (typeof p === "string") { info.appendChild(document.createTextNode(p)); return; }
        var a = el("a", p[0]); a.href = p[1]; info.appendChild(a);
      });
    }
    cy.on("tap", "node", function (evt) {
      var n = evt.target, hood = n.closedNeighborhood();
      cy.elements().addClass("faded").removeClass("focus");
      hood.removeClass("faded");
      n.addClass("focus");
      show([n.data("label") + " (" + n.data("events") + " events, " + n.neighborhood("node").length + " counterparts): ",
        ["open the actor", "/actor?code=" + encodeURIComponent(n.id())], " · ",
        ["focus the network on it", dated("/network?actor=" + encodeURIComponent(n.id()))]]);
      box.setAttribute("data-focus", n.id());
    });
    cy.on("tap", "edge", function (evt) {
      var e = evt.target;
      window.location.href = dated("/dyad?actor=" + encodeURIComponent(e.data("source")) + "&recipient=" + encodeURIComponent(e.data("target")));
    });
    cy.on("tap", function (evt) {
      if (evt.target === cy) { cy.elements().removeClass("faded focus"); show([]); box.removeAttribute("data-focus"); }
    });
    var legend = document.getElementById("graph-legend");
    if (legend) {
      var keys = byCountry ? countries.slice(0, palette.length) : Object.keys(typeColours).filter(function (k) { return k; });
      keys.forEach(function (k) {
        var s = el("span", "\u25CF " + k + " ");
        s.style.color = byCountry ? countryColour[k] : typeColours[k];
        legend.appendChild(s);
      });
      if (byCountry && countries.length > palette.length) { legend.appendChild(el("span", "\u25CF other countries")); }
    }
    box._cy = cy;
    box.setAttribute("data-drawn", String(nodes.length));
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
