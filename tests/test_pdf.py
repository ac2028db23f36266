"""The printed book: ``make pdf`` writes clean PDFs, for students without solutions.

Run by ``make test-site``, after ``tests/test_site.py`` has built the site (the
Makefile names that file first; on its own this file needs ``make book`` first).
The PDFs are printed once per session from the built site, into a temporary
folder, with ``tools/make_pdf.py``, then read back with pypdf. Everything they
are checked against is read from the built HTML, not from the printing code:
the page titles, the solutions, the widgets and their controls, the links.

Where Chromium or Playwright is missing, the tests skip with a loud reason,
unless ``REQUIRE_BROWSER=1`` (set by ``.ci/run``), where they fail.
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
sys.path.insert(0, str(ROOT / "tools"))

import make_pdf  # noqa: E402

# Text that only page chrome, collapsed-code stubs, dropdown buttons and download boxes print.
CHROME_TEXT = ("Show code cell source", "Hide code cell source", "Show code cell output",
               "Skip to main content", "Click to show", "Click to hide", "Back to top",
               "Run this chapter yourself")
WIDGET_NOTE = "Interactive on the website; printed here in its first setting."


def squash(text: str) -> str:
    """Text without any white space, ligatures spelt out: PDF text breaks lines where the page did."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --------------------------------------------------------------------------- the plan (no browser)


def test_the_plan_prints_every_chapter_and_keeps_the_instructor_page_from_students():
    plan = make_pdf.book_plan()
    pages = [p for p, _ in plan.pages]
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    chapter_files = re.findall(r"-\s*file:\s*(book/\d\d_\w+?)\s*$", toc, re.M)
    assert chapter_files, "no numbered chapter in _toc.yml"
    for name in chapter_files:
        assert f"{name}.html" in pages, f"{name} would not be printed"
    assert [c.pages[0] for c in plan.chapters] == [
        f"{f}.html" for f in chapter_files if not re.search(r"_\d_", f)]
    forms = dict(plan.pages)
    assert forms["book/instructors.html"] == ("instructor",)
    assert not any(p.startswith("book/api/") or p == "book/status.html" for p in pages)


# --------------------------------------------------------------------------- the PDFs


@pytest.fixture(scope="session")
def printed(tmp_path_factory, build):
    """Print the built book once into a temporary folder; return (folder, page counts)."""
    assert build.returncode == 0, "the book did not build"
    required = os.environ.get("REQUIRE_BROWSER") == "1"
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
        import pypdf  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the machine
        reason = f"{exc.name} is not installed"
    if reason is None and not CHROMIUM.is_file():
        reason = f"{CHROMIUM} is missing (install Debian's chromium package)"
    if reason is not None:
        if required:
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"PDF TESTS SKIPPED: {reason}. Set REQUIRE_BROWSER=1 to make this an error.")
    if not (HTML / "index.html").is_file():
        pytest.fail("no built site in _build/html: run `make book` first (`make test-site` builds it "
                    "in tests/test_site.py before this file runs)")
    out = tmp_path_factory.mktemp("pdf")
    counts = make_pdf.make_pdfs(HTML, out)
    return out, counts


@lru_cache(maxsize=None)
def _pages_text(path: Path) -> tuple[str, ...]:
    from pypdf import PdfReader

    return tuple(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def _text(path: Path) -> str:
    return squash("".join(_pages_text(path)))


@lru_cache(maxsize=None)
def _soup(page: str):
    """The parsed built page (shared: callers must not change it)."""
    from bs4 import BeautifulSoup

    return BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser")


def _printed_text(tag) -> str:
    """A tag's text as a PDF reader finds it: formulas print as glyphs, not text."""
    tag = copy.copy(tag)
    for hidden in tag.select("a.headerlink, span.math"):
        hidden.decompose()
    return tag.get_text(" ", strip=True)


def _heading(page: str) -> str:
    return _printed_text(_soup(page).find("h1"))


def _printed_pages(form: str) -> list[str]:
    return [p for p, forms in make_pdf.book_plan().pages if form in forms]


@pytest.mark.parametrize("form", make_pdf.FORMS)
def test_the_book_and_every_chapter_are_written(printed, form):
    out, counts = printed
    chapters = make_pdf.book_plan().chapters
    expected = ["book.pdf", *[f"{c.name}.pdf" for c in chapters]]
    for name in expected:
        assert (out / form / name).is_file(), f"{form}/{name} was not written"
        assert counts[f"{form}/{name}"] > 0
    assert counts[f"{form}/book.pdf"] >= sum(counts[f"{form}/{c.name}.pdf"] for c in chapters)


@pytest.mark.parametrize("form", make_pdf.FORMS)
def test_every_page_is_printed_in_book_order(printed, form):
    out, _ = printed
    text = _text(out / form / "book.pdf")
    position = 0
    for page in _printed_pages(form):
        heading = squash(_heading(page))
        found = text.find(heading, position)
        assert found >= 0, f"{form} book: the heading of {page} ({heading[:50]}) is missing or out of order"
        position = found + len(heading)
    for chapter in make_pdf.book_plan().chapters:
        chapter_text = _text(out / form / f"{chapter.name}.pdf")
        for page in chapter.pages:
            assert squash(_heading(page)) in chapter_text, f"{form}/{chapter.name}.pdf lacks {page}"


def _readout(name: str, state: dict) -> str | None:
    """The text a slider's readout shows for its initial value."""
    if name == "SelectionSliderModel":
        labels, index = state.get("_options_labels") or [], state.get("index")
        return str(labels[index]) if isinstance(index, int) and index < len(labels) else None
    value, fmt = state.get("value"), (state.get("readout_format") or "").lstrip(".")
    if value is None:
        return None
    try:
        return format(value, state.get("readout_format") or "") if fmt else str(value)
    except (TypeError, ValueError):
        return str(value)


def _controls(page: str) -> list[str]:
    """Patterns of what a page's dead widget controls would print.

    A slider prints as a line holding its label and its value ("token id 0"),
    a text box as its label and its text, a row of toggle buttons as its
    options side by side.
    """
    soup = _soup(page)
    tag = soup.find("script", attrs={"type": "application/vnd.jupyter.widget-state+json"})
    if tag is None:
        return []
    patterns = []
    for model in json.loads(tag.string)["state"].values():
        name, state = model.get("model_name", ""), model.get("state", {})
        label = str(state.get("description", "") or "").strip().rstrip(":")
        words = r"\s*".join(re.escape(w) for w in label.split())
        if "Slider" in name and name != "SliderStyleModel" and label:
            readout = _readout(name, state)
            if readout is not None:
                patterns.append(rf"(?m)^\s*{words}\s*:?\s*{re.escape(readout)}\s*$")
        elif name == "TextModel" and label:
            value = r"\s*".join(re.escape(w) for w in str(state.get("value", "")).split())
            patterns.append(rf"(?m)^\s*{words}\s*:?\s*{value}\s*$")
        elif name == "ToggleButtonsModel":
            options = [squash(o) for o in state.get("_options_labels", [])]
            patterns.append("SQUASHED:" + re.escape("".join(options)))
    return patterns


@pytest.mark.parametrize("form", make_pdf.FORMS)
def test_no_page_chrome_stubs_or_dead_controls_are_printed(printed, form):
    out, _ = printed
    raw = "\n".join(_pages_text(out / form / "book.pdf"))
    text = _text(out / form / "book.pdf")
    for chrome in CHROME_TEXT:
        assert squash(chrome) not in text, f"{form} book prints {chrome!r}"
    views = 0
    for page in _printed_pages(form):
        views += len(_soup(page).find_all("script", attrs={"type": "application/vnd.jupyter.widget-view+json"}))
        for pattern in _controls(page):
            squashed = pattern.startswith("SQUASHED:")
            match = re.search(pattern.removeprefix("SQUASHED:"), text if squashed else raw)
            assert match is None, f"{form} book prints a control of {page}: {match.group(0)!r}"
    # The figures themselves are printed: one note per interactive figure.
    assert views > 0, "no interactive figure in the printed pages"
    assert text.count(squash(WIDGET_NOTE)) == views


def _solutions() -> list[tuple[str, str, list[str]]]:
    """Every solution of the printed pages: (page, its title, code lines found only in solutions)."""
    found = []
    # A line also printed outside a solution, on any page of the book, proves nothing.
    elsewhere = {line.strip() for page in _printed_pages("instructor") for pre in _soup(page).select("pre")
                 if not pre.find_parent("div", class_="solution") for line in pre.get_text().splitlines()}
    for page in _printed_pages("instructor"):
        soup = _soup(page)
        for solution in soup.select("div.solution"):
            title = _printed_text(solution.select_one(".admonition-title"))
            code = [line.strip() for pre in solution.select("div.cell.tag_solution pre")
                    for line in pre.get_text().splitlines()
                    if len(line.strip()) >= 24 and line.strip() not in elsewhere]
            found.append((page, title, code[:3]))
    return found


def test_students_get_no_solution_and_instructors_get_every_one(printed):
    out, _ = printed
    solutions = _solutions()
    assert len(solutions) >= 10, f"only {len(solutions)} solutions found in the built pages"
    student = _text(out / "student" / "book.pdf")
    instructor = _text(out / "instructor" / "book.pdf")
    for page, title, code in solutions:
        assert squash(title) in instructor, f"instructor book lacks {title!r} ({page})"
        assert squash(title) not in student, f"student book prints {title!r} ({page})"
        for line in code:
            assert squash(line) in instructor, f"instructor book lacks solution code {line!r} ({page})"
            assert squash(line) not in student, f"student book prints solution code {line!r} ({page})"
    for chapter in make_pdf.book_plan().chapters:
        text = _text(out / "student" / f"{chapter.name}.pdf")
        assert not any(squash(t) in text for p, t, _ in solutions if p in chapter.pages)


def test_links_that_leave_the_book_print_their_address(printed):
    out, _ = printed
    text = _text(out / "instructor" / "book.pdf")
    hrefs = [a["href"] for page in _printed_pages("instructor")
             for a in _soup(page).select("article a.reference.external[href^=http]")
             if not a.find("img")]
    assert hrefs, "no external link in the printed pages"
    missing = [h for h in hrefs if squash(f"<{h}>") not in text]
    assert missing == [], f"{len(missing)} of {len(hrefs)} external links print no address: {missing[:3]}"
