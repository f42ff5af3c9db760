/* Maps (docs/maps.md). The page gives everything as JSON (json_script), no inline script:
   [data-place-map]  markers of the places listed beside the map;
   [data-map-picker] a map that writes the clicked point into the form's latitude and longitude
                     fields (which always work on their own: the map is an enhancement). */
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  function data(element, attribute) {
    var source = document.getElementById(element.getAttribute(attribute));
    return source ? JSON.parse(source.textContent) : null;
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  function baseMap(element, config) {
    var map = L.map(element, {scrollWheelZoom: false, attributionControl: false, fadeAnimation: false});
    L.control.attribution({prefix: false}).addAttribution(escapeHtml(config.attribution)).addTo(map);
    L.tileLayer(config.tiles, {maxZoom: 19, crossOrigin: false}).addTo(map);
    return map;
  }

  function placeMap(element) {
    var payload = data(element, "data-place-map");
    if (!payload || !payload.points.length) { return; }
    var map = baseMap(element, payload.config);
    var bounds = [];
    payload.points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lng], {title: point.title, alt: point.title, keyboard: true});
      var popup = document.createElement("div");
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.title;
      popup.appendChild(link);
      if (point.place) {
        var place = document.createElement("p");
        place.textContent = point.place;
        popup.appendChild(place);
      }
      marker.bindPopup(popup).addTo(map);
      bounds.push([point.lat, point.lng]);
    });
    if (bounds.length === 1) {
      map.setView(bounds[0], 15);
    } else {
      map.fitBounds(bounds, {padding: [30, 30], maxZoom: 16});
    }
  }

  function number(input) {
    var value = parseFloat(String(input.value).replace(",", "."));
    return isFinite(value) ? value : null;
  }

  function mapPicker(element) {
    var payload = data(element, "data-map-picker");
    if (!payload) { return; }
    var latitude = document.getElementById(payload.latitude);
    var longitude = document.getElementById(payload.longitude);
    var status = document.getElementById("map-picker-status");
    if (!latitude || !longitude) { return; }
    var map = baseMap(element, payload.config);
    var marker = null;

    function show(lat, lng, pan) {
      if (marker) {
        marker.setLatLng([lat, lng]);
      } else {
        marker = L.marker([lat, lng], {title: payload.marker, alt: payload.marker, keyboard: true}).addTo(map);
      }
      if (pan) {  // before the first view, the map has no zoom yet
        var zoom = map.getZoom();
        map.setView([lat, lng], typeof zoom === "number" && isFinite(zoom) ? Math.max(zoom, 15) : 15);
      }
    }

    function fromInputs(pan) {
      var lat = number(latitude), lng = number(longitude);
      if (lat !== null && lng !== null && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
        show(lat, lng, pan);
        return true;
      }
      return false;
    }

    if (!fromInputs(true)) {
      map.setView(payload.config.center, payload.config.zoom);
    }
    latitude.addEventListener("change", function () { fromInputs(true); });
    longitude.addEventListener("change", function () { fromInputs(true); });
    map.on("click", function (event) {
      var point = event.latlng.wrap();
      latitude.value = point.lat.toFixed(6);
      longitude.value = point.lng.toFixed(6);
      show(point.lat, point.lng, false);
      if (status) {
        status.textContent = payload.picked.replace("%(lat)s", latitude.value).replace("%(lng)s", longitude.value);
      }
    });
  }

  document.querySelectorAll("[data-place-map]").forEach(placeMap);
  document.querySelectorAll("[data-map-picker]").forEach(mapPicker);
}());
