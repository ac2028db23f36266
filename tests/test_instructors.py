"""The instructor page stays true to the chapters: every chapter, time, exercise and check."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "book" / "instructors.md").read_text(encoding="utf-8")
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def _chapter(path: Path) -> dict:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    md = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    checks = sum("exercise-check" in c["metadata"].get("tags", []) for c in cells)
    return {
        "labels": re.findall(r"\{exercise\}[^\n]*\n:label:\s*(\S+)", md),
        "minutes": int(re.search(r"\*\*Estimated time\.\*\*\s+(\d+) minutes", md).group(1)),
        "checks": checks,
    }


def _row(stem: str) -> str:
    rows = [line for line in PAGE.splitlines() if line.startswith("|") and f"{{doc}}`{stem}`" in line]
    assert len(rows) == 1, f"the chapters table needs exactly one row for {stem}, found {len(rows)}"
    return rows[0]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_row_matches_the_notebook(path):
    info = _chapter(path)
    row = _row(path.stem)
    assert f"| {info['minutes']} min |" in row, f"{path.stem}: the notebook says {info['minutes']} minutes"
    expected = f"| {len(info['labels'])} ({info['checks']}) |"
    assert row.rstrip().endswith(expected), f"{path.stem}: expected exercises (checks) {expected}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_exercise_is_listed_with_a_type_and_difficulty(path):
    for label in _chapter(path)["labels"]:
        rows = [line for line in PAGE.splitlines() if line.startswith(f"| `{label}` |")]
        assert len(rows) == 1, f"{label} is not listed on the instructor page"
        cells = [c.strip() for c in rows[0].strip("|").split("|")]
        assert cells[2] in {"predict", "implement", "extend"}, f"{label}: type {cells[2]!r}"
        assert re.fullmatch(r"★{1,3}", cells[3]), f"{label}: difficulty {cells[3]!r}"


def _listed_checks() -> list[tuple[str, str]]:
    """(chapter module, check name) for every check named in an exercise table."""
    out, chapter = [], None
    for line in PAGE.splitlines():
        m = re.match(r"### Chapter (\d)", line)
        if m:
            chapter = f"ch{int(m.group(1)):02d}"
        if line.startswith("| `ex"):
            # `check_x` is in the chapter's module; `ch07_scale.check_x` names a part's own module
            out += [(module or chapter, name)
                    for module, name in re.findall(r"`(?:(ch\d\d\w*)\.)?(check_\w+)`", line)]
    return out


def test_every_listed_check_exists():
    listed = _listed_checks()
    assert listed, "no checks listed"
    for chapter, name in listed:
        module = importlib.import_module(f"embedlab.checks.{chapter}")
        assert callable(getattr(module, name, None)), f"embedlab.checks.{chapter}.{name} does not exist"
