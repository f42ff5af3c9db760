// The interactive API documentation: Swagger UI (served by the app, from drf-spectacular-sidecar),
// reading the schema of this site. No request leaves the site: the online validator badge is off.
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("swagger-ui");
    if (!element || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    window.SwaggerUIBundle({
      url: element.getAttribute("data-schema-url"),
      domNode: element,
      validatorUrl: null,
      deepLinking: false,
      supportedSubmitMethods: ["get", "head"],
      defaultModelsExpandDepth: 0,
      withCredentials: true
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
