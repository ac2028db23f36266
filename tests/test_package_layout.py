"""The package's layout: a light core, figures apart, modules of a readable size.

* ``import embedlab`` and every core module load without Matplotlib or
  ipywidgets (checked in a fresh interpreter, so nothing imported by other
  tests can hide a heavy import);
* Matplotlib and ipywidgets are imported only under ``embedlab.figures``;
* no module is much longer than 600 lines;
* every name the package and its modules export exists and has a docstring,
  so the API reference lists it with a description.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import embedlab

SRC = Path(embedlab.__file__).parent
HEAVY = ("matplotlib", "ipywidgets")
CORE_MODULES = sorted(
    f"embedlab.{m.name}"
    for m in pkgutil.iter_modules([str(SRC)])
    if m.name not in {"figures", "checks"}
)
ALL_MODULES = sorted(m.name for m in pkgutil.walk_packages([str(SRC)], prefix="embedlab."))
MAX_LINES = 660   # "about 600": the longest figure module of a chapter stays below this


def _imported_after(statement: str) -> set[str]:
    code = (
        "import sys\n"
        f"{statement}\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {m for m in out.stdout.strip().split(",") if m}


def test_core_modules_are_found() -> None:
    # The list the next test walks: the core has its concepts, figures are apart.
    assert "embedlab.embedding" in CORE_MODULES and "embedlab.optim" in CORE_MODULES
    assert not any(m.startswith("embedlab.figures") for m in CORE_MODULES)


@pytest.mark.parametrize("module", ["embedlab", *CORE_MODULES, "embedlab.checks"])
def test_core_imports_without_plotting_stack(module: str) -> None:
    assert _imported_after(f"import {module}") == set(), f"{module} pulls in the plotting stack"


def test_figures_do_import_the_plotting_stack() -> None:
    # The baseline: the same check does see Matplotlib when it is imported.
    assert _imported_after("import embedlab.figures") == set(HEAVY)


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_plotting_imports_only_in_figures(path: Path) -> None:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    in_figures = "figures" in path.relative_to(SRC).parts
    if not in_figures:
        assert not names & set(HEAVY), f"{path.name} imports {sorted(names & set(HEAVY))}"


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_module_size(path: Path) -> None:
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by topic"


@pytest.mark.parametrize("module", ALL_MODULES)
def test_public_names_exist_and_are_documented(module: str) -> None:
    mod = importlib.import_module(module)
    assert mod.__doc__ and mod.__doc__.strip(), f"{module} has no docstring"
    for name in getattr(mod, "__all__", []):
        assert hasattr(mod, name), f"{module}.__all__ lists {name!r}, which does not exist"
        obj = getattr(mod, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert inspect.getdoc(obj), f"{module}.{name} has no docstring"


def test_package_exports_the_core() -> None:
    # A reader can write `from embedlab import fit, MeanPoolClassifier, nearest_neighbours`.
    for name in ("Embedding", "Dense", "LSTM", "SGD", "Adam", "fit", "MeanPoolClassifier",
                 "SkipGramNS", "nearest_neighbours", "ppmi", "Vocabulary", "pad_sequences"):
        assert name in embedlab.__all__ and hasattr(embedlab, name)
    # ... and nothing of the figures.
    assert "set_style" not in embedlab.__all__ and not hasattr(embedlab, "heatmap")
