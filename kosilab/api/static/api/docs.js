// The interactive API documentation: Swagger UI (served by the app, from drf-spectacular-sidecar),
// reading the schema of this site. No request leaves the site: the online validator badge is off.
// Its own layout would put a second <main> inside the page's; ours draws the errors and the
// operations (in a named region); each response shows its schema. Scrollable examples get a tab
// stop as they appear.
(function () {
  "use strict";
  function layoutPlugin(label) {
    return function (system) {
      var h = system.React.createElement;
      return {
        components: {
          KosilabLayout: function (props) {
            var Errors = props.getComponent("errors", true);
            var Operations = props.getComponent("operations", true);
            return h(
              "div",
              { className: "swagger-ui" },
              h(Errors, null),
              h("section", { id: "operations", "aria-label": label }, h("div", { className: "wrapper" }, h(Operations, null)))
            );
          }
        }
      };
    };
  }
  function repair(element) {
    element.querySelectorAll("pre:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });
  }
  function start() {
    var element = document.getElementById("swagger-ui");
    if (!element || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    new MutationObserver(function () {
      repair(element);
    }).observe(element, { childList: true, subtree: true });
    window.SwaggerUIBundle({
      url: element.getAttribute("data-schema-url"),
      domNode: element,
      validatorUrl: null,
      deepLinking: false,
      supportedSubmitMethods: ["get", "head"],
      defaultModelsExpandDepth: 0,
      syntaxHighlight: false,
      plugins: [layoutPlugin(element.getAttribute("data-operations-label") || "")],
      layout: "KosilabLayout",
      withCredentials: true
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
