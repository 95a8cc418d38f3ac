// sitrep web UI: the actor network's ForceAtlas2 layout, in a worker so that
// the page stays responsive however many actors it draws. network.js posts
// the starting positions and the weighted edges; this runs the vendored
// graphology-layout-forceatlas2 step (Barnes-Hut above a few hundred nodes)
// in batches of about 60 ms (300 ms for big graphs), posting the positions after each batch, until
// the iteration budget or the time budget is spent or the layout settles.
/* global importScripts, graphology, graphologyFA2 */
"use strict";
importScripts("/static/vendor/graphology.umd.min.js", "/static/vendor/graphology-layout-forceatlas2.min.js");

self.onmessage = function (msg) {
  var d = msg.data, fa2 = graphologyFA2, n = d.x.length, i;
  var g = new graphology.Graph({ type: "directed", allowSelfLoops: true });
  for (i = 0; i < n; i++) { g.addNode(String(i), { x: d.x[i], y: d.y[i] }); }
  for (i = 0; i < d.sources.length; i++) {
    var s = String(d.sources[i]), t = String(d.targets[i]);
    if (s !== t && !g.hasEdge(s, t)) { g.addEdge(s, t, { weight: d.weights[i] }); }
  }
  var settings = fa2.helpers.assign({}, fa2.defaults, fa2.forceAtlas2.inferSettings(g),
    { barnesHutOptimize: n > 400, outboundAttractionDistribution: true }, d.settings || {});
  var m = fa2.helpers.graphToByteArrays(g, function (e, a) { return a.weight; });
  var done = 0, start = Date.now(), batch = 2, prev = null;

  function positions() {
    var out = new Float32Array(2 * n);
    for (var k = 0; k < n; k++) { out[2 * k] = m.nodes[10 * k]; out[2 * k + 1] = m.nodes[10 * k + 1]; }
    return out;
  }
  // movement is the mean displacement since the last batch relative to the
  // layout's extent: below 0.05% the picture no longer changes.
  function movement(p) {
    if (!prev) { return 1; }
    var sum = 0, lo = Infinity, hi = -Infinity;
    for (var k = 0; k < p.length; k++) {
      sum += Math.abs(p[k] - prev[k]);
      lo = Math.min(lo, p[k]); hi = Math.max(hi, p[k]);
    }
    return sum / p.length / Math.max(hi - lo, 1e-9);
  }

  function step() {
    var t0 = Date.now(), k = Math.min(batch, d.iterations - done);
    for (var j = 0; j < k; j++) { fa2.iterate(settings, m.nodes, m.edges); }
    done += k;
    // Batches of about batchMs: smooth updates, little messaging.
    var per = (Date.now() - t0) / Math.max(k, 1);
    batch = Math.max(1, Math.min(100, Math.round((d.batchMs || 60) / Math.max(per, 0.01))));
    var p = positions(), moved = movement(p);
    prev = p.slice();
    var finished = done >= d.iterations || Date.now() - start > d.budgetMs || (done >= 50 && moved < 0.0005);
    self.postMessage({ positions: p, iterations: done, done: finished, ms: Date.now() - start }, [p.buffer]);
    if (!finished) { setTimeout(step, 0); }
  }
  step();
};
