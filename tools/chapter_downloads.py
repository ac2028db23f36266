"""A download on every chapter page: the chapter's notebooks and a wheel of embedlab.

A Sphinx extension, loaded by ``_config.yml`` (``sphinx.local_extensions``).
When an HTML build starts it

1. builds one wheel of ``embedlab`` from a copy of the package sources
   (``pyproject.toml``, ``README.md``, ``src/``) in a temporary folder, with
   ``pip wheel --no-deps``, so the repository gets no ``build/`` folder;
2. finds every chapter: a landing page ``book/NN_<name>.md`` and its notebooks
   ``book/NN_*.ipynb`` (the two digits pick the chapter, so a new chapter needs
   no change here);
3. writes one zip per chapter into ``_build/chapter_downloads/``: a folder
   ``NN_<name>/`` with the notebooks (outputs and execution counts removed),
   the wheel, and ``README.txt`` saying how to run them.

While the landing page is read, a box "Run this chapter yourself" is
appended to it, with a ``{download}`` link to the zip (Sphinx copies it to
``_downloads/``) and the two commands that run it. ``tests/test_chapter_downloads.py``
checks the zips; the browser tests open the pages.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

OUT_DIR = Path("_build") / "chapter_downloads"
# What a reader installs besides the wheel: the wheel's own dependencies
# (NumPy, SciPy, scikit-learn, Matplotlib, ipywidgets) cover every import of
# the notebooks, and JupyterLab runs them.
EXTRA_PACKAGES = ("jupyterlab",)
LANDING = re.compile(r"^book/(\d\d)_[A-Za-z0-9_]+$")


def chapters(root: Path) -> dict[str, tuple[Path, list[Path]]]:
    """Map each chapter's landing docname to (landing page, its notebooks)."""
    found = {}
    for page in sorted((root / "book").glob("[0-9][0-9]_*.md")):
        number = page.name[:2]
        notebooks = sorted((root / "book").glob(f"{number}_*.ipynb"))
        if notebooks:
            found[f"book/{page.stem}"] = (page, notebooks)
    return found


def build_wheel(root: Path, into: Path) -> Path:
    """Build the embedlab wheel from a copy of its sources; return its path."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "embedlab-src"
        src.mkdir()
        shutil.copy2(root / "pyproject.toml", src)
        shutil.copy2(root / "README.md", src)
        shutil.copytree(root / "src", src / "src",
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
        base = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(into)]
        # Without build isolation the installed setuptools builds it offline;
        # with isolation pip would fetch setuptools first.
        proc = subprocess.run([*base, "--no-build-isolation", str(src)], capture_output=True, text=True)
        if proc.returncode != 0:
            proc = subprocess.run([*base, str(src)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise ExtensionError(f"chapter_downloads: building the embedlab wheel failed:\n{proc.stderr[-2000:]}")
    wheels = sorted(into.glob("embedlab-*.whl"))
    if len(wheels) != 1:
        raise ExtensionError(f"chapter_downloads: expected one embedlab wheel, found {[w.name for w in wheels]}")
    return wheels[0]


def stripped(notebook: Path) -> str:
    """The notebook's JSON with every output and execution count removed."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def run_commands(wheel: str, notebook: str) -> list[str]:
    return [f"pip install {wheel} {' '.join(EXTRA_PACKAGES)}", f"jupyter lab {notebook}"]


def write_zip(zip_path: Path, folder: str, notebooks: list[Path], wheel: Path) -> None:
    commands = run_commands(wheel.name, notebooks[0].name)
    readme = (
        f"The notebooks of chapter {folder[:2]} of 'Inside the Embedding Layer', and the book's\n"
        "helper package embedlab as a wheel. In a fresh virtual environment\n"
        "(Python 3.10 or newer), in this folder:\n\n"
        + "".join(f"    {c}\n" for c in commands)
        + "\nOpen the other notebooks of the chapter from JupyterLab's file browser.\n"
    )
    tmp = zip_path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for nb in notebooks:
            zf.writestr(f"{folder}/{nb.name}", stripped(nb))
        zf.write(wheel, f"{folder}/{wheel.name}")
        zf.writestr(f"{folder}/README.txt", readme)
    tmp.replace(zip_path)


def make_downloads(app: Sphinx) -> None:
    app.env.chapter_downloads = {}
    if app.builder.format != "html":
        return
    root = Path(app.srcdir)
    found = chapters(root)
    if not found:
        return
    out = root / OUT_DIR
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(root, Path(tmp))
        for docname, (page, notebooks) in found.items():
            zip_path = out / f"{page.stem}.zip"
            write_zip(zip_path, page.stem, notebooks, wheel)
            app.env.chapter_downloads[docname] = {
                "zip": zip_path.name,
                "wheel": wheel.name,
                "notebooks": [nb.name for nb in notebooks],
                "kb": round(zip_path.stat().st_size / 1024),
            }
    LOGGER.info(f"chapter downloads: {len(found)} zips with {wheel.name} in {OUT_DIR}")


def download_section(docname: str, info: dict) -> str:
    first, *rest = info["notebooks"]
    commands = run_commands(info["wheel"], first)
    depth = docname.count("/")
    target = "../" * depth + f"{OUT_DIR.as_posix()}/{info['zip']}"
    others = ", ".join(f"`{n}`" for n in rest)
    # An admonition, not a heading: a heading on a chapter page would be
    # numbered like the chapter's parts.
    return (
        "\n\n:::{admonition} Run this chapter yourself\n:class: tip chapter-download\n"
        f"{{download}}`Download the chapter's notebooks and the embedlab wheel <{target}>` "
        f"(`{info['zip']}`, {info['kb']} kB), unzip it, and in a fresh virtual environment "
        "(Python 3.10 or newer) run, inside the unzipped folder:\n\n"
        "```bash\n" + "\n".join(commands) + "\n```\n\n"
        "The wheel brings NumPy, SciPy, scikit-learn, Matplotlib and ipywidgets with it"
        + (f"; open {others} from JupyterLab's file browser.\n" if rest else ".\n")
        + ":::\n"
    )


def add_download_section(app: Sphinx, docname: str, source: list[str]) -> None:
    info = getattr(app.env, "chapter_downloads", {}).get(docname)
    if info and LANDING.match(docname) and str(app.env.doc2path(docname)).endswith(".md"):
        source[0] = source[0].rstrip("\n") + download_section(docname, info)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", make_downloads)
    app.connect("source-read", add_download_section)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
