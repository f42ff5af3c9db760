// Session planner: keep keyboard focus on the moved block, a print button, and drag and drop as
// an extra for mouse users. Everything works without this file (plain forms); it only helps.
(function () {
  "use strict";

  // After htmx replaced the agenda, focus the button that was pressed (site.js focused the region).
  document.addEventListener("htmx:afterSettle", function () {
    var agenda = document.getElementById("agenda");
    var id = agenda && agenda.getAttribute("data-focus");
    var target = id && document.getElementById(id);
    if (target && !target.disabled) {
      target.focus();
    }
    enableDragging();
  });

  function enableDragging() {
    var agenda = document.getElementById("agenda");
    if (!agenda || agenda.getAttribute("data-reorderable") !== "true" || agenda.dataset.dragReady) {
      return;
    }
    agenda.dataset.dragReady = "1";
    var dragged = null;
    var rows = function () {
      return Array.prototype.slice.call(agenda.querySelectorAll("tbody tr[data-block]"));
    };
    rows().forEach(function (row) {
      row.setAttribute("draggable", "true");
    });
    agenda.addEventListener("dragstart", function (event) {
      dragged = event.target.closest && event.target.closest("tr[data-block]");
      if (!dragged) {
        return;
      }
      dragged.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.getAttribute("data-block"));
    });
    agenda.addEventListener("dragover", function (event) {
      var over = event.target.closest && event.target.closest("tr[data-block]");
      if (!dragged || !over) {
        return;
      }
      event.preventDefault();
      rows().forEach(function (row) {
        row.classList.toggle("drop-before", row === over && over !== dragged);
      });
    });
    agenda.addEventListener("dragend", function () {
      rows().forEach(function (row) {
        row.classList.remove("drop-before", "is-dragging");
      });
      dragged = null;
    });
    agenda.addEventListener("drop", function (event) {
      var over = event.target.closest && event.target.closest("tr[data-block]");
      if (!dragged || !over || over === dragged) {
        return;
      }
      event.preventDefault();
      var list = rows();
      var from = list.indexOf(dragged);
      var to = list.indexOf(over);
      over.parentNode.insertBefore(dragged, from < to ? over.nextSibling : over);
      var form = document.getElementById("reorder-form");
      if (!form) {
        return;
      }
      form.elements.order.value = rows().map(function (row) {
        return row.getAttribute("data-block");
      }).join(",");
      if (window.htmx) {
        window.htmx.trigger(form, "submit");
      } else {
        form.submit();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enableDragging();
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();
