"""tools/offline_assets.py: pinned, verified assets, and a loud fallback when npm fails."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import logging
import sys
import tarfile
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("offline_assets", ROOT / "tools" / "offline_assets.py")
oa = importlib.util.module_from_spec(_spec)
sys.modules["offline_assets"] = oa  # dataclasses look their module up here
_spec.loader.exec_module(oa)


def _tarball(tmp_path: Path, files: dict[str, bytes]) -> Path:
    path = tmp_path / "pkg.tgz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def test_every_asset_is_pinned_to_a_version_and_a_sha512():
    for asset in oa.ASSETS:
        assert asset.version.count(".") == 2, asset
        assert asset.integrity.startswith("sha512-") and len(asset.integrity) == 7 + 88, asset


def test_integrity_check_accepts_the_pinned_tarball_and_refuses_a_changed_one(tmp_path):
    tgz = _tarball(tmp_path, {"package/dist/a.js": b"ok"})
    asset = oa.NpmAsset("demo", "1.0.0", _integrity(tgz), "package/dist/", "demo")
    oa._check_integrity(tgz, asset)
    tampered = oa.NpmAsset("demo", "1.0.0", "sha512-" + "A" * 86 + "==", "package/dist/", "demo")
    with pytest.raises(RuntimeError, match="demo@1.0.0: integrity mismatch"):
        oa._check_integrity(tgz, tampered)


def test_extract_keeps_the_folder_drops_skipped_files_and_refuses_escapes(tmp_path):
    tgz = _tarball(
        tmp_path,
        {
            "package/dist/embed-amd.js": b"1",
            "package/dist/font.woff2": b"2",
            "package/dist/font.ttf": b"3",
            "package/dist/embed-amd.js.map": b"4",
            "package/dist/../../escape.js": b"5",
            "package/README.md": b"6",
        },
    )
    asset = oa.NpmAsset("demo", "1.0.0", "", "package/dist/", "demo", skip=("*.ttf",))
    dest = tmp_path / "out"
    assert oa._extract(tgz, asset, dest) == 2
    assert sorted(p.name for p in dest.rglob("*") if p.is_file()) == ["embed-amd.js", "font.woff2"]
    assert not (tmp_path / "escape.js").exists()


def test_mathjax_keeps_exactly_the_files_the_site_loads():
    mathjax = next(a for a in oa.ASSETS if a.target == "mathjax")
    kept = ["tex-mml-chtml.js", "output/chtml/fonts/woff-v2/MathJax_Main-Regular.woff",
            "input/tex/extensions/ams.js", "a11y/assistive-mml.js", "ui/menu.js",
            "sre/mathmaps/en.json", "sre/mathmaps/base.json", "sre/mathmaps/nemeth.json"]
    dropped = ["tex-svg.js", "output/svg/fonts/tex.js", "tex-chtml-full.js", "sre/mathmaps/de.json",
               "sre/mathmaps/es.json", "sre/mathmaps/nb.json", "sre/mathmaps/fr.json"]
    match = lambda rel: any(oa.fnmatch(rel, p) for p in mathjax.skip)  # noqa: E731
    assert [r for r in kept if match(r)] == []
    assert [r for r in dropped if not match(r)] == []


def test_current_assets_are_not_fetched_again(tmp_path, monkeypatch):
    for asset in oa.ASSETS:
        (tmp_path / asset.target).mkdir()
        (tmp_path / asset.target / ".source").write_text(oa._stamp(asset))
    monkeypatch.setattr(oa, "_npm_pack", lambda *a: pytest.fail("npm should not run"))
    oa.fetch_assets(tmp_path)


def _fake_app(tmp_path: Path) -> SimpleNamespace:
    config = SimpleNamespace(mathjax_path="cdn-default.js", nb_ipywidgets_js={"cdn": {}})
    return SimpleNamespace(confdir=str(tmp_path), config=config)


def test_without_npm_the_build_falls_back_to_the_cdn_and_says_so(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(oa.shutil, "which", lambda name: None)
    monkeypatch.delenv("BOOK_OFFLINE_ASSETS", raising=False)
    app = _fake_app(tmp_path)
    with caplog.at_level(logging.INFO):
        oa.on_config_inited(app, app.config)
    assert app.config.mathjax_path == "cdn-default.js"
    assert app.config.nb_ipywidgets_js == {"cdn": {}}
    assert app.env_offline_assets is False
    assert "npm is not installed" in caplog.text and "from a CDN instead" in caplog.text


def test_with_assets_present_pages_point_at_the_local_copies(tmp_path, monkeypatch):
    monkeypatch.setattr(oa, "fetch_assets", lambda root: None)
    monkeypatch.delenv("BOOK_OFFLINE_ASSETS", raising=False)
    app = _fake_app(tmp_path)
    oa.on_config_inited(app, app.config)
    assert app.env_offline_assets is True
    assert app.config.mathjax_path == "offline/mathjax/tex-mml-chtml.js"
    assert list(app.config.nb_ipywidgets_js) == [   # in this order: the paths before the manager
        "offline/requirejs/require.js", "offline/anywidget_paths.js", "offline/html-manager/embed-amd.js"
    ]
