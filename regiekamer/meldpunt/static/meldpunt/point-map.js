/*
 * The public meldpunt's point picker (Leaflet, vendored; no inline JS: CSP).
 * A click on the map writes the point into the latitude and longitude fields and chooses
 * "a place without an address"; the fields stay visible, so the form works without the map
 * (keyboard, screen reader, no JavaScript).
 */
(function () {
  "use strict";

  function init() {
    var el = document.getElementById("mp-map");
    if (!el || !window.L || !el.dataset.tileUrl) {
      return;
    }
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    var centre = [parseFloat(el.dataset.centerLat) || 52.1, parseFloat(el.dataset.centerLon) || 5.3];
    var map = window.L.map(el).setView(centre, 13);
    window.L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
    var marker = null;

    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = window.L.marker(latlng).addTo(map);
      }
    }

    var start = [parseFloat(lat.value), parseFloat(lon.value)];
    if (isFinite(start[0]) && isFinite(start[1])) {
      place(start);
      map.setView(start, 16);
    }
    map.on("click", function (event) {
      place(event.latlng);
      lat.value = event.latlng.lat.toFixed(5);
      lon.value = event.latlng.lng.toFixed(5);
      var choice = document.querySelector("input[name='place'][value='kaart']");
      if (choice) {
        choice.checked = true;
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
