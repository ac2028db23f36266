"""Every chapter can be downloaded and run: its notebooks and a wheel of embedlab.

The zips are made by ``tools/chapter_downloads.py`` when the website is built;
these tests run the same functions into a temporary folder, so they need no
build. ``tests/test_site.py`` checks that the built pages link the zips.
"""

from __future__ import annotations

import ast
import email
import importlib.util
import json
import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _extension():
    spec = importlib.util.spec_from_file_location("chapter_downloads", ROOT / "tools" / "chapter_downloads.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cd = _extension()
CHAPTERS = cd.chapters(ROOT)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The wheel and one zip per chapter, made as the website build makes them."""
    out = tmp_path_factory.mktemp("downloads")
    wheel = cd.build_wheel(ROOT, out)
    zips = {}
    for docname, (page, notebooks) in CHAPTERS.items():
        zips[docname] = out / f"{page.stem}.zip"
        cd.write_zip(zips[docname], page.stem, notebooks, wheel)
    return wheel, zips


def test_every_chapter_of_the_table_of_contents_has_a_download():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    landing = {f"book/{p.stem}" for p in (ROOT / "book").glob("[0-9][0-9]_*.md")
               if f"file: book/{p.stem}\n" in toc}
    assert landing, "no chapter landing pages in _toc.yml"
    assert landing <= set(CHAPTERS), f"chapters without a download: {sorted(landing - set(CHAPTERS))}"


def test_a_chapter_is_found_by_its_number_alone(tmp_path):
    # A new chapter needs no code: NN_<name>.md and NN_*.ipynb are enough.
    book = tmp_path / "book"
    book.mkdir()
    (book / "08_new.md").write_text("# New\n")
    for name in ("08_new_1_a.ipynb", "08_new_2_b.ipynb", "10_no_landing_1.ipynb"):
        (book / name).write_text("{}")
    (book / "09_lonely.md").write_text("# No notebooks\n")
    found = cd.chapters(tmp_path)
    assert list(found) == ["book/08_new"]
    assert [p.name for p in found["book/08_new"][1]] == ["08_new_1_a.ipynb", "08_new_2_b.ipynb"]


@pytest.mark.parametrize("docname", sorted(CHAPTERS))
def test_zip_holds_the_chapters_notebooks_without_outputs_and_the_wheel(built, docname):
    wheel, zips = built
    page, notebooks = CHAPTERS[docname]
    with zipfile.ZipFile(zips[docname]) as zf:
        names = set(zf.namelist())
        expected = {f"{page.stem}/{nb.name}" for nb in notebooks}
        assert expected | {f"{page.stem}/{wheel.name}", f"{page.stem}/README.txt"} == names
        for nb in notebooks:
            data = json.loads(zf.read(f"{page.stem}/{nb.name}"))
            source = json.loads(nb.read_text(encoding="utf-8"))
            assert [c["source"] for c in data["cells"]] == [c["source"] for c in source["cells"]]
            for cell in data["cells"]:
                if cell["cell_type"] == "code":
                    assert cell["outputs"] == [] and cell["execution_count"] is None
        readme = zf.read(f"{page.stem}/README.txt").decode()
        assert f"pip install {wheel.name} jupyterlab" in readme
        assert f"jupyter lab {notebooks[0].name}" in readme
        assert zf.read(f"{page.stem}/{wheel.name}") == wheel.read_bytes()


def test_stripping_removes_outputs(tmp_path):
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "metadata": {}, "source": ["1"],
                     "outputs": [{"output_type": "execute_result", "data": {"text/plain": ["1"]}}]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb))
    cell = json.loads(cd.stripped(path))["cells"][0]
    assert cell["outputs"] == [] and cell["execution_count"] is None and cell["source"] == ["1"]


def _imports(notebook: Path) -> set[str]:
    names = set()
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        src = "".join(cell["source"])
        src = "\n".join(line for line in src.splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(src)):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(requires) -> list[str]:
    return [re.split(r"[\s<>=!~;\[(]", r, maxsplit=1)[0] for r in requires or [] if "extra ==" not in r]


def _installed_closure(names) -> set[str]:
    """The distributions that installing `names` brings, as this environment resolved them."""
    from importlib import metadata

    seen, stack = set(), list(names)
    while stack:
        name = _canonical(stack.pop())
        if name in seen:
            continue
        seen.add(name)
        try:
            stack += _requirement_names(metadata.requires(name))
        except metadata.PackageNotFoundError:
            continue
    return seen


def test_the_wheel_and_jupyterlab_bring_everything_the_notebooks_import(built):
    from importlib import metadata

    wheel, _ = built
    with zipfile.ZipFile(wheel) as zf:
        meta = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        requires = email.message_from_bytes(zf.read(meta)).get_all("Requires-Dist")
    direct = _requirement_names(requires)
    assert {"numpy", "scipy", "scikit-learn", "matplotlib", "ipywidgets"} <= {_canonical(d) for d in direct}
    dists = _installed_closure([*direct, *cd.EXTRA_PACKAGES])
    provided = {module for module, owners in metadata.packages_distributions().items()
                if any(_canonical(o) in dists for o in owners)} | {"embedlab"}
    assert {"sklearn", "IPython", "ipywidgets"} <= provided
    for _, notebooks in CHAPTERS.values():
        for nb in notebooks:
            third_party = {m for m in _imports(nb) if m not in sys.stdlib_module_names}
            assert third_party <= provided, (
                f"{nb.name} imports {sorted(third_party - provided)}, which neither the wheel nor "
                f"{', '.join(cd.EXTRA_PACKAGES)} installs"
            )


def test_the_wheel_installs_into_a_fresh_environment_and_imports(built, tmp_path):
    wheel, _ = built
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=False).create(env)
    py = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "--quiet", "--no-deps",
                    str(wheel)], check=True, capture_output=True, text=True)
    # NumPy and friends come from this environment's site-packages, appended
    # after the fresh one's; its .pth files (the editable embedlab) are not read.
    fresh_site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                check=True, capture_output=True, text=True).stdout.strip()
    (Path(fresh_site) / "project_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    code = ("import embedlab, embedlab.figures, embedlab.checks; "
            "from embedlab import Embedding; import numpy as np; "
            "e = Embedding(5, 3, seed=0); "
            "assert np.array_equal(e.forward(np.array([[4, 0]])), e.embeddings[[[4, 0]]]); "
            "print(embedlab.__file__)")
    proc = subprocess.run([str(py), "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).resolve().is_relative_to(env.resolve()), (
        f"embedlab was imported from {proc.stdout.strip()}, not from the installed wheel"
    )
