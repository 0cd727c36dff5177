/*
 * Regiekamer address map (Leaflet 1.9, vendored; no inline JS, no innerHTML with data).
 *
 * Markup (the page also renders the same addresses as a list/table: the text alternative):
 *
 *   <p class="rk-map-status"><span id="map-count" class="rk-map-count" role="status"></span></p>
 *   <div id="map" class="rk-map"
 *        data-geojson-url="{% url 'registry:map-geojson' code=... %}"
 *        data-tile-url="{{ tile_url }}"            (empty: no basemap at all, e.g. in tests)
 *        data-attribution="{{ tile_attribution }}"
 *        data-center-lat="52.09" data-center-lon="5.12" data-zoom="12"
 *        data-text-count-one="{% translate '1 adres' %}"              (optional, see TEXTS)
 *        data-text-count-other="{% translate '{count} adressen' %}"   (optional)
 *        data-text-over-norm="{% translate 'Boven de norm' %}"        (optional)
 *        ...></div>
 *   <script src="{% static 'vendor/leaflet/leaflet.js' %}" nonce="{{ csp_nonce }}" defer></script>
 *   <script src="{% static 'regiekamer/map.js' %}" nonce="{{ csp_nonce }}" defer></script>
 *
 * The GeoJSON is a FeatureCollection of Point features with properties
 * {label, url, over_norm: bool, persons, norm}.
 *
 * When the points are drawn, the map element gets data-loaded="true" and data-count="N", and
 * #map-count reads e.g. "1234 adressen" (browser tests wait for these). On failure:
 * data-loaded="error" and an error text in #map-count.
 */
(function () {
  "use strict";

  // Dutch defaults. The template passes translated texts as data-text-* attributes on the map
  // element (data-text-count-other="{% translate '{count} adressen' %}"), so that Django i18n
  // stays the one source of translations: data-text-count-one, data-text-count-other,
  // data-text-loading, data-text-error, data-text-over-norm, data-text-persons,
  // data-text-persons-no-norm, data-text-open. Placeholders: {count}, {persons}, {norm}.
  var TEXTS = {
    countOne: "1 adres",
    countOther: "{count} adressen",
    loading: "Kaart wordt geladen…",
    error: "De adressen konden niet worden geladen.",
    overNorm: "Boven de norm",
    persons: "{persons} ingeschreven personen, norm {norm}",
    personsNoNorm: "{persons} ingeschreven personen",
    open: "Dossier openen"
  };

  var DEFAULT_CENTER = [52.1, 5.3]; // the Netherlands
  var DEFAULT_ZOOM = 8;

  function texts(el) {
    var result = {};
    Object.keys(TEXTS).forEach(function (key) {
      // data-text-count-one -> dataset.textCountOne
      var attr = "text" + key.charAt(0).toUpperCase() + key.slice(1);
      result[key] = el.dataset[attr] || TEXTS[key];
    });
    return result;
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  function number(value, fallback) {
    var n = parseFloat(value);
    return isFinite(n) ? n : fallback;
  }

  function cssColour(el, property, fallback) {
    var value = window.getComputedStyle(el).getPropertyValue(property).trim();
    return value || fallback;
  }

  function setCount(text) {
    var target = document.getElementById("map-count");
    if (target) {
      target.textContent = text;
    }
  }

  function isSafeUrl(url) {
    // Only same-origin relative paths or http(s): never javascript: or data: from the data.
    if (typeof url !== "string" || url === "") {
      return false;
    }
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:";
    } catch (e) {
      return false;
    }
  }

  function popupContent(properties, t) {
    var box = document.createElement("div");
    box.className = "rk-map-popup";

    var label = properties.label == null ? "" : String(properties.label);
    var title;
    if (isSafeUrl(properties.url)) {
      title = document.createElement("a");
      title.className = "utrecht-link utrecht-link--html-a rk-map-popup__title";
      title.href = properties.url;
      title.textContent = label || t.open;
    } else {
      title = document.createElement("strong");
      title.className = "rk-map-popup__title";
      title.textContent = label;
    }
    box.appendChild(title);

    if (properties.persons != null) {
      var meta = document.createElement("span");
      meta.className = "rk-map-popup__meta";
      meta.textContent = properties.norm != null
        ? format(t.persons, { persons: properties.persons, norm: properties.norm })
        : format(t.personsNoNorm, { persons: properties.persons });
      box.appendChild(meta);
    }

    if (properties.over_norm === true) {
      var badge = document.createElement("span");
      badge.className = "rk-badge rk-badge--danger rk-map-popup__badge";
      badge.textContent = t.overNorm;
      box.appendChild(badge);
    }
    return box;
  }

  function isPoint(feature) {
    return feature && feature.geometry && feature.geometry.type === "Point" &&
      Array.isArray(feature.geometry.coordinates) && feature.geometry.coordinates.length >= 2 &&
      isFinite(feature.geometry.coordinates[0]) && isFinite(feature.geometry.coordinates[1]);
  }

  function initMap(el) {
    if (el.dataset.initialised === "true") {
      return;
    }
    el.dataset.initialised = "true";
    el.dataset.loaded = "false";
    var t = texts(el);

    if (typeof window.L === "undefined") {
      el.dataset.loaded = "error";
      setCount(t.error);
      return;
    }

    var map = window.L.map(el, {
      preferCanvas: true,
      zoomControl: true,
      attributionControl: true
    });
    map.setView(
      [number(el.dataset.centerLat, DEFAULT_CENTER[0]), number(el.dataset.centerLon, DEFAULT_CENTER[1])],
      number(el.dataset.zoom, DEFAULT_ZOOM)
    );

    var tileUrl = (el.dataset.tileUrl || "").trim();
    if (tileUrl) {
      window.L.tileLayer(tileUrl, {
        attribution: el.dataset.attribution || "",
        maxZoom: 19
      }).addTo(map);
    }

    var overColour = cssColour(el, "--rk-map-over-norm-color", "#c0262d");
    var withinColour = cssColour(el, "--rk-map-within-norm-color", "#1b5fa8");
    var strokeColour = cssColour(el, "--rk-color-ink", "#1f2328");

    setCount(t.loading);

    var url = el.dataset.geojsonUrl;
    if (!url) {
      el.dataset.loaded = "error";
      setCount(t.error);
      return;
    }

    fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/geo+json, application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var features = (data && Array.isArray(data.features) ? data.features : []).filter(isPoint);
        // Draw addresses above the norm last, so they lie on top.
        features.sort(function (a, b) {
          var ao = a.properties && a.properties.over_norm === true ? 1 : 0;
          var bo = b.properties && b.properties.over_norm === true ? 1 : 0;
          return ao - bo;
        });

        var layer = window.L.geoJSON({ type: "FeatureCollection", features: features }, {
          pointToLayer: function (feature, latlng) {
            var over = feature.properties && feature.properties.over_norm === true;
            return window.L.circleMarker(latlng, {
              radius: over ? 7 : 5,
              color: strokeColour,
              weight: 1,
              fillColor: over ? overColour : withinColour,
              fillOpacity: 0.85
            });
          },
          onEachFeature: function (feature, marker) {
            marker.bindPopup(function () {
              return popupContent(feature.properties || {}, t);
            });
          }
        }).addTo(map);

        var bounds = layer.getBounds();
        if (features.length > 0 && bounds.isValid()) {
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
        }

        var count = features.length;
        el.dataset.count = String(count);
        setCount(count === 1 ? t.countOne : format(t.countOther, { count: count }));
        el.dataset.loaded = "true";
      })
      .catch(function () {
        el.dataset.loaded = "error";
        setCount(t.error);
      });
  }

  function init() {
    var maps = document.querySelectorAll("#map, [data-rk-map]");
    Array.prototype.forEach.call(maps, initMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
