"""The website for every reader: screen readers, no JavaScript, dark mode, phones.

A Sphinx extension, loaded by ``_config.yml`` (``sphinx.local_extensions``);
its styles are ``_static/a11y.css``. Each fix is checked in a real browser by
``tests/test_site_a11y.py``.

1. **Figures that say what they show.** A small script (``a11y_fixes.js``,
   inlined into every page) gives each row of toggle buttons its selected
   state (``aria-pressed``), and each interactive figure a polite live region
   that reads out the new picture's alt text when a control changes it.
2. **Formulas out of the tab order.** ``_config.yml`` tells MathJax not to make
   every formula a tab stop (``mathjax3_config``); its speech and braille
   explorer stays available from the formula menu and works offline, because
   the English speech rules are served with MathJax (``tools/offline_assets.py``).
3. **Reading without JavaScript.** After the HTML is written, each widget
   output gets a ``<noscript>`` copy of the picture the widget starts on, with
   its alt text and one line saying what the controls would do; a page with
   formulas gets a ``<noscript>`` note that they need JavaScript (they show as
   TeX source); and the page declares the light colour theme, which the
   theme's script would otherwise set, so colours and the header hold together.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
from pathlib import Path

from sphinx.application import Sphinx

HERE = Path(__file__).resolve().parent

STATE_RE = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S
)
VIEW_RE = re.compile(
    r'(<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>)', re.S
)
HTML_TAG_RE = re.compile(r"<html\b[^>]*>")
ARTICLE_TAG = '<article class="bd-article">'

MATH_NOTE = (
    '<noscript><p class="nojs-note">The formulas on this page are typeset by JavaScript. '
    "With it switched off they appear as their TeX source: backslash-parenthesis pairs mark a "
    "formula in a sentence, backslash-bracket pairs a displayed one.</p></noscript>"
)

SLIDERS = {"IntSliderModel", "FloatSliderModel", "SelectionSliderModel"}
BUTTONS = {"ToggleButtonsModel", "RadioButtonsModel", "DropdownModel"}
BOXES = {"VBoxModel", "HBoxModel", "BoxModel", "GridBoxModel"}


def _ref(value) -> str | None:
    if isinstance(value, str) and value.startswith("IPY_MODEL_"):
        return value[len("IPY_MODEL_"):]
    return None


def _options(state: dict) -> list[str]:
    return [str(o) for o in state.get("_options_labels", [])]


class _Fallback:
    """The static version of one widget: the picture it starts on and its controls."""

    def __init__(self, models: dict):
        self.models = models
        self.controls: list[tuple[str, dict]] = []

    def render(self, model_id: str | None) -> str:
        model = self.models.get(model_id or "")
        if model is None:
            return ""
        name, state = model.get("model_name", ""), model.get("state", {})
        if name == "HTMLModel":
            return state.get("value", "") or ""
        if name == "StackModel":
            children = state.get("children", [])
            index = state.get("selected_index")
            if not children or index is None or not 0 <= int(index) < len(children):
                return ""
            return self.render(_ref(children[int(index)]))
        if name in BOXES:
            return "".join(self.render(_ref(child)) for child in state.get("children", []))
        if name in SLIDERS or name in BUTTONS:
            self.controls.append((name, state))
            return ""
        if name in ("TextModel", "TextareaModel", "LabelModel"):
            label = html.escape(str(state.get("description", "")))
            value = html.escape(str(state.get("value", "")))
            return f'<p class="widget-fallback-text">{label} {value}</p>'
        return ""

    def note(self) -> str:
        """One sentence on what the controls would do, or '' for a figure with none."""
        if not self.controls:
            return ""
        parts, total, start = [], 1, []
        for name, state in self.controls:
            label = str(state.get("description", "")).strip().rstrip(":").strip()
            if name in SLIDERS:
                if name == "SelectionSliderModel":
                    options = _options(state)
                    n, index = len(options), int(state.get("index", 0) or 0)
                    value = options[index] if 0 <= index < n else ""
                    first = index == 0
                else:
                    lo, hi = state.get("min", 0), state.get("max", 0)
                    n = int(round((hi - lo) / (state.get("step") or 1))) + 1
                    value, first = state.get("value", lo), state.get("value", lo) == lo
                parts.append(f"a slider for {label}" if label else "a slider")
            else:
                options = _options(state)
                n, index = len(options), int(state.get("index", 0) or 0)
                value = options[index] if 0 <= index < n else ""
                first = index == 0
                names = ", ".join(f"“{o}”" for o in options)
                parts.append(f"buttons for {label} ({names})" if label else f"buttons ({names})")
            total *= max(n, 1)
            start.append((label, value, first))
        how = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        verb = "steps through" if len(parts) == 1 and how.startswith("a slider") else "choose among"
        sentence = f"with JavaScript on, {how} {verb} {total} pictures"
        if all(first for _, _, first in start):
            shown = "this is the first."
        else:
            shown = "this is the one for " + ", ".join(
                f"{label} = {value}" if label else str(value) for label, value, _ in start) + "."
        return html.escape(f"Interactive figure: {sentence}; ") + html.escape(shown)


#: What stands in for a widget that computes in the page (anywidget: quizzes,
#: live figures), which has no picture to show without JavaScript.
LIVE_NOTE = ("Interactive part: it computes in the page when JavaScript is on; "
             "with JavaScript off there is nothing to show here.")


def widget_fallback(models: dict, model_id: str) -> str:
    """The ``<noscript>`` block that stands in for one widget when JavaScript is off."""
    fallback = _Fallback(models)
    body = fallback.render(model_id)
    note = fallback.note()
    if not body and not note:
        note = html.escape(LIVE_NOTE)
    note_html = f'<p class="widget-fallback-note">{note}</p>' if note else ""
    return f'<noscript><div class="widget-fallback">{note_html}{body}</div></noscript>'


DATA_PNG_RE = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def _png_files(fallback: str, images: Path | None, page_dir: Path | None) -> str:
    """Write the fallback's inline PNGs to ``images`` and link them instead.

    A ``<noscript>`` image is fetched only when JavaScript is off, so readers
    with JavaScript on do not download the pictures twice.
    """
    if images is None or page_dir is None:
        return fallback

    def write(match: re.Match) -> str:
        data = base64.b64decode(match.group(1))
        name = f"nojs-{hashlib.sha256(data).hexdigest()[:20]}.png"
        images.mkdir(parents=True, exist_ok=True)
        target = images / name
        if not target.is_file():
            target.write_bytes(data)
        return f'src="{Path(os.path.relpath(target, page_dir)).as_posix()}"'

    return DATA_PNG_RE.sub(write, fallback)


def fix_html(text: str, images: Path | None = None, page_dir: Path | None = None) -> str:
    """Add the no-JavaScript fallbacks and the light theme to one written page.

    With ``images`` (a folder of the site) and ``page_dir`` (the page's folder),
    the fallback pictures are written there as files rather than inlined.
    """
    text = HTML_TAG_RE.sub(lambda m: m.group(0).replace('data-theme="auto"', 'data-theme="light"'),
                           text, count=1)
    if 'class="math' in text and "nojs-note" not in text:
        text = text.replace(ARTICLE_TAG, ARTICLE_TAG + MATH_NOTE, 1)
    state = STATE_RE.search(text)
    if state is None or "widget-fallback" in text:
        return text
    try:
        models = json.loads(state.group(1))["state"]
    except (ValueError, KeyError):
        return text

    def add(match: re.Match) -> str:
        try:
            model_id = json.loads(match.group(2))["model_id"]
        except (ValueError, KeyError):
            return match.group(1)
        return match.group(1) + _png_files(widget_fallback(models, model_id), images, page_dir)

    return VIEW_RE.sub(add, text)


def postprocess(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = fix_html(text, Path(app.outdir) / "_images", page.parent)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


def _script() -> str:
    return (HERE / "a11y_fixes.js").read_text(encoding="utf-8")


def rewrite_pages_when_the_script_changes(app: Sphinx, env, added, changed, removed) -> list[str]:
    """Every page carries the script inline, so a new script means every page is written again."""
    digest = hashlib.sha256(_script().encode("utf-8")).hexdigest()
    if getattr(env, "a11y_script_digest", None) == digest:
        return []
    env.a11y_script_digest = digest
    return sorted(env.found_docs)


def setup(app: Sphinx) -> dict:
    app.add_js_file(None, body=_script())
    app.connect("env-get-outdated", rewrite_pages_when_the_script_changes)
    app.connect("build-finished", postprocess)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
