"""Launch and repository buttons appear exactly when ``repository.url`` is set.

``tools/site_fixes.py`` switches the launch buttons off while ``_config.yml``
has no repository URL (the theme could not build their links) and switches
the repository button on once it has one (Jupyter Book refuses it without a
URL), so publishing a copy needs that one line only.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site_fixes():
    spec = importlib.util.spec_from_file_location("site_fixes", ROOT / "tools" / "site_fixes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _config(url: str) -> SimpleNamespace:
    return SimpleNamespace(html_theme_options={
        "repository_url": url,
        "use_repository_button": False,
        "launch_buttons": {"binderhub_url": "https://mybinder.org", "colab_url": "https://colab.research.google.com",
                           "notebook_interface": "jupyterlab", "thebe": False},
    })


def test_without_a_repository_url_the_buttons_are_off(site_fixes):
    config = _config("")
    site_fixes.guard_launch_buttons(None, config)
    options = config.html_theme_options
    assert options["use_repository_button"] is False
    assert not any(options["launch_buttons"][k] for k in ("binderhub_url", "colab_url", "thebe"))


def test_with_a_repository_url_the_buttons_are_on(site_fixes):
    url = "https://github.com/example/inside-the-embedding-layer"
    config = _config(url)
    site_fixes.guard_launch_buttons(None, config)
    expected = _config(url).html_theme_options | {"use_repository_button": True}
    assert config.html_theme_options == expected


def test_the_book_asks_for_both_kinds_of_button():
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    # Jupyter Book itself rejects `true` while repository.url is empty.
    assert "use_repository_button: false" in text and 'url: ""' in text
    assert 'binderhub_url: "https://mybinder.org"' in text and 'colab_url: "https://colab.research.google.com"' in text
