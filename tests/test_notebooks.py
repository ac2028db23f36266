"""House rules for the chapter notebooks, checked on the committed files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
TOC = (ROOT / "_toc.yml").read_text(encoding="utf-8")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def test_there_are_notebooks():
    assert NOTEBOOKS, "book/ holds no notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    dirty = [
        i for i, cell in enumerate(_cells(path))
        if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count"))
    ]
    assert dirty == [], f"{path.name}: cells {dirty} carry outputs or execution counts; strip them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_in_the_table_of_contents(path):
    name = path.relative_to(ROOT).with_suffix("").as_posix()
    assert re.search(rf"(?:file|root):\s*{re.escape(name)}\s*$", TOC, re.M), (
        f"{name} is not listed in _toc.yml, so the website would not show it"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_starts_with_one_import_cell_and_a_seed(path):
    code = [_source(c) for c in _cells(path) if c["cell_type"] == "code"]
    assert code, f"{path.name} has no code"
    first = code[0]
    assert re.search(r"^SEED = \d+$", first, re.M), f"{path.name}: the first code cell must define SEED"
    later_imports = [
        i for i, src in enumerate(code[1:], start=1)
        if re.search(r"^(import |from \S+ import )", src, re.M)
    ]
    assert later_imports == [], f"{path.name}: imports outside the first code cell (code cells {later_imports})"
    assert "sys.path" not in "".join(code), f"{path.name}: no path hacks; import embedlab as installed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_random_draws_are_seeded(path):
    code = "\n".join(_source(c) for c in _cells(path) if c["cell_type"] == "code")
    unseeded = re.findall(r"np\.random\.(?!default_rng\()\w+\(", code)
    assert unseeded == [], f"{path.name}: random draws outside default_rng(SEED): {unseeded}"
    assert "default_rng()" not in code, f"{path.name}: default_rng() needs a seed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_error_demos_show_the_message_not_a_traceback(path):
    cells = _cells(path)
    raising = [c for c in cells if "raises-exception" in c.get("metadata", {}).get("tags", [])]
    if not raising:
        return
    first = next(_source(c) for c in cells if c["cell_type"] == "code")
    assert re.search(r"^%xmode Minimal$", first, re.M), (
        f"{path.name} demonstrates errors, so its first code cell must set `%xmode Minimal`: "
        "full tracebacks would print source listings and file paths on the website"
    )


@pytest.mark.parametrize("path", sorted((ROOT / "book").glob("*.*")), ids=lambda p: p.name)
def test_pages_speak_to_readers_not_to_the_authors_outline(path):
    """Readers never saw the authors' list of sources, so pages must not cite it by letter."""
    if path.suffix not in (".md", ".ipynb"):
        return
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\bSource [A-D]\b", text), f"{path.name} refers to 'Source A-D'"
