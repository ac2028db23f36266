"""Write student versions of the chapter notebooks: solutions out, stubs and checks in.

Usage::

    python tools/make_student.py [--out student] [--book book]

For every chapter notebook ``book/NN_*.ipynb`` this writes

* ``student/NN_*.ipynb``: the chapter with every solution removed, and
* ``student/NN_*.zip``: that notebook plus a copy of the ``embedlab`` package,
  so a student can unzip it anywhere that has the book's requirements and run it.

What counts as a solution (the conventions every chapter follows):

* code cells tagged ``solution``;
* markdown cells that open or close a gated solution
  (``{solution-start}`` / ``{solution-end}`` directives);
* ``{solution}`` directive blocks inside markdown cells (text solutions).

Exercise statements, stub cells (tag ``exercise-stub``) and check cells (tag
``exercise-check``) are kept: a check run on an unfinished stub prints
"Not done yet" instead of failing, so the student notebook runs top to bottom.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER_GLOB = "[0-9][0-9]_*.ipynb"

# A fenced or colon-fenced {solution} directive block: the opening fence, the
# directive, then everything up to the matching closing fence.
_SOLUTION_BLOCK = re.compile(
    r"^(?P<fence>:{3,}|`{3,})\{solution\}.*?^(?P=fence)[ \t]*$\n?",
    re.M | re.S,
)
_GATE = re.compile(r"^(:{3,}|`{3,})\{solution-(start|end)\}", re.M)

BANNER = (
    "```{note}\n"
    "Student version: the solutions are removed. Fill in each cell marked "
    "`raise NotImplementedError` or `...`, then run the check below it.\n"
    "```"
)


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tags(cell: dict) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def is_solution_cell(cell: dict) -> bool:
    """Whether a whole cell is part of a solution."""
    if "solution" in _tags(cell):
        return True
    return cell.get("cell_type") == "markdown" and bool(_GATE.search(_source(cell)))


def strip_solution_blocks(text: str) -> str:
    """Remove every ``{solution}`` directive block from a markdown text."""
    return _SOLUTION_BLOCK.sub("", text)


def student_notebook(nb: dict) -> dict:
    """Return a copy of ``nb`` with every solution removed and a banner added.

    Raises
    ------
    ValueError
        If a gated solution is opened and never closed (or the reverse), or a
        solution-tagged cell stands outside a gate: the chapter's markup is
        inconsistent and removing solutions could leak or lose content.
    """
    out = copy.deepcopy(nb)
    cells, inside = [], False
    for index, cell in enumerate(out["cells"]):
        src = _source(cell)
        gate = _GATE.search(src) if cell.get("cell_type") == "markdown" else None
        if gate:
            opening = gate.group(2) == "start"
            if opening == inside:
                raise ValueError(f"cell {index}: solution-{gate.group(2)} without its partner")
            inside = opening
            continue
        if inside or "solution" in _tags(cell):
            if cell.get("cell_type") == "code" and "solution" not in _tags(cell):
                raise ValueError(f"cell {index}: code inside a gated solution must be tagged 'solution'")
            continue
        if cell.get("cell_type") == "markdown":
            stripped = strip_solution_blocks(src)
            if stripped != src:
                if not stripped.strip():
                    continue
                cell["source"] = stripped
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    if inside:
        raise ValueError("a solution-start has no solution-end")
    banner = {"cell_type": "markdown", "id": "student-banner", "metadata": {}, "source": BANNER}
    # The banner goes right after the title cell.
    out["cells"] = cells[:1] + [banner] + cells[1:]
    return out


def chapters(book: Path) -> list[Path]:
    return sorted(book.glob(CHAPTER_GLOB))


def write_student_versions(book: Path, out: Path) -> list[Path]:
    """Write a student notebook and a zip per chapter into ``out``; return the zips."""
    out.mkdir(parents=True, exist_ok=True)
    package = ROOT / "src" / "embedlab"
    zips = []
    for path in chapters(book):
        nb = json.loads(path.read_text(encoding="utf-8"))
        student = student_notebook(nb)
        target = out / path.name
        target.write_text(json.dumps(student, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        archive = out / f"{path.stem}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(target, f"{path.stem}/{path.name}")
            for file in sorted(package.rglob("*.py")):
                if "__pycache__" in file.parts:
                    continue
                zf.write(file, f"{path.stem}/embedlab/{file.relative_to(package).as_posix()}")
            zf.write(package / "py.typed", f"{path.stem}/embedlab/py.typed")
        zips.append(archive)
    return zips


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=ROOT / "book")
    parser.add_argument("--out", type=Path, default=ROOT / "student")
    args = parser.parse_args(argv)
    if not args.book.is_dir():
        parser.error(f"--book: {args.book} is not a folder")
    if args.out.exists():
        shutil.rmtree(args.out)
    zips = write_student_versions(args.book, args.out)
    if not zips:
        print(f"no chapter notebooks ({CHAPTER_GLOB}) in {args.book}", file=sys.stderr)
        return 1
    for archive in zips:
        print(f"wrote {archive.relative_to(args.out.parent) if args.out.parent in archive.parents else archive}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
