// The JSME structure editor beside a form's structure field (a static file, so the Content Security Policy needs
// no inline script). JSME calls the global jsmeOnLoad once its code has loaded.
"use strict";
window.jsmeOnLoad = function () {
  const field = document.querySelector("textarea[name=structure]");
  const editor = new JSApplet.JSME("jsme-editor", "420px", "320px", {options: "oldlook,star,nocanonize"});
  window.structureEditor = editor;
  if (field.value.trim()) {
    editor.readGenericMolecularInput(field.value.trim());
  }
  document.getElementById("use-drawing").addEventListener("click", function () {
    const smiles = editor.smiles();
    if (smiles) { field.value = smiles; }
  });
};
