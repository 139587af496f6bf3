// Starts the vendored ReDoc on the schema URL the page carries.
(function () {
  const settings = JSON.parse(document.getElementById("redoc-settings").textContent);
  const url = settings.url;
  delete settings.url;
  Redoc.init(url, settings, document.getElementById("redoc-ui"));
})();
