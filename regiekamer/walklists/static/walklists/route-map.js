/*
 * Walk-list route map (Leaflet 1.9, vendored; no inline JS, no innerHTML with data).
 *
 * Markup: <div id="walk-map" data-tile-url="..." data-attribution="..." data-text-count="{count} ..."
 * data-text-error="..."></div> and the points as {{ points|json_script:"walk-route-points" }}:
 * [{n, label, lat, lon, anchor}] in route order. Draws a numbered marker per address (its popup
 * links to the address on the page) and the route as a line. When drawn, the map element gets
 * data-loaded="true" and data-count="N" (browser tests wait for these).
 */
(function () {
  "use strict";

  function setCount(text) {
    var target = document.getElementById("map-count");
    if (target) {
      target.textContent = text;
    }
  }

  function init() {
    var el = document.getElementById("walk-map");
    var source = document.getElementById("walk-route-points");
    if (!el || !source || el.dataset.initialised === "true") {
      return;
    }
    el.dataset.initialised = "true";
    if (typeof window.L === "undefined") {
      el.dataset.loaded = "error";
      setCount(el.dataset.textError || "");
      return;
    }
    var points;
    try {
      points = JSON.parse(source.textContent || "[]");
    } catch (e) {
      points = [];
    }
    points = points.filter(function (p) {
      return isFinite(p.lat) && isFinite(p.lon);
    });
    var map = window.L.map(el, { zoomControl: true, attributionControl: true });
    map.setView([51.37, 6.17], 12);
    var tileUrl = (el.dataset.tileUrl || "").trim();
    if (tileUrl) {
      window.L.tileLayer(tileUrl, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var latlngs = [];
    points.forEach(function (p) {
      var latlng = [p.lat, p.lon];
      latlngs.push(latlng);
      var icon = window.L.divIcon({ className: "rk-walk-marker", html: "", iconSize: [24, 24] });
      var marker = window.L.marker(latlng, { icon: icon, title: String(p.n) + ". " + String(p.label), keyboard: true });
      marker.on("add", function () {
        var node = marker.getElement();
        if (node) {
          node.textContent = String(p.n);
        }
      });
      marker.bindPopup(function () {
        var link = document.createElement("a");
        link.className = "utrecht-link";
        link.href = "#" + String(p.anchor);
        link.textContent = String(p.n) + ". " + String(p.label);
        return link;
      });
      marker.addTo(map);
    });
    if (latlngs.length > 1) {
      window.L.polyline(latlngs, { color: "#1b5fa8", weight: 3, opacity: 0.8 }).addTo(map);
    }
    if (latlngs.length > 0) {
      map.fitBounds(window.L.latLngBounds(latlngs), { padding: [24, 24], maxZoom: 17 });
    }
    el.dataset.count = String(points.length);
    setCount((el.dataset.textCount || "{count}").replace("{count}", String(points.length)));
    el.dataset.loaded = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
