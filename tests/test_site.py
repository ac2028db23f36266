"""The website: it builds strictly, and every page works offline and accessibly in a real browser.

Run by ``make test-site``.  The build runs once per session, with the same
command and flags as ``make book``; the browser tests then serve ``_build/html``
on 127.0.0.1 and open every page in Debian's Chromium through Playwright.

Where Chromium or Playwright is missing, the browser tests skip with a loud
reason, unless ``REQUIRE_BROWSER=1`` (set by ``.ci/run``), where they fail.
"""

from __future__ import annotations

import json
import http.server
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Pages with kernel-free figures: how many sliders and toggle-button rows each
# has. The browser test moves every one of them and checks the figure changes.
INTERACTIVE_PAGES = {
    "book/widgets_demo.html": {"sliders": 1, "toggles": 0},
    "book/01_one_hot_vs_lookup_1_product.html": {"sliders": 1, "toggles": 1},
    "book/02_columns_as_nodes_1_units.html": {"sliders": 0, "toggles": 1},
    "book/03_the_formula_1_shapes.html": {"sliders": 3, "toggles": 1},
    "book/03_the_formula_2_in_practice.html": {"sliders": 0, "toggles": 1},
    "book/04_training_1_gradients.html": {"sliders": 2, "toggles": 0},
    "book/04_training_2_choices.html": {"sliders": 0, "toggles": 1},
    "book/05_pca_analogy_1_pca.html": {"sliders": 1, "toggles": 0},
    "book/05_pca_analogy_2_sgns.html": {"sliders": 1, "toggles": 0},
}


def _toc_pages() -> list[str]:
    """Every page listed in _toc.yml, as the path of its HTML file."""
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    return [f"{name}.html" for name in re.findall(r"(?:root|file):\s*(\S+)", toc)]



# --------------------------------------------------------------------------- build


# The `build` fixture (the book built once per session, as `make book` does)
# lives in tests/conftest.py, so every site test module shares that one build.


def test_book_builds_with_zero_warnings(build):
    log = build.stdout + build.stderr
    warnings = [line for line in log.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL):", line)]
    assert build.returncode == 0, f"jupyter-book build failed:\n{log[-6000:]}"
    assert warnings == [], "the build printed warnings:\n" + "\n".join(warnings)
    assert (HTML / "index.html").is_file()


def test_offline_assets_are_in_the_site(build):
    assert build.returncode == 0
    offline = HTML / "_static" / "offline"
    for entry in ("mathjax/tex-mml-chtml.js", "requirejs/require.js", "html-manager/embed-amd.js"):
        assert (offline / entry).is_file(), f"{entry} missing: the site would need a CDN"
    # Nothing under a scanned static folder: only the entry points are linked from pages.
    page = (HTML / "book" / "notation.html").read_text(encoding="utf-8")
    assert "offline/mathjax/tex-mml-chtml.js" in page
    assert "offline/mathjax/input" not in page


def test_every_toc_page_was_built(build):
    assert build.returncode == 0
    pages = _toc_pages()
    assert pages, "no pages found in _toc.yml"
    for page in pages:
        name = page.removesuffix(".html")
        sources = [ROOT / f"{name}{ext}" for ext in (".md", ".ipynb")]
        assert any(p.is_file() for p in sources), f"_toc.yml lists {name}, which does not exist"
        assert (HTML / page).is_file(), f"{page} was not built"


def test_every_chapter_page_links_its_download(build):
    # tools/chapter_downloads.py: a zip of the chapter's notebooks and an
    # embedlab wheel, linked from the chapter page with the commands that run it.
    assert build.returncode == 0
    chapters = [md for md in sorted((ROOT / "book").glob("[0-9][0-9]_*.md"))
                if any((ROOT / "book").glob(f"{md.name[:2]}_*.ipynb"))]
    assert chapters
    for md in chapters:
        page = (HTML / "book" / f"{md.stem}.html").read_text(encoding="utf-8")
        link = re.search(r'href="(\.\./_downloads/[0-9a-f]+/' + re.escape(md.stem) + r'\.zip)"', page)
        assert link, f"{md.stem}.html does not link {md.stem}.zip"
        assert (HTML / "book" / link.group(1)).resolve().is_file(), f"{link.group(1)} is not in the site"
        text = " ".join(re.sub(r"<[^>]+>", "", page).split())   # the code block is highlighted
        assert re.search(r"pip install embedlab-[\w.]+-py3-none-any\.whl jupyterlab", text)
        assert f"jupyter lab {md.stem}_" in text


def test_pages_reveal_no_path_of_the_machine_that_built_them(build):
    assert build.returncode == 0
    leaks = [p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
             if str(ROOT) in p.read_text(encoding="utf-8")]
    assert leaks == [], f"pages that contain the build folder's path {ROOT}: {leaks}"


class _ImageAlts(HTMLParser):
    """Collects the alt text of every <img> of a page."""

    def __init__(self):
        super().__init__()
        self.alts: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.alts.add(dict(attrs).get("alt") or "")


def _alt_texts(notebook: Path) -> list[str]:
    """The alt text that each figure-producing cell of a notebook declares."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [
        c["metadata"]["mystnb"]["image"]["alt"]
        for c in cells
        if c["cell_type"] == "code" and "alt" in c["metadata"].get("mystnb", {}).get("image", {})
    ]


def _toc_notebooks() -> list[Path]:
    return [ROOT / f"{page.removesuffix('.html')}.ipynb" for page in _toc_pages()
            if (ROOT / f"{page.removesuffix('.html')}.ipynb").is_file()]


@pytest.mark.parametrize("notebook", _toc_notebooks(), ids=lambda p: p.name)
def test_every_declared_figure_is_on_the_page_with_its_alt_text(build, notebook):
    assert build.returncode == 0
    page = (HTML / "book" / f"{notebook.stem}.html").read_text(encoding="utf-8")
    on_page = _ImageAlts()
    on_page.feed(page)
    missing = [alt[:60] for alt in _alt_texts(notebook) if alt not in on_page.alts]
    assert missing == [], f"{notebook.name}: figures missing from the page: {missing}"


# --------------------------------------------------------------------------- browser


def _browser_or_skip():
    """Return Playwright's sync API, or skip (fail under REQUIRE_BROWSER=1) with a reason."""
    required = os.environ.get("REQUIRE_BROWSER") == "1"
    reason = None
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:  # pragma: no cover - depends on the machine
        reason = "the Playwright Python package is not installed"
    if reason is None and not CHROMIUM.is_file():
        reason = f"{CHROMIUM} is missing (install Debian's chromium package)"
    if reason is not None:
        if required:
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason}. Set REQUIRE_BROWSER=1 to make this an error.")
    from playwright.sync_api import sync_playwright

    return sync_playwright


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


# The `site` (the built book served on 127.0.0.1) and `browser` (one Chromium
# for the session) fixtures are in tests/conftest.py, shared by every site test.


class PageVisit:
    """One page opened with every request recorded and every outside request blocked."""

    def __init__(self, browser, base: str, path: str):
        self.base = base
        self.host = urlparse(base).netloc
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []
        self.requests: list[str] = []
        self.context = browser.new_context(service_workers="block")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.on("response", self._response)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"page error: {exc}"))
        self.page.goto(base + path, wait_until="load")

    def _route(self, route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob") or parsed.netloc == self.host:
            self.requests.append(url)
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _console(self, msg):
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def close(self):
        self.context.close()


def _pages() -> list[str]:
    """The pages a reader can reach: the chapters and pages of the TOC, search and index."""
    return ["index.html", *_toc_pages(), "search.html", "genindex.html"]


def _wait_for_math(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('.math') || "
        "(window.MathJax && MathJax.startup && MathJax.startup.promise)",
        timeout=20_000,
    )
    page.evaluate(
        "() => (window.MathJax && MathJax.startup && MathJax.startup.promise) || null"
    )


# Text outside code, with math rendered, must contain no TeX delimiters.
_RAW_TEX = r"""() => {
  const main = document.querySelector('main') || document.body;
  const clone = main.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, mjx-assistive-mml, .MathJax')
       .forEach(el => el.remove());
  return clone.innerText;
}"""


@pytest.mark.parametrize("path", _pages())
def test_page_works_offline(browser, site, path):
    visit = PageVisit(browser, site, path)
    try:
        page = visit.page
        _wait_for_math(page)
        page.wait_for_load_state("networkidle")
        has_math = page.evaluate("() => document.querySelectorAll('.math').length")
        if has_math:
            rendered = page.evaluate("() => document.querySelectorAll('mjx-container').length")
            assert rendered >= has_math, f"{path}: {has_math} math elements, {rendered} rendered"
        text = page.evaluate(_RAW_TEX)
        leftovers = re.findall(r"\\\(|\\\)|\\\[|\\\]|\$[^$\s][^$]*\$|\$\$", text)
        assert leftovers == [], f"{path}: raw TeX left in the text: {leftovers[:5]}"
        broken = page.evaluate(
            "() => Array.from(document.images)"
            ".filter(img => img.offsetParent !== null && !(img.complete && img.naturalWidth > 0))"
            ".map(img => img.src.slice(0, 80))"
        )
        assert broken == [], f"{path}: images that did not load: {broken}"
        assert visit.outside == [], f"{path}: requests that left the site: {visit.outside}"
        assert visit.failed == [], f"{path}: failed requests: {visit.failed}"
        assert visit.console_errors == [], f"{path}: console errors: {visit.console_errors}"
    finally:
        visit.close()


def _frames_in(box) -> list[str]:
    """The source of every visible image or HTML frame inside one widget box."""
    return box.evaluate(
        """el => Array.from(el.querySelectorAll('img, .widget-html-content'))
              .filter(e => e.offsetParent !== null)
              .map(e => e.tagName === 'IMG' ? e.src : e.innerHTML)"""
    )


@pytest.mark.parametrize("path", sorted(INTERACTIVE_PAGES))
def test_kernel_free_figures_change_when_their_controls_move(browser, site, path):
    expected = INTERACTIVE_PAGES[path]
    visit = PageVisit(browser, site, path)
    try:
        page = visit.page
        page.wait_for_selector(".jupyter-widgets", timeout=20_000)
        page.wait_for_timeout(500)
        sliders = page.locator(".widget-slider .noUi-handle")
        toggles = page.locator(".widget-toggle-buttons")
        assert sliders.count() == expected["sliders"], f"{path}: found {sliders.count()} sliders"
        assert toggles.count() == expected["toggles"], f"{path}: found {toggles.count()} toggle rows"
        for i in range(sliders.count()):
            box = sliders.nth(i).locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
            before = _frames_in(box)
            assert before, f"{path}: slider {i} shows no frame"
            handle = sliders.nth(i)
            handle.scroll_into_view_if_needed()
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(300)
            after = _frames_in(box)
            assert after and after != before, f"{path}: moving slider {i} did not change the figure"
        for i in range(toggles.count()):
            row = toggles.nth(i)
            box = row.locator("xpath=ancestor::div[contains(@class, 'widget-vbox')][1]")
            buttons = row.locator("button")
            assert buttons.count() >= 2, f"{path}: toggle row {i} has fewer than 2 buttons"
            before = _frames_in(box)
            buttons.nth(buttons.count() - 1).scroll_into_view_if_needed()
            buttons.nth(buttons.count() - 1).click()
            page.wait_for_timeout(300)
            after = _frames_in(box)
            assert before and after and after != before, (
                f"{path}: clicking toggle row {i} did not change the figure"
            )
        assert visit.outside == [], f"{path}: requests that left the site: {visit.outside}"
        assert visit.console_errors == [], f"{path}: console errors: {visit.console_errors}"
    finally:
        visit.close()


# --------------------------------------------------------------------------- accessibility


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, fetched from npm at a pinned version and checked like the site's assets."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("offline_assets", ROOT / "tools" / "offline_assets.py")
    assets = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = assets   # its dataclasses look their module up there
    spec.loader.exec_module(assets)
    root = assets.vendor_dir(ROOT)
    try:
        assets.fetch_assets(root, assets.TEST_ASSETS)
    except Exception as exc:  # no npm or no registry
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but axe-core could not be fetched: {exc}")
        pytest.skip(f"ACCESSIBILITY TESTS SKIPPED: axe-core could not be fetched: {exc}")
    return (root / assets.AXE_ENTRY).read_text(encoding="utf-8")


#: axe-core's default rules: WCAG 2.x A and AA, and its best practices.
_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'critical' || v.impact === 'serious')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
}"""


@pytest.mark.parametrize("path", _pages())
def test_page_has_no_critical_or_serious_accessibility_violation(browser, site, axe_source, path):
    visit = PageVisit(browser, site, path)
    try:
        page = visit.page
        _wait_for_math(page)
        page.wait_for_load_state("networkidle")
        if path in INTERACTIVE_PAGES:
            page.wait_for_selector(".jupyter-widgets", timeout=20_000)
        page.add_script_tag(content=axe_source)
        violations = page.evaluate(_AXE_RUN)
        report = "\n".join(f"- {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"])
                           for v in violations)
        assert violations == [], f"{path}: axe-core found critical or serious violations:\n{report}"
    finally:
        visit.close()


@pytest.mark.parametrize("path", sorted(p for p, n in INTERACTIVE_PAGES.items() if n["sliders"]))
def test_every_slider_has_a_name_and_says_the_value_it_shows(browser, site, path):
    visit = PageVisit(browser, site, path)
    try:
        page = visit.page
        page.wait_for_selector(".jupyter-widgets", timeout=20_000)
        page.wait_for_timeout(500)
        boxes = page.locator(".widget-slider, .widget-hslider")
        assert boxes.count() == INTERACTIVE_PAGES[path]["sliders"]
        for i in range(boxes.count()):
            box = boxes.nth(i)
            handle, label = box.locator(".noUi-handle"), box.locator(".widget-label")
            readout = box.locator(".widget-readout")
            handle.scroll_into_view_if_needed()
            handle.focus()
            page.keyboard.press("ArrowRight")          # from the keyboard alone
            page.wait_for_timeout(300)
            name = handle.get_attribute("aria-label") or ""
            assert name and name == label.inner_text().strip(), f"{path}: slider {i} is named {name!r}"
            spoken = handle.get_attribute("aria-valuetext")
            shown = readout.inner_text().strip() or readout.input_value()
            assert spoken == shown, f"{path}: slider {i} says {spoken!r} but shows {shown!r}"
    finally:
        visit.close()
