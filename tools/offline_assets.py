"""Serve MathJax 3 and the Jupyter widgets manager from the built site itself.

A Sphinx extension, loaded by ``_config.yml`` (``sphinx.local_extensions``).

At build time it fetches three pinned npm packages with ``npm pack`` (so the
registry configured for npm is used), checks each tarball's SHA-512 against the
value pinned below, and unpacks the files the site needs into ``_vendor/``
(git-ignored).  After the HTML build it copies them to ``_static/offline/`` of the
output and points Sphinx (``mathjax_path``) and MyST-NB (``nb_ipywidgets_js``)
at those local copies, so a page makes no request outside the site.

The files are deliberately *not* placed in a source ``_static`` folder: Jupyter
Book adds every ``.js``/``.css`` file found there to every page, which would
load all of MathJax's components everywhere.

If the packages cannot be fetched (no npm, no network), the build still
succeeds: the extension prints one clear message and leaves the defaults,
which load MathJax and the widget manager from a CDN.  Set the environment
variable ``BOOK_OFFLINE_ASSETS=0`` to skip the fetch on purpose.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)

#: Where, under the output's ``_static`` folder, the assets are served from.
STATIC_SUBDIR = "offline"


@dataclass(frozen=True)
class NpmAsset:
    """One pinned npm package and the part of it the site serves."""

    name: str
    version: str
    integrity: str  # the registry's "sha512-<base64>" integrity string
    member_prefix: str  # folder inside the tarball to extract
    target: str  # folder under _vendor/ (and under _static/offline/)
    skip: tuple[str, ...] = ()  # fnmatch patterns of files the site never loads

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


ASSETS = (
    NpmAsset(
        "mathjax",
        "3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        "package/es5/",
        "mathjax",
        # other output formats and bundles, the speech engine's other languages,
        # the Node entry point: the site only loads tex-mml-chtml.js and what it pulls in
        # (the formula menu's speech and braille explorer loads the English rules,
        # their base and Nemeth braille: sre/mathmaps/{en,base,nemeth}.json)
        skip=("*svg*", "*-full*.js", "tex-chtml.js", "mml-chtml.js", "node-main.js",
              "sre/mathmaps/[!ben]*", "sre/mathmaps/es.json", "sre/mathmaps/n[bn].json",
              "latest.js"),
    ),
    NpmAsset(
        "@jupyter-widgets/html-manager",
        "1.0.15",
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        "package/dist/",
        "html-manager",
        # embed-amd.js is self-contained; keep the woff/woff2 icon fonts it refers to
        skip=("libembed-amd.js", "embed.js", "*.eot", "*.ttf", "*.svg", "*.txt"),
    ),
    NpmAsset(
        # The front-end of the book's live widgets (anywidget): an AMD module the
        # widget manager loads by the name "anywidget" (see ANYWIDGET_PATHS).
        "anywidget",
        "0.11.0",
        "sha512-LHZgW2j5UjyerZSZcO+BtZPXGMSORQV2bUT480hOR5x/BXS8sOradi/71amJfMueSEnKX0dqPwTfsOGHTsyZpQ==",
        "package/dist/index.js",
        "anywidget",
    ),
    NpmAsset(
        "requirejs",
        "2.3.8",
        "sha512-7/cTSLOdYkNBNJcDMWf+luFvMriVm7eYxp4BcFCsAX0wF421Vyce5SXP17c+Jd5otXKGNehIonFlyQXSowL6Mw==",
        "package/require.js",
        "requirejs",
    ),
)

#: Assets for the tests only, fetched and checked the same way but never copied
#: into the site: axe-core, the accessibility checker the browser test injects
#: into every page.
TEST_ASSETS = (
    NpmAsset(
        "axe-core",
        "4.10.3",
        "sha512-Xm7bpRXnDSX2YE2YFfBk2FnF0ep6tmG7xPh8iHee8MIcrgq762Nkce856dYtJYLkuIoYZvGfTs/PbZhideTcEg==",
        "package/axe.min.js",
        "test/axe-core",
    ),
)
AXE_ENTRY = "test/axe-core/axe.min.js"

MATHJAX_ENTRY = "mathjax/tex-mml-chtml.js"
REQUIREJS_ENTRY = "requirejs/require.js"
WIDGETS_ENTRY = "html-manager/embed-amd.js"
#: Our own few lines, loaded between require.js and the widget manager: they
#: tell require.js that the module "anywidget" is the copy served by the site,
#: so the manager never asks a CDN for it.
ANYWIDGET_PATHS = Path(__file__).with_name("anywidget_paths.js")


def vendor_dir(confdir: str | Path) -> Path:
    """The git-ignored folder that holds the unpacked assets."""
    return Path(confdir) / "_vendor"


def _stamp(asset: NpmAsset) -> str:
    # the skipped patterns too, so a change to what is kept unpacks the package again
    return f"{asset.spec} {asset.integrity} skip={','.join(asset.skip)}\n"


def _is_current(root: Path, asset: NpmAsset) -> bool:
    stamp = root / asset.target / ".source"
    return stamp.is_file() and stamp.read_text() == _stamp(asset)


def _check_integrity(tarball: Path, asset: NpmAsset) -> None:
    algo, _, expected = asset.integrity.partition("-")
    digest = hashlib.new(algo, tarball.read_bytes()).digest()
    actual = base64.b64encode(digest).decode()
    if actual != expected:
        raise RuntimeError(
            f"{asset.spec}: integrity mismatch (expected {algo}-{expected}, got {algo}-{actual})"
        )


def _npm_pack(asset: NpmAsset, workdir: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed (it fetches MathJax and the widget manager)")
    proc = subprocess.run(
        [npm, "pack", asset.spec, "--silent", "--pack-destination", str(workdir)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"`npm pack {asset.spec}` failed: {' '.join(tail)}")
    tarballs = sorted(workdir.glob("*.tgz"))
    if len(tarballs) != 1:
        raise RuntimeError(f"`npm pack {asset.spec}` produced {len(tarballs)} tarballs")
    return tarballs[0]


def _extract(tarball: Path, asset: NpmAsset, dest: Path) -> int:
    count = 0
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith(asset.member_prefix):
                continue
            if asset.member_prefix.endswith("/"):
                rel = member.name[len(asset.member_prefix):]
            else:
                rel = Path(member.name).name
            if ".." in Path(rel).parts or rel.startswith("/"):
                continue
            if rel.endswith(".map") or any(fnmatch(rel, pattern) for pattern in asset.skip):
                continue
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            out.write_bytes(source.read())
            count += 1
    return count


def fetch_assets(root: Path, assets: tuple[NpmAsset, ...] = ASSETS) -> None:
    """Make sure every asset is unpacked under ``root``; raise on any failure."""
    for asset in assets:
        if _is_current(root, asset):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            tarball = _npm_pack(asset, Path(tmp))
            _check_integrity(tarball, asset)
            dest = root / asset.target
            if dest.exists():
                shutil.rmtree(dest)
            dest.mkdir(parents=True)
            if _extract(tarball, asset, dest) == 0:
                raise RuntimeError(f"{asset.spec}: nothing to extract under {asset.member_prefix}")
            (dest / ".source").write_text(_stamp(asset))


def _use_local_assets(app: Sphinx) -> None:
    prefix = f"{STATIC_SUBDIR}/"
    app.config.mathjax_path = prefix + MATHJAX_ENTRY
    # The widget manager needs require.js first; both come from the site.  The
    # manager bundles the core widgets, the only ones the book uses, so it never
    # needs to fetch a widget library from elsewhere (the browser test checks it).
    app.config.nb_ipywidgets_js = {prefix + REQUIREJS_ENTRY: {}, prefix + ANYWIDGET_PATHS.name: {},
                                   prefix + WIDGETS_ENTRY: {}}


def on_config_inited(app: Sphinx, config) -> None:
    app.env_offline_assets = False  # type: ignore[attr-defined]
    if os.environ.get("BOOK_OFFLINE_ASSETS", "1") == "0":
        LOGGER.info("offline assets: disabled by BOOK_OFFLINE_ASSETS=0; MathJax and widgets load from a CDN")
        return
    root = vendor_dir(app.confdir)
    try:
        fetch_assets(root)
    except Exception as exc:  # any failure: fall back, loudly, but do not fail the build
        LOGGER.info(
            "\n*** offline assets: could not fetch MathJax / widget manager from the npm registry:\n"
            f"***   {exc}\n"
            "*** The site will load them from a CDN instead (it needs internet to show math and widgets).\n"
        )
        return
    _use_local_assets(app)
    app.env_offline_assets = True  # type: ignore[attr-defined]
    LOGGER.info("offline assets: MathJax and the widget manager are served from _static/%s", STATIC_SUBDIR)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not getattr(app, "env_offline_assets", False):
        return
    if app.builder.format != "html":
        return
    dest = Path(app.outdir) / "_static" / STATIC_SUBDIR
    for asset in ASSETS:   # the site's assets only, never the test assets
        shutil.copytree(vendor_dir(app.confdir) / asset.target, dest / asset.target, dirs_exist_ok=True)
    shutil.copyfile(ANYWIDGET_PATHS, dest / ANYWIDGET_PATHS.name)


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited, priority=900)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
