"""Let the text of every page appear before its scripts have arrived.

A Sphinx extension, loaded by ``_config.yml`` (``sphinx.local_extensions``).
After the HTML is written it rewrites each page (``build-finished``):

1. **Scripts after the content.** Sphinx, the theme and MyST-NB put their
   scripts in ``<head>``, most of them synchronous: the browser must fetch and
   run every one (on widget pages the 3.6 MB widget manager, and before it the
   widgets' saved state, up to 1 MB of JSON) before it can draw a word. They
   move, in the same order, to the end of ``<body>``, just before the theme's
   own deferred scripts, so they still run in the order they were written and
   before ``DOMContentLoaded``. Only the theme's tiny colour-mode script stays
   in ``<head>``, so a dark page never flashes white.
2. **Icons without a 1.5 MB script.** The theme loads Font Awesome's SVG
   script (1.49 MB) to turn about fifteen ``<i class="fa-solid fa-...">``
   placeholders into inline SVG icons in the browser. The same conversion is
   done here, at build time, with the same icons and the same stylesheet, taken
   from the npm package of the Font Awesome version the theme bundles (fetched
   with ``npm pack`` at a pinned version whose SHA-512 is checked, like the
   other offline assets, into ``_vendor/``; never committed). The pages then
   look as before without the script. If the package cannot be fetched, or a
   page shows an icon the package lacks, that page keeps the script.
3. **No search index on every page.** The theme loads Sphinx's search tools and
   the whole search index on every page for its search-as-you-type box; with
   that box off (``search_as_you_type`` false, the default), they are needed on
   the search page only.
4. **The print stylesheet does not hold up the screen.** ``_static/print.css``
   is marked ``media="print"``, so the browser fetches it without waiting for it.

Every step is idempotent (a page already rewritten is left as it is), and
``tests/test_site_speed.py`` checks both the rewriting and the built pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

#: Font Awesome as the theme bundles it (its fontawesome.js says "Font Awesome Free 6.5.2").
FONTAWESOME_VERSION = "6.5.2"
FONTAWESOME_INTEGRITY = (
    "sha512-hRILoInAx8GNT5IMkrtIt9blOdrqHOnPBH+k70aWUAqPZPgopb9G5EQJFpaBx/S8zp2fC+mPW349Bziuk1o28Q=="
)
ICON_CSS = "fontawesome/svg-with-js.min.css"   # under _static/offline/ in the site

_HEAD = re.compile(r"<head>(?P<head>.*?)</head>", re.S)
_SCRIPT = re.compile(r"[ \t]*<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>[ \t]*\n?", re.S)
_SRC = re.compile(r"""\bsrc=["']([^"']+)["']""")
# Where the theme's deferred scripts start, near the end of <body>.
_THEME_DEFER = re.compile(r"[ \t]*<script defer src=\"[^\"]*_static/scripts/bootstrap\.js")
_THEME_CSS = re.compile(r"<link href=\"(?P<root>[^\"]*)_static/styles/theme\.css")
_PRINT_CSS = re.compile(r"(<link rel=\"stylesheet\" type=\"text/css\" href=\"[^\"]*_static/print\.css[^\"]*\")(\s*/?>)")
_FONTAWESOME_PRELOAD = re.compile(r"[ \t]*<link rel=\"preload\" as=\"script\" href=\"[^\"]*fontawesome\.js[^\"]*\"\s*/>\n?")
# An icon placeholder: an empty <i> or <span> whose classes name a solid Font Awesome icon.
_ICON = re.compile(r"<(?P<tag>i|span)\b(?P<attrs>[^>]*\bclass=\"(?P<cls>[^\"]*\bfa-[^\"]*)\"[^>]*)>\s*</(?P=tag)>")
_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)=\"([^\"]*)\"")
_STYLE_CLASSES = ("fa-solid", "fas")

SEARCH_SCRIPTS = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")


def _src(attrs: str) -> str:
    match = _SRC.search(attrs)
    return match.group(1).split("?")[0] if match else ""


def load_icons(folder: Path) -> dict[str, tuple[str, str]]:
    """Font Awesome's solid icons in ``folder`` (``<name>.svg`` files): name -> (viewBox, path)."""
    icons = {}
    for svg in Path(folder).glob("*.svg"):
        text = svg.read_text(encoding="utf-8")
        box, path = re.search(r'viewBox="([^"]+)"', text), re.search(r'<path d="([^"]+)"', text)
        if box and path:
            icons[svg.stem] = (box.group(1), path.group(1))
    return icons


def _icon_svg(match: re.Match, icons: dict[str, tuple[str, str]], counter: list[int]) -> str:
    """The inline SVG Font Awesome's script would put in place of one placeholder."""
    tokens = match.group("cls").split()
    if not any(t in _STYLE_CLASSES for t in tokens):
        return match.group(0)
    names = [t for t in tokens if t.startswith("fa-") and t[3:] in icons]
    if len(names) != 1:
        return match.group(0)
    name = names[0][3:]
    box, path = icons[name]
    classes = ["svg-inline--fa", names[0], *[t for t in tokens if t not in _STYLE_CLASSES and t != names[0]]]
    attrs = dict(_ATTR.findall(match.group("attrs")))
    attrs.pop("class", None)
    title = attrs.pop("title", None)
    extra = "".join(f' {key}="{value}"' for key, value in attrs.items())
    if title:
        counter[0] += 1
        ident = f"svg-inline--fa-title-{name}-{counter[0]}"
        label, inner = f' aria-labelledby="{ident}"', f'<title id="{ident}">{title}</title>'
    else:
        label, inner = ' aria-hidden="true" focusable="false"', ""
        if "aria-hidden" in attrs:
            label = ' focusable="false"'
    return (f'<svg class="{" ".join(classes)}"{extra}{label} data-prefix="fas" data-icon="{name}" '
            f'role="img" xmlns="http://www.w3.org/2000/svg" viewBox="{box}">{inner}'
            f'<path fill="currentColor" d="{path}"></path></svg>')


def _has_placeholders(html: str) -> bool:
    return any(any(t in _STYLE_CLASSES for t in m.group("cls").split()) for m in _ICON.finditer(html))


def speed_up_page(html: str, *, search_page: bool = False,
                  icons: dict[str, tuple[str, str]] | None = None) -> str:
    """Return ``html`` rewritten as the module doc says.

    ``search_page`` keeps Sphinx's search tools on the page that needs them;
    ``icons`` (from :func:`load_icons`) draws the icons at build time, and
    without it the page keeps Font Awesome's script.
    """
    head_match = _HEAD.search(html)
    if head_match is None:
        return html
    body_start = head_match.end()
    rest = html[body_start:]
    if icons:
        counter = [0]
        rest = _ICON.sub(lambda m: _icon_svg(m, icons, counter), rest)
    icons_done = bool(icons) and not _has_placeholders(rest)
    head = head_match.group("head")
    as_you_type = "search_as_you_type = true" in head
    kept_head, moved = [], []
    position = 0
    for script in _SCRIPT.finditer(head):
        kept_head.append(head[position:script.start()])
        position = script.end()
        attrs, src = script.group("attrs"), _src(script.group("attrs"))
        if "data-cfasync" in attrs:                     # the theme's colour mode: stays
            kept_head.append(script.group(0))
        elif src.endswith("scripts/fontawesome.js") and icons_done:
            continue
        elif not search_page and not as_you_type and src.endswith(SEARCH_SCRIPTS):
            continue
        else:
            moved.append(script.group(0))
    kept_head.append(head[position:])
    new_head = "".join(kept_head)
    if icons_done:
        new_head = _FONTAWESOME_PRELOAD.sub("", new_head)
        theme = _THEME_CSS.search(new_head)
        if theme and ICON_CSS not in new_head:
            link = f'<link href="{theme.group("root")}_static/offline/{ICON_CSS}" rel="stylesheet" />\n  '
            new_head = new_head[:theme.start()] + link + new_head[theme.start():]
    new_head = _PRINT_CSS.sub(lambda m: m.group(0) if "media=" in m.group(0)
                              else m.group(1) + ' media="print"' + m.group(2), new_head)
    if moved:
        block = "".join(s if s.endswith("\n") else s + "\n" for s in moved)
        anchor = _THEME_DEFER.search(rest)
        cut = anchor.start() if anchor else rest.rfind("</body>")
        if cut < 0:
            cut = len(rest)
        rest = rest[:cut] + block + rest[cut:]
    return html[:head_match.start("head")] + new_head + html[head_match.end("head"):body_start] + rest


def _icon_assets():
    from offline_assets import NpmAsset

    spec = ("@fortawesome/fontawesome-free", FONTAWESOME_VERSION, FONTAWESOME_INTEGRITY)
    return (
        NpmAsset(*spec, "package/svgs/solid/", "fontawesome-free/solid"),
        NpmAsset(*spec, "package/css/svg-with-js.min.css", "fontawesome-free/css"),
    )


def fetch_icons(confdir: str | Path) -> dict[str, tuple[str, str]] | None:
    """Fetch (once) and load Font Awesome's solid icons; ``None`` with a message if impossible."""
    import os

    if os.environ.get("BOOK_OFFLINE_ASSETS", "1") == "0":
        return None
    from offline_assets import fetch_assets, vendor_dir

    root = vendor_dir(confdir)
    try:
        fetch_assets(root, _icon_assets())
    except Exception as exc:  # no npm, no registry: the pages keep Font Awesome's script
        LOGGER.info(f"site speed: could not fetch Font Awesome's icons ({exc}); pages keep its script")
        return None
    return load_icons(root / "fontawesome-free" / "solid") or None


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    icons = fetch_icons(app.confdir)
    if icons:
        from offline_assets import vendor_dir

        css = outdir / "_static" / "offline" / ICON_CSS
        css.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(vendor_dir(app.confdir) / "fontawesome-free" / "css" / "svg-with-js.min.css", css)
    changed = 0
    search = (outdir / "search.html").resolve()
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = speed_up_page(text, search_page=page.resolve() == search, icons=icons)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    LOGGER.info("site speed: %d pages rewritten (scripts after the content%s)", changed,
                ", icons drawn at build time" if icons else "")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
