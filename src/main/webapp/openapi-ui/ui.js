// The OpenAPI UI for this service: the document at /openapi (its server is "/", the origin that
// served it), so "Try it out" calls this same instance.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: new URL('../openapi', window.location.href).toString(),
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: false,
    displayOperationId: true,
    defaultModelsExpandDepth: 1,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout'
  });
});
