// Loaded after require.js and before the Jupyter widget manager (see
// tools/offline_assets.py): the AMD module "anywidget", the front-end of the
// book's live widgets, is the copy served beside this file, never a CDN's.
(function () {
  var src = document.currentScript && document.currentScript.src;
  if (!src || typeof window.require === "undefined") { return; }
  var here = src.slice(0, src.lastIndexOf("/") + 1);
  window.require.config({ paths: { anywidget: here + "anywidget/index" } });
})();
