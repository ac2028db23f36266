/* Kernel-free figures for every reader (inlined into pages by tools/a11y_fixes.py).
 *
 * 1. Each row of toggle buttons becomes a named group, and each button says
 *    whether it is the selected one (aria-pressed), kept in step with the
 *    widget's own "mod-active" class whether the reader clicks or uses keys.
 * 2. Each interactive figure gets a polite live region; when a slider or a
 *    button changes the picture, the region says the new picture's
 *    description (its alt text), so a screen reader announces what changed.
 *    The first picture is not announced: it is read with the page.
 * 3. A text box labelled "kernel only" does nothing on the website, so it is
 *    made read-only there.
 * 4. Formulas are out of the tab order (see _config.yml), except a displayed
 *    formula wider than the column, which scrolls and so must take focus.
 * 5. Switching on MathJax's speech explorer from the formula menu loads the
 *    speech rules first; MathJax's menu re-renders the formulas without
 *    waiting for them and loses every formula. The menu's re-render is made to
 *    wait and retry, as MathJax's own typesetting does.
 */
(function () {
  "use strict";
  var CONTROLS = ".widget-toggle-buttons, .widget-slider, .widget-hslider";
  var count = 0;

  function describe(area) {
    var parts = [];
    area.querySelectorAll("img[alt], [role=img][aria-label]").forEach(function (frame) {
      if (frame.closest(CONTROLS) || frame.closest(".a11y-live")) { return; }
      var text = (frame.getAttribute("alt") || frame.getAttribute("aria-label") || "").trim();
      if (text) { parts.push(text); }
    });
    return parts.join(" ");
  }

  function toggles(root) {
    root.querySelectorAll(".widget-toggle-buttons").forEach(function (row) {
      var label = row.querySelector(":scope > .widget-label");
      var group = row.querySelector(":scope > div");
      if (group && !group.hasAttribute("role")) {
        group.setAttribute("role", "group");
        if (label && label.textContent.trim()) {
          if (!label.id) { count += 1; label.id = "a11y-toggle-label-" + count; }
          group.setAttribute("aria-labelledby", label.id);
        }
      }
      row.querySelectorAll("button").forEach(function (button) {
        var on = button.classList.contains("mod-active") ? "true" : "false";
        if (button.getAttribute("aria-pressed") !== on) { button.setAttribute("aria-pressed", on); }
      });
    });
  }

  function liveRegions(root) {
    root.querySelectorAll(".widget-subarea").forEach(function (area) {
      if (!area.querySelector(CONTROLS)) { return; }
      var text = describe(area);
      var live = area.querySelector(":scope > .a11y-live");
      if (!live) {
        live = document.createElement("div");
        live.className = "a11y-live";
        live.setAttribute("aria-live", "polite");
        live.setAttribute("aria-atomic", "true");
        live.setAttribute("data-shown", text);
        area.appendChild(live);
        return;
      }
      if (text && text !== live.getAttribute("data-shown")) {
        live.setAttribute("data-shown", text);
        live.textContent = text;
      }
    });
  }

  function kernelOnly(root) {
    root.querySelectorAll(".widget-text").forEach(function (box) {
      var label = box.querySelector(".widget-label");
      var input = box.querySelector("input");
      if (input && !input.readOnly && label && /kernel only/i.test(label.textContent)) {
        input.readOnly = true;
      }
    });
  }

  function fix() {
    toggles(document);
    liveRegions(document);
    kernelOnly(document);
  }

  function patientMenu() {
    var mj = window.MathJax;
    if (!mj || !mj.startup || !mj.startup.promise) { return; }
    mj.startup.promise.then(function () {
      var menu = mj.startup.document && mj.startup.document.menu;
      var core = mj._ && mj._.mathjax && mj._.mathjax.mathjax;
      if (!menu || !core || menu.a11yPatient) { return; }
      var rerender = menu.rerender.bind(menu);
      menu.rerender = function (start) {
        return core.handleRetriesFor(function () { rerender(start); }).catch(function (err) {
          console.warn("MathJax could not re-render the formulas: " + err);
        });
      };
      menu.a11yPatient = true;
    });
    mj.startup.promise.then(wideFormulas);
  }

  // Formulas are not tab stops, except a displayed formula too wide for the
  // column: it scrolls sideways, and a keyboard reader must be able to reach it.
  function wideFormulas() {
    document.querySelectorAll('mjx-container[display="true"]').forEach(function (f) {
      if (f.scrollWidth > f.clientWidth + 1) {
        f.setAttribute("tabindex", "0");
      } else if (f.getAttribute("tabindex") === "0") {
        f.setAttribute("tabindex", "-1");
      }
    });
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(wideFormulas, 200);
  });

  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(); });
  }).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["class"]
  });
  document.addEventListener("DOMContentLoaded", fix);
  window.addEventListener("load", patientMenu);
})();
