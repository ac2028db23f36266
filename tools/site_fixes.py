"""Small fixes that make the built site correct and quiet in a real browser.

A Sphinx extension, loaded by ``_config.yml`` (``sphinx.local_extensions``).
Each fix is tested by the browser tests in ``tests/test_site.py``.

1. **Launch buttons only once the book has a repository URL.** ``_config.yml``
   configures Binder and Colab but leaves ``repository.url`` empty, because only
   whoever publishes a copy of the book knows where it lives.  The theme cannot
   build launch links without that URL, so until it is set the launch buttons
   are switched off (with one message); as soon as it is set they appear on
   every notebook page with no other change. The repository button (a link to
   the repository on every page) is switched on with the URL too.
2. **No duplicated inline scripts.** The Thebe configuration script can be
   registered twice; the second copy redeclares a ``const`` and raises an error
   in the browser.  Identical scripts are kept once.
3. **Widgets with MathJax 3.** The widget manager typesets widget labels with
   MathJax 2's ``MathJax.Hub.Queue``.  On pages with widgets, a two-line shim
   maps that call to MathJax 3's ``typesetPromise``.
4. **Widget fonts from the site.** The widget manager finds its icon fonts
   relative to the module name it is loaded under; on pages with widgets,
   require.js is told that this name lives in the site's offline folder.
5. **A defined colour mode.** The theme expects a default light/dark mode and
   logs an error when none is set; the default is "auto".
6. **Named controls.** The table of contents opens a chapter's parts with a
   ``<summary>`` that holds only an icon; it gets a name a screen reader can
   say. On pages with widgets, each slider's handle gets the slider's label as
   its name and the value it shows (not its index) as its spoken value.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

LAUNCH_KEYS = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url", "thebe")


def guard_launch_buttons(app: Sphinx, config) -> None:
    options = dict(config.html_theme_options or {})
    if options.get("repository_url") and not options.get("use_repository_button"):
        # Jupyter Book refuses `use_repository_button: true` without a URL, so
        # _config.yml says false and the button is switched on here with it.
        options["use_repository_button"] = True
        config.html_theme_options = options
    launch = dict(options.get("launch_buttons") or {})
    if options.get("repository_url") or not any(launch.get(k) for k in LAUNCH_KEYS):
        return
    for key in LAUNCH_KEYS:
        launch[key] = False if key == "thebe" else ""
    options["launch_buttons"] = launch
    config.html_theme_options = options
    LOGGER.info("launch buttons: off until `repository.url` is set in _config.yml (see README.md)")


# MathJax 3 replaces the global object at start-up, so the shim is installed
# twice: on the configuration object (for widgets drawn before start-up) and
# again once MathJax is ready.
MATHJAX2_SHIM = (
    "(function () {"
    " var hub = {Queue: function (job) { var el = job && job[2];"
    " if (window.MathJax && window.MathJax.typesetPromise) {"
    " window.MathJax.typesetPromise(el ? [el] : undefined); } }};"
    " var mj = window.MathJax = window.MathJax || {};"
    " mj.Hub = hub; mj.startup = mj.startup || {};"
    " mj.startup.ready = function () { window.MathJax.startup.defaultReady();"
    " window.MathJax.Hub = hub; };"
    "})();"
)

REQUIRE_PATHS = (
    "(function () {"
    " var tag = document.querySelector('script[src*=\"offline/requirejs/require.js\"]');"
    " if (!tag || !window.require) { return; }"
    " var base = tag.src.replace(/requirejs\\/require\\.js.*$/, '');"
    " window.require.config({paths: {'@jupyter-widgets/html-manager/dist': base + 'html-manager'}});"
    "})();"
)


# The widget manager draws each slider as a noUiSlider handle with role
# "slider" but no name; its visible label and readout sit beside it. This
# copies the label into aria-label and the readout into aria-valuetext, now
# and whenever the readout changes.
SLIDER_NAMES = (
    "(function () {"
    " function name(root) {"
    "  (root || document).querySelectorAll('.widget-slider, .widget-hslider').forEach(function (box) {"
    "   var handle = box.querySelector('.noUi-handle'); if (!handle) { return; }"
    "   var label = box.querySelector('.widget-label');"
    "   var readout = box.querySelector('.widget-readout');"
    "   var text = label && label.textContent.trim();"
    "   handle.setAttribute('aria-label', text || 'figure');"
    "   if (readout) { handle.setAttribute('aria-valuetext', readout.textContent.trim()"
    "     || readout.value || ''); }"
    "  });"
    " }"
    " var pending = false;"
    " new MutationObserver(function () { if (pending) { return; } pending = true;"
    "  window.requestAnimationFrame(function () { pending = false; name(); }); })"
    "  .observe(document.documentElement, {subtree: true, childList: true, characterData: true,"
    "   attributes: true, attributeFilter: ['aria-valuenow']});"
    " document.addEventListener('DOMContentLoaded', function () { name(); });"
    "})();"
)

TOC_TOGGLE = '<summary><span class="toctree-toggle" role="presentation">'
TOC_TOGGLE_NAMED = (
    '<summary aria-label="Show or hide the parts of this chapter">'
    '<span class="toctree-toggle" role="presentation">'
)


def name_toc_toggles(app: Sphinx, exception: Exception | None) -> None:
    """Give every icon-only table-of-contents toggle a name (after the HTML is written)."""
    if exception is not None or app.builder.format != "html":
        return
    from pathlib import Path

    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if TOC_TOGGLE in text:
            page.write_text(text.replace(TOC_TOGGLE, TOC_TOGGLE_NAMED), encoding="utf-8")


def _script(body: str):
    from sphinx.builders.html._assets import _JavaScript

    return _JavaScript(None, body=body)


def _key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    return (getattr(script, "filename", None) or "", tuple(sorted(attributes.items())))


def fix_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not context.get("default_mode"):
        context["default_mode"] = "auto"
    scripts = context.get("script_files")
    if not scripts:
        return
    unique, seen = [], set()
    for script in scripts:
        key = _key(script)
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    out = []
    for script in unique:
        out.append(script)
        name = getattr(script, "filename", "") or ""
        body = (getattr(script, "attributes", {}) or {}).get("body", "")
        if name.endswith("requirejs/require.js"):
            out.append(_script(REQUIRE_PATHS))
            out.append(_script(SLIDER_NAMES))
        elif body.startswith("window.MathJax =") and any(
            (getattr(s, "filename", "") or "").endswith("embed-amd.js") for s in unique
        ):
            out.append(_script(MATHJAX2_SHIM))
    context["script_files"] = out


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", guard_launch_buttons)
    app.connect("html-page-context", fix_page, priority=900)
    app.connect("build-finished", name_toc_toggles)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
