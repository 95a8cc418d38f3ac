// sitrep honest time charts (issue 18), drawn with the vendored chart.js
// from JSON the server puts in a data-chart (one series) or data-compare
// (several) attribute:
//   {days: [[date, events, cooperative, conflictual, goldsteinSum], ...],
//    undated: N, articles: [[date, count], ...], since, until, label}
// Dates are as stored: a day (2016-08-03), or only a month or a year.
// The time axis is continuous: every period between the first and the last
// is shown, empty ones as zero. The granularity (day, week, month, year)
// follows the range unless the reader picks one; an event dated more
// coarsely than the granularity cannot be placed and is counted in the note
// under the chart, as are the undated events. Cooperation and conflict are
// separate series (up and down); the mean Goldstein value has its own axis
// (-10 to 10) whose zero is aligned with the count axis' zero, drawn point to point
// without smoothing. "Share of coverage" divides by the articles published
// in the period (events per 100 articles), as GDELT's timelines do.
(function () {
  "use strict";

  var coop = "#1a7f37", conf = "#c62828", neutral = "#8c959f", line = "#1f4e79";
  var palette = ["#1f4e79", "#c62828", "#1a7f37", "#8250df", "#bf8700", "#0969da", "#57606a", "#d4418e"];
  var DAY = 86400000;

  function utc(s) { // "YYYY-MM-DD", "YYYY-MM" or "YYYY" -> ms of its first day
    var y = +s.slice(0, 4), m = s.length >= 7 ? +s.slice(5, 7) - 1 : 0, d = s.length >= 10 ? +s.slice(8, 10) : 1;
    return Date.UTC(y, m, d);
  }
  function iso(ms) { return new Date(ms).toISOString().slice(0, 10); }
  function monday(ms) { var wd = (new Date(ms).getUTCDay() + 6) % 7; return ms - wd * DAY; }

  // key is the period of a stored date at a granularity, or null when the
  // date is too coarse for it.
  function key(s, gran) {
    if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(s)) { return null; }
    switch (gran) {
      case "year": return s.slice(0, 4);
      case "month": return s.length >= 7 ? s.slice(0, 7) : null;
      case "week": return s.length === 10 ? iso(monday(utc(s))) : null;
      default: return s.length === 10 ? s : null;
    }
  }

  // periods lists every period from the one holding start to the one
  // holding end (both ms).
  function periods(start, end, gran) {
    var out = [], t;
    if (gran === "year") {
      for (t = new Date(start).getUTCFullYear(); t <= new Date(end).getUTCFullYear(); t++) { out.push(String(t)); }
      return out;
    }
    if (gran === "month") {
      var d = new Date(start), e = new Date(end);
      for (var y = d.getUTCFullYear(), m = d.getUTCMonth(); y < e.getUTCFullYear() || (y === e.getUTCFullYear() && m <= e.getUTCMonth());) {
        out.push(iso(Date.UTC(y, m, 1)).slice(0, 7));
        m++;
        if (m === 12) { m = 0; y++; }
      }
      return out;
    }
    var step = gran === "week" ? 7 * DAY : DAY;
    for (t = gran === "week" ? monday(start) : start; t <= end; t += step) { out.push(iso(t)); }
    return out;
  }

  // range is the span of the charts' dated events, [startMs, endMs], or
  // null when nothing is dated. since and until bound it when set; else a
  // few outliers (a 0.5% tail on either side: "in 1400", a misread year)
  // are left out of the axis, and counted in the note.
  function range(charts) {
    var days = [], total = 0;
    charts.forEach(function (c) {
      c.days.forEach(function (d) {
        var t = utc(d[0]);
        if (!isNaN(t)) { days.push([t, d[1]]); total += d[1]; }
      });
    });
    days.sort(function (a, b) { return a[0] - b[0]; });
    var lo = Infinity, hi = -Infinity, seen = 0;
    days.forEach(function (d) {
      seen += d[1];
      if (lo === Infinity && seen > 0.005 * total) { lo = d[0]; }
      if (hi === -Infinity && seen >= 0.995 * total) { hi = d[0]; }
    });
    var c0 = charts[0] || {};
    if (c0.since) { lo = utc(c0.since); }
    if (c0.until) { hi = utc(c0.until); }
    if (!isFinite(lo) || !isFinite(hi) || lo > hi) { return null; }
    return [lo, hi];
  }

  function autoGran(r) {
    var days = (r[1] - r[0]) / DAY;
    if (days <= 120) { return "day"; }
    if (days <= 3 * 366) { return "week"; }
    if (days <= 30 * 366) { return "month"; }
    return "year";
  }

  // bucket sums one chart's days into the periods; dropped counts the
  // dated events too coarse for the granularity, outside those out of the
  // range.
  function bucket(c, labels, gran) {
    var at = {}, n = labels.length;
    labels.forEach(function (l, i) { at[l] = i; });
    var b = { events: new Array(n).fill(0), coop: new Array(n).fill(0), conf: new Array(n).fill(0),
      gold: new Array(n).fill(0), articles: new Array(n).fill(0), dropped: 0, outside: 0, shown: 0 };
    c.days.forEach(function (d) {
      var k = key(d[0], gran), i = k === null ? undefined : at[k];
      if (k === null) { b.dropped += d[1]; return; }
      if (i === undefined) { b.outside += d[1]; return; }
      b.events[i] += d[1]; b.coop[i] += d[2]; b.conf[i] += d[3]; b.gold[i] += d[4]; b.shown += d[1];
    });
    (c.articles || []).forEach(function (a) {
      var k = key(a[0], gran), i = k === null ? undefined : at[k];
      if (i !== undefined) { b.articles[i] += a[1]; }
    });
    return b;
  }

  // nice rounds a positive extent up to 1, 2 or 5 times a power of ten.
  function nice(x) {
    if (!(x > 0)) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log10(x))), m = x / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  function share(v, arts) { return arts > 0 ? Math.round(1000 * v / arts) / 10 : null; }

  function param(name) { return new URLSearchParams(window.location.search).get(name) || ""; }
  function setParam(name, value) {
    var u = new URL(window.location.href);
    if (value) { u.searchParams.set(name, value); } else { u.searchParams.delete(name); }
    window.history.replaceState(null, "", u.toString());
  }

  function select(name, options, value) {
    var s = document.createElement("select");
    s.name = name;
    s.setAttribute("aria-label", name);
    options.forEach(function (o) {
      var el = document.createElement("option");
      el.value = o[0]; el.textContent = o[1];
      if (o[0] === value) { el.selected = true; }
      s.appendChild(el);
    });
    return s;
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function draw(box) {
    if (typeof Chart === "undefined") { return; }
    var compare = box.hasAttribute("data-compare");
    var charts = JSON.parse(box.getAttribute(compare ? "data-compare" : "data-chart") || "[]");
    if (!compare) { charts = [charts]; }
    var controls = document.createElement("div");
    controls.className = "chart-controls";
    var gran = select("interval", [["", "auto"], ["day", "day"], ["week", "week"], ["month", "month"], ["year", "year"]], param("interval"));
    var modes = compare ? [["", "events"], ["share", "share of coverage"], ["tone", "mean Goldstein"]]
      : [["", "events"], ["share", "share of coverage"]];
    var mode = select("mode", modes, param("mode"));
    controls.appendChild(document.createTextNode("per "));
    controls.appendChild(gran);
    controls.appendChild(document.createTextNode(" show "));
    controls.appendChild(mode);
    var holder = document.createElement("div");
    holder.className = "chart";
    var canvas = document.createElement("canvas");
    canvas.setAttribute("role", "img");
    holder.appendChild(canvas);
    var note = document.createElement("p");
    note.className = "chart-note";
    box.appendChild(controls);
    box.appendChild(holder);
    box.appendChild(note);
    var chart = null;

    function render() {
      var r = range(charts);
      if (chart) { chart.destroy(); chart = null; }
      var undated = 0;
      charts.forEach(function (c) { undated += c.undated || 0; });
      if (!r) {
        holder.style.display = "none";
        note.textContent = "No dated events to chart." + (undated ? " " + plural(undated, "event has", "events have") + " no date." : "");
        box.setAttribute("data-drawn", "0");
        box.setAttribute("data-counted", "0 0 " + undated);
        return;
      }
      holder.style.display = "";
      var g = gran.value || autoGran(r), m = mode.value;
      var labels = periods(r[0], r[1], g), asked = g;
      // A fine granularity over centuries would draw more bars than pixels.
      var order = ["day", "week", "month", "year"];
      for (var k = order.indexOf(g) + 1; labels.length > 3000 && k < order.length; k++) {
        g = order[k];
        labels = periods(r[0], r[1], g);
      }
      var bs = charts.map(function (c) { return bucket(c, labels, g); });
      var datasets, scales;
      var sh = m === "share";
      if (!compare) {
        var b = bs[0];
        var val = function (v, i) { return sh ? share(v, b.articles[i]) : v; };
        var neutralN = b.events.map(function (v, i) { return v - b.coop[i] - b.conf[i]; });
        var up = b.coop.map(function (v, i) { return val(v, i); });
        var mid = neutralN.map(function (v, i) { return val(v, i); });
        var down = b.conf.map(function (v, i) { var x = val(v, i); return x === null ? null : -x; });
        var mean = b.events.map(function (v, i) { return v > 0 ? Math.round(10 * b.gold[i] / v) / 10 : null; });
        // Both axes are symmetric about zero, so their zeros align: counts
        // from -M to M, the Goldstein scale from -10 to 10.
        var M = 0;
        up.forEach(function (v, i) { M = Math.max(M, (v || 0) + (mid[i] || 0), -(down[i] || 0)); });
        M = nice(M);
        var unit = sh ? "events per 100 articles" : "events";
        datasets = [
          { type: "bar", label: "cooperation (Goldstein > 0)", data: up, backgroundColor: coop, stack: "s", yAxisID: "n" },
          { type: "bar", label: "neutral (Goldstein 0)", data: mid, backgroundColor: neutral, stack: "s", yAxisID: "n" },
          { type: "bar", label: "conflict (Goldstein < 0), drawn downward", data: down, backgroundColor: conf, stack: "s", yAxisID: "n" },
          { type: "line", label: "mean Goldstein of the period", data: mean, borderColor: line, backgroundColor: line,
            yAxisID: "g", tension: 0, spanGaps: false, pointRadius: labels.length > 200 ? 0 : 2, borderWidth: 1.5 }
        ];
        scales = {
          x: { stacked: true, ticks: { autoSkip: true, maxRotation: 0 }, title: { display: true, text: g } },
          n: { position: "left", stacked: true, min: -M, max: M,
            title: { display: true, text: unit + ": cooperation up, conflict down" },
            ticks: { callback: function (v) { return Math.abs(Math.round(v * 10) / 10); } } },
          g: { position: "right", min: -10, max: 10, grid: { drawOnChartArea: false },
            title: { display: true, text: "mean Goldstein (−10 conflict … +10 cooperation)", color: line },
            ticks: { color: line } }
        };
      } else {
        datasets = bs.map(function (b, j) {
          var data = b.events.map(function (v, i) {
            if (m === "tone") { return v > 0 ? Math.round(10 * b.gold[i] / v) / 10 : null; }
            return sh ? share(v, b.articles[i]) : v;
          });
          var colour = palette[j % palette.length];
          return { type: "line", label: charts[j].label || ("series " + (j + 1)), data: data, borderColor: colour,
            backgroundColor: colour, tension: 0, spanGaps: false, pointRadius: labels.length > 200 ? 0 : 2, yAxisID: "n" };
        });
        var title = m === "tone" ? "mean Goldstein (−10 conflict … +10 cooperation)" : sh ? "events per 100 articles" : "events";
        scales = {
          x: { ticks: { autoSkip: true, maxRotation: 0 }, title: { display: true, text: g } },
          n: { position: "left", title: { display: true, text: title }, beginAtZero: m !== "tone",
            min: m === "tone" ? -10 : undefined, max: m === "tone" ? 10 : undefined }
        };
      }
      chart = new Chart(canvas, {
        data: { labels: labels, datasets: datasets },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          interaction: { mode: "index", intersect: false }, scales: scales }
      });
      var dropped = 0, shown = 0, outside = 0;
      bs.forEach(function (b) { dropped += b.dropped; shown += b.shown; outside += b.outside; });
      var parts = [plural(shown, "dated event", "dated events") + " per " + g + " from " + labels[0] + " to " + labels[labels.length - 1] +
        " (" + plural(labels.length, "period", "periods") + ", empty ones shown as zero)"];
      if (asked !== g) { parts.push("too many periods per " + asked + " over this range: narrow the dates to see them"); }
      if (outside) { parts.push(plural(outside, "event is", "events are") + " dated outside this range (a 0.5% tail each side): set the dates to see them"); }
      if (dropped) { parts.push(plural(dropped, "event is", "events are") + " dated only to a month or year and not placed at this granularity"); }
      parts.push(undated ? plural(undated, "event has", "events have") + " no date and cannot be charted" : "every event is dated");
      if (sh) { parts.push("share: events per 100 articles published in the period; a period without articles has no share"); }
      note.textContent = parts.join("; ") + ".";
      box.setAttribute("data-drawn", String(labels.length));
      box.setAttribute("data-granularity", g);
      // shown, dropped and undated events, for tests to add up
      box.setAttribute("data-counted", shown + " " + dropped + " " + outside + " " + undated);
      box.setAttribute("data-asked", asked);
    }
    gran.addEventListener("change", function () { setParam("interval", gran.value); render(); });
    mode.addEventListener("change", function () { setParam("mode", mode.value); render(); });
    render();
  }

  function init() { document.querySelectorAll("[data-chart], [data-compare]").forEach(draw); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
