// Starts Swagger UI on the document named by the page (data-spec-url). Kept
// out of the HTML so the page's Content-Security-Policy can forbid inline
// scripts.
'use strict';
(function () {
  var root = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: root.getAttribute('data-spec-url'),
    domNode: root,
    deepLinking: true,
    // No call-outs: the page must work with no network beyond this server.
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
})();
