/* Dekningskart's map: Leaflet, geometry loaded once per page from a versioned static file, repainted from
 * small value arrays. Used by the Streamlit component (dashboard/mapview.py) and by the self-contained HTML
 * export (export/html.py). No text from data is ever parsed as HTML: tooltips are built with textContent. */
(function () {
  "use strict";
  var geoCache = {};

  function decode(polys, q) {
    return {type: "MultiPolygon", coordinates: polys.map(function (rings) {
      return rings.map(function (r) {
        var x = 0, y = 0;
        return r.map(function (d) { x += d[0]; y += d[1]; return [x / q, y / q]; });
      });
    })};
  }

  function load(src) {
    if (typeof src !== "string") { return Promise.resolve(src); }
    if (!geoCache[src]) {
      geoCache[src] = fetch(src, {credentials: "same-origin"}).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status + " for " + src); }
        return r.json();
      });
    }
    return geoCache[src];
  }

  function tipNode(lines) {
    var box = document.createElement("div");
    lines.forEach(function (line, i) {
      if (!line) { return; }
      var el = document.createElement(i === 0 ? "strong" : "div");
      el.textContent = line;
      box.appendChild(el);
    });
    return box;
  }

  function kommuneLines(st, knr) {
    var d = st.data, i = st.index[knr], facts = st.facts[knr] || [knr, "", "", ""];
    var lines = [facts[0] + " (" + knr + ")"];
    if (i !== undefined) { lines.push(d.labels.value + ": " + d.v[i]); }
    lines.push(d.labels.plan + ": " + facts[1]);
    lines.push(d.labels.centre + ": " + facts[2]);
    if (!d.labels.valueIsMedian) {  // the median is the value already: said once
      lines.push(d.labels.median + ": " + (d.m && i !== undefined ? d.m[i] : facts[3]));
    }
    if (d.n && i !== undefined && d.n.indexOf(i) >= 0) { lines.push(d.closeLabel); }
    return lines;
  }

  function setup(host, data, events) {
    var L = window.L;
    // On a phone one finger scrolls the page and two move or zoom the map (no dragging handler: Leaflet then
    // leaves touch-action pan-x pan-y to the browser); on a desktop the mouse drags as readers expect.
    var touch = !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
    var map = L.map(host, {zoomSnap: 0.25, zoomDelta: 0.5, maxZoom: data.maxZoom || 9, minZoom: 3,
                           attributionControl: true, keyboard: true, preferCanvas: false, dragging: !touch});
    map.attributionControl.setPrefix(false);
    // Centres in a pane of their own above the kommuner: layers added before the map has a view are drawn in
    // the order the map becomes ready, which would otherwise put the centres under the polygons.
    map.createPane("dk-centres").style.zIndex = 450;
    map.attributionControl.addAttribution(data.attribution || "");
    var st = {map: map, layers: {}, index: {}, facts: {}, data: data, bounds: "", basemap: null,
              centres: L.layerGroup().addTo(map), highlight: null, events: events, geo: null};
    host.setAttribute("tabindex", "0");
    // Focus without scrolling: Leaflet focuses the map on mousedown and only restores the window's scroll, but
    // Streamlit scrolls an inner container, so a click on a half-visible map would move it and be lost.
    host.addEventListener("mousedown", function () {
      if (document.activeElement !== host) { host.focus({preventScroll: true}); }
    }, true);
    host.setAttribute("role", "application");
    // One tab stop: Leaflet's zoom buttons and attribution links stay clickable but leave the tab order.
    host.querySelectorAll("a").forEach(function (a) { a.setAttribute("tabindex", "-1"); });
    var live = host.parentNode.querySelector(".dk-live");
    var cross = document.createElement("div");
    cross.className = "dk-crosshair";
    cross.setAttribute("aria-hidden", "true");
    host.appendChild(cross);
    cooperate(host, map, function () { return st.data.labels; });
    resetControl(map, st);
    function kommuneAt(latlng) {
      var hit = null;
      Object.keys(st.layers).forEach(function (k) {
        if (hit || !map.hasLayer(st.layers[k])) { return; }
        st.layers[k].eachLayer(function (poly) {
          if (!hit && poly.getBounds().contains(latlng) && inside(poly, latlng)) { hit = k; }
        });
      });
      return hit;
    }
    function underCentre() { return kommuneAt(map.getCenter()); }
    st.kommuneAt = kommuneAt;
    function announce() {
      if (!live || document.activeElement !== host) { return; }
      var k = underCentre();
      live.textContent = k ? kommuneLines(st, k).join(". ") : (st.data.labels.nothing || "");
    }
    map.on("moveend", announce);
    // Streamlit lays the page out after the first paint: refit to the wanted area until the reader moves the map.
    st.userMoved = false;
    map.on("dragstart", function () { st.userMoved = true; });
    map.on("zoomstart", function () { if (!st.fitting) { st.userMoved = true; } });
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        map.invalidateSize({pan: false});
        if (!st.userMoved && st.data && st.data.bounds) { fit(st); }
      }).observe(host);
    }
    host.addEventListener("focus", announce);
    host.addEventListener("keydown", function (e) {
      if (e.key === "Home") { e.preventDefault(); reset(st); return; }
      if (e.key !== "Enter" && e.key !== " ") { return; }
      var k = underCentre();
      if (!k) { return; }
      e.preventDefault();
      if (st.data.mode === "open") { st.events.kommune(k); }
      if (st.data.mode === "point") { var c = map.getCenter(); st.events.point({lat: c.lat, lng: c.lng}); }
    });
    map.on("click", function (e) {
      if (st.data.mode === "point") { st.events.point({lat: e.latlng.lat, lng: e.latlng.lng}); }
      if (st.data.mode === "open") {  // a click that reaches the map itself, e.g. on a centre dot above a kommune
        var k = kommuneAt(e.latlng);
        if (k) { st.events.kommune(k); }
      }
    });
    return st;
  }

  /* The wheel scrolls the page, as in the maps news sites embed, until the reader clicks or focuses the map or
   * holds Ctrl/⌘; then it zooms. A short hint says so. Listened for on the map's parent in the capture phase, so
   * Leaflet's own wheel handler never sees a wheel the page should have. */
  function cooperate(host, map, labels) {
    var hint = document.createElement("div"), timer = null;
    hint.className = "dk-hint";
    hint.setAttribute("aria-hidden", "true");
    host.appendChild(hint);
    function show(text) {
      hint.textContent = text || "";
      hint.classList.add("dk-hint-on");
      clearTimeout(timer);
      timer = setTimeout(function () { hint.classList.remove("dk-hint-on"); }, 1600);
    }
    host.parentNode.addEventListener("wheel", function (e) {
      if (document.activeElement === host || e.ctrlKey || e.metaKey) { return; }
      e.stopPropagation();  // not prevented: the page scrolls
      show(labels().wheelHint);
    }, {capture: true, passive: true});
    host.addEventListener("touchmove", function (e) {
      if (e.touches && e.touches.length === 1 && !map.dragging.enabled()) { show(labels().touchHint); }
    }, {passive: true});
  }

  function resetControl(map, st) {
    var Reset = window.L.Control.extend({options: {position: "topleft"}, onAdd: function () {
      var bar = window.L.DomUtil.create("div", "leaflet-bar dk-reset-bar");
      var btn = window.L.DomUtil.create("button", "dk-reset", bar);
      btn.type = "button";
      btn.setAttribute("tabindex", "-1");  // the map stays one tab stop: the Home key does the same
      btn.textContent = "\u27F2";
      st.resetButton = btn;
      window.L.DomEvent.disableClickPropagation(bar);
      window.L.DomEvent.on(btn, "click", function (e) { window.L.DomEvent.preventDefault(e); reset(st); });
      return bar;
    }});
    new Reset().addTo(map);
  }

  function reset(st) {
    st.userMoved = false;
    // A zoom still animating would land after the fit and undo it: fit once it has landed.
    if (st.map._animatingZoom) { st.map.once("zoomend", function () { fit(st); }); return; }
    fit(st);
  }

  function fit(st) {
    st.fitting = true;
    // Room for the zoom buttons at top left, so no kommune or centre in the area hides under them.
    st.map.fitBounds(st.data.bounds, {animate: false, paddingTopLeft: [44, 24], paddingBottomRight: [16, 24]});
    st.fitting = false;
  }

  /* Place names written on the map (a report card's neighbours): plain text in a div icon, never parsed as HTML. */
  function names(st, list) {
    var L = window.L;
    if (!st.names) { st.names = L.layerGroup().addTo(st.map); }
    st.names.clearLayers();
    list.forEach(function (n) {
      var el = document.createElement("span");
      el.textContent = n[0];
      L.marker([n[1], n[2]], {interactive: false, keyboard: false, pane: "dk-centres",
        icon: L.divIcon({className: "dk-name", html: el, iconSize: null})}).addTo(st.names);
    });
  }

  function inside(poly, latlng) {
    // Ray casting on every ring of every part: even number of crossings = outside.
    var x = latlng.lng, y = latlng.lat, odd = false;
    var parts = poly.getLatLngs();
    (function walk(rings) {
      if (!rings.length) { return; }
      if (rings[0].lat !== undefined) {
        for (var i = 0, j = rings.length - 1; i < rings.length; j = i++) {
          var a = rings[i], b = rings[j];
          if ((a.lat > y) !== (b.lat > y) && x < (b.lng - a.lng) * (y - a.lat) / (b.lat - a.lat) + a.lng) { odd = !odd; }
        }
        return;
      }
      rings.forEach(walk);
    })(parts);
    return odd;
  }

  function addKommuner(st, geo) {
    var L = window.L, q = Math.pow(10, geo.decimals || 3);
    Object.keys(geo.features).forEach(function (k) {
      var layer = L.geoJSON({type: "Feature", properties: {k: k}, geometry: decode(geo.features[k], q)}, {
        style: {color: "#ffffff", weight: 0.5, fillOpacity: 1, fillColor: "#cccccc", className: "dk-kommune"}
      });
      layer.eachLayer(function (poly) {
        function mark() { if (poly._path) { poly._path.setAttribute("data-k", k); poly._path.setAttribute("tabindex", "-1"); } }
        mark();
        poly.on("add", mark);
      });
      layer.bindTooltip(function () { return tipNode(kommuneLines(st, k)); }, {sticky: true});
      layer.on("mouseover", function () { layer.setStyle({weight: 2.5, color: "#111111"}); });
      layer.on("mouseout", function () { layer.setStyle({weight: 0.5, color: "#ffffff"}); });
      layer.on("click", function (e) {
        if (st.data.mode === "open") { L.DomEvent.stopPropagation(e); st.events.kommune(k); }
      });
      st.layers[k] = layer;
    });
  }

  function addFylker(st, geo) {
    var L = window.L, q = Math.pow(10, geo.decimals || 2);
    st.fylker = L.layerGroup();
    Object.keys(geo.features).forEach(function (k) {
      L.geoJSON({type: "Feature", properties: {k: k}, geometry: decode(geo.features[k], q)}, {
        interactive: false, style: {fill: false, color: "#222222", weight: 1.2, className: "dk-fylke"}
      }).addTo(st.fylker);
    });
    st.fylker.addTo(st.map);
  }

  function paint(st, data) {
    var L = window.L, map = st.map;
    st.data = data;
    st.index = {};
    data.k.forEach(function (k, i) { st.index[k] = i; });
    Object.keys(st.layers).forEach(function (k) {
      var layer = st.layers[k], i = st.index[k];
      if (i === undefined) {
        if (map.hasLayer(layer)) { map.removeLayer(layer); }
        return;
      }
      layer.setStyle({fillColor: data.palette[data.c[i]]});
      if (!map.hasLayer(layer)) { layer.addTo(map); }
    });
    if (st.fylker) { st.fylker.eachLayer(function (l) { l.bringToFront(); }); }
    st.centres.clearLayers();
    (data.centres || []).forEach(function (c) {
      var m = L.circleMarker([c[2], c[3]], {pane: "dk-centres", radius: c[4] ? 7 : 5, color: "#ffffff", weight: 1.5, fill: true,
        fillOpacity: 1, fillColor: c[4] ? data.newCentreColour : data.centreColour,
        className: c[4] ? "dk-centre dk-new-centre" : "dk-centre", bubblingMouseEvents: true});
      m.bindTooltip(tipNode([c[0], c[1]]));
      // Leaflet listens for focus on shapes with tooltips, which makes Chromium put each in the tab order:
      // the map stays one tab stop (shapes keep tabindex -1).
      m.on("add", function () { if (m._path) { m._path.setAttribute("tabindex", "-1"); } });
      m.addTo(st.centres);
    });
    if (st.highlight) { map.removeLayer(st.highlight); st.highlight = null; }
    var outline = data.highlightGeo ?  // a report card's own detailed outline, else the shared simplified one
      {type: "Feature", properties: {}, geometry: decode(data.highlightGeo.polys, Math.pow(10, data.highlightGeo.decimals))} :
      (data.highlight && st.layers[data.highlight] ? st.layers[data.highlight].toGeoJSON() : null);
    if (outline) {
      st.highlight = L.geoJSON(outline, {interactive: false,
        style: {fill: false, color: "#111111", weight: 3, className: "dk-highlight"}}).addTo(map);
    }
    names(st, data.names || []);
    if (data.basemap && !st.basemap) {
      st.basemap = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        {maxZoom: data.maxZoom || 9, attribution: "© OpenStreetMap"}).addTo(map);
      st.basemap.bringToBack();
    } else if (!data.basemap && st.basemap) { map.removeLayer(st.basemap); st.basemap = null; }
    var bounds = JSON.stringify(data.bounds);
    if (bounds !== st.bounds) {
      map.invalidateSize({pan: false});
      st.userMoved = false;
      fit(st);
      st.bounds = bounds;
    }
    if (st.resetButton) {
      st.resetButton.title = data.labels.reset || "";
      st.resetButton.setAttribute("aria-label", data.labels.reset || "");
    }
    // Leaflet's zoom buttons say "Zoom in"/"Zoom out" whatever the page's language: the page's words instead
    [[".leaflet-control-zoom-in", data.labels.zoomIn], [".leaflet-control-zoom-out", data.labels.zoomOut]]
      .forEach(function (pair) {
        var button = map.getContainer().querySelector(pair[0]);
        if (button && pair[1]) { button.title = pair[1]; button.setAttribute("aria-label", pair[1]); }
      });
    map.getContainer().setAttribute("aria-label", data.label);
    map.getContainer().setAttribute("data-version", data.version);
    map.getContainer().setAttribute("data-painted", String(data.k.length));
  }

  /* Draw or repaint the map in `host`. data: values (k, c, v, m, palette …), sources (geo, fylker, facts:
   * URLs or objects); events: {kommune(knr), point({lat, lng})}. Returns a promise that resolves when painted. */
  function render(host, data, events) {
    return Promise.all([load(data.geo), load(data.fylker), load(data.facts)]).then(function (loaded) {
      var st = host.__dk;
      if (!st) {
        st = host.__dk = setup(host, data, events);
        addKommuner(st, loaded[0]);
        addFylker(st, loaded[1]);
      }
      st.events = events;
      st.facts = loaded[2];
      paint(st, data);
      return st;
    });
  }

  window.DekningskartMap = {render: render, decode: decode};
})();
