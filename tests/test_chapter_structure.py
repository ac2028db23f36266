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
