"""Pages show their text before their scripts arrive (``tools/site_speed.py``).

The first tests rewrite small pages written here; the last ones (marked
``site``, run by ``make test-site`` after ``tests/test_site.py`` has built the
site) check every built page and draw two of them in Chromium.
"""

from __future__ import annotations

import re
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
sys.path.insert(0, str(ROOT / "tools"))

import site_speed  # noqa: E402

ICONS = {"bars": ("0 0 448 512", "M0 96Z"), "sun": ("0 0 512 512", "M1 1Z")}

PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <title>t</title>
  <script data-cfasync="false">document.documentElement.dataset.mode = "auto";</script>
  <link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />
    <link rel="stylesheet" type="text/css" href="../_static/print.css?v=1" />
  <script defer src="../_static/scripts/fontawesome.js?digest=1"></script>
    <script src="../_static/documentation_options.js?v=1"></script>
    <script>DOCUMENTATION_OPTIONS.pagename = 'x';</script>
    <script type="application/vnd.jupyter.widget-state+json">{"state": {}}</script>
    <script src="../_static/offline/requirejs/require.js?v=1"></script>
    <script>window.require && 1;</script>
    <script>DOCUMENTATION_OPTIONS.search_as_you_type = false;</script>
    <script src="../_static/searchtools.js"></script>
    <script src="../searchindex.js"></script>
  </head>
  <body>
  <span class="fa-solid fa-bars"></span>
  <i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="Light"></i>
  <main><p>Text</p></main>
  <script defer src="../_static/scripts/bootstrap.js?digest=1"></script>
  </body>
</html>
"""


def _scripts(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", html)


def test_head_scripts_move_after_the_content_in_their_order():
    out = site_speed.speed_up_page(PAGE, icons=ICONS)
    head, body = out.split("</head>")
    assert _scripts(head) == ['<script data-cfasync="false">']
    moved = [s for s in _scripts(body) if "bootstrap" not in s]
    order = [s for s in _scripts(PAGE.split("</head>")[0])
             if "cfasync" not in s and "fontawesome" not in s and "search" not in s]
    assert moved == order
    assert body.index("<main>") < body.index("widget-state+json") < body.index("bootstrap.js")


def test_icons_are_drawn_at_build_time_and_the_script_dropped():
    out = site_speed.speed_up_page(PAGE, icons=ICONS)
    assert "fontawesome.js" not in out
    assert 'href="../_static/offline/fontawesome/svg-with-js.min.css" rel="stylesheet"' in out
    assert out.index("svg-with-js.min.css") < out.index("theme.css")
    bars = re.search(r'<svg class="svg-inline--fa fa-bars"[^>]*>.*?</svg>', out).group(0)
    assert 'aria-hidden="true"' in bars and 'viewBox="0 0 448 512"' in bars and 'd="M0 96Z"' in bars
    sun = re.search(r'<svg class="svg-inline--fa fa-sun theme-switch fa-lg"[^>]*>.*?</svg>', out).group(0)
    assert 'data-mode="light"' in sun and "aria-labelledby=" in sun and ">Light</title>" in sun
    assert "aria-hidden" not in sun


def test_a_page_keeps_the_icon_script_when_an_icon_cannot_be_drawn():
    unknown = PAGE.replace("fa-bars", "fa-unknown-icon")
    assert "fontawesome.js" in site_speed.speed_up_page(unknown, icons=ICONS)
    assert "fontawesome.js" in site_speed.speed_up_page(PAGE, icons=None)
    assert "svg-with-js" not in site_speed.speed_up_page(PAGE, icons=None)


def test_search_tools_stay_only_where_they_are_used():
    assert "searchindex.js" not in site_speed.speed_up_page(PAGE, icons=ICONS)
    assert "searchindex.js" in site_speed.speed_up_page(PAGE, icons=ICONS, search_page=True)
    as_you_type = PAGE.replace("search_as_you_type = false", "search_as_you_type = true")
    assert "searchindex.js" in site_speed.speed_up_page(as_you_type, icons=ICONS)


def test_the_print_stylesheet_does_not_block_the_screen():
    out = site_speed.speed_up_page(PAGE, icons=ICONS)
    assert '_static/print.css?v=1" media="print"' in out


def test_rewriting_twice_changes_nothing():
    once = site_speed.speed_up_page(PAGE, icons=ICONS)
    assert site_speed.speed_up_page(once, icons=ICONS) == once
    assert site_speed.speed_up_page("<p>no head</p>") == "<p>no head</p>"


def test_icons_are_read_from_the_svg_files(tmp_path):
    (tmp_path / "list.svg").write_text('<svg viewBox="0 0 512 512"><!--! c --><path d="M40 48Z"/></svg>')
    (tmp_path / "broken.svg").write_text("<svg></svg>")
    assert site_speed.load_icons(tmp_path) == {"list": ("0 0 512 512", "M40 48Z")}


# --------------------------------------------------------------------------- the built site


def _built_pages() -> list[Path]:
    if not (HTML / "index.html").is_file():
        pytest.fail("no built site in _build/html: run `make book` first")
    return [p for p in HTML.rglob("*.html") if "<head>" in p.read_text(encoding="utf-8")]


@pytest.mark.site
def test_no_built_page_waits_for_a_script_before_its_text(build):
    assert build.returncode == 0, "the book did not build"
    for page in _built_pages():
        text = page.read_text(encoding="utf-8")
        head = text.split("</head>")[0]
        name = page.relative_to(HTML).as_posix()
        assert [s for s in _scripts(head) if "data-cfasync" not in s] == [], f"{name}: scripts in <head>"
        assert "fontawesome.js" not in text, f"{name} loads Font Awesome's 1.5 MB script"
        assert "fa-solid" not in re.sub(r"<(pre|code)\b.*?</\1>", "", text, flags=re.S), (
            f"{name} has an icon placeholder no one will draw")
        if "widget-state+json" in text:
            assert text.index("<main") < text.index("widget-state+json"), f"{name}: widget state before text"
    assert (HTML / "_static" / "offline" / site_speed.ICON_CSS).is_file()


@pytest.mark.site
@pytest.mark.parametrize("path", ["book/intro.html", "book/01_one_hot_vs_lookup_1_product.html"])
def test_every_icon_is_drawn(build, browser, path):
    assert build.returncode == 0, "the book did not build"
    _built_pages()
    from serve import make_server

    server = make_server(HTML, 0)  # the compressed server of `make serve`
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}", wait_until="load")
        icons = page.evaluate("""() => Array.from(document.querySelectorAll('.bd-header-article svg.svg-inline--fa'))
            .filter(svg => svg.getClientRects().length)
            .map(svg => [svg.dataset.icon, svg.getBoundingClientRect().width, svg.getBoundingClientRect().height])""")
        page.close()
    finally:
        server.shutdown()
        server.server_close()
    assert len(icons) >= 3, f"{path}: the article toolbar shows {icons}"
    for name, width, height in icons:
        # The script drew each icon 1em high; a missing stylesheet leaves the SVG at 300x150.
        assert 8 < height < 40 and 0 < width < 40, f"{path}: icon {name} is {width}x{height} px"
