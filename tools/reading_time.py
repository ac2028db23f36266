"""How long a chapter takes to read and run, from its words and lines of code.

The estimate every chapter states after "**Estimated time.**" comes from one
formula, given on the instructor page and checked by
``tests/test_chapter_structure.py``:

    minutes = words / 200 + code lines / 15 + 3 per exercise,

rounded to the nearest multiple of 5. *Words* are the words of the markdown
cells (LaTeX and inline code count as words as written); *code lines* are the
non-blank lines of the code cells, solutions included; an *exercise* is one
``{exercise}`` block. 200 words a minute is the reading pace MyST itself
assumes; 15 lines a minute (4 seconds a line) leaves time to read each cell
and look at what it prints; each exercise adds three minutes of thinking on
top of reading its text and its solution.

Run ``python tools/reading_time.py`` to print the numbers for every chapter.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 15
MINUTES_PER_EXERCISE = 3
ROUND_TO = 5
ROOT = Path(__file__).resolve().parents[1]


def counts(path: Path) -> tuple[int, int, int]:
    """Words of prose, lines of code and exercises of one chapter notebook."""
    nb = json.loads(path.read_text())
    words = lines = exercises = 0
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            words += len(text.split())
            exercises += len(re.findall(r"^[:`]{3,}\{exercise\}", text, flags=re.M))
        elif cell["cell_type"] == "code":
            lines += sum(1 for line in text.splitlines() if line.strip())
    return words, lines, exercises


def estimate_minutes(path: Path) -> int:
    """The chapter's estimated time in minutes, by the formula above."""
    words, lines, exercises = counts(path)
    raw = words / WORDS_PER_MINUTE + lines / CODE_LINES_PER_MINUTE + MINUTES_PER_EXERCISE * exercises
    return ROUND_TO * math.floor(raw / ROUND_TO + 0.5)


def stated_minutes(path: Path) -> int | None:
    """The time the chapter states in its opening, or None."""
    nb = json.loads(path.read_text())
    for cell in nb["cells"][:3]:
        m = re.search(r"\*\*Estimated time\.\*\*\s+(\d+) minutes", "".join(cell["source"]))
        if m:
            return int(m.group(1))
    return None


def main() -> int:
    rows = []
    for path in sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb")):
        words, lines, exercises = counts(path)
        rows.append((path.stem, words, lines, exercises, estimate_minutes(path), stated_minutes(path)))
    print(f"{'chapter':34} {'words':>6} {'code':>5} {'ex':>3} {'estimate':>8} {'stated':>6}")
    for stem, words, lines, exercises, est, stated in rows:
        print(f"{stem:34} {words:6d} {lines:5d} {exercises:3d} {est:8d} {stated!s:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
