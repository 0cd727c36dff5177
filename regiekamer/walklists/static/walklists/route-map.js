/*
 * Walk-list route map (Leaflet 1.9, vendored; no inline JS, no innerHTML with data).
 *
 * Markup: <div id="walk-map" data-tile-url="..." data-attribution="..." data-text-count="{count} ..."
 * data-text-error="..."></div> and the points as {{ points|json_script:"walk-route-points" }}:
 * [{n, label, lat, lon, anchor}] in route order. Draws a numbered marker per address (its popup
 * links to the address on the page) and the route as a line. When drawn, the map element gets
 * data-loaded="true", data-count="N" (addresses) and data-places="M" (markers; units in one
 * building share one) (browser tests wait for these).
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
    // Units in one building share their coordinates: one marker per place, numbered "1–3" or "2, 5".
    var latlngs = [];
    var places = [];
    var byKey = {};
    points.forEach(function (p) {
      latlngs.push([p.lat, p.lon]);
      var key = Number(p.lat).toFixed(6) + "," + Number(p.lon).toFixed(6);
      if (!byKey[key]) {
        byKey[key] = { latlng: [p.lat, p.lon], points: [] };
        places.push(byKey[key]);
      }
      byKey[key].points.push(p);
    });
    places.forEach(function (place) {
      var numbers = place.points.map(function (p) { return Number(p.n); });
      var text = numbers.length > 1 && numbers[numbers.length - 1] - numbers[0] === numbers.length - 1
        ? numbers[0] + "\u2013" + numbers[numbers.length - 1]
        : numbers.join(", ");
      var icon = window.L.divIcon({ className: "rk-walk-marker", html: "", iconSize: [0, 0] });
      var title = place.points.map(function (p) { return String(p.n) + ". " + String(p.label); }).join("; ");
      var marker = window.L.marker(place.latlng, { icon: icon, title: title, keyboard: true });
      marker.on("add", function () {
        var node = marker.getElement();
        if (node && !node.firstChild) {
          var badge = document.createElement("span");
          badge.className = "rk-walk-marker__badge";
          badge.textContent = text;
          node.appendChild(badge);
        }
      });
      marker.bindPopup(function () {
        var box = document.createElement("div");
        place.points.forEach(function (p) {
          var link = document.createElement("a");
          link.className = "utrecht-link rk-walk-marker__link";
          link.href = "#" + String(p.anchor);
          link.textContent = String(p.n) + ". " + String(p.label);
          box.appendChild(link);
        });
        return box;
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
    el.dataset.places = String(places.length);
    setCount((el.dataset.textCount || "{count}").replace("{count}", String(points.length)));
    el.dataset.loaded = "true";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
