// sitrep web UI: the actor network, drawn in WebGL by sigma.js from a
// graphology graph built from the JSON the server put in the data-
// attributes of #graph. The ForceAtlas2 layout runs in a worker
// (network-layout.js) and the positions stream in while it runs, so the page
// never freezes, even at thousands of actors. Labels are drawn at a fixed
// size in screen pixels, outlined, and only where they do not collide: the
// busiest actors first, more as one zooms in. No inline script anywhere: the
// Content-Security-Policy allows scripts from /static/ only.
(function () {
  "use strict";

  var box = document.getElementById("graph");
  if (!box || typeof Sigma === "undefined" || typeof graphology === "undefined") { return; }

  // colour maps a mean Goldstein value (-10..10) to red, grey or green,
  // lightened towards white by 1 - strength (opaque: translucent WebGL
  // lines blend to near white).
  function colour(g, strength) {
    var t = Math.max(-1, Math.min(1, g / 10));
    var grey = [150, 150, 150], red = [198, 40, 40], green = [26, 127, 55];
    var to = t < 0 ? red : green, a = Math.min(1, Math.abs(t) * 1.6);
    var c = grey.map(function (v, i) { return Math.round(255 - (255 - (v + (to[i] - v) * a)) * strength); });
    return "rgb(" + c.join(",") + ")";
  }

  // typeColours colour nodes by entity type; countries get the palette's
  // colours by activity, the rest share grey.
  var typeColours = { PER: "#8250df", ORG: "#0969da", GPE: "#1a7f37", LOC: "#57606a", MISC: "#bf8700", "": "#8c959f" };
  var palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"];
  var faded = "#e4e8ec";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }
  function link(text, href, cls) { var a = el("a", text, cls); a.href = href; return a; }

  var data = JSON.parse(box.getAttribute("data-network") || "{}");
  var byCountry = box.getAttribute("data-colour") === "country";
  var since = box.getAttribute("data-since") || "", until = box.getAttribute("data-until") || "";
  var exact = box.getAttribute("data-view") === "exact";
  var nodes = data.nodes || [], edges = data.edges || [];

  // URLs keep the page's date window and view.
  function withWindow(u) {
    if (since) { u += "&since=" + encodeURIComponent(since); }
    if (until) { u += "&until=" + encodeURIComponent(until); }
    if (exact) { u += "&view=exact"; }
    return u;
  }
  function dyadURL(a, r) { return withWindow("/dyad?actor=" + encodeURIComponent(a) + "&recipient=" + encodeURIComponent(r)); }
  function actorURL(a) { return withWindow("/actor?code=" + encodeURIComponent(a)); }
  // focusURL is this page around one actor, with the other filters kept.
  function focusURL(a) {
    var q = new URLSearchParams(window.location.search);
    q.set("actor", a);
    q.delete("select");
    return "/network?" + q.toString();
  }

  var countryEvents = {};
  nodes.forEach(function (n) { if (n.country) { countryEvents[n.country] = (countryEvents[n.country] || 0) + n.events; } });
  var countries = Object.keys(countryEvents).sort(function (a, b) { return countryEvents[b] - countryEvents[a] || (a < b ? -1 : 1); });
  var countryColour = {};
  countries.forEach(function (c, i) { countryColour[c] = i < palette.length ? palette[i] : "#b0b7bf"; });
  function nodeColour(n) { return byCountry ? (countryColour[n.country] || "#d0d7de") : (typeColours[n.type] || typeColours[""]); }

  // hash is a number in [0, 1) from a string (FNV-1a): starting positions
  // are the same at every load, and so is the layout.
  function hash(s, seed) {
    var h = (2166136261 ^ seed) >>> 0;
    for (var i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); }
    return (h >>> 0) / 4294967296;
  }

  var graph = new graphology.Graph({ type: "directed", allowSelfLoops: true });
  var maxEvents = 1, maxEdge = 1;
  nodes.forEach(function (n) { maxEvents = Math.max(maxEvents, n.events); });
  edges.forEach(function (e) { maxEdge = Math.max(maxEdge, e.events); });
  var many = nodes.length > 300, radius = 10 * Math.sqrt(nodes.length + 1);
  // Thousands of nodes get smaller discs, so that the edges between them
  // stay visible; zooming in enlarges them.
  var minSize = nodes.length > 1000 ? 1.5 : many ? 2 : 4, spread = nodes.length > 1000 ? 10 : many ? 16 : 20;
  nodes.forEach(function (n) {
    var label = n.name || n.id;
    if (label.length > 40) { label = label.slice(0, 39) + "\u2026"; }
    var angle = 2 * Math.PI * hash(n.id, 1), r = radius * Math.sqrt(hash(n.id, 2));
    graph.addNode(n.id, {
      label: label, events: n.events, kind: n.type || "", country: n.country || "",
      size: minSize + spread * Math.sqrt(n.events / maxEvents), color: nodeColour(n),
      x: r * Math.cos(angle), y: r * Math.sin(angle)
    });
  });
  var alpha = edges.length > 3000 ? 0.55 : edges.length > 600 ? 0.7 : 0.85;
  // A pair that acted both ways gets two arcs, each bending to its own
  // side, so that both directions can be seen, hovered and clicked; the
  // other edges are straight arrows.
  var curved = typeof Sigma.rendering === "object" && Sigma.rendering.EdgeCurveProgram;
  edges.forEach(function (e) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target) || graph.hasEdge(e.source, e.target)) { return; }
    graph.addEdge(e.source, e.target, {
      events: e.events, goldstein: e.goldstein,
      size: 0.8 + 4 * Math.log(1 + e.events) / Math.log(1 + maxEdge),
      color: colour(e.goldstein, alpha), solid: colour(e.goldstein, 1)
    });
  });
  if (curved) {
    graph.forEachEdge(function (edge, a, s, t) {
      if (s !== t && graph.hasEdge(t, s)) { graph.mergeEdgeAttributes(edge, { type: "curved", curvature: 0.2 }); }
    });
  }

  // drawLabel writes a node's label beside it, outlined in white so that it
  // stays readable over edges; the size is in screen pixels at every zoom.
  function drawLabel(ctx, d, settings) {
    if (!d.label) { return; }
    var size = settings.labelSize;
    ctx.font = (d.highlighted ? "700 " : settings.labelWeight + " ") + size + "px " + settings.labelFont;
    ctx.lineJoin = "round";
    ctx.lineWidth = 4;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    var x = d.x + d.size + 3, y = d.y + size / 3;
    ctx.strokeText(d.label, x, y);
    ctx.fillStyle = "#1b1f24";
    ctx.fillText(d.label, x, y);
  }

  // The focus: one actor, its neighbours and the edges between it and them.
  var focus = null, hood = new Set(), named = new Set(), hoverEdge = null;
  function nodeReducer(node, attrs) {
    if (focus === null) { return attrs; }
    var out = Object.assign({}, attrs);
    if (node === focus) {
      out.highlighted = true; out.forceLabel = true; out.zIndex = 2;
    } else if (hood.has(node)) {
      out.zIndex = 1;
      if (named.has(node)) { out.forceLabel = true; }
    } else {
      out.color = faded; out.label = ""; out.zIndex = 0;
    }
    return out;
  }
  // layingOut hides the edges of a big graph while its layout runs: the
  // nodes move smoothly and drawing stays cheap; the edges return at the end.
  var layingOut = false;
  function edgeReducer(edge, attrs) {
    if (layingOut) { return Object.assign({}, attrs, { hidden: true }); }
    var out = attrs;
    if (focus !== null) {
      var ends = graph.extremities(edge);
      if (ends[0] !== focus && ends[1] !== focus) { return Object.assign({}, attrs, { hidden: true }); }
      out = Object.assign({}, attrs, { color: attrs.solid, zIndex: 1 });
    }
    if (edge === hoverEdge) { out = Object.assign({}, out, { color: attrs.solid, size: attrs.size + 2, zIndex: 2 }); }
    return out;
  }

  var renderer;
  try {
    renderer = new Sigma(graph, box, {
      defaultEdgeType: "arrow",
      edgeProgramClasses: curved ? { curved: curved } : {},
      enableCameraRotation: false,
      enableEdgeEvents: true,
      renderEdgeLabels: false,
      labelFont: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
      labelSize: 13,
      labelWeight: "600",
      labelColor: { color: "#1b1f24" },
      labelDensity: many ? 0.6 : 1,
      labelGridCellSize: many ? 90 : 60,
      labelRenderedSizeThreshold: nodes.length <= 60 ? 0 : nodes.length > 1000 ? 3.5 : 5,
      defaultDrawNodeLabel: drawLabel,
      zIndex: true,
      stagePadding: 24,
      minCameraRatio: 0.01,
      maxCameraRatio: 4,
      hideEdgesOnMove: edges.length > 4000,
      nodeReducer: nodeReducer,
      edgeReducer: edgeReducer
    });
  } catch (err) {
    if (window.console) { window.console.error("network:", err); }
    box.textContent = "The network needs WebGL, which this browser does not offer (" + err.message + "). The edges are listed below.";
    box.className = "graph-failed";
    return;
  }

  var info = document.getElementById("graph-info");
  var tip = document.getElementById("graph-tip");

  // edgeText describes an edge: its dyad, its events and its tone.
  function edgeText(edge) {
    var a = graph.getEdgeAttributes(edge), ends = graph.extremities(edge);
    var g = a.goldstein, tone = g > 0 ? "cooperative" : g < 0 ? "conflictual" : "neutral";
    return graph.getNodeAttribute(ends[0], "label") + " \u2192 " + graph.getNodeAttribute(ends[1], "label") + ": " +
      a.events + (a.events === 1 ? " event" : " events") + ", mean Goldstein " + (g >= 0 ? "+" : "") + g.toFixed(1) +
      " (" + tone + ")";
  }

  // showFocus lists the focused actor's counterparts, busiest first, each
  // with its dyads in both directions.
  function showFocus(node) {
    info.textContent = "";
    var a = graph.getNodeAttributes(node);
    var counterparts = {};
    graph.forEachEdge(node, function (edge, attrs, source, target) {
      var other = source === node ? target : source;
      if (other === node) { return; }
      var c = counterparts[other] || (counterparts[other] = { id: other, out: 0, in: 0 });
      if (source === node) { c.out += attrs.events; } else { c["in"] += attrs.events; }
    });
    var list = Object.keys(counterparts).map(function (k) { return counterparts[k]; });
    list.sort(function (x, y) { return (y.out + y["in"]) - (x.out + x["in"]) || (x.id < y.id ? -1 : 1); });
    var head = el("p");
    head.appendChild(el("strong", a.label));
    head.appendChild(document.createTextNode(" \u00b7 " + a.events + " events with " + list.length +
      (list.length === 1 ? " counterpart" : " counterparts") + " in this graph \u00b7 "));
    head.appendChild(link("open the actor", actorURL(node)));
    head.appendChild(document.createTextNode(" \u00b7 "));
    head.appendChild(link("show only its network", focusURL(node), "focus"));
    info.appendChild(head);
    var ul = el("ul", "", "counterparts");
    list.slice(0, 12).forEach(function (c) {
      var li = el("li");
      li.appendChild(document.createTextNode(graph.getNodeAttribute(c.id, "label") + ": "));
      if (c.out) { li.appendChild(link(c.out + " \u2192", dyadURL(node, c.id), "dyad")); }
      if (c.out && c["in"]) { li.appendChild(document.createTextNode(" ")); }
      if (c["in"]) { li.appendChild(link("\u2190 " + c["in"], dyadURL(c.id, node), "dyad")); }
      ul.appendChild(li);
    });
    info.appendChild(ul);
    if (list.length > 12) { info.appendChild(el("p", "and " + (list.length - 12) + " more.", "legend")); }
  }

  // select focuses one actor (null: none), puts it in the URL (select=) and,
  // when asked, moves the camera onto its neighbourhood.
  function select(node, zoom) {
    focus = node;
    hood = new Set();
    named = new Set();
    if (node !== null) {
      hood = new Set(graph.neighbors(node));
      // Label the busiest neighbours only, so that a hub's labels do not
      // pile up; the rest appear on zoom as usual.
      var ranked = Array.from(hood).sort(function (x, y) {
        return graph.getNodeAttribute(y, "events") - graph.getNodeAttribute(x, "events");
      });
      named = new Set(ranked.slice(0, 12));
      hood.add(node);
      box.setAttribute("data-focus", node);
      box.setAttribute("data-hood", String(hood.size));
      showFocus(node);
    } else {
      box.removeAttribute("data-focus");
      box.removeAttribute("data-hood");
      info.textContent = "";
    }
    var q = new URLSearchParams(window.location.search);
    if (node === null) { q.delete("select"); } else { q.set("select", node); }
    var s = q.toString();
    window.history.replaceState(null, "", window.location.pathname + (s ? "?" + s : ""));
    renderer.refresh();
    if (node !== null && zoom) { frame(Array.from(hood)); }
  }

  // frame moves the camera so that the given nodes fill the view.
  function frame(list) {
    var lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
    list.forEach(function (n) {
      var d = renderer.getNodeDisplayData(n);
      if (!d) { return; }
      lo = [Math.min(lo[0], d.x), Math.min(lo[1], d.y)];
      hi = [Math.max(hi[0], d.x), Math.max(hi[1], d.y)];
    });
    if (lo[0] === Infinity) { return; }
    var ratio = Math.max(hi[0] - lo[0], hi[1] - lo[1]) * 1.3;
    renderer.getCamera().animate({ x: (lo[0] + hi[0]) / 2, y: (lo[1] + hi[1]) / 2,
      ratio: Math.min(1, Math.max(0.05, ratio)) }, { duration: 400 });
  }

  renderer.on("clickNode", function (e) { select(e.node, false); });
  renderer.on("clickEdge", function (e) {
    var ends = graph.extremities(e.edge);
    window.location.href = dyadURL(ends[0], ends[1]);
  });
  renderer.on("clickStage", function () { select(null, false); });
  renderer.on("enterNode", function () { box.style.cursor = "pointer"; });
  renderer.on("leaveNode", function () { box.style.cursor = ""; });
  renderer.on("enterEdge", function (e) {
    box.style.cursor = "pointer";
    hoverEdge = e.edge;
    tip.textContent = edgeText(e.edge) + " \u2014 click to open the dyad";
    tip.style.left = Math.min(e.event.x + 12, box.clientWidth - 260) + "px";
    tip.style.top = (e.event.y + 12) + "px";
    tip.hidden = false;
    renderer.refresh({ skipIndexation: true });
  });
  renderer.on("leaveEdge", function () {
    box.style.cursor = "";
    hoverEdge = null;
    tip.hidden = true;
    renderer.refresh({ skipIndexation: true });
  });

  // Finding an actor by name focuses it and zooms onto its neighbourhood.
  var find = document.getElementById("graph-find"), names = document.getElementById("graph-actors");
  var byLabel = {};
  graph.forEachNode(function (n, a) { byLabel[a.label.toLowerCase()] = n; byLabel[n.toLowerCase()] = n; });
  if (names) {
    var sorted = graph.nodes().sort(function (x, y) { return graph.getNodeAttribute(y, "events") - graph.getNodeAttribute(x, "events"); });
    sorted.forEach(function (n) { var o = el("option"); o.value = graph.getNodeAttribute(n, "label"); names.appendChild(o); });
  }
  if (find) {
    find.addEventListener("change", function () {
      var n = byLabel[find.value.trim().toLowerCase()];
      if (n !== undefined) { select(n, true); find.setCustomValidity(""); } else if (find.value) { find.setCustomValidity("no such actor in this graph"); find.reportValidity(); }
    });
  }
  var reset = document.getElementById("graph-reset");
  if (reset) {
    reset.addEventListener("click", function () {
      select(null, false);
      renderer.getCamera().animate({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }, { duration: 300 });
    });
  }

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

  // The layout, in the worker; a permalink's selection is applied at once.
  var status = document.getElementById("graph-layout");
  var initial = new URLSearchParams(window.location.search).get("select");
  if (initial && graph.hasNode(initial)) { select(initial, false); }
  box._sigma = renderer;
  box._graph = graph;
  box.setAttribute("data-drawn", String(graph.order));

  var order = graph.nodes(), index = {};
  order.forEach(function (n, i) { index[n] = i; });
  function finish(state, iterations) {
    if (layingOut) { layingOut = false; renderer.refresh(); }
    box.setAttribute("data-layout", state);
    if (status) { status.textContent = "layout: " + iterations + " iterations" + (state === "stopped" ? " (stopped)" : ""); }
    if (initial && focus === initial) { frame(Array.from(hood)); }
  }
  if (graph.order < 2 || typeof Worker === "undefined") { finish("done", 0); return; }
  var worker;
  try {
    worker = new Worker("/static/network-layout.js");
  } catch (err) {
    finish("none", 0);
    return;
  }
  var x = new Float32Array(order.length), y = new Float32Array(order.length);
  order.forEach(function (n, i) { x[i] = graph.getNodeAttribute(n, "x"); y[i] = graph.getNodeAttribute(n, "y"); });
  var src = [], dst = [], w = [];
  graph.forEachEdge(function (edge, a, s, t) { src.push(index[s]); dst.push(index[t]); w.push(Math.log(1 + a.events)); });
  box.setAttribute("data-layout", "running");
  if (graph.size > 2000) { layingOut = true; renderer.refresh(); }
  var stop = el("button", "stop");
  stop.type = "button";
  var running = true;
  stop.addEventListener("click", function () { if (running) { running = false; worker.terminate(); finish("stopped", box.getAttribute("data-iterations") || 0); } });
  if (status) { status.textContent = "laying out\u2026 "; status.appendChild(stop); }
  // Only the newest positions are drawn, once per frame: when drawing is
  // slower than the layout, messages are dropped rather than queued.
  var pending = null;
  function apply() {
    var d = pending;
    pending = null;
    if (!running || !d) { return; }
    var p = d.positions;
    graph.updateEachNodeAttributes(function (n, a) {
      var i = index[n];
      a.x = p[2 * i]; a.y = p[2 * i + 1];
      return a;
    }, { attributes: ["x", "y"] });
    box.setAttribute("data-iterations", String(d.iterations));
    box.setAttribute("data-layout-ms", String(d.ms));
    if (d.done) {
      running = false;
      worker.terminate();
      finish("done", d.iterations);
    } else if (status && status.firstChild) {
      status.firstChild.textContent = "laying out\u2026 " + d.iterations + " iterations ";
    }
  }
  worker.onmessage = function (msg) {
    if (!running) { return; }
    if (pending === null) { window.requestAnimationFrame(apply); }
    pending = msg.data;
  };
  worker.onerror = function (e) {
    running = false;
    finish("failed", 0);
    if (status) { status.textContent = "layout failed: " + e.message; }
  };
  var budget = graph.order > 2000 ? 30000 : 15000;
  worker.postMessage({ x: x, y: y, sources: Int32Array.from(src), targets: Int32Array.from(dst),
    weights: Float32Array.from(w), iterations: graph.order > 1000 ? 600 : 1000, budgetMs: budget,
    // A big graph is redrawn less often while it moves: drawing it costs
    // more than the layout's steps between two drawings.
    batchMs: graph.order > 1000 ? 300 : 60 });
}());
