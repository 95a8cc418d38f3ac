// sitrep map page: draws country and US state shapes (vendored Natural
// Earth and US Census TopoJSON; no tile server) with Leaflet, and one
// circle per place from the JSON the server put in #map's data-places.
// Popups are built from DOM nodes with textContent: nothing from an
// article is ever parsed as HTML.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined" || typeof topojson === "undefined") { return; }
  var places = JSON.parse(el.getAttribute("data-places") || "[]");
  var map = L.map(el, { worldCopyJump: true, minZoom: 1, maxZoom: 12, attributionControl: true });
  map.attributionControl.setPrefix("");
  map.attributionControl.addAttribution("Natural Earth; US Census Bureau");
  map.setView([25, 15], 2);

  function shapes(url, object, style) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    }).then(function (topo) {
      L.geoJSON(topojson.feature(topo, topo.objects[object]), { style: style, interactive: false }).addTo(map);
    });
  }

  function colour(p) {
    var n = p.coop + p.conf;
    if (n === 0) { return "rgb(120,120,120)"; }
    var t = p.conf / n; // 0 all cooperation, 1 all conflict
    var r = Math.round(26 + (198 - 26) * t), g = Math.round(127 + (40 - 127) * t), b = Math.round(55 + (40 - 55) * t);
    return "rgb(" + r + "," + g + "," + b + ")";
  }

  function text(tag, s, cls) {
    var n = document.createElement(tag);
    n.textContent = s;
    if (cls) { n.className = cls; }
    return n;
  }

  function popup(p) {
    var box = document.createElement("div");
    box.className = "map-popup";
    var title = p.name + (p.admin1 && p.admin1 !== p.name ? ", " + p.admin1 : "") + (p.country ? " (" + p.country + ")" : "");
    box.appendChild(text("strong", title));
    box.appendChild(text("div", p.events + " events: " + p.coop + " cooperative, " + p.conf + " conflictual", "none"));
    var list = document.createElement("ul");
    p.items.forEach(function (it) {
      var li = document.createElement("li");
      li.appendChild(text("span", (it.date || "undated") + " ", "date"));
      li.appendChild(text("span", it.type, "etype"));
      li.appendChild(document.createTextNode(" " + (it.actor || "–") + " → " + (it.recipient || "–") + ": "));
      var a = document.createElement("a");
      a.href = it.url; // a same-site path the server built
      a.textContent = it.evidence;
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(list);
    if (p.events > p.items.length) {
      box.appendChild(text("div", "and " + (p.events - p.items.length) + " more", "none"));
    }
    return box;
  }

  var markers = [];
  places.forEach(function (p) {
    var m = L.circleMarker([p.lat, p.lon], {
      radius: Math.min(30, 4 + 3 * Math.sqrt(p.events)), color: "#333", weight: 1,
      fillColor: colour(p), fillOpacity: 0.8
    });
    m.bindPopup(function () { return popup(p); }, { maxWidth: 420, maxHeight: 320 });
    m.bindTooltip(p.name + ": " + p.events);
    markers.push(m);
  });

  Promise.all([
    shapes("/static/vendor/countries-50m.json", "countries", { color: "#8a8f94", weight: 0.7, fillColor: "#eef0ea", fillOpacity: 1 }),
    shapes("/static/vendor/us-states-10m.json", "states", { color: "#b0b5b9", weight: 0.5, fill: false })
  ]).then(function () {
    var group = L.featureGroup(markers).addTo(map);
    if (markers.length > 0) {
      map.fitBounds(group.getBounds().pad(0.3), { maxZoom: 6 });
    }
    el.setAttribute("data-drawn", "true");
  }).catch(function (err) {
    el.setAttribute("data-error", String(err));
    console.error(err);
  });
}());
