"""Student versions (tools/make_student.py): no solution leaks, and they run top to bottom."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("make_student", ROOT / "tools" / "make_student.py")
ms = importlib.util.module_from_spec(_spec)
sys.modules["make_student"] = ms
_spec.loader.exec_module(ms)

CHAPTERS = ms.chapters(ROOT / "book")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _solution_lines(nb: dict) -> set[str]:
    """Distinctive lines of solution code: not blank, not trivial, not also outside solutions."""
    inside, outside = set(), set()
    for cell in nb["cells"]:
        lines = {line.strip() for line in _src(cell).splitlines()}
        (inside if ms.is_solution_cell(cell) else outside).update(lines)
    return {line for line in inside - outside if len(line) >= 12 and not line.startswith("#")}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_solution_appears_in_the_student_notebook(path):
    nb = _load(path)
    student = ms.student_notebook(nb)
    text = json.dumps(student)
    assert "{solution" not in text
    assert not any("solution" in c.get("metadata", {}).get("tags", []) for c in student["cells"])
    student_lines = {line.strip() for c in student["cells"] for line in _src(c).splitlines()}
    leaked = sorted(_solution_lines(nb) & student_lines)
    assert leaked == [], f"{path.name}: solution lines in the student version: {leaked[:5]}"
    # Stubs and checks stay.
    tags = [t for c in student["cells"] for t in c.get("metadata", {}).get("tags", [])]
    assert tags.count("exercise-check") == sum(
        "exercise-check" in c.get("metadata", {}).get("tags", []) for c in nb["cells"]
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_student_notebook_runs_and_every_check_says_not_done_yet(path, tmp_path):
    student = nbformat.reads(json.dumps(ms.student_notebook(_load(path))), as_version=4)
    NotebookClient(student, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    checks = [c for c in student.cells if "exercise-check" in c.metadata.get("tags", [])]
    assert checks, f"{path.name} has no automatic checks"
    for cell in checks:
        printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
        assert "Not done yet" in printed, f"{path.name}: a check on an unfinished stub printed {printed!r}"


def test_make_student_writes_a_notebook_and_a_zip_per_chapter(tmp_path):
    zips = ms.write_student_versions(ROOT / "book", tmp_path)
    assert [z.stem for z in zips] == [p.stem for p in CHAPTERS]
    for archive in zips:
        names = zipfile.ZipFile(archive).namelist()
        assert f"{archive.stem}/{archive.stem}.ipynb" in names
        assert f"{archive.stem}/embedlab/__init__.py" in names
        assert f"{archive.stem}/embedlab/checks/__init__.py" in names


def _nb(*cells: tuple[str, str, list[str]]) -> dict:
    return {"cells": [{"cell_type": k, "metadata": {"tags": t}, "source": s, "outputs": [],
                       "execution_count": None} if k == "code" else
                      {"cell_type": k, "metadata": {"tags": t}, "source": s} for k, s, t in cells],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def test_gated_and_block_solutions_are_removed_and_the_rest_kept():
    nb = _nb(
        ("markdown", "# Title", []),
        ("markdown", ":::{exercise} Add\n:label: ex-a\nWrite add.\n:::", []),
        ("code", "def add(a, b):\n    raise NotImplementedError", ["exercise-stub"]),
        ("code", "check_add(add)", ["exercise-check"]),
        ("markdown", "```{solution-start} ex-a\n:class: dropdown\n```", []),
        ("code", "def add(a, b):\n    return a + b", ["solution"]),
        ("markdown", "```{solution-end}\n```", []),
        ("markdown", "Before.\n\n:::{solution} ex-b\n:class: dropdown\nThe answer is 42.\n:::\n\nAfter.", []),
    )
    out = ms.student_notebook(nb)
    text = "\n".join(_src(c) for c in out["cells"])
    assert "return a + b" not in text and "42" not in text and "{solution" not in text
    assert "raise NotImplementedError" in text and "check_add(add)" in text
    assert "Before." in text and "After." in text and "Student version" in text


@pytest.mark.parametrize(
    "cells, message",
    [
        ([("markdown", "```{solution-start} ex-a\n```", [])], "solution-start has no solution-end"),
        ([("markdown", "```{solution-end}\n```", [])], "solution-end without its partner"),
        ([("markdown", "```{solution-start} ex-a\n```", []), ("code", "x = 1", []),
          ("markdown", "```{solution-end}\n```", [])], "must be tagged 'solution'"),
    ],
)
def test_inconsistent_solution_markup_is_refused(cells, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        ms.student_notebook(_nb(*cells))
