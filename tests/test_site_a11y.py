"""The website for every reader: screen readers, keyboard, no JavaScript, dark mode, phones.

Browser tests beside ``tests/test_site.py`` (they reuse its page list, its
offline page visit and its build). They check what ``tools/a11y_fixes.py``,
``tools/a11y_fixes.js`` and ``_static/a11y.css`` do:

* toggle buttons say which one is selected (``aria-pressed``), after a click
  and after a key press, and their row is a group named by its label;
* every frame of every interactive figure has its own description, and a
  polite live region says the new picture's description when a control moves;
* formulas are not tab stops, and MathJax's speech explorer works with no
  request leaving the site and no console error;
* with JavaScript off, each interactive figure shows its first picture with
  its description and a note, formulas carry a notice, the theme's colours hold;
* in dark mode, figures keep their colours on a white card;
* at 320 px no page scrolls sideways; at 390 px figures are sharp (drawn at
  twice their displayed width, or vector) and sliders span the column.

The site is built once (as ``make book`` does) unless ``_build/html`` is newer
than every source file; ``SITE_REUSE_BUILD=1`` uses the existing build as is.
Run it under the build lock, as the README says.
"""

from __future__ import annotations

import io
import json
import os
import re
from html.parser import HTMLParser

import pytest

from test_site import (
    HTML,
    INTERACTIVE_PAGES,
    ROOT,
    PageVisit,
    _pages,
    _wait_for_math,
)

pytestmark = pytest.mark.site

SOURCES = ("book", "src", "tools", "_static", "_config.yml", "_toc.yml")


def _newest_source() -> float:
    times = []
    for name in SOURCES:
        path = ROOT / name
        if path.is_file():
            times.append(path.stat().st_mtime)
        elif path.is_dir():
            times.extend(p.stat().st_mtime for p in path.rglob("*")
                         if p.is_file() and "__pycache__" not in p.parts
                         and ".ipynb_checkpoints" not in p.parts)
    return max(times)


def _reuse() -> bool:
    return os.environ.get("SITE_REUSE_BUILD") == "1"


def _build_is_fresh() -> bool:
    if _reuse():
        return (HTML / "index.html").is_file()
    pages = [HTML / page for page in _pages()]
    if not all(p.is_file() for p in pages):
        return False
    return min(p.stat().st_mtime for p in pages) >= _newest_source()


@pytest.fixture(scope="session")
def a11y_site(site):
    """The built site, served once for every site test (``site`` in conftest)."""
    return site


@pytest.fixture(scope="session")
def a11y_browser(browser):
    """The session's one Chromium (``browser`` in conftest)."""
    return browser


class _Visit(PageVisit):
    """PageVisit with a chosen viewport, colour scheme and JavaScript switch."""

    def __init__(self, browser, base, path, **context):
        if _reuse() and not (HTML / path).is_file():
            pytest.skip(f"{path} is not in the existing build (SITE_REUSE_BUILD=1)")
        super().__init__(_ContextBrowser(browser, context), base, path)


class _ContextBrowser:
    def __init__(self, browser, options):
        self.browser, self.options = browser, options

    def new_context(self, **kwargs):
        return self.browser.new_context(**{**kwargs, **self.options})


def _ready(page, path: str) -> None:
    """Wait for MathJax and (on interactive pages) the widgets to be drawn."""
    _wait_for_math(page)
    if path in INTERACTIVE_PAGES:
        page.wait_for_selector(".jupyter-widgets", timeout=20_000)
        page.wait_for_timeout(400)


def _clean(visit, path: str) -> None:
    assert visit.outside == [], f"{path}: requests that left the site: {visit.outside}"
    assert visit.failed == [], f"{path}: failed requests: {visit.failed}"
    assert visit.console_errors == [], f"{path}: console errors: {visit.console_errors}"


# What a screen reader hears for the picture(s) inside one widget box.
_DESCRIBE = """el => Array.from(el.querySelectorAll('img[alt], [role=img][aria-label]'))
    .filter(f => !f.closest('.widget-toggle-buttons, .widget-slider, .a11y-live'))
    .map(f => (f.getAttribute('alt') || f.getAttribute('aria-label') || '').trim())
    .filter(t => t).join(' ')"""


def _live_text(area) -> str:
    live = area.locator(":scope > .a11y-live")
    assert live.count() == 1, "the figure has no live region"
    assert live.get_attribute("aria-live") == "polite"
    return live.text_content().strip()


# --------------------------------------------------------------------------- static checks


def _widget_models(page: str) -> dict:
    if _reuse() and not (HTML / page).is_file():
        pytest.skip(f"{page} is not in the existing build (SITE_REUSE_BUILD=1)")
    text = (HTML / page).read_text(encoding="utf-8")
    match = re.search(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>',
                      text, re.S)
    assert match, f"{page}: no widget state"
    return json.loads(match.group(1))["state"]


class _Descriptions(HTMLParser):
    """The descriptions of the pictures in one HTML frame."""

    def __init__(self):
        super().__init__()
        self.pictures: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.pictures.append((attrs.get("alt") or "").strip())
        elif tag == "svg" and attrs.get("role") == "img":
            self.pictures.append((attrs.get("aria-label") or "").strip())


def _frame_pictures(value: str) -> list[str]:
    parser = _Descriptions()
    parser.feed(value)
    return parser.pictures


@pytest.mark.parametrize("path", sorted(INTERACTIVE_PAGES))
def test_every_frame_of_every_figure_has_its_own_description(a11y_site, path):
    """Each frame in a Stack is an HTML picture with a description; frames of one figure differ."""
    models = _widget_models(path)
    images = [k for k, m in models.items() if m["model_name"] == "ImageModel"]
    assert images == [], f"{path}: {len(images)} image widgets (they cannot carry alt text)"
    stacks = [m["state"] for m in models.values() if m["model_name"] == "StackModel"]
    assert stacks, f"{path}: no interactive figure in the widget state"
    checked = 0
    for stack in stacks:
        frames = [models[c.removeprefix("IPY_MODEL_")] for c in stack["children"]]
        leaves = [f["state"].get("value", "") for f in frames if f["model_name"] == "HTMLModel"]
        if not leaves:
            continue   # a stack of stacks: its leaves are checked as stacks of their own
        described = []
        for value in leaves:
            if not value.strip():
                continue   # a placeholder before a slider's first value
            pictures = _frame_pictures(value)
            assert pictures, f"{path}: a frame with no picture: {value[:80]!r}"
            assert all(len(p) >= 20 for p in pictures), f"{path}: a picture without a description {pictures}"
            described.append(" ".join(pictures))
        assert len(described) >= 2, f"{path}: a figure with fewer than two described frames"
        assert len(set(described)) == len(described), (
            f"{path}: frames of one figure share a description (it should come from each frame's data): "
            f"{[d[:60] for d in described]}"
        )
        checked += len(described)
    assert checked >= 2


# --------------------------------------------------------------------------- screen readers


@pytest.mark.parametrize("path", sorted(p for p, n in INTERACTIVE_PAGES.items() if n["toggles"]))
def test_toggle_buttons_say_which_one_is_selected(a11y_browser, a11y_site, path):
    visit = _Visit(a11y_browser, a11y_site, path)
    try:
        page = visit.page
        _ready(page, path)
        rows = page.locator(".widget-toggle-buttons")
        assert rows.count() == INTERACTIVE_PAGES[path]["toggles"]
        for i in range(rows.count()):
            row = rows.nth(i)
            buttons = row.locator("button")
            n = buttons.count()
            group = row.locator(":scope > [role=group]")
            assert group.count() == 1, f"{path}: toggle row {i} is not a group"
            label = row.locator(":scope > .widget-label").inner_text().strip()
            named = page.evaluate(
                "id => (document.getElementById(id) || {}).textContent", group.get_attribute("aria-labelledby")
            )
            assert label and named and named.strip() == label, f"{path}: row {i} group not named by {label!r}"

            def pressed():
                return [buttons.nth(j).get_attribute("aria-pressed") for j in range(n)]

            def active():
                return ["true" if "mod-active" in (buttons.nth(j).get_attribute("class") or "") else "false"
                        for j in range(n)]

            assert pressed() == ["true"] + ["false"] * (n - 1), f"{path}: row {i} starts as {pressed()}"
            area = row.locator("xpath=ancestor::div[contains(@class, 'widget-subarea')][1]")
            before = _live_text(area)
            assert before == "", f"{path}: the first picture was announced: {before!r}"
            buttons.nth(n - 1).scroll_into_view_if_needed()
            buttons.nth(n - 1).click()                          # by mouse
            page.wait_for_timeout(300)
            assert pressed() == ["false"] * (n - 1) + ["true"], f"{path}: after a click {pressed()}"
            assert pressed() == active()
            shown = area.evaluate(_DESCRIBE)
            assert shown and _live_text(area) == shown, f"{path}: row {i}: the live region does not say the picture"
            buttons.nth(0).focus()                              # by keyboard
            page.keyboard.press("Space")
            page.wait_for_timeout(300)
            assert pressed() == ["true"] + ["false"] * (n - 1), f"{path}: after Space {pressed()}"
            assert pressed() == active()
            assert _live_text(area) == area.evaluate(_DESCRIBE) != shown
        _clean(visit, path)
    finally:
        visit.close()


@pytest.mark.parametrize("path", sorted(p for p, n in INTERACTIVE_PAGES.items() if n["sliders"]))
def test_a_moved_slider_announces_the_new_picture(a11y_browser, a11y_site, path):
    visit = _Visit(a11y_browser, a11y_site, path)
    try:
        page = visit.page
        _ready(page, path)
        handles = page.locator(".widget-slider .noUi-handle")
        assert handles.count() == INTERACTIVE_PAGES[path]["sliders"]
        for i in range(handles.count()):
            handle = handles.nth(i)
            area = handle.locator("xpath=ancestor::div[contains(@class, 'widget-subarea')][1]")
            before = area.evaluate(_DESCRIBE)
            assert before, f"{path}: slider {i}: the picture has no description"
            handle.scroll_into_view_if_needed()
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(300)
            after = area.evaluate(_DESCRIBE)
            assert after and after != before, f"{path}: slider {i}: the description did not change"
            assert _live_text(area) == after, f"{path}: slider {i}: the live region does not say the picture"
        _clean(visit, path)
    finally:
        visit.close()


def _source(page: str) -> Path | None:
    """The notebook or MyST file a built page comes from (None for generated pages)."""
    for suffix in (".ipynb", ".md"):
        path = ROOT / page.replace(".html", suffix)
        if path.is_file():
            return path
    return None


# Chosen from the sources, not the build, so that a fresh clone (no build yet at
# collection time) runs these tests on the same pages.
_MATH_PAGES = [p for p in _pages() if _source(p) is not None
               and re.search(r"\$\$|\$[^$\s][^$]*\$|\{math\}", _source(p).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("path", _MATH_PAGES)
def test_formulas_are_not_tab_stops(a11y_browser, a11y_site, path):
    visit = _Visit(a11y_browser, a11y_site, path)
    try:
        page = visit.page
        _ready(page, path)
        page.wait_for_function("() => document.querySelector('mjx-container')", timeout=20_000)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        # A formula wider than the column scrolls, so it must take focus; no other may.
        wide = "el => el.scrollWidth > el.clientWidth + 1"
        stops = page.evaluate(
            f"() => Array.from(document.querySelectorAll('mjx-container, mjx-container *'))"
            f".filter(el => el.tabIndex >= 0 && el.hasAttribute('tabindex') && !({wide})(el)).length"
        )
        assert stops == 0, f"{path}: {stops} formulas are tab stops"
        unreachable = page.evaluate(
            f"() => Array.from(document.querySelectorAll('mjx-container[display=true]'))"
            f".filter(el => ({wide})(el) && el.tabIndex < 0).length"
        )
        assert unreachable == 0, f"{path}: {unreachable} wide formulas cannot be scrolled from the keyboard"
        landed = 0
        for _ in range(40):
            page.keyboard.press("Tab")
            landed += page.evaluate(
                f"() => {{ const f = document.activeElement && document.activeElement.closest('mjx-container');"
                f" return !!f && !({wide})(f); }}"
            )
        assert landed == 0, f"{path}: Tab landed on a formula {landed} times"
        _clean(visit, path)
    finally:
        visit.close()


def test_formula_speech_works_offline(a11y_browser, a11y_site):
    """Switching on MathJax's explorer (formula menu > Accessibility) loads its rules from the site."""
    path = "book/notation.html"
    visit = _Visit(a11y_browser, a11y_site, path)
    try:
        page = visit.page
        _ready(page, path)
        before = page.evaluate("() => document.querySelectorAll('mjx-container').length")
        assert before > 0
        page.evaluate("() => MathJax.startup.document.menu.menu.pool.lookup('explorer').setValue(true)")
        page.wait_for_function(
            "n => document.querySelectorAll('mjx-container[aria-label]').length === n", arg=before,
            timeout=30_000,
        )
        page.wait_for_load_state("networkidle")
        after = page.evaluate("() => document.querySelectorAll('mjx-container').length")
        assert after == before, f"{before} formulas before the explorer, {after} after"
        spoken = page.evaluate("() => document.querySelector('mjx-container[aria-label]').getAttribute('aria-label')")
        assert spoken.strip(), "no formula has speech"
        assert any("mathmaps/en.json" in url for url in visit.requests), "the English rules were not loaded"
        _clean(visit, path)
    finally:
        visit.close()


# --------------------------------------------------------------------------- without JavaScript


@pytest.mark.parametrize("path", [p for p in _pages() if p != "index.html"])   # index only redirects
def test_page_reads_without_javascript(a11y_browser, a11y_site, path):
    visit = _Visit(a11y_browser, a11y_site, path, java_script_enabled=False)
    try:
        page = visit.page
        page.wait_for_load_state("load")
        assert page.evaluate("() => document.documentElement.dataset.theme") == "light"
        colour = page.evaluate(
            "() => getComputedStyle(document.documentElement).getPropertyValue('--pst-color-link').trim()"
        )
        assert colour, f"{path}: the theme's colours are missing without JavaScript"
        html = (HTML / path).read_text(encoding="utf-8")
        if 'class="math' in html:
            note = page.locator(".nojs-note")
            assert note.count() == 1 and note.is_visible(), f"{path}: formulas without a notice"
        outputs = html.count('type="application/vnd.jupyter.widget-view+json"')
        fallbacks = page.locator(".widget-fallback")
        assert fallbacks.count() == outputs, f"{path}: {outputs} widgets, {fallbacks.count()} fallbacks"
        for i in range(fallbacks.count()):
            box = fallbacks.nth(i)
            assert box.is_visible() and box.bounding_box()["height"] > 40, f"{path}: fallback {i} is not shown"
            pictures = box.evaluate(
                """el => Array.from(el.querySelectorAll('img, svg[role=img]')).map(p =>
                     [p.tagName === 'IMG' ? p.alt : p.getAttribute('aria-label'),
                      p.tagName === 'IMG' ? (p.complete && p.naturalWidth > 0) : true])"""
            )
            note = box.locator(".widget-fallback-note")
            note = note.inner_text() if note.count() else ""
            if note.startswith("Interactive figure"):
                assert re.match(r"Interactive figure: with JavaScript on, .+ \d+ pictures; this is", note), note
                assert pictures, f"{path}: fallback {i} has a note but no picture"
            elif not pictures:
                assert note.startswith("Interactive part:"), f"{path}: fallback {i} shows nothing and says nothing"
            for alt, loaded in pictures:
                assert alt and len(alt) >= 20, f"{path}: fallback {i}: picture without description"
                assert loaded, f"{path}: fallback {i}: picture did not load"
        if path in INTERACTIVE_PAGES:
            assert outputs >= 1
        assert visit.outside == [], f"{path}: requests that left the site: {visit.outside}"
        failed = [f for f in visit.failed if not f.endswith("(csp)")]   # scripts, refused as asked
        assert failed == [], f"{path}: failed requests: {failed}"
    finally:
        visit.close()


# --------------------------------------------------------------------------- dark mode


def _luminance(rgb) -> float:
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(float(c)) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


_FIGURE_PAGES = [p for p in _pages() if _source(p) is not None and _source(p).suffix == ".ipynb"]


@pytest.mark.parametrize("path", _FIGURE_PAGES)
def test_figures_keep_their_colours_in_dark_mode(a11y_browser, a11y_site, path):
    """Figures are not dimmed and sit on an opaque white card, whose white stays white on screen."""
    from PIL import Image

    visit = _Visit(a11y_browser, a11y_site, path, color_scheme="dark", viewport={"width": 1280, "height": 900})
    try:
        page = visit.page
        _ready(page, path)
        page.wait_for_function("() => document.documentElement.dataset.theme === 'dark'", timeout=10_000)
        figures = page.locator(".bd-content img, .bd-content .widget-html-content svg[role=img]")
        seen = 0
        for i in range(figures.count()):
            figure = figures.nth(i)
            if not figure.is_visible():
                continue
            box = figure.bounding_box()
            if not box or box["width"] < 80 or box["height"] < 40:
                continue
            style = figure.evaluate(
                "el => { const s = getComputedStyle(el); return [s.filter, s.backgroundColor]; }"
            )
            assert style[0] == "none", f"{path}: figure {i} is dimmed by {style[0]!r}"
            rgba = [float(x) for x in re.findall(r"[\d.]+", style[1])]
            alpha = rgba[3] if len(rgba) == 4 else 1.0
            assert alpha == 1.0 and _luminance(rgba) > 0.9, f"{path}: figure {i} has no white card: {style[1]}"
            figure.scroll_into_view_if_needed()
            shot = Image.open(io.BytesIO(figure.screenshot())).convert("RGB")
            brightest = max(_luminance(shot.getpixel((x, y)))
                            for x in range(0, shot.width, 7) for y in range(0, shot.height, 7))
            assert brightest > 0.95, f"{path}: figure {i}'s white shows as {brightest:.2f} (dimmed)"
            seen += 1
        assert seen >= 1, f"{path}: no figure checked"
    finally:
        visit.close()


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize("path", _pages())
def test_no_page_scrolls_sideways_at_320px(a11y_browser, a11y_site, path):
    visit = _Visit(a11y_browser, a11y_site, path, viewport={"width": 320, "height": 720})
    try:
        page = visit.page
        _ready(page, path)
        page.wait_for_timeout(200)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            culprits = page.evaluate(
                """() => Array.from(document.querySelectorAll('main *'))
                     .filter(e => e.getBoundingClientRect().right > 321 && e.children.length === 0)
                     .slice(0, 4).map(e => e.tagName + '.' + e.className + ': ' + e.textContent.slice(0, 40))"""
            )
            pytest.fail(f"{path}: the page is {width} px wide at a 320 px viewport: {culprits}")
    finally:
        visit.close()


def _phone(browser, base, path):
    return _Visit(browser, base, path, viewport={"width": 390, "height": 844},
                  device_scale_factor=2, is_mobile=True, has_touch=True)


_BLURRY = """() => Array.from(document.querySelectorAll('.bd-content img'))
    .filter(i => i.offsetParent !== null && i.clientWidth > 80)
    .filter(i => i.naturalWidth < 1.9 * i.clientWidth)
    .map(i => [i.naturalWidth, i.clientWidth, (i.alt || '').slice(0, 50)])"""



@pytest.mark.parametrize("path", _FIGURE_PAGES)
def test_figures_are_sharp_on_a_phone(a11y_browser, a11y_site, path):
    """Every figure is drawn at twice the width it is shown at on a 390 px phone (SVG is exempt)."""
    visit = _phone(a11y_browser, a11y_site, path)
    try:
        page = visit.page
        _ready(page, path)
        blurry = page.evaluate(_BLURRY)
        assert blurry == [], f"{path}: figures drawn at less than twice their width on a phone: {blurry}"
    finally:
        visit.close()


@pytest.mark.parametrize("path", sorted(p for p, n in INTERACTIVE_PAGES.items() if n["sliders"]))
def test_sliders_span_the_column_on_a_phone(a11y_browser, a11y_site, path):
    visit = _phone(a11y_browser, a11y_site, path)
    try:
        page = visit.page
        _ready(page, path)
        tracks = page.evaluate(
            """() => Array.from(document.querySelectorAll('.widget-slider .slider-container')).map(t =>
                 [t.getBoundingClientRect().width,
                  t.closest('.widget-subarea').getBoundingClientRect().width])"""
        )
        assert len(tracks) == INTERACTIVE_PAGES[path]["sliders"]
        for track, column in tracks:
            assert track >= 0.7 * column, f"{path}: a slider track is {track:.0f} px of a {column:.0f} px column"
    finally:
        visit.close()
