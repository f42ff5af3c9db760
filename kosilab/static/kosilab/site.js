// KoSI-Lab: keep keyboard and screen-reader users in place when htmx replaces part of a page.
document.addEventListener("htmx:afterSettle", function (event) {
  var region = event.detail.target;
  if (!region || !document.body.contains(region)) {
    region = document.getElementById(event.detail.elt && event.detail.elt.id) || null;
  }
  if (!region || region.hasAttribute("data-keep-focus")) {
    return;  // e.g. the list of an autocomplete (kosilab/core/widgets.py): the focus stays in its input
  }
  // Prefer the first field with an error, then a status message, then the region itself.
  var target = region.querySelector("[aria-invalid='true'], .form-errors, .messages") || region;
  if (!target.hasAttribute("tabindex") && !target.matches("input, select, textarea, button, a[href]")) {
    target.setAttribute("tabindex", "-1");
  }
  target.focus({ preventScroll: false });
});
