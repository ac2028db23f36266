"""Print the built website as PDF: the whole book and each chapter, for students and instructors.

Usage::

    python tools/make_pdf.py [--html _build/html] [--out _build/pdf]

Prints the pages of the built site (``make book`` first) with Debian's
Chromium through Playwright (``page.pdf()``; no browser is downloaded), using
the site's own print stylesheet (``_static/print.css``): no page chrome, no
collapsed-code stubs, no dead controls, figures and code kept whole, external
links followed by their address. Each page is loaded once and printed twice:

* ``instructor/``: every solution printed, expanded;
* ``student/``: every solution removed (the print stylesheet hides them when
  the page's root element has the class ``print-student``).

For each form it writes ``book.pdf`` (the pages of ``_toc.yml`` in order, with
a bookmark per page; the API reference and the pages behind the book are left
out, and the instructor page is in the instructor form only) and one PDF per
numbered chapter (its landing page and its parts), e.g.
``student/01_one_hot_vs_lookup.pdf``. It prints the page count of each file.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from serve import make_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
FORMS = ("student", "instructor")
#: Parts of _toc.yml that are not printed, and those printed for instructors only.
SKIPPED_PARTS = ("Behind the pages",)
INSTRUCTOR_PARTS = ("For instructors",)
STUDENT_CLASS = "print-student"
#: What the student form removes (see _static/print.css).
SOLUTIONS = ".solution, .cell.tag_solution"

FOOTER = (
    '<div style="font-size:8px;width:100%;margin:0 13mm;display:flex;'
    'justify-content:space-between;color:#555;font-family:sans-serif">'
    '<span>{book} · {title}</span><span><span class="pageNumber"></span> / '
    '<span class="totalPages"></span></span></div>'
)


@dataclass
class Chapter:
    """A numbered chapter: its landing page and its parts, as HTML paths."""

    name: str
    pages: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """What to print: every page in book order, with the forms it belongs to, and the chapters."""

    pages: list[tuple[str, tuple[str, ...]]]
    chapters: list[Chapter]


def book_plan(toc_path: Path = ROOT / "_toc.yml") -> Plan:
    """Read ``_toc.yml`` into the pages to print and the numbered chapters."""
    import yaml

    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    pages: list[tuple[str, tuple[str, ...]]] = [(f"{toc['root']}.html", FORMS)]
    chapters: list[Chapter] = []
    for part in toc.get("parts", []):
        caption = part.get("caption", "")
        if caption in SKIPPED_PARTS:
            continue
        forms = ("instructor",) if caption in INSTRUCTOR_PARTS else FORMS
        for entry in part.get("chapters", []):
            files = [entry["file"], *[s["file"] for s in entry.get("sections", [])]]
            pages.extend((f"{f}.html", forms) for f in files)
            if part.get("numbered"):
                chapters.append(Chapter(Path(entry["file"]).name, [f"{f}.html" for f in files]))
    return Plan(pages, chapters)


# Everything a page needs before it is printed: MathJax has typeset, every
# widget is drawn, every image and font has arrived.
_READY = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length;
  const start = Date.now();
  while (document.querySelectorAll('.widget-subarea').length < views && Date.now() - start < 30000) {
    await new Promise(r => setTimeout(r, 100));
  }
  await Promise.all(Array.from(document.images).map(img => img.complete ? null :
    new Promise(r => { img.addEventListener('load', r); img.addEventListener('error', r); })));
  await document.fonts.ready;
  return {views, drawn: document.querySelectorAll('.widget-subarea').length};
}"""


def print_pages(html_dir: Path, plan: Plan, work: Path, jobs: int = 2) -> dict[str, str]:
    """Print every page of ``plan`` in each of its forms into ``work``; return page -> title.

    ``jobs`` pages are loaded and printed at the same time, each in its own tab.
    """
    import asyncio

    from playwright.async_api import async_playwright

    server = make_server(html_dir, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    titles: dict[str, str] = {}

    async def one_page(page, path: str, forms: tuple[str, ...]) -> None:
        await page.goto(base + path, wait_until="load", timeout=180_000)
        state = await page.evaluate(_READY)
        if state["drawn"] < state["views"]:
            raise RuntimeError(f"{path}: {state['drawn']} of {state['views']} widgets drawn")
        titles[path] = title = (await page.title()).split(" \u2014 ")[0].strip()
        footer = FOOTER.format(book="Inside the Embedding Layer", title=_escape(title))
        has_solutions = await page.evaluate(f"() => !!document.querySelector('{SOLUTIONS}')")
        for form in ("instructor", "student"):
            if form not in forms:
                continue
            if form == "student" and "instructor" in forms and not has_solutions:
                # Nothing to remove: the student print would be the same file.
                target = _page_pdf(work, form, path)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(_page_pdf(work, "instructor", path), target)
                continue
            await page.evaluate("([cls, on]) => document.documentElement.classList.toggle(cls, on)",
                                [STUDENT_CLASS, form == "student"])
            target = _page_pdf(work, form, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            await page.pdf(path=str(target), format="A4", prefer_css_page_size=True,
                           print_background=False, display_header_footer=True,
                           header_template="<span></span>", footer_template=footer,
                           margin={"top": "14mm", "bottom": "16mm", "left": "13mm", "right": "13mm"})

    async def run() -> None:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = await browser.new_context(viewport={"width": 1200, "height": 900},
                                                service_workers="block")
            queue = list(plan.pages)

            async def worker() -> None:
                page = await context.new_page()
                while queue:
                    await one_page(page, *queue.pop(0))
                await page.close()

            try:
                await asyncio.gather(*(worker() for _ in range(max(1, jobs))))
            finally:
                await context.close()
                await browser.close()

    try:
        asyncio.run(run())
    finally:
        server.shutdown()
        server.server_close()
    return titles


def _page_pdf(work: Path, form: str, path: str) -> Path:
    return work / form / (path.replace("/", "__").removesuffix(".html") + ".pdf")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def merge(parts: list[tuple[Path, str]], target: Path, title: str) -> int:
    """Concatenate PDFs into ``target`` with one bookmark per part; return its page count."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf, label in parts:
        start = len(writer.pages)
        writer.append(str(pdf), import_outline=False)
        writer.add_outline_item(label, start)
    writer.add_metadata({"/Title": title})
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fh:
        writer.write(fh)
    return len(writer.pages)


def make_pdfs(html_dir: Path, out: Path, plan: Plan | None = None, jobs: int = 2) -> dict[str, int]:
    """Write every PDF under ``out``; return file (relative to ``out``) -> page count."""
    if not (html_dir / "index.html").is_file():
        raise FileNotFoundError(f"no site in {html_dir}: run 'make book' first")
    if not Path(CHROMIUM).is_file():
        raise FileNotFoundError(f"{CHROMIUM} is missing (install Debian's chromium package)")
    plan = plan or book_plan()
    missing = [p for p, _ in plan.pages if not (html_dir / p).is_file()]
    if missing:
        raise FileNotFoundError(f"pages not built: {missing}; run 'make book' first")
    work = out / ".pages"
    titles = print_pages(html_dir, plan, work, jobs)

    def one(form: str, path: str) -> tuple[Path, str]:
        return _page_pdf(work, form, path), titles[path]

    counts: dict[str, int] = {}
    for form in FORMS:
        book = [one(form, p) for p, forms in plan.pages if form in forms]
        counts[f"{form}/book.pdf"] = merge(book, out / form / "book.pdf",
                                           f"Inside the Embedding Layer ({form} edition)")
        for chapter in plan.chapters:
            parts = [one(form, p) for p in chapter.pages]
            counts[f"{form}/{chapter.name}.pdf"] = merge(
                parts, out / form / f"{chapter.name}.pdf",
                f"{titles[chapter.pages[0]]} (Inside the Embedding Layer, {form} edition)")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built site")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf", help="where the PDFs go")
    parser.add_argument("--jobs", type=int, default=2, help="pages printed at the same time")
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    start = time.perf_counter()
    try:
        counts = make_pdfs(args.html, args.out, jobs=args.jobs)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    for name, pages in counts.items():
        print(f"{args.out.name}/{name:48s} {pages:4d} pages")
    print(f"{len(counts)} PDFs in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
