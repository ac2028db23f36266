"""Every chapter opens with objectives, prerequisites and a time, and ends with a
summary that answers the objectives one by one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def _markdown(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells if c["cell_type"] == "markdown"]


def _numbered_items(text: str) -> list[str]:
    return re.findall(r"^\s{0,3}\d+\.\s+(.+)$", text, re.M)


def _opening(path: Path) -> str:
    md = _markdown(path)
    return "\n".join(md[:2])


def test_there_are_chapters():
    assert CHAPTERS, "no chapter notebooks (NN_*.ipynb) in book/"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_opens_with_title_objectives_prerequisites_and_time(path):
    md = _markdown(path)
    assert md and re.match(r"# \S", md[0]), f"{path.name}: the first cell must be the title (# ...)"
    opening = _opening(path)
    objectives = opening.split("**Learning objectives.**", 1)
    assert len(objectives) == 2, f"{path.name}: no '**Learning objectives.**' in the opening"
    block = objectives[1].split("**Prerequisites.**", 1)[0]
    count = len(_numbered_items(block))
    assert 3 <= count <= 5, f"{path.name}: {count} learning objectives; the house style asks for 3-5"
    assert "**Prerequisites.**" in opening, f"{path.name}: no '**Prerequisites.**' in the opening"
    assert re.search(r"\*\*Estimated time\.\*\*\s+\d+ minutes", opening), (
        f"{path.name}: no '**Estimated time.** N minutes' in the opening"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_ends_with_a_summary_answering_each_objective(path):
    opening = _opening(path)
    block = opening.split("**Learning objectives.**", 1)[-1].split("**Prerequisites.**", 1)[0]
    objectives = _numbered_items(block)
    summaries = [m for m in _markdown(path) if re.match(r"## Summary\s*$", m.splitlines()[0] if m else "")]
    assert len(summaries) == 1, f"{path.name}: needs exactly one '## Summary' cell, found {len(summaries)}"
    answers = _numbered_items(summaries[0])
    assert len(answers) == len(objectives), (
        f"{path.name}: {len(objectives)} objectives but {len(answers)} numbered summary points"
    )
    later = _markdown(path)[_markdown(path).index(summaries[0]) + 1:]
    assert all(re.match(r"## References", m) for m in later), (
        f"{path.name}: only a References section may follow the Summary"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_at_least_three_exercises_with_solutions(path):
    text = "\n".join(_markdown(path))
    labels = re.findall(r"\{exercise\}[^\n]*\n:label:\s*(\S+)", text)
    assert len(labels) >= 3, f"{path.name}: {len(labels)} exercises; at least 3 are required"
    solved = set(re.findall(r"\{solution(?:-start)?\}\s+(\S+)", text))
    assert set(labels) <= solved, f"{path.name}: exercises without a solution: {sorted(set(labels) - solved)}"


# --------------------------------------------------------------------------
# The stated time comes from one formula (tools/reading_time.py, given on the
# instructor page), and no part asks for more than about 45 minutes.
# --------------------------------------------------------------------------
def _reading_time():
    import importlib.util

    spec = importlib.util.spec_from_file_location("reading_time", ROOT / "tools" / "reading_time.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_stated_time_matches_the_formula(path):
    rt = _reading_time()
    stated, estimate = rt.stated_minutes(path), rt.estimate_minutes(path)
    words, lines, exercises = rt.counts(path)
    assert stated == estimate, (
        f"{path.name} states {stated} minutes, but {words} words, {lines} code lines and "
        f"{exercises} exercises give {estimate} (python tools/reading_time.py)"
    )
    assert estimate <= 45, f"{path.name} needs about {estimate} minutes; split it into parts of at most 45"


def test_time_formula_counts_what_it_says(tmp_path):
    # A hand-made notebook: 400 words, 30 code lines, 2 exercises -> 2 + 2 + 6 = 10 minutes.
    rt = _reading_time()
    cells = [{"cell_type": "markdown", "source": ["word " * 400]},
             {"cell_type": "markdown", "source": [":::{exercise}\n:label: a\n:::\n"]},
             {"cell_type": "markdown", "source": [":::{exercise}\n:label: b\n:::\n"]},
             {"cell_type": "code", "source": ["x = 1\n\n" * 30]}]
    nb = tmp_path / "99_demo.ipynb"
    nb.write_text(json.dumps({"cells": cells}))
    words, lines, exercises = rt.counts(nb)
    assert (lines, exercises) == (30, 2) and words == 400 + 2 * 4   # ":::{exercise}", ":label:", "a", ":::"
    assert rt.estimate_minutes(nb) == 10


def _code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_check_cells_tell_the_reader_what_to_do_and_hide_their_output_on_the_site(path):
    # On the website a check can only say "Not done yet"; the page shows instead
    # what the reader does, and the output appears when the notebook is run.
    checks = [c for c in _code_cells(path) if re.search(r"^check_\w+\(", "".join(c["source"]), re.M)]
    assert checks, f"{path.name}: no exercise check cells"
    for cell in checks:
        src = "".join(cell["source"])
        assert src.startswith("# Check your answer: run this cell"), f"{path.name}: {src[:60]!r}"
        assert "remove-output" in cell.get("metadata", {}).get("tags", []), f"{path.name}: {src[:60]!r}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_assert_hides_in_a_collapsed_cell(path):
    for cell in _code_cells(path):
        tags = cell.get("metadata", {}).get("tags", [])
        if "hide-input" in tags or "hide-cell" in tags:
            src = "".join(cell["source"])
            assert not re.search(r"^\s*assert\b", src, re.M), f"{path.name}: assert in a collapsed cell: {src[:80]!r}"
