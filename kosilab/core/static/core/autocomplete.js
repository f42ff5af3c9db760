/* The combobox of kosilab/core/widgets.py (ARIA 1.2 combobox with a listbox popup).
   htmx fills the listbox as the person types; this file adds the keyboard, the choice and the
   announcements. Loaded once however many widgets a page has; works on content htmx swaps in. */
(function () {
  "use strict";
  if (window.kosilabAutocomplete) { return; }
  window.kosilabAutocomplete = true;

  var COMBO = "[data-autocomplete] [role=combobox]";

  function parts(element) {
    var root = element.closest("[data-autocomplete]");
    return {
      root: root,
      input: root.querySelector("[role=combobox]"),
      list: root.querySelector("[role=listbox]"),
      value: root.querySelector("[data-autocomplete-value]"),
      status: root.querySelector("[data-autocomplete-status]")
    };
  }

  function options(p) {
    return Array.prototype.slice.call(p.list.querySelectorAll("[role=option]"));
  }

  function close(p) {
    p.list.hidden = true;
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
  }

  function open(p) {
    if (!options(p).length) { return; }
    p.list.hidden = false;
    p.input.setAttribute("aria-expanded", "true");
  }

  function activate(p, index) {
    var all = options(p);
    if (!all.length) { return; }
    index = (index + all.length) % all.length;
    all.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
      option.classList.toggle("active", i === index);
    });
    p.input.setAttribute("aria-activedescendant", all[index].id);
    all[index].scrollIntoView({ block: "nearest" });
  }

  function activeIndex(p) {
    var id = p.input.getAttribute("aria-activedescendant");
    return options(p).findIndex(function (option) { return option.id === id; });
  }

  function choose(p, option) {
    if (p.value) { p.value.value = option.getAttribute("data-value"); }
    p.input.value = option.getAttribute("data-label");
    close(p);
    p.status.textContent = option.getAttribute("data-label");
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail && event.detail.target;
    if (!list || !list.matches || !list.matches("[data-autocomplete] [role=listbox]")) { return; }
    var p = parts(list);
    options(p).forEach(function (option, i) { option.id = list.id + "-" + i; });
    p.input.removeAttribute("aria-activedescendant");
    if (options(p).length) {
      open(p);
      p.status.textContent = p.root.getAttribute("data-some");
    } else {
      close(p);
      p.status.textContent = p.input.value.trim().length >= 2 ? p.root.getAttribute("data-none") : "";
    }
  });

  document.addEventListener("input", function (event) {
    if (!event.target.matches || !event.target.matches(COMBO)) { return; }
    var p = parts(event.target);
    if (p.value) { p.value.value = ""; }  // typed again: nothing chosen until a match is picked
  });

  document.addEventListener("keydown", function (event) {
    if (!event.target.matches || !event.target.matches(COMBO)) { return; }
    var p = parts(event.target);
    var expanded = !p.list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!expanded) { open(p); }
      var current = activeIndex(p);
      if (event.key === "ArrowDown") { activate(p, current < 0 ? 0 : current + 1); }
      else { activate(p, current < 0 ? -1 : current - 1); }
    } else if (event.key === "Enter" && expanded && activeIndex(p) >= 0) {
      event.preventDefault();  // choose, do not submit the form yet
      choose(p, options(p)[activeIndex(p)]);
    } else if (event.key === "Escape" && expanded) {
      event.preventDefault();
      close(p);
    }
  });

  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("[data-autocomplete] [role=option]")) {
      event.preventDefault();  // keep the focus in the input
    }
  });

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest("[data-autocomplete] [role=option]");
    if (option) { choose(parts(option), option); }
  });

  document.addEventListener("focusout", function (event) {
    if (!event.target.matches || !event.target.matches(COMBO)) { return; }
    close(parts(event.target));
  });
}());
